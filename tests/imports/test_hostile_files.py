"""Bad files cannot take the server down: every reader of uploaded workbooks goes through ocop.core.xlsx.

Each hostile file is generated here (tests/hostile.py); each test asserts the exact refusal and that
nothing was written.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ocop.core.formatting import file_size
from ocop.core.models import AuditEvent
from ocop.imports.columns import PRODUCER_COLUMNS
from ocop.imports.models import ImportStatus
from ocop.producers.models import Producer
from ocop.programme.models import SalesImport, SalesLine
from tests import hostile
from tests.imports.builders import producer_row, xlsx

pytestmark = pytest.mark.django_db

BOMB_VI = (
    "Tệp giải nén ra {size} MB dữ liệu, vượt giới hạn 100 MB (tệp có thể là “bom nén”). "
    "Hãy chia thành nhiều tệp nhỏ hơn."
)
BOMB_EN = (
    "The file expands to {size} MB of data, over the limit of 100 MB (it may be a “zip bomb”). "
    "Split it into smaller files."
)


def _bomb_messages(data: bytes) -> tuple[str, str]:
    size = hostile.expanded_bytes(data)
    assert 299 * 1024 * 1024 < size < 300 * 1024 * 1024  # about 300 MB, from a file of under 2 MB
    assert len(data) < 2 * 1024 * 1024
    with translation.override("vi"):
        size_vi = file_size(size)
    with translation.override("en"):
        size_en = file_size(size)
    return BOMB_VI.format(size=size_vi.removesuffix(" MB")), BOMB_EN.format(size=size_en.removesuffix(" MB"))


@pytest.fixture(scope="module")
def producers_bomb() -> bytes:
    return hostile.zip_bomb_xlsx([column.header_vi for column in PRODUCER_COLUMNS[:8]])


def test_a_zip_bomb_registry_file_is_refused_and_nothing_is_written(world, officer, upload, producers_bomb):
    producers = Producer.objects.count()
    job = upload(officer, "producers", producers_bomb, name="bom.xlsx")
    assert job.status == ImportStatus.INVALID
    vi, en = _bomb_messages(producers_bomb)
    assert (job.message_vi, job.message_en) == (vi, en)
    assert job.problems == [{"row": None, "column": "", "value": "", "message_vi": vi, "message_en": en}]
    assert (job.total_rows, job.to_create, job.to_update) == (0, 0, 0)
    assert Producer.objects.count() == producers


def test_a_lying_dimension_tag_drops_no_row(world, officer, upload, confirm):
    # Ten data rows (Excel rows 3–12) under a <dimension> that says the sheet ends at row 5.
    rows = [producer_row(legal_name=f"Hợp tác xã Thứ {n}") for n in range(1, 11)]
    cells = [[column.header_vi for column in PRODUCER_COLUMNS], [column.header_en for column in PRODUCER_COLUMNS]]
    cells += [[row.get(column.key) for column in PRODUCER_COLUMNS] for row in rows]
    lying = hostile.lying_dimension_xlsx(cells, says="A1:V5")
    job = upload(officer, "producers", lying)
    assert job.status == ImportStatus.READY, job.problems
    assert (job.total_rows, job.to_create) == (10, 10)
    job = confirm(officer, job)
    assert job.status == ImportStatus.DONE
    names = set(Producer.objects.filter(legal_name__startswith="Hợp tác xã Thứ ").values_list("legal_name", flat=True))
    assert names == {f"Hợp tác xã Thứ {n}" for n in range(1, 11)}


def test_data_far_outside_the_columns_refuses_the_file(world, officer, upload):
    headers = [column.header_vi for column in PRODUCER_COLUMNS]
    row = ["", "Hợp tác xã Mới", "", "Hợp tác xã", *[""] * 6, "Phường Hạ Long"] + [""] * (len(headers) - 11)
    data = hostile.workbook([headers, row + [None] * (300 - len(row)) + ["ngoài bảng"]])
    job = upload(officer, "producers", data)
    assert job.status == ImportStatus.INVALID
    assert job.message_vi == "Ô KO2 có dữ liệu ngoài giới hạn 200 cột của tệp nhập."
    assert job.message_en == "Cell KO2 holds data beyond the 200-column limit of an import file."
    assert not Producer.objects.filter(legal_name="Hợp tác xã Mới").exists()


def test_past_the_problem_limit_the_file_is_refused_with_the_first_problems(world, officer, upload, monkeypatch):
    monkeypatch.setattr("ocop.imports.readers.PROBLEM_LIMIT", 3)
    rows = [producer_row(legal_name=f'=CONCAT("HTX ",{n})') for n in range(5)]
    job = upload(officer, "producers", xlsx("producers", rows))
    assert job.status == ImportStatus.INVALID
    assert job.message_vi == (
        "Tệp có hơn 3 lỗi ở các ô (công thức, ô gộp, dữ liệu ngoài cột). Hãy sửa các lỗi được liệt kê rồi tải lên lại."
    )
    assert [(p["row"], p["column"]) for p in job.problems] == [
        (3, "Tên chủ thể"),
        (4, "Tên chủ thể"),
        (5, "Tên chủ thể"),
    ]
    assert Producer.objects.filter(legal_name__startswith="=CONCAT").count() == 0


def test_a_producer_sales_upload_that_is_a_zip_bomb_is_refused_on_the_page(world, django_capture_on_commit_callbacks):
    from ocop.programme.sales_import import COLUMNS

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["producer"])
    client.get(reverse("programme:sales_import"))
    data = hostile.zip_bomb_xlsx([column.header_vi for column in COLUMNS])
    bomb = io.BytesIO(data)
    bomb.name = "doanh-so.xlsx"
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):  # the check runs in the worker, after the commit
        response = client.post(
            reverse("programme:sales_import"), {"file": bomb}, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
        )
    record = SalesImport.objects.get()
    assert response.status_code == 302
    assert record.status == SalesImport.Status.REFUSED
    assert [(p["message_vi"], p["message_en"]) for p in record.problems] == [_bomb_messages(data)]
    assert record.rows == []
    assert SalesLine.objects.count() == 0
    assert AuditEvent.objects.count() == events
