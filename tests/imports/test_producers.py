"""Importing producers: create, update, unchanged, and every kind of bad row."""

import datetime

import pytest

from ocop.core.models import AuditEvent
from ocop.imports.models import ImportStatus
from ocop.producers.models import Producer, ProducerType
from tests.factories import ProducerFactory, commune, province
from tests.imports.builders import problem_messages, producer_row, tax_code, wrong_check, xlsx

pytestmark = pytest.mark.django_db


def _assert_nothing_written(before: int) -> None:
    assert Producer.objects.count() == before
    assert not AuditEvent.objects.filter(action__startswith="producer.").exists()


def test_create_update_and_unchanged_in_one_file(world, officer, upload, confirm):
    # given one producer with a tax code, one without, in Quảng Ninh
    with_tax = ProducerFactory(
        legal_name="Công ty Cổ phần Ngọc trai",
        tax_code=tax_code(1),
        producer_type=ProducerType.JOINT_STOCK,
        commune=commune(6688),
    )
    no_tax = world["qn"]  # Hợp tác xã Trà hoa vàng Thử nghiệm, Xã Ba Chẽ
    rows = [
        producer_row(
            tax_code=tax_code(1),
            legal_name="Công ty Cổ phần Ngọc trai",
            producer_type="Công ty cổ phần",
            commune="ha long",
            phone="0203 123 456",
            founded_year=2005,
        ),
        producer_row(legal_name="hop tac xa tra hoa vang thu nghiem", commune="Xã Ba Chẽ"),
        producer_row(
            tax_code=tax_code(2),
            legal_name="Hợp tác xã Miến dong Bình Liêu",
            commune="binh lieu",
            registration_date="15/03/2024",
            representative_gender="Nữ",
            representative_ethnic_minority="Có",
            local_labour_share=80,
        ),
        producer_row(legal_name="Công ty Chả mực Thử nghiệm", commune="Phường Hạ Long"),
    ]
    before = Producer.objects.count()
    job = upload(officer, "producers", xlsx("producers", rows))

    assert job.status == ImportStatus.READY, job.problems
    assert (job.total_rows, job.processed_rows) == (4, 4)
    assert (job.to_create, job.to_update, job.unchanged) == (1, 2, 1)
    assert Producer.objects.count() == before  # nothing written before confirm
    update_rows = {entry["row"]: entry for entry in job.preview["update"]}
    assert update_rows[3]["changes"] == [
        {"column": "Điện thoại", "column_en": "Phone", "old": "", "new": "0203 123 456"},
        {"column": "Năm thành lập", "column_en": "Year founded", "old": "", "new": "2005"},
    ]
    assert update_rows[4]["changes"] == [
        {
            "column": "Tên chủ thể",
            "column_en": "Legal name",
            "old": "Hợp tác xã Trà hoa vàng Thử nghiệm",
            "new": "hop tac xa tra hoa vang thu nghiem",
        },
    ]
    assert [entry["row"] for entry in job.preview["create"]] == [5]
    assert [entry["row"] for entry in job.preview["unchanged"]] == [6]

    job = confirm(officer, job)

    assert job.status == ImportStatus.DONE
    assert (job.applied_created, job.applied_updated) == (1, 2)
    assert Producer.objects.count() == before + 1
    with_tax.refresh_from_db()
    assert (with_tax.phone, with_tax.founded_year) == ("0203 123 456", 2005)
    no_tax.refresh_from_db()
    assert no_tax.legal_name == "hop tac xa tra hoa vang thu nghiem"
    created = Producer.objects.get(tax_code=tax_code(2))
    assert created.commune == commune(6838)
    assert created.registration_date == datetime.date(2024, 3, 15)
    assert (created.representative_gender, created.representative_ethnic_minority) == ("female", True)
    assert created.name_folded == "hop tac xa mien dong binh lieu"
    events = AuditEvent.objects.filter(action__in=["producer.import_create", "producer.import_update"])
    assert events.count() == 3
    event = events.get(target_id=str(with_tax.pk))
    assert event.before == {"phone": "", "founded_year": None}
    assert event.after == {"phone": "0203 123 456", "founded_year": 2005, "import_job": job.pk}
    assert event.actor == officer


def test_unknown_and_ambiguous_commune(world, officer, upload):
    before = Producer.objects.count()
    rows = [producer_row(commune="Xã Không Có"), producer_row(legal_name="B", commune="Móng Cái")]
    job = upload(officer, "producers", xlsx("producers", rows))
    assert job.status == ImportStatus.INVALID
    assert problem_messages(job) == [
        (3, "Xã, phường", "Không tìm thấy xã, phường “Xã Không Có” trong tỉnh Quảng Ninh."),
        (
            4,
            "Xã, phường",
            "“Móng Cái” khớp với nhiều xã, phường: Phường Móng Cái 1 (Quảng Ninh); "
            "Phường Móng Cái 2 (Quảng Ninh); Phường Móng Cái 3 (Quảng Ninh). "
            "Hãy ghi đúng tên đầy đủ, kèm loại (phường, xã…).",
        ),
    ]
    assert job.problems[0]["message_en"] == "No commune or ward “Xã Không Có” in Quảng Ninh."
    _assert_nothing_written(before)


def test_ambiguous_old_commune_needs_its_district(world, officer, upload):
    job = upload(officer, "producers", xlsx("producers", [producer_row(historical_commune="thanh son")]))
    assert problem_messages(job) == [
        (
            3,
            "Xã (trước 7/2025)",
            "“thanh son” khớp với nhiều xã cũ: Phường Thanh Sơn (Thành phố Uông Bí); "
            "Xã Thanh Sơn (Huyện Ba Chẽ). Hãy ghi cột “Huyện (trước 7/2025)”.",
        ),
    ]
    ok = upload(
        officer,
        "producers",
        xlsx(
            "producers",
            [producer_row(commune="", historical_district="huyen ba che", historical_commune="thanh son")],
        ),
    )
    assert ok.status == ImportStatus.READY, ok.problems


# Addresses before the 2025 reform: the old commune gives today's one (rule: ocop.geo.services.address_resolve).


def test_a_row_with_only_the_old_address_gets_todays_commune(world, officer, upload, confirm):
    row = producer_row(
        legal_name="HTX Hà Khánh", commune=None, historical_district="TP Hạ Long", historical_commune="ha khanh"
    )
    job = upload(officer, "producers", xlsx("producers", [row]))
    assert job.status == ImportStatus.READY, job.problems
    assert (job.to_create, job.problems) == (1, [])
    done = confirm(officer, job)
    assert done.status == ImportStatus.DONE
    producer = Producer.objects.get(legal_name="HTX Hà Khánh")
    assert (producer.commune.code, producer.historical_district.code, producer.historical_commune.code) == (
        6658,  # Phường Cao Xanh
        193,
        6649,
    )


def test_a_split_old_commune_needs_one_of_its_successors(world, officer, upload):
    before = Producer.objects.count()
    row = producer_row(legal_name="HTX Hà Khẩu", commune="", historical_commune="Phường Hà Khẩu")
    job = upload(officer, "producers", xlsx("producers", [row]))
    assert job.status == ImportStatus.INVALID
    assert problem_messages(job) == [
        (
            3,
            "Xã, phường",
            "Phường Hà Khẩu (Thành phố Hạ Long) đã được chia cho nhiều đơn vị mới: Phường Tuần Châu (mã 6706); "
            "Phường Việt Hưng (mã 6661). Hãy chọn xã, phường hiện nay trong các đơn vị này.",
        )
    ]
    assert job.problems[0]["message_en"] == (
        "Phường Hà Khẩu (Thành phố Hạ Long) was split between several of today's units: Phường Tuần Châu "
        "(code 6706); Phường Việt Hưng (code 6661). Choose today's commune or ward among them."
    )
    _assert_nothing_written(before)
    chosen = upload(officer, "producers", xlsx("producers", [{**row, "commune": "viet hung"}]))
    assert chosen.status == ImportStatus.READY, chosen.problems


def test_an_inconsistent_address_is_refused_naming_the_units(world, officer, upload):
    before = Producer.objects.count()
    rows = [
        producer_row(legal_name="A", commune="", historical_district="TP Hạ Long", historical_commune="Xã Thanh Sơn"),
        producer_row(legal_name="B", commune="Phường Hạ Long", historical_commune="Phường Hà Khẩu"),
    ]
    job = upload(officer, "producers", xlsx("producers", rows))
    assert problem_messages(job) == [
        (
            3,
            "Xã (trước 7/2025)",
            "Xã Thanh Sơn không thuộc Thành phố Hạ Long (trước 7/2025): xã này thuộc Huyện Ba Chẽ.",
        ),
        (
            4,
            "Xã, phường",
            "Phường Hạ Long không phải đơn vị mới của Phường Hà Khẩu (Thành phố Hạ Long). "
            "Đơn vị mới của xã này: Phường Tuần Châu (mã 6706); Phường Việt Hưng (mã 6661).",
        ),
    ]
    assert [p["value"] for p in job.problems] == ["Xã Thanh Sơn", "Phường Hạ Long"]
    _assert_nothing_written(before)


def test_tax_code_with_wrong_check_digit(world, officer, upload):
    before = Producer.objects.count()
    bad = wrong_check(tax_code(7))
    job = upload(officer, "producers", xlsx("producers", [producer_row(tax_code=bad), producer_row(tax_code="12345")]))
    assert problem_messages(job) == [
        (
            3,
            "Mã số thuế",
            f"Mã số thuế {bad} sai chữ số kiểm tra: chữ số thứ 10 phải là {tax_code(7)[-1]}. "
            "Hãy kiểm tra lại từng chữ số.",
        ),
        (
            4,
            "Mã số thuế",
            "Mã số thuế “12345” phải có 10 chữ số, 13 chữ số (10 số, gạch ngang, 3 số chi nhánh) hoặc "
            "12 chữ số định danh cá nhân. Nếu Excel làm mất số 0 ở đầu, hãy định dạng cột là Văn bản (Text).",
        ),
    ]
    _assert_nothing_written(before)


def test_duplicate_rows_within_the_file(world, officer, upload):
    before = Producer.objects.count()
    rows = [
        producer_row(tax_code=tax_code(3), legal_name="A"),
        producer_row(tax_code=tax_code(3), legal_name="B"),
        producer_row(legal_name="Hợp tác xã Sá sùng", commune="van don"),
        producer_row(legal_name="HOP TAC XA SA SUNG", commune="Đặc khu Vân Đồn"),
    ]
    job = upload(officer, "producers", xlsx("producers", rows))
    assert problem_messages(job) == [
        (4, "Mã số thuế", f"Trùng dòng 3: mã số thuế {tax_code(3)} xuất hiện hai lần trong tệp."),
        (6, "Tên chủ thể", "Trùng dòng 5: cùng tên chủ thể, cùng xã, phường (không phân biệt dấu, hoa thường)."),
    ]
    _assert_nothing_written(before)


def test_duplicates_against_the_database(world, officer, upload):
    # a tax code used in another province; a name+commune that already has another tax code;
    # a row without tax code that matches a producer that has one
    world["lc"].tax_code = tax_code(10)
    world["lc"].save()
    ProducerFactory(legal_name="Công ty Nước mắm Cái Rồng", tax_code=tax_code(11), commune=commune(6994))
    before = Producer.objects.count()
    rows = [
        producer_row(tax_code=tax_code(10), legal_name="Khác"),
        producer_row(tax_code=tax_code(12), legal_name="Công ty Nước mắm Cái Rồng", commune="Vân Đồn"),
    ]
    job = upload(officer, "producers", xlsx("producers", rows))
    second = upload(
        officer,
        "producers",
        xlsx("producers", [producer_row(), producer_row(legal_name="cong ty nuoc mam cai rong", commune="Vân Đồn")]),
    )
    assert problem_messages(job) + problem_messages(second) == [
        (
            3,
            "Mã số thuế",
            f"Mã số thuế {tax_code(10)} đã được dùng cho chủ thể “Hợp tác xã Lào Cai Thử nghiệm” "
            "ở Lào Cai, ngoài tỉnh của bạn.",
        ),
        (
            4,
            "Mã số thuế",
            f"Chủ thể “Công ty Nước mắm Cái Rồng” ở xã, phường này đã có mã số thuế {tax_code(11)}, "
            f"khác {tax_code(12)}. Không đổi mã số thuế qua nhập Excel; hãy sửa trong trang của chủ thể.",
        ),
        (
            4,
            "Mã số thuế",
            f"Chủ thể “Công ty Nước mắm Cái Rồng” đã có mã số thuế {tax_code(11)}: hãy ghi mã số thuế này vào dòng.",
        ),
    ]
    assert Producer.objects.count() == before


def test_missing_required_fields(world, officer, upload):
    job = upload(
        officer,
        "producers",
        xlsx("producers", [producer_row(legal_name=None, producer_type="", commune=" ", phone="0203")]),
    )
    assert problem_messages(job) == [
        (3, "Tên chủ thể", "Thiếu “Tên chủ thể”: cột này bắt buộc."),
        (3, "Loại hình", "Thiếu “Loại hình”: cột này bắt buộc."),
        (
            3,
            "Xã, phường",
            "Nhập xã, phường hiện nay, hoặc xã (trước 7/2025) để tìm đơn vị mới theo bảng sáp nhập.",
        ),
    ]
    assert job.problems[0]["message_en"] == "“Tên chủ thể” is missing: this column is required."


def test_wrong_types(world, officer, upload):
    rows = [
        producer_row(
            employees="mười",
            registration_date="31/02/2024",
            founded_year=1850,
            local_labour_share=12.5,
            representative_ethnic_minority="có lẽ",
            email="khong-phai-email",
        )
    ]
    job = upload(officer, "producers", xlsx("producers", rows))
    assert problem_messages(job) == [
        (3, "Ngày đăng ký kinh doanh", "Ngày 31/02/2024 không tồn tại (tháng 2 không có ngày 31, hoặc tháng sai)."),
        (3, "Người đại diện là người dân tộc thiểu số", "Phải là “Có” hoặc “Không”."),
        (3, "Thư điện tử", "Địa chỉ thư điện tử không hợp lệ."),
        (3, "Năm thành lập", "Phải nằm trong khoảng 1900 – 2100."),
        (3, "Số lao động", "Phải là một số nguyên (ví dụ 25), không phải chữ."),
        (3, "Tỷ lệ lao động địa phương (%)", "Phải là số nguyên, không có phần thập phân."),
    ]
    assert job.problems[0]["value"] == "31/02/2024"
    assert (
        job.problems[0]["message_en"]
        == "The date 31/02/2024 does not exist (month 2 has no day 31, or the month is wrong)."
    )


def test_rows_outside_the_province_are_refused(world, officer, upload):
    before = Producer.objects.count()
    lao_cai = province(15).communes.order_by("code").first()
    job = upload(officer, "producers", xlsx("producers", [producer_row(commune=lao_cai.name)]))
    assert job.status == ImportStatus.INVALID
    assert problem_messages(job) == [
        (
            3,
            "Xã, phường",
            f"Xã, phường “{lao_cai.name}” không thuộc tỉnh Quảng Ninh (có ở: {lao_cai.name} (Lào Cai)). "
            "Chỉ được nhập dữ liệu trong tỉnh của bạn.",
        ),
    ]
    _assert_nothing_written(before)
