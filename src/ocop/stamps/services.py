"""Writes of the stamps app: request a run, void a range, record a scan, note a suspected copy, record
a consumer's report and mark it handled. A suspected copy and a report queue their alert e-mail
(ocop.stamps.tasks) through the outbox in the same transaction."""

import datetime
import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ocop.accounts.policy import may_change, may_handle_stamp_reports, may_request_stamps, visible
from ocop.accounts.system import SystemCaller, require_system_caller
from ocop.certificates.models import Certificate, CertificateStatus
from ocop.core import page_store
from ocop.core.errors import DomainError
from ocop.core.outbox import outbox_enqueue
from ocop.core.services import audit_record
from ocop.stamps.models import (
    MAX_RUN_QUANTITY,
    AgentClass,
    ReportStatus,
    StampReport,
    StampRun,
    StampScan,
    StampVoid,
)
from ocop.stamps.selectors import run_scope

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from ocop.accounts.models import User


def _require_stamp_writer(user: "User | None", system: SystemCaller | None, target: Certificate | StampRun) -> None:
    """Who may request a run for a certificate or void a run's stamps: the producer for its own products
    and the provincial office in its province; `user=None` only for a named system caller."""
    if user is None:
        require_system_caller(system)
        return
    if not may_request_stamps(user):
        raise PermissionDenied
    in_scope = (
        visible(user, Certificate.objects.filter(pk=target.pk)).exists()
        if isinstance(target, Certificate)
        else may_change(user, target)
    )
    if not in_scope:
        raise PermissionDenied


def stamp_run_create(
    *,
    user: "User | None",
    system: SystemCaller | None = None,
    certificate: Certificate,
    lot_number: str,
    production_date: datetime.date,
    best_before: datetime.date,
    quantity: int,
    notes: str = "",
    evidence: "UploadedFile | None" = None,
) -> StampRun:
    """A run of `quantity` stamps for one lot. The certificate must be in force today and the lot produced
    while it was valid: a stamp never vouches for a lot made outside the certificate's validity."""
    _require_stamp_writer(user, system, certificate)
    today = timezone.localdate()
    lot_number = (lot_number or "").strip()
    if not lot_number:
        raise DomainError(_("Hãy nhập số lô."), field="lot_number")
    if certificate.effective_status(today) != CertificateStatus.VALID:
        raise DomainError(_("Chỉ in tem cho giấy chứng nhận còn hiệu lực."), field="certificate")
    if not (certificate.valid_from <= production_date <= certificate.valid_until):
        raise DomainError(
            _("Ngày sản xuất phải trong thời hạn của giấy chứng nhận (%(start)s – %(end)s).")
            % {
                "start": certificate.valid_from.strftime("%d/%m/%Y"),
                "end": certificate.valid_until.strftime("%d/%m/%Y"),
            },
            field="production_date",
        )
    if production_date > today:
        raise DomainError(_("Ngày sản xuất không được sau hôm nay."), field="production_date")
    if best_before < production_date:
        raise DomainError(_("Hạn sử dụng không được trước ngày sản xuất."), field="best_before")
    if not 1 <= quantity <= MAX_RUN_QUANTITY:
        raise DomainError(_("Số tem của một đợt phải từ 1 đến 100.000."), field="quantity")
    if StampRun.objects.filter(product_id=certificate.product_id, lot_number=lot_number).exists():
        raise DomainError(_("Sản phẩm này đã có đợt tem cho số lô này."), field="lot_number")
    with transaction.atomic():
        run = StampRun.objects.create(
            certificate=certificate,
            product_id=certificate.product_id,
            lot_number=lot_number,
            production_date=production_date,
            best_before=best_before,
            quantity=quantity,
            notes=notes,
            evidence=evidence or "",
            requested_by=user,
        )
        audit_record(
            actor=user, action="stamp_run.create", target=run, after={"lot_number": lot_number, "quantity": quantity}
        )
    return run


def stamp_void_range(
    *,
    user: "User | None",
    system: SystemCaller | None = None,
    run: StampRun,
    first_index: int,
    last_index: int,
    reason: str,
) -> StampVoid:
    _require_stamp_writer(user, system, run)
    if not 1 <= first_index <= last_index <= run.quantity:
        raise DomainError(
            _("Khoảng tem huỷ phải nằm trong 1–%(quantity)s và từ nhỏ đến lớn.") % {"quantity": run.quantity},
            field="first_index",
        )
    if not (reason or "").strip():
        raise DomainError(_("Hãy ghi lý do huỷ tem."), field="reason")
    with transaction.atomic():
        void = StampVoid.objects.create(
            run=run, first_index=first_index, last_index=last_index, reason=reason.strip(), voided_by=user
        )
        audit_record(actor=user, action="stamp_run.void", target=run, after={"first": first_index, "last": last_index})
        # The run's stored scan pages go stale on every server: the next scan of a voided stamp says so.
        transaction.on_commit(lambda: page_store.bump([run_scope(run.pk)]))
    return void


@lru_cache(maxsize=8192)
def truncated_network(address: str) -> str:
    """The visitor's network, never the address: /24 for IPv4, /48 for IPv6 (kept per address: a
    visitor scans many times, and each scan asks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def network_region(network: str) -> str:
    """The region named for a network in OCOP_STAMP_NETWORK_REGIONS ({"<cidr>": "<region>"}), or ""."""
    if not network:
        return ""
    return _region_of(network, tuple(settings.OCOP_STAMP_NETWORK_REGIONS.items()))


@lru_cache(maxsize=8192)
def _region_of(network: str, regions: tuple[tuple[str, str], ...]) -> str:
    ours = ipaddress.ip_network(network)
    for theirs, region in _networks(regions):
        if ours.version == theirs.version and ours.subnet_of(theirs):  # type: ignore[arg-type]
            return region
    return ""


@lru_cache(maxsize=4)
def _networks(regions: tuple[tuple[str, str], ...]) -> list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]]:
    """The setting's networks, parsed once (a malformed entry is skipped, as the setting's check says)."""
    parsed = []
    for cidr, region in regions:
        try:
            parsed.append((ipaddress.ip_network(cidr, strict=False), str(region)))
        except ValueError:
            continue
    return parsed


def agent_class(user_agent: str) -> str:
    text = (user_agent or "").lower()
    if any(word in text for word in ("iphone", "android", "mobile")):
        return AgentClass.PHONE
    if any(word in text for word in ("zxing", "scanner", "gs1")):
        return AgentClass.SCANNER
    if any(word in text for word in ("windows", "macintosh", "x11", "linux")):
        return AgentClass.COMPUTER
    return AgentClass.OTHER


_COUNT_SQL = (
    "INSERT INTO stamps_stampstate (run_id, {index}, scan_count, first_scanned_at, last_scanned_at) "
    "VALUES (%s, %s, 1, %s, %s) "
    "ON CONFLICT (run_id, {index}) DO UPDATE SET scan_count = stamps_stampstate.scan_count + 1, "
    "last_scanned_at = excluded.last_scanned_at "
    "RETURNING scan_count, first_scanned_at"
)


def stamp_scan_record(
    *,
    run_id: int,
    index: int,
    network: str,
    agent: str,
    latitude: float | None = None,
    longitude: float | None = None,
    now: datetime.datetime | None = None,
) -> tuple[int, object]:
    """Count one scan: (this scan's number, when the stamp was first scanned).

    One `INSERT … ON CONFLICT DO UPDATE … RETURNING` counts it, so two simultaneous scans get 1 and 2,
    never both 1; then one INSERT of the scan row (truncated network, rounded location)."""
    now = now or timezone.now()
    sql = _COUNT_SQL.format(index=connection.ops.quote_name("index"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [run_id, index, now, now])
        count, first = cursor.fetchone()
        StampScan.objects.create(
            run_id=run_id,
            index=index,
            scanned_at=now,
            network=network,
            region=network_region(network),
            latitude=None if latitude is None else round(latitude, 1),
            longitude=None if longitude is None else round(longitude, 1),
            agent=agent,
            scan_number=count,
        )
    if isinstance(first, str):  # SQLite returns the text it stored: naive UTC
        first = parse_datetime(first)
    if first is not None and timezone.is_naive(first):
        first = timezone.make_aware(first, datetime.UTC)
    return count, first


def stamp_scan_place(*, run_id: int, index: int, scan_number: int, latitude: float, longitude: float) -> bool:
    """The coarse location a visitor chose to share for their scan (rounded to 0.1°): written once,
    on a scan that has none; False when there is no such scan or it has a location already."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise DomainError(_("Vị trí không hợp lệ."), field="lat")
    return bool(
        StampScan.objects.filter(run_id=run_id, index=index, scan_number=scan_number, latitude__isnull=True).update(
            latitude=round(latitude, 1), longitude=round(longitude, 1)
        )
    )


_SUSPECT_SQL = (
    "INSERT INTO stamps_stampsuspicion (run_id, {index}, suspected_at, scan_count, too_many, far_apart) "
    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (run_id, {index}) DO NOTHING RETURNING id"
)


def stamp_suspicion_record(
    *, run_id: int, index: int, scan_count: int, too_many: bool, far_apart: bool, now: datetime.datetime
) -> int | None:
    """Note, once, that the stamp may have been copied, and queue the alert to the province office and
    the producer. Called after a scan whose verdict is "may have been copied": the first such scan
    inserts the row and gets its id; every later one (even a simultaneous one, which waits for the
    first's commit on the unique (run, index) and then does nothing) gets None and queues nothing."""
    from ocop.stamps.tasks import notify_stamp_suspected

    sql = _SUSPECT_SQL.format(index=connection.ops.quote_name("index"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [run_id, index, now, scan_count, too_many, far_apart])
        row = cursor.fetchone()
        if row is None:
            return None
        outbox_enqueue(notify_stamp_suspected, row[0])
    return int(row[0])


def stamp_report_create(
    *, run: StampRun, index: int, place: str, message: str = "", photo: "UploadedFile | None" = None
) -> StampReport:
    """Store a consumer's report and queue its alert to the province office and the producer."""
    from ocop.stamps.tasks import notify_stamp_report

    place = (place or "").strip()
    if not place:
        raise DomainError(_("Hãy cho biết nơi mua sản phẩm."), field="place")
    if not 1 <= index <= run.quantity:
        raise DomainError(_("Tem không thuộc đợt này."), field="index")
    with transaction.atomic():
        report = StampReport.objects.create(
            run=run, index=index, place=place[:200], message=message[:2000], photo=photo or ""
        )
        outbox_enqueue(notify_stamp_report, report.pk)
    return report


def stamp_report_handle(*, user: "User", report: StampReport) -> StampReport:
    """The office marks a report handled (who, when; audited). A report already handled is refused."""
    if not (may_handle_stamp_reports(user) and may_change(user, report)):
        raise PermissionDenied
    with transaction.atomic():
        locked = StampReport.objects.select_for_update().get(pk=report.pk)
        if locked.status == ReportStatus.HANDLED:
            raise DomainError(_("Báo cáo này đã được xử lý."), field="status")
        locked.status = ReportStatus.HANDLED
        locked.handled_at = timezone.now()
        locked.handled_by = user
        locked.save(update_fields=["status", "handled_at", "handled_by", "updated_at"])
        audit_record(
            actor=user,
            action="stamp_report.handle",
            target=locked,
            before={"status": ReportStatus.NEW},
            after={"status": ReportStatus.HANDLED},
        )
    return locked
