"""Nothing raw reaches a person, in either language (issue 17).

Given the demo data, when each demo role follows every link it can reach from its dashboard and menu
(GET only, one address per route and query: tests/crawl.py), in Vietnamese and then in English,
then no page shows Django's "---------", a printed None, a stored code (an enum value such as
"cooperative", an audit action such as "dossier.create"), a "QD148 ·" prefix, an English tell-tale
word in Vietnamese mode, or in English mode a Vietnamese message of the catalogues (or any Vietnamese
that is not content without an English version).

The checker's own tests below show that each kind of fault is caught, so a clean crawl means
something.
"""

import pytest
from django.core.management import call_command

from ocop.accounts.models import User
from ocop.demo import data
from ocop.evaluations import demo as evaluations_demo
from tests.crawl import Checker, crawl, parse

pytestmark = pytest.mark.django_db

PAGES_PER_ROLE = 200


@pytest.fixture
def checker():
    call_command("ocop_demo", verbosity=0)
    return Checker.build()


def demo_accounts() -> list[str]:
    """Every demo account of the README, then the visitor who has none (None)."""
    return [*(row[0] for row in data.USERS), *(row[0] for row in evaluations_demo.USERS), None]


def crawl_as(client, username: str | None, refused: list[str] | None = None) -> list:
    client.logout()
    if username is None:
        start = ["/", "/accounts/login/", "/v/"]
    else:
        client.force_login(User.objects.get(username=username))
        start = ["/dashboard/"]
    return crawl(client, start=start, limit=PAGES_PER_ROLE, per_route=1, refused=refused)


def test_every_page_each_demo_role_reaches_reads_as_words_in_both_languages(checker, client):
    problems: list[str] = []
    refused: list[str] = []
    for username in demo_accounts():
        who = username or "visitor"
        client.cookies["django_language"] = "vi"
        links_refused: list[str] = []
        pages = crawl_as(client, username, links_refused)
        refused += [f"{who}: {link}" for link in links_refused]
        assert len(pages) >= 10, f"{who} reached only {[page.url for page in pages]}"
        for page in pages:
            shown = frozenset(page.texts)
            problems += [
                f"vi {who} {page.url}: {p} in {t[:100]!r}" for t in page.texts for p in checker.problems_vi(t, shown)
            ]
        client.cookies["django_language"] = "en"
        for page in pages:
            # A shared page (/v/<code>) takes an anonymous visitor's language from ?lang=, not the cookie
            address = page.url if username else f"{page.url}{'&' if '?' in page.url else '?'}lang=en"
            texts = parse(client.get(address).content.decode()).texts
            shown = frozenset(texts)
            problems += [
                f"en {who} {page.url}: {p} in {t[:100]!r}" for t in texts for p in checker.problems_en(t, shown)
            ]
    # A link a page offers its reader leads somewhere that reader may go.
    assert {"words": sorted(set(problems)), "refused links": refused} == {"words": [], "refused links": []}


# --- the checker catches what it is meant to catch ------------------------------------------------


@pytest.fixture
def bare_checker(db):
    return Checker.build()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---------", "an empty choice '---------'"),
        ("→ None", "'None'"),
        ("cooperative", "the raw value 'cooperative'"),
        ("dossier.create", "the audit code 'dossier.create'"),
        ("QD148 · 01. Rau, củ, quả, hạt tươi", "a 'QD148 ·' prefix"),
        ("Submit", "the English word 'Submit'"),
        ("04/12/2026 00:21 — system: Hội đồng chấm xong", "the English word 'system'"),
    ],
)
def test_the_checker_finds_each_raw_text_on_a_vietnamese_page(bare_checker, text, expected):
    assert expected in bare_checker.problems_vi(text)


def test_the_checker_takes_stored_values_out_only_as_whole_words(bare_checker):
    # A stored "iv" (a Roman numeral in some record) once turned "cooperative" into "cooperat e",
    # and the raw enum value went unseen.
    assert bare_checker.without("cooperative", ["iv"]) == "cooperative"
    assert bare_checker.without("Hạng iv: cooperative", ["iv"]) == "Hạng  : cooperative"
    assert bare_checker.without("Trà (Ba Chẽ).", ["(Ba Chẽ)"]) == "Trà  ."


def test_the_checker_finds_a_catalogue_message_left_in_vietnamese_on_an_english_page(bare_checker):
    assert bare_checker.problems_en("Bảng điều khiển") == ["an untranslated catalogue message"]


def test_the_checker_finds_vietnamese_that_no_catalogue_or_record_holds_on_an_english_page(bare_checker):
    assert bare_checker.problems_en("Lưu hồ sơ ngay") == ["Vietnamese text in English mode"]


def test_the_checker_lets_english_say_none_and_names_stay_as_they_are(bare_checker):
    assert bare_checker.problems_en("None.") == []
    assert bare_checker.problems_en("Quality: None of these applies") == []
    assert bare_checker.problems_en("Tiếng Việt") == []


def test_the_checker_wants_the_english_version_of_a_record_that_has_one(checker):
    # A demo product set's name, say: "Rau, củ, quả, hạt tươi" has "Fresh vegetables, tubers, fruits and nuts".
    shown = "Rau, củ, quả, hạt tươi"
    english = sorted(checker.content.translated[shown])[0]
    assert checker.problems_en(shown)[0].startswith("the Vietnamese version of")
    assert checker.problems_en(shown, frozenset({shown, english})) == []


def test_the_checker_wants_the_vietnamese_version_of_a_record_on_a_vietnamese_page(checker):
    # The demo's Rượu ba kích Ba Chẽ is "Ba Che morinda root wine" in English: alone on a Vietnamese page
    # it is a fault, beside its Vietnamese name (a registration form's "Tên sản phẩm (tiếng Anh)") it is not.
    english = "Ba Che morinda root wine"
    assert checker.problems_vi(f"Hồ sơ: {english}") == [f"the English version {english!r} of 'Rượu ba kích Ba Chẽ'"]
    assert checker.problems_vi(english, frozenset({"Rượu ba kích Ba Chẽ", english})) == []
