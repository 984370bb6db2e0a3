"""The import's problems (each with its place and both languages, nothing written), hostile documents,
matching by the stable identifiers, and the incremental export."""

import copy
import datetime

import pytest
from django.utils import timezone

from ocop.certificates.models import Certificate
from ocop.core.models import AuditEvent
from ocop.exchange.selectors import export_document, parse_since
from ocop.exchange.services import DocumentUnreadable, document_load, import_document
from ocop.producers.models import Producer
from ocop.products.models import Product
from tests.factories import ProducerFactory, ProductFactory, commune, make_certificate, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported():
    """A producer with a product and its certificate in Quảng Ninh, a producer in Lào Cai; the export."""
    producer = ProducerFactory(
        legal_name="Hợp tác xã Trà hoa vàng Ba Chẽ", tax_code="5701234566", commune=commune(6970)
    )
    product = ProductFactory(producer=producer, name_vi="Trà hoa vàng túi lọc", gtin="8930000000019")
    make_certificate(product, stars=4, number="22-6970-0001-2024")
    ProducerFactory(legal_name="Hợp tác xã Lào Cai", commune=province(15).communes.order_by("code").first())
    return export_document()


def _written() -> tuple[int, ...]:
    return (Producer.objects.count(), Product.objects.count(), Certificate.objects.count(), AuditEvent.objects.count())


def _problems(document) -> list[str]:
    before = _written()
    report = import_document(document, dry_run=False)
    assert not report.written
    assert _written() == before
    return [str(item) for item in report.problems]


def test_an_unknown_commune_is_reported_where_it_is_and_nothing_is_written(exported):
    document = copy.deepcopy(exported)
    document["producers"][1]["commune_code"] = 12345
    document["producers"][0]["legal_name"] = "Tên mới"  # a change that must not be written either
    assert _problems(document) == ["producers[1].commune_code: không có xã mã 12345 / no commune with code 12345"]
    assert not Producer.objects.filter(legal_name="Tên mới").exists()


def test_a_certificate_of_a_product_neither_in_the_document_nor_the_database(exported):
    document = copy.deepcopy(exported)
    document["certificates"][0]["product_exchange_id"] = "00000000-0000-4000-8000-000000000001"
    document["certificates"][0]["number"] = "22-6970-0099-2024"
    assert _problems(document) == [
        "certificates[0].product_exchange_id: không có sản phẩm mã trao đổi 00000000-0000-4000-8000-000000000001, "
        "trong tài liệu cũng như trong cơ sở dữ liệu / no product with exchange id "
        "00000000-0000-4000-8000-000000000001, neither in the document nor in the database"
    ]


def test_a_malformed_date(exported):
    document = copy.deepcopy(exported)
    document["certificates"][0]["valid_until"] = "31/12/2027"
    document["certificates"][0]["valid_from"] = "2024-02-30"
    assert _problems(document) == [
        "certificates[0].valid_from: không có ngày 2024-02-30 trong lịch / there is no day 2024-02-30 in the calendar",
        "certificates[0].valid_until: phải là ngày dạng YYYY-MM-DD (ISO 8601), không phải 31/12/2027 / must be a "
        "date written YYYY-MM-DD (ISO 8601), not 31/12/2027",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"format": "ocop-export"},
            "format: phải là “ocop-exchange”, không phải ocop-export / must be “ocop-exchange”, not ocop-export",
        ),
        (
            {"version": 2},
            "version: phiên bản 2 không đọc được; bản này đọc phiên bản 1 / version 2 cannot be read; this "
            "installation reads version 1",
        ),
        (
            {"version": True},
            "version: phiên bản True không đọc được; bản này đọc phiên bản 1 / version True cannot be read; this "
            "installation reads version 1",
        ),
    ],
)
def test_a_wrong_format_or_version_is_refused_whole(exported, change, expected):
    assert _problems({**exported, **change}) == [expected]


def test_a_hostile_document_gets_problems_never_an_exception(exported):
    document = copy.deepcopy(exported)
    del document["producers"][0]["legal_name"]
    document["producers"][1]["founded_year"] = "2015"
    document["producers"][1]["employees"] = True
    document["producers"][1]["short_name"] = "x" * 1_000_000
    document["products"][0]["gtin"] = ["8930000000019"]
    document["products"][0]["net_content"] = 1.5
    document["products"][0]["status"] = "sold_out"
    document["certificates"].append("not a record")
    document["certificates"][0]["revocation_reason"] = "a\x00b"
    assert _problems(document) == [
        "producers[0].legal_name: thiếu trường này / this field is missing",
        "producers[1].short_name: dài 1000000 ký tự, quá giới hạn 100 / 1000000 characters long, over the limit of 100",
        "producers[1].founded_year: phải là một số nguyên, không phải 2015 / must be a whole number, not 2015",
        "producers[1].employees: phải là một số nguyên, không phải True / must be a whole number, not True",
        'products[0].net_content: phải là số thập phân viết thành chuỗi ("12.50"), không phải 1.5 / must be a '
        'decimal number written as a string ("12.50"), not 1.5',
        "products[0].gtin: phải là một chuỗi, không phải ['8930000000019'] / must be a string, not ['8930000000019']",
        "products[0].status: mã “sold_out” không có; các mã có: idea, in_programme, certified, expired, withdrawn, "
        "revoked / there is no code “sold_out”; the codes are: idea, in_programme, certified, expired, withdrawn, "
        "revoked",
        "certificates[0].revocation_reason: có ký tự NUL (\\u0000), không lưu được / contains a NUL character "
        "(\\u0000), which cannot be stored",
        "certificates[1]: bản ghi phải là một đối tượng JSON {…}, không phải not a record / a record must be a JSON "
        "object {…}, not not a record",
    ]


@pytest.mark.parametrize("document", [None, [], "ocop", {"format": "ocop-exchange", "version": 1}])
def test_a_document_that_is_not_one_is_refused(document):
    report = import_document(document, dry_run=True)
    assert report.problems
    assert not report.written


def test_bytes_that_are_not_json_are_refused_with_the_reason():
    with pytest.raises(DocumentUnreadable) as caught:
        document_load(b'{"format": ')
    assert str(caught.value.problem).startswith("$: không đọc được JSON: ")
    with pytest.raises(DocumentUnreadable):
        document_load(b"[" * 100_000)  # nested deeper than the reader recurses
    with pytest.raises(DocumentUnreadable):
        document_load(b"\xff\xfe")


def test_a_rule_of_the_model_is_a_problem_with_its_place(exported):
    document = copy.deepcopy(exported)
    document["producers"][0]["tax_code"] = "5701234567"  # wrong check digit
    document["certificates"][0]["valid_until"] = document["certificates"][0]["valid_from"]
    problems = _problems(document)
    assert [problem.split(":")[0] for problem in problems] == ["producers[0].tax_code", "certificates[0]"]


def test_an_update_is_matched_by_the_exchange_id_and_counted_as_one(exported):
    document = copy.deepcopy(exported)
    document["products"][0]["name_en"] = "Golden camellia tea bags"
    report = import_document(document, dry_run=True)
    assert report.counts["products"].as_dict() == {"created": 0, "updated": 1, "unchanged": 0}
    assert not Product.objects.filter(name_en="Golden camellia tea bags").exists()
    report = import_document(document, dry_run=False)
    assert report.written
    assert Product.objects.get().name_en == "Golden camellia tea bags"
    event = AuditEvent.objects.get(action="exchange.import")
    assert (event.before, event.after) == ({"name_en": ""}, {"name_en": "Golden camellia tea bags"})
    assert import_document(document, dry_run=False).changes == 0


def test_a_producer_registered_in_both_installations_is_matched_by_its_tax_code(exported):
    document = copy.deepcopy(exported)
    document["producers"][0]["exchange_id"] = "00000000-0000-4000-8000-000000000002"
    document["products"][0]["producer_exchange_id"] = "00000000-0000-4000-8000-000000000002"
    document["certificates"][0]["producer_exchange_id"] = "00000000-0000-4000-8000-000000000002"
    report = import_document(document, dry_run=False)
    assert report.problems == []
    assert report.changes == 0


def test_since_exports_only_what_changed_since_then(exported):
    long_ago = timezone.make_aware(datetime.datetime(2025, 1, 1))
    Producer.objects.update(updated_at=long_ago)
    Certificate.objects.update(updated_at=long_ago)
    document = export_document(since=parse_since("2026-01-01"))
    assert (len(document["producers"]), len(document["products"]), len(document["certificates"])) == (0, 1, 0)
    assert document["since"] == "2025-12-31T17:00:00Z"  # the first moment of the day in Vietnam
    assert len(export_document(since=parse_since("2024-12-31T23:00:00+07:00"))["producers"]) == 2
    # An incremental document imports against what the database already has (its producer is not in it).
    assert import_document(document, dry_run=False).problems == []


def test_province_limits_the_export_to_its_records(exported):
    document = export_document(province=province(15))
    assert [p["legal_name"] for p in document["producers"]] == ["Hợp tác xã Lào Cai"]
    assert document["products"] == []
    assert document["certificates"] == []
    assert document["source"]["province_code"] == 15
