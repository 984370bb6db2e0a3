"""Agreements, sales points, export credentials and offer terms: rules, scope and audit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.core.models import AuditEvent
from ocop.trade.models import (
    CredentialKind,
    DistributionAgreement,
    DistributionAgreementKind,
    DistributionAgreementStatus,
    ExportCredential,
    PartnerKind,
    SalesPoint,
)
from ocop.trade.selectors import product_sales_points
from ocop.trade.services import (
    agreement_create,
    agreement_update,
    credential_create,
    export_profile_save,
    partner_create,
    sales_point_create,
    sales_point_update,
)
from tests.factories import ProductFactory, commune, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return partner_create(
        actor=world["users"]["provincial_officer"], name="Central Group Việt Nam", kind=PartnerKind.RETAIL_CHAIN
    )


def mou(actor, partner, **extra):
    fields = {
        "kind": DistributionAgreementKind.MEMORANDUM,
        "title": "Biên bản ghi nhớ BigC",
        "department": "Sở Công Thương tỉnh Quảng Ninh",
        "partner": partner,
        "signed_on": date(2017, 9, 29),
    }
    fields.update(extra)
    return agreement_create(actor=actor, province=province(22), **fields)


def test_office_records_a_memorandum_with_products_and_a_pdf(world, partner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    products = [ProductFactory(producer=world["qn"]), ProductFactory(producer=world["qn_other"])]
    pdf = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    agreement = mou(
        world["users"]["provincial_officer"], partner, products=products, upload=pdf, value_vnd=1_500_000_000
    )
    assert sorted(agreement.products.values_list("pk", flat=True)) == sorted(p.pk for p in products)
    assert agreement.document.name.startswith("trade/agreements/")
    event = AuditEvent.objects.get(action="trade.agreement_create")
    assert event.after["products"] == sorted(p.pk for p in products)
    assert event.after["value_vnd"] == 1_500_000_000


def test_agreement_effective_status_expires_after_end_date(world, partner):
    agreement = mou(world["users"]["provincial_officer"], partner, ends_on=date(2020, 9, 29))
    assert agreement.effective_status(date(2020, 9, 29)) == DistributionAgreementStatus.ACTIVE
    assert agreement.effective_status(date(2020, 9, 30)) == DistributionAgreementStatus.EXPIRED


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_on": date(2017, 1, 1)}, "__all__"),
        ({"department": ""}, "__all__"),
    ],
)
def test_agreement_rules_refuse_and_save_nothing(world, partner, extra, field):
    with pytest.raises(ValidationError) as error:
        mou(world["users"]["provincial_officer"], partner, **extra)
    assert field in error.value.message_dict
    assert DistributionAgreement.objects.count() == 0


def test_agreement_products_must_be_in_the_province(world, partner):
    with pytest.raises(ValidationError) as error:
        mou(world["users"]["provincial_officer"], partner, products=[ProductFactory(producer=world["lc"])])
    assert "products" in error.value.message_dict
    assert DistributionAgreement.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "head"),
    [("contract.exe", b"MZ\x90\x00"), ("fake.pdf", b"<html>"), ("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))],
)
def test_agreement_document_type_and_size(world, partner, name, head):
    upload = SimpleUploadedFile(name, head)
    with pytest.raises(ValidationError) as error:
        mou(world["users"]["provincial_officer"], partner, upload=upload)
    assert "document" in error.value.message_dict
    assert DistributionAgreement.objects.count() == 0


def test_only_the_provinces_office_records_agreements(world, partner):
    for key in (
        "producer",
        "commune_officer",
        "council_member",
        "other_provincial_officer",
        "central_officer",
        "buyer",
    ):
        with pytest.raises(PermissionDenied):
            mou(world["users"][key], partner)
    agreement = mou(world["users"]["provincial_officer"], partner)
    with pytest.raises(PermissionDenied):
        agreement_update(actor=world["users"]["other_provincial_officer"], agreement=agreement, changes={"title": "x"})
    agreement.refresh_from_db()
    assert agreement.title == "Biên bản ghi nhớ BigC"


def test_sales_point_in_ha_long_with_products(world):
    officer = world["users"]["provincial_officer"]
    product = ProductFactory(producer=world["qn"])
    point = sales_point_create(
        actor=officer,
        name="Cửa hàng OCOP Bãi Cháy",
        address="Đường Hạ Long",
        commune=commune(6673),
        opening_hours="8:00–22:00",
        products=[product],
    )
    assert list(product_sales_points(product)) == [point]
    assert point.name_folded == "cua hang ocop bai chay duong ha long"
    sales_point_update(actor=officer, point=point, changes={"active": False})
    assert list(product_sales_points(product)) == []
    with pytest.raises(ValidationError):
        sales_point_update(actor=officer, point=point, changes={}, products=[ProductFactory(producer=world["lc"])])
    with pytest.raises(PermissionDenied):
        sales_point_create(
            actor=world["users"]["other_provincial_officer"], name="X", address="Y", commune=commune(6673)
        )
    assert SalesPoint.objects.count() == 1


def test_credential_product_must_belong_to_producer(world):
    other = ProductFactory(producer=world["qn_other"])
    with pytest.raises(ValidationError):
        credential_create(
            actor=world["users"]["provincial_officer"],
            producer=world["qn"],
            product=other,
            kind=CredentialKind.MARKET_LABEL,
        )
    with pytest.raises(PermissionDenied):
        credential_create(
            actor=world["users"]["other_producer"], producer=world["qn"], kind=CredentialKind.FDA_REGISTRATION
        )
    assert ExportCredential.objects.count() == 0


def test_export_profile_normalises_incoterms_and_refuses_unknown(world):
    product = ProductFactory(producer=world["qn"])
    profile = export_profile_save(
        actor=world["users"]["producer"],
        product=product,
        changes={"incoterms": "cif, fob; EXW", "capacity_per_month": Decimal("500"), "capacity_unit": "kg"},
    )
    assert (profile.incoterms, profile.incoterm_list) == ("EXW,FOB,CIF", ["EXW", "FOB", "CIF"])
    with pytest.raises(ValidationError):
        export_profile_save(actor=world["users"]["producer"], product=product, changes={"incoterms": ["FOB", "XYZ"]})
    with pytest.raises(ValidationError):
        export_profile_save(actor=world["users"]["producer"], product=product, changes={"capacity_unit": ""})
    profile.refresh_from_db()
    assert (profile.incoterms, profile.capacity_unit) == ("EXW,FOB,CIF", "kg")


def test_credential_list_of_a_product_has_its_own_and_facility_papers_once(world):
    from ocop.trade.selectors import credential_list

    first, second = ProductFactory(producer=world["qn"]), ProductFactory(producer=world["qn"])
    officer = world["users"]["provincial_officer"]
    own = credential_create(actor=officer, producer=world["qn"], product=first, kind=CredentialKind.MARKET_LABEL)
    facility = credential_create(actor=officer, producer=world["qn"], kind=CredentialKind.GACC_REGISTRATION)
    credential_create(actor=officer, producer=world["qn"], product=second, kind=CredentialKind.MARKET_LABEL)
    assert sorted(c.pk for c in credential_list(user=officer, product_id=first.pk)) == sorted([own.pk, facility.pk])
