"""An audit event's changes in words: the field's label, and each value as the pages write it.

The trail stores what the code wrote (`{"status": "submitted", "recognised": true, "total": "87.67",
"producer_type": "cooperative", "commune": 6658}`); a history page shows "Trạng thái: Nháp → Đã nộp",
"Được công nhận: Có", "Tổng điểm: 87,67", "Loại hình: Hợp tác xã", "Xã, phường: Xã Ba Chẽ". The label
is the model field's own (`verbose_name`); a key that is not a field of the object (a decision's
number written on the dossier's trail, an export profile's capacity on the product's) is looked up in
`EXTRA_LABELS` and then among the fields of the models of the same app and of the whole project, so
that one name means one label. Records a value points to are read once per model for a whole page.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from ocop.core import formatting
from ocop.core.models import AuditEvent

# Keys some services write that no model field carries under that name.
EXTRA_LABELS = {
    "members": pgettext_lazy("nhật ký", "Thành viên"),
    "median": pgettext_lazy("nhật ký", "Điểm trung vị"),
    "outliers": pgettext_lazy("nhật ký", "Số phiếu lệch nhiều"),
    "answered": pgettext_lazy("nhật ký", "Số tiêu chí đã trả lời"),
    "complete": pgettext_lazy("nhật ký", "Đủ phiếu chấm"),
    "version": pgettext_lazy("nhật ký", "Phiên bản"),
    "source": pgettext_lazy("nhật ký", "Nguồn"),
    "authority": pgettext_lazy("nhật ký", "Cấp công nhận"),
    "decided_on": pgettext_lazy("nhật ký", "Ngày quyết định"),
    "recognised": pgettext_lazy("nhật ký", "Được công nhận"),
    "decision": pgettext_lazy("nhật ký", "Quyết định"),
    "number": pgettext_lazy("nhật ký", "Số quyết định"),
    "superseded_by": pgettext_lazy("nhật ký", "Được thay bằng giấy chứng nhận"),
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    changes: list[Change]


@cache
def own_fields(model: type[models.Model]) -> dict[str, models.Field]:
    found = {f.name: f for f in model._meta.concrete_fields} | {f.name: f for f in model._meta.many_to_many}
    return found | {f.attname: f for f in model._meta.concrete_fields}


@cache
def fields_named(model: type[models.Model], key: str) -> tuple[models.Field, ...]:
    """The fields a trail key can mean: the object's own first, then those of its app, then any other."""
    own = own_fields(model)
    found = [own[key]] if key in own else []
    for group in (model._meta.app_config.get_models(), apps.get_models()):
        for other in group:
            candidate = own_fields(other).get(key)
            if candidate is not None and candidate not in found:
                found.append(candidate)
    return tuple(found)


def field_for(model: type[models.Model], key: str) -> models.Field | None:
    candidates = fields_named(model, key)
    return candidates[0] if candidates else None


def label_for(model: type[models.Model], key: str) -> str:
    if key in EXTRA_LABELS and key not in own_fields(model):
        return capfirst(str(EXTRA_LABELS[key]))
    found = field_for(model, key)
    if found is not None:
        return capfirst(str(found.verbose_name))
    return key  # a key nobody labelled: tests/core/test_history.py fails on the demo's trail first


def choice_label(model: type[models.Model], key: str, value) -> str | None:
    """The label of a stored choice, from the first field of that name whose choices hold it."""
    for candidate in fields_named(model, key):
        if candidate.choices:
            labels = dict(candidate.flatchoices)
            if value in labels:
                return str(labels[value])
    return None


def yes_no(value: bool) -> str:
    return _("Có") if value else _("Không")


def as_number(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return formatting.number(value)
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return None
        if not amount.is_finite() or not any(c.isdigit() for c in value) or value.strip() != value:
            return None
        places = max(0, -amount.as_tuple().exponent) if isinstance(amount.as_tuple().exponent, int) else 0
        return formatting.number(amount, places)
    return None


class Writer:
    """Writes the values of many events, reading each pointed-to model once."""

    def __init__(self, model: type[models.Model], events: list[AuditEvent]):
        self.model = model
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for event in events:
            for key, old, new in event.changes():
                related = self.related_model(key)
                if related is None:
                    continue
                for value in (old, new):
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, (int, str)) and not isinstance(item, bool):
                            wanted[related].add(item)
        self.names: dict[type[models.Model], dict[str, str]] = {}
        for related, keys in wanted.items():
            numeric = [key for key in keys if str(key).isdigit()]
            rows = related._default_manager.filter(pk__in=numeric) if numeric else []
            self.names[related] = {str(row.pk): str(row) for row in rows}

    def related_model(self, key: str) -> type[models.Model] | None:
        found = own_fields(self.model).get(key)  # a key of another model's field ("version") may mean else
        if found is not None and found.is_relation and found.related_model is not None:
            return found.related_model  # type: ignore[return-value]
        return None

    def write(self, key: str, value) -> str:
        if value is None or value == "" or value == []:
            return formatting.NOTHING
        found = field_for(self.model, key)
        related = self.related_model(key)
        if related is not None:
            names = self.names.get(related, {})
            items = value if isinstance(value, list) else [value]
            return ", ".join(names.get(str(item), str(item)) for item in items)
        if isinstance(value, list):
            return ", ".join(self.write(key, item) for item in value)
        if isinstance(value, bool):
            return yes_no(value)
        if isinstance(value, str) and (label := choice_label(self.model, key, value)) is not None:
            return label
        if isinstance(found, models.DateTimeField) and isinstance(value, str):
            try:
                moment = datetime.datetime.fromisoformat(value)
            except ValueError:
                return value
            return moment.strftime("%d/%m/%Y %H:%M")
        if isinstance(found, models.DateField) and isinstance(value, str):
            try:
                return formatting.dmy(datetime.date.fromisoformat(value))
            except ValueError:
                return value
        if isinstance(value, dict):
            return "; ".join(f"{k}: {self.write(k, v)}" for k, v in value.items())
        text_field = isinstance(found, (models.CharField, models.TextField)) and not found.choices
        if key == "year" or key.endswith("_year"):
            return str(value)  # 2016, not 2.016
        number = None if text_field else as_number(value)
        return number if number is not None else str(value)


def history_entries(model: type[models.Model], events: list[AuditEvent]) -> list[HistoryEntry]:
    """Each event with its changes in words, for one object's history page."""
    writer = Writer(model, events)
    return [
        HistoryEntry(
            event=event,
            changes=[
                Change(label=label_for(model, key), old=writer.write(key, old), new=writer.write(key, new))
                for key, old, new in event.changes()
            ],
        )
        for event in events
    ]
