"""Loading administrative units from data. Every loader is idempotent: run twice, change nothing."""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import vietnam_provinces
from django.db import transaction

from ocop.core.text import fold_vietnamese
from ocop.geo import names
from ocop.geo.models import (
    Commune,
    CommuneSuccession,
    HistoricalCommune,
    HistoricalDistrict,
    Province,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
QUANG_NINH_CODE = 22

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
    historical_districts: int
    historical_communes: int
    successions: int


def _bare_folded(name: str) -> str:
    return fold_vietnamese(names.split_official_name(name)[1])


def _sync(model, rows: dict[int, dict]) -> dict[int, object]:
    """Create missing rows and update changed ones, keyed by official code; return code → row."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=rows)}
    to_create, to_update = [], []
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
    """Load today's 34 provinces and their communes, then Quảng Ninh's pre-2025 units and mapping."""
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

    districts_rows: dict[int, dict] = {}
    old_commune_rows: dict[int, dict] = {}
    with (DATA_DIR / "quang_ninh_before_2025.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(row for row in handle if not row.startswith("#")))
    for record in records:
        district_name = record["district_name"]
        districts_rows[int(record["district_code"])] = {
            "name": district_name,
            "unit_type": names.split_official_name(district_name)[0] or names.DISTRICT,
            "province_id": provinces[QUANG_NINH_CODE].pk,
            "bare_name_folded": _bare_folded(district_name),
        }
    districts = _sync(HistoricalDistrict, districts_rows)
    for record in records:
        name = record["commune_name"]
        old_commune_rows[int(record["commune_code"])] = {
            "name": name,
            "unit_type": names.split_official_name(name)[0] or names.COMMUNE,
            "district_id": districts[int(record["district_code"])].pk,
            "bare_name_folded": _bare_folded(name),
        }
    old_communes = _sync(HistoricalCommune, old_commune_rows)

    successions = _load_successions(old_communes, communes)
    return LoadReport(
        provinces=len(provinces),
        communes=len(communes),
        historical_districts=len(districts),
        historical_communes=len(old_communes),
        successions=successions,
    )


def _load_successions(old_communes: dict, communes: dict) -> int:
    path = DATA_DIR / "quang_ninh_2025_mapping.csv"
    if not path.exists():
        return 0
    existing = {(s.historical_commune_id, s.commune_id): s for s in CommuneSuccession.objects.all()}
    to_create, to_update = [], []
    with path.open(encoding="utf-8") as handle:
        for record in csv.DictReader(row for row in handle if not row.startswith("#")):
            old = old_communes[int(record["old_commune_code"])]
            new = communes[int(record["new_unit_code"])]
            values = {"confidence": record["confidence"], "source": record["source"][:300]}
            current = existing.get((old.pk, new.pk))
            if current is None:
                to_create.append(CommuneSuccession(historical_commune=old, commune=new, **values))
            elif current.confidence != values["confidence"] or current.source != values["source"]:
                current.confidence, current.source = values["confidence"], values["source"]
                to_update.append(current)
    CommuneSuccession.objects.bulk_create(to_create)
    CommuneSuccession.objects.bulk_update(to_update, ["confidence", "source"])
    return CommuneSuccession.objects.count()
