"""What every kind of import shares: reading a cell as its column's type, the plan of changes.

A validator (producers.py, products.py) turns each data row into a `RowPlan` — create, update
or unchanged, with the full record it will write — or into problems. Nothing is written here.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from ocop.imports import cells
from ocop.imports.columns import Column
from ocop.imports.problems import CellError, problem
from ocop.imports.readers import FORMULA

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
_EMAIL = EmailValidator()
_URL = URLValidator(schemes=["http", "https"])


@dataclass
class RowPlan:
    row: int
    action: str
    label: str
    values: dict[str, Any]  # model attribute (attname) → value: the whole record after the import
    pk: int | None = None
    before: dict[str, Any] = field(default_factory=dict)  # for updates: the changed attributes as they are now
    changes: list[dict] = field(default_factory=list)  # [{"column", "column_en", "old", "new"}] as displayed
    current: dict[str, Any] = field(default_factory=dict)  # for updates: every attribute as the preview saw it


@dataclass
class Plan:
    kind: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def fingerprint(self) -> str:
        """Equal for two validations that would write exactly the same thing."""
        payload = [
            (row.row, row.action, row.pk, sorted(row.values.items()), sorted(row.before.items()))
            for row in self.rows
            if row.action != UNCHANGED
        ]
        return hashlib.sha256(json.dumps(payload, default=str, ensure_ascii=False).encode()).hexdigest()

    def preview(self, limit: int) -> dict:
        preview: dict[str, Any] = {"limit": limit, CREATE: [], UPDATE: [], UNCHANGED: []}
        for row in self.rows:
            bucket = preview[row.action]
            if len(bucket) < limit:
                entry = {"row": row.row, "label": row.label}
                if row.action == UPDATE:
                    entry["changes"] = row.changes
                bucket.append(entry)
        return preview


def json_safe(value: Any) -> Any:
    if isinstance(value, (datetime.date, Decimal)):
        return str(value)
    return value


class BaseValidator:
    """Reads the common column types; a subclass reads its lookups and decides create / update."""

    columns: tuple[Column, ...] = ()

    def __init__(self) -> None:
        self.plan = Plan(kind=self.kind)
        self._choice_maps = {column.key: column.choice_map() for column in self.columns if column.kind == "choice"}

    kind = ""

    # -- reading cells -------------------------------------------------------------------------
    def read_row(self, row: int, raw: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The row's values by column key, and whether every cell could be read."""
        values: dict[str, Any] = {}
        clean = True
        for column in self.columns:
            value = raw.get(column.key)
            if value is FORMULA:
                clean = False
                continue
            if cells.is_blank(value):
                if column.required:
                    self.add(row, column, "", _("Thiếu “%(header)s”: cột này bắt buộc."), {"header": column.header})
                    clean = False
                values[column.key] = self.blank(column)
                continue
            try:
                values[column.key] = self.read(column, value, values)
            except CellError as error:
                self.add(row, column, value, error.message, error.params)
                clean = False
        return values, clean

    def blank(self, column: Column) -> Any:
        if column.kind in ("text", "email", "url", "choice", "tax_code", "gtin", "hs_code", "producer_tax_code"):
            return ""
        if column.kind == "bool":
            return False
        return None

    def read(self, column: Column, value: Any, values: dict[str, Any]) -> Any:
        kind = column.kind
        if kind in ("text", "email", "url"):
            text = cells.as_text(value)
            if kind == "url" and "://" not in text:
                text = "https://" + text
            if column.max_length and len(text) > column.max_length:
                raise CellError(
                    _("Dài %(length)s ký tự, tối đa %(max)s ký tự."), {"length": len(text), "max": column.max_length}
                )
            try:
                if kind == "email":
                    _EMAIL(text)
                elif kind == "url":
                    _URL(text)
            except ValidationError:
                if kind == "email":
                    raise CellError(_("Địa chỉ thư điện tử không hợp lệ.")) from None
                raise CellError(_("Địa chỉ trang web không hợp lệ.")) from None
            return text
        if kind in ("int", "decimal"):
            number = cells.as_int(value) if kind == "int" else cells.as_decimal(value)
            if (column.min_value is not None and number < column.min_value) or (
                column.max_value is not None and number > column.max_value
            ):
                raise CellError(
                    _("Phải nằm trong khoảng %(min)s – %(max)s."), {"min": column.min_value, "max": column.max_value}
                )
            if kind == "decimal":
                number = number.quantize(Decimal("0.001"))
            return number
        if kind == "date":
            return cells.as_date(value)
        if kind == "bool":
            return cells.as_bool(value)
        if kind == "choice":
            return cells.as_choice(value, self._choice_maps[column.key])
        return self.lookup(column, value, values)

    def lookup(self, column: Column, value: Any, values: dict[str, Any]) -> Any:
        raise NotImplementedError(column.kind)

    # -- results -------------------------------------------------------------------------------
    def add(self, row: int, column: Column, value: Any, message, params: dict | None = None) -> None:
        self.plan.problems.append(problem(row=row, column=column.header, value=value, message=message, params=params))

    def display(self, column: Column, value: Any) -> str:
        """A value as the template and the export write it."""
        if value is None or value == "":
            return ""
        if column.kind == "bool":
            return "Có" if value else "Không"
        if column.kind == "choice":
            return column.choice_label(value)
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, Decimal):
            return format(value.normalize(), "f")
        return str(value)

    def compare(
        self, row: int, label: str, pk: int, existing: dict[str, Any], values: dict[str, Any], displays
    ) -> RowPlan:
        """An update or unchanged plan: `displays` maps attname → (column, display function or None)."""
        changes: list[dict] = []
        before: dict[str, Any] = {}
        for attname, new in values.items():
            old = existing.get(attname)
            if old == new or (old in (None, "") and new in (None, "")):
                continue
            before[attname] = old
            column, show = displays[attname]
            changes.append(
                {
                    "column": column.header_vi,
                    "column_en": column.header_en,
                    "old": show(old) if show else self.display(column, old),
                    "new": show(new) if show else self.display(column, new),
                }
            )
        action = UPDATE if changes else UNCHANGED
        current = {attname: existing.get(attname) for attname in values}
        return RowPlan(
            row=row, action=action, label=label, values=values, pk=pk, before=before, changes=changes, current=current
        )

    def finish(self) -> Plan:
        self.plan.problems.sort(key=lambda p: p["row"] or 0)
        return self.plan
