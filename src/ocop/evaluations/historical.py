"""Import of past evaluation results from Excel: read, validate, preview; apply only on confirmation.

It reuses the registry import's reader and problem format (`ocop.imports.readers`, `.problems`,
`.cells`): the header row is matched without diacritics (Vietnamese or English), the English header
row may follow, every problem names its row and column in both languages, and nothing is written
until the officer confirms the preview. Each row becomes a decided historical dossier with its
decision (QĐ 1048 results carry no product set).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.policy import may_run_historical_import
from ocop.core.errors import DomainError
from ocop.core.services import audit_record
from ocop.core.text import fold_vietnamese
from ocop.criteria.engine import star_bands_of, stars_for_total
from ocop.criteria.models import CriteriaVersion, ProductSet
from ocop.evaluations import authority
from ocop.evaluations.models import Decision, HistoricalImport
from ocop.imports.cells import as_date, as_decimal, as_int, as_text, is_blank
from ocop.imports.columns import Column
from ocop.imports.problems import CellError, ImportFileError, problem
from ocop.imports.readers import check_upload, read_sheet
from ocop.products.models import Product

COLUMNS = (
    Column("product", "Sản phẩm", "Product", required=True),
    Column("producer", "Chủ thể", "Producer"),
    Column("year", "Năm đánh giá", "Evaluation year", kind="int", required=True),
    Column("version", "Bộ tiêu chí", "Criteria version", required=True),
    Column("product_set", "Bộ sản phẩm", "Product set"),
    Column("total", "Tổng điểm", "Total points", kind="decimal", required=True),
    Column("stars", "Hạng sao", "Stars", kind="int", required=True),
    Column("number", "Số quyết định", "Decision number", required=True),
    Column("date", "Ngày quyết định", "Decision date", kind="date", required=True),
)
VERSION_ALIASES = {
    "1048": "QD1048",
    "qd1048": "QD1048",
    "qd 1048": "QD1048",
    "148": "QD148",
    "qd148": "QD148",
    "qd 148": "QD148",
}


def _require_importer(user):
    if not may_run_historical_import(user) or user.province_id is None:
        raise PermissionDenied
    return user.province


def _version(value) -> str:
    folded = fold_vietnamese(as_text(value)).replace("/qd-ttg", "").replace("quyet dinh", "").strip()
    code = VERSION_ALIASES.get(folded) or VERSION_ALIASES.get(folded.replace(".", ""))
    if code is None:
        raise CellError(_("Bộ tiêu chí phải là QĐ 1048 hoặc QĐ 148."))
    return code


def _product_index(province) -> dict[str, list[Product]]:
    index: dict[str, list[Product]] = {}
    for product in Product.objects.filter(producer__commune__province=province).select_related("producer"):
        index.setdefault(fold_vietnamese(product.name_vi), []).append(product)
        if product.gtin:
            index.setdefault(product.gtin, []).append(product)
    return index


def validate_rows(*, rows, province) -> tuple[list[dict], list[dict]]:
    """The rows as values to write, and every problem (row, column, value, message in vi and en)."""
    products = _product_index(province)
    versions = {v.code: v for v in CriteriaVersion.objects.all()}
    sets = {(s.version.code, s.number): s for s in ProductSet.objects.select_related("version")}
    existing = set(Decision.objects.values_list("product_id", "number"))
    valid, problems = [], []
    seen = set()
    by_key = {c.key: c for c in COLUMNS}
    readers = {"int": as_int, "decimal": as_decimal, "date": as_date}
    for row_number, raw in rows:
        values, row_problems = {}, []

        def refuse(key, value, message, params=None, _row=row_number, _problems=row_problems):
            _problems.append(problem(row=_row, column=by_key[key].header, value=value, message=message, params=params))

        for column in COLUMNS:
            value = raw.get(column.key)
            if is_blank(value):
                if column.required:
                    refuse(column.key, value, _("Ô bắt buộc, không được để trống."))
                continue
            try:
                if column.key == "version":
                    values["version"] = _version(value)
                else:
                    values[column.key] = readers.get(column.kind, as_text)(value)
            except CellError as error:
                refuse(column.key, value, error.message, error.params)
        if not row_problems:
            candidates = products.get(fold_vietnamese(values["product"]), []) or products.get(values["product"], [])
            if values.get("producer"):
                wanted = fold_vietnamese(values["producer"])
                candidates = [p for p in candidates if wanted in fold_vietnamese(p.producer.legal_name)]
            if len(candidates) != 1:
                refuse(
                    "product",
                    values["product"],
                    _("Không tìm thấy sản phẩm này trong tỉnh.")
                    if not candidates
                    else _("Có nhiều sản phẩm cùng tên; hãy ghi thêm tên chủ thể."),
                )
            total, stars = values["total"], values["stars"]
            if not Decimal(0) <= total <= Decimal(100):
                refuse("total", total, _("Tổng điểm phải từ 0 đến 100."))
            version = versions.get(values["version"])
            band = 0
            if version is not None:
                band = stars_for_total(total=total, star_bands=star_bands_of(version.star_bands))
            if not 1 <= stars <= 5 or stars > band:
                refuse(
                    "stars",
                    stars,
                    _("Hạng sao phải từ 1 đến 5 và không cao hơn hạng theo tổng điểm (%(band)s sao)."),
                    {"band": band},
                )
            day: datetime.date = values["date"]
            if day > timezone.localdate():
                refuse("date", day, _("Ngày quyết định không được sau hôm nay."))
            try:
                authority.period_for(version_code=values["version"], on=day)
            except DomainError:
                refuse("date", day, _("Ngày quyết định nằm ngoài thời gian hiệu lực của bộ tiêu chí này."))
            if not 0 <= day.year - values["year"] <= 1:
                refuse("year", values["year"], _("Năm đánh giá phải là năm của ngày quyết định hoặc năm trước đó."))
            set_id = None
            if values.get("product_set"):
                if values["version"] != "QD148":
                    refuse("product_set", values["product_set"], _("Chỉ ghi bộ sản phẩm cho kết quả theo QĐ 148."))
                else:
                    try:
                        found = sets.get(("QD148", as_int(values["product_set"])))
                    except CellError:
                        found = None
                    if found is None:
                        refuse("product_set", values["product_set"], _("Không có bộ sản phẩm số này trong QĐ 148."))
                    else:
                        set_id = found.pk
            if not row_problems:
                product = candidates[0]
                key = (product.pk, values["number"])
                if key in existing or key in seen:
                    refuse("number", values["number"], _("Kết quả này (sản phẩm và số quyết định) đã có."))
                seen.add(key)
                if not row_problems:
                    valid.append(
                        {
                            "row": row_number,
                            "product_id": product.pk,
                            "product": product.name_vi,
                            "producer": product.producer.legal_name,
                            "year": values["year"],
                            "version": values["version"],
                            "product_set_id": set_id,
                            "total": str(total.quantize(Decimal("0.01"))),
                            "stars": stars,
                            "number": values["number"],
                            "date": day.isoformat(),
                        }
                    )
        problems.extend(row_problems)
    return valid, problems


@transaction.atomic
def historical_import_create(*, actor, upload) -> HistoricalImport:
    """Read and validate a file; keep the preview. Nothing is written to the results yet."""
    province = _require_importer(actor)
    head = upload.read(8)
    upload.seek(0)
    job = HistoricalImport(province=province, original_name=upload.name[:255], created_by=actor)
    try:
        check_upload(name=upload.name, size=upload.size, head=head)
        sheet = read_sheet(upload, name=upload.name, columns=COLUMNS)
        rows, problems = validate_rows(rows=sheet.rows, province=province)
        problems = sheet.problems + problems
    except ImportFileError as error:
        rows, problems = [], error.problems
    job.rows = rows
    job.problems = problems
    job.status = HistoricalImport.Status.INVALID if problems or not rows else HistoricalImport.Status.READY
    job.save()
    audit_record(
        actor=actor,
        action="historical_import.upload",
        target=job,
        after={"rows": len(rows), "problems": len(problems)},
    )
    return job


@transaction.atomic
def historical_import_confirm(*, actor, job: HistoricalImport) -> HistoricalImport:
    from ocop.evaluations.services import historical_result_record

    province = _require_importer(actor)
    job = HistoricalImport.objects.select_for_update().get(pk=job.pk)
    if job.province_id != province.pk:
        raise PermissionDenied
    if job.status != HistoricalImport.Status.READY:
        raise DomainError(str(_("Chỉ ghi được tệp đã kiểm tra không có lỗi và chưa được ghi.")), field="status")
    products = {
        p.pk: p for p in Product.objects.filter(pk__in=[r["product_id"] for r in job.rows]).select_related("producer")
    }
    versions = {v.code: v for v in CriteriaVersion.objects.all()}
    sets = {
        s.pk: s
        for s in ProductSet.objects.filter(pk__in=[r["product_set_id"] for r in job.rows if r["product_set_id"]])
    }
    for row in job.rows:
        if (
            row["product_id"] not in products
            or Decision.objects.filter(product_id=row["product_id"], number=row["number"]).exists()
        ):
            raise DomainError(
                str(_("Dữ liệu đã thay đổi từ lúc xem trước (dòng %(row)s). Chưa ghi gì cả: hãy tải tệp lên lại."))
                % {"row": row["row"]},
                field="file",
            )
        historical_result_record(
            actor=actor,
            product=products[row["product_id"]],
            criteria_version=versions[row["version"]],
            total=Decimal(row["total"]),
            stars=row["stars"],
            number=row["number"],
            decided_on=datetime.date.fromisoformat(row["date"]),
            product_set=sets.get(row["product_set_id"]),
            source=f"{job.original_name} #{job.pk}, dòng {row['row']}",
        )
    job.status = HistoricalImport.Status.DONE
    job.applied_at = timezone.now()
    job.applied_count = len(job.rows)
    job.save()
    audit_record(actor=actor, action="historical_import.apply", target=job, after={"applied": job.applied_count})
    return job
