"""Quảng Ninh demo records for distribution and export, on top of the registry demo.

Real: the 2017 memorandum between Quảng Ninh's Department of Industry and Trade and Central Group
Vietnam (BigC stores nationwide), the platforms, the wards. Invented and marked demo: the exact
signing date, every contract value, every listing address, the sales points' details, export papers
the Japanese importer's inquiry and the Lao distributor's. Idempotent: each record is found by its natural
key and a second run changes nothing.

Export readiness on the day of the load (every date is relative to it): Akoya pearls ready for Japan
and the United States, Hạ Long squid cake for Japan and the European Union, Ba Chẽ golden camellia tea
(the demo producer account's) for Laos and Cambodia; Quy Hoa tea not ready for China, as its GACC
registration lapsed 20 days ago. The Lao distributor's inquiry about the Ba Chẽ tea is unanswered.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import User
from ocop.accounts.system import SystemCaller
from ocop.geo.models import Commune, Province
from ocop.products.models import Product
from ocop.trade import services
from ocop.trade.models import (
    DistributionAgreementKind,
    ExportCredential,
    ExportProfile,
    Inquiry,
    InquiryMessage,
    InquiryStatus,
    Listing,
    Market,
    MessageSide,
    Partner,
    PartnerKind,
    Platform,
    SalesPoint,
)
from ocop.trade.reference import reference_load

QUANG_NINH = 22
CENTRAL_GROUP = "Central Group Việt Nam"
VIETNAM_POST = "Tổng công ty Bưu điện Việt Nam (Vietnam Post)"
JAPAN_IMPORTER = "Kobe Pearl Trading Co., Ltd. (demo)"
LAO_DISTRIBUTOR = "Công ty TNHH Phân phối Viêng Chăn (minh hoạ)"

# Export papers, (product, kind, number, market code or None, issued days ago, valid days or None, issuer).
ISSUER_VCCI = "Phòng Thương mại và Công nghiệp Việt Nam (minh hoạ)"
CREDENTIALS = [
    # Akoya pearls: Japan (form VJ, Japanese label) and the United States (English label).
    ("Ngọc trai Hạ Long Akoya", "certificate_of_origin", "VJ-QN-2025-0412", "jp", 60, None, ISSUER_VCCI),
    (
        "Ngọc trai Hạ Long Akoya",
        "market_label",
        "NHAN-JP-AKOYA-01",
        "jp",
        90,
        None,
        "Công ty Cổ phần Ngọc trai Hạ Long (minh hoạ)",
    ),
    (
        "Ngọc trai Hạ Long Akoya",
        "market_label",
        "NHAN-US-AKOYA-01",
        "us",
        45,
        None,
        "Công ty Cổ phần Ngọc trai Hạ Long (minh hoạ)",
    ),
    # Hạ Long squid cake: health certificate for every market, origin and labels for Japan and the EU.
    (
        "Chả mực Hạ Long",
        "health_certificate",
        "HC-2025-QN-0331",
        None,
        30,
        365,
        "Chi cục Quản lý chất lượng nông lâm thủy sản (minh hoạ)",
    ),
    ("Chả mực Hạ Long", "certificate_of_origin", "VJ-QN-2025-0507", "jp", 25, None, ISSUER_VCCI),
    ("Chả mực Hạ Long", "market_label", "NHAN-JP-CHAMUC-01", "jp", 40, None, "Công ty TNHH Chả mực Hạ Long (minh hoạ)"),
    ("Chả mực Hạ Long", "certificate_of_origin", "EUR1-QN-2025-0119", "eu", 20, None, ISSUER_VCCI),
    ("Chả mực Hạ Long", "market_label", "NHAN-EU-CHAMUC-01", "eu", 35, None, "Công ty TNHH Chả mực Hạ Long (minh hoạ)"),
    # Ba Chẽ golden camellia tea (the demo producer's): Laos and Cambodia (form D, Lao and Khmer labels).
    ("Trà hoa vàng Ba Chẽ", "certificate_of_origin", "D-QN-2025-0631", "la", 15, None, ISSUER_VCCI),
    ("Trà hoa vàng Ba Chẽ", "certificate_of_origin", "D-QN-2025-0632", "kh", 15, None, ISSUER_VCCI),
    (
        "Trà hoa vàng Ba Chẽ",
        "market_label",
        "NHAN-LA-THV-01",
        "la",
        50,
        None,
        "Hợp tác xã Trà hoa vàng Ba Chẽ (minh hoạ)",
    ),
    (
        "Trà hoa vàng Ba Chẽ",
        "market_label",
        "NHAN-KH-THV-01",
        "kh",
        50,
        None,
        "Hợp tác xã Trà hoa vàng Ba Chẽ (minh hoạ)",
    ),
    # Quy Hoa tea: the GACC registration lapsed 20 days ago, so China is not ready (the page says why).
    (
        "Trà hoa vàng Quy Hoa",
        "gacc_registration",
        "CVNM2401XXXX (minh hoạ)",
        "cn",
        5 * 365 + 20,
        5 * 365,
        "Tổng cục Hải quan Trung Quốc (GACC)",
    ),
    ("Trà hoa vàng Quy Hoa", "certificate_of_origin", "E-QN-2025-0088", "cn", 40, None, ISSUER_VCCI),
]

# (product, platform code, path) – addresses are invented (…-minh-hoa) on the real platforms' domains.
LISTINGS = [
    ("Ngọc trai Hạ Long Akoya", "postmart", "https://postmart.vn/san-pham/ngoc-trai-ha-long-akoya-minh-hoa", 400),
    ("Ngọc trai Hạ Long Akoya", "shopee", "https://shopee.vn/ngoc-trai-ha-long-akoya-minh-hoa", 300),
    ("Trà hoa vàng Quy Hoa", "postmart", "https://postmart.vn/san-pham/tra-hoa-vang-quy-hoa-minh-hoa", 500),
    ("Trà hoa vàng Quy Hoa", "tiki", "https://tiki.vn/tra-hoa-vang-quy-hoa-minh-hoa.html", 200),
    ("Chả mực Hạ Long", "voso", "https://voso.vn/cha-muc-ha-long-minh-hoa", 350),
    ("Chả mực Hạ Long", "lazada", "https://www.lazada.vn/products/cha-muc-ha-long-minh-hoa.html", 150),
    ("Rượu ba kích Ba Chẽ", "voso", "https://voso.vn/ruou-ba-kich-ba-che-minh-hoa", 250),
    ("Trà hoa vàng Ba Chẽ", "sendo", "https://www.sendo.vn/tra-hoa-vang-ba-che-minh-hoa.html", 120),
    ("Mực ống Cô Tô", "shopee", "https://shopee.vn/muc-ong-co-to-minh-hoa", 90),
    ("Nước mắm Cái Rồng", "own-shop", "https://nuocmamcairong.example/minh-hoa", 60),
]

# (name, kind, address, commune, operator, opening hours, products)
SALES_POINTS = [
    (
        "Cửa hàng OCOP Bãi Cháy (minh hoạ)",
        "ocop_shop",
        "Đường Hạ Long, khu du lịch Bãi Cháy (minh hoạ)",
        "Phường Bãi Cháy",
        "Trung tâm Xúc tiến thương mại tỉnh (minh hoạ)",
        "8:00–22:00 hằng ngày",
        [
            "Ngọc trai Hạ Long Akoya",
            "Ngọc trai Hạ Long Tahiti",
            "Chả mực Hạ Long",
            "Trà hoa vàng Quy Hoa",
            "Rượu ba kích Ba Chẽ",
            "Nước khoáng Quang Hanh",
        ],
    ),
    (
        "Điểm giới thiệu sản phẩm OCOP Móng Cái (minh hoạ)",
        "showroom",
        "Khu du lịch Trà Cổ (minh hoạ)",
        "Phường Móng Cái 1",
        "Hội Doanh nghiệp Móng Cái (minh hoạ)",
        "7:30–21:00, thứ Hai nghỉ",
        ["Trà hoa vàng Quy Hoa", "Miến dong Bình Liêu", "Nước mắm Cái Rồng", "Trứng vịt biển Đồng Rui"],
    ),
]


def _products(names) -> list[Product]:
    found = {
        p.name_vi: p
        for p in Product.objects.filter(name_vi__in=names, is_demo=True).select_related("producer__commune")
    }
    return [found[name] for name in names if name in found]


def _partner(name: str, kind: str, country: str, website: str, is_demo: bool) -> Partner:
    partner = Partner.objects.filter(name=name).first()
    return partner or services.partner_create(
        actor=None, system=SystemCaller.DEMO, name=name, kind=kind, country=country, website=website, is_demo=is_demo
    )


def _credential(
    product: Product, kind: str, number: str, market: Market | None, issued: date, expires: date | None, issuer: str
):
    if ExportCredential.objects.filter(producer=product.producer, kind=kind, number=number).exists():
        return 0
    services.credential_create(
        actor=None,
        system=SystemCaller.DEMO,
        producer=product.producer,
        product=product,
        market=market,
        kind=kind,
        number=number,
        issuer=issuer,
        issued_on=issued,
        expires_on=expires,
        notes="Dữ liệu minh hoạ.",
        is_demo=True,
    )
    return 1


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo records that do not exist yet. Returns how many of each were created."""
    created = {"agreements": 0, "listings": 0, "sales_points": 0, "credentials": 0, "profiles": 0, "inquiries": 0}
    reference_load()
    province = Province.objects.filter(code=QUANG_NINH).first()
    if province is None or not Product.objects.filter(is_demo=True).exists():
        return created  # the registry demo comes first
    today = timezone.localdate()
    markets = {market.code: market for market in Market.objects.all()}

    # Agreements: the article's 2017 memorandum, and a demo distribution contract with Vietnam Post.
    central = _partner(CENTRAL_GROUP, PartnerKind.RETAIL_CHAIN, "Việt Nam", "https://www.centralretail.com.vn", False)
    post = _partner(VIETNAM_POST, PartnerKind.POSTAL, "Việt Nam", "https://vnpost.vn", False)
    if not central.agreements.exists():
        services.agreement_create(
            actor=None,
            system=SystemCaller.DEMO,
            province=province,
            kind=DistributionAgreementKind.MEMORANDUM,
            title="Biên bản ghi nhớ tiêu thụ sản phẩm OCOP Quảng Ninh tại hệ thống BigC",
            department="Sở Công Thương tỉnh Quảng Ninh",
            partner=central,
            signed_on=date(2017, 9, 29),
            scope_note=(
                "Hỗ trợ tiêu thụ sản phẩm OCOP Quảng Ninh tại hệ thống siêu thị BigC trên cả nước "
                "(báo cáo ngày 15/10/2017). Ngày ký chính xác là giả định (minh hoạ): ký trong Tuần kết nối "
                "tiêu dùng sản phẩm OCOP 2017."
            ),
            products=_products(
                ["Chả mực Hạ Long", "Trà hoa vàng Quy Hoa", "Nước khoáng Quang Hanh", "Miến dong Bình Liêu"]
            ),
            is_demo=True,
        )
        created["agreements"] += 1
    tea = _products(["Trà hoa vàng Ba Chẽ"])
    if tea and not post.agreements.exists():
        services.agreement_create(
            actor=None,
            system=SystemCaller.DEMO,
            province=province,
            kind=DistributionAgreementKind.DISTRIBUTION_CONTRACT,
            title="Hợp đồng phân phối trà hoa vàng qua mạng lưới bưu điện và sàn Postmart (minh hoạ)",
            number="15/2025/HĐPP-BĐQN",
            producer=tea[0].producer,
            partner=post,
            signed_on=today - timedelta(days=200),
            ends_on=today + timedelta(days=530),
            value_vnd=120_000_000,
            scope_note="Dữ liệu minh hoạ.",
            products=tea,
            is_demo=True,
        )
        created["agreements"] += 1

    # E-commerce listings.
    platforms = {platform.code: platform for platform in Platform.objects.all()}
    for name, code, url, age in LISTINGS:
        found = _products([name])
        if not found or code not in platforms:
            continue
        if Listing.objects.filter(product=found[0], platform=platforms[code], url=url).exists():
            continue
        services.listing_create(
            actor=None,
            system=SystemCaller.DEMO,
            product=found[0],
            platform=platforms[code],
            url=url,
            listed_since=today - timedelta(days=age),
            notes="Dữ liệu minh hoạ.",
            is_demo=True,
        )
        created["listings"] += 1

    # Sales points in Hạ Long and Móng Cái.
    for name, kind, address, commune_name, operator, hours, names in SALES_POINTS:
        commune = Commune.objects.filter(province=province, name=commune_name).first()
        if commune is None or SalesPoint.objects.filter(commune=commune, name=name).exists():
            continue
        services.sales_point_create(
            actor=None,
            system=SystemCaller.DEMO,
            name=name,
            kind=kind,
            address=address,
            commune=commune,
            operator=operator,
            phone="0203 3800 000",
            opening_hours=hours,
            products=_products(names),
            is_demo=True,
        )
        created["sales_points"] += 1

    # Export papers (CREDENTIALS), dated from today.
    akoya = _products(["Ngọc trai Hạ Long Akoya"])
    squid = _products(["Chả mực Hạ Long"])
    quy_hoa = _products(["Trà hoa vàng Quy Hoa"])
    ba_che_tea = _products(["Trà hoa vàng Ba Chẽ"])
    for name, kind, number, market_code, issued_ago, valid_days, issuer in CREDENTIALS:
        found = _products([name])
        if not found:
            continue
        issued = today - timedelta(days=issued_ago)
        created["credentials"] += _credential(
            found[0],
            kind,
            number,
            markets.get(market_code) if market_code else None,
            issued,
            issued + timedelta(days=valid_days) if valid_days is not None else None,
            issuer,
        )
    profiles = [
        (akoya, Decimal("3000"), "viên", Decimal("200"), "viên", 30, "EXW,FOB,CIF", "Cảng Cái Lân"),
        (squid, Decimal("5000"), "kg", Decimal("500"), "kg", 21, "FOB,CFR", "Cảng Cái Lân"),
        (quy_hoa, Decimal("800"), "hộp", Decimal("100"), "hộp", 14, "EXW,DAP", "Cửa khẩu Móng Cái"),
        (ba_che_tea, Decimal("600"), "hộp", Decimal("50"), "hộp", 10, "EXW,DAP", "Cửa khẩu Móng Cái"),
    ]
    for found, capacity, unit, moq, moq_unit, lead, incoterms, port in profiles:
        if found and not ExportProfile.objects.filter(product=found[0]).exists():
            services.export_profile_save(
                actor=None,
                system=SystemCaller.DEMO,
                product=found[0],
                changes={
                    "capacity_per_month": capacity,
                    "capacity_unit": unit,
                    "min_order_quantity": moq,
                    "min_order_unit": moq_unit,
                    "lead_time_days": lead,
                    "incoterms": incoterms,
                    "port_of_loading": port,
                    "notes": "Dữ liệu minh hoạ.",
                },
            )
            created["profiles"] += 1

    # One inquiry thread from a Japanese importer about the Akoya pearls.
    if akoya and not Inquiry.objects.filter(product=akoya[0], company=JAPAN_IMPORTER).exists():
        buyer = User.objects.filter(username="nguoimua").first()
        now = timezone.now()
        inquiry = Inquiry.objects.create(
            product=akoya[0],
            buyer=buyer,
            company=JAPAN_IMPORTER,
            contact_name="Yuki Tanaka (demo)",
            country="Japan",
            email="yuki.tanaka@kobe-pearl.example",
            quantity="2,000 pearls per quarter (7–8 mm, AA)",
            target_market=markets.get("jp"),
            incoterm="CIF",
            message=(
                "Hello, we import cultured pearls for jewellery makers in Kobe. Could you quote CIF Osaka for "
                "2,000 Akoya pearls of 7–8 mm, grade AA, per quarter? Please confirm the certificate of origin "
                "(Form VJ) and the lead time for the first shipment."
            ),
            language="en",
            status=InquiryStatus.ANSWERED,
            notified_at=now,
            is_demo=True,
        )
        thread = [
            (
                MessageSide.PRODUCER,
                "Dear Ms Tanaka, thank you for your interest. For 2,000 pearls of 7–8 mm AA per quarter we can offer "
                "CIF Osaka at 38 USD per pearl, first shipment 30 days after the order, Form VJ certificate of "
                "origin included. Samples can be sent by express courier next week. (demo)",
            ),
            (
                MessageSide.BUYER,
                "Thank you. Please send 20 samples to our Kobe office. If the lustre matches, we will place the "
                "first order for the January shipment. (demo)",
            ),
            (
                MessageSide.PRODUCER,
                "Noted: 20 samples will leave Hạ Long on Monday by express courier; tracking number to follow by "
                "e-mail. (demo)",
            ),
        ]
        Inquiry.objects.filter(pk=inquiry.pk).update(created_at=now - timedelta(days=6, hours=3))
        for index, (side, body) in enumerate(thread):
            reply = InquiryMessage.objects.create(
                inquiry=inquiry,
                side=side,
                body=body,
                author=buyer if side == MessageSide.BUYER else None,
                notified_at=now,
            )
            sent_at = now - timedelta(days=5 - 2 * index, hours=7 - index)
            InquiryMessage.objects.filter(pk=reply.pk).update(created_at=sent_at)
        created["inquiries"] += 1
    created["inquiries"] += _unanswered_inquiry(ba_che_tea, markets)
    return created


def _unanswered_inquiry(found: list[Product], markets: dict[str, Market]) -> int:
    """A Lao distributor's inquiry about the demo producer's tea, received yesterday and not yet answered.

    Marked as already told (notified_at), so that loading the demo sends no e-mail."""
    if not found or Inquiry.objects.filter(product=found[0], company=LAO_DISTRIBUTOR).exists():
        return 0
    now = timezone.now()
    inquiry = Inquiry.objects.create(
        product=found[0],
        company=LAO_DISTRIBUTOR,
        contact_name="Khamphanh Sisavath (minh hoạ)",
        country="Lào",
        email="khamphanh@vientiane-distribution.example",
        phone="+856 20 5555 0000",
        quantity="200 hộp 100 g mỗi tháng",
        target_market=markets.get("la"),
        incoterm="DAP",
        message=(
            "Chào hợp tác xã, chúng tôi phân phối đặc sản Việt Nam cho các siêu thị ở Viêng Chăn. Xin báo giá DAP "
            "cửa khẩu Cầu Treo cho 200 hộp trà hoa vàng 100 g mỗi tháng, kèm C/O mẫu D và nhãn phụ tiếng Lào. "
            "Chúng tôi muốn nhận lô hàng đầu tiên trong tháng tới. (minh hoạ)"
        ),
        language="vi",
        status=InquiryStatus.NEW,
        notified_at=now,
        is_demo=True,
    )
    # Yesterday afternoon in the province's time, whatever the hour of the load (now minus a day and a
    # bit would be two days ago just after local midnight).
    yesterday = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=1), time(15, 30)))
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=yesterday)
    return 1
