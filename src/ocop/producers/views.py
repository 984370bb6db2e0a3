from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ocop.accounts.policy import get_visible_or_404, may_change, require_change
from ocop.producers.forms import ProducerForm
from ocop.producers.models import Producer
from ocop.producers.selectors import producer_list
from ocop.producers.services import producer_update


@login_required
def producer_list_view(request):
    query = request.GET.get("q", "")
    page = Paginator(producer_list(user=request.user, query=query), 25).get_page(request.GET.get("page"))
    template = "producers/_rows.html" if request.htmx else "producers/list.html"
    return render(request, template, {"page": page, "query": query})


@login_required
def producer_mine(request):
    if not request.user.producer_id:
        raise Http404
    return redirect("producers:detail", pk=request.user.producer_id)


@login_required
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
            "products": producer.products.order_by("name_vi"),
            "can_change": may_change(request.user, producer),
        },
    )


@login_required
def producer_edit(request, pk: int):
    producer = get_visible_or_404(request.user, Producer.objects.select_related("commune__province"), pk=pk)
    require_change(request.user, producer)
    form = ProducerForm(request.POST or None, instance=producer, province=producer.commune.province)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        producer_update(actor=request.user, producer=producer, changes=changes)
        messages.success(request, _("Đã lưu thông tin chủ thể."))
        return redirect("producers:detail", pk=producer.pk)
    return render(request, "producers/edit.html", {"producer": producer, "form": form})
