"""Loading administrative units from data (every loader is idempotent: run twice, change nothing),
and the one rule that completes and checks an address given before or after the 2025 reform."""

import csv
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import vietnam_provinces
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ocop.core.errors import DomainError
from ocop.core.text import fold_vietnamese
from ocop.geo import names
from ocop.geo.models import (
    Commune,
    CommuneSuccession,
    HistoricalCommune,
    HistoricalDistrict,
    HistoricalProvince,
    Province,
)

# The unit tables loaded by code (each has a unique official `code`).
_Unit = TypeVar("_Unit", Province, Commune, HistoricalProvince, HistoricalDistrict, HistoricalCommune)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATA_DIR = Path(__file__).resolve().parent / "data"

# Division types as the package writes them → our unit types.
_PACKAGE_TYPES = {
    "tỉnh": names.PROVINCE,
    "thành phố trung ương": names.CITY_CENTRAL,
    "phường": names.WARD,
    "xã": names.COMMUNE,
    "đặc khu": names.SPECIAL_ZONE,
}


@dataclass(frozen=True)
class LoadReport:
    provinces: int
    communes: int
    historical_provinces: int
    historical_districts: int
    historical_communes: int
    successions: int


def _bare_folded(name: str) -> str:
    return fold_vietnamese(names.split_official_name(name)[1])


def _sync(model: type[_Unit], rows: dict[int, dict[str, Any]]) -> dict[int, _Unit]:
    """Create missing rows and update changed ones, keyed by official code; return code → row."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=rows)}
    to_create: list[_Unit] = []
    to_update: list[_Unit] = []
    fields = sorted({key for row in rows.values() for key in row})
    for code, values in rows.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **values))
        elif any(getattr(obj, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)
    return {obj.code: obj for obj in model.objects.filter(code__in=rows)}


@transaction.atomic
def geo_load() -> LoadReport:
    """Load today's 34 provinces and their communes, then the pre-2025 units of all 63 old provinces and
    their succession to today's units."""
    divisions = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces = _sync(
        Province,
        {
            p["code"]: {
                "name": p["name"],
                "unit_type": _PACKAGE_TYPES[p["division_type"]],
                "bare_name_folded": _bare_folded(p["name"]),
            }
            for p in divisions
        },
    )
    commune_rows = {}
    for p in divisions:
        for w in p["wards"]:
            commune_rows[w["code"]] = {
                "name": w["name"],
                "unit_type": _PACKAGE_TYPES[w["division_type"]],
                "province_id": provinces[p["code"]].pk,
                "bare_name_folded": _bare_folded(w["name"]),
            }
    communes = _sync(Commune, commune_rows)

    old_provinces, districts, old_communes = _load_units_before_2025(provinces)
    successions = _load_successions(old_communes, communes)
    return LoadReport(
        provinces=len(provinces),
        communes=len(communes),
        historical_provinces=len(old_provinces),
        historical_districts=len(districts),
        historical_communes=len(old_communes),
        successions=successions,
    )


def _gzipped_rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load_units_before_2025(
    provinces: dict[int, Province],
) -> tuple[dict[int, HistoricalProvince], dict[int, HistoricalDistrict], dict[int, HistoricalCommune]]:
    """The 63 old provinces, their districts and communes (geo/data/make_units_before_2025.py wrote the
    file from the published tables); a district belongs to the province of today its province joined."""
    records = _gzipped_rows("units_before_2025.csv.gz")
    old_provinces = _sync(
        HistoricalProvince,
        {
            int(r["province_code"]): {
                "name": r["province_name"],
                "unit_type": names.split_official_name(r["province_name"])[0] or names.PROVINCE,
                "province_id": provinces[int(r["new_province_code"])].pk,
                "bare_name_folded": _bare_folded(r["province_name"]),
            }
            for r in records
        },
    )
    districts = _sync(
        HistoricalDistrict,
        {
            int(r["district_code"]): {
                "name": r["district_name"],
                "unit_type": names.split_official_name(r["district_name"])[0] or names.DISTRICT,
                "province_id": provinces[int(r["new_province_code"])].pk,
                "old_province_id": old_provinces[int(r["province_code"])].pk,
                "bare_name_folded": _bare_folded(r["district_name"]),
            }
            for r in records
        },
    )
    old_communes = _sync(
        HistoricalCommune,
        {
            int(r["commune_code"]): {
                "name": r["commune_name"],
                "unit_type": names.split_official_name(r["commune_name"])[0] or names.COMMUNE,
                "district_id": districts[int(r["district_code"])].pk,
                "bare_name_folded": _bare_folded(r["commune_name"]),
            }
            for r in records
            if r["commune_code"]  # five island districts had no communes (Côn Đảo, Lý Sơn…)
        },
    )
    return old_provinces, districts, old_communes


SUCCESSION_SOURCE = "Bảng chuyển đổi đơn vị hành chính 2025, theo vietnamadminunits 1.0.4 (MIT)"
_SUCCESSION_NOTES = {"0": "", "1": " [nhập một phần]", "2": " [bảng không phân biệt hai đơn vị trùng tên khi bỏ dấu]"}


def _load_successions(old_communes: dict[int, HistoricalCommune], communes: dict[int, Commune]) -> int:
    existing = {(s.historical_commune_id, s.commune_id): s for s in CommuneSuccession.objects.all()}
    to_create, to_update = [], []
    for record in _gzipped_rows("successions_2025.csv.gz"):
        old = old_communes[int(record["old_commune_code"])]
        new = communes[int(record["new_unit_code"])]
        uncertain = record["partly"] == "2"  # two units of today share the name the table uses, once folded
        source = SUCCESSION_SOURCE + _SUCCESSION_NOTES[record["partly"]]
        confidence = CommuneSuccession.Confidence.UNCERTAIN if uncertain else CommuneSuccession.Confidence.CONFIRMED
        values = {"confidence": confidence, "source": source}
        current = existing.get((old.pk, new.pk))
        if current is None:
            to_create.append(CommuneSuccession(historical_commune=old, commune=new, **values))
        elif current.confidence != values["confidence"] or current.source != values["source"]:
            current.confidence, current.source = values["confidence"], values["source"]
            to_update.append(current)
    CommuneSuccession.objects.bulk_create(to_create, batch_size=1000)
    CommuneSuccession.objects.bulk_update(to_update, ["confidence", "source"], batch_size=1000)
    return CommuneSuccession.objects.count()


# --- Addresses before and after the 2025 reform ----------------------------------------------------
#
# One rule for every way a producer's address comes in (form, API, Excel import): an old commune must
# lie in the old district given with it; today's commune, when given with an old commune, must be one
# of the units the old commune became part of; when only the old commune is given, today's commune is
# its successor in the table, or the person chooses among its successors when it was split.


@dataclass(frozen=True)
class UnitRef:
    pk: int
    code: int
    name: str


class _Listed:
    """Units as a message lists them, rendered in the language active when the message is: "Phường
    Việt Hưng (mã 6661); Phường Tuần Châu (mã 6706)"."""

    def __init__(self, units: list[UnitRef]):
        self.units = units

    def __str__(self) -> str:
        return "; ".join(gettext("%(name)s (mã %(code)s)") % {"name": u.name, "code": u.code} for u in self.units)


class AddressError(DomainError):
    """An address that is incomplete or contradicts the succession table.

    `field` is the model field at fault (`commune` or `historical_commune`); `template` and `params`
    let an import render the message in both languages; `successors` are the units to choose from.
    """

    def __init__(
        self,
        template: "StrOrPromise",
        params: dict[str, object],
        *,
        field: str,
        successors: list[UnitRef] | None = None,
    ):
        super().__init__(str(template) % params, field=field)
        self.template = template
        self.params = params
        self.successors = successors or []


@dataclass(frozen=True)
class Address:
    commune_id: int
    historical_district_id: int | None
    historical_commune_id: int | None


class SuccessionTable:
    """The old communes with their district and successors, read once: for one address, or for a
    whole import file (every old commune of a province), so that no row costs a query."""

    def __init__(self, old_communes: QuerySet[HistoricalCommune]):
        self.old: dict[int, UnitRef] = {}
        self.district_of: dict[int, UnitRef] = {}
        self.successors_of: dict[int, list[UnitRef]] = {}
        for old in old_communes.select_related("district").order_by("pk"):
            self.old[old.pk] = UnitRef(old.pk, old.code, old.name)
            self.district_of[old.pk] = UnitRef(old.district.pk, old.district.code, old.district.name)
            self.successors_of[old.pk] = []
        for succession in (
            CommuneSuccession.objects.filter(historical_commune__in=list(self.old))
            .select_related("commune")
            .order_by("commune__name", "commune__code")
        ):
            commune = succession.commune
            self.successors_of[succession.historical_commune_id].append(UnitRef(commune.pk, commune.code, commune.name))
        self._districts: dict[int, UnitRef] = {}

    @classmethod
    def for_commune(cls, historical_commune_id: int | None) -> "SuccessionTable":
        return cls(HistoricalCommune.objects.filter(pk=historical_commune_id or 0))

    @classmethod
    def for_province(cls, province: Province) -> "SuccessionTable":
        return cls(HistoricalCommune.objects.filter(district__province=province))

    def district(self, pk: int) -> UnitRef:
        if pk not in self._districts:
            district = HistoricalDistrict.objects.get(pk=pk)
            self._districts[pk] = UnitRef(district.pk, district.code, district.name)
        return self._districts[pk]


def _commune_name(pk: int) -> str:
    return Commune.objects.values_list("name", flat=True).get(pk=pk)


def address_resolve(
    *,
    commune_id: int | None,
    historical_district_id: int | None,
    historical_commune_id: int | None,
    table: SuccessionTable | None = None,
) -> Address:
    """Today's commune and the pre-2025 district and commune of an address, completed and checked.

    Raises AddressError naming the units when the address is incomplete or inconsistent.
    """
    if historical_commune_id is None:
        if commune_id is None:
            raise AddressError(
                _("Nhập xã, phường hiện nay, hoặc xã (trước 7/2025) để tìm đơn vị mới theo bảng sáp nhập."),
                {},
                field="commune",
            )
        return Address(commune_id, historical_district_id, None)
    if table is None or historical_commune_id not in table.old:
        table = SuccessionTable.for_commune(historical_commune_id)
    old = table.old[historical_commune_id]
    district = table.district_of[historical_commune_id]
    if historical_district_id is not None and historical_district_id != district.pk:
        raise AddressError(
            _("%(old)s không thuộc %(given)s (trước 7/2025): xã này thuộc %(district)s."),
            {"old": old.name, "given": table.district(historical_district_id).name, "district": district.name},
            field="historical_commune",
        )
    successors = table.successors_of[historical_commune_id]
    place = {"old": old.name, "district": district.name, "successors": _Listed(successors)}
    if commune_id is None:
        if len(successors) == 1:
            return Address(successors[0].pk, district.pk, old.pk)
        if not successors:
            raise AddressError(
                _("Bảng sáp nhập chưa có đơn vị mới của %(old)s (%(district)s): hãy nhập xã, phường hiện nay."),
                place,
                field="commune",
            )
        raise AddressError(
            _(
                "%(old)s (%(district)s) đã được chia cho nhiều đơn vị mới: %(successors)s. "
                "Hãy chọn xã, phường hiện nay trong các đơn vị này."
            ),
            place,
            field="commune",
            successors=successors,
        )
    if successors and commune_id not in {unit.pk for unit in successors}:
        raise AddressError(
            _("%(commune)s không phải đơn vị mới của %(old)s (%(district)s). Đơn vị mới của xã này: %(successors)s."),
            {**place, "commune": _commune_name(commune_id)},
            field="commune",
            successors=successors,
        )
    return Address(commune_id, district.pk, old.pk)
