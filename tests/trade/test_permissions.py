"""Every role over every API endpoint of the trade app: the status code each must get."""

from datetime import date

import pytest
from django.core.cache import cache

from ocop.trade.models import CredentialKind, DistributionAgreementKind, Listing, PartnerKind, Platform
from ocop.trade.services import agreement_create, credential_create, inquiry_submit, listing_create, partner_create
from tests.factories import WORLD_ROLES, ProductFactory, province

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", *WORLD_ROLES]
AUTHENTICATED = set(ROLES) - {"anonymous"}
OFFICE = {"provincial_officer", "other_provincial_officer", "central_officer", "admin"}
SEES_PRODUCT = {"producer", "commune_officer", "provincial_officer", "council_member", "central_officer", "admin"}


def expect(ok: int, allowed: set, **others) -> dict:
    """Status per role: `ok` for the allowed roles, 401 for anonymous, the given code for named roles, 403 else."""
    codes = dict.fromkeys(ROLES, 403)
    codes["anonymous"] = 401
    for role in allowed:
        codes[role] = ok
    for code, roles in others.items():
        for role in roles:
            codes[role] = int(code[1:])
    return codes


@pytest.fixture
def setup(world):
    cache.clear()
    product = ProductFactory(producer=world["qn"], name_vi="Sản phẩm phân quyền")
    officer = world["users"]["provincial_officer"]
    listing = listing_create(
        actor=officer, product=product, platform=Platform.objects.get(code="voso"), url="https://voso.vn/a"
    )
    partner = partner_create(actor=officer, name="Đối tác phân quyền", kind=PartnerKind.DISTRIBUTOR)
    agreement = agreement_create(
        actor=officer,
        province=province(22),
        kind=DistributionAgreementKind.MEMORANDUM,
        title="Thoả thuận phân quyền",
        department="Sở Công Thương",
        partner=partner,
        signed_on=date(2025, 1, 1),
    )
    credential_create(actor=officer, producer=world["qn"], kind=CredentialKind.FDA_REGISTRATION)
    inquiry = inquiry_submit(
        product=product, company="A", country="Japan", email="a@a.example", quantity="1", message="m"
    )
    return {
        "product": product,
        "listing": listing,
        "agreement": agreement,
        "partner": partner,
        "inquiry": inquiry,
        "qn": world["qn"],
    }


ENDPOINTS = {
    "platforms": ("get", lambda s: "/platforms", None, expect(200, set(ROLES))),
    "markets": ("get", lambda s: "/markets", None, expect(200, set(ROLES))),
    "listings": ("get", lambda s: "/listings", None, expect(200, AUTHENTICATED)),
    "listing_create": (
        "post",
        lambda s: "/listings",
        lambda s: {"product_id": s["product"].pk, "platform": "postmart", "url": "https://postmart.vn/p"},
        expect(
            201,
            {"producer", "provincial_officer", "admin"},
            c404={"other_producer", "other_provincial_officer", "buyer"},
        ),
    ),
    "listing_patch": (
        "patch",
        lambda s: f"/listings/{s['listing'].pk}",
        lambda s: {"status": "paused"},
        expect(
            200,
            {"producer", "provincial_officer", "admin"},
            c404={"other_producer", "other_provincial_officer", "buyer"},
        ),
    ),
    "coverage": (
        "get",
        lambda s: "/listings/coverage",
        None,
        expect(200, OFFICE | {"commune_officer", "producer", "other_producer"}),
    ),
    "sales_points": ("get", lambda s: "/sales-points", None, expect(200, set(ROLES))),
    "sales_point_create": (
        "post",
        lambda s: "/sales-points",
        lambda s: {"name": "Cửa hàng", "address": "Số 1", "commune_code": 6673, "product_ids": [s["product"].pk]},
        expect(201, {"provincial_officer", "admin"}),
    ),
    "agreements": ("get", lambda s: "/agreements", None, expect(200, AUTHENTICATED)),
    "agreement": (
        "get",
        lambda s: f"/agreements/{s['agreement'].pk}",
        None,
        expect(
            200,
            {"provincial_officer", "central_officer", "admin"},
            # The council does not see agreements (DistributionAgreement.scope_paths.roles), as the agreements page says.
            c404={
                "producer",
                "other_producer",
                "commune_officer",
                "council_member",
                "other_provincial_officer",
                "buyer",
            },
        ),
    ),
    "agreement_create": (
        "post",
        lambda s: "/agreements",
        lambda s: {
            "province_code": 22,
            "kind": "supply_contract",
            "title": "Hợp đồng cung ứng",
            "department": "Sở Công Thương",
            "partner_id": s["partner"].pk,
            "signed_on": "2026-01-01",
            "product_ids": [],
        },
        expect(201, {"provincial_officer", "admin"}),
    ),
    "agreement_patch": (
        "patch",
        lambda s: f"/agreements/{s['agreement'].pk}",
        lambda s: {"status": "terminated"},
        expect(
            200,
            {"provincial_officer", "admin"},
            c404={
                "producer",
                "other_producer",
                "commune_officer",
                "council_member",
                "other_provincial_officer",
                "buyer",
            },
        ),
    ),
    "partners": ("get", lambda s: "/partners", None, expect(200, OFFICE)),
    "credentials": ("get", lambda s: "/credentials", None, expect(200, AUTHENTICATED)),
    "credential_create": (
        "post",
        lambda s: "/credentials",
        lambda s: {"producer_id": s["qn"].pk, "product_id": s["product"].pk, "market": "jp", "kind": "market_label"},
        expect(
            201,
            {"producer", "provincial_officer", "admin"},
            c404={"other_producer", "other_provincial_officer", "buyer"},
        ),
    ),
    "profile_put": (
        "put",
        lambda s: f"/products/{s['product'].pk}/export-profile",
        lambda s: {"lead_time_days": 20, "incoterms": ["FOB"]},
        expect(
            200,
            {"producer", "provincial_officer", "admin"},
            c404={"other_producer", "other_provincial_officer", "buyer"},
        ),
    ),
    "product_readiness": (
        "get",
        lambda s: f"/products/{s['product'].pk}/readiness",
        None,
        expect(200, SEES_PRODUCT, c404={"other_producer", "other_provincial_officer", "buyer"}),
    ),
    "readiness": (
        "get",
        lambda s: "/readiness?market=jp",
        None,
        expect(200, OFFICE | {"commune_officer", "producer", "other_producer", "buyer"}),
    ),
    "export_ready": ("get", lambda s: "/export-ready/jp", None, expect(200, set(ROLES))),
    "inquiries": ("get", lambda s: "/inquiries", None, expect(200, AUTHENTICATED)),
    "inquiry": (
        "get",
        lambda s: f"/inquiries/{s['inquiry'].pk}",
        None,
        expect(
            200,
            {"producer", "provincial_officer", "admin"},
            c404=AUTHENTICATED - {"producer", "provincial_officer", "admin"},
        ),
    ),
    "inquiry_reply": (
        "post",
        lambda s: f"/inquiries/{s['inquiry'].pk}/messages",
        lambda s: {"body": "Trả lời"},
        expect(
            201,
            {"producer", "provincial_officer", "admin"},
            c404=AUTHENTICATED - {"producer", "provincial_officer", "admin"},
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_over_every_endpoint(client, world, setup, role):
    """One role walks every endpoint (in a fixed order); every status must be the expected one, and a
    refused write leaves the table as it was."""
    if role != "anonymous":
        client.force_login(world["users"][role])
    wrong = []
    for name, (method, path, payload, codes) in ENDPOINTS.items():
        counts_before = Listing.objects.count()
        kwargs = {"content_type": "application/json", "data": payload(setup)} if payload else {}
        response = getattr(client, method)("/api/v1/trade" + path(setup), **kwargs)
        if response.status_code != codes[role]:
            wrong.append((name, response.status_code, codes[role], response.content[:200]))
        if name == "listing_create" and response.status_code != 201:
            assert Listing.objects.count() == counts_before
    assert wrong == []
