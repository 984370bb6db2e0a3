"""One format for numbers and money everywhere (ocop.core.formatting and its template filters).

Vietnamese pages write 1.234.567 ₫, 87,67 (points), 15,5 %; English pages 1,234,567 ₫, 87.67, 15.5%.
The crawl below walks the pages each demo role reaches from its home page, in both languages, and
fails on a figure written the other language's way or an amount without ₫.
"""

import html
import re
from collections import deque
from decimal import Decimal
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from ocop.accounts.models import User
from ocop.core import formatting
from ocop.demo import data

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Decimal("87.666"), "87,67", "87.67"),
        (Decimal("87.5"), "87,50", "87.50"),
        (Decimal("60.00"), "60", "60"),
        ("72.25", "72,25", "72.25"),
        (None, "—", "—"),
    ],
)
def test_a_score_has_two_places_or_none(value, vi, en):
    with translation.override("vi"):
        assert formatting.score(value) == vi
    with translation.override("en"):
        assert formatting.score(value) == en


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(Decimal("0.500"), "0,5", "0.5"), (Decimal("1250"), "1.250", "1,250"), (Decimal("0.1255"), "0,126", "0.126")],
)
def test_a_quantity_drops_trailing_zeros(value, vi, en):
    with translation.override("vi"):
        assert formatting.quantity(value) == vi
    with translation.override("en"):
        assert formatting.quantity(value) == en


def test_the_template_filters_are_the_formatting_functions():
    template = Template("{% load ocop %}{{ a|vnd }} · {{ s|score }} điểm · {{ n|number }} · {{ q|quantity }} kg")
    context = Context({"a": 1234567, "s": Decimal("87.67"), "n": 1234, "q": Decimal("0.25")})
    with translation.override("vi"):
        assert template.render(context) == "1.234.567 ₫ · 87,67 điểm · 1.234 · 0,25 kg"
    with translation.override("en"):
        assert template.render(context) == "1,234,567 ₫ · 87.67 điểm · 1,234 · 0.25 kg"


# Ad-hoc formatting a template must not use: Django's floatformat and humanize write a number in the
# active locale's own way (no grouping, or a comma in English), and "đ" or "VND" after a value is an
# amount that did not go through |vnd; filesizeformat writes "1.5 MB" on Vietnamese pages (|file_size does not).
_AD_HOC = re.compile(
    r"floatformat|filesizeformat|intcomma|\bhumanize\b|stringformat:\"[^\"]*[df]\"|\}\}\s*(đ|VND|vnd|₫)(?!\w)"
)


def _ad_hoc_formatting(source: str) -> list[str]:
    return [match.group(0) for match in _AD_HOC.finditer(source)]


def test_no_template_formats_a_number_its_own_way():
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.glob("*/*/templates/**/*.html"))
        if (found := _ad_hoc_formatting(path.read_text()))
    }
    assert offenders == {}


def test_the_template_check_finds_each_form():
    source = (
        '{{ t|floatformat:"-2" }} {% load humanize %}{{ n|intcomma }} {{ a|stringformat:".2f" }} {{ p }} đ {{ p }}₫'
        " {{ s|filesizeformat }}"
    )
    assert _ad_hoc_formatting(source) == [
        "floatformat",
        "humanize",
        "intcomma",
        'stringformat:".2f"',
        "}} đ",
        "}}₫",
        "filesizeformat",
    ]
    assert _ad_hoc_formatting("{{ p|vnd }} {{ n|number }} {{ name }} đồng {{ x }} điểm") == []


# A figure followed by its unit, as it reads on a page.
_FIGURE = re.compile(r"(?<![\w.,])(\d[\d.,]*)\s?(₫|%|điểm|points|đ|VND|đồng)(?!\w)")
_SHAPE = {
    "vi": re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$"),
    "en": re.compile(r"^\d{1,3}(,\d{3})*(\.\d+)?$"),
}
_NOT_SHOWN = re.compile(r"<(script|style|textarea)\b.*?</\1>|<!--.*?-->", re.S)


def mixed_formats(page: str, language: str) -> list[str]:
    """The figures of a page written the other language's way, and amounts not written with ₫."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", _NOT_SHOWN.sub(" ", page)))
    found = []
    for match in _FIGURE.finditer(text):
        figure, unit = match.group(1).rstrip(".,"), match.group(2)
        if unit == "đ" or (unit == "VND" and language == "vi"):
            found.append(f"{match.group(0)} (an amount without ₫)")
        elif unit == "đồng" and len(figure) > 3:
            found.append(f"{match.group(0)} (an amount in words, not ₫)")
        elif not _SHAPE[language].match(figure):
            found.append(f"{match.group(0)} (not the {language} format)")
    return found


def test_the_page_check_finds_each_mixed_format():
    page = (
        "<td>1,234.5 ₫</td><td>87.67 điểm</td><p>Giá: 45000 đ</p><p>1.250.000 đồng</p><p>15.5 %</p>"
        "<script>var x = '1,234.5 ₫';</script>"
    )
    assert mixed_formats(page, "vi") == [
        "1,234.5 ₫ (not the vi format)",
        "87.67 điểm (not the vi format)",
        "45000 đ (an amount without ₫)",
        "1.250.000 đồng (an amount in words, not ₫)",
        "15.5 % (not the vi format)",
    ]
    assert mixed_formats("<td>1.234.567 ₫</td> 87,67 điểm, 15,5 % · 672 tỷ đồng · 3 sao", "vi") == []
    assert mixed_formats("<td>1,234,567 ₫</td> 87.67 points, 15.5% · 672 bn VND · 1,250 VND", "en") == []
    assert mixed_formats("<td>1.234.567 ₫</td> 87,67 points", "en") == [
        "1.234.567 ₫ (not the en format)",
        "87,67 points (not the en format)",
    ]


_SKIP = re.compile(r"^/(static|media|api|admin|i18n)/|logout|/export|\.xlsx|\.pdf|\.csv|/download|/verify/")
PAGES_PER_ROLE = 25


def _crawl(client, start: str, limit: int) -> dict[str, str]:
    """The pages reached from `start` by following in-site links, breadth first, at most `limit`."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        pages[url] = page
        for href in re.findall(r'href="([^"]+)"', page):
            href = urldefrag(html.unescape(href))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or _SKIP.search(parts.path):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


@pytest.mark.django_db
def test_no_demo_page_mixes_number_formats(client):
    # Given the demo data and each of its accounts,
    call_command("ocop_demo", verbosity=0)
    problems: dict[str, list[str]] = {}
    crawled = 0
    amounts = {"vi": 0, "en": 0}
    for username, *_rest in data.USERS:
        client.force_login(User.objects.get(username=username))
        for language in ("vi", "en"):
            client.cookies["django_language"] = language
            # when the pages the account reaches from the home page are read in each language,
            for url, page in _crawl(client, "/", PAGES_PER_ROLE).items():
                crawled += 1
                amounts[language] += len(re.findall(r"\d ₫", page))
                if found := mixed_formats(page, language):
                    problems[f"{username} {language} {url}"] = found
        client.logout()
    # then every figure is written the language's way and every amount with ₫.
    assert crawled > 100
    assert amounts["vi"] > 20  # the crawl reaches pages with money on them
    assert amounts["en"] > 20
    assert problems == {}
