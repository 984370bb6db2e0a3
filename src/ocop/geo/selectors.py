"""Looking up administrative units by what a person types, with or without diacritics and prefix."""

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from ocop.geo import names
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict, Province

Unit = TypeVar("Unit", bound=Model)


class UnitLookupError(LookupError):
    """No unit, or more than one, matches a name. The message says which and why."""

    def __init__(self, message: str, candidates: Sequence[Model] | None = None):
        super().__init__(message)
        self.candidates = list(candidates or [])


def _match(queryset: QuerySet[Unit], text: str, *, kind: str) -> Unit:
    parsed = names.parse_query(text)
    if not parsed.bare:
        raise UnitLookupError(_("Chưa nhập tên %(kind)s.") % {"kind": kind})
    matches = queryset.filter(bare_name_folded=parsed.bare)
    if parsed.types:
        matches = matches.filter(unit_type__in=parsed.types)
    found = list(matches[:10])
    if not found:
        raise UnitLookupError(_("Không tìm thấy %(kind)s “%(name)s”.") % {"kind": kind, "name": text})
    if len(found) > 1:
        listed = "; ".join(str(unit) for unit in found)
        raise UnitLookupError(
            _("“%(name)s” khớp với nhiều %(kind)s: %(listed)s. Hãy ghi rõ loại (phường, xã…).")
            % {"name": text, "kind": kind, "listed": listed},
            found,
        )
    return found[0]


def province_lookup(text: str) -> Province:
    return _match(Province.objects.all(), text, kind=_("tỉnh"))


def commune_lookup(text: str, *, province: Province | None = None) -> Commune:
    """Today's ward, commune or special zone: "ha long", "Phường Hạ Long", "P. Hạ Long"."""
    queryset = Commune.objects.select_related("province")
    if province is not None:
        queryset = queryset.filter(province=province)
    return _match(queryset, text, kind=_("xã, phường"))


def historical_district_lookup(text: str, *, province: Province | None = None) -> HistoricalDistrict:
    """A pre-2025 district: "TP Hạ Long", "huyen ba che", "Thị xã Quảng Yên"."""
    queryset = HistoricalDistrict.objects.select_related("province")
    if province is not None:
        queryset = queryset.filter(province=province)
    return _match(queryset, text, kind=_("huyện (trước 7/2025)"))


def historical_commune_lookup(text: str, *, district: HistoricalDistrict | None = None) -> HistoricalCommune:
    queryset = HistoricalCommune.objects.select_related("district")
    if district is not None:
        queryset = queryset.filter(district=district)
    return _match(queryset, text, kind=_("xã (trước 7/2025)"))


def communes_search(text: str, *, province: Province | None = None, limit: int = 20) -> QuerySet[Commune]:
    """Today's units whose bare name starts with what was typed (for pickers)."""
    parsed = names.parse_query(text)
    queryset = Commune.objects.select_related("province").filter(bare_name_folded__startswith=parsed.bare)
    if parsed.types:
        queryset = queryset.filter(unit_type__in=parsed.types)
    if province is not None:
        queryset = queryset.filter(province=province)
    return queryset.order_by("bare_name_folded", "name")[:limit]


def commune_successors(old: HistoricalCommune) -> QuerySet[Commune]:
    """The unit(s) of today that an old commune became part of."""
    return old.successors.select_related("province").order_by("name")
