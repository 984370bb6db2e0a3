from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from ocop.accounts import policy
from ocop.accounts.policy import PUBLIC, get_visible_or_404, may_change, permission, visible
from ocop.certificates import views as certificate_views
from ocop.certificates.models import CertificateStatus
from ocop.core import page_store, ratelimit
from ocop.core.confirm import CONFIRM_FIELD, confirmation_page, confirmed
from ocop.core.errors import DomainError
from ocop.core.listing import by_label, listing
from ocop.jobs.views import job_start
from ocop.products.models import Product
from ocop.stamps import codes, confirmations, counter, scan_page
from ocop.stamps.dashboard import LogFilters, ScanFilters, default_period, scan_dashboard, scan_log_rows, visible_runs
from ocop.stamps.forms import ReportForm, RunForm, ScanFilterForm, ScanLogForm, SheetForm, VoidForm
from ocop.stamps.jobs import sheet_params
from ocop.stamps.models import StampReport, StampRun, StampScan
from ocop.stamps.selectors import (
    is_void,
    run_for_scan,
    run_queryset,
    run_rows,
    run_summary,
    scan_threshold,
    valid_certificates,
)
from ocop.stamps.services import (
    stamp_report_create,
    stamp_report_handle,
    stamp_run_create,
    stamp_scan_place,
    stamp_void_range,
)
from ocop.stamps.sheets import MAX_PDF_STAMPS, SYNC_SHEET_STAMPS, range_error, run_csv_rows, run_pdf, sheet_filename

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
    """A scan the view answers: the first of a run's stored page (ocop.stamps.scan_page), a logged-in
    visitor's, and every refusal (unknown, forged, voided, over the limit)."""
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
    context = scan_page.run_context(run)
    if page_store.is_anonymous(request):
        shell = scan_page.shell_build(request, run, context)
        response = scan_page.answer(request, shell, index)
        response.scan_shell = shell  # StampScanMiddleware keeps it for the next scans of the run
    else:
        verdict = scan_page.count(request, run.pk, index, scan_threshold(run))
        valid = context["status"] == CertificateStatus.VALID
        response = render(
            request, "stamps/scan.html", {**context, **scan_page.hole_values(request, run.pk, index, verdict, valid)}
        )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@permission(PUBLIC)
def scan(request, code: str):
    """/s/<run>-<index>-<signature>: a stamp of a product without a GTIN."""
    return _scan(request, codes.parse_code(code), code)


@permission(PUBLIC)
def gs1_scan(request, gtin: str, lot: str, serial: str):
    """GS1 Digital Link /01/<gtin>/10/<lot>/21/<serial>?s=<signature>: one stamp of a lot. Without a
    signature it is not one of our stamps (another system's serial on the pack): the link resolves to
    the product's certificate, as every other Digital Link does."""
    if not request.GET.get("s"):
        return certificate_views.gs1_resolve(request, gtin=gtin, rest=f"10/{lot}/21/{serial}")
    return _scan(request, codes.parse_serial(serial, request.GET.get("s", "")), serial, gtin=gtin, lot=lot)


@permission(PUBLIC)
@csrf_exempt  # the report acts for nobody: it names no user and is limited per address (stamps.scan_page)
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
@csrf_exempt  # as the report: it acts for nobody, names no user, and is limited per address
@require_POST
def place(request, code: str):
    """The coarse location a visitor shares for their scan (the scan page's optional button), and
    whether the stamp now looks copied: JSON {far_apart, message}."""
    refused = _limited(request)
    if refused is not None:
        return refused
    parsed = codes.parse_code(code)
    try:
        number = int(request.POST.get("n", ""))
        latitude, longitude = float(request.POST.get("lat", "")), float(request.POST.get("lon", ""))
    except ValueError:
        number = 0
    if parsed is None or number < 1:
        return JsonResponse({"far_apart": False, "message": _("Không ghi được vị trí cho lượt quét này.")}, status=400)
    run_id, index = parsed
    counter.flush_all()  # the scan's row is in the database
    try:
        placed = stamp_scan_place(
            run_id=run_id, index=index, scan_number=number, latitude=latitude, longitude=longitude
        )
    except DomainError as error:
        return JsonResponse({"far_apart": False, "message": error.message}, status=400)
    if not placed:
        return JsonResponse({"far_apart": False, "message": _("Không ghi được vị trí cho lượt quét này.")}, status=404)
    counter.place_note(run_id, index, number, latitude, longitude)
    far = scan_page.place_verdict(run_id, index, number)
    message = (
        _("Cảm ơn bạn. Tem này vừa được quét ở những nơi cách xa nhau: có thể đã bị sao chép.")
        if far
        else _("Cảm ơn bạn: vị trí gần đúng đã được ghi cho lượt quét này.")
    )
    response = JsonResponse({"far_apart": far, "message": message})
    response["Cache-Control"] = "no-store"
    return response


@permission(PUBLIC)
def reported(request):
    return render(request, "stamps/reported.html")


# --- back office: runs, sheets, serials, voids ------------------------------------------------------


def _base(request) -> str:
    from ocop.certificates.views import public_base_url

    return public_base_url(request)


@permission(policy.may_see_stamps)
def run_list(request):
    """The runs the user may see, and (producer, provincial office) the form to request one."""
    may_request = policy.may_request_stamps(request.user)
    certificates = visible(request.user, valid_certificates())
    form = RunForm(request.POST or None, request.FILES or None, certificates=certificates)
    if request.method == "POST":
        if not may_request:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = stamp_run_create(user=request.user, **data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Đã tạo đợt tem."))
                return redirect("stamps:run_detail", pk=run.pk)
    runs = run_rows(visible(request.user, StampRun.objects.all()))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "stamps/run_list.html", {"runs": runs, "form": form, "may_request": may_request}, status=status
    )


@permission(policy.may_see_stamps)
def run_detail(request, pk: int):
    run = get_visible_or_404(request.user, run_queryset(), pk=pk)
    counter.flush_all()  # its figures include the scans counted a moment ago
    void_form = VoidForm(request.POST or None)
    may_void = policy.may_request_stamps(request.user) and may_change(request.user, run)
    if request.method == "POST":
        if not may_void:
            raise PermissionDenied
        from_step = request.POST.get(CONFIRM_FIELD) is not None  # posted from the confirmation step
        if void_form.is_valid() and not confirmed(request):
            return confirmation_page(request, confirmations.void(run, form=void_form))  # what voiding does, first
        if void_form.is_valid():
            try:
                stamp_void_range(user=request.user, run=run, **void_form.cleaned_data)
            except DomainError as error:
                void_form.add_error(error.field if error.field in void_form.fields else None, error.message)
            else:
                messages.success(request, _("Đã huỷ khoảng tem."))
                return redirect("stamps:run_detail", pk=run.pk)
        if from_step:  # refused on the step: stay there, the fields as typed with the error beside them
            return confirmation_page(request, confirmations.void(run, form=void_form), status=400)
    sheet_last = min(run.quantity, MAX_PDF_STAMPS)  # the first file of the run: stamps 1…sheet_last
    context = {
        "run": run,
        "summary": run_summary(run),
        "void_form": void_form,
        "may_void": may_void,
        "sheet_last": sheet_last,
        "sheet_query": f"?first=1&last={sheet_last}&per_page=24",
        "sheet_is_job": sheet_last > SYNC_SHEET_STAMPS,
    }
    return render(request, "stamps/run_detail.html", context, status=400 if request.method == "POST" else 200)


@permission(policy.may_see_stamps)
def sheet(request, pk: int):
    """The PDF of stamps first…last (at most MAX_PDF_STAMPS), 24, 48 or 100 per A4 page. Up to
    SYNC_SHEET_STAMPS it is answered at once; a larger range is a job (POST starts it, GET offers the
    button), built in the worker."""
    run = get_visible_or_404(request.user, run_queryset(), pk=pk)
    form = SheetForm(request.GET or {"first": 1, "last": min(run.quantity, 24), "per_page": 24})
    if not form.is_valid():
        return HttpResponseBadRequest(_("Khoảng tem hoặc số tem mỗi trang không hợp lệ."))
    first, last, per_page = form.cleaned_data["first"], form.cleaned_data["last"], form.cleaned_data["per_page"]
    problem = range_error(run, first=first, last=last)
    if problem is not None:
        return HttpResponseBadRequest(problem)
    if last - first + 1 > SYNC_SHEET_STAMPS:
        params = sheet_params(run_id=run.pk, first=first, last=last, per_page=per_page, base=_base(request))
        title = _("Tờ tem %(first)s–%(last)s của lô %(lot)s") % {"first": first, "last": last, "lot": run.lot_number}
        return job_start(request, kind="stamps.sheet_pdf", params=params, title=title)
    content = run_pdf(run, base=_base(request), first=first, last=last, per_page=per_page)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sheet_filename(run, first=first, last=last)}"'
    return response


@permission(policy.may_see_stamps)
def serials(request, pk: int):
    run = get_visible_or_404(request.user, run_queryset(), pk=pk)
    response = StreamingHttpResponse(run_csv_rows(run, base=_base(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="so-tem-{run.pk}.csv"'
    return response


# --- back office: the scan dashboard, the scan log, consumer reports ----------------------------------


def _scan_filters(request, form_class):
    """The filter form over the runs the user may see, bound to the URL, and its ScanFilters (None when
    the URL's filters are invalid: the page answers 400 with the form naming the field)."""
    runs = visible_runs(request.user).select_related("product").order_by("product__name_vi", "lot_number")
    products = Product.objects.filter(pk__in=runs.values("product_id")).order_by("name_vi")
    form = form_class(request.GET or None, runs=runs, products=products, period=default_period(timezone.localdate()))
    if not form.is_bound:
        start, end = form.period
        return form, ScanFilters(start=start, end=end)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, ScanFilters(
        start=data["start"],
        end=data["end"],
        product_id=data["product"].pk if data["product"] else None,
        run_id=data["lot"].pk if data["lot"] else None,
    )


@permission(policy.may_see_stamps)
@require_safe
def scans(request):
    """/stamps/scans/: scans per day and region, first-scan ratio, suspected copies with their evidence,
    top products, consumer reports — of the runs the user may see, in the filters' product, lot, period."""
    counter.flush_all()  # the scans counted a moment ago are in the figures
    form, filters = _scan_filters(request, ScanFilterForm)
    context = {"form": form, "may_handle": policy.may_handle_stamp_reports(request.user)}
    if filters is None:
        return render(request, "stamps/scans.html", context, status=400)
    context["d"] = scan_dashboard(user=request.user, filters=filters)
    context["back"] = request.get_full_path()
    return render(request, "stamps/scans.html", context)


SCAN_LOG_PAGE = 100


def _scan_log_sorts() -> dict:
    return {
        "at": ("scanned_at",),
        "stamp": ("run_id", "index", "scan_number"),
        "number": ("scan_number", "-scanned_at"),
        "region": ("region", "latitude", "longitude", "-scanned_at"),
        "agent": (by_label("agent", StampScan._meta.get_field("agent").choices), "-scanned_at"),
        "product": ("run__product__name_folded", "run__lot_number", "-scanned_at"),
    }


@permission(policy.may_see_stamps)
@require_safe
def scan_log(request):
    """/stamps/scans/log/: the scans behind a figure of the dashboard, newest first unless a column is chosen, 100 a page."""
    counter.flush_all()
    form, filters = _scan_filters(request, ScanLogForm)
    if filters is None:
        return render(request, "stamps/scan_log.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    place = data.get("place")
    narrow = LogFilters(
        day=data.get("day"),
        region=data.get("region") or None,
        place=tuple(place.split(",")) if place else None,
        stamp=data.get("stamp"),
        first_only=bool(data.get("first")),
    )
    rows = listing(
        request,
        scan_log_rows(user=request.user, filters=filters, narrow=narrow),
        sorts=_scan_log_sorts(),
        default="-at",
        per_page=SCAN_LOG_PAGE,
    )
    context = {"form": form, "listing": rows, "filters": filters, "narrow": narrow}
    return render(request, "stamps/scan_log.html", context)


@permission(policy.may_handle_stamp_reports)
@require_POST
def report_handle(request, pk: int):
    """The office marks a consumer's report handled (audited), then goes back to the dashboard."""
    report = get_visible_or_404(request.user, StampReport.objects.all(), pk=pk)
    if not may_change(request.user, report):
        raise PermissionDenied
    try:
        stamp_report_handle(user=request.user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đánh dấu báo cáo là đã xử lý."))
    back = request.POST.get("back", "")
    if not back.startswith(reverse("stamps:scans")) or not url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        back = reverse("stamps:scans")
    return redirect(back)
