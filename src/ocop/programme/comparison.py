"""The provinces side by side on the national overview: one row per province, each figure a breakdown
of the same indicator the overview shows (one GROUP BY each, whatever the number of provinces), each
cell a link to the records behind it, each province's name its own overview."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop.geo.models import Province
from ocop.programme import formatting as fmt
from ocop.programme.models import Indicator, Phase
from ocop.programme.selectors import Query, Scope, indicator_breakdown, indicator_url
from ocop.programme.tables import Cell, Table

# Not the producers: their figure (producers with a product in the programme) is the costliest of the
# overview's queries, and broken down by province it took a national page past 100 ms at 20,000 products.
COMPARED = (
    ("products_in_programme", "count"),
    ("certified_products_3plus", "count"),
    ("certified_products_4plus", "count"),
    ("national_5star_products", "count"),
    ("ocop_sales_revenue", "money"),
)


def province_comparison(indicators: dict[str, Indicator], query: Query, *, phase: Phase, scope: Scope) -> Table | None:
    """The table of every province, with a row for the whole country
    that adds the column up (records with no place included); None for a province's overview."""
    if scope.province is not None:
        return None
    compared = [(indicators[code], kind) for code, kind in COMPARED if code in indicators]
    values = {
        ind.code: {key: value for key, _l, value in indicator_breakdown(ind, query, "province")} for ind, _k in compared
    }
    base = {ind.code: indicator_url(ind.code, phase=phase, scope=scope) for ind, _k in compared}

    def cell(ind: Indicator, kind: str, value, href: str) -> Cell:
        return Cell(fmt.value_text(value, ind.unit), href, value, kind)

    rows = []
    for province in Province.objects.order_by("bare_name_folded"):
        overview = reverse("programme:overview") + "?" + urlencode({"phase": phase.code, "province": province.code})
        rows.append(
            [Cell(province.name, overview)]
            + [
                cell(ind, kind, values[ind.code].get(province.pk, 0), f"{base[ind.code]}&province={province.code}")
                for ind, kind in compared
            ]
        )
    rows.append(
        [Cell(_("Cả nước"))]
        + [cell(ind, kind, sum(values[ind.code].values(), 0), base[ind.code]) for ind, kind in compared]
    )
    return Table(
        _("So sánh các tỉnh, thành phố"),
        [_("Tỉnh, thành phố")] + [_short_name(ind.code) for ind, _k in compared],
        rows,
        set(range(1, len(compared) + 1)),
    )


def _short_name(code: str) -> str:
    return {
        "products_in_programme": _("Sản phẩm tham gia"),
        "certified_products_3plus": _("Sản phẩm 3 sao trở lên"),
        "certified_products_4plus": _("Sản phẩm 4–5 sao"),
        "national_5star_products": _("Sản phẩm 5 sao quốc gia"),
        "ocop_sales_revenue": _("Doanh số"),
    }[code]
