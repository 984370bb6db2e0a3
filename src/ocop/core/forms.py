"""Shared form helpers: a service's refusal shown on the form, next to the field it names."""

from django import forms
from django.core.exceptions import ValidationError

from ocop.core.errors import DomainError


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


def form_error_text(form: forms.BaseForm) -> str:
    """A refused form's errors as one line ("label: message"), for a page that redirects instead of re-rendering."""
    parts = []
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        text = " ".join(str(problem) for problem in problems)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)
