"""Pages of distribution and export. Thin: check the policy, call a selector or service, render."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop.accounts import policy
from ocop.accounts.policy import LOGGED_IN, PUBLIC, get_visible_or_404, may_change, permission, require_change
from ocop.core.errors import DomainError
from ocop.core.formatting import is_english
from ocop.core.forms import form_errors_from
from ocop.core.listing import by_label, listing
from ocop.geo.installation import home_province
from ocop.geo.models import Commune, Province
from ocop.producers.models import Producer
from ocop.products.models import Product
from ocop.products.selectors import public_products
from ocop.trade import selectors, services, throttle
from ocop.trade.forms import (
    CredentialForm,
    DistributionAgreementForm,
    ExportProfileForm,
    InquiryForm,
    ListingForm,
    PartnerForm,
    ReplyForm,
    SalesPointForm,
)
from ocop.trade.models import (
    DistributionAgreement,
    DistributionAgreementKind,
    DistributionAgreementStatus,
    ExportCredential,
    ExportProfile,
    InquiryStatus,
    Listing,
    ListingStatus,
    Market,
    MessageSide,
    SalesPoint,
)
from ocop.trade.readiness import export_ready_q, product_readiness, readiness_matrix


def _working_province(request) -> Province | None:
    """The province whose communes, producers and products a new record may name: the user's own; for
    a user of no province (the central office, an administrator) the one `?province=<code>` names,
    else the installation's home province; None on a central installation until one is chosen."""
    if getattr(request.user, "province_id", None):
        return request.user.province
    code = request.GET.get("province", "")
    if code.isdigit():
        return get_object_or_404(Province, code=int(code))
    return home_province()


def _choose_province(request, title: str):
    provinces = Province.objects.order_by("bare_name_folded")
    return render(request, "trade/choose_province.html", {"provinces": provinces, "title": title})


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


# --- Hub ----------------------------------------------------------------------------------------


@permission(policy.may_see_trade)
def index(request):
    coverage = selectors.listing_coverage(user=request.user)
    context = {
        "coverage": coverage,
        "inquiries_new": selectors.inquiry_list(user=request.user, status=InquiryStatus.NEW).count(),
        "agreements_active": selectors.agreement_list(
            user=request.user, status=DistributionAgreementStatus.ACTIVE
        ).count(),
        "sales_points": selectors.sales_point_list(user=request.user).count(),
        "is_office": policy.may_see_trade_office(request.user),
    }
    return render(request, "trade/index.html", context)


# --- Readiness -----------------------------------------------------------------------------------


def _readiness_sorts() -> dict:
    # In English the products show their English name (the selector's `display_name`): sort on what is read.
    product = ("display_name",) if is_english() else ("name_folded",)
    return {
        "product": (*product, "producer__name_folded"),
    }


@permission(policy.may_see_readiness)
def readiness_view(request):
    """Products × markets for the office (a producer sees its own products, a buyer the public certified
    ones), filterable."""
    day = _day(request.GET.get("day"))
    query = request.GET.get("q", "")
    certified_only = request.GET.get("certified") == "1"
    market_code = request.GET.get("market", "")
    ready_only = request.GET.get("ready") == "1"
    commune_id = int(request.GET["commune"]) if request.GET.get("commune", "").isdigit() else None
    markets = list(Market.objects.filter(active=True).order_by("position", "code"))
    chosen = next((market for market in markets if market.code == market_code), None)
    products = selectors.readiness_products(
        user=request.user, query=query, commune_id=commune_id, certified_only=certified_only, day=day
    ).select_related("producer")
    if chosen and ready_only:
        products = products.filter(export_ready_q(chosen, day))
    rows = listing(request, products, sorts=_readiness_sorts(), default="product", per_page=50)
    shown = [chosen] if chosen else markets
    matrix = readiness_matrix(list(rows), shown, day)
    ready_counts = [(market, products.filter(export_ready_q(market, day)).count()) for market in shown]
    province = getattr(request.user, "province", None)
    communes = Commune.objects.filter(province=province).order_by("name") if province else Commune.objects.none()
    context = {
        "matrix": matrix,
        "listing": rows,
        "markets": markets,
        "shown": shown,
        "chosen": chosen,
        "ready_counts": ready_counts,
        "day": day,
        "is_today": day == timezone.localdate(),
        "query": query,
        "certified_only": certified_only,
        "ready_only": ready_only,
        "communes": communes,
        "commune_id": commune_id,
        # A buyer opens the public product page (readiness per market, no files); the others the export file.
        "opens_export_file": policy.may_see_trade(request.user),
    }
    return render(request, "trade/readiness.html", context)


@permission(LOGGED_IN)
def product_export(request, product_id: int):
    """One product's export file: readiness per market with what is missing, offer terms, credentials."""
    product = get_visible_or_404(
        request.user, Product.objects.select_related("producer__commune__province", "product_set__group"), pk=product_id
    )
    day = _day(request.GET.get("day"))
    profile = ExportProfile.objects.filter(product=product).first()
    context = {
        "product": product,
        "readiness": product_readiness(product, day=day),
        "day": day,
        "is_today": day == timezone.localdate(),
        "profile": profile,
        "credentials": selectors.credential_list(user=request.user, product_id=product.pk).filter(
            producer=product.producer
        ),
        "listings": Listing.objects.filter(product=product).select_related("platform"),
        "sales_points": selectors.product_sales_points(product),
        "can_change": may_change(request.user, product),
    }
    return render(request, "trade/product_export.html", context)


@permission(LOGGED_IN)
def profile_edit(request, product_id: int):
    product = get_visible_or_404(request.user, Product.objects.select_related("producer"), pk=product_id)
    require_change(request.user, product)
    instance = ExportProfile.objects.filter(product=product).first() or ExportProfile(product=product)
    form = ExportProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.export_profile_save(actor=request.user, product=product, changes=changes)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin chào hàng xuất khẩu."))
            return redirect("trade:product_export", product_id=product.pk)
    return render(request, "trade/profile_edit.html", {"form": form, "product": product})


@permission(LOGGED_IN)
def credential_create_view(request, producer_id: int):
    producer = get_visible_or_404(request.user, Producer.objects.all(), pk=producer_id)
    require_change(request.user, producer)
    initial = {"product": request.GET.get("product")} if request.GET.get("product") else None
    form = CredentialForm(request.POST or None, request.FILES or None, producer=producer, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            credential = services.credential_create(
                actor=request.user, producer=producer, upload=form.cleaned_data.get("upload"), **fields
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm giấy tờ xuất khẩu."))
            if credential.product_id:
                return redirect("trade:product_export", product_id=credential.product_id)
            return redirect("producers:detail", pk=producer.pk)
    return render(request, "trade/credential_edit.html", {"form": form, "producer": producer, "credential": None})


@permission(LOGGED_IN)
def credential_edit(request, pk: int):
    credential = get_visible_or_404(request.user, ExportCredential.objects.select_related("producer"), pk=pk)
    require_change(request.user, credential)
    form = CredentialForm(
        request.POST or None, request.FILES or None, instance=credential, producer=credential.producer
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "upload"}
        try:
            services.credential_update(
                actor=request.user, credential=credential, changes=changes, upload=form.cleaned_data.get("upload")
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu giấy tờ xuất khẩu."))
            return redirect("producers:detail", pk=credential.producer_id)
    return render(
        request, "trade/credential_edit.html", {"form": form, "producer": credential.producer, "credential": credential}
    )


# --- Listings ------------------------------------------------------------------------------------


def _listing_sorts() -> dict:
    return {
        "product": ("product__name_folded", "platform__position"),
        "platform": ("platform__position", "product__name_folded"),
        "since": ("listed_since", "product__name_folded"),
        "status": (by_label("status", ListingStatus.choices), "product__name_folded"),
    }


@permission(policy.may_see_trade)
def listings_view(request):
    platform_id = int(request.GET["platform"]) if request.GET.get("platform", "").isdigit() else None
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")
    listings = selectors.listing_list(user=request.user, platform_id=platform_id, status=status, query=query)
    context = {
        "coverage": selectors.listing_coverage(user=request.user),
        "listing": listing(request, listings, sorts=_listing_sorts(), default="product", per_page=50),
        "platforms": selectors.platforms_active(),
        "platform_id": platform_id,
        "status": status,
        "statuses": ListingStatus.choices,
        "query": query,
    }
    return render(request, "trade/listings.html", context)


def _listing_form_done(request, form, listing_or_none, product):
    platform = form.cleaned_data["platform"]
    _errors, warnings = services.listing_url_problems(platform, form.cleaned_data["url"])
    for warning in warnings:
        messages.warning(request, warning)
    messages.success(request, _("Đã lưu gian hàng."))
    return redirect("trade:product_export", product_id=product.pk)


@permission(LOGGED_IN)
def listing_create_view(request, product_id: int):
    product = get_visible_or_404(request.user, Product.objects.select_related("producer"), pk=product_id)
    require_change(request.user, product)
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return _listing_form_done(request, form, listing, product)
    return render(request, "trade/listing_edit.html", {"form": form, "product": product, "listing": None})


@permission(LOGGED_IN)
def listing_edit(request, pk: int):
    listing = get_visible_or_404(request.user, Listing.objects.select_related("product__producer", "platform"), pk=pk)
    require_change(request.user, listing)
    form = ListingForm(request.POST or None, instance=listing)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.listing_update(actor=request.user, listing=listing, changes=changes)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return _listing_form_done(request, form, listing, listing.product)
    return render(request, "trade/listing_edit.html", {"form": form, "product": listing.product, "listing": listing})


# --- Sales points -----------------------------------------------------------------------------------


@permission(PUBLIC)
def sales_points_view(request):
    """Public: every active OCOP shop and showroom."""
    query = request.GET.get("q", "")
    points = selectors.sales_point_list(user=request.user, query=query)
    context = {
        "points": points,
        "query": query,
        "can_create": policy.may_record_trade(request.user),
    }
    return render(request, "trade/sales_points.html", context)


@permission(PUBLIC)
def sales_point_detail(request, pk: int):
    point = get_object_or_404(selectors.sales_point_detail_queryset(), pk=pk)
    if not point.active and not may_change(request.user, point):
        raise PermissionDenied
    return render(
        request, "trade/sales_point_detail.html", {"point": point, "can_change": may_change(request.user, point)}
    )


@permission(policy.may_record_trade)
def sales_point_create_view(request):
    province = _working_province(request)
    if province is None:
        return _choose_province(request, _("Thêm điểm bán"))
    form = SalesPointForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "products"}
        try:
            point = services.sales_point_create(
                actor=request.user, products=list(form.cleaned_data["products"]), **fields
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm điểm bán."))
            return redirect("trade:sales_point_detail", pk=point.pk)
    return render(request, "trade/sales_point_edit.html", {"form": form, "point": None})


@permission(LOGGED_IN)
def sales_point_edit(request, pk: int):
    point = get_object_or_404(SalesPoint.objects.select_related("commune__province"), pk=pk)
    require_change(request.user, point)
    form = SalesPointForm(request.POST or None, instance=point, province=point.commune.province)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "products"}
        try:
            services.sales_point_update(
                actor=request.user, point=point, changes=changes, products=list(form.cleaned_data["products"])
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu điểm bán."))
            return redirect("trade:sales_point_detail", pk=point.pk)
    return render(request, "trade/sales_point_edit.html", {"form": form, "point": point})


# --- Agreements ---------------------------------------------------------------------------------------


def _agreement_sorts() -> dict:
    return {
        "title": ("title",),
        "partner": ("partner__name_folded", "-signed_on"),
        "signed": ("signed_on",),
        "ends": ("ends_on",),
        "products": ("product_count", "-signed_on"),
        "value": ("value_vnd",),
        "status": (by_label("status", DistributionAgreementStatus.choices), "-signed_on"),
    }


@permission(policy.may_see_trade)
def agreements_view(request):
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")
    agreements = selectors.agreement_list(user=request.user, kind=kind, status=status, query=query)
    context = {
        "listing": listing(request, agreements, sorts=_agreement_sorts(), default="-signed", per_page=30),
        "kinds": DistributionAgreementKind.choices,
        "statuses": DistributionAgreementStatus.choices,
        "kind": kind,
        "status": status,
        "query": query,
        "can_create": policy.may_record_trade(request.user),
    }
    return render(request, "trade/agreements.html", context)


@permission(LOGGED_IN)
def agreement_detail(request, pk: int):
    agreement = get_visible_or_404(request.user, selectors.agreement_detail_queryset(), pk=pk)
    return render(
        request,
        "trade/agreement_detail.html",
        {"agreement": agreement, "can_change": may_change(request.user, agreement)},
    )


@permission(policy.may_record_trade)
def agreement_create_view(request):
    province = _working_province(request)
    if province is None:
        return _choose_province(request, _("Thêm thoả thuận"))
    form = DistributionAgreementForm(request.POST or None, request.FILES or None, province=province)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "products"}
        try:
            agreement = services.agreement_create(
                actor=request.user,
                province=province,
                products=list(form.cleaned_data["products"]),
                upload=form.cleaned_data.get("upload"),
                **fields,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm thoả thuận."))
            return redirect("trade:agreement_detail", pk=agreement.pk)
    return render(request, "trade/agreement_edit.html", {"form": form, "agreement": None})


@permission(LOGGED_IN)
def agreement_edit(request, pk: int):
    agreement = get_visible_or_404(request.user, DistributionAgreement.objects.select_related("province"), pk=pk)
    require_change(request.user, agreement)
    form = DistributionAgreementForm(
        request.POST or None, request.FILES or None, instance=agreement, province=agreement.province
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name not in ("products", "upload")}
        try:
            services.agreement_update(
                actor=request.user,
                agreement=agreement,
                changes=changes,
                products=list(form.cleaned_data["products"]),
                upload=form.cleaned_data.get("upload"),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu thoả thuận."))
            return redirect("trade:agreement_detail", pk=agreement.pk)
    return render(request, "trade/agreement_edit.html", {"form": form, "agreement": agreement})


@permission(policy.may_record_trade)
def partner_create_view(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã thêm đối tác."))
            return redirect("trade:agreement_create")
    return render(request, "trade/partner_edit.html", {"form": form})


# --- Inquiries -----------------------------------------------------------------------------------------


@permission(PUBLIC)
def inquiry_new(request, product_id: int):
    """Public: a buyer asks a producer about a product. Logged-in buyers get their details pre-filled."""
    product = get_object_or_404(public_products().select_related("producer__commune__province"), pk=product_id)
    user = request.user
    initial = {}
    if policy.is_buyer(user):
        initial = {
            "company": user.organisation,
            "contact_name": user.display_name,
            "email": user.email,
            "phone": user.phone,
        }
    form = InquiryForm(request.POST or None, initial=initial)
    limited = False
    if request.method == "POST":
        if form.is_robot():
            return redirect("trade:inquiry_sent")  # a robot gets the same answer and nothing is saved
        if form.is_valid() and not throttle.hit("inquiry", throttle.client_address(request)):
            limited = True
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu. Hãy thử lại sau."))
        elif form.is_valid():
            data = {name: value for name, value in form.cleaned_data.items() if name != "website"}
            try:
                services.inquiry_submit(product=product, buyer=user, language=get_language() or "vi", **data)
            except ValidationError as error:
                form_errors_from(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("trade:inquiry_sent")
    return render(request, "trade/inquiry_new.html", {"form": form, "product": product}, status=429 if limited else 200)


@permission(PUBLIC)
def inquiry_sent(request):
    return render(request, "trade/inquiry_sent.html")


def _inquiry_sorts() -> dict:
    return {
        "sent": ("created_at",),
        "company": ("company", "-created_at"),
        "product": ("product__name_folded", "-created_at"),
        "market": ("target_market__position", "-created_at"),
        "status": (by_label("status", InquiryStatus.choices), "-created_at"),
    }


@permission(LOGGED_IN)
def inquiries_view(request):
    status = request.GET.get("status", "")
    inquiries = selectors.inquiry_list(user=request.user, status=status)
    context = {
        "listing": listing(request, inquiries, sorts=_inquiry_sorts(), default="-sent", per_page=30),
        "status": status,
        "statuses": InquiryStatus.choices,
    }
    return render(request, "trade/inquiries.html", context)


@permission(LOGGED_IN)
def inquiry_detail(request, pk: int):
    inquiry = selectors.inquiry_for(request.user, pk, detail=True)
    side = selectors.inquiry_side(request.user, inquiry)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if side is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.inquiry_reply(actor=request.user, inquiry=inquiry, body=form.cleaned_data["body"])
            except ValidationError as error:
                form_errors_from(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã gửi trả lời."))
                return redirect("trade:inquiry_detail", pk=inquiry.pk)
    context = {
        "inquiry": inquiry,
        "form": form,
        "side": side,
        "may_close": side in (MessageSide.PRODUCER, MessageSide.OFFICE),
        "sides": MessageSide,
    }
    return render(request, "trade/inquiry_detail.html", context)


@permission(LOGGED_IN)
@require_POST
def inquiry_status(request, pk: int):
    inquiry = selectors.inquiry_for(request.user, pk)
    status = request.POST.get("status", "")
    try:
        services.inquiry_set_status(actor=request.user, inquiry=inquiry, status=status)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đóng yêu cầu.") if status == InquiryStatus.CLOSED else _("Đã mở lại yêu cầu."))
    return redirect("trade:inquiry_detail", pk=inquiry.pk)
