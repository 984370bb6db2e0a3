"""One way for every back-office list to sort, page and count its rows, with the filters in the URL.

    SORTS = {"name": ("name_folded",), "commune": ("commune__bare_name_folded", "name_folded")}
    rows = listing(request, producers, sorts=SORTS, default="name", per_page=25)

`?sort=commune` sorts ascending, `?sort=-commune` descending; the primary key always breaks ties, so
the order is stable from page to page. A key outside `sorts` (`?sort=password`) means the default,
a page that is not a number means the first page, one past the end the last page: a hand-edited or
stale address still answers with a list. Fields sort with empty values last in both directions (the
same on SQLite and PostgreSQL). Vietnamese text sorts on its folded field where the model has one
(`name_folded`), so "Đầm Hà" comes between "Cô Tô" and "Hạ Long"; a status or a type sorts on the
label people read, in their language (`by_label`), not on its stored code.

The links it gives (`headers[key].url`, `pages`, `previous_url`, `next_url`) keep every other GET
parameter of the request, so a filter survives sorting and paging; sorting goes back to page 1.
Templates show them with `core/_sort_header.html` and `core/_pager.html`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, OrderBy, QuerySet, Value, When
from django.db.models.expressions import BaseExpression
from django.http import HttpRequest

from ocop.core.text import fold_vietnamese

SORT_PARAM = "sort"
PAGE_WINDOW = 2  # pages shown either side of the current one


@dataclass(frozen=True)
class SortHeader:
    url: str
    state: str  # "ascending", "descending" (the list is sorted on this column) or "none"


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…") between two runs of pages
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Listing:
    page: Page
    sort: str
    descending: bool
    headers: Mapping[str, SortHeader]
    pages: Sequence[PageLink]
    previous_url: str
    next_url: str
    sort_param: str  # what the filter form carries in its hidden "sort" field: "" for the default order

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def num_pages(self) -> int:
        return self.page.paginator.num_pages

    def __iter__(self):
        return iter(self.page)


def by_label(field: str, choices) -> Case:
    """An order for a choice field by its labels in the active language, folded ("Công ty…" before
    "Hợp tác xã" in Vietnamese): build it when the request is handled, as the language is the request's."""
    ranked = sorted(choices, key=lambda choice: fold_vietnamese(str(choice[1])))
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, (value, _label) in enumerate(ranked)),
        default=Value(len(ranked)),
        output_field=IntegerField(),
    )


def listing(
    request: HttpRequest,
    rows: QuerySet,
    *,
    sorts: Mapping[str, Sequence[str | BaseExpression]],
    default: str,
    per_page: int,
    page_param: str = "page",
) -> Listing:
    """The page of `rows` the request asks for, in the order it asks for (see the module's text).

    `sorts` maps each sort key to the fields it orders by (a field written "-field" runs against the
    key's direction; an expression such as `by_label(...)` orders as it is); `default` is one of its
    keys, "-key" for descending.
    """
    sort, descending = _chosen(request.GET.get(SORT_PARAM, ""), sorts, default)
    ordered = rows.order_by(*_ordering(sorts[sort], descending))
    page = Paginator(ordered, per_page).get_page(request.GET.get(page_param))
    chosen = f"-{sort}" if descending else sort
    return Listing(
        page=page,
        sort=sort,
        descending=descending,
        headers={key: _header(request, key, sort, descending, page_param) for key in sorts},
        pages=_page_links(request, page, page_param),
        previous_url=_url(request, {page_param: page.previous_page_number()}) if page.has_previous() else "",
        next_url=_url(request, {page_param: page.next_page_number()}) if page.has_next() else "",
        sort_param="" if chosen == default else chosen,
    )


def paged(request: HttpRequest, rows, *, per_page: int, page_param: str = "page") -> Listing:
    """The page of `rows` the request asks for, in the rows' own fixed order (a work queue's "oldest
    waiting first"): the same count and pager as `listing`, with no sortable column. `rows` should be
    ordered (a queryset with `order_by`, or a list)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(page_param))
    return Listing(
        page=page,
        sort="",
        descending=False,
        headers={},
        pages=_page_links(request, page, page_param),
        previous_url=_url(request, {page_param: page.previous_page_number()}) if page.has_previous() else "",
        next_url=_url(request, {page_param: page.next_page_number()}) if page.has_next() else "",
        sort_param="",
    )


def _chosen(asked: str, sorts: Mapping[str, object], default: str) -> tuple[str, bool]:
    key = asked.removeprefix("-")
    if key and key in sorts:
        return key, asked.startswith("-")
    return default.removeprefix("-"), default.startswith("-")


def _ordering(fields: Sequence[str | BaseExpression], descending: bool) -> list[OrderBy]:
    ordering = []
    for field in (*fields, "pk"):
        if isinstance(field, str):
            expression, backwards = F(field.removeprefix("-")), descending != field.startswith("-")
        else:
            expression, backwards = field, descending
        ordering.append(expression.desc(nulls_last=True) if backwards else expression.asc(nulls_last=True))
    return ordering


def _header(request: HttpRequest, key: str, sort: str, descending: bool, page_param: str) -> SortHeader:
    if key != sort:
        return SortHeader(url=_url(request, {SORT_PARAM: key, page_param: None}), state="none")
    flipped = key if descending else f"-{key}"
    return SortHeader(
        url=_url(request, {SORT_PARAM: flipped, page_param: None}),
        state="descending" if descending else "ascending",
    )


def _page_links(request: HttpRequest, page: Page, page_param: str) -> list[PageLink]:
    last = page.paginator.num_pages
    if last < 2:
        return []
    shown = sorted({1, last, *range(max(1, page.number - PAGE_WINDOW), min(last, page.number + PAGE_WINDOW) + 1)})
    links: list[PageLink] = []
    for number in shown:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(number=None))
        links.append(PageLink(number=number, url=_url(request, {page_param: number}), current=number == page.number))
    return links


def _url(request: HttpRequest, changes: Mapping[str, object]) -> str:
    """The request's own path and query with `changes` applied (None removes a parameter; page 1 too)."""
    query = request.GET.copy()
    for name, value in changes.items():
        if value is None or (name != SORT_PARAM and value == 1):
            query.pop(name, None)
        else:
            query[name] = str(value)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path
