"""The page a stamp's QR opens: genuine or not, first check or how many, copied or not, never a 500."""

from datetime import date

import pytest

from ocop.stamps.codes import stamp_code, stamp_signature
from ocop.stamps.models import StampScan, StampState
from ocop.stamps.services import stamp_void_range
from tests.stamps.conftest import stamp_url

REGIONS = {"203.0.113.0/24": "Quảng Ninh", "198.51.100.0/24": "TP Hồ Chí Minh"}


def text(response) -> str:
    return response.content.decode()


def test_first_scan_says_genuine_first_check(client, run):
    response = client.get(stamp_url(run, 7))
    assert response.status_code == 200
    assert "lần kiểm tra đầu tiên" in text(response)
    assert "L2026-11" in text(response)
    assert "20/11/2026" in text(response)
    assert "Búp trà hái tại Đồn Đạc" in text(response)


def test_third_scan_says_how_many_and_since_when(client, run):
    for _ in range(2):
        client.get(stamp_url(run, 7))
    response = client.get(stamp_url(run, 7))
    today = StampState.objects.get(run=run, index=7).first_scanned_at
    assert f"Tem đã được kiểm tra 3 lần, lần đầu ngày {today.astimezone().strftime('%d/%m/%Y')}" in text(response)
    assert "có thể đã bị sao chép" not in text(response)


def test_scans_beyond_the_threshold_warn_of_a_copy(client, run, settings):
    settings.OCOP_STAMP_SCAN_THRESHOLDS = {"default": 2}
    for _ in range(2):
        client.get(stamp_url(run, 3))
    response = client.get(stamp_url(run, 3))
    assert "Tem này có thể đã bị sao chép" in text(response)
    assert "Báo tem nghi giả" in text(response)


def test_scans_from_two_distant_regions_warn_of_a_copy(client, run, settings):
    settings.OCOP_STAMP_NETWORK_REGIONS = REGIONS
    client.get(stamp_url(run, 9), REMOTE_ADDR="203.0.113.40")
    response = client.get(stamp_url(run, 9), REMOTE_ADDR="198.51.100.7")
    assert "Tem này có thể đã bị sao chép" in text(response)
    assert "những nơi cách xa nhau" in text(response)


def test_two_scans_from_the_same_region_do_not_warn(client, run, settings):
    settings.OCOP_STAMP_NETWORK_REGIONS = REGIONS
    client.get(stamp_url(run, 9), REMOTE_ADDR="203.0.113.40")
    response = client.get(stamp_url(run, 9), REMOTE_ADDR="203.0.113.41")
    assert "có thể đã bị sao chép" not in text(response)


def test_a_scan_stores_no_address(client, run):
    client.get(stamp_url(run, 5), REMOTE_ADDR="203.0.113.40", HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    scan = StampScan.objects.get(run=run, index=5)
    assert scan.network == "203.0.113.0/24"
    assert scan.agent == "phone"


def test_english_page(client, run):
    client.cookies["django_language"] = "en"
    response = client.get(stamp_url(run, 1))
    assert "Stamp issued by the OCOP system, first check" in text(response)


def test_platform_code_for_a_product_without_gtin(client, run):
    response = client.get(f"/s/{stamp_code(run.pk, 2)}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "change",
    ["signature", "serial", "unknown_run", "beyond_quantity", "lot", "gtin", "garbage"],
)
def test_forged_or_altered_stamp_is_not_genuine(client, run, change):
    signature = stamp_signature(run.pk, 4)
    urls = {
        "signature": stamp_url(run, 4)[:-1] + ("a" if signature[-1] != "a" else "b"),
        "serial": f"/01/0{run.product.gtin}/10/{run.lot_number}/21/{run.pk}-5?s={signature}",
        "unknown_run": f"/01/0{run.product.gtin}/10/L/21/{run.pk + 1}-4?s={stamp_signature(run.pk + 1, 4)}",
        "beyond_quantity": stamp_url(run, 31),
        "lot": f"/01/0{run.product.gtin}/10/OTHER/21/{run.serial(4)}?s={signature}",
        "gtin": f"/01/08936000000028/10/{run.lot_number}/21/{run.serial(4)}?s={signature}",
        "garbage": "/s/%F0%9F%98%80-1-zzzz",
    }
    response = client.get(urls[change])
    assert response.status_code == 404
    assert "Không phải tem thật" in text(response)
    assert StampScan.objects.count() == 0


def test_voided_stamp_is_not_genuine(client, run, world):
    stamp_void_range(user=world["users"]["producer"], run=run, first_index=10, last_index=12, reason="In hỏng")
    response = client.get(stamp_url(run, 11))
    assert response.status_code == 404
    assert "Tem này đã bị huỷ" in text(response)


def test_scans_are_rate_limited(client, run, settings):
    settings.OCOP_RATE_VERIFICATION_PER_MINUTE = 2
    for _ in range(2):
        client.get(stamp_url(run, 1))
    response = client.get(stamp_url(run, 1))
    assert response.status_code == 429
    assert StampState.objects.get(run=run, index=1).scan_count == 2


def test_report_from_the_scan_page_is_recorded(client, run):
    response = client.post(f"/s/{stamp_code(run.pk, 6)}/report", {"place": "Chợ Hạ Long", "message": "Tem mờ"})
    assert response.status_code == 302
    assert run.reports.get().place == "Chợ Hạ Long"


def test_report_without_a_place_is_refused(client, run):
    response = client.post(f"/s/{stamp_code(run.pk, 6)}/report", {"place": ""})
    assert response.status_code == 400
    assert run.reports.count() == 0


def test_gs1_link_without_serial_still_reaches_the_certificate(client, run):
    response = client.get(f"/01/0{run.product.gtin}")
    assert response.status_code == 302


def test_production_date_is_printed_as_recorded(run):
    assert run.production_date == date(2026, 11, 20)


def test_a_scan_is_never_stored_by_a_proxy(client, run):
    """Every scan is counted: a proxy must pass each one to the server (issue 16)."""
    genuine = client.get(stamp_url(run, 4))
    assert genuine.status_code == 200
    assert genuine["Cache-Control"] == "no-store"
    platform = client.get(f"/s/{stamp_code(run.pk, 4)}")
    assert platform["Cache-Control"] == "no-store"
    forged = client.get(f"/s/{stamp_code(run.pk, 4)[:-1]}x")
    assert forged["Cache-Control"] == "no-store"
