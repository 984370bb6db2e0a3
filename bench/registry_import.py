"""Excel import throughput: a generated 10,000-row producers file, validated and applied.

Assumes Django is set up with a migrated database holding the administrative units
(`ocop_geo_load`). Prints and returns rows per second for validation and for apply.
"""

import io
import random
import time

import openpyxl
from django.db import transaction
from django.utils import translation

from ocop.accounts.models import Role, User
from ocop.core.validators import tax_code_check_digit
from ocop.geo.models import Commune, Province
from ocop.imports.columns import COLUMNS, DATA_SHEET
from ocop.imports.models import ImportJob, ImportStatus
from ocop.imports.services import _plan, job_progress_save
from ocop.imports.writers import plan_write
from ocop.producers.models import ProducerType

ROWS = 10_000
QUANG_NINH = 22


def _tax_code(number: int) -> str:
    body = f"59{number:07d}"
    return body + str(tax_code_check_digit(body))


def producers_file(rows: int = ROWS, seed: int = 2026) -> bytes:
    """A producers file as an officer fills it: real Quảng Ninh communes, valid tax codes."""
    rng = random.Random(seed)
    with translation.override("vi"):
        kinds = [str(member.label) for member in ProducerType]
    communes = list(Commune.objects.filter(province__code=QUANG_NINH).values_list("name", flat=True))
    columns = COLUMNS["producers"]
    book = openpyxl.Workbook()  # a normal workbook, saved with its <dimension> as Excel saves it
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append([column.header_vi for column in columns])
    sheet.append([column.header_en for column in columns])
    for n in range(rows):
        values = {
            "tax_code": _tax_code(n) if n % 4 else "",
            "legal_name": f"Hợp tác xã Đặc sản Quảng Ninh số {n}",
            "short_name": f"HTX số {n}",
            "producer_type": rng.choice(kinds),
            "registration_number": f"22{n:08d}",
            "registration_date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2000, 2024)}",
            "representative_name": "Nguyễn Văn An",
            "representative_gender": rng.choice(["Nam", "Nữ"]),
            "representative_ethnic_minority": rng.choice(["Có", "Không"]),
            "address": f"Thôn {rng.randint(1, 12)}",
            "commune": rng.choice(communes),
            "phone": f"0203{n:06d}",
            "email": f"htx{n}@example.vn",
            "founded_year": rng.randint(1990, 2024),
            "employees": rng.randint(1, 200),
            "members": rng.randint(7, 100),
            "local_labour_share": rng.randint(50, 100),
            "story_vi": "Sản phẩm đặc sản của địa phương.",
        }
        sheet.append([values.get(column.key) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run() -> list[str]:
    province = Province.objects.get(code=QUANG_NINH)
    officer, _created = User.objects.get_or_create(
        username="bench-import-officer", defaults={"role": Role.PROVINCIAL_OFFICER, "province": province}
    )
    data = producers_file()
    job = ImportJob(kind="producers", created_by=officer, province=province, original_name="bench.xlsx")
    job.file.save("bench-producers.xlsx", io.BytesIO(data), save=False)
    job.status = ImportStatus.VALIDATING
    job.save()
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        plan = _plan(job, progress=lambda count: job_progress_save(job.pk, count))
        validate_seconds = time.perf_counter() - started
        validate_cpu = time.process_time() - cpu_started
        if plan.problems:
            raise RuntimeError(f"bench file has problems: {plan.problems[:3]}")
        started, cpu_started = time.perf_counter(), time.process_time()
        with transaction.atomic():
            created, updated = plan_write(plan=plan, actor=officer, job_id=job.pk)
        apply_seconds = time.perf_counter() - started
        apply_cpu = time.process_time() - cpu_started
    finally:
        job.file.delete(save=False)
    rows = len(plan.rows)
    lines = [
        f"registry import: {rows} producer rows, {len(data) / 1024 / 1024:.1f} MB file",
        f"registry import validation (read + every check): {rows / validate_seconds:,.0f} rows/s "
        f"({validate_seconds:.2f} s; goal ≥ 5,000 rows/s); per CPU second of this process "
        f"{rows / validate_cpu:,.0f} rows/s (the machine may be shared)",
        f"registry import apply (one transaction, audit events): {rows / apply_seconds:,.0f} rows/s "
        f"({apply_seconds:.2f} s; goal ≥ 5,000 rows/s; {created} created, {updated} updated); per CPU second "
        f"of this process {rows / apply_cpu:,.0f} rows/s (the database's own time is not in it)",
    ]
    for line in lines:
        print(line)
    return lines
