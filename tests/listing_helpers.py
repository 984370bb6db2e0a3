"""Reading a back-office list page in tests: the rows' record ids in order, the header and pager links."""

import re
from html import unescape


def row_ids(html: str, detail_prefix: str) -> list[int]:
    """The ids of the records linked from the table's body, in the order shown (each once)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    ids: list[int] = []
    for found in re.finditer(rf'href="{re.escape(detail_prefix)}(\d+)/"', body):
        if int(found.group(1)) not in ids:
            ids.append(int(found.group(1)))
    return ids


def header_links(html: str) -> list[str]:
    """The href of every sortable column header."""
    return [
        unescape(href) for href in re.findall(r'<th scope="col" class="sortable[^"]*"[^>]*><a href="([^"]*)"', html)
    ]


def pager_links(html: str) -> list[str]:
    """The href of every link of the pager."""
    nav = re.search(r'<nav class="pager".*?</nav>', html, re.S)
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', nav.group(0))] if nav else []


def pager_text(html: str) -> str:
    found = re.search(r'<p class="pager-count">(.*?)</p>', html, re.S)
    return unescape(found.group(1)).strip() if found else ""


def sorted_state(html: str) -> dict[str, str]:
    """The header label → its aria-sort, for the sortable headers."""
    cells = re.findall(r'<th scope="col" class="sortable[^"]*" aria-sort="(\w+)"><a [^>]*>([^<]*)<', html)
    return {label.strip(): state for state, label in cells}


def links_missing(links: list[str], text: str) -> list[str]:
    """The links that do not hold `text` (["no links"] when there are none: nothing to check is a failure)."""
    return [link for link in links if text not in link] if links else ["no links"]
