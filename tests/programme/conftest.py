"""Programme fixtures: phases and indicators (loaded by migration), a Quảng Ninh world with products."""

import datetime

import pytest

from ocop.geo.models import Province
from ocop.programme.models import Indicator, Phase
from tests.criteria.conftest import criteria_db  # noqa: F401 - the session-wide criteria load
from tests.factories import ProductFactory

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def qn() -> Province:
    return Province.objects.get(code=22)


@pytest.fixture
def phase1() -> Phase:
    return Phase.objects.get(code="2013-2016")


@pytest.fixture
def phase2() -> Phase:
    return Phase.objects.get(code="2017-2020")


@pytest.fixture
def indicator():
    return lambda code: Indicator.objects.get(code=code)


@pytest.fixture
def products(world):
    """Two products of the Ba Chẽ producer, one of the Hạ Long producer, one in Lào Cai."""
    return {
        "tea": ProductFactory(producer=world["qn"], name_vi="Trà hoa vàng thử nghiệm"),
        "wine": ProductFactory(producer=world["qn"], name_vi="Rượu ba kích thử nghiệm"),
        "squid": ProductFactory(producer=world["qn_other"], name_vi="Chả mực thử nghiệm"),
        "lc": ProductFactory(producer=world["lc"], name_vi="Sản phẩm Lào Cai thử nghiệm"),
    }
