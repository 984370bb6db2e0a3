from django.apps import apps
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, PUBLIC, get_visible_or_404, permission
from ocop.core.health import health_report
from ocop.core.listing import paged
from ocop.core.outbox import outbox_counts
from ocop.core.queues import producer_desk, queue_get, work_queue
from ocop.core.selectors import audit_history_entries
from ocop.producers.selectors import dashboard_figures


@permission(LOGGED_IN)
def dashboard(request):
    user = request.user
    context = {
        "queues": work_queue(user),
        "desk": producer_desk(user),
        "shows_producers": policy.may_see_producers(user),
        "shows_products": policy.may_see_products(user),
        "shows_readiness": policy.may_see_readiness(user),
        "figures": dashboard_figures(user),
    }
    return render(request, "core/dashboard.html", context)


QUEUE_PAGE = 50


@permission(LOGGED_IN)
def queue_list(request, queue: str):
    """Exactly the records a dashboard count stands for (the same selector), oldest waiting first."""
    found = queue_get(request.user, queue)
    records = paged(request, found.records(request.user), per_page=QUEUE_PAGE)
    rows = [found.row(record) for record in records]
    return render(request, "core/queue.html", {"queue": found, "listing": records, "rows": rows})


@never_cache
@permission(PUBLIC)
def healthz(request):
    """Liveness: the process answers. Nothing is checked and nothing is told."""
    return JsonResponse({"ok": True})


@never_cache
@permission(PUBLIC)
def readyz(request):
    """Readiness: the database, cache, broker and storage answer; 503 names the one that failed."""
    ok, report = health_report()
    failed = [name for name, item in report.items() if not item["ok"]]
    body = {"ok": ok, "failed": failed, "services": report}
    if report["database"]["ok"]:  # jobs waiting in the outbox, and failed ones an operator must look at
        body["outbox"] = outbox_counts()
    return JsonResponse(body, status=200 if ok else 503)


@permission(LOGGED_IN)
def history(request, model_label: str, pk: int):
    """The audit trail of any object the user may see."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if getattr(model, "scope_paths", None) is None:
        raise Http404
    obj = get_visible_or_404(request.user, model._default_manager.all(), pk=pk)
    return render(request, "core/history.html", {"object": obj, "entries": audit_history_entries(obj)})


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
