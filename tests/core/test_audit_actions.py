"""The audit action registry (ocop.core.audit): every action the code writes has words in both languages.

Given the source of every app, when each `action=` written there (to `audit_record`, `audit_changes`,
the evaluation transitions, or an `action = …` chosen before the call) and each action the bulk import
writer composes is looked up, then each has a Vietnamese label with its own English translation, and a
history page shows the words, not the code.
"""

import ast
import pathlib

import pytest
from django.urls import reverse
from django.utils import translation

import ocop
from ocop.core.audit import AUDIT_ACTIONS, action_label
from ocop.core.services import audit_record
from ocop.imports.writers import ACTIONS as IMPORT_ACTIONS

SOURCE = pathlib.Path(ocop.__file__).parent


def actions_in_code() -> dict[str, str]:
    """Every string given as `action=` to a call, or assigned to a variable named `action`, in src/ocop."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts or "management" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values = []
            if isinstance(node, ast.Call):
                values = [keyword.value for keyword in node.keywords if keyword.arg == "action"]
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "action" for target in node.targets
            ):
                values = [node.value]
            for value in values:
                for name in literal_names(value):
                    found.setdefault(name, f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def literal_names(value: ast.expr) -> list[str]:
    """The action names a value can take: a string, or either branch of `"a" if … else "b"`.

    A name built at run time (an f-string, a parameter) is checked where it is built instead.
    """
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]
    if isinstance(value, ast.IfExp):
        return literal_names(value.body) + literal_names(value.orelse)
    return []


def test_the_scan_finds_the_actions_of_every_layer():
    found = actions_in_code()
    for action in ("dossier.create", "dossier.submit", "score.submit", "certificate.issue", "trade.inquiry_submit"):
        assert action in found
    assert len(found) >= 85


def test_every_action_written_in_code_has_a_label():
    missing = {action: where for action, where in actions_in_code().items() if action not in AUDIT_ACTIONS}
    assert missing == {}, "add these actions to ocop/core/audit.py AUDIT_ACTIONS"


def test_every_action_the_import_writer_composes_has_a_label():
    composed = {f"{noun}.{verb}" for noun in IMPORT_ACTIONS.values() for verb in ("import_create", "import_update")}
    assert composed - set(AUDIT_ACTIONS) == set()


def test_no_label_is_left_over_without_an_action():
    written = set(actions_in_code())
    composed = {f"{noun}.{verb}" for noun in IMPORT_ACTIONS.values() for verb in ("import_create", "import_update")}
    assert set(AUDIT_ACTIONS) - written - composed == set()


def test_every_label_is_vietnamese_with_its_own_english_words():
    for action in AUDIT_ACTIONS:
        with translation.override("vi"):
            vietnamese = action_label(action)
        with translation.override("en"):
            english = action_label(action)
        assert vietnamese, action
        assert english != vietnamese, action
        assert english[0].isupper(), (action, english)
        assert "." not in english, (action, english)


def test_labels_read_in_each_language():
    with translation.override("vi"):
        assert action_label("dossier.submit") == "Nộp hồ sơ"
        assert action_label("certificate.revoke") == "Thu hồi giấy chứng nhận"
    with translation.override("en"):
        assert action_label("dossier.submit") == "Dossier submitted"
        assert action_label("certificate.revoke") == "Certificate revoked"
    assert action_label("unknown.action") == "unknown.action"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "words"), [("vi", "Sửa thông tin sản phẩm"), ("en", "Product details changed")])
def test_history_page_shows_words_not_codes(client, people, tea, language, words):
    audit_record(actor=people["admin"], action="product.update", target=tea, before={"name_vi": "Trà"}, after={})
    client.force_login(people["admin"])
    client.cookies["django_language"] = language
    page = client.get(reverse("core:history", args=["products.product", tea.pk])).content.decode()
    assert words in page
    assert "<code>product.update</code>" not in page
