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


def _layout(sheet, assessment) -> list[dict]:
    """Parts → sections → criteria, with each criterion's options, answer and points, for the template."""
    result = assessment.result
    warnings = assessment.applicability_warnings()
    knockouts_by_block: dict[str, list] = {}
    for knockout in sheet.knockouts:
        knockouts_by_block.setdefault(knockout.section_code or knockout.criterion_code or "", []).append(knockout)
    parts = []
    for part in sheet.parts:
        sections = []
        for section_code in part.section_codes:
            section = sheet.sections[section_code]
            criteria = []
            for code, criterion in sheet.criteria.items():
                if criterion.section_code != section_code:
                    continue
                selected = assessment.answers.get(code, "") if code in assessment.answers else ""
                criteria.append(
                    {
                        "code": code,
                        "criterion": criterion,
                        "depth": code.count(".") - 1,
                        "case": criterion.parent_code is None and section.choose_one,
                        "selected": NONE_VALUE if selected is None else selected,
                        "score": result.criteria[code],
                        "knockouts": knockouts_by_block.get(code, []),
                        "warning": warnings.get(code, ""),
                    }
                )
            sections.append(
                {
                    "section": section,
                    "score": result.sections[section_code],
                    "criteria": criteria,
                    "case": assessment.cases.get(section_code),
                    "knockouts": knockouts_by_block.get(section_code, []),
                }
            )
        parts.append({"part": part, "score": result.parts[part.code], "sections": sections})
    return parts


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
        "layout": _layout(sheet, assessment),
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
