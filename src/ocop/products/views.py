from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts.policy import LOGGED_IN, get_visible_or_404, may_change, may_see_imports, permission, require_change
from ocop.core.confirm import confirmation_page, confirmed
from ocop.core.forms import form_errors_from
from ocop.core.listing import by_label, listing
from ocop.producers.models import Producer
from ocop.products import confirmations
from ocop.products.forms import DocumentForm, PhotoForm, ProductForm
from ocop.products.models import CertificationDocument, ProductPhoto, ProductStatus
from ocop.products.selectors import product_detail_queryset, product_list
from ocop.products.services import (
    document_create,
    document_update,
    product_archive,
    product_create,
    product_photo_add,
    product_photo_remove,
    product_update,
)


def _product_sorts() -> dict:
    return {
        "name": ("name_folded",),
        "producer": ("producer__name_folded", "name_folded"),
        "product_set": ("product_set__number", "name_folded"),
        "status": (by_label("status", ProductStatus.choices), "name_folded"),
        "updated": ("updated_at",),
    }


@permission(LOGGED_IN)
def product_list_view(request):
    query = request.GET.get("q", "")
    status = request.GET.get("status", "")
    archived = request.GET.get("archived") == "1"
    products = product_list(user=request.user, query=query, status=status, include_archived=archived)
    rows = listing(request, products, sorts=_product_sorts(), default="name", per_page=25)
    template = "products/_rows.html" if request.htmx else "products/list.html"
    return render(
        request,
        template,
        {
            "listing": rows,
            "query": query,
            "status": status,
            "archived": archived,
            "statuses": ProductStatus.choices,
            "can_export": may_see_imports(request.user),
        },
    )


@permission(LOGGED_IN)
def product_detail(request, pk: int):
    product = get_visible_or_404(request.user, product_detail_queryset(), pk=pk)
    return render(
        request,
        "products/detail.html",
        {"product": product, "can_change": may_change(request.user, product), "photo_form": PhotoForm()},
    )


@permission(LOGGED_IN)
def product_create_view(request, producer_id: int):
    producer = get_visible_or_404(request.user, Producer.objects.all(), pk=producer_id)
    require_change(request.user, producer)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = product_create(actor=request.user, producer=producer, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm sản phẩm."))
            return redirect("products:detail", pk=product.pk)
    return render(request, "products/edit.html", {"form": form, "producer": producer, "product": None})


@permission(LOGGED_IN)
def product_edit(request, pk: int):
    product = get_visible_or_404(request.user, product_detail_queryset(), pk=pk)
    require_change(request.user, product)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            product_update(actor=request.user, product=product, changes=changes)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu sản phẩm."))
            return redirect("products:detail", pk=product.pk)
    return render(request, "products/edit.html", {"form": form, "producer": product.producer, "product": product})


@permission(LOGGED_IN)
@require_http_methods(["GET", "POST"])
def product_archive_view(request, pk: int):
    """Archiving shows what it does first (GET, or a POST without the confirm field); restoring acts at once."""
    product = get_visible_or_404(request.user, product_detail_queryset(), pk=pk)
    archive = request.POST.get("archive", "1") == "1"
    if archive and not confirmed(request):
        require_change(request.user, product)
        return confirmation_page(request, confirmations.archive(product))
    product_archive(actor=request.user, product=product, archived=archive)
    messages.success(request, _("Đã lưu trữ sản phẩm.") if archive else _("Đã khôi phục sản phẩm."))
    return redirect("products:detail", pk=product.pk)


@permission(LOGGED_IN)
@require_POST
def photo_add(request, pk: int):
    product = get_visible_or_404(request.user, product_detail_queryset(), pk=pk)
    require_change(request.user, product)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            product_photo_add(
                actor=request.user,
                product=product,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            for problems in error.message_dict.values():
                for problem in problems:
                    messages.error(request, problem)
        else:
            messages.success(request, _("Đã thêm ảnh."))
    else:
        messages.error(request, _("Hãy chọn một tệp ảnh."))
    return redirect("products:detail", pk=product.pk)


@permission(LOGGED_IN)
@require_POST
def photo_remove(request, photo_id: int):
    photo = get_visible_or_404(request.user, ProductPhoto.objects.select_related("product"), pk=photo_id)
    product_id = photo.product_id
    product_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect("products:detail", pk=product_id)


@permission(LOGGED_IN)
def document_create_view(request, producer_id: int):
    producer = get_visible_or_404(request.user, Producer.objects.all(), pk=producer_id)
    require_change(request.user, producer)
    form = DocumentForm(request.POST or None, request.FILES or None, producer=producer)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            document_create(actor=request.user, producer=producer, upload=form.cleaned_data.get("upload"), **fields)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm giấy chứng nhận."))
            return redirect("producers:detail", pk=producer.pk)
    return render(request, "products/document_edit.html", {"form": form, "producer": producer, "document": None})


@permission(LOGGED_IN)
def document_edit(request, pk: int):
    document = get_visible_or_404(request.user, CertificationDocument.objects.select_related("producer"), pk=pk)
    require_change(request.user, document)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, producer=document.producer)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "upload"}
        try:
            document_update(
                actor=request.user, document=document, changes=changes, upload=form.cleaned_data.get("upload")
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu giấy chứng nhận."))
            return redirect("producers:detail", pk=document.producer_id)
    return render(
        request, "products/document_edit.html", {"form": form, "producer": document.producer, "document": document}
    )
