"""Public self-assessment: choose a product set, fill its sheet, see total, star and advice live."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from ocop.accounts.policy import PUBLIC, permission
from ocop.criteria import selectors
from ocop.criteria.advisor import advice_messages
from ocop.criteria.assessment import NONE_VALUE, answers_from_form, assess


@permission(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("version")
    version = selectors.version_get(code=code) if code else selectors.version_current()
    if version is None:
        raise Http404
    product_sets = list(selectors.product_sets_list(version=version))
    groups: dict = {}
    for product_set in product_sets:
        groups.setdefault(product_set.group, []).append(product_set)
    return render(
        request,
        "criteria/index.html",
        {"version": version, "groups": groups.items(), "versions": selectors.versions_list()},
    )


def _context(request: HttpRequest, version: str, product_set: str) -> dict:
    found = selectors.product_set_get(version=selectors.version_get(code=version), key=product_set)
    sheet = selectors.sheet_get(product_set=found)
    data = request.POST if request.method == "POST" else {}
    answers, _cases = answers_from_form(sheet=sheet, data=data)
    knockouts = request.POST.getlist("knockout") if request.method == "POST" else []
    assessment = assess(sheet=sheet, answers=answers, knockouts=knockouts)
    return {
        "product_set": found,
        "sheet": sheet,
        "assessment": assessment,
        "advice_lines": advice_messages(assessment.advice),
        "missing_rows": [
            (stars, [sheet.criterion_name(gap.criterion_code) for gap in gaps])
            for stars, gaps in assessment.classification.missing.items()
        ],
        "none_value": NONE_VALUE,
        "layout": selectors.sheet_layout(sheet, assessment),
        "knockouts_applied": set(assessment.result.knockouts),
    }


@require_http_methods(["GET", "POST"])
@permission(PUBLIC)
def sheet(request: HttpRequest, version: str, product_set: str) -> HttpResponse:
    return render(request, "criteria/sheet.html", _context(request, version, product_set))


@require_POST
@permission(PUBLIC)
def sheet_result(request: HttpRequest, version: str, product_set: str) -> HttpResponse:
    return render(request, "criteria/_result.html", _context(request, version, product_set))
