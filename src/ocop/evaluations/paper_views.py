"""The printed papers of the evaluation workflow (ocop.evaluations.papers): thin views that find the record
within the user's scope (404 outside it), ask the named check of ocop.evaluations.policy, and return the
PDF or the workbook; and the links the dossier and round pages show to who may print them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.accounts.policy import LOGGED_IN, may_open_round, permission
from ocop.core.text import fold_vietnamese
from ocop.evaluations import policy, selectors
from ocop.evaluations.models import Dossier, EvaluationRound
from ocop.evaluations.papers import content, documents, workbooks

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, *, content_type: str, name: str, subject: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if content_type == PDF else "attachment"
    slug = slugify(fold_vietnamese(subject))[:60] or "ocop"
    extension = "pdf" if content_type == PDF else "xlsx"
    response["Content-Disposition"] = f'{disposition}; filename="{name}-{slug}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _dossier(request, pk: int) -> Dossier:
    return selectors.dossier_get(user=request.user, pk=pk)


def _round(request, pk: int) -> EvaluationRound:
    round_ = selectors.round_get(user=request.user, pk=pk)
    if not policy.may_print_round_papers(request.user, round_.pk):
        raise PermissionDenied
    return round_


@permission(LOGGED_IN)
@require_GET
def sheet_pdf(request, pk: int):
    """A member's score sheet: `?member=<seat>` names one, `?blank=1` asks for the blank sheet."""
    dossier = _dossier(request, pk)
    paper = content.sheet_paper_for(
        user=request.user, dossier=dossier, member_id=request.GET.get("member"), blank=request.GET.get("blank") == "1"
    )
    name = "phieu-cham-trong" if paper.blank else "phieu-cham"
    return _file(documents.sheet_pdf(paper), content_type=PDF, name=name, subject=dossier.product.name_vi)


@permission(LOGGED_IN)
@require_GET
def minutes_pdf(request, pk: int):
    dossier = _dossier(request, pk)
    if not policy.may_print_minutes(request.user, dossier):
        raise PermissionDenied
    result = dossier.results.select_related("round__province", "round__criteria_version").order_by("-id").first()
    if result is None:
        raise Http404
    paper = content.minutes_paper(dossier=dossier, result=result)
    return _file(documents.minutes_pdf(paper), content_type=PDF, name="bien-ban", subject=dossier.product.name_vi)


@permission(LOGGED_IN)
@require_GET
def round_results_pdf(request, pk: int):
    round_ = _round(request, pk)
    paper = content.round_paper(round_)
    return _file(documents.results_pdf(paper), content_type=PDF, name="ket-qua", subject=round_.name)


@permission(LOGGED_IN)
@require_GET
def round_results_xlsx(request, pk: int):
    round_ = _round(request, pk)
    paper = content.round_paper(round_)
    return _file(workbooks.results_workbook(paper), content_type=XLSX, name="ket-qua", subject=round_.name)


@permission(LOGGED_IN)
@require_GET
def round_decision_pdf(request, pk: int):
    round_ = _round(request, pk)
    paper = content.round_paper(round_, decision=True)
    return _file(documents.decision_pdf(paper), content_type=PDF, name="du-thao-quyet-dinh", subject=round_.name)


@permission(LOGGED_IN)
@require_GET
def round_decision_xlsx(request, pk: int):
    round_ = _round(request, pk)
    paper = content.round_paper(round_, decision=True)
    return _file(workbooks.annex_workbook(paper), content_type=XLSX, name="phu-luc-quyet-dinh", subject=round_.name)


# ---------------------------------------------------------------- links on the pages


def dossier_paper_links(user, dossier: Dossier) -> list[tuple[str, str]]:
    """(label, url) of the papers `user` may print from a dossier's page."""
    links: list[tuple[str, str]] = []
    if dossier.round_id is None:
        return links
    sheet_url = reverse("evaluations:paper_sheet", args=[dossier.pk])
    seat = policy.council_seat(user, dossier.round_id)
    if seat is not None and seat.scores:
        links.append((_("Phiếu chấm của tôi (PDF)"), sheet_url))
    if policy.may_print_blank_sheet(user, dossier):
        links.append((_("Phiếu chấm trống (PDF)"), f"{sheet_url}?blank=1"))
    if policy.may_print_minutes(user, dossier):
        links.append((_("Biên bản họp hội đồng (PDF)"), reverse("evaluations:paper_minutes", args=[dossier.pk])))
        if may_open_round(user):
            links += [
                (
                    _("Phiếu chấm của %(name)s (PDF)") % {"name": sheet.member.user.display_name},
                    f"{sheet_url}?member={sheet.member_id}",
                )
                for sheet in selectors.member_sheets(dossier)
                if sheet.member is not None
            ]
    return links


def round_paper_links(user, round_: EvaluationRound) -> list[tuple[str, str]]:
    """(label, url) of the round's papers, for who may print them."""
    if not policy.may_print_round_papers(user, round_.pk):
        return []
    return [
        (_("Danh sách kết quả (PDF)"), reverse("evaluations:round_results_pdf", args=[round_.pk])),
        (_("Danh sách kết quả (Excel)"), reverse("evaluations:round_results_xlsx", args=[round_.pk])),
        (_("Dự thảo quyết định công nhận (PDF)"), reverse("evaluations:round_decision_pdf", args=[round_.pk])),
        (
            _("Phụ lục quyết định: sản phẩm được công nhận (Excel)"),
            reverse("evaluations:round_decision_xlsx", args=[round_.pk]),
        ),
    ]
