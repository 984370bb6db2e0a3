"""The readiness engine: per product, market and day; the SQL filter agrees with the Python matrix."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ocop.products.models import DocumentKind, Product
from ocop.trade.models import CredentialKind, Market, Requirement
from ocop.trade.readiness import product_readiness, readiness_matrix
from ocop.trade.selectors import filter_export_ready
from tests.factories import (
    ProductFactory,
    certification_document,
    export_credential,
    japan_file_except_haccp,
    product_set,
)

pytestmark = pytest.mark.django_db


def japan(product, day):
    return next(r for r in product_readiness(product, day=day) if r.market.code == "jp")


def ready_ids(market_code, day):
    return set(filter_export_ready(Product.objects.all(), market_code, day).values_list("pk", flat=True))


def test_seeded_checklists_are_data():
    assert list(Market.objects.order_by("position").values_list("code", flat=True)) == [
        "cn",
        "la",
        "kh",
        "jp",
        "kr",
        "eu",
        "us",
        "my",
    ]
    assert list(Requirement.objects.filter(market__code="jp").values_list("code", flat=True)) == [
        "food-safety-system",
        "sanitary-certificate",
        "certificate-of-origin",
        "market-label",
        "hs-code",
        "name-en",
        "export-terms",
    ]
    haccp = Requirement.objects.get(market__code="jp", code="food-safety-system")
    assert haccp.document_kinds == ["haccp", "iso_22000"]


def test_japan_ready_the_day_haccp_is_recorded_and_not_after_it_expires(world):
    """Given a product with every paper for Japan except HACCP; when HACCP is recorded it is ready;
    it stays ready through the certificate's last day and stops being ready the day after."""
    product = ProductFactory(producer=world["qn"], name_vi="Chả mực Hạ Long")
    japan_file_except_haccp(product)

    before = japan(product, date(2026, 3, 1))
    assert (before.ready, before.total, before.met_count, before.percent) == (False, 7, 6, 85)
    assert [check.requirement.code for check in before.missing] == ["food-safety-system"]
    assert ready_ids("jp", date(2026, 3, 1)) == set()

    haccp = certification_document(
        product, DocumentKind.HACCP, issued_on=date(2026, 3, 1), expires_on=date(2027, 2, 28)
    )

    assert japan(product, date(2026, 2, 28)).ready is False  # not issued yet that day
    on_issue = japan(product, date(2026, 3, 1))
    assert (on_issue.ready, on_issue.percent, on_issue.missing) == (True, 100, [])
    assert on_issue.checks[0].evidence.pk == haccp.pk
    assert ready_ids("jp", date(2026, 3, 1)) == {product.pk}

    assert japan(product, date(2027, 2, 28)).ready is True  # the last valid day
    assert ready_ids("jp", date(2027, 2, 28)) == {product.pk}
    after = japan(product, date(2027, 3, 1))
    assert after.ready is False
    assert [check.requirement.code for check in after.missing] == ["food-safety-system"]
    assert after.missing[0].lapsed.pk == haccp.pk  # the page can say "HACCP expired on 28/02/2027"
    assert ready_ids("jp", date(2027, 3, 1)) == set()


def test_iso_22000_also_meets_the_food_safety_line(world):
    product = ProductFactory(producer=world["qn"])
    japan_file_except_haccp(product)
    certification_document(product, DocumentKind.ISO_22000, issued_on=date(2025, 1, 1))
    assert japan(product, date(2026, 3, 1)).ready is True


def test_facility_document_covers_every_product_of_the_producer_product_document_only_its_own(world):
    first = ProductFactory(producer=world["qn"])
    second = ProductFactory(producer=world["qn"])
    other = ProductFactory(producer=world["qn_other"])
    for product in (first, second, other):
        japan_file_except_haccp(product)
    certification_document(first, DocumentKind.HACCP, issued_on=date(2025, 1, 1))
    day = date(2026, 3, 1)
    assert (japan(first, day).ready, japan(second, day).ready) == (True, False)
    certification_document(second, DocumentKind.HACCP, issued_on=date(2025, 1, 1), facility=True)
    assert (japan(second, day).ready, japan(other, day).ready) == (True, False)
    assert ready_ids("jp", day) == {first.pk, second.pk}


def test_credential_for_another_market_does_not_count(world):
    product = ProductFactory(producer=world["qn"])
    japan_file_except_haccp(product)
    certification_document(product, DocumentKind.HACCP, issued_on=date(2025, 1, 1))
    label = product.export_credentials.get(kind=CredentialKind.MARKET_LABEL)
    label.market = Market.objects.get(code="cn")
    label.save()
    result = japan(product, date(2026, 3, 1))
    assert [check.requirement.code for check in result.missing] == ["market-label"]
    assert ready_ids("jp", date(2026, 3, 1)) == set()


def test_food_lines_do_not_apply_to_handicrafts(world):
    pearls = ProductFactory(producer=world["qn"], product_set=product_set(4, group_code="thu-cong-my-nghe"))
    squid = ProductFactory(producer=world["qn"], product_set=product_set(1, group_code="thuc-pham"))
    day = date(2026, 3, 1)
    assert japan(pearls, day).total == 5  # origin, label, HS code, English name, offer terms
    assert japan(squid, day).total == 7
    for product in (pearls, squid):
        japan_file_except_haccp(product)
    assert (japan(pearls, day).ready, japan(squid, day).ready) == (True, False)
    assert ready_ids("jp", day) == {pearls.pk}


def test_product_without_applicable_line_is_not_ready(world):
    market = Market.objects.create(code="xx", name_vi="Thử", name_en="Test")
    Requirement.objects.create(
        market=market,
        code="halal",
        name_vi="Halal",
        name_en="Halal",
        document_kinds=["halal"],
        product_groups=["thuc-pham"],
    )
    pearls = ProductFactory(producer=world["qn"], product_set=product_set(4, group_code="thu-cong-my-nghe"))
    assert readiness_matrix(Product.objects.filter(pk=pearls.pk), [market]).cell(pearls, market).total == 0
    assert readiness_matrix(Product.objects.filter(pk=pearls.pk), [market]).cell(pearls, market).ready is False
    assert ready_ids("xx", date(2026, 3, 1)) == set()


def test_unknown_market_filters_to_nothing(world):
    ProductFactory(producer=world["qn"])
    assert ready_ids("zz", date(2026, 3, 1)) == set()


def test_matrix_queries_do_not_grow_with_products_or_markets(world, django_assert_max_num_queries):
    for index in range(30):
        product = ProductFactory(producer=world["qn"] if index % 2 else world["qn_other"])
        certification_document(product, DocumentKind.HACCP, issued_on=date(2025, 1, 1))
        export_credential(product, CredentialKind.MARKET_LABEL, "jp")
    markets = list(Market.objects.all())
    with django_assert_max_num_queries(6):
        matrix = readiness_matrix(Product.objects.all(), markets, date(2026, 3, 1))
        cells = [(cell.percent, [c.name for c in cell.missing]) for _, row in matrix.rows() for cell in row]
    assert len(cells) == 30 * 8


def test_python_matrix_and_sql_filter_agree(world):
    """Mixed records over several days: the two implementations give the same ready set everywhere."""
    food = product_set(1, group_code="thuc-pham")
    craft = product_set(4, group_code="thu-cong-my-nghe")
    products = []
    for index in range(12):
        product = ProductFactory(
            producer=[world["qn"], world["qn_other"], world["lc"]][index % 3],
            product_set=[None, food, craft][index % 3 if index < 9 else 0],
        )
        if index % 2 == 0:
            japan_file_except_haccp(product)
        if index % 4 == 0:
            certification_document(
                product, DocumentKind.HACCP, issued_on=date(2026, 1, 1), expires_on=date(2026, 6, 30)
            )
        if index % 5 == 0:
            export_credential(product, CredentialKind.GACC_REGISTRATION, issued_on=date(2026, 2, 1), facility=True)
            export_credential(product, CredentialKind.CERTIFICATE_OF_ORIGIN, "cn")
            export_credential(product, CredentialKind.MARKET_LABEL)
            export_credential(product, CredentialKind.PHYTOSANITARY_CERTIFICATE, expires_on=date(2026, 5, 1))
        products.append(product)
    markets = list(Market.objects.all())
    ready_cells = 0
    for day in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 1), date(2026, 5, 2), date(2026, 7, 1)):
        matrix = readiness_matrix(Product.objects.all(), markets, day)
        for market in markets:
            expected = {p.pk for p in matrix.products if matrix.cell(p, market).ready}
            assert ready_ids(market.code, day) == expected, (market.code, day)
            ready_cells += len(expected)
    assert ready_cells > 0  # the comparison is not between two empty sets


def test_requirement_validation_refuses_unknown_kinds():
    market = Market.objects.get(code="jp")
    requirement = Requirement(market=market, code="bad", name_vi="x", name_en="x", document_kinds=["gacc"])
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "document_kinds" in error.value.message_dict
    empty = Requirement(market=market, code="empty", name_vi="x", name_en="x")
    with pytest.raises(ValidationError) as error:
        empty.full_clean()
    assert "__all__" in error.value.message_dict
