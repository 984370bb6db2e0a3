"""Parsing of Vietnamese administrative unit names: "Phường Hạ Long" → (ward, "Hạ Long")."""

import re
from dataclasses import dataclass

from ocop.core.text import fold_vietnamese

# Unit types, keyed by a stable English code. The Vietnamese label is the official word.
PROVINCE = "province"
CITY_CENTRAL = "central_city"
CITY = "city"
TOWN = "town"
DISTRICT = "district"
URBAN_DISTRICT = "urban_district"
WARD = "ward"
COMMUNE = "commune"
TOWNSHIP = "township"
SPECIAL_ZONE = "special_zone"

# Folded prefixes (full words and common abbreviations) → the unit types they may denote.
_PREFIXES: list[tuple[str, tuple[str, ...]]] = [
    ("thanh pho trung uong", (CITY_CENTRAL,)),
    ("thanh pho", (CITY, CITY_CENTRAL)),
    ("tp.", (CITY, CITY_CENTRAL)),
    ("tp", (CITY, CITY_CENTRAL)),
    ("thi xa", (TOWN,)),
    ("tx.", (TOWN,)),
    ("tx", (TOWN,)),
    ("thi tran", (TOWNSHIP,)),
    ("tt.", (TOWNSHIP,)),
    ("tt", (TOWNSHIP,)),
    ("dac khu", (SPECIAL_ZONE,)),
    ("dk.", (SPECIAL_ZONE,)),
    ("huyen", (DISTRICT,)),
    ("h.", (DISTRICT,)),
    ("quan", (URBAN_DISTRICT,)),
    ("q.", (URBAN_DISTRICT,)),
    ("phuong", (WARD,)),
    ("p.", (WARD,)),
    ("xa", (COMMUNE,)),
    ("x.", (COMMUNE,)),
    ("tinh", (PROVINCE,)),
]

# Full official prefixes as written in names, to derive a unit's type from its name.
_OFFICIAL_PREFIXES: list[tuple[str, str]] = [
    ("Thành phố ", CITY),
    ("Thị xã ", TOWN),
    ("Thị trấn ", TOWNSHIP),
    ("Đặc khu ", SPECIAL_ZONE),
    ("Huyện ", DISTRICT),
    ("Quận ", URBAN_DISTRICT),
    ("Phường ", WARD),
    ("Xã ", COMMUNE),
    ("Tỉnh ", PROVINCE),
]


@dataclass(frozen=True)
class ParsedQuery:
    """A name typed by a person: the folded bare name and the unit types its prefix allows."""

    bare: str
    types: tuple[str, ...]


def split_official_name(name: str) -> tuple[str | None, str]:
    """Split an official name into (type, bare name): "Phường Hạ Long" → ("ward", "Hạ Long")."""
    for prefix, unit_type in _OFFICIAL_PREFIXES:
        if name.startswith(prefix):
            return unit_type, name[len(prefix) :].strip()
    return None, name.strip()


def parse_query(text: str) -> ParsedQuery:
    """Fold what a person typed and take off a type prefix, if any: "TP Hạ Long" → ("ha long", city)."""
    folded = fold_vietnamese(text)
    for prefix, types in _PREFIXES:
        if prefix.endswith("."):
            if folded.startswith(prefix):
                return ParsedQuery(bare=folded[len(prefix) :].strip(), types=types)
        elif re.match(rf"{re.escape(prefix)}(\s|$)", folded):
            rest = folded[len(prefix) :].strip()
            if rest:
                return ParsedQuery(bare=rest, types=types)
    return ParsedQuery(bare=folded, types=())
