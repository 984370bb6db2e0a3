"""Trade writes without a person (`actor=None`) are refused unless the system names itself: a forgotten
actor never skips the authority check. Each refusal writes nothing, not even an audit line."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.trade.models import (
    CredentialKind,
    DistributionAgreement,
    DistributionAgreementKind,
    ExportCredential,
    ExportProfile,
    Listing,
    Partner,
    PartnerKind,
    Platform,
    SalesPoint,
)
from ocop.trade.services import (
    agreement_create,
    credential_create,
    export_profile_save,
    listing_create,
    partner_create,
    sales_point_create,
)
from tests.factories import ProductFactory, commune, province

pytestmark = pytest.mark.django_db


def partner(world):
    return lambda system: partner_create(
        actor=None, system=system, name="Central Group Việt Nam", kind=PartnerKind.RETAIL_CHAIN
    )


def agreement(world):
    other = partner_create(actor=None, system=SystemCaller.DEMO, name="Saigon Co.op", kind=PartnerKind.RETAIL_CHAIN)
    return lambda system: agreement_create(
        actor=None,
        system=system,
        province=province(22),
        kind=DistributionAgreementKind.MEMORANDUM,
        title="Biên bản ghi nhớ",
        department="Sở Công Thương tỉnh Quảng Ninh",
        partner=other,
        signed_on=date(2017, 9, 29),
    )


def credential(world):
    return lambda system: credential_create(
        actor=None, system=system, producer=world["qn"], kind=CredentialKind.FDA_REGISTRATION
    )


def listing(world):
    product = ProductFactory(producer=world["qn"])
    return lambda system: listing_create(
        actor=None,
        system=system,
        product=product,
        platform=Platform.objects.get(code="postmart"),
        url="https://postmart.vn/tra",
        listed_since=date(2026, 1, 5),
    )


def sales_point(world):
    return lambda system: sales_point_create(
        actor=None, system=system, name="Cửa hàng OCOP", address="Đường Hạ Long", commune=commune(6673)
    )


def export_profile(world):
    product = ProductFactory(producer=world["qn"])
    return lambda system: export_profile_save(
        actor=None,
        system=system,
        product=product,
        changes={"capacity_per_month": Decimal("500"), "capacity_unit": "kg"},
    )


WRITES = [
    (partner, Partner),
    (agreement, DistributionAgreement),
    (credential, ExportCredential),
    (listing, Listing),
    (sales_point, SalesPoint),
    (export_profile, ExportProfile),
]
IDS = [write.__name__ for write, _model in WRITES]


@pytest.mark.parametrize(("write", "model"), WRITES, ids=IDS)
def test_system_without_a_name_is_refused_and_nothing_is_written(world, write, model):
    run = write(world)
    rows, audits = model.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        run(None)
    assert model.objects.count() == rows
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(("write", "model"), WRITES, ids=IDS)
def test_a_named_system_caller_writes(world, write, model):
    run = write(world)
    rows = model.objects.count()
    run(SystemCaller.DEMO)
    assert model.objects.count() == rows + 1
