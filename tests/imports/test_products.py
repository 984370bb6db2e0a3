"""Importing products: matching by GTIN or by producer and name, and the bad rows of a products file."""

from decimal import Decimal

import pytest

from ocop.core.models import AuditEvent
from ocop.imports.models import ImportStatus
from ocop.products.models import Product, ProductStatus
from tests.factories import ProducerFactory, ProductFactory, commune
from tests.imports.builders import gtin13, problem_messages, product_row, tax_code, wrong_check, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def maker(world):
    return ProducerFactory(legal_name="Công ty Chả mực Hạ Long", tax_code=tax_code(21), commune=commune(6688))


def test_create_update_unchanged(world, officer, maker, product_sets, upload, confirm):
    by_gtin = ProductFactory(producer=maker, name_vi="Chả mực giã tay", gtin=gtin13(1), status=ProductStatus.CERTIFIED)
    by_name = ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng túi lọc", status=ProductStatus.IDEA)
    rows = [
        product_row(
            gtin=gtin13(1),
            producer_tax_code=tax_code(21),
            name_vi="Chả mực giã tay Hạ Long",
            status="Đã được công nhận",
            net_content=500,
            net_content_unit="g",
            product_set="09",
        ),
        product_row(
            producer_name="Hợp tác xã Trà hoa vàng Thử nghiệm",
            producer_commune="Ba Chẽ",
            name_vi="tra hoa vang tui loc",
            status="Ý tưởng",
        ),
        product_row(
            producer_tax_code=tax_code(21),
            name_vi="Sá sùng khô",
            name_en="Dried peanut worm",
            gtin=gtin13(2),
            price_min_vnd="1.500.000",
            price_max_vnd=2_000_000,
            hs_code="0307.99",
        ),
        product_row(
            producer_name="Hợp tác xã Trà hoa vàng Thử nghiệm",
            producer_commune="Ba Chẽ",
            name_vi="Trà hoa vàng túi lọc",
            status="Ý tưởng",
        ),
    ]
    job = upload(officer, "products", xlsx("products", rows))
    assert (job.status, job.problem_count) == (ImportStatus.INVALID, 1)
    assert problem_messages(job) == [
        (
            6,
            "Tên sản phẩm (tiếng Việt)",
            "Trùng dòng 4: cùng chủ thể, cùng tên sản phẩm (không phân biệt dấu, hoa thường).",
        ),
    ]
    job = upload(officer, "products", xlsx("products", rows[:3]))
    assert job.status == ImportStatus.READY, job.problems
    assert (job.to_create, job.to_update, job.unchanged) == (1, 2, 0)
    changes = {entry["row"]: entry["changes"] for entry in job.preview["update"]}
    assert changes[3] == [
        {
            "column": "Tên sản phẩm (tiếng Việt)",
            "column_en": "Product name (Vietnamese)",
            "old": "Chả mực giã tay",
            "new": "Chả mực giã tay Hạ Long",
        },
        {"column": "Bộ sản phẩm (QĐ 148)", "column_en": "Product set (Decision 148)", "old": "", "new": "09"},
        {"column": "Khối lượng, thể tích tịnh", "column_en": "Net content", "old": "", "new": "500"},
        {"column": "Đơn vị", "column_en": "Unit", "old": "", "new": "g"},
    ]
    job = confirm(officer, job)
    assert job.status == ImportStatus.DONE
    by_gtin.refresh_from_db()
    assert (by_gtin.name_vi, by_gtin.net_content, by_gtin.product_set) == (
        "Chả mực giã tay Hạ Long",
        Decimal("500.000"),
        product_sets[9],
    )
    assert by_gtin.name_folded == "cha muc gia tay ha long"
    by_name.refresh_from_db()
    assert by_name.name_vi == "tra hoa vang tui loc"
    created = Product.objects.get(gtin=gtin13(2))
    assert (created.producer, created.price_min_vnd, created.hs_code, created.status) == (
        maker,
        1_500_000,
        "0307.99",
        ProductStatus.IN_PROGRAMME,
    )
    assert created.name_folded == "sa sung kho dried peanut worm"
    assert AuditEvent.objects.filter(action="product.import_create", target_id=str(created.pk)).exists()


def test_gtin_with_wrong_check_digit(world, officer, maker, upload):
    bad = wrong_check(gtin13(5))
    job = upload(officer, "products", xlsx("products", [product_row(producer_tax_code=tax_code(21), gtin=bad)]))
    assert problem_messages(job) == [
        (3, "Mã GTIN (mã vạch)", f"Mã GTIN {bad} sai chữ số kiểm tra GS1: chữ số cuối phải là {gtin13(5)[-1]}."),
    ]
    assert job.problems[0]["message_en"] == (
        f"The GTIN {bad} has a wrong GS1 check digit: the last digit should be {gtin13(5)[-1]}."
    )
    assert not Product.objects.filter(producer=maker).exists()


def test_duplicates_within_file_and_against_the_database(world, officer, maker, upload):
    other = ProductFactory(producer=world["qn"], name_vi="Trà", gtin=gtin13(7))
    ProductFactory(producer=world["lc"], name_vi="Mật ong", gtin=gtin13(8))
    before = Product.objects.count()
    rows = [
        product_row(producer_tax_code=tax_code(21), gtin=gtin13(6), name_vi="A"),
        product_row(producer_tax_code=tax_code(21), gtin=gtin13(6), name_vi="B"),
        product_row(producer_tax_code=tax_code(21), gtin=gtin13(7), name_vi="C"),
        product_row(producer_tax_code=tax_code(21), gtin=gtin13(8), name_vi="D"),
    ]
    job = upload(officer, "products", xlsx("products", rows))
    assert problem_messages(job) == [
        (4, "Mã GTIN (mã vạch)", f"Trùng dòng 3: mã GTIN {gtin13(6)} xuất hiện hai lần trong tệp."),
        (
            5,
            "Mã GTIN (mã vạch)",
            f"Mã GTIN {gtin13(7)} đã được dùng cho sản phẩm “Trà” của chủ thể “{other.producer.legal_name}”.",
        ),
        (
            6,
            "Mã GTIN (mã vạch)",
            f"Mã GTIN {gtin13(8)} đã được dùng cho sản phẩm “Mật ong” của chủ thể “Hợp tác xã Lào Cai Thử nghiệm”.",
        ),
    ]
    assert Product.objects.count() == before


def test_unknown_producer_and_producer_of_another_province(world, officer, upload):
    world["lc"].tax_code = tax_code(30)
    world["lc"].save()
    rows = [
        product_row(producer_tax_code=tax_code(31)),
        product_row(producer_tax_code=tax_code(30)),
        product_row(producer_name="Không có", producer_commune="Hạ Long"),
        product_row(producer_name="Không có"),
    ]
    job = upload(officer, "products", xlsx("products", rows))
    assert problem_messages(job) == [
        (
            3,
            "Mã số thuế chủ thể",
            f"Không có chủ thể nào có mã số thuế {tax_code(31)} trong tỉnh; hãy nhập chủ thể trước.",
        ),
        (4, "Mã số thuế chủ thể", f"Chủ thể có mã số thuế {tax_code(30)} thuộc Lào Cai, ngoài tỉnh của bạn."),
        (5, "Tên chủ thể", "Không tìm thấy chủ thể “Không có” ở Phường Hạ Long; hãy nhập chủ thể trước."),
        (6, "Xã, phường của chủ thể", "Thiếu “Xã, phường của chủ thể”: bắt buộc khi không có mã số thuế chủ thể."),
    ]


def test_wrong_types_and_inconsistent_values(world, officer, maker, product_sets, upload):
    rows = [
        product_row(
            producer_tax_code=tax_code(21),
            net_content="nửa cân",
            shelf_life_days="12 tháng",
            product_set="42",
            status="Bán chạy",
            hs_code="09",
        ),
        product_row(
            producer_tax_code=tax_code(21), name_vi="B", net_content="0,5", price_min_vnd=20000, price_max_vnd=10000
        ),
    ]
    job = upload(officer, "products", xlsx("products", rows))
    assert problem_messages(job) == [
        (3, "Bộ sản phẩm (QĐ 148)", "Không có bộ sản phẩm “42” theo QĐ 148 (ghi số từ 01 đến 26)."),
        (3, "Trạng thái", "Giá trị không nằm trong danh sách cho phép (xem trang “Giá trị hợp lệ”)."),
        (3, "Khối lượng, thể tích tịnh", "Phải là một số (ví dụ 500 hoặc 0,5), không phải chữ."),
        (3, "Hạn sử dụng (ngày)", "Phải là một số nguyên (ví dụ 25), không phải chữ."),
        (3, "Mã HS", "Mã HS “09” phải gồm 4 đến 10 chữ số."),
        (4, "Đơn vị", "Thiếu đơn vị cho khối lượng, thể tích tịnh."),
        (4, "Giá cao nhất (đồng)", "Giá cao nhất (10000) nhỏ hơn giá thấp nhất (20000)."),
    ]
