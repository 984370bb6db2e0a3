"""The exchange format `ocop-exchange/1` (docs/exchange.md): its tables, their columns, and the
canonical checksum of a table.

A column is written once here and read by the export (selectors) and the import (services), so the
two cannot drift apart. Every identifier in the document is a stable one, never a database id:
official unit codes, exchange ids (UUIDs) of producers and products, certificate numbers, criteria
version codes.
"""

import datetime
import decimal
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models

from ocop.certificates.models import Certificate
from ocop.evaluations.models import Decision, EvaluationRound
from ocop.producers.models import Producer
from ocop.products.models import Product

FORMAT = "ocop-exchange"
VERSION = 1
TABLES = ("producers", "products", "evaluations", "certificates")

# Columns of the round an evaluation result belongs to (`evaluations[i].round`), null for a past
# result recorded without a round.
ROUND_KEY = ("level", "province_code", "year", "number")


class Kind:
    TEXT = "text"
    CHOICE = "choice"
    INT = "int"
    BOOL = "bool"
    DATE = "date"
    DATETIME = "datetime"
    DECIMAL = "decimal"
    UUID = "uuid"
    REF = "ref"  # a stable identifier of another row, resolved by the importer


@dataclass(frozen=True)
class Column:
    name: str  # the key in the document
    kind: str
    attr: str = ""  # the model attribute (kinds other than REF), "" when the column is not a model field
    nullable: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    places: int = 0  # DECIMAL: the digits after the point


def columns_of(model: type[models.Model], names: list[str]) -> list[Column]:
    """Columns for model fields of the same name, with their type, length, bounds and choices read from the
    model (so a longer text or an unknown code is refused by the importer before the database sees it)."""
    result = []
    for name in names:
        field = model._meta.get_field(name)
        nullable = bool(field.null)
        if isinstance(field, models.UUIDField):
            result.append(Column(name, Kind.UUID, attr=name))
        elif isinstance(field, models.BooleanField):
            result.append(Column(name, Kind.BOOL, attr=name))
        elif isinstance(field, models.DateTimeField):
            result.append(Column(name, Kind.DATETIME, attr=name, nullable=nullable))
        elif isinstance(field, models.DateField):
            result.append(Column(name, Kind.DATE, attr=name, nullable=nullable))
        elif isinstance(field, models.DecimalField):
            result.append(Column(name, Kind.DECIMAL, attr=name, nullable=nullable, places=field.decimal_places or 0))
        elif isinstance(field, models.IntegerField):
            positive = (models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField)
            low = 0 if isinstance(field, positive) else -(2**31)
            high = 32767 if isinstance(field, models.PositiveSmallIntegerField) else 2**31 - 1
            if isinstance(field, models.PositiveBigIntegerField):
                high = 2**63 - 1
            result.append(Column(name, Kind.INT, attr=name, nullable=nullable, low=low, high=high))
        elif field.choices:
            codes = tuple(str(code) for code, _label in field.flatchoices)
            result.append(Column(name, Kind.CHOICE, attr=name, choices=codes + (("",) if field.blank else ())))
        else:
            result.append(Column(name, Kind.TEXT, attr=name, max_length=field.max_length))
    return result


def ref(name: str, *, nullable: bool = False, max_length: int | None = None) -> Column:
    return Column(name, Kind.REF, nullable=nullable, max_length=max_length)


def json_value(column: Column, value: Any) -> Any:
    """A model value as the document writes it: ISO 8601 dates and UTC datetimes, decimals as text with
    the column's places, UUIDs as text."""
    if value is None:
        return None
    if column.kind == Kind.DATETIME:
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if column.kind == Kind.DATE:
        return value.isoformat()
    if column.kind == Kind.DECIMAL:
        return format(decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-column.places)), "f")
    if column.kind == Kind.UUID:
        return str(value)
    return value


# Columns that say when a row changed in the installation that wrote the document: not part of the
# record's content, so left out of the checksum (an import writes its own `updated_at`).
NOT_CHECKSUMMED = frozenset({"updated_at"})


def table_checksums(document: dict) -> dict[str, dict[str, Any]]:
    """Per table: the number of records and the SHA-256 of their canonical form (each record's keys
    sorted, `updated_at` left out, records sorted by that form), independent of the record order."""
    result = {}
    for table in TABLES:
        lines = sorted(
            json.dumps(
                {key: value for key, value in record.items() if key not in NOT_CHECKSUMMED},
                sort_keys=True,
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for record in document.get(table, [])
        )
        digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
        result[table] = {"count": len(lines), "sha256": digest}
    return result


# --- The tables ------------------------------------------------------------------------------------
# Order in a record: its identity, the references, then the data. Reference columns (Kind.REF) name
# another row by its stable identifier; the importer resolves them.

PRODUCER_COLUMNS = [
    *columns_of(Producer, ["exchange_id"]),
    ref("commune_code"),
    ref("historical_district_code", nullable=True),
    ref("historical_commune_code", nullable=True),
    *columns_of(
        Producer,
        [
            "legal_name",
            "short_name",
            "producer_type",
            "tax_code",
            "registration_number",
            "registration_date",
            "representative_name",
            "representative_gender",
            "representative_ethnic_minority",
            "address",
            "phone",
            "email",
            "website",
            "founded_year",
            "employees",
            "members",
            "local_labour_share",
            "story_vi",
            "story_en",
            "is_demo",
            "archived_at",
            "updated_at",
        ],
    ),
]

PRODUCT_COLUMNS = [
    *columns_of(Product, ["exchange_id"]),
    ref("producer_exchange_id"),
    ref("criteria_version", nullable=True, max_length=20),
    ref("product_set_code", nullable=True, max_length=10),
    *columns_of(
        Product,
        [
            "name_vi",
            "name_en",
            "description_vi",
            "description_en",
            "story_vi",
            "story_en",
            "ingredients",
            "net_content",
            "net_content_unit",
            "packaging",
            "shelf_life_days",
            "price_min_vnd",
            "price_max_vnd",
            "gtin",
            "hs_code",
            "status",
            "is_demo",
            "archived_at",
            "updated_at",
        ],
    ),
]

ROUND_COLUMNS = [
    *columns_of(EvaluationRound, ["level"]),
    ref("province_code", nullable=True),
    *columns_of(EvaluationRound, ["year", "number", "name"]),
    ref("criteria_version", max_length=20),
    *columns_of(EvaluationRound, ["opens_on", "closes_on", "status"]),
]

EVALUATION_COLUMNS = [
    ref("round", nullable=True),  # an object of ROUND_COLUMNS, or null
    ref("product_exchange_id"),
    *columns_of(Decision, ["number"]),
    ref("criteria_version", max_length=20),
    ref("product_set_code", nullable=True, max_length=10),
    *columns_of(
        Decision,
        [
            "decided_on",
            "authority",
            "stars",
            "total",
            "recognised",
            "signer_name",
            "signer_title",
            "is_historical",
            "source",
            "updated_at",
        ],
    ),
]

CERTIFICATE_COLUMNS = [
    *columns_of(Certificate, ["number"]),
    ref("product_exchange_id"),
    ref("producer_exchange_id"),
    ref("criteria_version", max_length=20),
    ref("supersedes_number", nullable=True, max_length=60),
    ref("revocation_ground", nullable=True, max_length=40),
    ref("evaluation_number", nullable=True, max_length=60),
    *columns_of(
        Certificate,
        [
            "stars",
            "total",
            "decision_number",
            "decision_date",
            "authority_level",
            "authority_name",
            "signer_name",
            "signer_title",
            "valid_from",
            "valid_until",
            "status",
            "revoked_at",
            "revocation_reason",
            "is_historical",
            "is_demo",
            "updated_at",
        ],
    ),
]

COLUMNS = {
    "producers": PRODUCER_COLUMNS,
    "products": PRODUCT_COLUMNS,
    "evaluations": EVALUATION_COLUMNS,
    "certificates": CERTIFICATE_COLUMNS,
}
