"""Quảng Ninh programme demo: phases, the article's targets, published figures, demo sales and funding.

Idempotent: a second run finds every row and changes nothing. Real figures (the article's targets,
the published ★3+ counts) carry their source; everything else is invented and marked demo: the
sales lines are spread over the demo products so that 2014–2016 adds up to the article's 672 bn
VND (the article's total covers all 210 products of the time; the demo has a dozen).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ocop.accounts.system import SystemCaller
from ocop.geo.models import Province
from ocop.products.models import Product
from ocop.programme.models import Funding, Indicator, InvestmentSelection, Phase, SalesLine, SalesOrigin
from ocop.programme.services import (
    booth_sales_reconcile_all,
    funding_record,
    indicators_sync,
    investment_select,
    phases_sync,
    reported_statistic_record,
    sales_lines_bulk_load,
    target_set,
)

QUANG_NINH = 22
BILLION = 1_000_000_000
ARTICLE = "Bài “OCOP Quảng Ninh hướng tới xuất khẩu”, 15/10/2017 (tài liệu tham chiếu)"
DEMO_SOURCE = "Minh hoạ (giả định)"

# Yearly provincial totals in bn VND: 2014–2016 add up to the article's 672; later years are invented.
YEAR_TOTALS = {2014: 180, 2015: 220, 2016: 272, 2017: 310, 2018: 360, 2019: 420, 2020: 380, 2021: 430}
YEAR_TOTALS.update({2022: 520, 2023: 610, 2024: 700, 2025: 790, 2026: 640})
CHANNEL_SHARES = [("direct_other", 35), ("retail_chains", 30), ("fairs_events", 15), ("ecommerce", 10), ("export", 10)]

PHASE2_TARGETS = [
    ("developed_products", 130, "Phát triển 130 sản phẩm đã có từ giai đoạn trước"),
    ("new_products", 120, "Phát triển 120 sản phẩm mới"),
    ("funnel_selected", 31, "Ít nhất 31 sản phẩm được lựa chọn tập trung đầu tư"),
    ("funnel_star45", 12, "12/31 sản phẩm đạt 4–5 sao"),
    ("funnel_national5", 6, "6/12 sản phẩm đủ điều kiện tham gia chuỗi sản phẩm quốc gia"),
    ("funding_community_share", 76, "Kinh phí huy động từ cộng đồng khoảng 76%"),
]
CURRENT_TARGETS = [
    ("ocop_sales_revenue", 4_000 * BILLION),
    ("certified_products_3plus", 520),
    ("new_products", 120),
    ("ecommerce_listings", 300),
    ("funding_community_share", 76),
]
DOMAIN = "Báo cáo của Văn phòng Điều phối chương trình OCOP tỉnh Quảng Ninh (số liệu công bố)"
DOMAIN_OTHER = "Báo chí địa phương (nguồn công bố khác)"
REPORTED = [
    # (value, as of, source, breakdown, note)
    (85, datetime.date(2017, 12, 31), DOMAIN, {}, "Năm 2017"),
    (138, datetime.date(2018, 12, 31), DOMAIN, {}, "Năm 2018"),
    (195, datetime.date(2019, 12, 31), DOMAIN, {}, "Năm 2019"),
    (336, datetime.date(2023, 10, 31), DOMAIN, {}, "Tháng 10/2023"),
    (346, datetime.date(2023, 10, 31), DOMAIN_OTHER, {}, "Năm 2023; các nguồn không thống nhất (336 và 346)"),
    (437, datetime.date(2025, 11, 30), DOMAIN, {}, "Tháng 11/2025"),
    (326, datetime.date(2025, 11, 30), DOMAIN, {"star": 3}, "Tháng 11/2025"),
    (103, datetime.date(2025, 11, 30), DOMAIN, {"star": 4}, "Tháng 11/2025"),
    (8, datetime.date(2025, 11, 30), DOMAIN, {"star": 5}, "Tháng 11/2025 (5 sao quốc gia)"),
]
# Funding per year in bn VND (invented): community ≈ 76 %.
FUNDING = {year: 100 + 12 * (year - 2017) for year in range(2017, 2026)}
FUNDING_SPLIT = [("community", 76), ("state_budget", 15), ("credit", 7), ("other", 2)]


def _split(total: int, weights: list[int]) -> list[int]:
    """Whole parts of `total` in proportion to `weights`, adding up exactly to `total`."""
    parts = [total * weight // sum(weights) for weight in weights]
    parts[-1] += total - sum(parts)
    return parts


def _sales_rows(products: list[Product], today: datetime.date) -> list[dict]:
    rows = []
    weights = [len(products) + 3 - index for index in range(len(products))]
    for year, billions in YEAR_TOTALS.items():
        quarters = [q for q in range(1, 5) if datetime.date(year, q * 3, 28) < today]
        if not quarters:
            continue
        per_product = _split(billions * BILLION, weights)
        for product, amount in zip(products, per_product, strict=True):
            shares = [
                share + (5 if channel == "ecommerce" and year >= 2020 else 0) for channel, share in CHANNEL_SHARES
            ]
            for (channel, _share), channel_amount in zip(CHANNEL_SHARES, _split(amount, shares), strict=True):
                for quarter, quarter_amount in zip(quarters, _split(channel_amount, [1] * len(quarters)), strict=True):
                    rows.append(
                        {
                            "product": product,
                            "year": year,
                            "period_kind": "quarter",
                            "period": quarter,
                            "channel": channel,
                            "amount_vnd": quarter_amount,
                            "note": "Dữ liệu minh hoạ",
                        }
                    )
    return rows


@transaction.atomic
def load_demo() -> dict[str, int]:
    report = {"phases": phases_sync(), "indicators": indicators_sync(), "targets": 0, "reported": 0}
    province = Province.objects.get(code=QUANG_NINH)
    indicator = {i.code: i for i in Indicator.objects.all()}
    phase = {p.code: p for p in Phase.objects.all()}
    today = timezone.localdate()

    targets = [("2013-2016", "ocop_sales_revenue", 200 * BILLION, ARTICLE + ": mục tiêu doanh số 200 tỷ đồng")]
    targets += [("2017-2020", code, value, f"{ARTICLE}: {text}") for code, value, text in PHASE2_TARGETS]
    targets += [("2026-2030", code, value, DEMO_SOURCE) for code, value in CURRENT_TARGETS]
    for phase_code, code, value, source in targets:
        existing = phase[phase_code].targets.filter(indicator=indicator[code], province=province, commune=None).first()
        if existing is None:
            target = target_set(
                actor=None,
                system=SystemCaller.DEMO,
                phase=phase[phase_code],
                indicator=indicator[code],
                province=province,
                value=Decimal(value),
                source=source,
            )
            if source == DEMO_SOURCE:
                type(target).objects.filter(pk=target.pk).update(is_demo=True)
            report["targets"] += 1

    for value, as_of, source, breakdown, note in REPORTED:
        stat = indicator["certified_products_3plus"]
        if not stat.reported.filter(province=province, as_of=as_of, source=source, breakdown=breakdown).exists():
            reported_statistic_record(
                actor=None,
                system=SystemCaller.DEMO,
                indicator=stat,
                province=province,
                value=Decimal(value),
                as_of=as_of,
                source=source,
                breakdown=breakdown,
                notes=note,
            )
            report["reported"] += 1

    products = list(
        Product.objects.filter(is_demo=True, producer__commune__province=province)
        .select_related("producer__commune", "product_set")
        .order_by("name_vi")
    )
    report["sales_lines"] = 0
    if products and not SalesLine.objects.filter(origin=SalesOrigin.DEMO, province=province).exists():
        report["sales_lines"] = sales_lines_bulk_load(rows=_sales_rows(products, today), origin=SalesOrigin.DEMO)

    report["funding"] = 0
    if not Funding.objects.filter(province=province, is_demo=True).exists():
        for year, billions in FUNDING.items():
            for (source, _weight), amount in zip(
                FUNDING_SPLIT, _split(billions * BILLION, [w for _s, w in FUNDING_SPLIT]), strict=True
            ):
                funding_record(
                    actor=None,
                    system=SystemCaller.DEMO,
                    province=province,
                    year=year,
                    source=source,
                    amount_vnd=amount,
                    description="Kinh phí thực hiện chương trình OCOP (minh hoạ)",
                    is_demo=True,
                )
                report["funding"] += 1

    report["selections"] = 0
    for index, product in enumerate(products[:9]):
        if not InvestmentSelection.objects.filter(phase=phase["2017-2020"], product=product).exists():
            investment_select(
                actor=None,
                system=SystemCaller.DEMO,
                phase=phase["2017-2020"],
                product=product,
                selected_on=datetime.date(2017, 9, 1 + index),
                decision="Quyết định lựa chọn sản phẩm tập trung đầu tư (minh hoạ)",
                is_demo=True,
            )
            report["selections"] += 1
    report["booth_reconciled"] = booth_sales_reconcile_all()
    return report
