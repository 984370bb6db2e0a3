"""Shared form helpers: a service's refusal shown on the form, next to the field it names, and the base of every form."""

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.choices import BlankChoiceIterator
from django.utils.translation import gettext_lazy

from ocop.core.errors import DomainError
from ocop.core.formatting import localized


def _constraint_messages(form: forms.BaseForm) -> dict[str, str]:
    """{refusal text: form field} for the model constraints the form names in `constraint_fields`."""
    model: type[models.Model] | None = getattr(form, "constraint_model", None)
    if model is None and isinstance(form, forms.ModelForm):
        model = form._meta.model
    wanted: dict[str, str] = getattr(form, "constraint_fields", {})
    if model is None or not wanted:
        return {}
    return {
        str(constraint.get_violation_error_message()): wanted[constraint.name]
        for constraint in model._meta.constraints
        if constraint.name in wanted
    }


def constraint_errors_to_fields(form: forms.BaseForm) -> None:
    """Move a model constraint's refusal from above the form to the field it concerns (the price range beside the
    highest price), as the form's `constraint_fields` {constraint name: field} says: shown once, in its place."""
    messages = _constraint_messages(form)
    if not messages or NON_FIELD_ERRORS not in form.errors:
        return
    kept, moved = [], []
    for error in form.errors[NON_FIELD_ERRORS].as_data():
        text = " ".join(error.messages)
        (moved if text in messages and messages[text] in form.fields else kept).append(error)
    if not moved:
        return
    if kept:
        form.errors[NON_FIELD_ERRORS] = form.error_class(kept, error_class="nonfield", renderer=form.renderer)
    else:
        del form.errors[NON_FIELD_ERRORS]
    for error in moved:
        form.add_error(messages[" ".join(error.messages)], error)


class ConstraintFieldsMixin:
    """For a form over a model with constraints: `constraint_fields` {constraint name: field} puts each one's
    refusal beside its field, whether the form's own model validation or the service found it. `constraint_model`
    names the model of a plain Form."""

    constraint_fields: ClassVar[dict[str, str]] = {}
    constraint_model: ClassVar[Any] = None

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        constraint_errors_to_fields(self)  # type: ignore[arg-type]


def form_errors_from(form: forms.BaseForm, error: Exception) -> None:
    """Put a service's domain error onto `form`: on the field it names when the form has that field, else above
    the form. Takes a DomainError (`field`, `message`), a Django ValidationError (per field or not) or any
    other exception (its text)."""
    if isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error))
    constraint_errors_to_fields(form)


def form_error_text(form: forms.BaseForm) -> str:
    """A refused form's errors as one line ("label: message"), for a page that redirects instead of re-rendering."""
    parts = []
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(str(problem) for problem in problems)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


# Django's empty choice, written "---------" by ModelChoiceField and by the blank choice of a model field.
DJANGO_EMPTY_LABEL = "---------"
EMPTY_CHOICE_LABEL = gettext_lazy("— chọn —")


def readable_empty_choice(field: forms.Field) -> None:
    """Replace Django's "---------" with "— chọn —" / "— choose —" in a select's empty choice."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = EMPTY_CHOICE_LABEL  # the choice iterator reads it when the select is drawn
        return
    if isinstance(field, forms.ChoiceField) and isinstance(field.choices, BlankChoiceIterator):
        field.choices = list(field.choices)  # a model field's fixed choices behind Django's blank one
    if (
        isinstance(field, forms.ChoiceField)
        and isinstance(field.choices, list)
        and any(label == DJANGO_EMPTY_LABEL for _value, label in field.choices)
    ):
        field.choices = [
            (value, EMPTY_CHOICE_LABEL if label == DJANGO_EMPTY_LABEL else label) for value, label in field.choices
        ]


def localized_choice_labels(field: forms.Field) -> None:
    """A choice of records that have an English name (products, product sets, markets) reads in the
    page's language: "Co To squid" on an English page, not the record's Vietnamese `__str__`. A field
    that draws its own labels (`label_from_instance` set on it or its class) keeps them."""
    if not isinstance(field, forms.ModelChoiceField) or "label_from_instance" in vars(field):
        return
    if field.queryset is None:  # the form sets it later, knowing who asks
        return
    if type(field).label_from_instance is not forms.ModelChoiceField.label_from_instance:
        return
    names = {model_field.name for model_field in field.queryset.model._meta.concrete_fields}
    if "name_en" in names and ("name_vi" in names or "name" in names):
        field.label_from_instance = lambda obj: localized(obj, "name")


class PlatformFormMixin:
    """What every form of the platform shares: no colon after a label (the layout sets label and field
    apart, and "Tên:" reads as a prototype), an empty choice that says what to do, and records chosen
    by their name in the page's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            readable_empty_choice(field)
            localized_choice_labels(field)


class PlatformForm(PlatformFormMixin, forms.Form):
    pass


class PlatformModelForm(PlatformFormMixin, forms.ModelForm):
    pass
