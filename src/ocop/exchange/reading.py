"""Reading one value of an exchange document as its column says, with the problem in both languages when
it cannot be read. Nothing here trusts the document: a wrong type, a missing key, a text of a million
characters or a NUL byte is a problem with its place, never an exception that escapes the importer."""

import datetime
import decimal
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ocop.exchange.format import Column, Kind
from ocop.imports.problems import bilingual

# Longest text a column without a length takes (a story, a description): beyond it the document is refused.
MAX_TEXT = 50_000
MAX_CODE = 2**31 - 1
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d{1,15}(\.\d{1,10})?")


@dataclass(frozen=True)
class Problem:
    """Where the document is wrong (`products[12].commune_code`) and why, in Vietnamese and English."""

    path: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message_vi} / {self.message_en}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message_vi": self.message_vi, "message_en": self.message_en}


def problem(path: str, message, params: dict[str, Any] | None = None) -> Problem:
    message_vi, message_en = bilingual(message, params)
    return Problem(path, message_vi, message_en)


class Unreadable(ValueError):
    """A value that its column cannot take; the caller adds where it is."""

    def __init__(self, message, params: dict[str, Any] | None = None):
        super().__init__(str(message))
        self.message = message
        self.params = params or {}


def shown(value: Any) -> str:
    """A value as a message quotes it: short, on one line."""
    text = repr(value) if not isinstance(value, str) else value
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def _text(value: Any, max_length: int | None) -> str:
    if not isinstance(value, str):
        raise Unreadable(_("phải là một chuỗi, không phải %(value)s"), {"value": shown(value)})
    limit = max_length or MAX_TEXT
    if len(value) > limit:
        raise Unreadable(_("dài %(length)s ký tự, quá giới hạn %(limit)s"), {"length": len(value), "limit": limit})
    if "\x00" in value:
        raise Unreadable(_("có ký tự NUL (\\u0000), không lưu được"))
    return value


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unreadable(_("phải là một số nguyên, không phải %(value)s"), {"value": shown(value)})
    if not low <= value <= high:
        raise Unreadable(
            _("phải từ %(low)s đến %(high)s, không phải %(value)s"), {"low": low, "high": high, "value": value}
        )
    return value


def _year_in_range(year: int, value: Any) -> None:
    if not 1900 <= year <= 2100:
        raise Unreadable(_("năm phải từ 1900 đến 2100: %(value)s"), {"value": shown(value)})


def read_date(value: Any) -> datetime.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise Unreadable(_("phải là ngày dạng YYYY-MM-DD (ISO 8601), không phải %(value)s"), {"value": shown(value)})
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise Unreadable(_("không có ngày %(value)s trong lịch"), {"value": shown(value)}) from None
    _year_in_range(day.year, value)
    return day


def read_datetime(value: Any) -> datetime.datetime:
    """An ISO 8601 moment; without an offset it is read in the installation's time zone (Vietnam)."""
    moment = None
    if isinstance(value, str) and len(value) <= 40:
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
    if moment is None:
        raise Unreadable(
            _("phải là thời điểm dạng ISO 8601 (2026-01-31T08:00:00Z), không phải %(value)s"), {"value": shown(value)}
        )
    _year_in_range(moment.year, value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def read_value(column: Column, value: Any) -> Any:
    """The Python value of a present, non-null value of a model column."""
    kind = column.kind
    if kind == Kind.TEXT:
        return _text(value, column.max_length)
    if kind == Kind.CHOICE:
        code = _text(value, 100)
        if code not in column.choices:
            codes = ", ".join(choice or "“”" for choice in column.choices)
            raise Unreadable(_("mã “%(value)s” không có; các mã có: %(codes)s"), {"value": shown(code), "codes": codes})
        return code
    if kind == Kind.INT:
        return _int(value, column.low or 0, column.high or MAX_CODE)
    if kind == Kind.BOOL:
        if not isinstance(value, bool):
            raise Unreadable(_("phải là true hoặc false, không phải %(value)s"), {"value": shown(value)})
        return value
    if kind == Kind.DATE:
        return read_date(value)
    if kind == Kind.DATETIME:
        return read_datetime(value)
    if kind == Kind.DECIMAL:
        if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
            raise Unreadable(
                _('phải là số thập phân viết thành chuỗi ("12.50"), không phải %(value)s'), {"value": shown(value)}
            )
        return decimal.Decimal(value)
    if kind == Kind.UUID:
        return read_uuid(value)
    raise AssertionError(kind)


def read_uuid(value: Any) -> uuid.UUID:
    if isinstance(value, str) and len(value) <= 40:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise Unreadable(_("phải là mã trao đổi dạng UUID, không phải %(value)s"), {"value": shown(value)})


def read_code(value: Any) -> int:
    """An official unit code (province, commune, old district or commune)."""
    return _int(value, 1, MAX_CODE)


def read_text_ref(value: Any, max_length: int | None) -> str:
    text = _text(value, max_length)
    if not text:
        raise Unreadable(_("không được để trống"))
    return text
