"""Quảng Ninh trade-promotion demo data, on top of the registry demo (`ocop.demo.loader.demo_load`).

The events and their headline figures are those of the reference article (OCOP Quảng Ninh fair V in
2017: 5 days, 54,000 visits, 6.8 bn đồng, in-province booths 3.9 bn; the first consumer connection week:
3 days, 12,000 visits, over 1 bn; the MoU with Central Group). Fair IV's figures are derived so that
Fair V's growth matches the article (+15 % visits/day, +45 % revenue/day, in-province revenue +28 %).
Dates, booth numbers, outside exhibitors and every split per day and per booth are invented (demo).

Two events are dated from the day of the first load, so that the demo shows the platform at work
today: this year's fair of the series is running (it opened two days ago and closes in two days;
the booths have their sales of the past days, today's are still to enter), and the next Spring fair
(15 January, at least three weeks ahead) is announced with its first booths.
Idempotent: an event that exists (same name and first day; the running fair: its series and edition)
is left as it is.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ocop.accounts.system import SystemCaller
from ocop.geo.models import Commune, Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.promotion.models import Event, EventAgreementKind, EventSeries, EventStatus, EventType, roman
from ocop.promotion.services import (
    agreement_create,
    booth_create,
    booth_sale_record,
    event_create,
    event_set_status,
    series_create,
    visits_record,
)

QUANG_NINH = 22
ORGANISER = "Sở Công Thương tỉnh Quảng Ninh"
VENUE = "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh Quảng Ninh"
DEMO_NOTE = "Dữ liệu minh hoạ: số liệu tổng theo bài báo năm 2017; ngày, gian hàng và số liệu từng ngày là giả định."
FAIR_SERIES = "Hội chợ OCOP Quảng Ninh"
FIRST_FAIR_YEAR = 2012  # the series is yearly since 2012: the 2016 fair is the IVth, 2017 the Vth
CURRENT_FAIR_NOTE = (
    "Dữ liệu minh hoạ: hội chợ đang diễn ra (ngày tổ chức tính từ ngày nạp dữ liệu minh hoạ); "
    "các gian hàng đã nhập doanh thu những ngày trước, doanh thu hôm nay còn chờ nhập."
)
# Booths of the running fair: (demo producer's index in ocop.demo.data.PRODUCERS, today's sales already
# entered?). The demo producer account's cooperative (index 2, Trà hoa vàng Ba Chẽ) has not entered today's.
CURRENT_FAIR_BOOTHS = [(0, True), (1, False), (2, False), (4, True), (5, False), (7, False)]

# Outside exhibitors: (name, province name).
OUTSIDE = [
    ("Hợp tác xã Chè Tân Cương Thái Nguyên (minh hoạ)", "Thái Nguyên"),
    ("Công ty TNHH Cà phê Buôn Ma Thuột (minh hoạ)", "Đắk Lắk"),
    ("Hợp tác xã Na Chi Lăng Lạng Sơn (minh hoạ)", "Lạng Sơn"),
    ("Công ty Cổ phần Nông sản Sạch Hà Nội (minh hoạ)", "Hà Nội"),
    ("Hợp tác xã Vải thiều Lục Ngạn (minh hoạ)", "Bắc Ninh"),
]


def split(total: int, weights: list[int]) -> list[int]:
    """Split an integer in proportion to weights; the parts add up to the total exactly."""
    scale = sum(weights)
    parts = [total * weight // scale for weight in weights]
    parts[-1] += total - sum(parts)
    return parts


def _province(name: str) -> Province:
    from ocop.geo.selectors import province_lookup

    return province_lookup(name)


def _commune(name: str, province: Province) -> Commune:
    from ocop.geo.selectors import commune_lookup

    return commune_lookup(name, province=province)


def _event(**fields) -> tuple[Event, bool]:
    existing = Event.objects.filter(name=fields["name"], first_day=fields["first_day"]).first()
    if existing:
        return existing, False
    fields.setdefault("status", EventStatus.ANNOUNCED)
    fields.setdefault("organiser", ORGANISER)
    return event_create(actor=None, system=SystemCaller.DEMO, is_demo=True, **fields), True


def _fill(event: Event, *, visits: int | None, day_weights: list[int], booths: list[tuple[object, int]]) -> None:
    """Visits split over the days; each booth's revenue split over the days (a shape varied per booth)."""
    if visits is not None:  # exhibitions inside another event do not count their own visitors
        for day, count in zip(event.day_list(), split(visits, day_weights), strict=True):
            visits_record(actor=None, system=SystemCaller.DEMO, event=event, day=day, visits=count)
    for index, (exhibitor, revenue) in enumerate(booths):
        if isinstance(exhibitor, Producer):
            booth = booth_create(
                actor=None,
                system=SystemCaller.DEMO,
                event=event,
                number=f"A{index + 1:02d}",
                producer=exhibitor,
                products=Product.objects.filter(producer=exhibitor, archived_at__isnull=True),
                is_demo=True,
            )
        else:
            name, province_name = exhibitor
            booth = booth_create(
                actor=None,
                system=SystemCaller.DEMO,
                event=event,
                number=f"B{index + 1:02d}",
                exhibitor_name=name,
                exhibitor_province=_province(province_name),
                products_text="Đặc sản địa phương (minh hoạ)",
                is_demo=True,
            )
        shape = [weight + (index + position) % 3 for position, weight in enumerate(day_weights)]
        for day, amount in zip(event.day_list(), split(revenue, shape), strict=True):
            booth_sale_record(
                actor=None, system=SystemCaller.DEMO, event=event, booth=booth, day=day, amount_vnd=amount
            )


def _producers() -> list[Producer]:
    from ocop.demo import data

    names = [row[0] for row in data.PRODUCERS]
    by_name = {
        p.legal_name: p for p in Producer.objects.filter(legal_name__in=names).select_related("commune__province")
    }
    return [by_name[name] for name in names if name in by_name]


def _weights_for(count: int, seed: int) -> list[int]:
    return [5 + (index * 7 + seed) % 11 for index in range(count)]


def current_fair_days(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The running fair's first and last day: five days, today the third."""
    return today - datetime.timedelta(days=2), today + datetime.timedelta(days=2)


def next_spring_fair_day(today: datetime.date) -> datetime.date:
    """The next Spring fair's opening (15 January, the programme's Spring fair), at least 21 days ahead."""
    opening = datetime.date(today.year, 1, 15)
    while opening < today + datetime.timedelta(days=21):
        opening = opening.replace(year=opening.year + 1)
    return opening


def _current_fair(series: EventSeries, province: Province, commune: Commune, producers: list[Producer]) -> bool:
    """This year's fair of the series, running today: booths open, sales entered up to yesterday."""
    today = timezone.localdate()
    edition = today.year - FIRST_FAIR_YEAR
    if Event.objects.filter(series=series, edition=edition).exists():
        return False
    first_day, last_day = current_fair_days(today)
    fair = event_create(
        actor=None,
        system=SystemCaller.DEMO,
        is_demo=True,
        event_type=EventType.FAIR,
        series=series,
        edition=edition,
        name=f"Hội chợ OCOP Quảng Ninh lần thứ {roman(edition)} – {today.year}",
        name_en=f"OCOP Quảng Ninh Fair {roman(edition)} – {today.year}",
        province=province,
        commune=commune,
        venue=VENUE,
        first_day=first_day,
        last_day=last_day,
        organiser=ORGANISER,
        status=EventStatus.ANNOUNCED,
        description=CURRENT_FAIR_NOTE,
    )
    past_days = [day for day in fair.day_list() if day < today]
    for day, count in zip(
        past_days, split(2_400 * len(past_days), [5 + i for i in range(len(past_days))]), strict=True
    ):
        visits_record(actor=None, system=SystemCaller.DEMO, event=fair, day=day, visits=count)
    for position, (index, entered_today) in enumerate(CURRENT_FAIR_BOOTHS, start=1):
        if index >= len(producers):
            continue
        producer = producers[index]
        booth = booth_create(
            actor=None,
            system=SystemCaller.DEMO,
            event=fair,
            number=f"A{position:02d}",
            producer=producer,
            products=Product.objects.filter(producer=producer, archived_at__isnull=True),
            is_demo=True,
        )
        days = [*past_days, today] if entered_today else past_days
        for offset, day in enumerate(days):
            amount = 1_000_000 * (6 + (position * 3 + offset * 5) % 9)
            booth_sale_record(actor=None, system=SystemCaller.DEMO, event=fair, booth=booth, day=day, amount_vnd=amount)
    return True


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo events (skipping those that exist). Returns how many events were created."""
    quang_ninh = Province.objects.get(code=QUANG_NINH)
    producers = _producers()
    created = 0
    series = EventSeries.objects.filter(province=quang_ninh, name=FAIR_SERIES).first()
    if series is None:
        series = series_create(
            actor=None,
            system=SystemCaller.DEMO,
            name=FAIR_SERIES,
            name_en="OCOP Quảng Ninh Fair",
            event_type=EventType.FAIR,
            province=quang_ninh,
            is_demo=True,
        )
    hong_gai = _commune("Phường Hồng Gai", quang_ninh)

    # Fair IV (2016): 6 days. Totals chosen so that Fair V's growth is the article's.
    fair_iv, new = _event(
        event_type=EventType.FAIR,
        series=series,
        edition=4,
        name="Hội chợ OCOP Quảng Ninh lần thứ IV – 2016",
        name_en="4th OCOP Quảng Ninh Fair – 2016",
        province=quang_ninh,
        commune=hong_gai,
        venue=VENUE,
        first_day=datetime.date(2016, 4, 25),
        last_day=datetime.date(2016, 4, 30),
        description=DEMO_NOTE,
    )
    if new:
        in_province = producers[:10]
        _fill(
            fair_iv,
            visits=56_348,
            day_weights=[14, 15, 17, 19, 21, 14],
            booths=list(zip(in_province, split(3_046_875_000, _weights_for(len(in_province), 2)), strict=True))
            + list(zip(OUTSIDE, split(2_580_711_000, _weights_for(len(OUTSIDE), 5)), strict=True)),
        )
        event_set_status(actor=None, system=SystemCaller.DEMO, event=fair_iv, status=EventStatus.CLOSED)
        created += 1

    # Fair V (2017): 5 days, 54,000 visits, 6.8 bn đồng, in-province booths 3.9 bn (the article).
    fair_v, new = _event(
        event_type=EventType.FAIR,
        series=series,
        edition=5,
        name="Hội chợ OCOP Quảng Ninh lần thứ V – 2017",
        name_en="5th OCOP Quảng Ninh Fair – 2017",
        province=quang_ninh,
        commune=hong_gai,
        venue=VENUE,
        first_day=datetime.date(2017, 4, 26),
        last_day=datetime.date(2017, 4, 30),
        description=DEMO_NOTE,
    )
    if new:
        _fill(
            fair_v,
            visits=54_000,
            day_weights=[16, 18, 20, 24, 22],
            booths=list(zip(producers, split(3_900_000_000, _weights_for(len(producers), 3)), strict=True))
            + list(zip(OUTSIDE, split(2_900_000_000, _weights_for(len(OUTSIDE), 7)), strict=True)),
        )
        event_set_status(actor=None, system=SystemCaller.DEMO, event=fair_v, status=EventStatus.CLOSED)
        created += 1

    # The first consumer connection week (2017): 3 days, about 12,000 visits, over 1 bn đồng; the MoU.
    week, new = _event(
        event_type=EventType.CONNECTION_WEEK,
        name="Tuần kết nối tiêu dùng sản phẩm OCOP Quảng Ninh 2017",
        name_en="OCOP Quảng Ninh consumer connection week 2017",
        province=quang_ninh,
        commune=hong_gai,
        venue="Trung tâm thương mại Hạ Long (minh hoạ)",
        first_day=datetime.date(2017, 9, 28),
        last_day=datetime.date(2017, 9, 30),
        description=DEMO_NOTE,
    )
    if new:
        chosen = producers[:8]
        _fill(
            week,
            visits=12_000,
            day_weights=[3, 4, 5],
            booths=list(zip(chosen, split(1_052_000_000, _weights_for(len(chosen), 1)), strict=True)),
        )
        agreement_create(
            actor=None,
            system=SystemCaller.DEMO,
            event=week,
            kind=EventAgreementKind.MEMORANDUM,
            signed_on=datetime.date(2017, 9, 28),
            first_party="Sở Công Thương tỉnh Quảng Ninh",
            second_party="Tập đoàn Central Group Việt Nam",
            products_text="Sản phẩm OCOP Quảng Ninh tại hệ thống siêu thị BigC trên cả nước",
            summary="Hỗ trợ tiêu thụ sản phẩm OCOP Quảng Ninh tại hệ thống BigC (theo bài báo năm 2017; ngày ký minh hoạ).",
            is_demo=True,
        )
        event_set_status(actor=None, system=SystemCaller.DEMO, event=week, status=EventStatus.CLOSED)
        created += 1

    # A market session and two exhibitions of 2017 (the article names them; dates and booths are demo).
    ba_che = _commune("Xã Ba Chẽ", quang_ninh)
    session, new = _event(
        event_type=EventType.MARKET_SESSION,
        name="Phiên chợ đưa hàng Việt về nông thôn – Ba Chẽ 2017",
        name_en="Vietnamese goods to the countryside market session – Ba Chẽ 2017",
        province=quang_ninh,
        commune=ba_che,
        venue="Sân vận động xã (minh hoạ)",
        first_day=datetime.date(2017, 6, 17),
        last_day=datetime.date(2017, 6, 18),
        description=DEMO_NOTE,
    )
    if new:
        chosen = producers[2:6]
        _fill(
            session,
            visits=3_400,
            day_weights=[1, 1],
            booths=list(zip(chosen, split(186_500_000, _weights_for(len(chosen), 4)), strict=True)),
        )
        event_set_status(actor=None, system=SystemCaller.DEMO, event=session, status=EventStatus.CLOSED)
        created += 1
    da_nang = Province.objects.filter(code=48).first()
    if da_nang is not None:
        da_nang_commune = Commune.objects.filter(province=da_nang).order_by("code").first()
        expo, new = _event(
            event_type=EventType.EXHIBITION_HOME,
            name="Hội chợ Quốc tế thương mại, du lịch và đầu tư Hành lang kinh tế Đông Tây – Đà Nẵng 2017",
            name_en="East–West Economic Corridor international trade, tourism and investment fair – Da Nang 2017",
            province=quang_ninh,
            commune=da_nang_commune,
            venue="Gian hàng của tỉnh Quảng Ninh (minh hoạ)",
            first_day=datetime.date(2017, 7, 20),
            last_day=datetime.date(2017, 7, 23),
            description=DEMO_NOTE,
        )
        if new:
            chosen = [producers[0], producers[1], producers[7]]
            _fill(
                expo,
                visits=None,
                day_weights=[1, 1, 1, 1],
                booths=list(zip(chosen, [142_000_000, 96_500_000, 121_300_000], strict=True)),
            )
            event_set_status(actor=None, system=SystemCaller.DEMO, event=expo, status=EventStatus.CLOSED)
            created += 1
    abroad, new = _event(
        event_type=EventType.EXHIBITION_ABROAD,
        name="Hội chợ Thương mại ASEAN – Trung Quốc (CAEXPO) 2017",
        name_en="China–ASEAN Expo (CAEXPO) 2017",
        province=quang_ninh,
        city="Nam Ninh",
        country="Trung Quốc",
        venue="Gian hàng của tỉnh Quảng Ninh (minh hoạ)",
        first_day=datetime.date(2017, 9, 12),
        last_day=datetime.date(2017, 9, 15),
        description=DEMO_NOTE,
    )
    if new:
        chosen = [producers[0], producers[1], producers[5]]
        for index, producer in enumerate(chosen, start=1):
            booth_create(
                actor=None,
                system=SystemCaller.DEMO,
                event=abroad,
                number=f"QN-{index}",
                producer=producer,
                products=Product.objects.filter(producer=producer),
                is_demo=True,
            )
        event_set_status(actor=None, system=SystemCaller.DEMO, event=abroad, status=EventStatus.CLOSED)
        created += 1

    # This year's fair, running today.
    created += _current_fair(series, quang_ninh, hong_gai, producers)

    # The next Spring fair, so that the public list of upcoming events is not empty.
    spring_day = next_spring_fair_day(timezone.localdate())
    spring, new = _event(
        event_type=EventType.FAIR,
        name=f"Hội chợ OCOP Quảng Ninh – Xuân {spring_day.year}",
        name_en=f"OCOP Quảng Ninh Spring Fair {spring_day.year}",
        province=quang_ninh,
        commune=hong_gai,
        venue=VENUE,
        first_day=spring_day,
        last_day=spring_day + datetime.timedelta(days=6),
        description="Dữ liệu minh hoạ: hội chợ Xuân, nơi trao chứng nhận sản phẩm OCOP 4 sao; ngày tổ chức giả định.",
    )
    if new:
        for index, producer in enumerate(producers[:6], start=1):
            booth_create(
                actor=None,
                system=SystemCaller.DEMO,
                event=spring,
                number=f"X{index:02d}",
                producer=producer,
                products=Product.objects.filter(producer=producer),
                is_demo=True,
            )
        created += 1
    return {"events_created": created}
