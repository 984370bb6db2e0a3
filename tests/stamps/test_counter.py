"""Scans counted on Redis and written to the database in batches (ocop.stamps.counter), and the scan
page answered from its run's stored page (ocop.stamps.scan_page), against a real Redis."""

import os
import socket
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache

from ocop.accounts.system import SystemCaller
from ocop.certificates.services import certificate_revoke
from ocop.stamps import counter, scan_page
from ocop.stamps.codes import stamp_code
from ocop.stamps.models import StampScan, StampState, StampSuspicion
from ocop.stamps.services import stamp_scan_record, stamp_void_range
from tests.stamps.conftest import stamp_url

REDIS_BASE = os.environ.get("OCOP_TEST_REDIS", "redis://127.0.0.1:6379")
REGIONS = {"203.0.113.0/24": "Quảng Ninh", "198.51.100.0/24": "TP Hồ Chí Minh"}


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


# Each xdist worker its own Redis database: a test that empties the cache empties only its own.
REDIS_URL = f"{REDIS_BASE}/{13 + int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0').removeprefix('gw') or 0) % 3}"


@pytest.fixture(params=["cache in memory", "cache on Redis"])
def on_redis(request, settings):
    """The Redis counter under a key prefix of this test only, with no flusher thread (the test
    flushes when it wants the rows); the cache in memory (each check its own call) or on the same
    Redis (the stored page's answer in one round trip)."""
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must run at 127.0.0.1:6379 in CI (.ci/run starts it)")
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"ocop-test-{uuid.uuid4().hex[:10]}"
    settings.OCOP_STAMP_SCAN_COUNTER = "redis"
    settings.OCOP_STAMP_SCAN_REDIS_URL = REDIS_URL
    settings.OCOP_STAMP_SCAN_FLUSH_SECONDS = 0
    settings.OCOP_CACHE_PREFIX = prefix
    if request.param == "cache on Redis":
        settings.REDIS_URL = REDIS_URL
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
    redis_client = counter.client()
    yield redis_client
    keys = list(redis_client.scan_iter(f"{prefix}:*"))
    if keys:
        redis_client.delete(*keys)


def page(response) -> str:
    return response.content.decode()


def test_a_scan_is_counted_at_once_and_written_by_the_flush(client, run, on_redis):
    answers = [page(client.get(stamp_url(run, 7))) for _ in range(3)]
    assert "lần kiểm tra đầu tiên" in answers[0]
    assert "Tem đã được kiểm tra 2 lần" in answers[1]
    assert "Tem đã được kiểm tra 3 lần" in answers[2]
    assert not StampScan.objects.filter(run=run).exists()  # queued, not written by the request
    assert counter.pending_scans() == 3

    assert counter.flush_all() == 3
    assert list(
        StampScan.objects.filter(run=run, index=7).order_by("scan_number").values_list("scan_number", flat=True)
    ) == [1, 2, 3]
    state = StampState.objects.get(run=run, index=7)
    assert state.scan_count == 3
    assert state.first_scanned_at <= state.last_scanned_at
    assert counter.pending_scans() == 0


def test_the_scan_dashboard_reads_the_scans_of_a_moment_ago(client, run, on_redis, world):
    client.get(stamp_url(run, 4))
    officer = client.__class__()
    officer.force_login(world["users"]["provincial_officer"])
    response = officer.get(f"/stamps/{run.pk}/")
    assert response.status_code == 200
    assert StampScan.objects.filter(run=run, index=4).count() == 1  # the page flushed before it read
    assert counter.pending_scans() == 0


def test_a_later_scan_is_answered_from_the_stored_page_without_the_database(
    client, run, on_redis, django_assert_num_queries
):
    client.get(stamp_url(run, 2))  # the view builds the run's page
    with django_assert_num_queries(0):
        response = client.get(stamp_url(run, 3))  # another stamp of the run: Redis only
    assert response.status_code == 200
    assert "lần kiểm tra đầu tiên" in page(response)
    assert f"<code>{run.pk}-3</code>" in page(response)
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_the_stored_page_is_the_page_the_view_renders(client, run, on_redis):
    """Scan 2 of stamp 5 from the view (no stored page) and of stamp 6 from the stored page: the same
    page, but for the stamp's own serial and code."""
    client.get(stamp_url(run, 5))
    cache.delete(scan_page.token_key(run.pk, "vi"))  # no stored page: the view answers
    from_view = page(client.get(stamp_url(run, 5)))
    client.get(stamp_url(run, 6))
    from_store = page(client.get(stamp_url(run, 6)))
    for index in (5, 6):
        from_view, from_store = (
            text.replace(stamp_code(run.pk, index), "CODE")
            .replace(stamp_url(run, index), "URL")
            .replace(f"{run.pk}-{index}", "SERIAL")
            for text in (from_view, from_store)
        )
    assert "Tem đã được kiểm tra 2 lần" in from_store
    assert from_view == from_store


def test_a_redis_that_lost_its_memory_goes_on_from_the_database(client, run, on_redis, settings):
    for _ in range(2):
        client.get(stamp_url(run, 8))
    client.get(stamp_url(run, 9))
    counter.flush_all()
    on_redis.delete(*on_redis.scan_iter(f"{settings.OCOP_CACHE_PREFIX}:*"))  # Redis restarted empty
    assert "Tem đã được kiểm tra 3 lần" in page(client.get(stamp_url(run, 8)))  # the run is seeded again
    assert "Tem đã được kiểm tra 2 lần" in page(client.get(stamp_url(run, 9)))
    assert "lần kiểm tra đầu tiên" in page(client.get(stamp_url(run, 10)))
    counter.flush_all()
    assert dict(StampState.objects.filter(run=run).values_list("index", "scan_count")) == {8: 3, 9: 2, 10: 1}


def test_a_batch_written_twice_is_written_once(client, run, on_redis):
    for _ in range(3):
        client.get(stamp_url(run, 9))
    batch = on_redis.lrange(counter.pending_key(), 0, -1)
    counter.flush_all()
    on_redis.rpush(counter.pending_key(), *batch)  # a flusher that died before taking its batch off
    counter.flush_all()
    assert StampScan.objects.filter(run=run, index=9).count() == 3
    assert StampState.objects.get(run=run, index=9).scan_count == 3


def test_simultaneous_scans_get_each_its_own_number(run, on_redis):
    from django.utils import timezone

    counter.scan_count(run_id=run.pk, index=1, network="", agent="phone", now=timezone.now())  # known to Redis
    numbers: list[int] = []
    start = threading.Barrier(12)

    def scan() -> None:
        start.wait()
        numbers.append(counter.scan_count(run_id=run.pk, index=1, network="", agent="phone", now=timezone.now()).count)

    threads = [threading.Thread(target=scan) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(2, 14))
    counter.flush_all()
    assert StampState.objects.get(run=run, index=1).scan_count == 13
    assert StampScan.objects.filter(run=run, index=1).count() == 13


def test_scans_from_two_distant_regions_warn_and_alert_once(client, run, on_redis, settings):
    settings.OCOP_STAMP_NETWORK_REGIONS = REGIONS
    client.get(stamp_url(run, 11), REMOTE_ADDR="203.0.113.40")
    warned = [page(client.get(stamp_url(run, 11), REMOTE_ADDR="198.51.100.7")) for _ in range(3)]
    assert ["những nơi cách xa nhau" in answer for answer in warned] == [True, True, True]
    assert StampSuspicion.objects.filter(run=run, index=11).count() == 1
    assert on_redis.hget(counter.stamp_key(run.pk, 11), "s") == b"1"  # later scans skip the database


def test_scans_beyond_the_threshold_warn_from_the_stored_page(client, run, on_redis, settings):
    settings.OCOP_STAMP_SCAN_THRESHOLDS = {"default": 2}
    answers = [page(client.get(stamp_url(run, 12))) for _ in range(3)]
    assert "có thể đã bị sao chép" not in answers[1]
    assert "Tem này có thể đã bị sao chép" in answers[2]
    assert '<details class="stamp-report" open>' in answers[2]


def test_a_void_and_a_revocation_show_on_the_next_scan(client, run, on_redis, django_capture_on_commit_callbacks):
    client.get(stamp_url(run, 20))
    client.get(stamp_url(run, 21))  # the run's page is stored
    with django_capture_on_commit_callbacks(execute=True):
        stamp_void_range(user=None, system=SystemCaller.DEMO, run=run, first_index=21, last_index=21, reason="In hỏng")
    refused = client.get(stamp_url(run, 21))
    assert refused.status_code == 404
    assert "Tem này đã bị huỷ" in page(refused)

    from ocop.certificates.models import RevocationGround

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(
            actor=None,
            system=SystemCaller.DEMO,
            certificate=run.certificate,
            ground=RevocationGround.objects.filter(active=True).first(),
            reason="Hồ sơ kê khai sai.",
        )
    assert "Đã thu hồi" in page(client.get(stamp_url(run, 20)))


def test_redis_down_counts_in_the_database(client, run, on_redis, settings):
    settings.OCOP_STAMP_SCAN_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(stamp_url(run, 14))
    assert response.status_code == 200
    assert StampState.objects.get(run=run, index=14).scan_count == 1  # written in the request instead


def test_the_database_counter_still_numbers_after_redis_flushes(run, on_redis):
    """After Redis-written scans, the database path (the fallback) numbers on from the written count."""
    from django.utils import timezone

    for _ in range(2):
        counter.scan_count(run_id=run.pk, index=15, network="", agent="phone", now=timezone.now())
    counter.flush_all()
    assert stamp_scan_record(run_id=run.pk, index=15, network="", agent="phone")[0] == 3


def test_a_shared_location_far_from_the_first_scans_warns_of_a_copy(client, run, on_redis):
    """Two scans from the same network; the second visitor shares a location 1,600 km from the first's:
    the stamp becomes suspect at once (noted once, alert queued), and the next scan says so."""
    code = stamp_code(run.pk, 16)
    client.get(stamp_url(run, 16))
    client.post(f"/s/{code}/place", {"n": "1", "lat": "21.04", "lon": "107.36"})  # Quảng Ninh
    second = page(client.get(stamp_url(run, 16)))
    assert 'data-number="2"' in second
    answer = client.post(f"/s/{code}/place", {"n": "2", "lat": "10.78", "lon": "106.70"})  # TP Hồ Chí Minh
    assert answer.json()["far_apart"] is True
    assert StampScan.objects.get(run=run, index=16, scan_number=2).latitude == Decimal("10.8")
    assert StampSuspicion.objects.filter(run=run, index=16, far_apart=True).count() == 1
    assert "những nơi cách xa nhau" in page(client.get(stamp_url(run, 16)))


def test_a_location_is_written_once_and_only_for_a_real_scan(client, run, on_redis):
    code = stamp_code(run.pk, 17)
    client.get(stamp_url(run, 17))
    assert client.post(f"/s/{code}/place", {"n": "1", "lat": "21.0", "lon": "107.3"}).json()["far_apart"] is False
    again = client.post(f"/s/{code}/place", {"n": "1", "lat": "10.8", "lon": "106.7"})  # moving it afterwards
    assert again.status_code == 404
    assert StampScan.objects.get(run=run, index=17).latitude == Decimal("21.0")
    assert client.post(f"/s/{code}/place", {"n": "5", "lat": "10.8", "lon": "106.7"}).status_code == 404
    assert client.post(f"/s/{code}/place", {"n": "1", "lat": "200", "lon": "106.7"}).status_code == 400
    assert client.post(f"/s/{code[:-1]}x/place", {"n": "1", "lat": "10.8", "lon": "106.7"}).status_code == 400


def test_the_flush_writes_each_scan_as_it_was_counted(run, on_redis, settings):
    """Every field of the pending scan reaches its row (PostgreSQL writes them as arrays, others as
    models), and a stamp scanned twice in one batch keeps its first scan and its last."""
    from datetime import timedelta

    from django.utils import timezone

    settings.OCOP_STAMP_NETWORK_REGIONS = {"203.113.0.0/16": "Hà Nội"}
    first = timezone.now().replace(microsecond=250000)
    counter.scan_count(run_id=run.pk, index=21, network="203.113.5.0/24", agent="phone", now=first)
    counter.scan_count(
        run_id=run.pk,
        index=21,
        network="",
        agent="scanner",
        latitude=21.04,
        longitude=107.31,
        now=first + timedelta(minutes=5),
    )
    assert counter.flush_all() == 2
    rows = list(
        StampScan.objects.filter(run=run, index=21)
        .order_by("scan_number")
        .values_list("scan_number", "scanned_at", "network", "region", "agent", "latitude", "longitude")
    )
    assert rows == [
        (1, first, "203.113.5.0/24", "Hà Nội", "phone", None, None),
        (2, first + timedelta(minutes=5), "", "", "scanner", Decimal("21.0"), Decimal("107.3")),
    ]
    state = StampState.objects.get(run=run, index=21)
    assert (state.scan_count, state.first_scanned_at, state.last_scanned_at) == (2, first, first + timedelta(minutes=5))


@pytest.mark.parametrize("counted_by", ["redis", "database"])
def test_a_stamp_suspected_days_ago_still_warns_once_its_far_scans_are_old(client, run, on_redis, settings, counted_by):
    """Its two far-apart scans are 5 and 4 days old, outside the 72 h the "far apart" check reads, and
    Redis has never seen the stamp (its hash is seeded from the database, with the suspicion): the
    next visitor is still warned, and no second suspicion or alert is made."""
    from datetime import timedelta

    from django.utils import timezone

    from ocop.stamps.services import stamp_suspicion_record

    settings.OCOP_STAMP_SCAN_COUNTER = counted_by
    now = timezone.now()
    for days, region in ((5, "Quảng Ninh"), (4, "TP Hồ Chí Minh")):
        stamp_scan_record(run_id=run.pk, index=23, network="", agent="phone", now=now - timedelta(days=days))
        StampScan.objects.filter(run=run, index=23).order_by("-pk").update(region=region)
    stamp_suspicion_record(
        run_id=run.pk, index=23, scan_count=2, too_many=False, far_apart=True, now=now - timedelta(days=4)
    )
    answer = page(client.get(stamp_url(run, 23)))
    assert "Tem này có thể đã bị sao chép" in answer
    assert "đã bị nghi là bị sao chép từ những lần quét trước" in answer
    assert "Tem đã được kiểm tra 3 lần" in answer
    assert StampSuspicion.objects.filter(run=run, index=23).count() == 1
    assert "Tem do hệ thống OCOP cấp, lần kiểm tra đầu tiên" in page(client.get(stamp_url(run, 24)))
