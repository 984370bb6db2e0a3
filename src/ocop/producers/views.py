from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, may_change, permission, require_change
from ocop.core.confirm import confirmation_page, confirmed
from ocop.core.forms import form_errors_from
from ocop.core.listing import by_label, listing
from ocop.geo.models import Commune
from ocop.geo.services import AddressError
from ocop.producers import confirmations
from ocop.producers.forms import ProducerForm
from ocop.producers.models import Producer, ProducerType
from ocop.producers.selectors import producer_list
from ocop.producers.services import producer_archive, producer_create, producer_update
from ocop.products.selectors import producer_documents


def _producer_sorts() -> dict:
    return {
        "name": ("name_folded",),
        "type": (by_label("producer_type", ProducerType.choices), "name_folded"),
        "commune": ("commune__bare_name_folded", "name_folded"),
        "district": ("historical_district__bare_name_folded", "name_folded"),
        "products": ("product_count", "name_folded"),
    }


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@permission(LOGGED_IN)
def producer_list_view(request):
    query = request.GET.get("q", "")
    commune_id = _int_or_none(request.GET.get("commune"))
    producer_type = request.GET.get("type", "")
    archived = request.GET.get("archived") == "1"
    producers = producer_list(
        user=request.user, query=query, commune_id=commune_id, producer_type=producer_type, include_archived=archived
    )
    rows = listing(request, producers, sorts=_producer_sorts(), default="name", per_page=25)
    template = "producers/_rows.html" if request.htmx else "producers/list.html"
    communes = Commune.objects.filter(province_id=request.user.province_id).order_by("bare_name_folded")
    return render(
        request,
        template,
        {
            "listing": rows,
            "query": query,
            "commune_id": commune_id,
            "producer_type": producer_type,
            "archived": archived,
            "communes": communes if request.user.province_id else [],
            "types": ProducerType.choices,
            "can_create": policy.may_register_producer(request.user),
            "can_export": policy.may_see_imports(request.user),
        },
    )


@permission(LOGGED_IN)
def producer_mine(request):
    if not request.user.producer_id:
        raise Http404
    return redirect("producers:detail", pk=request.user.producer_id)


@permission(LOGGED_IN)
def producer_detail(request, pk: int):
    producer = get_visible_or_404(
        request.user,
        Producer.objects.select_related("commune__province", "historical_district", "historical_commune"),
        pk=pk,
    )
    return render(
        request,
        "producers/detail.html",
        {
            "producer": producer,
            "products": producer.products.select_related("product_set").order_by("archived_at", "name_vi"),
            "documents": producer_documents(producer),
            "can_change": may_change(request.user, producer),
            "can_archive": may_change(request.user, producer) and policy.may_register_producer(request.user),
        },
    )


@permission(policy.may_register_producer)
def producer_create_view(request):
    form = ProducerForm(request.POST or None, province=request.user.province)
    if request.method == "POST" and form.is_valid():
        try:
            producer = producer_create(actor=request.user, **form.cleaned_data)
        except AddressError as error:
            form.add_address_error(error)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã đăng ký chủ thể."))
            return redirect("producers:detail", pk=producer.pk)
    return render(request, "producers/edit.html", {"producer": None, "form": form})


@permission(LOGGED_IN)
def producer_edit(request, pk: int):
    producer = get_visible_or_404(request.user, Producer.objects.select_related("commune__province"), pk=pk)
    require_change(request.user, producer)
    form = ProducerForm(request.POST or None, instance=producer, province=producer.commune.province)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            producer_update(actor=request.user, producer=producer, changes=changes)
        except AddressError as error:
            form.add_address_error(error)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin chủ thể."))
            return redirect("producers:detail", pk=producer.pk)
    return render(request, "producers/edit.html", {"producer": producer, "form": form})


@permission(LOGGED_IN)
@require_http_methods(["GET", "POST"])
def producer_archive_view(request, pk: int):
    """Archiving shows what it does first (GET, or a POST without the confirm field); restoring acts at once."""
    producer = get_visible_or_404(request.user, Producer.objects.select_related("commune__province"), pk=pk)
    archive = request.POST.get("archive", "1") == "1"
    if archive and not confirmed(request):
        if not (may_change(request.user, producer) and policy.may_register_producer(request.user)):
            raise PermissionDenied
        page = confirmations.archive(producer, products=producer.products.filter(archived_at__isnull=True).count())
        return confirmation_page(request, page)
    producer_archive(actor=request.user, producer=producer, archived=archive)
    messages.success(request, _("Đã lưu trữ chủ thể.") if archive else _("Đã khôi phục chủ thể."))
    return redirect("producers:detail", pk=producer.pk)
