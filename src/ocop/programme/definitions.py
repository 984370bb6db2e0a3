"""The programme's phases and indicators as data (loaded by migration 0002 and by `indicators_sync`).

Pure data: no imports of models, so the migration can read it. An indicator names the computation
(a function registered with `@indicator(key)` in computations.py) and its parameters; adding an
indicator over an existing computation is adding a row here (or in the admin), not code.
"""

PHASES = [
    # code, name_vi, name_en, first_year, last_year
    ("2013-2016", "Giai đoạn 1 (2013–2016)", "Phase 1 (2013–2016)", 2013, 2016),
    ("2017-2020", "Giai đoạn 2 (2017–2020)", "Phase 2 (2017–2020)", 2017, 2020),
    ("2021-2025", "Giai đoạn 2021–2025", "Phase 2021–2025", 2021, 2025),
    ("2026-2030", "Giai đoạn 2026–2030", "Phase 2026–2030", 2026, 2030),
]

PLACE = ["province", "commune"]
REGISTRY = ["producer_type", "product_group"]

INDICATORS = [
    {
        "code": "ocop_sales_revenue",
        "name_vi": "Doanh số bán hàng sản phẩm OCOP",
        "name_en": "OCOP sales revenue",
        "unit": "vnd",
        "computation": "sales_revenue",
        "breakdowns": ["year", *PLACE, "channel", *REGISTRY],
        "paced": True,
        "description_vi": "Tổng doanh số chủ thể báo cáo theo sản phẩm, kỳ và kênh trong các năm của giai đoạn, "
        "cộng phần doanh thu gian hàng tại sự kiện mà chủ thể chưa báo cáo (không tính hai lần).",
        "description_en": "Sales reported by producers per product, period and channel in the phase's years, plus "
        "the part of event booth sales the producer did not report (never counted twice).",
    },
    {
        "code": "products_in_programme",
        "name_vi": "Sản phẩm tham gia chương trình",
        "name_en": "Products in the programme",
        "unit": "count",
        "computation": "products",
        "breakdowns": ["status", *PLACE, *REGISTRY],
        "paced": True,
        "description_vi": "Sản phẩm chưa lưu trữ đang tham gia, đã được công nhận hoặc hết hạn công nhận "
        "(không tính ý tưởng và sản phẩm đã rút), tại thời điểm hiện tại.",
        "description_en": "Products not archived that are in the programme, certified or expired (not ideas, not "
        "withdrawn), today.",
    },
    {
        "code": "producers",
        "name_vi": "Chủ thể OCOP",
        "name_en": "OCOP producers",
        "unit": "count",
        "computation": "producers",
        "breakdowns": ["producer_type", *PLACE],
        "paced": True,
        "description_vi": "Chủ thể chưa lưu trữ có ít nhất một sản phẩm tham gia chương trình, theo loại hình.",
        "description_en": "Producers not archived with at least one product in the programme, by legal form.",
    },
    {
        "code": "certified_products_3plus",
        "name_vi": "Sản phẩm đạt 3 sao trở lên (giấy chứng nhận còn hiệu lực)",
        "name_en": "Products rated ★3+ (valid certificate)",
        "unit": "count",
        "computation": "certified_products",
        "parameters": {"min_stars": 3},
        "breakdowns": ["star", "year", *PLACE, *REGISTRY],
        "paced": True,
        "description_vi": "Số sản phẩm có giấy chứng nhận OCOP còn hiệu lực vào cuối giai đoạn (hoặc hôm nay nếu "
        "giai đoạn chưa kết thúc); theo năm: tại ngày 31/12 của năm.",
        "description_en": "Products with a valid OCOP certificate at the end of the phase (or today if it has not "
        "ended); by year: on 31 December of each year.",
    },
    {
        "code": "certified_products_4plus",
        "name_vi": "Sản phẩm đạt 4–5 sao (giấy chứng nhận còn hiệu lực)",
        "name_en": "Products rated ★4–5 (valid certificate)",
        "unit": "count",
        "computation": "certified_products",
        "parameters": {"min_stars": 4},
        "breakdowns": ["star", "year", *PLACE, *REGISTRY],
        "paced": True,
    },
    {
        "code": "national_5star_products",
        "name_vi": "Sản phẩm OCOP quốc gia 5 sao",
        "name_en": "National ★5 OCOP products",
        "unit": "count",
        "computation": "certified_products",
        "parameters": {"min_stars": 5},
        "breakdowns": ["year", *PLACE, *REGISTRY],
        "paced": True,
    },
    {
        "code": "new_products",
        "name_vi": "Sản phẩm mới trong giai đoạn",
        "name_en": "New products in the phase",
        "unit": "count",
        "computation": "new_products",
        "breakdowns": ["year", "star", *PLACE, *REGISTRY],
        "paced": True,
        "description_vi": "Sản phẩm được công nhận lần đầu (quyết định đầu tiên) trong các năm của giai đoạn.",
        "description_en": "Products first recognised (first decision) in the phase's years.",
    },
    {
        "code": "developed_products",
        "name_vi": "Sản phẩm đã có được tiếp tục phát triển",
        "name_en": "Existing products developed further",
        "unit": "count",
        "computation": "developed_products",
        "breakdowns": ["star", *PLACE, *REGISTRY],
        "paced": True,
        "description_vi": "Sản phẩm đã được công nhận trước giai đoạn và được công nhận lại hoặc nâng hạng "
        "trong giai đoạn.",
        "description_en": "Products recognised before the phase and re-recognised or upgraded during it.",
    },
    {
        "code": "funnel_selected",
        "name_vi": "Sản phẩm được chọn đầu tư",
        "name_en": "Products selected for investment",
        "unit": "count",
        "computation": "funnel",
        "parameters": {"stage": "selected"},
        "breakdowns": [*PLACE, *REGISTRY],
        "paced": True,
    },
    {
        "code": "funnel_star45",
        "name_vi": "Sản phẩm được chọn đầu tư đạt 4–5 sao",
        "name_en": "Selected products reaching ★4–5",
        "unit": "count",
        "computation": "funnel",
        "parameters": {"stage": "star45"},
        "breakdowns": [*PLACE, *REGISTRY],
        "paced": True,
    },
    {
        "code": "funnel_national5",
        "name_vi": "Sản phẩm được chọn đầu tư đạt 5 sao quốc gia",
        "name_en": "Selected products reaching national ★5",
        "unit": "count",
        "computation": "funnel",
        "parameters": {"stage": "national5"},
        "breakdowns": [*PLACE, *REGISTRY],
        "paced": True,
    },
    {
        "code": "events_held",
        "name_vi": "Sự kiện xúc tiến thương mại đã tổ chức",
        "name_en": "Promotion events held",
        "unit": "count",
        "computation": "events",
        "breakdowns": ["year", "event_type", "province"],
        "paced": True,
    },
    {
        "code": "event_visits",
        "name_vi": "Lượt khách tại sự kiện",
        "name_en": "Visits at events",
        "unit": "visits",
        "computation": "event_visits",
        "breakdowns": ["year", "event_type", "province"],
        "paced": True,
    },
    {
        "code": "event_revenue",
        "name_vi": "Doanh thu tại sự kiện",
        "name_en": "Event revenue",
        "unit": "vnd",
        "computation": "event_revenue",
        "breakdowns": ["year", "event_type", "province"],
        "paced": True,
        "description_vi": "Tổng doanh thu các gian hàng theo ngày tại sự kiện (mọi gian hàng, kể cả đơn vị ngoài "
        "chương trình). Phần doanh thu của chủ thể OCOP được tính vào doanh số OCOP một lần.",
        "description_en": "Sum of all booths' daily sales at events (every booth, including outside exhibitors). "
        "OCOP producers' part is counted in OCOP sales once.",
    },
    {
        "code": "ecommerce_listings",
        "name_vi": "Sản phẩm trên sàn thương mại điện tử",
        "name_en": "Products listed on e-commerce platforms",
        "unit": "count",
        "computation": "ecommerce_listings",
        "breakdowns": [*PLACE, *REGISTRY],
        "paced": True,
    },
    {
        "code": "funding_total",
        "name_vi": "Kinh phí thực hiện chương trình",
        "name_en": "Programme funding",
        "unit": "vnd",
        "computation": "funding",
        "breakdowns": ["source", "year", *PLACE],
        "paced": True,
    },
    {
        "code": "funding_community_share",
        "name_vi": "Tỷ lệ kinh phí huy động từ cộng đồng",
        "name_en": "Share of funding from the community",
        "unit": "percent",
        "computation": "funding_share",
        "parameters": {"source": "community"},
        "breakdowns": ["year", *PLACE],
        "paced": False,
    },
]
