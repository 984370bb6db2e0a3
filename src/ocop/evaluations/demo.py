"""Quảng Ninh demo of the evaluation workflow, built through the real services (idempotent).

On top of the registry demo (ocop.demo.loader.demo_load) and the criteria: a round "Đợt 1 năm <year>"
of the year of the first load, open that day (round_days),
its council (hoidong chairs; hoidong2, hoidong3 score; thuky is secretary; canbotinh organises), and
dossiers in different states — Trà hoa vàng Ba Chẽ decided ★4, Mực ống Cô Tô being scored (one member
still owes a sheet), Rượu ba kích Ba Chẽ waiting at the commune, Chả mực Hạ Long a draft. Every
person, score, decision number and file here is invented (demo).
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.services import user_create
from ocop.criteria.models import ProductSet
from ocop.criteria.selectors import sheet_get, version_current
from ocop.demo.data import DEMO_PASSWORD
from ocop.evaluations import services
from ocop.evaluations.models import Council, Dossier, EvaluationRound
from ocop.evaluations.notifications import email_muted
from ocop.geo.models import Province
from ocop.geo.selectors import commune_lookup
from ocop.producers.models import Producer
from ocop.products.models import CertificationDocument, Product

QUANG_NINH = 22
ROUND_NAME = "Đợt 1 năm %(year)s"
DEMO_PDF = b"%PDF-1.4\n% OCOP demo evidence (minh hoa)\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# (username, role, full name, scope): the demo accounts this app adds.
USERS = [
    ("hoidong2", "council_member", "Đặng Thu Hà – Hội đồng OCOP tỉnh (minh hoạ)", {"province": QUANG_NINH}),
    ("hoidong3", "council_member", "Vũ Minh Tuấn – Hội đồng OCOP tỉnh (minh hoạ)", {"province": QUANG_NINH}),
    ("thuky", "council_member", "Lê Thị Ngọc – Thư ký hội đồng (minh hoạ)", {"province": QUANG_NINH}),
    ("canbocoto", "commune_officer", "Nguyễn Văn Biển – UBND đặc khu Cô Tô (minh hoạ)", {"commune": "Đặc khu Cô Tô"}),
    ("bakich", "producer", "Trần Thị Hồng (minh hoạ)", {"producer": "Hợp tác xã Ba kích Ba Chẽ (minh hoạ)"}),
    ("mucong", "producer", "Vũ Thị Thu (minh hoạ)", {"producer": "Hộ kinh doanh Hải sản Cô Tô (minh hoạ)"}),
    ("chamuc", "producer", "Phạm Thị Mai (minh hoạ)", {"producer": "Công ty TNHH Chả mực Hạ Long (minh hoạ)"}),
]

# Product → QĐ 148 product set number (only set when the product has none yet).
PRODUCT_SETS = {
    "Trà hoa vàng Ba Chẽ": 12,  # Sản phẩm trà từ thực vật khác
    "Rượu ba kích Ba Chẽ": 15,  # Đồ uống có cồn khác
    "Mực ống Cô Tô": 2,  # Thịt, thủy sản, trứng, sữa tươi
    "Chả mực Hạ Long": 8,  # Chế biến từ thịt, thủy sản…
}

# Registry documents each demo producer holds (kind, number).
DOCUMENTS = {
    "Trà hoa vàng Ba Chẽ": [
        ("food_safety_facility", "ATTP-QN-2025-118"),
        ("haccp", "HACCP-2025-0457"),
        ("trademark", "NH-4-0325781"),
        ("quality_declaration", "TCB-01/2025/HTXTHV"),
        ("test_report", "KN-2025-7781"),
    ],
    "Mực ống Cô Tô": [
        ("food_safety_facility", "ATTP-QN-2024-301"),
        ("trademark", "NH-4-0311902"),
        ("quality_declaration", "TCB-02/2024/HKD"),
        ("test_report", "KN-2025-5512"),
    ],
    "Rượu ba kích Ba Chẽ": [("food_safety_facility", "ATTP-QN-2025-077"), ("quality_declaration", "TCB-03/2025/HTX")],
}


def round_days(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The demo round is open today: opened about ten weeks ago (not before 1 January), closes in a month."""
    return max(datetime.date(today.year, 1, 1), today - datetime.timedelta(days=70)), today + datetime.timedelta(
        days=30
    )


@dataclass
class EvaluationsDemoReport:
    users_created: int = 0
    dossiers_created: int = 0
    round_created: bool = False


def load_demo() -> EvaluationsDemoReport:
    with email_muted():
        return _load()


@transaction.atomic
def _load() -> EvaluationsDemoReport:
    report = EvaluationsDemoReport()
    version = version_current()
    if version is None:  # criteria not loaded: nothing to build on
        return report
    province = Province.objects.get(code=QUANG_NINH)
    report.users_created = _users(province)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[*(row[0] for row in USERS), "chuthe", "canboxa", "canbotinh", "hoidong"]
        )
    }
    if len(users) < len(USERS) + 4:
        return report  # the registry demo (ocop.demo) is not loaded
    products = _products(version)

    today = timezone.localdate()
    round_ = EvaluationRound.objects.filter(province=province, year=today.year, number=1, level="province").first()
    if round_ is None:
        opens_on, closes_on = round_days(today)
        round_ = services.round_open(
            actor=users["canbotinh"],
            year=today.year,
            number=1,
            name=ROUND_NAME % {"year": today.year},
            criteria_version=version,
            opens_on=opens_on,
            closes_on=closes_on,
        )
        report.round_created = True
    if not Council.objects.filter(round=round_).exists():
        services.council_form(
            actor=users["canbotinh"],
            round_=round_,
            name="Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Ninh – đợt 1/2026 (minh hoạ)",
            chair=users["hoidong"],
            members=[users["hoidong2"], users["hoidong3"]],
            secretary=users["thuky"],
        )

    tea = products["Trà hoa vàng Ba Chẽ"]
    if not Dossier.objects.filter(product=tea).exists():
        dossier = _forwarded(tea, users["chuthe"], users["canboxa"])
        services.dossier_assign(actor=users["canbotinh"], round_=round_, dossier=dossier)
        for username, changes in (("hoidong", {}), ("hoidong2", {"4.2": "4.2-3"}), ("hoidong3", {"5.1": "5.1-6"})):
            services.score_save(
                actor=users[username],
                dossier=dossier,
                answers=_answers(tea, changes),
                comment="Sản phẩm đặc sản, bao bì cần sang trọng hơn để lên 5 sao (minh hoạ)."
                if username == "hoidong"
                else "",
                submit=True,
            )
        services.dossier_close(actor=users["hoidong"], dossier=dossier)
        services.decision_record(
            actor=users["thuky"],
            dossier=dossier,
            number="1234/QĐ-UBND (minh hoạ)",
            decided_on=timezone.localdate(),
            signer_name="Nguyễn Văn A (minh hoạ)",
            signer_title="Phó Chủ tịch UBND tỉnh Quảng Ninh",
        )
        report.dossiers_created += 1

    squid = products["Mực ống Cô Tô"]
    if not Dossier.objects.filter(product=squid).exists():
        dossier = _forwarded(squid, users["mucong"], users["canbocoto"])
        services.dossier_assign(actor=users["canbotinh"], round_=round_, dossier=dossier)
        for username in ("hoidong", "hoidong2"):
            services.score_save(actor=users[username], dossier=dossier, answers=_answers(squid, {}), submit=True)
        report.dossiers_created += 1

    wine = products["Rượu ba kích Ba Chẽ"]
    if not Dossier.objects.filter(product=wine).exists():
        _submitted(wine, users["bakich"])
        report.dossiers_created += 1

    squid_cake = products["Chả mực Hạ Long"]
    if not Dossier.objects.filter(product=squid_cake).exists():
        dossier = services.dossier_create(actor=users["chamuc"], product=squid_cake)
        answers = _answers(squid_cake, {})
        first_half = dict(list(answers.items())[: len(answers) // 2])
        services.self_assessment_save(actor=users["chamuc"], dossier=dossier, answers=first_half)
        report.dossiers_created += 1
    return report


def _users(province) -> int:
    created = 0
    for username, role, full_name, scope in USERS:
        if User.objects.filter(username=username).exists():
            continue
        producer = Producer.objects.filter(legal_name=scope["producer"]).first() if "producer" in scope else None
        if "producer" in scope and producer is None:
            continue
        user_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            email=f"{username}@demo.ocop.localhost",
            province=province if "province" in scope else None,
            commune=commune_lookup(scope["commune"], province=province) if "commune" in scope else None,
            producer=producer,
        )
        created += 1
    return created


def _products(version) -> dict[str, Product]:
    found = {}
    for name, number in PRODUCT_SETS.items():
        product = Product.objects.select_related("producer", "product_set").get(name_vi=name)
        if product.product_set_id is None:
            product.product_set = ProductSet.objects.get(version=version, number=number)
            product.save(update_fields=["product_set", "updated_at"])
        for kind, doc_number in DOCUMENTS.get(name, []):
            CertificationDocument.objects.get_or_create(
                producer=product.producer,
                kind=kind,
                number=doc_number,
                defaults={"product": product, "issuer": "Sở Nông nghiệp và Môi trường Quảng Ninh (minh hoạ)"},
            )
        found[name] = product
    return found


def _answers(product: Product, changes: dict) -> dict:
    """A ★4-level sheet for the product's set: the best option, minus one step wherever ★5 is marked."""
    sheet = sheet_get(product_set=product.product_set)
    answers: dict[str, str | None] = {}
    for section in sheet.sections.values():
        tops = section.criterion_codes[:1] if section.choose_one else section.criterion_codes
        for top in tops:
            for leaf in sheet.index.leaves[top]:
                options = sorted(sheet.criteria[leaf].options, key=lambda o: o.points)
                below_five = [o for o in options if (o.mandatory_stars or 0) < 5]
                answers[leaf] = (below_five or options)[-1].code
    for code, option in changes.items():
        if code in answers and sheet.criteria[code].option(option):
            answers[code] = option
    return answers


def _with_missing_evidence(dossier: Dossier, actor) -> None:
    for requirement in services.evidence_check(dossier):
        if requirement.missing:
            upload = ContentFile(DEMO_PDF, name=f"minh-hoa-{requirement.key}.pdf")
            services.evidence_add(actor=actor, dossier=dossier, upload=upload, kind=requirement.kinds[0])


def _submitted(product: Product, producer_user) -> Dossier:
    dossier = services.dossier_create(actor=producer_user, product=product)
    services.self_assessment_save(actor=producer_user, dossier=dossier, answers=_answers(product, {}))
    _with_missing_evidence(dossier, producer_user)
    return services.dossier_submit(actor=producer_user, dossier=dossier)


def _forwarded(product: Product, producer_user, commune_user) -> Dossier:
    from ocop.evaluations.scoring import local_criteria

    dossier = _submitted(product, producer_user)
    services.dossier_accept(actor=commune_user, dossier=dossier)
    sheet = sheet_get(product_set=product.product_set)
    best = _answers(product, {})
    services.commune_assessment_save(
        actor=commune_user,
        dossier=dossier,
        answers={code: best[code] for code in local_criteria(sheet).values()},
        comment="Nguyên liệu và lao động tại địa phương (minh hoạ).",
    )
    return services.dossier_forward(actor=commune_user, dossier=dossier)
