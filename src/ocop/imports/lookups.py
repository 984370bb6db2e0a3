"""In-memory lookups of administrative units for validation: one query per file, none per row.

The rules are those of `ocop.geo.selectors` (names with or without diacritics and type prefix),
with messages for an import: not found in the province, found in another province, or ambiguous.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ocop.geo import names
from ocop.geo.models import Commune, HistoricalCommune, HistoricalDistrict, Province
from ocop.imports.problems import CellError


@dataclass(frozen=True)
class Unit:
    pk: int
    name: str
    unit_type: str
    bare: str
    parent_id: int  # province for today's communes and old districts, district for old communes
    parent_name: str


class UnitIndex:
    def __init__(self, units: list[Unit], *, kind_vi: str, kind_en: str):
        self.by_bare: dict[str, list[Unit]] = defaultdict(list)
        self.by_pk: dict[int, Unit] = {}
        self.kind = {"vi": kind_vi, "en": kind_en}
        for unit in units:
            self.by_bare[unit.bare].append(unit)
            self.by_pk[unit.pk] = unit

    def candidates(self, text: str, *, parent_id: int | None = None) -> tuple[list[Unit], list[Unit]]:
        """(exact matches, near matches whose name continues what was typed, e.g. "Móng Cái" → "Móng Cái 1")."""
        parsed = names.parse_query(text)
        exact = [
            unit
            for unit in self.by_bare.get(parsed.bare, [])
            if (not parsed.types or unit.unit_type in parsed.types)
            and (parent_id is None or unit.parent_id == parent_id)
        ]
        near: list[Unit] = []
        if not exact and parsed.bare:
            prefix = parsed.bare + " "
            near = [
                unit
                for bare, units in self.by_bare.items()
                if bare.startswith(prefix)
                for unit in units
                if (not parsed.types or unit.unit_type in parsed.types)
                and (parent_id is None or unit.parent_id == parent_id)
            ]
        return exact, near


def _listed(units: list[Unit]) -> str:
    return "; ".join(sorted(f"{unit.name} ({unit.parent_name})" for unit in units))


class CommuneLookup:
    """Today's communes of the whole country, so a commune of another province gets its own message."""

    def __init__(self, province: Province):
        self.province = province
        provinces = dict(Province.objects.values_list("id", "name"))
        units = [
            Unit(pk, name, unit_type, bare, province_id, provinces[province_id])
            for pk, name, unit_type, bare, province_id in Commune.objects.values_list(
                "id", "name", "unit_type", "bare_name_folded", "province_id"
            )
        ]
        self.index = UnitIndex(units, kind_vi="xã, phường", kind_en="commune or ward")
        self._cache: dict[str, Unit | CellError] = {}

    def name_of(self, pk: int | None) -> str:
        return self.index.by_pk[pk].name if pk else ""

    def find(self, text: str) -> Unit:
        key = text.strip()
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = self._find(key)
            except CellError as error:
                cached = error
            self._cache[key] = cached
        if isinstance(cached, CellError):
            raise cached
        return cached

    def _find(self, text: str) -> Unit:
        exact, near = self.index.candidates(text, parent_id=self.province.pk)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1 or near:
            raise CellError(
                _("“%(name)s” khớp với nhiều xã, phường: %(listed)s. Hãy ghi đúng tên đầy đủ, kèm loại (phường, xã…)."),
                {"name": text, "listed": _listed(exact or near)},
            )
        elsewhere, _near = self.index.candidates(text)
        if elsewhere:
            raise CellError(
                _(
                    "Xã, phường “%(name)s” không thuộc tỉnh %(province)s (có ở: %(listed)s). "
                    "Chỉ được nhập dữ liệu trong tỉnh của bạn."
                ),
                {"name": text, "province": self.province.name, "listed": _listed(elsewhere[:5])},
            )
        raise CellError(
            _("Không tìm thấy xã, phường “%(name)s” trong tỉnh %(province)s."),
            {"name": text, "province": self.province.name},
        )


class HistoricalLookup:
    """The province's districts and communes as they stood before 1 July 2025."""

    def __init__(self, province: Province):
        self.province = province
        districts = list(
            HistoricalDistrict.objects.filter(province=province).values_list(
                "id", "name", "unit_type", "bare_name_folded"
            )
        )
        self.districts = UnitIndex(
            [Unit(pk, name, unit_type, bare, province.pk, province.name) for pk, name, unit_type, bare in districts],
            kind_vi="huyện",
            kind_en="district",
        )
        district_names = {pk: name for pk, name, _t, _b in districts}
        self.communes = UnitIndex(
            [
                Unit(pk, name, unit_type, bare, district_id, district_names[district_id])
                for pk, name, unit_type, bare, district_id in HistoricalCommune.objects.filter(
                    district__province=province
                ).values_list("id", "name", "unit_type", "bare_name_folded", "district_id")
            ],
            kind_vi="xã cũ",
            kind_en="old commune",
        )

    def district(self, text: str) -> Unit:
        exact, near = self.districts.candidates(text)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1 or near:
            raise CellError(
                _("“%(name)s” khớp với nhiều huyện cũ: %(listed)s. Hãy ghi rõ loại (huyện, thành phố, thị xã)."),
                {"name": text, "listed": _listed(exact or near)},
            )
        raise CellError(
            _("Không tìm thấy huyện (trước 7/2025) “%(name)s” trong tỉnh %(province)s."),
            {"name": text, "province": self.province.name},
        )

    def commune(self, text: str, *, district_id: int | None) -> Unit:
        exact, near = self.communes.candidates(text, parent_id=district_id)
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1 or near:
            raise CellError(
                _("“%(name)s” khớp với nhiều xã cũ: %(listed)s. Hãy ghi cột “Huyện (trước 7/2025)”."),
                {"name": text, "listed": _listed(exact or near)},
            )
        if district_id:
            elsewhere, _near = self.communes.candidates(text)
            if len(elsewhere) == 1:
                return elsewhere[0]  # in another district: the address rule (ocop.geo.services) says which
            raise CellError(
                _("Không tìm thấy xã (trước 7/2025) “%(name)s” trong huyện %(district)s."),
                {"name": text, "district": self.districts.by_pk[district_id].name},
            )
        raise CellError(
            _("Không tìm thấy xã (trước 7/2025) “%(name)s” trong tỉnh %(province)s."),
            {"name": text, "province": self.province.name},
        )

    def district_name(self, pk: int | None) -> str:
        return self.districts.by_pk[pk].name if pk else ""

    def commune_name(self, pk: int | None) -> str:
        return self.communes.by_pk[pk].name if pk else ""
