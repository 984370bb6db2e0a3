"""Pages of trade promotion. Thin: check the right, call one service or selector, render."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, PUBLIC, permission
from ocop.core.confirm import confirmation_page, confirmed
from ocop.core.errors import DomainError
from ocop.core.formatting import dmy, localized, number, vnd
from ocop.core.forms import form_errors_from
from ocop.core.listing import by_label, listing
from ocop.core.progress import Progress, progress_partial, rows_progress
from ocop.imports.problems import ImportFileError
from ocop.jobs.views import job_start
from ocop.promotion import charts, confirmations, importing, selectors, services
from ocop.promotion.access import (
    get_booth_or_404,
    get_event_or_404,
    is_officer,
    may_enter_sales,
    may_organise,
    may_organise_in,
    may_see_figures,
    require_organiser,
    require_sales_entry,
)
from ocop.promotion.forms import BoothForm, EventAgreementForm, EventForm, ImportForm, SaleForm, SeriesForm, VisitsForm
from ocop.promotion.jobs import report_for
from ocop.promotion.models import Booth, Event, EventSeries, EventStatus, EventType, FigureImport
from ocop.promotion.reports import series_report, year_report


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# --- events ---------------------------------------------------------------------------------------


EVENTS_PAGE = 50


def _event_sorts() -> dict:
    kind, status = (Event._meta.get_field(name).choices for name in ("event_type", "status"))
    return {
        "name": ("name_folded", "-first_day"),
        "type": (by_label("event_type", kind), "-first_day", "name_folded"),
        "period": ("first_day", "last_day", "-name_folded"),
        "place": ("country", "city", "commune__province__bare_name_folded", "commune__bare_name_folded", "-first_day"),
        "booths": ("booth_count", "-first_day"),
        "status": (by_label("status", status), "-first_day", "name_folded"),
    }


@require_GET
@permission(PUBLIC)
def event_list(request):
    """Public: upcoming events. Signed in: every event the user may see, with filters."""
    context = {"upcoming": selectors.upcoming_events(limit=20), "types": EventType.choices}
    if request.user.is_authenticated:
        year = _int_or_none(request.GET.get("year"))
        event_type = request.GET.get("type", "")
        query = request.GET.get("q", "")
        context.update(
            {
                "listing": listing(
                    request,
                    selectors.event_list(user=request.user, year=year, event_type=event_type, query=query),
                    sorts=_event_sorts(),
                    default="-period",
                    per_page=EVENTS_PAGE,
                ),
                "years": selectors.event_years(request.user),
                "year": year,
                "event_type": event_type,
                "query": query,
                "series": selectors.series_list(user=request.user) if is_officer(request.user) else [],
                "can_create": may_organise_in(request.user, request.user.province_id),
                "can_report": is_officer(request.user),
                "current_year": timezone.localdate().year,
            }
        )
    return render(request, "promotion/events.html", context)


@permission(PUBLIC)
def event_detail(request, pk: int):
    event = get_event_or_404(
        request.user, Event.objects.select_related("province", "commune__province", "series"), pk=pk
    )
    officer_view = may_see_figures(request.user, event)
    booths = selectors.event_booths(user=request.user, event=event) if request.user.is_authenticated else []
    context = {
        "event": event,
        "can_organise": may_organise(request.user, event),
        "can_see_figures": officer_view,
        "booths": booths,
        "visits": selectors.event_visits(event) if officer_view else {},
        "agreements": event.agreements.select_related("producer").prefetch_related("products") if officer_view else [],
        "statuses": EventStatus.choices,
        "imports": event.imports.select_related("created_by")[:10] if may_organise(request.user, event) else [],
    }
    return render(request, "promotion/event_detail.html", context)


@permission(LOGGED_IN)
def event_create(request):
    if not may_organise_in(request.user, request.user.province_id):
        raise PermissionDenied
    province = request.user.province
    form = EventForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, province=province, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã tạo sự kiện."))
            return redirect("promotion:event_detail", pk=event.pk)
    return render(request, "promotion/event_form.html", {"form": form, "event": None})


@permission(LOGGED_IN)
def event_edit(request, pk: int):
    event = get_event_or_404(request.user, Event.objects.select_related("province"), pk=pk)
    require_organiser(request.user, event)
    form = EventForm(request.POST or None, instance=event, province=event.province)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.event_update(actor=request.user, event=event, changes=changes)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu sự kiện."))
            return redirect("promotion:event_detail", pk=event.pk)
    return render(request, "promotion/event_form.html", {"form": form, "event": event})


@permission(LOGGED_IN)
@require_POST
def event_status(request, pk: int):
    """Change an event's status; cancelling shows what it does first and acts only on the confirmed POST."""
    event = get_event_or_404(request.user, Event.objects.all(), pk=pk)
    require_organiser(request.user, event)
    cancelling = request.POST.get("status") == EventStatus.CANCELLED and event.status != EventStatus.CANCELLED
    if cancelling and not confirmed(request):
        return confirmation_page(request, confirmations.cancel(event, booths=event.booths.count()))
    try:
        services.event_set_status(actor=request.user, event=event, status=request.POST.get("status", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đổi trạng thái sự kiện."))
    return redirect("promotion:event_detail", pk=event.pk)


@permission(LOGGED_IN)
def series_create(request):
    if not may_organise_in(request.user, request.user.province_id):
        raise PermissionDenied
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_create(actor=request.user, province=request.user.province, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã tạo chuỗi sự kiện."))
            return redirect("promotion:event_create")
    return render(request, "promotion/series_form.html", {"form": form})


# --- booths and entry -----------------------------------------------------------------------------


@permission(LOGGED_IN)
def booth_create(request, pk: int):
    event = get_event_or_404(request.user, Event.objects.select_related("province"), pk=pk)
    require_organiser(request.user, event)
    form = BoothForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booth_create(actor=request.user, event=event, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm gian hàng %(number)s.") % {"number": form.cleaned_data["number"]})
            return redirect(
                "promotion:booth_create" if "again" in request.POST else "promotion:event_detail", pk=event.pk
            )
    return render(request, "promotion/booth_form.html", {"form": form, "event": event})


def _default_day(event: Event, sales: dict) -> datetime.date:
    today = timezone.localdate()
    if event.has_day(today):
        return today
    for day in event.day_list():
        if day not in sales:
            return day
    return event.first_day


@permission(LOGGED_IN)
def booth_sales(request, pk: int):
    """The phone page: a booth's day sales in one field, and what it has entered so far."""
    booth = get_booth_or_404(
        request.user,
        Booth.objects.select_related("event__province", "event__commune", "producer", "exhibitor_province"),
        pk=pk,
    )
    event = booth.event
    today = timezone.localdate()
    open_days = [day for day in event.day_list() if day <= today]
    can_enter = may_enter_sales(request.user, booth) and event.accepts_figures
    sales = selectors.booth_sales(booth)
    form = SaleForm(
        request.POST or None,
        days=open_days,
        initial={"day": (request.GET.get("day") or _default_day(event, sales).isoformat())},
    )
    if request.method == "POST":
        require_sales_entry(request.user, booth)
        if form.is_valid():
            day = datetime.date.fromisoformat(form.cleaned_data["day"])
            try:
                services.booth_sale_record(
                    actor=request.user,
                    event=event,
                    booth=booth,
                    day=day,
                    amount_vnd=form.cleaned_data["amount_vnd"],
                    note=form.cleaned_data["note"],
                )
            except (DomainError, ValidationError) as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    _("Đã lưu doanh thu ngày %(day)s: %(amount)s.")
                    % {"day": dmy(day), "amount": vnd(form.cleaned_data["amount_vnd"])},
                )
                return redirect("promotion:booth_sales", pk=booth.pk)
    rows = [(day, sales.get(day)) for day in event.day_list()]
    return render(
        request,
        "promotion/booth_sales.html",
        {
            "booth": booth,
            "event": event,
            "form": form,
            "rows": rows,
            "total": sum(sale.amount_vnd for sale in sales.values()),
            "can_enter": can_enter and bool(open_days),
            "not_started": can_enter and not open_days,
            "can_organise": may_organise(request.user, event),
        },
    )


@permission(policy.is_producer)
def my_booths(request):
    booths = list(selectors.producer_booths(user=request.user))
    return render(request, "promotion/my_booths.html", {"booths": booths, "today": timezone.localdate()})


@permission(LOGGED_IN)
def visits_entry(request, pk: int):
    event = get_event_or_404(request.user, Event.objects.select_related("province"), pk=pk)
    require_organiser(request.user, event)
    current = selectors.event_visits(event)
    form = VisitsForm(request.POST or None, event=event, current=current)
    if request.method == "POST" and form.is_valid():
        changed = 0
        try:
            for name in form.changed_data:
                value = form.cleaned_data[name]
                if value is None:
                    continue
                services.visits_record(
                    actor=request.user, event=event, day=datetime.date.fromisoformat(name[4:]), visits=value
                )
                changed += 1
        except DomainError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu lượt khách của %(count)s ngày.") % {"count": changed})
            return redirect("promotion:event_detail", pk=event.pk)
    return render(request, "promotion/visits_form.html", {"form": form, "event": event, "current": current})


@permission(LOGGED_IN)
def agreement_create(request, pk: int):
    event = get_event_or_404(request.user, Event.objects.select_related("province"), pk=pk)
    require_organiser(request.user, event)
    form = EventAgreementForm(request.POST or None, initial={"signed_on": event.first_day})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_create(actor=request.user, event=event, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã ghi hợp đồng, biên bản ghi nhớ."))
            return redirect("promotion:event_detail", pk=event.pk)
    return render(request, "promotion/agreement_form.html", {"form": form, "event": event})


# --- import ---------------------------------------------------------------------------------------


@permission(LOGGED_IN)
def import_upload(request, pk: int):
    event = get_event_or_404(request.user, Event.objects.select_related("province"), pk=pk)
    require_organiser(request.user, event)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = importing.figure_import_create(
                actor=request.user, event=event, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        except DomainError as error:
            form_errors_from(form, error)
        else:
            return redirect("promotion:import_preview", pk=job.pk)
    return render(request, "promotion/import_upload.html", {"form": form, "event": event})


@permission(LOGGED_IN)
@require_GET
def import_template(request, pk: int):
    event = get_event_or_404(request.user, Event.objects.all(), pk=pk)
    require_organiser(request.user, event)
    kind = request.GET.get("kind", "sales")
    if kind not in importing.COLUMNS:
        raise Http404
    response = HttpResponse(importing.template_workbook(event, kind), content_type=importing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}-su-kien-{event.pk}.xlsx"'
    return response


def _import_progress(job: FigureImport) -> Progress:
    return rows_progress(
        job,
        url=reverse("promotion:import_progress", args=[job.pk]),
        page_url=reverse("promotion:import_preview", args=[job.pk]),
    )


@permission(LOGGED_IN)
def import_preview(request, pk: int):
    """The file's page: progress while the worker checks or writes, then the preview; POST confirms."""
    job = get_object_or_404(FigureImport.objects.select_related("event", "created_by"), pk=pk)
    require_organiser(request.user, job.event)
    if request.method == "POST":
        try:
            importing.figure_import_confirm(actor=request.user, job=job)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã xác nhận. Hệ thống đang ghi số liệu."))
            return redirect("promotion:import_preview", pk=job.pk)
    context = {"job": job, "event": job.event, "progress": _import_progress(job)}
    return render(request, "promotion/import_preview.html", context)


@permission(LOGGED_IN)
@require_GET
def import_progress(request, pk: int):
    job = get_object_or_404(FigureImport.objects.select_related("event"), pk=pk)
    require_organiser(request.user, job.event)
    return progress_partial(request, _import_progress(job))


# --- reports --------------------------------------------------------------------------------------


def _event_charts(report) -> dict:
    figures = report.figures
    labels = [row.day.strftime("%d/%m") for row in figures.day_rows]
    visits_chart = charts.bar_chart(
        chart_id="chart-visits",
        title=_("Lượt khách theo ngày"),
        description=_("Lượt khách từng ngày của %(name)s; tổng %(total)s lượt trong %(days)s ngày.")
        % {"name": localized(report.event), "total": number(figures.visits), "days": figures.days},
        labels=labels,
        series=[charts.Series(_("Lượt khách"), [row.visits or 0 for row in figures.day_rows], charts.PALETTE["teal"])],
        value_text=number,
    )
    revenue_chart = charts.bar_chart(
        chart_id="chart-revenue",
        title=_("Doanh thu theo ngày"),
        description=_(
            "Doanh thu từng ngày, chia gian hàng trong tỉnh và ngoài tỉnh; tổng %(total)s, trong tỉnh %(inside)s."
        )
        % {"total": vnd(figures.revenue), "inside": vnd(figures.in_province_revenue)},
        labels=labels,
        series=[
            charts.Series(
                _("Trong tỉnh"), [row.in_province_revenue for row in figures.day_rows], charts.PALETTE["red"]
            ),
            charts.Series(
                _("Ngoài tỉnh"), [row.out_province_revenue for row in figures.day_rows], charts.PALETTE["gold"]
            ),
            charts.Series(_("Chưa rõ tỉnh"), [row.unknown_revenue for row in figures.day_rows], charts.PALETTE["grey"]),
        ]
        if figures.unknown_revenue
        else [
            charts.Series(
                _("Trong tỉnh"), [row.in_province_revenue for row in figures.day_rows], charts.PALETTE["red"]
            ),
            charts.Series(
                _("Ngoài tỉnh"), [row.out_province_revenue for row in figures.day_rows], charts.PALETTE["gold"]
            ),
        ],
        value_text=vnd,
    )
    return {"visits_chart": visits_chart, "revenue_chart": revenue_chart}


def _report_for(request, pk: int):
    return report_for(request.user, pk)


@permission(LOGGED_IN)
def event_report_view(request, pk: int):
    report = _report_for(request, pk)
    return render(
        request,
        "promotion/event_report.html",
        {"report": report, "event": report.event, "figures": report.figures, **_event_charts(report)},
    )


def _report_job(request, pk: int, kind: str, label: str):
    """The report's file is built by a job (promotion.jobs): the figures are checked now (403/404 as the page)."""
    report = _report_for(request, pk)
    return job_start(request, kind=kind, params={"event": pk}, title=f"{report.event.name} – {label}")


@permission(LOGGED_IN)
def event_report_xlsx(request, pk: int):
    return _report_job(request, pk, "promotion.event_report_xlsx", _("Tải Excel"))


@permission(LOGGED_IN)
def event_report_pdf(request, pk: int):
    return _report_job(request, pk, "promotion.event_report_pdf", _("Tải PDF"))


@permission(LOGGED_IN)
def series_report_view(request, pk: int):
    if not is_officer(request.user):
        raise PermissionDenied
    series = get_object_or_404(EventSeries.objects.select_related("province"), pk=pk)
    rows = [row for row in series_report(series) if may_see_figures(request.user, row.figures.event)]
    if not rows:
        raise Http404
    labels = [row.figures.event.edition_roman or str(row.figures.event.first_day.year) for row in rows]
    context = {
        "series": series,
        "rows": rows,
        "visits_chart": charts.bar_chart(
            chart_id="chart-series-visits",
            title=_("Lượt khách bình quân mỗi ngày, theo lần tổ chức"),
            description=_("Mỗi cột: tổng lượt khách của lần tổ chức chia cho số ngày của lần đó."),
            labels=labels,
            series=[
                charts.Series(_("Lượt khách/ngày"), [r.figures.visits_per_day for r in rows], charts.PALETTE["teal"])
            ],
            value_text=number,
        ),
        "revenue_chart": charts.bar_chart(
            chart_id="chart-series-revenue",
            title=_("Doanh thu bình quân mỗi ngày, theo lần tổ chức"),
            description=_("Mỗi cột: tổng doanh thu các gian hàng của lần tổ chức chia cho số ngày của lần đó."),
            labels=labels,
            series=[
                charts.Series(
                    _("Trong tỉnh"), [r.figures.in_province_revenue_per_day for r in rows], charts.PALETTE["red"]
                ),
                charts.Series(
                    _("Ngoài tỉnh, chưa rõ"),
                    [r.figures.revenue_per_day - r.figures.in_province_revenue_per_day for r in rows],
                    charts.PALETTE["gold"],
                ),
            ],
            value_text=vnd,
        ),
    }
    return render(request, "promotion/series_report.html", context)


@permission(LOGGED_IN)
def year_report_view(request, year: int):
    if not is_officer(request.user):
        raise PermissionDenied
    events = list(
        selectors.event_list(user=request.user, year=year).exclude(
            status__in=[EventStatus.CANCELLED, EventStatus.DRAFT]
        )
    )
    rows = year_report(events)
    chart = charts.horizontal_bar_chart(
        chart_id="chart-year-types",
        title=_("Số sự kiện theo loại, năm %(year)s") % {"year": year},
        description=_("Số sự kiện đã tổ chức (không tính sự kiện huỷ, chưa công bố) theo loại; tổng %(total)s.")
        % {"total": len(events)},
        labels=[row.label for row in rows],
        values=[row.events for row in rows],
        value_text=number,
    )
    return render(
        request,
        "promotion/year_report.html",
        {
            "year": year,
            "rows": rows,
            "events": events,
            "chart": chart,
            "years": selectors.event_years(request.user),
            "total_events": len(events),
        },
    )
