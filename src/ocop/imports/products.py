"""Validation of a products file.

The producer of a row is the province's producer with the given tax code or, without one, with
the given legal name in the given commune; producers are not created from a products file.
Matching rule: a row with a GTIN is the product with that GTIN (update) or a new one; a row
without GTIN is the producer's product with the same Vietnamese name (compared without diacritics
or case), or a new one. A GTIN is never changed or removed by an import.
"""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from ocop.core.validators import gs1_check_digit, normalise_tax_code
from ocop.criteria.models import ProductSet
from ocop.geo.models import Province
from ocop.imports.cells import as_text, is_blank
from ocop.imports.columns import PRODUCT_COLUMNS, Column
from ocop.imports.folding import fold
from ocop.imports.lookups import CommuneLookup
from ocop.imports.problems import CellError
from ocop.imports.validation import CREATE, BaseValidator, RowPlan
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.products.services import status_change_problem

CRITERIA_VERSION = "QD148"
# Columns that are not fields of the product: they find its producer.
PRODUCER_KEYS = ("producer_tax_code", "producer_name", "producer_commune")
ATTNAMES = {
    column.key: ("product_set_id" if column.key == "product_set" else column.key)
    for column in PRODUCT_COLUMNS
    if column.key not in PRODUCER_KEYS
}


def read_gtin(value: Any) -> str:
    code = as_text(value).replace(" ", "")
    if not re.fullmatch(r"\d{8}|\d{12}|\d{13}|\d{14}", code):
        raise CellError(_("Mã GTIN “%(code)s” phải gồm 8, 12, 13 hoặc 14 chữ số."), {"code": code})
    expected = gs1_check_digit(code[:-1])
    if expected != int(code[-1]):
        raise CellError(
            _("Mã GTIN %(code)s sai chữ số kiểm tra GS1: chữ số cuối phải là %(expected)s."),
            {"code": code, "expected": expected},
        )
    return code


def read_hs_code(value: Any) -> str:
    code = as_text(value).replace(" ", "")
    if not re.fullmatch(r"\d{4,10}", code.replace(".", "")) or len(code) > 10:
        raise CellError(_("Mã HS “%(code)s” phải gồm 4 đến 10 chữ số."), {"code": code})
    return code


class ProductValidator(BaseValidator):
    kind = "products"
    columns = PRODUCT_COLUMNS

    def __init__(self, *, province: Province):
        super().__init__()
        self.province = province
        self.communes = CommuneLookup(province)
        self.producers: dict[int, dict[str, Any]] = {
            row["id"]: row
            for row in Producer.objects.filter(commune__province=province).values(
                "id", "legal_name", "tax_code", "commune_id"
            )
        }
        self.producer_by_tax = {row["tax_code"]: pk for pk, row in self.producers.items() if row["tax_code"]}
        self.producer_by_name: dict[tuple[str, int], list[int]] = {}
        for pk, row in self.producers.items():
            self.producer_by_name.setdefault((fold(row["legal_name"]), row["commune_id"]), []).append(pk)
        self.producers_elsewhere = dict(
            Producer.objects.exclude(commune__province=province)
            .exclude(tax_code="")
            .values_list("tax_code", "commune__province__name")
        )
        self.sets = {
            number: (pk, code)
            for pk, number, code in ProductSet.objects.filter(version__code__iexact=CRITERIA_VERSION).values_list(
                "id", "number", "code"
            )
        }
        self.set_codes = dict(self.sets.values())
        fields = ["id", "producer_id", *ATTNAMES.values()]
        self.existing: dict[int, dict[str, Any]] = {
            row["id"]: row for row in Product.objects.filter(producer__commune__province=province).values(*fields)
        }
        self.by_gtin = {row["gtin"]: pk for pk, row in self.existing.items() if row["gtin"]}
        self.by_name = {(row["producer_id"], fold(row["name_vi"])): pk for pk, row in self.existing.items()}
        self.gtin_elsewhere = {
            gtin: (name, producer)
            for gtin, name, producer in Product.objects.exclude(producer__commune__province=province)
            .exclude(gtin="")
            .values_list("gtin", "name_vi", "producer__legal_name")
        }
        self.seen_gtin: dict[str, int] = {}
        self.seen_name: dict[tuple[int, str], int] = {}
        self.column = {column.key: column for column in PRODUCT_COLUMNS}
        self.displays = {
            ATTNAMES[key]: (column, self._set_code if key == "product_set" else None)
            for key, column in self.column.items()
            if key in ATTNAMES
        }

    def _set_code(self, pk: int | None) -> str:
        return self.set_codes.get(pk, "") if pk else ""

    def lookup(self, column: Column, value: Any, values: dict[str, Any]) -> Any:
        if column.kind == "gtin":
            return read_gtin(value)
        if column.kind == "hs_code":
            return read_hs_code(value)
        if column.kind == "producer_tax_code":
            return normalise_tax_code(as_text(value))
        if column.kind == "product_set":
            return self._product_set(value)
        raise NotImplementedError(column.kind)

    def _product_set(self, value: Any) -> int:
        if not self.sets:
            raise CellError(_("Chưa có danh mục bộ sản phẩm theo QĐ 148 trong hệ thống; hãy để trống cột này."))
        match = re.match(r"^\s*(\d{1,2})\b", as_text(value))
        found = self.sets.get(int(match.group(1))) if match else None
        if found is None:
            raise CellError(
                _("Không có bộ sản phẩm “%(value)s” theo QĐ 148 (ghi số từ 01 đến %(last)02d)."),
                {"value": as_text(value), "last": max(self.sets)},
            )
        return found[0]

    def check(self, row: int, raw: dict[str, Any]) -> None:
        values, clean = self.read_row(row, raw)
        if not clean:
            return
        producer_id = self._producer(row, values, raw)
        if producer_id is None or not self._consistent(row, values, raw):
            return
        record = {attname: values[key] for key, attname in ATTNAMES.items()}
        gtin = record["gtin"]
        name_key = (producer_id, fold(record["name_vi"]))
        label = f"{record['name_vi']} – {self.producers[producer_id]['legal_name']}"
        if self._duplicate_in_file(row, gtin, name_key, raw):
            return
        pk = self._match(row, gtin, name_key, producer_id, raw)
        if pk is False:
            return
        # The same rule as the product form and the API: certificate statuses follow the certificates.
        refused = status_change_problem(
            current=None if pk is None else self.existing[pk]["status"], new=record["status"]
        )
        if refused is not None:
            self.add(row, self.column["status"], raw.get("status"), *refused)
            return
        if pk is None:
            self.plan.rows.append(
                RowPlan(row=row, action=CREATE, label=label, values={**record, "producer_id": producer_id})
            )
            return
        self.plan.rows.append(self.compare(row, label, pk, self.existing[pk], record, self.displays))

    def _producer(self, row: int, values: dict[str, Any], raw: dict[str, Any]) -> int | None:
        tax = values["producer_tax_code"]
        if tax:
            if tax in self.producer_by_tax:
                return self.producer_by_tax[tax]
            if tax in self.producers_elsewhere:
                message = _("Chủ thể có mã số thuế %(code)s thuộc %(province)s, ngoài tỉnh của bạn.")
                params = {"code": tax, "province": self.producers_elsewhere[tax]}
            else:
                message = _("Không có chủ thể nào có mã số thuế %(code)s trong tỉnh; hãy nhập chủ thể trước.")
                params = {"code": tax}
            self.add(row, self.column["producer_tax_code"], tax, message, params)
            return None
        missing = [key for key in ("producer_name", "producer_commune") if is_blank(raw.get(key))]
        for key in missing:
            self.add(
                row,
                self.column[key],
                "",
                _("Thiếu “%(header)s”: bắt buộc khi không có mã số thuế chủ thể."),
                {"header": self.column[key].header},
            )
        if missing:
            return None
        try:
            commune = self.communes.find(values["producer_commune"])
        except CellError as error:
            self.add(row, self.column["producer_commune"], raw.get("producer_commune"), error.message, error.params)
            return None
        candidates = self.producer_by_name.get((fold(values["producer_name"]), commune.pk), [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            message = _("Có %(count)s chủ thể tên “%(name)s” ở %(commune)s; hãy ghi mã số thuế chủ thể.")
        else:
            message = _("Không tìm thấy chủ thể “%(name)s” ở %(commune)s; hãy nhập chủ thể trước.")
        params = {"count": len(candidates), "name": values["producer_name"], "commune": commune.name}
        self.add(row, self.column["producer_name"], values["producer_name"], message, params)
        return None

    def _consistent(self, row: int, values: dict[str, Any], raw: dict[str, Any]) -> bool:
        ok = True
        if values["net_content"] is not None and not values["net_content_unit"]:
            self.add(row, self.column["net_content_unit"], "", _("Thiếu đơn vị cho khối lượng, thể tích tịnh."))
            ok = False
        low, high = values["price_min_vnd"], values["price_max_vnd"]
        if low is not None and high is not None and low > high:
            self.add(
                row,
                self.column["price_max_vnd"],
                raw.get("price_max_vnd"),
                _("Giá cao nhất (%(high)s) nhỏ hơn giá thấp nhất (%(low)s)."),
                {"high": high, "low": low},
            )
            ok = False
        return ok

    def _duplicate_in_file(self, row: int, gtin: str, name_key: tuple[int, str], raw: dict[str, Any]) -> bool:
        if gtin:
            first = self.seen_gtin.get(gtin)
            if first is not None:
                self.add(
                    row,
                    self.column["gtin"],
                    gtin,
                    _("Trùng dòng %(first)s: mã GTIN %(code)s xuất hiện hai lần trong tệp."),
                    {"first": first, "code": gtin},
                )
                return True
            self.seen_gtin[gtin] = row
        first = self.seen_name.get(name_key)
        if first is not None:
            self.add(
                row,
                self.column["name_vi"],
                raw.get("name_vi"),
                _("Trùng dòng %(first)s: cùng chủ thể, cùng tên sản phẩm (không phân biệt dấu, hoa thường)."),
                {"first": first},
            )
            return True
        self.seen_name[name_key] = row
        return False

    def _match(self, row: int, gtin: str, name_key, producer_id: int, raw: dict[str, Any]) -> int | bool | None:
        named = self.by_name.get(name_key)
        if gtin:
            if gtin in self.gtin_elsewhere:
                name, producer = self.gtin_elsewhere[gtin]
                self._gtin_taken(row, gtin, name, producer)
                return False
            pk = self.by_gtin.get(gtin)
            if pk is not None:
                found = self.existing[pk]
                if found["producer_id"] != producer_id:
                    self._gtin_taken(row, gtin, found["name_vi"], self.producers[found["producer_id"]]["legal_name"])
                    return False
                if named is not None and named != pk:
                    self.add(
                        row,
                        self.column["name_vi"],
                        raw.get("name_vi"),
                        _(
                            "Chủ thể đã có một sản phẩm khác tên “%(name)s” (mã GTIN khác); "
                            "tên sản phẩm phải khác nhau."
                        ),
                        {"name": self.existing[named]["name_vi"]},
                    )
                    return False
                return pk
        if named is None:
            return None
        found = self.existing[named]
        if found["gtin"] and gtin:
            self.add(
                row,
                self.column["gtin"],
                gtin,
                _(
                    "Sản phẩm “%(name)s” đã có mã GTIN %(existing)s, khác %(code)s. "
                    "Không đổi mã GTIN qua nhập Excel; hãy sửa trong trang sản phẩm."
                ),
                {"name": found["name_vi"], "existing": found["gtin"], "code": gtin},
            )
            return False
        if found["gtin"]:
            self.add(
                row,
                self.column["gtin"],
                "",
                _("Sản phẩm “%(name)s” đã có mã GTIN %(existing)s: hãy ghi mã này vào dòng."),
                {"name": found["name_vi"], "existing": found["gtin"]},
            )
            return False
        return named

    def _gtin_taken(self, row: int, gtin: str, name: str, producer: str) -> None:
        self.add(
            row,
            self.column["gtin"],
            gtin,
            _("Mã GTIN %(code)s đã được dùng cho sản phẩm “%(name)s” của chủ thể “%(producer)s”."),
            {"code": gtin, "name": name, "producer": producer},
        )
