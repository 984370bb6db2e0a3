from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, permission
from ocop.core.errors import DomainError
from ocop.core.formatting import is_english
from ocop.core.forms import form_errors_from
from ocop.core.listing import by_label, listing
from ocop.core.progress import Progress, progress_partial, rows_progress
from ocop.geo.models import Province
from ocop.jobs.views import job_start
from ocop.programme import charts
from ocop.programme import formatting as fmt
from ocop.programme.dashboard import overview_build
from ocop.programme.dimensions import DIMENSIONS, parse_key, url_key
from ocop.programme.forms import SalesImportForm, SalesLineForm
from ocop.programme.jobs import dashboard_params
from ocop.programme.models import Indicator, Phase, SalesImport, SalesLine
from ocop.programme.registry import Query, computation
from ocop.programme.sales_import import sales_import_confirm, sales_import_create, template_workbook
from ocop.programme.selectors import (
    dashboard_scope,
    dimension_label,
    indicator_available,
    indicator_breakdown,
    indicator_query,
    indicator_url,
    may_see_national,
    phase_by_code,
    place_urls,
    query_for,
    sales_lines_for,
)
from ocop.programme.services import booth_sales_reconcile_all, sales_line_delete, sales_line_save


def _code(request, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


def _scope_and_phase(request):
    scope = dashboard_scope(
        request.user, province_code=_code(request, "province"), commune_code=_code(request, "commune")
    )
    phase = phase_by_code(request.GET.get("phase"))
    return scope, phase


@permission(LOGGED_IN)
def overview(request):
    scope, phase = _scope_and_phase(request)
    today = timezone.localdate()
    dashboard = overview_build(phase=phase, scope=scope, today=today)
    for row in dashboard.targets:
        row.bar = charts.progress_bar(row.progress, row.elapsed, row.status)
        row.href = indicator_url(row.target.indicator.code, phase=phase, scope=scope)
        row.target_text = fmt.value_text(row.target.value, row.target.indicator.unit)
        row.actual_text = fmt.value_text(row.actual, row.target.indicator.unit)
        row.progress_text = fmt.percent(row.progress, 1) if row.progress is not None else "—"
    for row in dashboard.reported:
        unit = row.statistic.indicator.unit
        row.value_text = fmt.value_text(row.statistic.value, unit)
        row.computed_text = fmt.value_text(row.computed, unit)
    national = may_see_national(request.user)
    provinces = Province.objects.order_by("name") if national else []
    communes = (
        scope.province.communes.order_by("name")
        if scope.province and not policy.is_commune_officer(request.user)
        else []
    )
    query_string = request.GET.urlencode()
    return render(
        request,
        "programme/overview.html",
        {
            "d": dashboard,
            "phases": Phase.objects.all(),
            "provinces": provinces,
            "communes": communes,
            "national": national,
            "query_string": query_string,
            "can_refresh": policy.may_refresh_programme(request.user),
        },
    )


def _filters(request, indicator: Indicator) -> dict:
    filters = {}
    for dimension in indicator.breakdowns or []:
        raw = request.GET.get(dimension)
        if raw is None or raw == "" or dimension in ("province", "commune"):
            continue
        try:
            filters[dimension] = parse_key(dimension, raw)
        except ValueError:
            raise Http404 from None
    return filters


@permission(LOGGED_IN)
def indicator_detail(request, code: str):
    indicator = get_object_or_404(Indicator, code=code, active=True)
    scope = dashboard_scope(
        request.user, province_code=_code(request, "province"), commune_code=_code(request, "commune")
    )
    today = timezone.localdate()
    phase = None
    if request.GET.get("phase"):
        phase = phase_by_code(request.GET.get("phase"))
        query = query_for(phase=phase, scope=scope, today=today)
    else:
        year = _code(request, "year") or today.year
        query = query_for(scope=scope, today=today, years=(year, year))
    as_of = request.GET.get("as_of", "")
    if as_of:
        import datetime

        try:
            query = Query(**{**query.__dict__, "today": min(datetime.date.fromisoformat(as_of), today)})
        except ValueError:
            raise Http404 from None
    filters = _filters(request, indicator)
    query = query.narrowed(**filters) if filters else query
    comp = computation(indicator.computation)
    available = comp is not None and indicator_available(indicator)
    by = request.GET.get("by", "")
    if by not in (indicator.breakdowns or []):
        by = (indicator.breakdowns or [""])[0]
    total = comp.total(indicator_query(indicator, query)) if available else None
    breakdown = []
    if available and by:
        rows = indicator_breakdown(indicator, query, by)
        places = {}
        if by in ("province", "commune"):
            keys = [key for key, _label, _value in rows]
            places = place_urls(code, phase=phase, scope=scope, place=by, keys=keys, **filters)
        for key, label, value in rows:
            params = {**filters, by: key}
            href = places[key] if places else indicator_url(code, phase=phase, scope=scope, **params)
            if not phase and "year" not in params:
                href += f"&year={query.first_year}"
            breakdown.append(
                {
                    "key": url_key(key),
                    "label": label,
                    "value": value,
                    "text": fmt.value_text(value, indicator.unit),
                    "href": href,
                }
            )
    sections = []
    if available:
        for index, section in enumerate(comp.records(indicator_query(indicator, query))):
            page = Paginator(section.queryset, 50).get_page(request.GET.get(f"page{index}"))
            rows = []
            for obj in page:
                cells = []
                for column in section.columns:
                    value = column.value(obj)
                    if column.kind == "vnd":
                        text = fmt.vnd(value)
                    elif column.kind == "int":
                        text = fmt.number(value)
                    elif column.kind == "date":
                        text = fmt.dmy(value)
                    else:
                        text = value if value not in (None, "") else "—"
                    cells.append(
                        {
                            "text": text,
                            "href": column.link(obj) if column.link else "",
                            "numeric": column.kind in ("vnd", "int"),
                        }
                    )
                rows.append(cells)
            sections.append(
                {
                    "title": section.title,
                    "headers": [{"label": c.label, "numeric": c.kind in ("vnd", "int")} for c in section.columns],
                    "rows": rows,
                    "page": page,
                    "param": f"page{index}",
                    "total": fmt.value_text(section.total, indicator.unit) if section.total is not None else "",
                }
            )
    english = is_english()
    filter_labels = []
    for dimension, key in filters.items():
        from ocop.programme.dimensions import labels

        filter_labels.append((dimension_label(dimension), labels(dimension, [key])[key]))
    return render(
        request,
        "programme/indicator.html",
        {
            "indicator": indicator,
            "name": indicator.name_en if english else indicator.name_vi,
            "description": indicator.description_en if english else indicator.description_vi,
            "scope": scope,
            "phase": phase,
            "query": query,
            "available": available,
            "total_text": fmt.value_text(total, indicator.unit),
            "by": by,
            "by_label": dimension_label(by) if by else "",
            "dimensions": [(d, str(DIMENSIONS.get(d, d))) for d in indicator.breakdowns or []],
            "breakdown": breakdown,
            "sections": sections,
            "filter_labels": filter_labels,
            "base_query": request.GET.copy(),
            "overview_url": _overview_url(phase, scope),
        },
    )


def _overview_url(phase, scope) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    params = scope.params()
    if phase:
        params["phase"] = phase.code
    return reverse("programme:overview") + ("?" + urlencode(params) if params else "")


def _export_job(request, kind: str):
    """The dashboard's file is built by a job: check the scope now (403/404 as the page), then the job page."""
    _scope, phase = _scope_and_phase(request)
    params = dashboard_params(
        province_code=_code(request, "province"), commune_code=_code(request, "commune"), phase=phase.code
    )
    title = _("Tải Excel") if kind.endswith("xlsx") else _("Tải PDF")
    return job_start(request, kind=kind, params=params, title=f"{_('Tổng quan chương trình OCOP')} – {title}")


@permission(LOGGED_IN)
def export_xlsx(request):
    return _export_job(request, "programme.dashboard_xlsx")


@permission(LOGGED_IN)
def export_pdf(request):
    return _export_job(request, "programme.dashboard_pdf")


@permission(LOGGED_IN)
@require_POST
def refresh(request):
    """Bring booth sales recorded at events into the sales figures (the reconciliation job, run now)."""
    if not policy.may_refresh_programme(request.user):
        raise PermissionDenied
    count = booth_sales_reconcile_all()
    messages.success(request, _("Đã đối chiếu doanh thu gian hàng của %(count)s chủ thể-quý.") % {"count": count})
    return redirect(request.POST.get("next") or "programme:overview")


# --- Sales ---------------------------------------------------------------------------------------


def _sales_sorts() -> dict:
    channel, origin = (SalesLine._meta.get_field(name).choices for name in ("channel", "origin"))
    return {
        "product": ("product__name_folded", "-year", "-quarter", "-period"),
        "producer": ("producer__name_folded", "product__name_folded"),
        "period": ("year", "quarter", "period", "-product__name_folded"),
        "channel": (by_label("channel", channel), "-year", "-quarter", "-period"),
        "amount": ("amount_vnd",),
        "origin": (by_label("origin", origin), "-year", "-quarter", "-period"),
    }


@permission(policy.may_see_sales)
def sales(request):
    can_enter = policy.may_enter_sales(request.user)
    form = SalesLineForm(request.POST or None, user=request.user) if can_enter else None
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                sales_line_save(actor=request.user, **data)
            except DomainError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Đã ghi doanh số."))
                return redirect("programme:sales")
    year = _code(request, "year")
    lines = listing(
        request, sales_lines_for(request.user, year=year), sorts=_sales_sorts(), default="-period", per_page=50
    )
    for line in lines:
        line.amount_text = fmt.vnd(line.amount_vnd)
    return render(
        request,
        "programme/sales.html",
        {"form": form, "listing": lines, "year": year, "can_enter": can_enter},
    )


@permission(LOGGED_IN)
@require_POST
def sales_delete(request, pk: int):
    line = get_visible_or_404(request.user, SalesLine.objects.all(), pk=pk)
    sales_line_delete(actor=request.user, line=line)
    messages.success(request, _("Đã xoá dòng doanh số."))
    return redirect("programme:sales")


@permission(policy.may_enter_sales)
def sales_template(request):
    response = HttpResponse(
        template_workbook(request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-doanh-so-ocop.xlsx"'
    return response


@permission(policy.may_enter_sales)
def sales_import(request):
    form = SalesImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = sales_import_create(user=request.user, upload=form.cleaned_data["file"])
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("programme:sales_import_preview", pk=record.pk)
    return render(request, "programme/sales_import.html", {"form": form})


def _sales_import_progress(record: SalesImport) -> Progress:
    return rows_progress(
        record,
        url=reverse("programme:sales_import_progress", args=[record.pk]),
        page_url=reverse("programme:sales_import_preview", args=[record.pk]),
    )


@permission(LOGGED_IN)
def sales_import_preview(request, pk: int):
    """The file's page: progress while the worker checks or writes, then the preview; POST confirms."""
    record = get_object_or_404(SalesImport, pk=pk, created_by=request.user)
    if request.method == "POST":
        try:
            sales_import_confirm(user=request.user, record=record)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã xác nhận. Hệ thống đang ghi doanh số."))
            return redirect("programme:sales_import_preview", pk=record.pk)
    english = is_english()
    for row in record.rows:
        row["amount_text"] = fmt.vnd(row["amount_vnd"])
    context = {"record": record, "english": english, "progress": _sales_import_progress(record)}
    return render(request, "programme/sales_import_preview.html", context)


@permission(LOGGED_IN)
@require_GET
def sales_import_progress(request, pk: int):
    record = get_object_or_404(SalesImport, pk=pk, created_by=request.user)
    return progress_partial(request, _sales_import_progress(record))
