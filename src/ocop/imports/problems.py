"""Problems found in an import file, each in Vietnamese and English.

Messages are written once, as gettext messages with a Vietnamese msgid; a problem stores both
renderings so the page shows the reader's language first and the other one under it.
"""

import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ocop.core.errors import DomainError


def bilingual(message, params: dict[str, Any] | None = None) -> tuple[str, str]:
    """The message rendered in Vietnamese and in English, with its parameters filled in."""
    rendered = []
    for language in ("vi", "en"):
        with translation.override(language):
            text = str(message)
            if params:
                text = text % params
        rendered.append(text)
    return rendered[0], rendered[1]


def cell_text(value: Any) -> str:
    """A cell's value as the person typed it, short enough for a table."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"


def problem(*, row: int | None, column: str, value: Any, message, params: dict[str, Any] | None = None) -> dict:
    message_vi, message_en = bilingual(message, params)
    return {"row": row, "column": column, "value": cell_text(value), "message_vi": message_vi, "message_en": message_en}


class CellError(ValueError):
    """A cell that cannot be read as its column's type. The caller adds row and column."""

    def __init__(self, message, params: dict[str, Any] | None = None):
        super().__init__(str(message))
        self.message = message
        self.params = params or {}


class ImportFileError(DomainError):
    """The file as a whole is refused (not Excel, too large, wrong columns…); nothing was read into the registry."""

    def __init__(self, message, params: dict[str, Any] | None = None, *, problems: list[dict] | None = None):
        self.message_vi, self.message_en = bilingual(message, params)
        text = str(message) % params if params else str(message)
        super().__init__(text, field="file")
        self.problems = problems or [
            {"row": None, "column": "", "value": "", "message_vi": self.message_vi, "message_en": self.message_en}
        ]


MESSAGE_CHANGED_SINCE_PREVIEW = _(
    "Dữ liệu trong hệ thống đã thay đổi từ lúc xem trước. Chưa ghi gì cả: "
    "hãy xem lại bản xem trước mới rồi xác nhận lại."
)
MESSAGE_PROBLEMS_AT_APPLY = _(
    "Khi kiểm tra lại lúc ghi, tệp không còn hợp lệ với dữ liệu hiện có. Chưa ghi gì cả: xem danh sách lỗi bên dưới."
)
MESSAGE_APPLY_FAILED = _("Ghi dữ liệu thất bại, không có bản ghi nào được ghi: %(error)s")
