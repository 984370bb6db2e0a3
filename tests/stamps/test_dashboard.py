"""The scan dashboard and the scan log: exact figures from known scans, in the viewer's scope only, and
the consumer reports the office marks handled."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.accounts.system import SystemCaller
from ocop.core.models import AuditEvent
from ocop.stamps.models import ReportStatus, StampReport
from ocop.stamps.services import stamp_run_create, stamp_scan_record, stamp_suspicion_record
from tests.factories import ProductFactory, make_certificate

REGIONS = {"203.0.113.0/24": "Quảng Ninh", "198.51.100.0/24": "TP Hồ Chí Minh"}
QN, HCM = "203.0.113.0/24", "198.51.100.0/24"
PERIOD = "start=2026-11-24&end=2026-11-30"


def at(day: int, hour: int) -> datetime:
    """A moment of November 2026, UTC (Hà Nội is UTC+7: 17:00 UTC is already the next local day)."""
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def scanned(run, world, settings):
    """Known scans: the tea run's stamp 1 on the 10th (before the period), 25th and 26th, stamp 2 from Quảng Ninh then TP HCM
    within a day (suspected), stamp 3 once with a shared location; the other producer's run scanned once."""
    settings.OCOP_STAMP_NETWORK_REGIONS = REGIONS
    other = make_certificate(ProductFactory(producer=world["qn_other"], name_vi="Chả mực Hạ Long"))
    other_run = stamp_run_create(
        user=None,
        system=SystemCaller.DEMO,
        certificate=other,
        lot_number="CM-1",
        production_date=date(2026, 11, 1),
        best_before=date(2027, 5, 1),
        quantity=10,
    )
    stamp_scan_record(run_id=run.pk, index=1, network="", agent="phone", now=at(10, 2))  # before the period
    stamp_scan_record(run_id=run.pk, index=1, network="", agent="phone", now=at(25, 2))
    stamp_scan_record(run_id=run.pk, index=1, network="", agent="phone", now=at(26, 2))
    stamp_scan_record(run_id=run.pk, index=2, network=QN, agent="phone", now=at(26, 3))
    stamp_scan_record(run_id=run.pk, index=2, network=HCM, agent="phone", now=at(26, 20))  # the 27th in Hà Nội
    stamp_suspicion_record(run_id=run.pk, index=2, scan_count=2, too_many=False, far_apart=True, now=at(26, 20))
    stamp_scan_record(
        run_id=run.pk, index=3, network="", agent="computer", latitude=21.04, longitude=107.12, now=at(27, 1)
    )
    stamp_scan_record(run_id=other_run.pk, index=1, network="", agent="phone", now=at(26, 4))
    return {"run": run, "other_run": other_run}


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def cells(html: str, section: str) -> list[list[str]]:
    """The rows of the first table after the section's id, as lists of cell texts."""
    part = html.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", part, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        for row in rows
        if "<td" in row
    ]


def test_the_office_sees_exact_figures_of_its_province(client, world, scanned):
    run = scanned["run"]
    response = page(client, world["users"]["provincial_officer"], f"/stamps/scans/?{PERIOD}")
    assert response.status_code == 200
    d = response.context["d"]
    assert (d.scans, d.first_scans, d.first_scan_ratio) == (6, 3, 50)
    assert [(row.label, row.count) for row in d.per_day] == [
        ("24/11", 0),
        ("25/11", 1),
        ("26/11", 3),
        ("27/11", 2),
        ("28/11", 0),
        ("29/11", 0),
        ("30/11", 0),
    ]
    assert [(row.label, row.count) for row in d.regions] == [
        ("Quảng Ninh", 1),
        ("TP Hồ Chí Minh", 1),
        ("Vị trí được chia sẻ ≈ 21.0, 107.1", 1),
        ("Chưa xác định", 3),
    ]
    assert [(row.label, row.count) for row in d.top_products] == [("Trà hoa vàng Ba Chẽ", 5), ("Chả mực Hạ Long", 1)]
    [suspect] = d.suspects
    assert (suspect.serial, suspect.state.scan_count, suspect.threshold) == (f"{run.pk}-2", 2, 5)
    assert (suspect.evidence.regions, suspect.evidence.distance_km) == (("Quảng Ninh", "TP Hồ Chí Minh"), None)
    html = response.content.decode()
    assert cells(html, "suspects") == [
        [
            f"{run.pk}-2",
            "Trà hoa vàng Ba Chẽ · L2026-11",
            "2 / 5",
            "26/11/2026 – 27/11/2026",
            "Quảng Ninh, TP Hồ Chí Minh",
            "—",
            "27/11/2026 03:00",
        ]
    ]
    assert "<title>26/11: 3</title>" in html  # the chart's column of the 26th


def test_every_figure_links_to_the_scans_behind_it(client, world, scanned):
    run = scanned["run"]
    d = page(client, world["users"]["provincial_officer"], f"/stamps/scans/?{PERIOD}").context["d"]

    def log(href: str) -> list[tuple[str, int]]:
        response = client.get(href)
        assert response.status_code == 200, href
        return [(f"{s.run_id}-{s.index}", s.scan_number) for s in response.context["listing"]]

    assert log(d.per_day[2].href) == [(f"{scanned['other_run'].pk}-1", 1), (f"{run.pk}-2", 1), (f"{run.pk}-1", 3)]
    assert log(d.regions[1].href) == [(f"{run.pk}-2", 2)]
    assert log(d.regions[2].href) == [(f"{run.pk}-3", 1)]
    assert len(log(d.regions[3].href)) == 3
    assert log(d.suspects[0].href) == [(f"{run.pk}-2", 2), (f"{run.pk}-2", 1)]
    assert len(log(d.log_href + "&first=on")) == 3
    top = client.get(d.top_products[1].href).context["d"]
    assert (top.scans, top.filters.product_id) == (1, scanned["other_run"].product_id)


def test_the_lot_filter_narrows_every_figure(client, world, scanned):
    other_run = scanned["other_run"]
    d = page(client, world["users"]["provincial_officer"], f"/stamps/scans/?{PERIOD}&lot={other_run.pk}").context["d"]
    assert (d.scans, d.first_scans, len(d.suspects), [r.label for r in d.top_products]) == (
        1,
        1,
        0,
        ["Chả mực Hạ Long"],
    )


def test_a_producer_sees_only_its_own_scans(client, world, scanned):
    d = page(client, world["users"]["other_producer"], f"/stamps/scans/?{PERIOD}").context["d"]
    assert (d.scans, [r.label for r in d.top_products], d.suspects) == (1, ["Chả mực Hạ Long"], [])
    d = page(client, world["users"]["producer"], f"/stamps/scans/?{PERIOD}").context["d"]
    assert (d.scans, [r.label for r in d.top_products], len(d.suspects)) == (5, ["Trà hoa vàng Ba Chẽ"], 1)


def test_a_producer_cannot_name_another_producers_lot(client, world, scanned):
    response = page(client, world["users"]["other_producer"], f"/stamps/scans/?{PERIOD}&lot={scanned['run'].pk}")
    assert response.status_code == 400
    assert "d" not in response.context
    response = client.get(f"/stamps/scans/log/?{PERIOD}&lot={scanned['run'].pk}&stamp=2")
    assert response.status_code == 400
    assert "listing" not in response.context


def test_an_officer_of_another_province_gets_nothing(client, world, scanned):
    d = page(client, world["users"]["other_provincial_officer"], f"/stamps/scans/?{PERIOD}").context["d"]
    assert (d.scans, d.regions, d.top_products, d.suspects, d.reports) == (0, [], [], [], [])
    assert [row.count for row in d.per_day] == [0] * 7
    assert client.get(f"/stamps/scans/log/?{PERIOD}").context["listing"].count == 0


def test_council_members_and_buyers_are_refused(client, world):
    for role in ("council_member", "buyer"):
        assert page(client, world["users"][role], "/stamps/scans/").status_code == 403


def test_a_bad_period_is_named(client, world):
    response = page(client, world["users"]["provincial_officer"], "/stamps/scans/?start=2026-11-30&end=2026-11-01")
    assert response.status_code == 400
    assert "Ngày kết thúc phải từ ngày bắt đầu trở đi." in response.content.decode()
    response = client.get("/stamps/scans/?start=2025-01-01&end=2026-11-01")
    assert "Khoảng thời gian dài nhất là 366 ngày." in response.content.decode()


@pytest.fixture
def reported(run, world):
    report = StampReport.objects.create(run=run, index=8, place="Chợ Cẩm Phả", message="Tem bị bong")
    StampReport.objects.filter(pk=report.pk).update(created_at=at(28, 2))
    return StampReport.objects.get(pk=report.pk)


def test_reports_are_listed_with_what_the_consumer_said(client, world, reported):
    response = page(client, world["users"]["provincial_officer"], f"/stamps/scans/?{PERIOD}")
    assert response.context["d"].reports == [reported]
    html = response.content.decode()
    assert "Chợ Cẩm Phả" in html
    assert "Tem bị bong" in html
    assert "28/11/2026 09:00" in html
    assert f'action="/stamps/reports/{reported.pk}/handle/"' in html
    producer_page = page(client, world["users"]["producer"], f"/stamps/scans/?{PERIOD}").content.decode()
    assert "Chợ Cẩm Phả" in producer_page
    assert "/handle/" not in producer_page  # the producer sees the report, the office handles it


def test_the_office_marks_a_report_handled_once_audited(client, world, reported):
    officer = world["users"]["provincial_officer"]
    client.force_login(officer)
    back = f"/stamps/scans/?{PERIOD}"
    response = client.post(f"/stamps/reports/{reported.pk}/handle/", {"back": back})
    assert (response.status_code, response["Location"]) == (302, back)
    reported.refresh_from_db()
    assert (reported.status, reported.handled_by) == (ReportStatus.HANDLED, officer)
    event = AuditEvent.objects.get(action="stamp_report.handle")
    assert (event.actor, event.target_id, event.after) == (officer, str(reported.pk), {"status": "handled"})

    response = client.post(f"/stamps/reports/{reported.pk}/handle/", {"back": "https://evil.example/"}, follow=True)
    assert response.redirect_chain == [("/stamps/scans/", 302)]
    assert "Báo cáo này đã được xử lý." in response.content.decode()
    assert AuditEvent.objects.filter(action="stamp_report.handle").count() == 1


@pytest.mark.parametrize(("role", "status"), [("producer", 403), ("other_provincial_officer", 404)])
def test_others_cannot_mark_a_report_handled(client, world, reported, role, status):
    client.force_login(world["users"][role])
    assert client.post(f"/stamps/reports/{reported.pk}/handle/").status_code == status
    reported.refresh_from_db()
    assert (reported.status, reported.handled_at) == (ReportStatus.NEW, None)
    assert not AuditEvent.objects.filter(action="stamp_report.handle").exists()


def test_the_default_period_is_the_last_30_days(client, world, run):
    stamp_scan_record(run_id=run.pk, index=1, network="", agent="phone")
    stamp_scan_record(run_id=run.pk, index=2, network="", agent="phone", now=datetime.now(UTC) - timedelta(days=31))
    d = page(client, world["users"]["producer"], "/stamps/scans/").context["d"]
    assert (len(d.per_day), d.scans) == (30, 1)


def test_the_dashboard_runs_as_many_queries_for_many_rows_as_for_one(client, world, run):
    officer = world["users"]["provincial_officer"]
    client.force_login(officer)

    def rows(first: int, last: int) -> None:
        for index in range(first, last + 1):
            stamp_scan_record(run_id=run.pk, index=index, network=QN, agent="phone", now=at(26, 3))
            stamp_suspicion_record(
                run_id=run.pk, index=index, scan_count=6, too_many=True, far_apart=False, now=at(26, 3)
            )
            report = StampReport.objects.create(run=run, index=index, place="Chợ")
            StampReport.objects.filter(pk=report.pk).update(created_at=at(26, 3))

    rows(1, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/stamps/scans/?{PERIOD}").status_code == 200
    rows(2, 6)
    with CaptureQueriesContext(connection) as six:
        d = client.get(f"/stamps/scans/?{PERIOD}").context["d"]
    assert (len(d.suspects), len(d.reports)) == (6, 6)
    assert len(six) == len(one)
