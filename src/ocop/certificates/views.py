import re
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts.policy import LOGGED_IN, PUBLIC, get_visible_or_404, may_change, may_see_imports, permission
from ocop.certificates import confirmations
from ocop.certificates.cache import CACHE_SECONDS, verification_cache_key, verification_scope
from ocop.certificates.codes import display_code, make_code, parse_code
from ocop.certificates.forms import (
    DecisionDocumentForm,
    HistoricalForm,
    IssueForm,
    RegisterFilterForm,
    RevokeForm,
    StampsForm,
)
from ocop.certificates.models import Certificate, CertificateStatus
from ocop.certificates.pdf import certificate_pdf, stamps_pdf
from ocop.certificates.selectors import (
    certificate_detail_queryset,
    certificate_list,
    current_certificate,
    product_for_gtin,
    verification_queryset,
)
from ocop.certificates.services import (
    certificate_attach_decision_document,
    certificate_issue_for_number,
    certificate_record_historical,
    certificate_renewal_data,
    certificate_revoke,
    may_issue_any,
    may_revoke,
)
from ocop.core import page_store
from ocop.core.confirm import confirmation_page, confirmed
from ocop.core.errors import DomainError
from ocop.core.forms import form_errors_from
from ocop.core.listing import by_label, listing
from ocop.core.shared_pages import shared_page
from ocop.core.validators import validate_gtin
from ocop.jobs.views import job_start

# --- URLs people and QR codes use -----------------------------------------------------------------


def public_base_url(request=None) -> str:
    """https://host of the public site: OCOP_PUBLIC_BASE_URL, else the host of the request."""
    configured = settings.OCOP_PUBLIC_BASE_URL
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.OCOP_SITE_URL


def verify_url(certificate_id: int, request=None) -> str:
    return f"{public_base_url(request)}/v/{make_code(certificate_id)}"


def digital_link(gtin: str, request=None) -> str:
    """The GS1 Digital Link URI of a product: https://host/01/<GTIN-14>."""
    return f"{public_base_url(request)}/01/{gtin.zfill(14)}"


# --- public: verification and GS1 Digital Link --------------------------------------------------------


def _not_genuine(request, code: str, status: int = 404):
    response = render(request, "certificates/not_genuine.html", {"code": code[:80]}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _verification_context(certificate: Certificate, today) -> dict:
    effective = certificate.effective_status(today)
    photos = list(certificate.product.photos.all())
    successor = getattr(certificate, "superseded_by", None)
    return {
        "certificate": certificate,
        "product": certificate.product,
        "producer": certificate.producer,
        "photo": photos[0] if photos else None,
        "status": effective,
        "statuses": CertificateStatus,
        "star_range": range(certificate.stars),
        "expired_on": certificate.valid_until + timezone.timedelta(days=1),
        "days_left": (certificate.valid_until - today).days,
        "successor": successor,
        "successor_code": make_code(successor.pk) if successor else "",
        "display_code": display_code(make_code(certificate.pk)),
    }


@permission(PUBLIC)
@shared_page
def verify(request, code: str):
    """The public page a QR code opens: is this certificate genuine and in force today?"""
    certificate_id = parse_code(code)
    if certificate_id is None:
        return _not_genuine(request, code)
    today = timezone.localdate()
    scopes = [verification_scope(certificate_id)]
    built_on = page_store.versions(scopes)  # read before building: a revocation meanwhile makes it stale
    key = verification_cache_key(certificate_id, get_language(), today)
    cached = cache.get(key)
    if cached is None:
        certificate = verification_queryset().filter(pk=certificate_id).first()
        if certificate is None:
            return _not_genuine(request, code)
        context = _verification_context(certificate, today)
        cached = {
            "body": render_to_string("certificates/_verification.html", context),
            "title": certificate.product.name_vi,
            "status": context["status"],
            "number": certificate.number,
        }
        cache.set(key, cached, CACHE_SECONDS)
    response = render(request, "certificates/verify.html", cached)
    response["X-Robots-Tag"] = "noindex"
    if getattr(request, "shared_page", False):  # an anonymous GET: the page is everyone's
        page_store.mark(response, scopes, built_on)
    return response


@permission(PUBLIC)
def verify_form(request):
    """/v/?code=… : the human-readable code typed in by hand."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("certificates_public:verify", code=re.sub(r"\s+", "", code)[:80])
    return render(request, "certificates/verify_form.html")


@permission(PUBLIC)
@shared_page
def gs1_resolve(request, gtin: str, rest: str = ""):
    """GS1 Digital Link: /01/<gtin>[/further AIs…] → the product's certificate page."""
    try:
        validate_gtin(gtin)
    except ValidationError as error:
        return render(
            request, "certificates/gtin_unknown.html", {"gtin": gtin[:20], "problem": error.messages[0]}, status=400
        )
    product = product_for_gtin(gtin)
    if product is None:
        return render(request, "certificates/gtin_unknown.html", {"gtin": gtin, "problem": ""}, status=404)
    certificate = current_certificate(product)
    if certificate is not None:
        target = reverse("certificates_public:verify", kwargs={"code": make_code(certificate.pk)})
        if request.GET.get("lang") in {code for code, _name in settings.LANGUAGES}:
            target += "?" + urlencode({"lang": request.GET["lang"]})  # the language is in the address
        return redirect(target)
    return render(request, "certificates/product_landing.html", {"product": product, "gtin": gtin})


# --- back office ---------------------------------------------------------------------------------


def _register_sorts() -> dict:
    return {
        "number": ("number",),
        "product": ("product__name_folded",),
        "stars": ("stars", "-decision_date"),
        "decision": ("decision_date",),
        "valid_until": ("valid_until",),
        "status": (by_label("status", CertificateStatus.choices), "-decision_date"),
    }


def _register_filter(request):
    return RegisterFilterForm.for_user(request.user, request.GET)


@permission(LOGGED_IN)
def register(request):
    form = _register_filter(request)
    certificates = certificate_list(user=request.user, **form.filters())
    rows = listing(request, certificates, sorts=_register_sorts(), default="-decision", per_page=25)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certificates/register.html",
        {
            "form": form,
            "listing": rows,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_issue": may_issue_any(request.user),
        },
    )


@permission(LOGGED_IN)
def register_export(request):
    """The register as Excel, built by a job (certificates.jobs.register_xlsx_job) with the page's filters."""
    params = {key: value for key, value in request.GET.items() if key != "page"}
    return job_start(
        request, kind="certificates.register_xlsx", params=params, title=_("Sổ đăng ký giấy chứng nhận OCOP")
    )


@permission(LOGGED_IN)
def issue(request):
    """Issue a certificate from a decision recorded in the system (the rule: services.issue.decision_check)."""
    if not may_issue_any(request.user):
        raise PermissionDenied
    form = IssueForm(request.POST or None, user=request.user, initial={"product": request.GET.get("product")})
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_issue_for_number(actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã cấp giấy chứng nhận số %(number)s.") % {"number": certificate.number})
            return redirect("certificates:detail", pk=certificate.pk)
    return render(request, "certificates/issue.html", {"form": form})


@permission(LOGGED_IN)
def historical(request):
    """Record a paper certificate issued before the platform, with the scan of its decision."""
    if not may_issue_any(request.user):
        raise PermissionDenied
    form = HistoricalForm(
        request.POST or None, request.FILES or None, user=request.user, initial={"product": request.GET.get("product")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_record_historical(actor=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("Đã ghi nhận hồ sơ lịch sử: giấy chứng nhận số %(number)s.") % {"number": certificate.number}
            )
            return redirect("certificates:detail", pk=certificate.pk)
    return render(request, "certificates/historical.html", {"form": form, "can_import": may_see_imports(request.user)})


@permission(LOGGED_IN)
@require_POST
def attach_decision_document(request, pk: int):
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    form = DecisionDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect("certificates:detail", pk=certificate.pk)
    try:
        certificate_attach_decision_document(
            actor=request.user, certificate=certificate, upload=form.cleaned_data["decision_document"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đính kèm bản quét quyết định."))
    return redirect("certificates:detail", pk=certificate.pk)


@permission(LOGGED_IN)
def decision_document(request, pk: int):
    """The scanned decision of a historical record, to those who may see the certificate."""
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    if not certificate.decision_document:
        raise Http404
    handle = certificate.decision_document.open("rb")
    name = certificate.decision_document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=False, filename=name)


@permission(LOGGED_IN)
def detail(request, pk: int):
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    today = timezone.localdate()
    code = make_code(certificate.pk)
    status = certificate.effective_status(today)
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "status": status,
            "statuses": CertificateStatus,
            "code": code,
            "display_code": display_code(code),
            "verify_url": verify_url(certificate.pk, request),
            "digital_link": digital_link(certificate.product.gtin, request) if certificate.product.gtin else "",
            "can_revoke": status in (CertificateStatus.VALID, CertificateStatus.EXPIRED)
            and may_revoke(request.user, certificate),
            "revoke_form": RevokeForm(),
            "document_form": DecisionDocumentForm(),
            "can_attach": certificate.is_historical
            and not certificate.decision_document
            and may_change(request.user, certificate),
            "stamps_form": StampsForm(),
            "is_current": status == CertificateStatus.VALID and certificate.valid_from <= today,
            "can_issue": may_issue_any(request.user),
            "today": today,
        },
    )


@permission(LOGGED_IN)
def download_pdf(request, pk: int):
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    code = make_code(certificate.pk)
    content = certificate_pdf(certificate, verify_url=verify_url(certificate.pk, request), code=code)
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="giay-chung-nhan-ocop-{certificate.number}.pdf"'
    return response


@permission(LOGGED_IN)
def stamps(request, pk: int):
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    form = StampsForm(request.GET or {"count": 24})
    if certificate.effective_status(timezone.localdate()) != CertificateStatus.VALID:
        messages.error(request, _("Chỉ in tem cho giấy chứng nhận còn hiệu lực."))
        return redirect("certificates:detail", pk=certificate.pk)
    if not form.is_valid():
        messages.error(request, _("Số tem phải từ 1 đến 2400."))
        return redirect("certificates:detail", pk=certificate.pk)
    code = make_code(certificate.pk)
    product = certificate.product
    qr_data = digital_link(product.gtin, request) if product.gtin else verify_url(certificate.pk, request)
    content = stamps_pdf(
        product_name=product.name_vi,
        stars=certificate.stars,
        number=certificate.number,
        code=code,
        qr_data=qr_data,
        count=form.cleaned_data["count"],
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tem-ocop-{certificate.number}.pdf"'
    return response


@permission(LOGGED_IN)
@require_http_methods(["GET", "POST"])
def revoke(request, pk: int):
    """The revocation step: GET, or a POST without the confirm field, shows what revoking does with the ground
    and reason still editable; the confirmed POST revokes. A refusal keeps what was typed, beside its field."""
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    if not may_revoke(request.user, certificate):
        raise PermissionDenied
    form = RevokeForm(request.POST if request.method == "POST" else None)
    status = 200
    if confirmed(request):
        if form.is_valid():
            try:
                certificate_revoke(
                    actor=request.user,
                    certificate=certificate,
                    ground=form.cleaned_data["ground"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request, _("Đã thu hồi giấy chứng nhận số %(number)s.") % {"number": certificate.number}
                )
                return redirect("certificates:detail", pk=certificate.pk)
        status = 400
    elif form.is_bound and not form.is_valid():
        status = 400
    page = confirmations.revoke(certificate, form=form, verify_url=verify_url(certificate.pk, request))
    return confirmation_page(request, page, status=status)


@permission(LOGGED_IN)
def renewal(request, pk: int):
    certificate = get_visible_or_404(request.user, certificate_detail_queryset(), pk=pk)
    return render(
        request,
        "certificates/renewal.html",
        {
            "data": certificate_renewal_data(certificate),
            "certificate": certificate,
            "renew_url": reverse("evaluations:dossier_create") if apps.is_installed("ocop.evaluations") else "",
        },
    )
