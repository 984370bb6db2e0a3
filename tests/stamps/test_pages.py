"""The producer's and the office's stamp-run pages."""

from datetime import date

from ocop.stamps.models import StampRun, StampVoid
from tests.stamps.conftest import stamp_url


def test_run_list_shows_the_run_with_its_scan_figures(client, run, world):
    client.get(stamp_url(run, 1))
    client.get(stamp_url(run, 1))
    client.force_login(world["users"]["producer"])
    response = client.get("/stamps/")
    assert response.status_code == 200
    assert "<td>L2026-11</td><td>30</td><td>1</td><td>2</td>" in response.content.decode()


def test_producer_requests_a_run_through_the_form(client, certificate, world):
    client.force_login(world["users"]["producer"])
    response = client.post(
        "/stamps/",
        {
            "certificate": certificate.pk,
            "lot_number": "L-FORM",
            "production_date": "2026-11-02",
            "best_before": "2027-05-02",
            "quantity": "500",
        },
    )
    assert response.status_code == 302
    assert StampRun.objects.get().quantity == 500


def test_form_names_the_production_date_outside_validity(client, certificate, world):
    client.force_login(world["users"]["producer"])
    response = client.post(
        "/stamps/",
        {
            "certificate": certificate.pk,
            "lot_number": "L-OLD",
            "production_date": date(2024, 6, 1).isoformat(),
            "best_before": "2027-05-02",
            "quantity": "500",
        },
    )
    assert response.status_code == 400
    assert "Ngày sản xuất phải trong thời hạn của giấy chứng nhận" in response.content.decode()


def test_office_voids_a_range_on_the_run_page(client, run, world):
    client.force_login(world["users"]["provincial_officer"])
    response = client.post(
        f"/stamps/{run.pk}/", {"first_index": 3, "last_index": 5, "reason": "In hỏng", "confirm": "yes"}
    )
    assert response.status_code == 302
    assert StampVoid.objects.get(run=run).last_index == 5


def test_run_page_lists_a_stamp_suspected_from_distance_and_links_to_its_scans(client, run, world):
    from datetime import UTC, datetime

    from ocop.stamps.services import stamp_suspicion_record

    at = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    stamp_suspicion_record(run_id=run.pk, index=2, scan_count=2, too_many=False, far_apart=True, now=at)
    client.force_login(world["users"]["producer"])
    html = client.get(f"/stamps/{run.pk}/").content.decode()
    assert f"<code>{run.pk}-2</code>: nghi từ 27/11/2026 03:00 (quét ở nơi cách xa nhau)" in html
    assert f'href="/stamps/scans/?lot={run.pk}"' in html
