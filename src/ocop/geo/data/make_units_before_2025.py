"""Writes the pre-2025 units of all 63 provinces and their succession to the 2025 units, from the
published data that the `vietnamadminunits` package (MIT licence, © 2025 Tran Ngoc Minh Hieu) ships.

Run by a developer when that data changes, never at run time:

    pip download vietnamadminunits==1.0.4 --no-deps -d /tmp/vau
    python -m ocop.geo.data.make_units_before_2025 /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl

It reads the wheel as a zip (none of the package's dependencies is needed) and writes, beside this file,
`units_before_2025.csv.gz` (one row per old commune, with its district and old province, and the
province of today that the old province became part of) and `successions_2025.csv.gz` (one row per old
commune and unit of today it went into: `partly` 0 wholly, 1 in part, 2 uncertain). Codes are the official statistical codes
(today's units by the codes of `vietnam-provinces`); `ocop_geo_load` loads both files.
"""

import csv
import gzip
import io
import json
import re
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

import vietnam_provinces

from ocop.core.text import fold_vietnamese

HERE = Path(__file__).resolve().parent
SOURCE = "vietnamadminunits 1.0.4 (MIT), dataset.db và converter_2025.json"


def _key(name: str) -> str:
    """The package's key of a name: folded, letters and digits only ("Xã Cẩm Giàng" → "xacamgiang")."""
    return re.sub(r"[^a-z0-9]", "", fold_vietnamese(name))


def _spelled(name: str) -> str:
    """A name as both sources spell it, apart from dashes and spaces ("Chân Mây – Lăng Cô")."""
    return " ".join(name.replace("–", "-").split())


def _read(wheel: Path) -> tuple[sqlite3.Connection, dict]:
    with zipfile.ZipFile(wheel) as archive:
        database = archive.read("vietnamadminunits/data/dataset.db")
        converter = json.loads(archive.read("vietnamadminunits/data/converter_2025.json"))
    copy = Path(tempfile.mkdtemp()) / "dataset.db"
    copy.write_bytes(database)
    return sqlite3.connect(copy), converter


def _write(name: str, header: list[str], rows: list[list]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0: the same data writes the same bytes
    (HERE / name).write_bytes(gzip.compress(text.getvalue().encode("utf-8"), mtime=0))


def main(wheel: Path) -> None:
    db, converter = _read(wheel)
    new_provinces = {
        key: int(code) for key, code in db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    # Today's units by the codes of `vietnam-provinces`, which `ocop_geo_load` loads; the package's own
    # codes of 114 wards are those of the draft, so its wards are matched by province and name.
    today = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    spelled = {(p["code"], _spelled(w["name"])): w["code"] for p in today for w in p["wards"]}
    keyed: dict[tuple[int, str], list[int]] = {}
    for p in today:
        for w in p["wards"]:
            keyed.setdefault((p["code"], _key(w["name"])), []).append(w["code"])

    def today_code(province: int, ward: str) -> int:
        """By spelling; else by key where that is unique ("Thuận Hoà" / "Thuận Hòa" place the tone apart)."""
        if (province, _spelled(ward)) in spelled:
            return spelled[(province, _spelled(ward))]
        (code,) = keyed[(province, _key(ward))]
        return code

    # Two wards of one province can share a key ("Xã Tân Thành" and "Xã Tân Thạnh"): the package then
    # holds one list for both, and its old communes go to both, marked uncertain (partly = 2).
    new_wards: dict[tuple[str, str], list[int]] = {}
    for p_key, p_code, ward in db.execute("SELECT provinceKey, provinceCode, ward FROM admin_units"):
        new_wards.setdefault((p_key, _key(ward)), []).append(today_code(int(p_code), ward))
    old_to_new_province = {old: new_provinces[new] for new, olds in converter["DICT_PROVINCE"].items() for old in olds}

    units, old_commune_of_key = [], {}
    query = """SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, wardCode, ward, wardKey
               FROM admin_units_legacy ORDER BY CAST(provinceCode AS INT), CAST(districtCode AS INT), CAST(wardCode AS INT)"""
    for p_code, p_name, p_key, d_code, d_name, d_key, w_code, w_name, w_key in db.execute(query):
        new_province = old_to_new_province[p_key]
        units.append(
            [int(p_code), p_name, new_province, int(d_code), d_name, int(w_code) if w_code else "", w_name or ""]
        )
        if w_code:
            old_commune_of_key[f"{p_key}_{d_key}_{w_key}"] = (int(w_code), new_province)

    new_province_key = {code: key for key, code in new_provinces.items()}
    successions, unmatched = set(), []
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, olds in wards.items():
            for old in olds:
                if old in old_commune_of_key:
                    units_of_key = new_wards[(p_key, _key(ward_key))]
                    for unit in units_of_key:
                        successions.add((old_commune_of_key[old][0], unit, 0 if len(units_of_key) == 1 else 2))
                else:
                    unmatched.append(old)
    for _p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            if old not in old_commune_of_key:
                unmatched.append(old)
                continue
            code, province = old_commune_of_key[old]
            for part in parts:
                units_of_key = new_wards[(new_province_key[province], _key(part["newWardKey"]))]
                for unit in units_of_key:
                    successions.add((code, unit, 1 if len(units_of_key) == 1 else 2))
    _write(
        "units_before_2025.csv.gz",
        [
            "province_code",
            "province_name",
            "new_province_code",
            "district_code",
            "district_name",
            "commune_code",
            "commune_name",
        ],
        units,
    )
    _write("successions_2025.csv.gz", ["old_commune_code", "new_unit_code", "partly"], sorted(successions))
    print(f"{len(units)} old units, {len(successions)} successions; not matched: {unmatched}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
