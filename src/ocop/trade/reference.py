"""Reference data loaded by a data migration: e-commerce platforms, target markets and checklists.

These are rows the office may change in the admin. The checklists are an indicative starting point
(what importers and the authorities usually ask); each line says where it comes from in `notes`, and
the office confirms them against the rules in force before relying on them.

`reference_load(apps)` is idempotent: an existing row (same code) is left exactly as it is, so an
office's edits survive a re-run.
"""

FOOD_GROUPS = ["thuc-pham", "do-uong", "duoc-lieu", "thao-duoc"]

# (code, name, domains, counts for the 2022 national target, position)
PLATFORMS = [
    ("postmart", "Postmart", "postmart.vn", True, 1),
    ("voso", "Voso", "voso.vn", True, 2),
    ("tiki", "Tiki", "tiki.vn,ti.ki", False, 3),
    ("sendo", "Sendo", "sendo.vn", False, 4),
    ("shopee", "Shopee", "shopee.vn,shp.ee", False, 5),
    ("lazada", "Lazada", "lazada.vn,lzd.co", False, 6),
    ("own-shop", "Cửa hàng trực tuyến của chủ thể", "", False, 9),
]

# Requirement lines reused by several markets: (code, name_vi, name_en, documents, credentials, field, groups)
FOOD_SAFETY_SYSTEM = (
    "food-safety-system",
    "Chứng nhận hệ thống an toàn thực phẩm HACCP hoặc ISO 22000",
    "HACCP or ISO 22000 food safety certification",
    ["haccp", "iso_22000"],
    [],
    "",
    FOOD_GROUPS,
)
SANITARY = (
    "sanitary-certificate",
    "Giấy chứng nhận y tế hoặc kiểm dịch thực vật cho lô hàng",
    "Health or phytosanitary certificate for the consignment",
    [],
    ["health_certificate", "phytosanitary_certificate"],
    "",
    FOOD_GROUPS,
)
HS_CODE = ("hs-code", "Có mã HS của sản phẩm", "HS code of the product", [], [], "hs_code", [])
EXPORT_TERMS = (
    "export-terms",
    "Thông tin chào hàng: năng lực cung ứng, lượng đặt tối thiểu, thời gian giao hàng, Incoterms",
    "Offer terms: monthly capacity, minimum order, lead time, Incoterms",
    [],
    [],
    "export_terms",
    [],
)
NAME_EN = ("name-en", "Có tên sản phẩm tiếng Anh", "English product name", [], [], "name_en", [])
GTIN = ("gtin", "Có mã vạch GTIN (EAN/UPC)", "GTIN barcode (EAN/UPC)", [], [], "gtin", [])


def _origin(form_vi: str, form_en: str):
    return (
        "certificate-of-origin",
        f"Giấy chứng nhận xuất xứ {form_vi}",
        f"Certificate of origin {form_en}",
        [],
        ["certificate_of_origin"],
        "",
        [],
    )


def _label(language_vi: str, language_en: str):
    return (
        "market-label",
        f"Nhãn (nhãn phụ) bằng {language_vi}",
        f"Label (or sticker) in {language_en}",
        [],
        ["market_label"],
        "",
        [],
    )


# (code, name_vi, name_en, position, notes, [requirement lines])
MARKETS = [
    (
        "cn",
        "Trung Quốc",
        "China",
        1,
        "Lệnh 248 của Tổng cục Hải quan Trung Quốc (GACC): cơ sở sản xuất thực phẩm nước ngoài phải đăng ký. "
        "C/O mẫu E theo Hiệp định ACFTA.",
        [
            FOOD_SAFETY_SYSTEM,
            (
                "gacc-registration",
                "Mã đăng ký cơ sở sản xuất với Hải quan Trung Quốc (GACC)",
                "Overseas food facility registration with China customs (GACC)",
                [],
                ["gacc_registration"],
                "",
                FOOD_GROUPS,
            ),
            SANITARY,
            _origin("mẫu E (ACFTA)", "Form E (ACFTA)"),
            _label("tiếng Trung", "Chinese"),
            HS_CODE,
            EXPORT_TERMS,
        ],
    ),
    (
        "la",
        "Lào",
        "Laos",
        2,
        "C/O mẫu D theo Hiệp định ATIGA.",
        [
            (
                "food-safety",
                "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc HACCP, ISO 22000)",
                "Food safety facility certificate (or HACCP, ISO 22000)",
                ["food_safety_facility", "haccp", "iso_22000"],
                [],
                "",
                FOOD_GROUPS,
            ),
            _origin("mẫu D (ATIGA)", "Form D (ATIGA)"),
            _label("tiếng Lào", "Lao"),
            HS_CODE,
            EXPORT_TERMS,
        ],
    ),
    (
        "kh",
        "Campuchia",
        "Cambodia",
        3,
        "C/O mẫu D theo Hiệp định ATIGA.",
        [
            (
                "food-safety",
                "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc HACCP, ISO 22000)",
                "Food safety facility certificate (or HACCP, ISO 22000)",
                ["food_safety_facility", "haccp", "iso_22000"],
                [],
                "",
                FOOD_GROUPS,
            ),
            _origin("mẫu D (ATIGA)", "Form D (ATIGA)"),
            _label("tiếng Khmer", "Khmer"),
            HS_CODE,
            EXPORT_TERMS,
        ],
    ),
    (
        "jp",
        "Nhật Bản",
        "Japan",
        4,
        "C/O mẫu VJ (VJEPA) hoặc AJ (AJCEP); nhãn tiếng Nhật theo Luật Ghi nhãn thực phẩm.",
        [
            FOOD_SAFETY_SYSTEM,
            SANITARY,
            _origin("mẫu VJ hoặc AJ", "Form VJ or AJ"),
            _label("tiếng Nhật", "Japanese"),
            HS_CODE,
            NAME_EN,
            EXPORT_TERMS,
        ],
    ),
    (
        "kr",
        "Hàn Quốc",
        "South Korea",
        5,
        "Cơ sở sản xuất thực phẩm nước ngoài đăng ký với Bộ An toàn Thực phẩm và Dược phẩm (MFDS). "
        "C/O mẫu VK (VKFTA) hoặc AK (AKFTA).",
        [
            FOOD_SAFETY_SYSTEM,
            (
                "facility-registration",
                "Đăng ký cơ sở sản xuất nước ngoài với MFDS Hàn Quốc",
                "Overseas facility registration with Korea's MFDS",
                [],
                ["facility_registration"],
                "",
                FOOD_GROUPS,
            ),
            SANITARY,
            _origin("mẫu VK hoặc AK", "Form VK or AK"),
            _label("tiếng Hàn", "Korean"),
            HS_CODE,
            NAME_EN,
            EXPORT_TERMS,
        ],
    ),
    (
        "eu",
        "Liên minh châu Âu",
        "European Union",
        6,
        "Hiệp định EVFTA: C/O mẫu EUR.1 hoặc tự chứng nhận xuất xứ (REX). Nhãn theo Quy định (EU) 1169/2011.",
        [
            FOOD_SAFETY_SYSTEM,
            SANITARY,
            _origin("EUR.1 hoặc tự chứng nhận (EVFTA)", "EUR.1 or statement on origin (EVFTA)"),
            _label("ngôn ngữ của nước thành viên nơi bán", "the language of the member state of sale"),
            HS_CODE,
            NAME_EN,
            GTIN,
            EXPORT_TERMS,
        ],
    ),
    (
        "us",
        "Hoa Kỳ",
        "United States",
        7,
        "Đạo luật Hiện đại hoá An toàn Thực phẩm (FSMA): đăng ký cơ sở với FDA, gia hạn hai năm một lần.",
        [
            (
                "fda-registration",
                "Đăng ký cơ sở thực phẩm với FDA Hoa Kỳ",
                "US FDA food facility registration",
                [],
                ["fda_registration"],
                "",
                FOOD_GROUPS,
            ),
            FOOD_SAFETY_SYSTEM,
            _label("tiếng Anh theo quy định của FDA", "English, per FDA rules"),
            HS_CODE,
            NAME_EN,
            GTIN,
            EXPORT_TERMS,
        ],
    ),
    (
        "my",
        "Malaysia",
        "Malaysia",
        8,
        "Thực phẩm cho người theo đạo Hồi: chứng nhận Halal được JAKIM công nhận. C/O mẫu D (ATIGA).",
        [
            (
                "halal",
                "Chứng nhận Halal",
                "Halal certification",
                ["halal"],
                [],
                "",
                FOOD_GROUPS,
            ),
            FOOD_SAFETY_SYSTEM,
            _origin("mẫu D (ATIGA)", "Form D (ATIGA)"),
            _label("tiếng Mã Lai hoặc tiếng Anh", "Malay or English"),
            HS_CODE,
            EXPORT_TERMS,
        ],
    ),
]


def reference_load(apps=None) -> dict[str, int]:
    """Create the platforms, markets and requirements that do not exist yet. Returns counts created."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Platform = apps.get_model("trade", "Platform")
    Market = apps.get_model("trade", "Market")
    Requirement = apps.get_model("trade", "Requirement")
    created = {"platforms": 0, "markets": 0, "requirements": 0}
    for code, name, domain, target, position in PLATFORMS:
        _, made = Platform.objects.get_or_create(
            code=code,
            defaults={"name": name, "domain": domain, "counts_for_national_target": target, "position": position},
        )
        created["platforms"] += int(made)
    for code, name_vi, name_en, position, notes, lines in MARKETS:
        market, made = Market.objects.get_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "position": position, "notes": notes}
        )
        created["markets"] += int(made)
        if not made:
            continue
        for index, (line_code, line_vi, line_en, documents, credentials, field, groups) in enumerate(lines, start=1):
            Requirement.objects.create(
                market=market,
                code=line_code,
                name_vi=line_vi,
                name_en=line_en,
                document_kinds=list(documents),
                credential_kinds=list(credentials),
                product_field=field,
                product_groups=list(groups),
                position=index * 10,
            )
            created["requirements"] += 1
    return created
