from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ocop.accounts.policy import PUBLIC, permission
from ocop.certificates.models import CertificateStatus
from ocop.core import ratelimit
from ocop.core.errors import DomainError
from ocop.stamps import codes
from ocop.stamps.forms import ReportForm
from ocop.stamps.selectors import is_void, run_for_scan, scan_verdict
from ocop.stamps.services import agent_class, stamp_report_create, stamp_scan_record, truncated_network

# --- public: the page a stamp's QR opens ------------------------------------------------------------


def _not_genuine(request, shown: str, *, void: bool = False, status: int = 404):
    response = render(request, "stamps/not_genuine.html", {"code": shown[:80], "void": void}, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _limited(request):
    allowed, retry_after = ratelimit.hit("verification", ratelimit.client_address(request))
    if allowed:
        return None
    response = render(request, "stamps/too_many.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _scan(request, parsed: tuple[int, int] | None, shown: str, *, gtin: str = "", lot: str = ""):
    refused = _limited(request)
    if refused is not None:
        return refused
    if parsed is None:
        return _not_genuine(request, shown)
    run_id, index = parsed
    run = run_for_scan(run_id)
    if run is None or index > run.quantity:
        return _not_genuine(request, shown)
    if gtin and (not run.product.gtin or run.product.gtin.zfill(14) != gtin.zfill(14) or run.lot_number != lot):
        return _not_genuine(request, shown)
    if is_void(run, index):
        return _not_genuine(request, shown, void=True)
    now = timezone.now()
    count, first = stamp_scan_record(
        run_id=run.pk,
        index=index,
        network=truncated_network(ratelimit.client_address(request)),
        agent=agent_class(request.META.get("HTTP_USER_AGENT", "")),
        now=now,
    )
    certificate = run.certificate
    context = {
        "run": run,
        "index": index,
        "serial": run.serial(index),
        "product": run.product,
        "producer": certificate.producer,
        "certificate": certificate,
        "status": certificate.effective_status(timezone.localdate()),
        "statuses": CertificateStatus,
        "verdict": scan_verdict(run, index, count, first, now),
        "report_code": codes.stamp_code(run.pk, index),
        "report_form": ReportForm(),
    }
    response = render(request, "stamps/scan.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@permission(PUBLIC)
def scan(request, code: str):
    """/s/<run>-<index>-<signature>: a stamp of a product without a GTIN."""
    return _scan(request, codes.parse_code(code), code)


@permission(PUBLIC)
def gs1_scan(request, gtin: str, lot: str, serial: str):
    """GS1 Digital Link /01/<gtin>/10/<lot>/21/<serial>?s=<signature>: one stamp of a lot."""
    return _scan(request, codes.parse_serial(serial, request.GET.get("s", "")), serial, gtin=gtin, lot=lot)


@permission(PUBLIC)
@require_POST
def report(request, code: str):
    """The one-tap report from the scan page: where it was bought, what looked wrong, a photo."""
    refused = _limited(request)
    if refused is not None:
        return refused
    parsed = codes.parse_code(code)
    run = run_for_scan(parsed[0]) if parsed else None
    if parsed is None or run is None:
        raise Http404
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stamp_report_create(run=run, index=parsed[1], **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("stamps_public:reported")
    return render(request, "stamps/report.html", {"form": form, "code": code}, status=400)


@permission(PUBLIC)
def reported(request):
    return render(request, "stamps/reported.html")
