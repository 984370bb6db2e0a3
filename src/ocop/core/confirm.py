"""A confirmation step before an irreversible or consequential action, working without JavaScript.

The action's URL answers GET — and a POST without the confirm field — with a page saying what will happen
(the object, its facts, each consequence) and a form that posts the same fields again with
`confirm=yes`; only that POST calls the service. A form elsewhere (the dossier page, the certificate page)
posts to the action as before and lands on the confirmation, what the user typed carried along as hidden
fields. The API calls the services directly: the step is the pages' own, the services are unchanged.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"


EDIT_FIELD = "edit"


def confirmed(request: HttpRequest) -> bool:
    """True for a POST that carries the explicit confirmation; a GET or a bare POST only shows the step, and
    the step's "change" button (EDIT_FIELD) goes back to the form with what was typed."""
    return (
        request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE and EDIT_FIELD not in request.POST
    )


def editing(request: HttpRequest) -> bool:
    """The confirmation's "change" button: show the form again, filled in with what was posted."""
    return request.method == "POST" and EDIT_FIELD in request.POST


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page shows. `consequences` are sentences, each one thing that will happen;
    `facts` (label, value) identify the object; `carried` are the fields posted again on confirming."""

    title: str
    subject: str
    consequences: Sequence[str]
    button: str
    action_url: str
    cancel_url: str
    facts: Sequence[tuple[str, object]] = ()
    carried: Mapping[str, str | Iterable[str]] = field(default_factory=dict)
    warnings: Sequence[str] = ()  # what stands in the way, if anything (the service will refuse)
    form: Any = None  # a form the user can still change on the step (bound, with its errors beside the fields)
    edit_url: str = ""  # where "change what I typed" posts the carried fields back (the form's page), if any

    def hidden_fields(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        shown = set(self.form.fields) if self.form is not None else set()
        for name, value in self.carried.items():
            if name in (CONFIRM_FIELD, EDIT_FIELD, "csrfmiddlewaretoken") or name in shown:
                continue
            values = [value] if isinstance(value, str) else list(value)
            pairs.extend((name, str(one)) for one in values)
        return pairs


def carried_from(request: HttpRequest, names: Iterable[str]) -> dict[str, list[str]]:
    """The named fields of a POST (every value of each), to post again when the user confirms."""
    if request.method != "POST":
        return {}
    return {name: request.POST.getlist(name) for name in names if name in request.POST}


def confirmation_page(request: HttpRequest, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "core/confirm.html",
        {
            "confirmation": confirmation,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
            "edit_field": EDIT_FIELD,
        },
        status=status,
    )
