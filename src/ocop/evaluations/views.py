"""Pages of the evaluation workflow: thin views around selectors and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts.models import Role, User
from ocop.accounts.policy import (
    LOGGED_IN,
    get_visible_or_404,
    is_central_officer,
    is_commune_officer,
    is_council_member,
    is_producer,
    may_check_dossier,
    may_open_round,
    may_prepare_dossier,
    may_run_historical_import,
    may_see_rounds,
    permission,
)
from ocop.core.confirm import confirmation_page, confirmed, editing
from ocop.core.errors import DomainError
from ocop.core.forms import form_error_text, form_errors_from
from ocop.core.listing import by_label, listing
from ocop.criteria import engine
from ocop.criteria.advisor import advice_messages
from ocop.criteria.assessment import NONE_VALUE, answers_from_form, assess
from ocop.criteria.selectors import sheet_layout, version_current
from ocop.evaluations import confirmations, forms, historical, policy, scoring, selectors, services
from ocop.evaluations.models import (
    Council,
    CouncilMember,
    Dossier,
    DossierKind,
    DossierStatus,
    EvaluationRound,
    EvidenceFile,
    EvidenceKind,
    HistoricalImport,
    ScoreSheet,
    SheetKind,
)
from ocop.evaluations.notifications import notification_mark_read
from ocop.evaluations.paper_views import dossier_paper_links, round_paper_links
from ocop.evaluations.services.common import require_status
from ocop.evaluations.uploads import EVIDENCE_MAX_BYTES
from ocop.products.models import Product

S = DossierStatus


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return getattr(error, "message", str(error))


def _attempt(request, action, success: str) -> bool:
    """Run a service call; show its refusal as a message. True when it succeeded."""
    try:
        action()
    except (DomainError, ValidationError) as error:
        messages.error(request, _error_text(error))
        return False
    messages.success(request, success)
    return True


# ---------------------------------------------------------------- lists


def _dossier_sorts() -> dict:
    return {
        "product": ("product__name_folded",),
        "producer": ("producer__name_folded", "product__name_folded"),
        "status": (by_label("status", DossierStatus.choices), "-updated_at"),
        "total": ("total", "self_total"),
        "updated": ("updated_at",),
    }


def _round_sorts() -> dict:
    return {
        "name": ("year", "number"),
        "opens": ("opens_on",),
        "closes": ("closes_on",),
        "status": (by_label("status", EvaluationRound.Status.choices), "-year", "-number"),
        "dossiers": ("dossier_count", "-year", "-number"),
    }


@permission(LOGGED_IN)
def index(request):
    user = request.user
    query, status = request.GET.get("q", ""), request.GET.get("status", "")
    round_id = int(request.GET["round"]) if request.GET.get("round", "").isdigit() else None
    dossiers = selectors.dossier_list(user=user, status=status, round_id=round_id, query=query)
    context = {
        "listing": listing(request, dossiers, sorts=_dossier_sorts(), default="-updated", per_page=25),
        "query": query,
        "status": status,
        "round_id": round_id,
        "statuses": DossierStatus.choices,
        "counts": selectors.status_counts(user=user),
        "is_producer": is_producer(user),
        "may_open_round": may_open_round(user),
    }
    if is_producer(user):
        context["products"] = Product.objects.filter(
            producer_id=request.user.producer_id, archived_at__isnull=True
        ).select_related("product_set")
        context["kinds"] = DossierKind.choices
    elif is_commune_officer(user):
        context["queue"] = selectors.commune_queue(user=request.user)
    elif is_council_member(user):
        return redirect("evaluations:assignments")
    else:
        context["rounds"] = selectors.rounds_visible(request.user)
    return render(request, "evaluations/index.html", context)


@permission(LOGGED_IN)
@require_POST
def dossier_create(request):
    form = forms.DossierCreateForm(request.POST)
    if not form.is_valid():
        if "product" in form.errors:
            raise Http404  # no product, or not a number: none that this user may see
        messages.error(request, form_error_text(form))
        return redirect("evaluations:index")
    product = get_visible_or_404(
        request.user, Product.objects.select_related("producer", "product_set"), pk=form.cleaned_data["product"]
    )
    try:
        dossier = services.dossier_create(actor=request.user, product=product, kind=form.cleaned_data["kind"])
    except (DomainError, ValidationError) as error:
        messages.error(request, _error_text(error))
        return redirect("evaluations:index")
    messages.success(request, _("Đã lập hồ sơ. Hãy tự đánh giá theo phiếu chấm và tải minh chứng lên."))
    return redirect("evaluations:dossier", pk=dossier.pk)


# ---------------------------------------------------------------- one dossier


def _explanation_summary(result, lines: list[str]) -> str:
    """The one line that says the star and why (the conclusion of the explanation), for the decision card."""
    if not lines:
        return ""
    return lines[-1] if result.explanation.disqualified else lines[-2]


def _dossier_context(detail: selectors.DossierDetail) -> dict:
    """The page's template names for the selector's DossierDetail, plus the lines it words in the active language."""
    result = detail.result
    explanation_lines = result.explanation_lines() if result else []
    return {
        "dossier": detail.dossier,
        "self_sheet": detail.self_sheet,
        "commune_sheet": detail.commune_sheet,
        "commune_answers": detail.commune.answers if detail.commune else {},
        "local_criteria": detail.local_criteria,
        "requirements": detail.requirements,
        "missing": detail.missing,
        "evidence": detail.evidence,
        "evidence_kinds": EvidenceKind.choices,
        "evidence_limit": EVIDENCE_MAX_BYTES,
        "versions": detail.versions,
        "timeline": detail.timeline,
        "can_edit": detail.can_edit,
        "can_check": detail.can_check,
        "is_scorer": detail.is_scorer,
        "is_chair": detail.is_chair,
        "may_decide": detail.may_decide,
        "recorders": detail.recorders,
        "result": result,
        "advice_lines": advice_messages(result.advice) if result and result.advice else [],
        "explanation_lines": explanation_lines,
        "explanation_summary": _explanation_summary(result, explanation_lines),
        "applicability_lines": result.applicability_lines() if result else [],
        "decision": detail.decision_shown,
        "none_value": NONE_VALUE,
        "registration_rows": detail.registration_rows,
    }


@permission(LOGGED_IN)
def dossier_detail(request, pk: int):
    detail = selectors.dossier_detail(user=request.user, pk=pk)
    context = _dossier_context(detail)
    context["papers"] = dossier_paper_links(request.user, detail.dossier)
    return render(request, "evaluations/dossier.html", context)


CONFIRMED_ACTIONS = ("submit", "return", "forward")  # consequential: a confirmation step first (core.confirm)


def _dossier_confirmation(request, pk: int, action: str):
    """The confirmation of a dossier action: 403 to a role that may not take it; a dossier whose status does not
    allow it goes back to its page saying so (as the service would); else the step."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    may, allowed, label = {
        "submit": (may_prepare_dossier, (S.DRAFT, S.RETURNED), _("nộp hồ sơ")),
        "return": (may_check_dossier, (S.SUBMITTED, S.ACCEPTED), _("trả lại hồ sơ")),
        "forward": (may_check_dossier, (S.ACCEPTED,), _("chuyển hồ sơ lên tỉnh")),
    }[action]
    if not may(request.user):
        raise PermissionDenied
    try:
        require_status(dossier, allowed, label)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("evaluations:dossier", pk=dossier.pk)
    detail = selectors.dossier_detail(user=request.user, pk=pk)
    if action == "submit":
        return confirmation_page(request, confirmations.submit(detail))
    if action == "return":
        return confirmation_page(request, confirmations.return_(detail, forms.ReturnForm(request.POST or None)))
    return confirmation_page(request, confirmations.forward(detail))


@permission(LOGGED_IN)
@require_http_methods(["GET", "POST"])
def dossier_action(request, pk: int, action: str):
    """Submit, accept, return, forward. Submit, return and forward show what will happen first (GET, or a
    POST without the confirm field) and act only on the confirmed POST; accept acts at once."""
    if action not in ("submit", "accept", "return", "forward"):
        raise Http404
    if action in CONFIRMED_ACTIONS and not confirmed(request):
        return _dossier_confirmation(request, pk, action)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    user = request.user
    actions = {
        "submit": (lambda: services.dossier_submit(actor=user, dossier=dossier), _("Đã nộp hồ sơ.")),
        "accept": (lambda: services.dossier_accept(actor=user, dossier=dossier), _("Đã tiếp nhận hồ sơ.")),
        "return": (
            lambda: services.dossier_return(
                actor=user, dossier=dossier, reason=forms.ReturnForm(request.POST).cleaned_reason()
            ),
            _("Đã trả lại hồ sơ cho chủ thể."),
        ),
        "forward": (lambda: services.dossier_forward(actor=user, dossier=dossier), _("Đã chuyển hồ sơ lên tỉnh.")),
    }
    if action not in actions:
        raise Http404
    call, success = actions[action]
    _attempt(request, call, success)
    return redirect("evaluations:dossier", pk=dossier.pk)


@permission(LOGGED_IN)
@require_POST
def evidence_upload(request, pk: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    form = forms.EvidenceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
    else:
        uploads = form.cleaned_data["file"]
        _attempt(
            request,
            lambda: services.evidence_add_many(
                actor=request.user, dossier=dossier, uploads=uploads, kind=form.cleaned_data["kind"]
            ),
            _("Đã tải lên %(names)s.") % {"names": ", ".join(f"“{upload.name}”" for upload in uploads)},
        )
    return redirect(f"{dossier_url(dossier)}#evidence")


@permission(LOGGED_IN)
def registration_edit(request, pk: int):
    """The producer edits the registration form (Mẫu 01) of a draft or returned dossier."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    if not is_producer(request.user) or dossier.status not in (S.DRAFT, S.RETURNED):
        raise PermissionDenied
    form = forms.RegistrationForm(request.POST if request.method == "POST" else None, registration=dossier.registration)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            return redirect(dossier_url(dossier))
        try:
            services.dossier_registration_update(actor=request.user, dossier=dossier, changes=changes)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu phiếu đăng ký."))
            return redirect(dossier_url(dossier))
    return render(request, "evaluations/registration_edit.html", {"dossier": dossier, "form": form})


def dossier_url(dossier: Dossier) -> str:
    return reverse("evaluations:dossier", args=[dossier.pk])


@permission(LOGGED_IN)
@require_POST
def evidence_delete(request, pk: int, evidence_id: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    item = get_object_or_404(EvidenceFile, pk=evidence_id, dossier=dossier)
    _attempt(request, lambda: services.evidence_remove(actor=request.user, item=item), _("Đã xoá tệp minh chứng."))
    return redirect(f"{dossier_url(dossier)}#evidence")


@permission(LOGGED_IN)
def evidence_download(request, pk: int, evidence_id: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    item = get_object_or_404(EvidenceFile, pk=evidence_id, dossier=dossier)
    from django.http import FileResponse

    return FileResponse(
        item.file.open("rb"), as_attachment=False, filename=item.original_name, content_type=item.content_type
    )


# ---------------------------------------------------------------- sheets (self-assessment and member scoring)


def _sheet_context(request, dossier: Dossier, stored: ScoreSheet | None, *, posted: bool) -> dict:
    sheet = scoring.sheet_of(dossier)
    if posted:
        answers, _cases = answers_from_form(sheet=sheet, data=request.POST)
        knockouts = request.POST.getlist("knockout")
        comment = request.POST.get("comment", "")
        comments = {code: request.POST.get(f"note-{code}", "").strip() for code in sheet.leaf_codes}
        comments = {k: v for k, v in comments.items() if v}
    else:
        answers = scoring.answers_of(stored)
        knockouts = list(stored.knockouts) if stored else []
        comment = stored.comment if stored else ""
        comments = scoring.comments_of(stored)
    assessment = assess(sheet=sheet, answers=answers, knockouts=knockouts)
    return {
        "dossier": dossier,
        "product_set": dossier.product_set,
        "sheet": sheet,
        "assessment": assessment,
        "answers": answers,
        "knockout_codes": knockouts,
        "comment": comment,
        "comments": comments,
        "advice_lines": advice_messages(assessment.advice),
        "missing_rows": [
            (stars, [sheet.criterion_name(gap.criterion_code) for gap in gaps])
            for stars, gaps in assessment.classification.missing.items()
        ],
        "none_value": NONE_VALUE,
        "layout": sheet_layout(sheet, assessment),
        "knockouts_applied": set(assessment.result.knockouts),
    }


@permission(LOGGED_IN)
def self_assessment(request, pk: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    stored = dossier.sheets.filter(kind=SheetKind.SELF).first()
    if request.method == "POST":
        context = _sheet_context(request, dossier, stored, posted=True)
        if _attempt(
            request,
            lambda: services.self_assessment_save(
                actor=request.user, dossier=dossier, answers=context["answers"], knockouts=context["knockout_codes"]
            ),
            _("Đã lưu phiếu tự đánh giá."),
        ):
            return redirect("evaluations:dossier", pk=dossier.pk)
    else:
        context = _sheet_context(request, dossier, stored, posted=False)
    context.update(
        mode="self",
        editable=is_producer(request.user) and dossier.status in (S.DRAFT, S.RETURNED),
        result_url=reverse("evaluations:sheet_result", args=[dossier.pk]),
    )
    return render(request, "evaluations/sheet.html", context)


@permission(LOGGED_IN)
@require_POST
def sheet_result(request, pk: int):
    """The running total while a sheet is filled in (htmx)."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    return render(request, "criteria/_result.html", _sheet_context(request, dossier, None, posted=True))


@permission(LOGGED_IN)
def score_sheet(request, pk: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    stored = selectors.member_sheet(dossier=dossier, user=request.user)
    if request.method == "POST":
        context = _sheet_context(request, dossier, stored, posted=True)
        submit = "submit" in request.POST
        if _attempt(
            request,
            lambda: services.score_save(
                actor=request.user,
                dossier=dossier,
                answers=context["answers"],
                knockouts=context["knockout_codes"],
                comment=context["comment"],
                criterion_comments=context["comments"],
                submit=submit,
            ),
            _("Đã nộp phiếu chấm.") if submit else _("Đã lưu phiếu chấm."),
        ):
            return redirect("evaluations:score", pk=dossier.pk)
    else:
        context = _sheet_context(request, dossier, stored, posted=False)
    others = []
    if policy.may_see_scores(request.user, dossier):
        others = [s for s in selectors.member_sheets(dossier) if s.member.user_id != request.user.pk]
    context.update(
        mode="member",
        stored=stored,
        editable=dossier.status == S.ASSIGNED,
        others=others,
        result_url=reverse("evaluations:sheet_result", args=[dossier.pk]),
    )
    return render(request, "evaluations/sheet.html", context)


@permission(LOGGED_IN)
def commune_assessment(request, pk: int):
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    if request.method == "POST":
        local = scoring.local_criteria(scoring.sheet_of(dossier))
        form = forms.CommuneAssessmentForm(request.POST, local_codes=local.values(), none_value=NONE_VALUE)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
        else:
            _attempt(
                request,
                lambda: services.commune_assessment_save(
                    actor=request.user, dossier=dossier, answers=form.answers(), comment=form.cleaned_data["comment"]
                ),
                _("Đã ghi kết quả đánh giá sơ bộ."),
            )
    return redirect(f"{dossier_url(dossier)}#commune")


# ---------------------------------------------------------------- chair and secretary


@permission(LOGGED_IN)
def close_page(request, pk: int):
    """The chair's closing page. Its POST shows what closing does (the mean to be fixed, who has not submitted)
    and closes only when confirmed; "change" comes back here with the reason typed."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    form = forms.CloseForm(request.POST if request.method == "POST" else None)
    sheets = selectors.member_sheets(dossier) if dossier.round_id else []
    visible = policy.may_see_scores(request.user, dossier)
    totals = [s.total for s in sheets if s.status == ScoreSheet.Status.SUBMITTED]
    median = scoring.median_total(totals) if totals and visible else None
    preview_total = engine.council_total(totals) if totals and visible else None
    progress = None
    if dossier.round_id:
        progress = next(
            (r for r in selectors.round_progress(dossier.round).dossiers if r.dossier.pk == dossier.pk), None
        )
    if request.method == "POST" and form.is_valid() and not editing(request):
        if not confirmed(request):
            if not policy.may_close(request.user, dossier):
                raise PermissionDenied
            return confirmation_page(
                request,
                confirmations.close(
                    dossier,
                    outlier_reason=form.cleaned_data["outlier_reason"],
                    preview_total=preview_total,
                    pending=[member.user.display_name for member in progress.pending] if progress else [],
                ),
            )
        if _attempt(
            request,
            lambda: services.dossier_close(
                actor=request.user, dossier=dossier, outlier_reason=form.cleaned_data["outlier_reason"]
            ),
            _("Đã chốt điểm."),
        ):
            return redirect("evaluations:dossier", pk=dossier.pk)
    return render(
        request,
        "evaluations/close.html",
        {
            "dossier": dossier,
            "sheets": sheets if visible else [],
            "visible": visible,
            "median": median,
            "outlier_points": services.OUTLIER_POINTS,
            "progress": progress,
            "preview_total": preview_total,
            "outlier_reason": form["outlier_reason"].value() or "",
        },
    )


@permission(LOGGED_IN)
def decision_page(request, pk: int):
    """The council's result with why its star is what it is; the form only for who may record the decision."""
    dossier = selectors.dossier_get(user=request.user, pk=pk)
    may_decide = policy.may_record_decision(request.user, dossier)
    if request.method == "POST" and not may_decide:
        raise PermissionDenied  # no form was shown: only a forged request gets here
    form = forms.DecisionForm(request.POST if request.method == "POST" else None)
    found = selectors.dossier_result(dossier) if policy.may_see_result(request.user, dossier) else None
    if request.method == "POST" and form.is_valid() and not editing(request):
        if not confirmed(request):
            return confirmation_page(
                request,
                confirmations.decision(
                    dossier,
                    cleaned=form.cleaned_data,
                    carried={name: request.POST.get(name, "") for name in form.fields},
                    stars=found.result.stars if found else None,
                    total=found.result.total if found else None,
                ),
            )
        try:
            services.decision_record(actor=request.user, dossier=dossier, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định."))
            return redirect("evaluations:dossier", pk=dossier.pk)
    return render(
        request,
        "evaluations/decision.html",
        {
            "dossier": dossier,
            "form": form,
            "result": found.result if found else None,
            "explanation_lines": found.explanation_lines() if found else [],
            "applicability_lines": found.applicability_lines() if found else [],
            "advice_lines": advice_messages(found.advice) if found and found.advice else [],
            "may_decide": may_decide,
            "can_record": may_decide and dossier.status == S.CLOSED,
            "recorders": policy.decision_recorders(dossier),
            "decision": getattr(dossier, "decision", None) if dossier.status == S.DECIDED else None,
        },
    )


# ---------------------------------------------------------------- rounds


@permission(may_see_rounds)
def round_list(request):
    can_open = may_open_round(request.user)
    form = forms.RoundOpenForm(request.POST if request.method == "POST" and can_open else None)
    if form.is_bound and form.is_valid():
        version = version_current()
        try:
            if version is None:
                raise DomainError(
                    _("Không có phiên bản bộ tiêu chí có phiếu chấm đang có hiệu lực; không thể mở đợt đánh giá."),
                    field="criteria_version",
                )
            round_ = services.round_open(
                actor=request.user,
                criteria_version=version,
                level="central" if is_central_officer(request.user) else "province",
                **form.cleaned_data,
            )
        except (DomainError, ValidationError) as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã mở đợt đánh giá."))
            return redirect("evaluations:round", pk=round_.pk)
    return render(
        request,
        "evaluations/rounds.html",
        {
            "listing": listing(
                request,
                selectors.rounds_visible(request.user).annotate(
                    dossier_count=Count("dossiers", filter=Q(dossiers__is_historical=False))
                ),
                sorts=_round_sorts(),
                default="-name",
                per_page=25,
            ),
            "can_open": can_open,
            "form": form,
        },
    )


def _eligible_people(round_):
    if round_.level == "central":
        return User.objects.filter(role=Role.CENTRAL_OFFICER, is_active=True).order_by("full_name", "username")
    return User.objects.filter(
        role__in=[Role.COUNCIL_MEMBER, Role.PROVINCIAL_OFFICER], province_id=round_.province_id, is_active=True
    ).order_by("full_name", "username")


@permission(LOGGED_IN)
def round_detail(request, pk: int):
    round_ = selectors.round_get(user=request.user, pk=pk)
    organiser = may_open_round(request.user)
    council = Council.objects.filter(round=round_).first()
    members = selectors.council_members(round_)
    return render(
        request,
        "evaluations/round.html",
        {
            "round": round_,
            "organiser": organiser,
            "council": council,
            "members": members,
            "scoring_members": [member for member in members if member.scores],  # a secretary declares no conflict
            "progress": selectors.round_progress(round_) if organiser else None,
            "waiting": selectors.forwarded_waiting(user=request.user, round_=round_) if organiser else [],
            "people": _eligible_people(round_) if organiser else [],
            "products": Product.objects.filter(dossiers__round=round_).distinct().order_by("name_vi"),
            "papers": round_paper_links(request.user, round_),
        },
    )


@permission(LOGGED_IN)
@require_POST
def round_action(request, pk: int, action: str):
    round_ = selectors.round_get(user=request.user, pk=pk)
    user = request.user
    if action == "council":
        form = forms.CouncilForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
        else:
            _attempt(
                request,
                lambda: services.council_form(
                    actor=user,
                    round_=round_,
                    name=form.cleaned_data["name"],
                    chair=form.cleaned_data["chair"],
                    members=form.scoring_members(),
                    secretary=form.cleaned_data["secretary"],
                ),
                _("Đã thành lập hội đồng."),
            )
    elif action == "assign":
        form = forms.AssignForm(request.POST)
        if not form.is_valid():
            raise Http404  # no dossier named: none to assign
        dossier = get_visible_or_404(user, selectors.dossier_queryset(), pk=form.cleaned_data["dossier"])
        _attempt(
            request,
            lambda: services.dossier_assign(actor=user, round_=round_, dossier=dossier),
            _("Đã phân công chấm hồ sơ “%s”.") % dossier.product.name_vi,
        )
    elif action == "conflict":
        form = forms.ConflictForm(request.POST)
        if not form.is_valid():
            raise Http404  # no member or product named: none to declare a conflict for
        member = get_object_or_404(CouncilMember, pk=form.cleaned_data["member"], council__round=round_)
        product = get_object_or_404(Product, pk=form.cleaned_data["product"])
        _attempt(
            request,
            lambda: services.conflict_declare(
                actor=user, member=member, product=product, reason=form.cleaned_data["reason"]
            ),
            _("Đã ghi nhận xung đột lợi ích."),
        )
    else:
        raise Http404
    return redirect("evaluations:round", pk=round_.pk)


# ---------------------------------------------------------------- council member and notifications


@permission(LOGGED_IN)
def assignments(request):
    return render(request, "evaluations/assignments.html", {"rows": selectors.my_assignments(user=request.user)})


@permission(LOGGED_IN)
def notifications(request):
    if request.method == "POST":
        notification_mark_read(user=request.user)
        return redirect("evaluations:notifications")
    return render(
        request,
        "evaluations/notifications.html",
        {"notifications": selectors.notifications_for(user=request.user)[:100]},
    )


@permission(LOGGED_IN)
def unread_badge(request):
    count = selectors.unread_count(user=request.user)
    return HttpResponse(str(count) if count else "")


# ---------------------------------------------------------------- historical results


@permission(may_run_historical_import)
def historical_index(request):
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Hãy chọn một tệp."))
        else:
            job = historical.historical_import_create(actor=request.user, upload=upload)
            return redirect("evaluations:historical_job", pk=job.pk)
    jobs = get_visible_jobs(request.user)
    return render(request, "evaluations/historical.html", {"jobs": jobs[:20], "columns": historical.COLUMNS})


def get_visible_jobs(user):
    from ocop.accounts.policy import visible

    return visible(user, HistoricalImport.objects.all()).order_by("-created_at")


@permission(LOGGED_IN)
def historical_job(request, pk: int):
    job = get_visible_or_404(request.user, HistoricalImport.objects.all(), pk=pk)
    if request.method == "POST":
        if _attempt(
            request,
            lambda: historical.historical_import_confirm(actor=request.user, job=job),
            _("Đã ghi các kết quả lịch sử."),
        ):
            return redirect("evaluations:historical_job", pk=job.pk)
        job.refresh_from_db()
    return render(request, "evaluations/historical_job.html", {"job": job})
