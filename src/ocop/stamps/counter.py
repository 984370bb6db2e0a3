"""Counting a scan at once, writing its row a moment later (issue 18: a scan never waits for the
database to write).

`scan_count(...)` answers (this scan's number, when the stamp was first scanned, the places it was
scanned from lately) in one step, and the scan row reaches the database shortly after. Two counters,
chosen by OCOP_STAMP_SCAN_COUNTER:

- ``redis`` (production, where REDIS_URL is set): one Lua script on Redis, atomic however many web
  processes scan the same stamp at once, counts the scan in the stamp's hash (`n`, first scan `f`),
  keeps its place (named network region, consented location) for the 72 hours the "far apart" check
  looks at, and appends the scan to a pending list. `flush()` moves the pending scans to the database
  in batches: StampScan rows (unique per stamp and scan number, so a batch written twice is written
  once) and StampState (the count and the last scan). A flusher thread in each web process flushes
  every OCOP_STAMP_SCAN_FLUSH_SECONDS, and the scan dashboard and log flush before they read, so
  what an officer sees includes the scan made a second ago. A stamp Redis does not know (first scan
  since Redis started) is seeded from StampState and its recent scans first, so its count goes on.
  Redis holds the pending scans until they are written: a Redis that loses its memory loses at most
  the scans of the last flush interval (docs/operations.md), never the counts already written.
- ``database``: `stamp_scan_record` counts and writes in one transaction (tests, `make run` without
  Redis, and the fallback when Redis does not answer).
"""

import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from ocop.stamps.models import StampScan, StampState, StampSuspicion
from ocop.stamps.selectors import DISTANT_WITHIN
from ocop.stamps.services import network_region, stamp_scan_record

logger = logging.getLogger("ocop.stamps")

KEEP_SECONDS = 40 * 24 * 3600  # a stamp's hash outlives 40 days without a scan
SEEDED_SECONDS = 30 * 24 * 3600  # a run's "seeded" mark: shorter, so no hash it vouches for is gone first
SEED_CHUNK = 1000
PLACES_KEPT = 200  # the latest places of a stamp the "far apart" check compares
BATCH = 1000

# KEYS: the stamp's hash, its places (a sorted set by time), the pending list, the run's "seeded"
# mark, the client's rate counter, then the version keys of the stored page that answers.
# ARGV: now (epoch seconds), start of the places window, this scan's place, the scan row (JSON), TTL,
# places returned, the rate limit (0: not checked here), the rate counter's lifetime, then the
# versions the page was built on. In this order: a stale page ("stale") or a client over its limit
# ("limited") counts nothing; a stamp without a hash is new if its run is seeded (every stamp of it
# with scans in the database has its hash), else "unseeded" (the caller seeds the run and asks again).
# Counted: {"ok", number, first scan (epoch), suspicion noted ("1" or ""), places}.
_COUNT = """
for i = 6, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[i + 3] then return {'stale'} end
end
if tonumber(ARGV[7]) > 0 then
  local used = redis.call('INCR', KEYS[5])
  if used == 1 then redis.call('EXPIRE', KEYS[5], ARGV[8]) end
  if used > tonumber(ARGV[7]) then return {'limited'} end
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('EXISTS', KEYS[4]) == 0 then return {'unseeded'} end
  redis.call('HSET', KEYS[1], 'n', 0, 'f', '')
end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local first = redis.call('HGET', KEYS[1], 'f')
if (not first) or first == '' then first = ARGV[1]; redis.call('HSET', KEYS[1], 'f', first) end
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[1], n .. '|' .. ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[5])
redis.call('RPUSH', KEYS[3], n .. '|' .. ARGV[4])
local noted = redis.call('HGET', KEYS[1], 's') or ''
return {'ok', n, first, noted, redis.call('ZRANGE', KEYS[2], -tonumber(ARGV[6]), -1)}
"""
# KEYS: the stamp's hash, its places. ARGV: count, first scan (epoch or ""), TTL, suspicion noted ("1"
# or ""), then score, member pairs. Only the first of two simultaneous seeds writes (HSETNX): the second finds the stamp known.
# Either way the stamp's keys live TTL more, so none expires while its run's "seeded" mark stands.
_SEED = """
if redis.call('HSETNX', KEYS[1], 'n', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'f', ARGV[2])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 's', ARGV[4]) end
  for i = 5, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1
"""
# Release the flush lock only if it is still ours.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class Counted:
    """One counted scan: its number, the stamp's first scan, and (Redis only) its recent places
    [(region, latitude, longitude)] and whether its suspicion is already noted."""

    count: int
    first: datetime
    places: list[tuple[str, float | None, float | None]] | None = None
    noted: bool = False


def uses_redis() -> bool:
    return settings.OCOP_STAMP_SCAN_COUNTER == "redis"


@cache
def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def client():
    return _client(settings.OCOP_STAMP_SCAN_REDIS_URL)


_own = threading.local()


def _thread_client():
    """This thread's own connection to the counter's Redis, for the scan's one round trip: no pool
    to take it from and give it back to, no health poll before each use (redis-py reconnects a
    dropped connection on the next command)."""
    url = settings.OCOP_STAMP_SCAN_REDIS_URL
    held = getattr(_own, "held", None)
    if held is None or held[0] != url:
        import redis

        held = _own.held = (
            url,
            redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2, single_connection_client=True),
        )
    return held[1]


@cache
def _scripts(url: str):
    redis_client = _client(url)
    return (
        redis_client.register_script(_COUNT),
        redis_client.register_script(_SEED),
        redis_client.register_script(_RELEASE),
    )


def _key(*parts: object) -> str:
    return ":".join([settings.OCOP_CACHE_PREFIX, "stamps", *map(str, parts)])


def pending_key() -> str:
    return _key("pending")


def stamp_key(run_id: int, index: int) -> str:
    return _key("stamp", run_id, index)


def _places_key(run_id: int, index: int) -> str:
    return _key("places", run_id, index)


def seeded_key(run_id: int) -> str:
    return _key("seeded", run_id)


def _place(region: str, latitude: float | None, longitude: float | None) -> str:
    return f"{region}|{'' if latitude is None else latitude}|{'' if longitude is None else longitude}"


def _parse_place(member: bytes) -> tuple[str, float | None, float | None]:
    _number, region, lat, lon = member.decode().split("|", 3)
    return region, (float(lat) if lat else None), (float(lon) if lon else None)


def _moment(epoch: bytes | str) -> datetime:
    return datetime.fromtimestamp(float(epoch), UTC)


STALE = "stale"
LIMITED = "limited"


def scan_count(
    *,
    run_id: int,
    index: int,
    network: str,
    agent: str,
    latitude: float | None = None,
    longitude: float | None = None,
    now: datetime,
) -> Counted:
    """Count one scan of stamp (run, index): Redis's counter when it is chosen and answers, else the
    database's (one transaction, which also writes the row)."""
    if uses_redis():
        try:
            counted = _redis_count(run_id, index, network, agent, latitude, longitude, now)
            if isinstance(counted, Counted):  # always: no page versions or limit were asked
                return counted
        except Exception:  # Redis down or refusing: the database counts this scan, slower but exact
            logger.warning("stamp scan counted in the database: Redis did not answer", exc_info=True)
    count, first = stamp_scan_record(
        run_id=run_id, index=index, network=network, agent=agent, latitude=latitude, longitude=longitude, now=now
    )
    noted = StampSuspicion.objects.filter(run_id=run_id, index=index).exists()
    return Counted(count=count, first=first, noted=noted)  # type: ignore[arg-type]


def checked_count(
    *,
    run_id: int,
    index: int,
    network: str,
    agent: str,
    now: datetime,
    rate: tuple[str, int, int],
    versions: list[tuple[str, str]],
) -> Counted | str | None:
    """The scan counted in one round trip to Redis, with the checks the stored page's answer needs:
    the page's `versions` [(key, value)] still stand, and the client's `rate` counter (key, limit,
    lifetime) is under its limit. STALE or LIMITED (nothing counted), or None when Redis is not both
    the counter and the cache, or did not answer (the caller takes the long way)."""
    if not (uses_redis() and settings.OCOP_STAMP_SCAN_REDIS_URL == settings.REDIS_URL):
        return None
    try:
        return _redis_count(run_id, index, network, agent, None, None, now, rate=rate, versions=versions)
    except Exception:
        logger.warning("stamp scan: Redis did not answer", exc_info=True)
        return None


def _redis_count(run_id, index, network, agent, latitude, longitude, now, *, rate=None, versions=()) -> Counted | str:
    count_script, _seed, _release = _scripts(settings.OCOP_STAMP_SCAN_REDIS_URL)
    latitude = None if latitude is None else round(latitude, 1)
    longitude = None if longitude is None else round(longitude, 1)
    region = network_region(network)
    row = json.dumps(
        {
            "r": run_id,
            "i": index,
            "t": now.timestamp(),
            "n": network,
            "g": region,
            "a": agent,
            "y": latitude,
            "x": longitude,
        },
        separators=(",", ":"),
    )
    rate_key, limit, lives = rate or ("-", 0, 0)
    keys = [stamp_key(run_id, index), _places_key(run_id, index), pending_key(), seeded_key(run_id), rate_key]
    args = [repr(now.timestamp()), repr((now - DISTANT_WITHIN).timestamp()), _place(region, latitude, longitude)]
    args += [row, KEEP_SECONDS, PLACES_KEPT, limit, lives]
    own = _thread_client()
    answer = count_script(
        keys=keys + [key for key, _value in versions], args=args + [value for _key, value in versions], client=own
    )
    if answer[0] == b"unseeded":
        _seed_run(run_id, now)
        args[6] = 0  # the limit is counted already
        answer = count_script(keys=keys, args=args, client=own)
    if answer[0] != b"ok":
        return answer[0].decode()
    _status, number, first, noted, places = answer
    _start_flusher()
    return Counted(
        count=int(number),
        first=_moment(first),
        places=[_parse_place(member) for member in places],
        noted=noted == b"1",
    )


def _seed_run(run_id: int, now: datetime) -> None:
    """What the database knows of the run's scanned stamps (count, first scan, recent places), into
    Redis, then the run's "seeded" mark: from then on a stamp without a hash has never been scanned.
    Once per run after Redis started empty (two queries, one pipeline per SEED_CHUNK stamps)."""
    _count, seed_script, _release = _scripts(settings.OCOP_STAMP_SCAN_REDIS_URL)
    places: dict[int, list[object]] = {}
    recent = StampScan.objects.filter(run_id=run_id, scanned_at__gte=now - DISTANT_WITHIN).values_list(
        "index", "scan_number", "scanned_at", "region", "latitude", "longitude"
    )
    for index, number, scanned_at, region, lat, lon in recent.iterator(chunk_size=SEED_CHUNK):
        place = _place(region, None if lat is None else float(lat), None if lon is None else float(lon))
        places.setdefault(index, []).extend([repr(scanned_at.timestamp()), f"{number}|{place}"])
    noted = set(StampSuspicion.objects.filter(run_id=run_id).values_list("index", flat=True))
    states = StampState.objects.filter(run_id=run_id).values_list("index", "scan_count", "first_scanned_at")
    pipe = client().pipeline(transaction=False)
    for position, (index, count, first) in enumerate(states.iterator(chunk_size=SEED_CHUNK), start=1):
        seed_script(
            keys=[stamp_key(run_id, index), _places_key(run_id, index)],
            args=[
                count,
                repr(first.timestamp()) if first else "",
                KEEP_SECONDS,
                "1" if index in noted else "",
                *places.get(index, [])[-2 * PLACES_KEPT :],
            ],
            client=pipe,
        )
        if position % SEED_CHUNK == 0:
            pipe.execute()
    pipe.set(seeded_key(run_id), 1, ex=SEEDED_SECONDS)
    pipe.execute()


def place_note(run_id: int, index: int, scan_number: int, latitude: float, longitude: float) -> None:
    """The shared location of scan `scan_number`, in the places the next scans of the stamp compare."""
    if not uses_redis():
        return
    try:
        redis_client = client()
        key = _places_key(run_id, index)
        for member, score in redis_client.zscan_iter(key, match=f"{scan_number}|*"):
            region = _parse_place(member)[0]
            redis_client.zrem(key, member)
            redis_client.zadd(key, {f"{scan_number}|{_place(region, round(latitude, 1), round(longitude, 1))}": score})
    except Exception:
        logger.warning("stamp scan place not noted on Redis", exc_info=True)


def note_suspicion(run_id: int, index: int) -> None:
    """Remember on Redis that the stamp's suspicion is recorded, so later scans skip the database."""
    if uses_redis():
        try:
            client().hset(stamp_key(run_id, index), "s", "1")
        except Exception:
            logger.warning("stamp suspicion not noted on Redis", exc_info=True)


def _scan_row(item: bytes) -> tuple:
    """(run, index, scan number, moment, network, region, latitude, longitude, agent) of a pending scan."""
    number, payload = item.decode().split("|", 1)
    data = json.loads(payload)
    return (
        data["r"],
        data["i"],
        int(number),
        _moment(data["t"]),
        data["n"],
        data["g"],
        data["y"],
        data["x"],
        data["a"],
    )


_SCAN_COLUMNS = ("run_id", "index", "scan_number", "scanned_at", "network", "region", "latitude", "longitude", "agent")
_SCAN_TYPES = ("bigint", "integer", "integer", "timestamptz", "text", "text", "numeric", "numeric", "text")
_STATE_COLUMNS = ("run_id", "index", "scan_count", "first_scanned_at", "last_scanned_at")
_STATE_TYPES = ("bigint", "integer", "integer", "timestamptz", "timestamptz")


def _latest(rows: list[tuple]) -> list[tuple]:
    """Each scanned stamp's (run, index, count, first scan of the batch, last scan) after these rows."""
    states: dict[tuple[int, int], list] = {}
    for run_id, index, number, moment, *_rest in rows:
        state = states.get((run_id, index))
        if state is None:
            states[(run_id, index)] = [run_id, index, number, moment, moment]
        elif number > state[2]:
            state[2], state[4] = number, moment
    return [tuple(state) for state in states.values()]


def _insert(table: str, columns: tuple[str, ...], types: tuple[str, ...], conflict: str) -> str:
    """INSERT of one array per column (unnest): the SQL is the same for every batch."""
    quoted = ", ".join(f'"{column}"' for column in columns)
    arrays = ", ".join(f"%s::{kind}[]" for kind in types)
    return f"INSERT INTO {table} ({quoted}) SELECT * FROM unnest({arrays}) AS t({quoted}) {conflict}"  # noqa: S608 - our names


def _write_postgresql(rows: list[tuple], states: list[tuple]) -> None:
    """Two statements of one array per column: no model per row, no SQL compiled per row."""
    scans, kept = StampScan._meta.db_table, StampState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            _insert(scans, _SCAN_COLUMNS, _SCAN_TYPES, 'ON CONFLICT (run_id, "index", scan_number) DO NOTHING'),
            [list(column) for column in zip(*rows, strict=True)],
        )
        cursor.execute(
            _insert(
                kept,
                _STATE_COLUMNS,
                _STATE_TYPES,
                f'ON CONFLICT (run_id, "index") DO UPDATE SET scan_count = GREATEST(EXCLUDED.scan_count, {kept}.scan_count), '
                f"last_scanned_at = GREATEST(EXCLUDED.last_scanned_at, {kept}.last_scanned_at)",
            ),
            [list(column) for column in zip(*states, strict=True)],
        )


def _write_models(rows: list[tuple], states: list[tuple]) -> None:
    StampScan.objects.bulk_create(
        [StampScan(**dict(zip(_SCAN_COLUMNS, row, strict=True))) for row in rows], ignore_conflicts=True
    )
    StampState.objects.bulk_create(
        [StampState(**dict(zip(_STATE_COLUMNS, state, strict=True))) for state in states],
        update_conflicts=True,
        unique_fields=["run", "index"],
        update_fields=["scan_count", "last_scanned_at"],
    )


def flush(limit: int = BATCH) -> int:
    """Write up to `limit` pending scans to the database (one transaction) and take them off the list;
    the number written. One flusher at a time (a lock on Redis); a batch written but not taken off
    (a crash between the two) is written again harmlessly: the rows are unique per scan number and
    the counts are absolute."""
    if not uses_redis():
        return 0
    redis_client = client()
    if not redis_client.llen(pending_key()):
        return 0
    lock, token = _key("flush-lock"), uuid.uuid4().hex
    if not redis_client.set(lock, token, nx=True, ex=60):
        return 0
    try:
        items = redis_client.lrange(pending_key(), 0, limit - 1)
        if not items:
            return 0
        rows = [_scan_row(item) for item in items]
        write = _write_postgresql if connection.vendor == "postgresql" else _write_models
        with transaction.atomic():
            write(rows, _latest(rows))
        redis_client.ltrim(pending_key(), len(items), -1)
        return len(items)
    finally:
        _scripts(settings.OCOP_STAMP_SCAN_REDIS_URL)[2](keys=[lock], args=[token])


def flush_all() -> int:
    """Every pending scan into the database (before a page reads the scans); Redis down: nothing."""
    written = 0
    try:
        while True:
            done = flush()
            written += done
            if done < BATCH:
                return written
    except Exception:
        logger.warning("pending stamp scans not flushed", exc_info=True)
        return written


_flusher: dict[int, threading.Thread] = {}
_flusher_lock = threading.Lock()


def _start_flusher() -> None:
    """The process's flusher thread, started at its first scan (after gunicorn forked it)."""
    interval = settings.OCOP_STAMP_SCAN_FLUSH_SECONDS
    pid = os.getpid()
    if interval <= 0 or pid in _flusher:
        return
    with _flusher_lock:
        if pid not in _flusher:
            _flusher[pid] = threading.Thread(
                target=_flush_loop, args=(interval,), name="stamp-scan-flusher", daemon=True
            )
            _flusher[pid].start()


def _flush_loop(interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            flush_all()
        finally:
            close_old_connections()


def pending_scans() -> int:
    """Scans counted but not yet written (for /readyz and the operators)."""
    if not uses_redis():
        return 0
    return int(client().llen(pending_key()))
