"""The world the role × endpoint walk runs in, built through the services as people would enter it.

Two Quảng Ninh producers, each with its own user and its own records: "a" (Ba Chẽ, the commune
officer's commune) and "b" (Hạ Long). Province-wide records (rounds, events, series, imports, sales
points, agreements) exist once in Quảng Ninh ("a") and once in Lào Cai ("b"), so that every role has
a record inside its scope and one outside it. `objects[kind][variant]` is the record an endpoint is
walked on; the walk asks for each kind in both variants.
"""

import datetime

from django.core.files.base import ContentFile

from ocop.accounts.system import SystemCaller
from ocop.certificates.codes import make_code
from ocop.criteria.models import ProductSet
from ocop.evaluations import services as evaluations
from ocop.evaluations.models import EvaluationRound, HistoricalImport
from ocop.imports.models import ImportJob
from ocop.jobs.models import Job
from ocop.products.models import CertificationDocument, ProductPhoto
from ocop.programme.models import SalesImport
from ocop.programme.services import sales_line_save
from ocop.promotion.models import FigureImport
from ocop.promotion.services import booth_create, booth_sale_record, event_create, series_create, visits_record
from ocop.stamps.models import StampReport, StampRun
from ocop.trade.models import CredentialKind, DistributionAgreementKind, Listing, Market, PartnerKind, Platform
from ocop.trade.services import (
    agreement_create,
    credential_create,
    export_profile_save,
    inquiry_submit,
    listing_create,
    partner_create,
    sales_point_create,
)
from tests.evaluations.conftest import LOCAL_ANSWERS, pdf, star4_answers
from tests.evaluations.test_services import EVIDENCE_KINDS
from tests.factories import ProductFactory, commune, make_certificate, make_user, province

GTINS = {"a": "8936000000011", "b": "8936000000028"}


def _dossier(producer_user, product, sheet):
    dossier = evaluations.dossier_create(actor=producer_user, product=product)
    evaluations.self_assessment_save(actor=producer_user, dossier=dossier, answers=star4_answers(sheet))
    for kind in EVIDENCE_KINDS:
        evaluations.evidence_add(actor=producer_user, dossier=dossier, upload=pdf(f"{kind}.pdf"), kind=kind)
    return evaluations.dossier_submit(actor=producer_user, dossier=dossier)


def _round(officer, version, province_code: int, members: dict):
    round_ = evaluations.round_open(
        actor=officer,
        year=2026,
        number=1,
        name=f"Đợt 1 năm 2026 ({province_code})",
        criteria_version=version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    evaluations.council_form(actor=officer, round_=round_, name="Hội đồng đợt 1", **members)
    return EvaluationRound.objects.get(pk=round_.pk)


def build(world) -> tuple[dict, dict]:
    """The users of every role and the records, keyed by kind and variant ("a" in scope, "b" outside)."""
    qn, lc = province(22), province(15)
    users = dict(world["users"])
    officer, lc_officer = users["provincial_officer"], users["other_provincial_officer"]
    chair = users["council_member"]
    council_assigned = make_user("council_member", province=qn)
    member3 = make_user("council_member", province=qn)
    secretary = make_user("council_member", province=qn)
    users["council_assigned"] = council_assigned
    users["council_unassigned"] = make_user("council_member", province=qn)
    del users["council_member"]
    lc_members = [make_user("council_member", province=lc) for _ in range(4)]

    tea_set = ProductSet.objects.select_related("version").get(version__code="QD148", number=12)
    from ocop.criteria.selectors import sheet_get

    sheet = sheet_get(product_set=tea_set)
    producers = {"a": world["qn"], "b": world["qn_other"]}
    products = {
        key: ProductFactory(producer=producers[key], name_vi=f"Trà thử nghiệm {key}", product_set=tea_set, gtin=gtin)
        for key, gtin in GTINS.items()
    }
    round_qn = _round(
        officer,
        tea_set.version,
        22,
        {"chair": chair, "members": [council_assigned, member3], "secretary": secretary},
    )
    round_lc = _round(
        lc_officer,
        tea_set.version,
        15,
        {"chair": lc_members[0], "members": lc_members[1:3], "secretary": lc_members[3]},
    )
    dossier_a = _dossier(users["producer"], products["a"], sheet)
    evaluations.dossier_accept(actor=users["commune_officer"], dossier=dossier_a)
    evaluations.commune_assessment_save(actor=users["commune_officer"], dossier=dossier_a, answers=LOCAL_ANSWERS)
    evaluations.dossier_forward(actor=users["commune_officer"], dossier=dossier_a)
    dossier_a = evaluations.dossier_assign(actor=officer, round_=round_qn, dossier=dossier_a)
    dossier_b = _dossier(users["other_producer"], products["b"], sheet)

    certificates = {key: make_certificate(product, stars=4) for key, product in products.items()}
    stamp_runs = {
        key: StampRun.objects.create(
            certificate=certificate,
            product=certificate.product,
            lot_number=f"WALK-{key}",
            production_date=datetime.date(2026, 1, 5),
            best_before=datetime.date(2027, 1, 5),
            quantity=30,
        )
        for key, certificate in certificates.items()
    }
    stamp_reports = {
        key: StampReport.objects.create(run=run, index=2, place=f"Chợ thử nghiệm {key}")
        for key, run in stamp_runs.items()
    }
    inquiries = {
        "a": inquiry_submit(
            product=products["a"],
            buyer=users["buyer"],
            company="Import Co.",
            country="Japan",
            email="buyer@import.example",
            quantity="500 hộp",
            message="Xin báo giá.",
        ),
        "b": inquiry_submit(
            product=products["b"],
            company="Other Import Co.",
            country="Korea",
            email="other@import.example",
            quantity="200 hộp",
            message="Xin báo giá.",
        ),
    }
    sales = {
        key: sales_line_save(
            actor=officer,
            product=product,
            year=2025,
            period_kind="month",
            period=1,
            channel="direct_other",
            amount_vnd=10_000_000,
        )
        for key, product in products.items()
    }
    series = {
        "a": series_create(actor=officer, name="Hội chợ OCOP Quảng Ninh", event_type="fair", province=qn),
        "b": series_create(actor=lc_officer, name="Hội chợ OCOP Lào Cai", event_type="fair", province=lc),
    }
    events = {}
    for key, (prov, place, actor) in {
        "a": (qn, commune(6688), officer),
        "b": (lc, lc.communes.order_by("code").first(), lc_officer),
    }.items():
        events[key] = event_create(
            actor=actor,
            event_type="fair",
            series=series[key],
            edition=1,
            name=f"Hội chợ thử nghiệm {key}",
            province=prov,
            commune=place,
            venue="Nhà văn hoá",
            first_day=datetime.date(2025, 3, 1),
            last_day=datetime.date(2025, 3, 3),
            organiser="Sở Công Thương",
            status="announced",
        )
    booths = {
        "a": booth_create(actor=officer, event=events["a"], number="A01", producer=producers["a"]),
        "b": booth_create(actor=officer, event=events["a"], number="A02", producer=producers["b"]),
    }
    day = datetime.date(2025, 3, 1)
    visits = {
        key: visits_record(actor=None, system=SystemCaller.DEMO, event=event, day=day, visits=100)
        for key, event in events.items()
    }
    booth_sales = {
        key: booth_sale_record(
            actor=None, system=SystemCaller.DEMO, event=events["a"], booth=booth, day=day, amount_vnd=1_000_000
        )
        for key, booth in booths.items()
    }
    voso = Platform.objects.get(code="voso")
    listings = {
        key: listing_create(actor=officer, product=product, platform=voso, url=f"https://voso.vn/tra-{key}")
        for key, product in products.items()
    }
    partner = partner_create(actor=officer, name="Đối tác thử nghiệm", kind=PartnerKind.DISTRIBUTOR)
    agreements = {
        key: agreement_create(
            actor=actor,
            province=prov,
            kind=DistributionAgreementKind.MEMORANDUM,
            title=f"Thoả thuận thử nghiệm {key}",
            number=f"WALK-AGREEMENT-{key.upper()}",
            department="Sở Công Thương",
            partner=partner,
            signed_on=datetime.date(2025, 1, 1),
        )
        for key, (prov, actor) in {"a": (qn, officer), "b": (lc, lc_officer)}.items()
    }
    sales_points = {
        key: sales_point_create(actor=actor, name=f"Điểm bán {key}", address="Số 1", commune=place)
        for key, (place, actor) in {
            "a": (commune(6970), officer),
            "b": (lc.communes.order_by("code").first(), lc_officer),
        }.items()
    }
    credentials = {
        key: credential_create(actor=officer, producer=producer, kind=CredentialKind.FDA_REGISTRATION)
        for key, producer in producers.items()
    }
    for product in products.values():
        export_profile_save(
            actor=officer, product=product, changes={"min_order_quantity": 100, "min_order_unit": "hộp"}
        )
    documents = {
        key: CertificationDocument.objects.create(producer=producer, product=products[key], kind="vietgap", number=key)
        for key, producer in producers.items()
    }
    photos = {
        key: ProductPhoto.objects.create(product=product, image=ContentFile(b"x", name=f"anh-{key}.jpg"))
        for key, product in products.items()
    }
    import_jobs = {
        key: ImportJob.objects.create(
            kind="producers", status="ready", created_by=actor, province=prov, original_name=f"{key}.xlsx"
        )
        for key, (prov, actor) in {"a": (qn, officer), "b": (lc, lc_officer)}.items()
    }
    export_jobs = {
        key: Job.objects.create(
            kind="programme.dashboard_xlsx",
            requested_by=actor,
            status="done",
            result=ContentFile(b"PK walk", name=f"{key}.xlsx"),
            filename=f"{key}.xlsx",
        )
        for key, actor in {"a": officer, "b": lc_officer}.items()
    }
    historical = {
        key: HistoricalImport.objects.create(province=prov, original_name=f"{key}.xlsx", status="ready")
        for key, prov in {"a": qn, "b": lc}.items()
    }
    figure_imports = {
        key: FigureImport.objects.create(
            event=events[key], kind="visits", status="ready", created_by=actor, original_name=f"{key}.xlsx"
        )
        for key, actor in {"a": officer, "b": lc_officer}.items()
    }
    sales_imports = {
        key: SalesImport.objects.create(original_name=f"{key}.xlsx", status="previewed", created_by=users[who])
        for key, who in {"a": "producer", "b": "other_producer"}.items()
    }
    objects = {
        "producer": producers,
        "product": products,
        "dossier": {"a": dossier_a, "b": dossier_b},
        "evidence": {"a": dossier_a.evidence.order_by("pk").first(), "b": dossier_b.evidence.order_by("pk").first()},
        "round": {"a": round_qn, "b": round_lc},
        "certificate": certificates,
        "stamp_run": stamp_runs,
        "stamp_report": stamp_reports,
        "code": {key: make_code(certificate.pk) for key, certificate in certificates.items()},
        "gtin": GTINS,
        "inquiry": inquiries,
        "sales": sales,
        "series": series,
        "event": events,
        "booth": booths,
        "visits": visits,
        "booth_sale": booth_sales,
        "council": {"a": round_qn.council, "b": round_lc.council},
        "export_profile": {key: product.export_profile for key, product in products.items()},
        "listing": listings,
        "agreement": agreements,
        "sales_point": sales_points,
        "credential": credentials,
        "document": documents,
        "photo": photos,
        "import_job": import_jobs,
        "export_job": export_jobs,
        "historical": historical,
        "figure_import": figure_imports,
        "sales_import": sales_imports,
        "market": {
            "a": Market.objects.order_by("code").first().code,
            "b": Market.objects.order_by("code").first().code,
        },
    }
    assert Listing.objects.count() == 2
    return users, objects
