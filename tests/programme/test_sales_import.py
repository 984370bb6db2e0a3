"""The sales workbook goes through the worker: the upload is stored and queued, the check runs after
the commit with a progress bar, the page shows problems and rows, and the confirmed apply writes every
line in one transaction or none."""

import io

import openpyxl
import pytest
from django.urls import reverse

from ocop.core.models import OutboxEntry
from ocop.programme.models import SalesImport, SalesLine
from ocop.programme.sales_import import COLUMNS, sales_import_apply, sales_import_check
from ocop.programme.services import sales_line_save

TEA = "Trà hoa vàng thử nghiệm"
GOOD_ROWS = [
    ["", TEA, 2024, "Quý", 1, "Xuất khẩu", 5_000_000, ""],
    ["", "tra hoa vang thu nghiem", 2024, "thang", 4, "Thương mại điện tử", "1.200.000", "Shopee"],
]


def _upload(rows, name="doanh-so.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Dữ liệu"
    sheet.append([c.header_vi for c in COLUMNS])
    sheet.append([c.header_en for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = name
    return upload


@pytest.fixture
def producer(client, world, products):
    client.force_login(world["users"]["producer"])
    return world["users"]["producer"]


def _upload_and_check(client, capture, rows) -> SalesImport:
    with capture(execute=True):
        response = client.post(reverse("programme:sales_import"), {"file": _upload(rows)})
    assert response.status_code == 302
    return SalesImport.objects.get()


def _confirm(client, capture, record) -> None:
    with capture(execute=True):
        response = client.post(reverse("programme:sales_import_preview", args=[record.pk]))
    assert response.status_code == 302


def test_the_upload_is_stored_and_queued_and_nothing_checked_in_the_request(
    client, producer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("programme:sales_import"), {"file": _upload(GOOD_ROWS)})
    record = SalesImport.objects.get()
    assert response.url == reverse("programme:sales_import_preview", args=[record.pk])
    assert record.status == SalesImport.Status.UPLOADED
    assert record.rows == []
    assert list(OutboxEntry.objects.values_list("task_name", "args")) == [
        ("ocop.programme.sales_import_check", [record.pk])
    ]


def test_while_queued_the_page_shows_the_progress_bar(client, producer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("programme:sales_import"), {"file": _upload(GOOD_ROWS)})
    record = SalesImport.objects.get()
    page = client.get(reverse("programme:sales_import_preview", args=[record.pk])).content.decode()
    progress_url = reverse("programme:sales_import_progress", args=[record.pk])
    assert f'hx-get="{progress_url}"' in page
    assert "Xác nhận và ghi tất cả" not in page


def test_the_check_moves_the_status_and_the_preview_shows_the_rows(
    client, producer, django_capture_on_commit_callbacks
):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    assert record.status == SalesImport.Status.PREVIEWED
    assert (record.processed_rows, record.total_rows) == (2, 2)
    assert [row["amount_vnd"] for row in record.rows] == [5_000_000, 1_200_000]
    page = client.get(reverse("programme:sales_import_preview", args=[record.pk])).content.decode()
    assert "Xác nhận và ghi tất cả" in page
    assert SalesLine.objects.count() == 0


def test_the_progress_partial_reloads_the_page_once_checked(client, producer, django_capture_on_commit_callbacks):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    response = client.get(reverse("programme:sales_import_progress", args=[record.pk]))
    assert response["HX-Refresh"] == "true"


def test_confirm_then_apply_writes_every_line(client, producer, django_capture_on_commit_callbacks):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    _confirm(client, django_capture_on_commit_callbacks, record)
    record.refresh_from_db()
    assert record.status == SalesImport.Status.APPLIED
    assert record.applied_count == 2
    assert sorted(SalesLine.objects.values_list("amount_vnd", flat=True)) == [1_200_000, 5_000_000]


def test_a_confirmed_file_waits_for_the_worker(client, producer, django_capture_on_commit_callbacks):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("programme:sales_import_preview", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == SalesImport.Status.CONFIRMED
    assert SalesLine.objects.count() == 0


def test_bad_rows_are_reported_with_row_and_column_and_nothing_is_written(
    client, producer, django_capture_on_commit_callbacks
):
    rows = [
        ["", "Chả mực thử nghiệm", 2024, "Quý", 1, "Xuất khẩu", 5_000_000, ""],  # another producer's product
        ["", TEA, 2024, "Quý", 7, "Xuất khẩu", 5_000_000, ""],  # quarter 7
        ["", TEA, 2024, "Quý", 2, "Truyền hình", 5_000_000, ""],  # unknown channel
    ]
    record = _upload_and_check(client, django_capture_on_commit_callbacks, rows)
    assert record.status == SalesImport.Status.REFUSED
    assert [(p["row"], p["column"]) for p in record.problems] == [
        (3, "Sản phẩm"),
        (4, "Tháng hoặc quý"),
        (5, "Kênh bán hàng"),
    ]
    page = client.get(reverse("programme:sales_import_preview", args=[record.pk])).content.decode()
    assert "Kênh bán hàng không có trong danh sách" in page
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(reverse("programme:sales_import_preview", args=[record.pk]))
    assert refused.status_code == 200
    assert SalesLine.objects.count() == 0


def test_confirming_twice_writes_the_lines_once(client, producer, django_capture_on_commit_callbacks):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    _confirm(client, django_capture_on_commit_callbacks, record)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("programme:sales_import_preview", args=[record.pk]))
    assert again.status_code == 200
    assert SalesLine.objects.count() == 2


def test_the_apply_task_run_twice_writes_the_lines_once(client, producer, django_capture_on_commit_callbacks):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    _confirm(client, django_capture_on_commit_callbacks, record)
    assert sales_import_apply(record_id=record.pk).status == SalesImport.Status.APPLIED
    assert sales_import_check(record_id=record.pk).status == SalesImport.Status.APPLIED
    assert SalesLine.objects.count() == 2


def test_a_line_entered_since_the_preview_writes_nothing_and_the_new_preview_says_why(
    client, producer, products, django_capture_on_commit_callbacks
):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    sales_line_save(
        actor=producer,
        product=products["tea"],
        year=2024,
        period_kind="quarter",
        period=2,  # holds month 4: the second row would now count that month twice
        channel="ecommerce",
        amount_vnd=7,
    )
    _confirm(client, django_capture_on_commit_callbacks, record)
    record.refresh_from_db()
    assert record.status == SalesImport.Status.REFUSED
    assert [p["row"] for p in record.problems] == [4]
    assert record.message_en.startswith("The registry changed since the preview")
    assert list(SalesLine.objects.values_list("amount_vnd", flat=True)) == [7]


def test_someone_elses_file_is_a_404_on_every_page(client, world, producer, django_capture_on_commit_callbacks):
    record = _upload_and_check(client, django_capture_on_commit_callbacks, GOOD_ROWS)
    client.force_login(world["users"]["other_producer"])
    for name in ("programme:sales_import_preview", "programme:sales_import_progress"):
        assert client.get(reverse(name, args=[record.pk])).status_code == 404
    assert client.post(reverse("programme:sales_import_preview", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.status == SalesImport.Status.PREVIEWED


def test_a_file_that_is_not_xlsx_is_refused_in_the_request(client, producer):
    upload = io.BytesIO(b"san pham,nam\n")
    upload.name = "doanh-so.csv"
    response = client.post(reverse("programme:sales_import"), {"file": upload})
    assert response.status_code == 200
    assert SalesImport.objects.count() == 0
    assert OutboxEntry.objects.count() == 0


def test_the_template_filled_in_excel_imports_its_numbers(client, producer, django_capture_on_commit_callbacks):
    # Given the template as downloaded: both header rows styled and frozen, the revenue cells formatted as đồng,
    template = openpyxl.load_workbook(io.BytesIO(client.get(reverse("programme:sales_template")).content))
    sheet = template["Dữ liệu"]
    assert sheet.freeze_panes == "A3"
    assert sheet["A1"].font.b is True
    amount = [c.key for c in COLUMNS].index("amount_vnd") + 1
    assert sheet.cell(row=3, column=amount).number_format == '#,##0 "₫"'
    # when a producer fills two rows, one revenue typed as a number and one as Vietnamese text,
    for row, values in enumerate(GOOD_ROWS, start=3):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    template.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "doanh-so.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programme:sales_import"), {"file": upload})
    record = SalesImport.objects.get()
    _confirm(client, django_capture_on_commit_callbacks, record)
    # then both amounts are read, and the formatted empty rows below are not taken for data.
    record.refresh_from_db()
    assert record.applied_count == 2
    assert sorted(SalesLine.objects.values_list("amount_vnd", flat=True)) == [1_200_000, 5_000_000]
