import datetime

import pytest

from ocop.accounts.system import SystemCaller
from ocop.promotion.services import booth_create
from tests.factories import province
from tests.promotion.builders import fair_series, fill, make_event


@pytest.fixture
def fair(world):
    """An announced 3-day fair of Quảng Ninh (1–3 March 2025) with two booths and no figures yet."""
    event = make_event(first_day=datetime.date(2025, 3, 1), days=3, name="Hội chợ thử nghiệm 2025")
    own = booth_create(actor=None, system=SystemCaller.DEMO, event=event, number="A01", producer=world["qn"])
    other = booth_create(actor=None, system=SystemCaller.DEMO, event=event, number="A02", producer=world["qn_other"])
    outside = booth_create(
        actor=None,
        system=SystemCaller.DEMO,
        event=event,
        number="B01",
        exhibitor_name="HTX Ngoài tỉnh",
        exhibitor_province=province(1),
    )
    return {"event": event, "own": own, "other": other, "outside": outside}


@pytest.fixture
def fairs(world):
    """Fair IV (2016, 6 days) and Fair V (2017, 5 days) with the article's figures."""
    officer = world["users"]["provincial_officer"]
    series = fair_series(officer)
    fair_iv = make_event(actor=officer, series=series, edition=4, first_day=datetime.date(2016, 5, 10), days=6)
    fill(
        fair_iv,
        actor=officer,
        visits=56_348,
        booths=[
            (world["qn"], 1_700_000_000),
            (world["qn_other"], 1_346_875_000),  # in-province 3,046,875,000 = 3.9 bn ÷ 1.28
            (("Công ty Chè Thái Nguyên (ngoài tỉnh)", province(1)), 1_300_000_000),
            (world["lc"], 1_280_711_000),
        ],
    )
    fair_v = make_event(actor=officer, series=series, edition=5, first_day=datetime.date(2017, 5, 9), days=5)
    fill(
        fair_v,
        actor=officer,
        visits=54_000,
        booths=[
            (world["qn"], 2_100_000_000),
            (world["qn_other"], 1_800_000_000),
            (("Công ty Chè Thái Nguyên (ngoài tỉnh)", province(1)), 1_500_000_000),
            (world["lc"], 1_400_000_000),
        ],
    )
    return series, fair_iv, fair_v
