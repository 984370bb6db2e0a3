"""House rules kept in code: the pre-commit hooks need nothing but .venv, pytest keeps its cache."""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from ocop.accounts.models import Role

ROOT = Path(__file__).resolve().parents[1]


def _hooks() -> list[dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    return config["repos"][0]["hooks"]


def test_pre_commit_runs_the_house_rules_from_the_virtualenv():
    hooks = _hooks()
    assert [hook["id"] for hook in hooks] == ["ruff", "ruff-format", "mypy", "makemigrations"]
    assert {hook["language"] for hook in hooks} == {"system"}
    assert [hook["entry"].split()[0] for hook in hooks] == [
        ".venv/bin/ruff",
        ".venv/bin/ruff",
        "bash",
        ".venv/bin/python",
    ]
    assert "exec .venv/bin/mypy" in hooks[2]["entry"]
    assert hooks[3]["entry"] == ".venv/bin/python manage.py makemigrations --check --dry-run"


def test_pre_commit_config_is_valid():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pytest_keeps_its_cache_for_last_failed():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "cacheprovider" not in options["addopts"]
    assert ".pytest_cache/" in (ROOT / ".gitignore").read_text().splitlines()


# Django's and the standard library's public names that start with an underscore.
_PUBLIC_UNDERSCORE = {"_meta", "_default_manager", "_base_manager", "_replace", "_asdict", "_fields"}


def _private_names_used_across_modules(source: str) -> list[str]:
    """`from X import _name` and `X._name` where X came from an import: a private name of another module."""
    tree = ast.parse(source)
    imported: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
                imported.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            imported.update(alias.asname or alias.name.split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr not in _PUBLIC_UNDERSCORE
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_private_name_is_imported_across_modules():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for line in _private_names_used_across_modules(path.read_text())
    ]
    assert found == []


def test_the_private_name_check_finds_both_forms():
    source = "from ocop.a import _lock, public\nfrom ocop import b\nb._refuse()\nModel._meta\n_own()\n"
    assert _private_names_used_across_modules(source) == ["1: from ocop.a import _lock", "3: b._refuse"]


def _asserts_that_hide_what_failed(source: str) -> list[str]:
    """`assert a and b` and `assert all(...)` without a message: a failure says only "False"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assert) or node.msg is not None:
            continue
        test = node.test
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            found.append(f"{node.lineno}: assert … and …")
        elif isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "all":
            found.append(f"{node.lineno}: assert all(…)")
    return found


def test_no_test_asserts_a_compound_or_all_without_showing_what_failed():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line in _asserts_that_hide_what_failed(path.read_text())
    ]
    assert found == []


def test_the_assert_check_finds_both_forms_and_allows_a_message():
    source = "assert a and b\nassert all(x for x in y)\nassert all(y), y\nassert a == [1]\nassert a or b\n"
    assert _asserts_that_hide_what_failed(source) == ["1: assert … and …", "2: assert all(…)"]


# --- One permission per action: role names only in accounts/ ---------------------------------------

_SRC = ROOT / "src" / "ocop"
_ROLE_VALUES = frozenset(Role.values)
# Query keywords that select users by role (notification recipients, council candidates): data, not a
# permission check, so `User.objects.filter(role=Role.X)` and `role__in=[Role.X, …]` stay allowed.
_QUERY_KEYWORDS = {"role", "role__in"}
_TEMPLATE_ROLE_TEST = re.compile(r"""\brole\s*(?:==|!=)\s*["']|\buser_role\s*(?:==|!=)""")


def _is_role_member(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role"


def _is_role_string(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in _ROLE_VALUES


def _compares_with_role_string(node: ast.Compare) -> bool:
    """`x == "producer"`, `x != "admin"`, `x in ("producer", …)`; not `"producer" in scope` (a key)."""
    operands = [node.left, *node.comparators]
    for left, op, right in zip(operands, node.ops, operands[1:], strict=False):
        if isinstance(op, ast.Eq | ast.NotEq) and (_is_role_string(left) or _is_role_string(right)):
            return True
        if (
            isinstance(op, ast.In | ast.NotIn)
            and isinstance(right, ast.Tuple | ast.List | ast.Set)
            and any(map(_is_role_string, right.elts))
        ):
            return True
    return False


def _role_habits(source: str) -> list[str]:
    """`Role.X` outside a query keyword, a comparison with a role string, a `require_role(…)` call."""
    tree = ast.parse(source)
    in_query = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg in _QUERY_KEYWORDS
        for inner in ast.walk(node.value)
    }
    found = []
    for node in ast.walk(tree):
        if _is_role_member(node) and id(node) not in in_query:
            assert isinstance(node, ast.Attribute)
            found.append(f"{node.lineno}: Role.{node.attr}")
        elif isinstance(node, ast.Compare) and _compares_with_role_string(node):
            found.append(f"{node.lineno}: compared with a role string")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name == "require_role":
                found.append(f"{node.lineno}: require_role(…)")
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def _role_offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(_SRC.rglob("*.py")):
        relative = path.relative_to(_SRC)
        if relative.parts[0] == "accounts" or path.name == "models.py" or "migrations" in relative.parts:
            continue
        if lines := _role_habits(path.read_text()):
            found[str(path.relative_to(ROOT))] = lines
    for path in sorted(_SRC.glob("*/templates/**/*.html")):
        text = path.read_text()
        if lines := [
            f"{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}" for m in _TEMPLATE_ROLE_TEST.finditer(text)
        ]:
            found[str(path.relative_to(ROOT))] = lines
    return found


def test_roles_are_named_only_in_accounts_and_model_declarations():
    """Which kind of user may act is a named check in accounts/policy.py (or next to its data, e.g.
    evaluations/policy.py); a role set or role string is written only there. Outside accounts/: no
    `Role.X` except in models.py (the declarative `change_roles`/`scope_paths`) and as the value of a
    `role=`/`role__in=` query keyword (users selected by role as data: recipients, candidates); no
    comparison with a role string; no `require_role(…)`. Templates get booleans from the named checks:
    no `role == "…"`, `role != "…"`, `user_role ==`."""
    assert _role_offenders() == {}


def test_the_role_check_finds_each_form_and_allows_query_keywords():
    source = (
        "if role_of(user) == Role.ADMIN: pass\n"
        "x = role in ('producer', 'x')\n"
        "require_role(actor, 'buyer')\n"
        "common.require_role(actor)\n"
        "User.objects.filter(role=Role.BUYER, x__in=[1])\n"
        "User.objects.filter(role__in=[Role.BUYER, Role.ADMIN])\n"
        "y = kind == 'producers' or 'producer' in scope or 'admin' != role\n"
        "NATIONAL = {Role.CENTRAL_OFFICER}\n"
    )
    assert _role_habits(source) == [
        "1: Role.ADMIN",
        "2: compared with a role string",
        "3: require_role(…)",
        "4: require_role(…)",
        "7: compared with a role string",
        "8: Role.CENTRAL_OFFICER",
    ]


def test_the_template_role_check_finds_role_strings_only():
    text = '{% if role == "producer" %}{% if user_role != x %}{% if member.role != "secretary" %}<ul role="list">'
    assert [m.group(0) for m in _TEMPLATE_ROLE_TEST.finditer(text)] == ['role == "', "user_role !=", 'role != "']
