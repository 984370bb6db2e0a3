import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ocop.core.errors import DomainError
from ocop.programme.models import Target
from ocop.programme.selectors import Scope, target_status, targets_for
from ocop.programme.services import sales_line_save, target_set


def _status(actual, phase, today, paced=True):
    return target_status(actual=Decimal(actual), target_value=Decimal(100), phase=phase, paced=paced, today=today)


def test_status_against_the_elapsed_share_of_the_phase(db, phase2):
    # 2017–2020 is 1461 days; on 31/12/2018 730 days (50.0 %) have passed.
    mid = datetime.date(2018, 12, 31)
    assert _status(50, phase2, mid) == (Decimal("50.0"), Decimal("50.0"), "on_track")
    assert _status(49, phase2, mid)[2] == "behind"
    assert _status(100, phase2, mid)[2] == "met"
    assert _status(99, phase2, datetime.date(2021, 1, 1))[2] == "missed"
    assert _status(0, phase2, datetime.date(2016, 6, 1))[2] == "not_started"
    # A share (unpaced) must be reached at every moment.
    assert _status(70, phase2, datetime.date(2017, 2, 1), paced=False)[2] == "behind"
    assert target_status(actual=None, target_value=Decimal(5), phase=phase2, paced=True, today=mid)[2] == "no_data"


def test_progress_of_the_sales_target(world, products, qn, phase2, indicator):
    officer = world["users"]["provincial_officer"]
    target_set(actor=officer, phase=phase2, indicator=indicator("ocop_sales_revenue"), province=qn, value=Decimal(400))
    sales_line_save(
        actor=officer,
        product=products["tea"],
        year=2018,
        period_kind="month",
        period=3,
        channel="export",
        amount_vnd=150,
    )
    [progress] = targets_for(phase2, Scope(province=qn), datetime.date(2018, 12, 31))
    assert (progress.actual, progress.progress, progress.status) == (Decimal(150), Decimal("37.5"), "behind")


def test_target_permissions_and_validation(world, qn, phase2, indicator):
    sales = indicator("ocop_sales_revenue")
    with pytest.raises(PermissionDenied):
        target_set(
            actor=world["users"]["other_provincial_officer"],
            phase=phase2,
            indicator=sales,
            province=qn,
            value=Decimal(1),
        )
    with pytest.raises(PermissionDenied):  # a national target is for the centre
        target_set(actor=world["users"]["provincial_officer"], phase=phase2, indicator=sales, value=Decimal(1))
    with pytest.raises(PermissionDenied):
        target_set(actor=world["users"]["producer"], phase=phase2, indicator=sales, province=qn, value=Decimal(1))
    with pytest.raises(DomainError):
        target_set(
            actor=world["users"]["provincial_officer"], phase=phase2, indicator=sales, province=qn, value=Decimal(0)
        )
    with pytest.raises(DomainError):
        target_set(
            actor=world["users"]["provincial_officer"],
            phase=phase2,
            indicator=indicator("funding_community_share"),
            province=qn,
            value=Decimal(176),
        )
    assert Target.objects.count() == 0
    target_set(actor=world["users"]["central_officer"], phase=phase2, indicator=sales, value=Decimal(5))
    target_set(actor=world["users"]["central_officer"], phase=phase2, indicator=sales, value=Decimal(6))
    assert list(Target.objects.values_list("value", flat=True)) == [Decimal(6)]
