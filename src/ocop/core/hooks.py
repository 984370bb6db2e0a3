"""Explicit extension points between apps, named in settings.OCOP_HOOKS.

An app low in the dependency order (products, evaluations, promotion) announces that something
happened with `run_hooks(ProductsChanged(product_ids=(...)))`: one frozen dataclass per event, whose
`event` is a `HookEvent`. The functions listed for that event in settings (apps higher up: catalog,
certificates, programme) are called in order, in the caller's transaction, with the payload's fields
as keyword arguments. No Django signals: the list of what runs is one setting a reader can see.

`hook_problems()` checks that setting: every key is a `HookEvent`, every event has its entry, every
path imports to a callable that accepts the payload's fields, and the receivers an event cannot do
without (`REQUIRED_RECEIVERS`) are listed. `CoreConfig.ready` refuses to start on any problem, so a
misspelt name fails at start (and in `manage.py check`), not silently at the first event.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # the payloads carry rows of apps above core; core never imports them at run time
    from ocop.evaluations.models import Decision
    from ocop.promotion.models import BoothSale


class HookEvent(StrEnum):
    DECISION_RECORDED = "decision.recorded"
    BOOTH_SALE_RECORDED = "booth_sale.recorded"
    EVENT_STATUS_CHANGED = "event.status_changed"
    PRODUCTS_CHANGED = "products.changed"
    PRODUCERS_CHANGED = "producers.changed"
    PUBLIC_CONTENT_CHANGED = "public_content.changed"


@dataclass(frozen=True)
class HookPayload:
    event: ClassVar[HookEvent]

    def arguments(self) -> dict[str, Any]:
        """The fields as keyword arguments (shallow: a model instance is passed as it is, not copied)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


@dataclass(frozen=True)
class DecisionRecorded(HookPayload):
    """A council's decision was recorded (evaluations); the certificate follows from it."""

    event: ClassVar[HookEvent] = HookEvent.DECISION_RECORDED
    decision: Decision


@dataclass(frozen=True)
class BoothSaleRecorded(HookPayload):
    """A booth's sales for one day were recorded at a promotion event."""

    event: ClassVar[HookEvent] = HookEvent.BOOTH_SALE_RECORDED
    sale: BoothSale


@dataclass(frozen=True)
class EventStatusChanged(HookPayload):
    """A promotion event was announced, closed, put back to draft or cancelled."""

    event: ClassVar[HookEvent] = HookEvent.EVENT_STATUS_CHANGED
    event_id: int


@dataclass(frozen=True)
class ProductsChanged(HookPayload):
    """What the public may see of these products changed (registry, certificates)."""

    event: ClassVar[HookEvent] = HookEvent.PRODUCTS_CHANGED
    product_ids: tuple[int, ...]


@dataclass(frozen=True)
class ProducersChanged(HookPayload):
    event: ClassVar[HookEvent] = HookEvent.PRODUCERS_CHANGED
    producer_ids: tuple[int, ...]


@dataclass(frozen=True)
class PublicContentChanged(HookPayload):
    """Something every public page may show changed (taxonomy, criteria labels, …)."""

    event: ClassVar[HookEvent] = HookEvent.PUBLIC_CONTENT_CHANGED


PAYLOADS: dict[HookEvent, type[HookPayload]] = {
    payload.event: payload
    for payload in (
        DecisionRecorded,
        BoothSaleRecorded,
        EventStatusChanged,
        ProductsChanged,
        ProducersChanged,
        PublicContentChanged,
    )
}

# Receivers an event cannot do without: a recognition decision issues its certificate
# (evaluations records the decision and does not import certificates, which builds on it).
REQUIRED_RECEIVERS: dict[HookEvent, tuple[str, ...]] = {
    HookEvent.DECISION_RECORDED: ("ocop.certificates.services.certificate_issue_for_decision",),
}


def receivers(event: HookEvent) -> list[Callable[..., object]]:
    return [import_string(path) for path in settings.OCOP_HOOKS.get(event.value, [])]


def run_hooks(payload: HookPayload) -> None:
    arguments = payload.arguments()
    for receiver in receivers(payload.event):
        receiver(**arguments)


def hook_problems(hooks: dict[str, list[str]] | None = None) -> list[str]:
    """What is wrong with settings.OCOP_HOOKS (or `hooks`), one sentence each, naming the event or path."""
    hooks = settings.OCOP_HOOKS if hooks is None else hooks
    problems: list[str] = []
    known = {event.value for event in HookEvent}
    for name in hooks:
        if name not in known:
            problems.append(
                f"OCOP_HOOKS: không có sự kiện '{name}' (có: {', '.join(sorted(known))}) — unknown hook event '{name}'."
            )
    for event in HookEvent:
        if event.value not in hooks:
            problems.append(
                f"OCOP_HOOKS: sự kiện '{event.value}' chưa khai báo nơi nhận (danh sách rỗng nếu không có) — "
                f"hook event '{event.value}' has no entry (use an empty list for none)."
            )
            continue
        paths = hooks[event.value]
        for path in REQUIRED_RECEIVERS.get(event, ()):
            if path not in paths:
                problems.append(
                    f"OCOP_HOOKS['{event.value}']: thiếu '{path}' — the required receiver '{path}' is missing."
                )
        field_names = [field.name for field in dataclasses.fields(PAYLOADS[event])]
        for path in paths:
            try:
                receiver = import_string(path)
            except ImportError as error:
                problems.append(
                    f"OCOP_HOOKS['{event.value}']: không nhập được '{path}' — cannot import '{path}': {error}"
                )
                continue
            if not callable(receiver):
                problems.append(f"OCOP_HOOKS['{event.value}']: '{path}' không gọi được — '{path}' is not callable.")
                continue
            try:
                inspect.signature(receiver).bind(**dict.fromkeys(field_names))
            except TypeError:
                problems.append(
                    f"OCOP_HOOKS['{event.value}']: '{path}' không nhận đúng tham số ({', '.join(field_names) or '—'}) "
                    f"— '{path}' does not accept the payload's fields ({', '.join(field_names) or 'none'})."
                )
    return problems
