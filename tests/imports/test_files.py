"""Files refused as a whole, and cells that are not plain values: formulas, merged cells."""

import pytest

from ocop.imports.models import ImportJob, ImportStatus
from ocop.imports.problems import ImportFileError
from ocop.producers.models import Producer
from tests.imports.builders import producer_row, to_bytes, workbook, xlsx

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _refused(upload, officer, data: bytes, name: str = "tep.xlsx") -> ImportFileError:
    before = (Producer.objects.count(), ImportJob.objects.count())
    with pytest.raises(ImportFileError) as caught:
        upload(officer, "producers", data, name=name)
    assert (Producer.objects.count(), ImportJob.objects.count()) == before
    return caught.value


def test_a_csv_or_an_image_renamed_xlsx_is_refused(world, officer, upload):
    message = (
        "Tệp “danh-sach.xlsx” không phải tệp Excel .xlsx (nội dung không đúng định dạng Excel; ví dụ tệp CSV "
        "hoặc ảnh đổi tên). Hãy dùng tệp mẫu tải về từ hệ thống."
    )
    csv = "Mã số thuế,Tên chủ thể\n5700000015,HTX A\n".encode()
    assert _refused(upload, officer, csv, "danh-sach.xlsx").message_vi == message
    error = _refused(upload, officer, PNG, "danh-sach.xlsx")
    assert error.message_vi == message
    assert error.message_en.startswith("The file “danh-sach.xlsx” is not an Excel .xlsx file")


def test_a_zip_that_is_not_a_workbook_is_refused(world, officer, upload):
    job = upload(officer, "producers", b"PK\x03\x04" + b"\x00" * 100)
    assert job.status == ImportStatus.INVALID
    assert job.message_vi == ("Không mở được tệp “tep.xlsx” như một bảng tính Excel (tệp hỏng hoặc không phải .xlsx).")


def test_an_empty_file_is_refused(world, officer, upload):
    assert _refused(upload, officer, b"").message_vi == "Tệp “tep.xlsx” rỗng (0 byte)."


def test_a_sheet_with_only_headers_is_refused(world, officer, upload):
    job = upload(officer, "producers", xlsx("producers", []))
    assert job.status == ImportStatus.INVALID
    assert job.message_vi == "Tệp không có dòng dữ liệu nào: chỉ có dòng tiêu đề."
    assert job.problems[0]["message_en"] == "The file has no data rows: only the header rows."


def test_a_file_over_the_size_limit_is_refused_before_reading(world, officer, upload, settings, monkeypatch):
    settings.OCOP_IMPORT_MAX_BYTES = 1024 * 1024
    monkeypatch.setattr("ocop.imports.readers.read_sheet", lambda *a, **k: pytest.fail("the file was read"))
    data = b"PK\x03\x04" + b"\x00" * (1024 * 1024 + 10)
    assert _refused(upload, officer, data).message_vi == (
        "Tệp “tep.xlsx” có dung lượng 1,1 MB, vượt giới hạn 1 MB. Hãy chia thành nhiều tệp nhỏ hơn."
    )


def test_renamed_and_missing_columns_are_named(world, officer, upload):
    from ocop.imports.columns import PRODUCER_COLUMNS

    headers = [column.header_vi for column in PRODUCER_COLUMNS]
    headers[1] = "Tên đơn vị"  # renamed "Tên chủ thể"
    headers.remove("Điện thoại")
    job = upload(officer, "producers", xlsx("producers", [producer_row()], headers=headers, english=False))
    assert job.status == ImportStatus.INVALID
    assert job.message_vi == "Dòng tiêu đề không khớp với mẫu. Thiếu cột: “Tên chủ thể”, “Điện thoại”."
    assert [(p["row"], p["column"], p["message_vi"]) for p in job.problems] == [
        (1, "B", "Cột B có tiêu đề “Tên đơn vị” không có trong mẫu (cột bị đổi tên hoặc thừa)."),
        (1, "Tên chủ thể", "Thiếu cột “Tên chủ thể” (Legal name)."),
        (1, "Điện thoại", "Thiếu cột “Điện thoại” (Phone)."),
    ]
    assert Producer.objects.filter(legal_name="Hợp tác xã Mới").count() == 0


def test_columns_may_be_reordered_and_the_english_row_left_out(world, officer, upload):
    from ocop.imports.columns import PRODUCER_COLUMNS

    book = workbook("producers", [], english=False)
    sheet = book.active
    columns = list(reversed(PRODUCER_COLUMNS))
    sheet.delete_rows(1)
    sheet.append([column.header_en for column in columns])  # English headers are accepted too
    row = producer_row()
    sheet.append([row.get(column.key) for column in columns])
    job = upload(officer, "producers", to_bytes(book))
    assert job.status == ImportStatus.READY, job.problems
    assert job.to_create == 1


def test_a_formula_is_refused(world, officer, upload):
    book = workbook("producers", [producer_row(), producer_row(legal_name="B")])
    book.active["R4"] = "=1+1"  # Số lao động of row 4
    job = upload(officer, "producers", to_bytes(book))
    assert job.status == ImportStatus.INVALID
    assert [(p["row"], p["column"], p["value"], p["message_vi"]) for p in job.problems] == [
        (
            4,
            "Số lao động",
            "=1+1",
            "Ô R4 chứa công thức; hệ thống không nhận công thức. Hãy sao chép và dán dạng giá trị (Paste Values).",
        ),
    ]
    assert Producer.objects.filter(legal_name__in=["Hợp tác xã Mới", "B"]).count() == 0


def test_merged_cells_are_refused(world, officer, upload):
    book = workbook("producers", [producer_row(), producer_row(legal_name="B")])
    book.active.merge_cells("K3:K4")  # Xã, phường of rows 3 and 4
    job = upload(officer, "producers", to_bytes(book))
    assert job.status == ImportStatus.INVALID
    assert [(p["row"], p["column"], p["message_vi"]) for p in job.problems] == [
        (3, "Xã, phường", "Các ô K3:K4 bị gộp (merge). Hãy bỏ gộp ô: mỗi ô chỉ chứa một giá trị của một dòng."),
        (
            4,
            "Xã, phường",
            "Nhập xã, phường hiện nay, hoặc xã (trước 7/2025) để tìm đơn vị mới theo bảng sáp nhập.",
        ),
    ]
    assert (
        job.problems[0]["message_en"]
        == "The cells K3:K4 are merged. Unmerge them: each cell holds one value of one row."
    )


def test_an_old_xls_file_is_refused_with_advice(world, officer, upload):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert _refused(upload, officer, data, "cu.xls").message_vi == (
        "Tệp “cu.xls” là tệp Excel 97–2003 (.xls). Hãy mở bằng Excel và lưu lại dạng .xlsx."
    )
