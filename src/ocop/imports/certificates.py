"""Validation and writing of a historical certificates file (paper certificates before the platform).

The same framework as the registry import: the file is read and every problem listed by row and
column in Vietnamese and English; the preview shows what will be created; nothing is written until
the officer confirms, and then every row in one transaction. Each row goes through the same rule as
the historical form (`ocop.certificates.services.historical_check`: stars, band, authority table,
contradiction with a decision in the system), and is written by `certificate_record_historical`.

The product of a row is the province's product with the given GTIN, or the product of that name of
the producer with the given tax code or legal name. Key: the certificate number. A number already
recorded for the same product, stars and decision is unchanged; for anything else it is refused.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ocop.accounts.system import SystemCaller
from ocop.certificates.models import Certificate
from ocop.core.errors import DomainError
from ocop.core.validators import normalise_tax_code
from ocop.criteria.models import CriteriaVersion
from ocop.geo.models import Province
from ocop.imports.columns import CERTIFICATE_COLUMNS
from ocop.imports.folding import fold
from ocop.imports.validation import CREATE, UNCHANGED, BaseValidator, RowPlan
from ocop.products.models import Product

# Which column a refusal of the historical rule belongs to (DomainError.field → column key).
FIELD_COLUMNS = {
    "stars": "stars",
    "total": "total",
    "number": "number",
    "decision_number": "decision_number",
    "decision_date": "decision_date",
    "signer_name": "signer_name",
    "valid_from": "valid_from",
    "authority_level": "stars",  # who may record which star (IssuingRule)
}


class CertificateValidator(BaseValidator):
    kind = "certificates"
    columns = CERTIFICATE_COLUMNS

    def __init__(self, *, province: Province, actor=None):
        super().__init__()
        self.province = province
        self.actor = actor
        self.column = {column.key: column for column in CERTIFICATE_COLUMNS}
        products = list(
            Product.objects.filter(producer__commune__province=province).select_related(
                "producer__commune__province", "producer__historical_district"
            )
        )
        self.products = {product.pk: product for product in products}
        self.by_gtin = {product.gtin: product.pk for product in products if product.gtin}
        self.by_tax: dict[tuple[str, str], list[int]] = {}
        self.by_name: dict[tuple[str, str], list[int]] = {}
        for product in products:
            name = fold(product.name_vi)
            if product.producer.tax_code:
                self.by_tax.setdefault((product.producer.tax_code, name), []).append(product.pk)
            self.by_name.setdefault((fold(product.producer.legal_name), name), []).append(product.pk)
        self.versions = {version.code: version for version in CriteriaVersion.objects.all()}
        self.existing = {
            row["number"]: row
            for row in Certificate.objects.values("number", "product_id", "stars", "decision_number", "decision_date")
        }
        self.seen_number: dict[str, int] = {}
        self.seen_decision: dict[tuple[int, str], int] = {}

    def check(self, row: int, raw: dict[str, Any]) -> None:
        values, clean = self.read_row(row, raw)
        if not clean:
            return
        product = self._product(row, values, raw)
        if product is None:
            return
        number = values["number"]
        label = f"{number} – {product.name_vi} ★{values['stars']}"
        if self._duplicate(row, number, product, values):
            return
        found = self.existing.get(number)
        if found is not None:
            if (
                found["product_id"] == product.pk
                and found["stars"] == values["stars"]
                and found["decision_number"] == values["decision_number"]
                and found["decision_date"] == values["decision_date"]
            ):
                self.plan.rows.append(
                    RowPlan(row=row, action=UNCHANGED, label=label, values=self._record(product, values))
                )
                return
            self.add(
                row,
                self.column["number"],
                number,
                _("Số giấy chứng nhận %(number)s đã có trong hệ thống cho một giấy khác."),
                {"number": number},
            )
            return
        if not self._rule_holds(row, product, values):
            return
        self.plan.rows.append(RowPlan(row=row, action=CREATE, label=label, values=self._record(product, values)))

    def _record(self, product: Product, values: dict[str, Any]) -> dict[str, Any]:
        """What the apply writes, JSON-safe, so that the fingerprint compares like with like."""
        return {
            "product_id": product.pk,
            "number": values["number"],
            "stars": values["stars"],
            "criteria_version": values["criteria_version"],
            "total": None if values["total"] is None else str(values["total"].quantize(Decimal("0.01"))),
            "decision_number": values["decision_number"],
            "decision_date": values["decision_date"].isoformat(),
            "signer_name": values["signer_name"],
            "signer_title": values["signer_title"],
            "valid_from": values["valid_from"].isoformat() if values["valid_from"] else None,
        }

    def _product(self, row: int, values: dict[str, Any], raw: dict[str, Any]) -> Product | None:
        gtin = values["gtin"].replace(" ", "")
        if gtin:
            pk = self.by_gtin.get(gtin) or self.by_gtin.get(gtin.lstrip("0"))
            if pk is None:
                self.add(
                    row,
                    self.column["gtin"],
                    gtin,
                    _("Không có sản phẩm nào có mã GTIN %(code)s trong tỉnh; hãy nhập sản phẩm trước."),
                    {"code": gtin},
                )
                return None
            return self.products[pk]
        name = values["product_name"]
        if not name:
            self.add(row, self.column["product_name"], "", _("Thiếu tên sản phẩm (hoặc mã GTIN sản phẩm)."))
            return None
        tax = normalise_tax_code(values["producer_tax_code"])
        if tax:
            candidates = self.by_tax.get((tax, fold(name)), [])
        elif values["producer_name"]:
            candidates = self.by_name.get((fold(values["producer_name"]), fold(name)), [])
        else:
            self.add(
                row,
                self.column["producer_name"],
                "",
                _("Thiếu mã số thuế hoặc tên chủ thể để tìm sản phẩm “%(name)s”."),
                {"name": name},
            )
            return None
        if len(candidates) == 1:
            return self.products[candidates[0]]
        if candidates:
            message = _("Có %(count)s sản phẩm “%(name)s” của chủ thể này; hãy ghi mã GTIN sản phẩm.")
        else:
            message = _("Không tìm thấy sản phẩm “%(name)s” của chủ thể này trong tỉnh; hãy nhập sản phẩm trước.")
        self.add(
            row, self.column["product_name"], raw.get("product_name"), message, {"count": len(candidates), "name": name}
        )
        return None

    def _duplicate(self, row: int, number: str, product: Product, values: dict[str, Any]) -> bool:
        first = self.seen_number.get(number)
        if first is not None:
            self.add(
                row,
                self.column["number"],
                number,
                _("Trùng dòng %(first)s: số giấy chứng nhận %(number)s xuất hiện hai lần trong tệp."),
                {"first": first, "number": number},
            )
            return True
        self.seen_number[number] = row
        key = (product.pk, "".join(values["decision_number"].split()).casefold())
        first = self.seen_decision.get(key)
        if first is not None:
            self.add(
                row,
                self.column["decision_number"],
                values["decision_number"],
                _("Trùng dòng %(first)s: cùng sản phẩm, cùng số quyết định."),
                {"first": first},
            )
            return True
        self.seen_decision[key] = row
        return False

    def _rule_holds(self, row: int, product: Product, values: dict[str, Any]) -> bool:
        """The historical rule of the certificates app, its refusal in both languages on its column."""
        from ocop.certificates.services import authority_name_for, check_issuing_authority, historical_check

        version = self.versions.get(values["criteria_version"])
        if version is None:
            self.add(
                row,
                self.column["criteria_version"],
                values["criteria_version"],
                _("Bộ tiêu chí này chưa được nạp vào hệ thống."),
            )
            return False

        def run() -> None:
            level, _decision = historical_check(
                product=product,
                stars=values["stars"],
                criteria_version=version,
                number=values["number"],
                decision_number=values["decision_number"],
                decision_date=values["decision_date"],
                signer_name=values["signer_name"],
                total=values["total"],
            )
            authority_name_for(level=level, product=product)
            check_issuing_authority(
                actor=self.actor,
                product=product,
                stars=values["stars"],
                authority_level=level,
                decision_date=values["decision_date"],
                system=SystemCaller.IMPORT,
            )

        try:
            with translation.override("vi"):
                run()
        except DomainError as refused:
            message_vi, field = refused.message, refused.field
            with translation.override("en"):
                try:
                    run()
                    message_en = message_vi
                except DomainError as again:
                    message_en = again.message
            column = self.column[FIELD_COLUMNS.get(field or "", "decision_number")]
            self.plan.problems.append(
                {
                    "row": row,
                    "column": column.header,
                    "value": str(values.get(column.key) or ""),
                    "message_vi": message_vi,
                    "message_en": message_en,
                }
            )
            return False
        return True


def certificates_write(*, plan, actor, job_id: int) -> int:
    """Record every planned certificate through the historical service. Call inside atomic().

    A refusal here means the database changed since the preview: StalePlan, so the job re-validates.
    """
    from ocop.certificates.services import certificate_record_historical
    from ocop.imports.writers import StalePlan

    versions = {version.code: version for version in CriteriaVersion.objects.all()}
    products = Product.objects.in_bulk([row.values["product_id"] for row in plan.rows if row.action == CREATE])
    created = 0
    for row in plan.rows:
        if row.action != CREATE:
            continue
        values = row.values
        product = products.get(values["product_id"])
        if product is None:
            raise StalePlan(row.row)
        try:
            certificate_record_historical(
                actor=actor,
                product=product,
                stars=values["stars"],
                criteria_version=versions[values["criteria_version"]],
                number=values["number"],
                decision_number=values["decision_number"],
                decision_date=datetime.date.fromisoformat(values["decision_date"]),
                signer_name=values["signer_name"],
                signer_title=values["signer_title"],
                total=None if values["total"] is None else Decimal(values["total"]),
                valid_from=datetime.date.fromisoformat(values["valid_from"]) if values["valid_from"] else None,
                require_document=False,
                source=f"import_job #{job_id}, row {row.row}",
                system=SystemCaller.IMPORT,
            )
        except DomainError:
            raise StalePlan(row.row) from None
        created += 1
    return created
