"""Requesting a run, voiding a range, counting scans: refusals name the field and write nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ocop.accounts.system import SystemCaller
from ocop.core.errors import DomainError
from ocop.core.models import AuditEvent
from ocop.stamps.models import ReportStatus, StampRun, StampState, StampVoid
from ocop.stamps.services import (
    stamp_report_create,
    stamp_report_handle,
    stamp_run_create,
    stamp_scan_record,
    stamp_void_range,
    truncated_network,
)
from tests.factories import ProductFactory, make_certificate


def _create(certificate, user, **changes):
    values = {
        "lot_number": "L1",
        "production_date": date(2026, 11, 1),
        "best_before": date(2027, 11, 1),
        "quantity": 100,
    }
    values.update(changes)
    return stamp_run_create(user=user, certificate=certificate, **values)


def test_a_run_of_100000_stamps_is_one_row(certificate, world):
    run = _create(certificate, world["users"]["producer"], quantity=100_000)
    assert run.last_serial == f"{run.pk}-100000"
    assert StampRun.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"production_date": date(2025, 1, 14)}, "production_date"),
        ({"best_before": date(2026, 10, 31)}, "best_before"),
        ({"quantity": 100_001}, "quantity"),
        ({"quantity": 0}, "quantity"),
        ({"lot_number": "  "}, "lot_number"),
    ],
)
def test_bad_run_is_refused_naming_the_field(certificate, world, changes, field):
    with pytest.raises(DomainError) as refused:
        _create(certificate, world["users"]["producer"], **changes)
    assert refused.value.field == field
    assert StampRun.objects.count() == 0


def test_lot_before_the_certificate_says_its_validity(certificate, world):
    with pytest.raises(DomainError) as refused:
        _create(certificate, world["users"]["producer"], production_date=date(2024, 12, 31))
    assert "15/01/2025" in refused.value.message


def test_the_same_lot_twice_is_refused(certificate, world):
    _create(certificate, world["users"]["producer"])
    with pytest.raises(DomainError) as refused:
        _create(certificate, world["users"]["producer"])
    assert refused.value.field == "lot_number"
    assert StampRun.objects.count() == 1


def test_revoked_certificate_gets_no_stamps(world):
    product = ProductFactory(producer=world["qn"])
    certificate = make_certificate(product, valid_from=date(2025, 1, 15), status="expired")
    with pytest.raises(DomainError) as refused:
        _create(certificate, world["users"]["producer"])
    assert refused.value.field == "certificate"


def test_void_range_outside_the_run_is_refused(run, world):
    with pytest.raises(DomainError) as refused:
        stamp_void_range(user=world["users"]["producer"], run=run, first_index=25, last_index=31, reason="Mất")
    assert refused.value.field == "first_index"
    assert StampVoid.objects.count() == 0


def test_scans_are_counted_in_order(run):
    counts = [stamp_scan_record(run_id=run.pk, index=1, network="", agent="phone")[0] for _ in range(3)]
    assert counts == [1, 2, 3]
    assert StampState.objects.get(run=run, index=1).scan_count == 3


def test_first_scan_time_stays_the_first(run):
    _count, first = stamp_scan_record(run_id=run.pk, index=2, network="", agent="phone")
    _count, again = stamp_scan_record(run_id=run.pk, index=2, network="", agent="phone")
    assert again == first


def test_network_is_truncated():
    assert truncated_network("2001:db8:1234:5678::1") == "2001:db8:1234::/48"


# --- who may write: the services check it themselves, not only the views -----------------------------


@pytest.mark.parametrize("role", ["other_producer", "other_provincial_officer", "commune_officer", "buyer"])
def test_a_run_for_a_certificate_out_of_reach_is_refused_and_nothing_written(certificate, world, role):
    with pytest.raises(PermissionDenied):
        _create(certificate, world["users"][role])
    assert StampRun.objects.count() == 0
    assert not AuditEvent.objects.filter(action="stamp_run.create").exists()


def test_the_system_needs_a_named_caller_to_request_a_run(certificate):
    with pytest.raises(PermissionDenied):
        _create(certificate, None)
    assert StampRun.objects.count() == 0
    run = stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=certificate,
        lot_number="L9",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 11, 1),
        quantity=5,
    )
    assert run.requested_by is None


def test_the_provincial_office_may_request_a_run_in_its_province(certificate, world):
    assert _create(certificate, world["users"]["provincial_officer"]).quantity == 100


@pytest.mark.parametrize("user", ["other_producer", "other_provincial_officer", None])
def test_voiding_another_producers_stamps_is_refused(run, world, user):
    with pytest.raises(PermissionDenied):
        stamp_void_range(
            user=world["users"][user] if user else None, run=run, first_index=1, last_index=2, reason="Mất"
        )
    assert StampVoid.objects.count() == 0


@pytest.mark.parametrize("role", ["producer", "other_provincial_officer"])
def test_only_the_province_office_marks_a_report_handled(run, world, role):
    report = stamp_report_create(run=run, index=1, place="Chợ Hạ Long", message="Tem mờ")
    with pytest.raises(PermissionDenied):
        stamp_report_handle(user=world["users"][role], report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW
    handled = stamp_report_handle(user=world["users"]["provincial_officer"], report=report)
    assert handled.status == ReportStatus.HANDLED
