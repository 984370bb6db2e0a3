"""Reading one Excel cell as the type its column expects. Errors say what was expected."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from ocop.imports.folding import fold
from ocop.imports.problems import CellError

_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

TRUE_WORDS = {"co", "x", "yes", "true", "1", "dung"}
FALSE_WORDS = {"khong", "no", "false", "0", "sai"}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """Text as typed; a whole number typed into a text cell is written without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(_("Phải là một số nguyên, không phải giá trị đúng/sai."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("Phải là số nguyên, không có phần thập phân."))
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if _THOUSANDS.match(text):
            text = re.sub(r"[.,]", "", text)
        if re.fullmatch(r"-?\d+", text):
            return int(text)
    raise CellError(_("Phải là một số nguyên (ví dụ 25), không phải chữ."))


def as_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Phải là một số, không phải giá trị đúng/sai."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace(",", ".")
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            try:
                return Decimal(text)
            except InvalidOperation:
                pass
    raise CellError(_("Phải là một số (ví dụ 500 hoặc 0,5), không phải chữ."))


def as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _DATE_DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = _DATE_ISO.match(text)
            if not match:
                raise CellError(_("Phải là ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2024."))
            year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise CellError(
                _("Ngày %(text)s không tồn tại (tháng %(month)s không có ngày %(day)s, hoặc tháng sai)."),
                {"text": text, "month": month, "day": day},
            ) from None
    raise CellError(_("Phải là ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2024."))


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    folded = fold(str(value))
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    raise CellError(_("Phải là “Có” hoặc “Không”."))


def as_choice(value: Any, choices: dict[str, str]) -> str:
    """`choices` maps folded labels and codes to the stored value."""
    found = choices.get(fold(as_text(value)))
    if found is None:
        raise CellError(_("Giá trị không nằm trong danh sách cho phép (xem trang “Giá trị hợp lệ”)."))
    return found
