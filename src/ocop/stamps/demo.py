"""Demo stamp runs: one lot of a valid demo certificate (of the demo producer account's if it has one), with a few scans (one stamp scanned
from two regions, so the dashboard and the scan page show a suspected copy, and a consumer's report of
it). The demo sends no alert e-mail: its suspicion and report are marked as already told. Idempotent."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from ocop.accounts.models import User
from ocop.certificates.models import Certificate, CertificateStatus
from ocop.stamps.models import StampReport, StampRun, StampScan, StampState, StampSuspicion
from ocop.stamps.services import stamp_scan_record

DEMO_LOT = "DEMO-2026-01"
MAIN_PRODUCER_ACCOUNT = "chuthe"


def load_demo() -> StampRun | None:
    today = timezone.localdate()
    # The certificate of the demo's main producer account (`chuthe`, README) first, so that it finds the
    # run on its stamps page; else of any producer with an account; any valid certificate of a demo
    # product (the round's decision of today issues `chuthe`'s, which is not marked as a demo paper).
    has_account = Exists(User.objects.filter(producer=OuterRef("producer"), is_active=True))
    main_account = Exists(User.objects.filter(producer=OuterRef("producer"), username=MAIN_PRODUCER_ACCOUNT))
    certificate = (
        Certificate.objects.filter(product__is_demo=True, status=CertificateStatus.VALID, valid_until__gte=today)
        .annotate(main_account=main_account, has_account=has_account)
        .order_by("-main_account", "-has_account", "pk")
        .first()
    )
    if certificate is None:
        return None
    run, created = StampRun.objects.get_or_create(
        product_id=certificate.product_id,
        lot_number=DEMO_LOT,
        defaults={
            "certificate": certificate,
            "production_date": max(certificate.valid_from, today - timedelta(days=30)),
            "best_before": today + timedelta(days=335),
            "quantity": 240,
            "notes": "Nguyên liệu từ vùng trồng của hợp tác xã; kiểm nghiệm an toàn thực phẩm đạt (minh hoạ).",
            "is_demo": True,
        },
    )
    if created and not StampScan.objects.filter(run=run).exists():
        now = timezone.now()
        plan = [(1, "Quảng Ninh", 5), (2, "Quảng Ninh", 4), (3, "Quảng Ninh", 3), (3, "TP Hồ Chí Minh", 2), (4, "", 1)]
        for index, region, days_ago in plan:
            stamp_scan_record(run_id=run.pk, index=index, network="", agent="phone", now=now - timedelta(days=days_ago))
            latest = StampScan.objects.filter(run=run, index=index).latest("pk")
            latest.region = region
            latest.save(update_fields=["region"])
        state = StampState.objects.get(run=run, index=3)
        StampSuspicion.objects.create(
            run=run,
            index=3,
            suspected_at=state.last_scanned_at,
            scan_count=state.scan_count,
            far_apart=True,
            notified_at=now,
        )
        StampReport.objects.create(
            run=run,
            index=3,
            place="Cửa hàng đặc sản ở TP Hồ Chí Minh (minh hoạ)",
            message="Tem in mờ, mã QR bị nhoè (minh hoạ).",
            notified_at=now,
        )
    return run
