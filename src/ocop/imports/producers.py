"""Validation of a producers file.

Matching rule: a row with a tax code is the producer with that tax code (update) or a new one
(create). A row without a tax code is the producer of the province with the same legal name
(compared without diacritics or case) in the same commune, or a new one. A tax code is never
changed by an import: a row whose name and commune match a producer that already has another tax
code is refused, as is a row without tax code that matches a producer which has one.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from ocop.core.validators import normalise_tax_code, tax_code_check_digit
from ocop.geo.models import Province
from ocop.geo.services import AddressError, SuccessionTable, address_resolve
from ocop.imports.cells import as_text
from ocop.imports.columns import PRODUCER_COLUMNS, Column
from ocop.imports.folding import fold
from ocop.imports.lookups import CommuneLookup, HistoricalLookup
from ocop.imports.problems import CellError
from ocop.imports.validation import CREATE, BaseValidator, RowPlan
from ocop.producers.models import Producer

_FK = {
    "commune": "commune_id",
    "historical_district": "historical_district_id",
    "historical_commune": "historical_commune_id",
}
ATTNAMES = {column.key: _FK.get(column.key, column.key) for column in PRODUCER_COLUMNS}
_TAX_10 = re.compile(r"^(\d{10})(?:-(\d{3}))?$")


def read_tax_code(value: Any) -> str:
    """A tax code as stored (10 digits, 10-3 for a branch, or 12), or CellError saying what is wrong."""
    code = normalise_tax_code(as_text(value))
    if re.fullmatch(r"\d{12}", code):
        return code
    match = _TAX_10.match(code)
    if not match:
        raise CellError(
            _(
                "Mã số thuế “%(code)s” phải có 10 chữ số, 13 chữ số (10 số, gạch ngang, 3 số chi nhánh) hoặc "
                "12 chữ số định danh cá nhân. Nếu Excel làm mất số 0 ở đầu, hãy định dạng cột là Văn bản (Text)."
            ),
            {"code": code},
        )
    expected = tax_code_check_digit(match.group(1)[:9])
    if expected != int(match.group(1)[9]):
        raise CellError(
            _(
                "Mã số thuế %(code)s sai chữ số kiểm tra: chữ số thứ 10 phải là %(expected)s. "
                "Hãy kiểm tra lại từng chữ số."
            ),
            {"code": code, "expected": expected},
        )
    return code


class ProducerValidator(BaseValidator):
    kind = "producers"
    columns = PRODUCER_COLUMNS

    def __init__(self, *, province: Province):
        super().__init__()
        self.province = province
        self.communes = CommuneLookup(province)
        self.history = HistoricalLookup(province)
        self.successions = SuccessionTable.for_province(province)
        fields = ["id", *ATTNAMES.values()]
        self.existing: dict[int, dict[str, Any]] = {
            row["id"]: row for row in Producer.objects.filter(commune__province=province).values(*fields)
        }
        self.by_tax: dict[str, int] = {}
        self.by_name: dict[tuple[str, int], list[int]] = {}
        for pk, row in self.existing.items():
            if row["tax_code"]:
                self.by_tax[row["tax_code"]] = pk
            self.by_name.setdefault((fold(row["legal_name"]), row["commune_id"]), []).append(pk)
        self.elsewhere: dict[str, tuple[str, str]] = {
            tax: (name, province_name)
            for tax, name, province_name in Producer.objects.exclude(commune__province=province)
            .exclude(tax_code="")
            .values_list("tax_code", "legal_name", "commune__province__name")
        }
        self.seen_tax: dict[str, int] = {}
        self.seen_name: dict[tuple[str, int], tuple[int, str]] = {}
        self.column = {column.key: column for column in PRODUCER_COLUMNS}
        self.displays = {ATTNAMES[column.key]: (column, self._shower(column)) for column in PRODUCER_COLUMNS}

    def _shower(self, column: Column):
        return {
            "commune": self.communes.name_of,
            "historical_district": self.history.district_name,
            "historical_commune": self.history.commune_name,
        }.get(column.key)

    def lookup(self, column: Column, value: Any, values: dict[str, Any]) -> Any:
        if column.kind == "tax_code":
            return read_tax_code(value)
        text = str(value).strip()
        if column.kind == "commune":
            return self.communes.find(text).pk
        if column.kind == "district":
            return self.history.district(text).pk
        if column.kind == "old_commune":
            return self.history.commune(text, district_id=values.get("historical_district")).pk
        raise NotImplementedError(column.kind)

    def check(self, row: int, raw: dict[str, Any]) -> None:
        values, clean = self.read_row(row, raw)
        if all(key in values for key in _FK) and not self._address(row, raw, values):
            clean = False  # the address cells were read: their problem is listed with the others
        if not clean:
            return
        record = {ATTNAMES[key]: value for key, value in values.items()}
        tax = record["tax_code"]
        name_key = (fold(record["legal_name"]), record["commune_id"])
        label = record["legal_name"]
        if self._duplicate_in_file(row, tax, name_key, raw):
            return
        if tax and tax in self.elsewhere:
            other, province_name = self.elsewhere[tax]
            self.add(
                row,
                self.column["tax_code"],
                tax,
                _("Mã số thuế %(code)s đã được dùng cho chủ thể “%(name)s” ở %(province)s, ngoài tỉnh của bạn."),
                {"code": tax, "name": other, "province": province_name},
            )
            return
        pk = self._match(row, tax, name_key, raw)
        if pk is False:
            return
        if pk is None:
            self.plan.rows.append(RowPlan(row=row, action=CREATE, label=label, values=record))
            return
        self.plan.rows.append(self.compare(row, label, pk, self.existing[pk], record, self.displays))

    def _address(self, row: int, raw: dict[str, Any], values: dict[str, Any]) -> bool:
        """Complete the row's address with the succession table (the rule of ocop.geo.services), or add its problem."""
        try:
            address = address_resolve(
                commune_id=values["commune"],
                historical_district_id=values["historical_district"],
                historical_commune_id=values["historical_commune"],
                table=self.successions,
            )
        except AddressError as error:
            column = self.column[error.field or "commune"]
            self.add(row, column, raw.get(column.key), error.template, error.params)
            return False
        values["commune"], values["historical_district"] = address.commune_id, address.historical_district_id
        return True

    def _duplicate_in_file(self, row: int, tax: str, name_key: tuple[str, int], raw: dict[str, Any]) -> bool:
        if tax:
            first = self.seen_tax.get(tax)
            if first is not None:
                self.add(
                    row,
                    self.column["tax_code"],
                    tax,
                    _("Trùng dòng %(first)s: mã số thuế %(code)s xuất hiện hai lần trong tệp."),
                    {"first": first, "code": tax},
                )
                return True
            self.seen_tax[tax] = row
        seen = self.seen_name.get(name_key)
        if seen is not None and (not tax or not seen[1]):
            self.add(
                row,
                self.column["legal_name"],
                raw.get("legal_name"),
                _("Trùng dòng %(first)s: cùng tên chủ thể, cùng xã, phường (không phân biệt dấu, hoa thường)."),
                {"first": seen[0]},
            )
            return True
        self.seen_name.setdefault(name_key, (row, tax))
        return False

    def _match(self, row: int, tax: str, name_key: tuple[str, int], raw: dict[str, Any]) -> int | bool | None:
        """The pk to update, None to create, False when the row is refused (problem added)."""
        if tax and tax in self.by_tax:
            return self.by_tax[tax]
        candidates = self.by_name.get(name_key, [])
        if not candidates:
            return None
        if len(candidates) > 1:
            self.add(
                row,
                self.column["legal_name"],
                raw.get("legal_name"),
                _("Có %(count)s chủ thể cùng tên ở xã, phường này trong hệ thống; hãy ghi mã số thuế để phân biệt."),
                {"count": len(candidates)},
            )
            return False
        found = self.existing[candidates[0]]
        if found["tax_code"] and tax:
            self.add(
                row,
                self.column["tax_code"],
                tax,
                _(
                    "Chủ thể “%(name)s” ở xã, phường này đã có mã số thuế %(existing)s, khác %(code)s. "
                    "Không đổi mã số thuế qua nhập Excel; hãy sửa trong trang của chủ thể."
                ),
                {"name": found["legal_name"], "existing": found["tax_code"], "code": tax},
            )
            return False
        if found["tax_code"]:
            self.add(
                row,
                self.column["tax_code"],
                "",
                _("Chủ thể “%(name)s” đã có mã số thuế %(existing)s: hãy ghi mã số thuế này vào dòng."),
                {"name": found["legal_name"], "existing": found["tax_code"]},
            )
            return False
        return candidates[0]
