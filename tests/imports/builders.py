"""Building .xlsx files for the import tests, and valid identifiers."""

import io
from typing import Any

import openpyxl

from ocop.core.validators import gs1_check_digit, tax_code_check_digit
from ocop.imports.columns import COLUMNS, DATA_SHEET


def tax_code(number: int) -> str:
    """A valid 10-digit enterprise tax code whose first nine digits are 57 followed by `number`."""
    body = f"57{number:07d}"
    return body + str(tax_code_check_digit(body))


def wrong_check(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def gtin13(number: int) -> str:
    body = f"893{number:09d}"
    return body + str(gs1_check_digit(body))


def producer_row(**values: Any) -> dict[str, Any]:
    row = {
        "tax_code": "",
        "legal_name": "Hợp tác xã Mới",
        "producer_type": "Hợp tác xã",
        "commune": "Phường Hạ Long",
    }
    row.update(values)
    return row


def product_row(**values: Any) -> dict[str, Any]:
    row = {"name_vi": "Chả mực Hạ Long", "status": "Đang tham gia chương trình"}
    row.update(values)
    return row


def problem_messages(job) -> list[tuple[int | None, str, str]]:
    """The job's problems as (row, column, Vietnamese message), in the order the import found them."""
    return [(p["row"], p["column"], p["message_vi"]) for p in job.problems]


def workbook(kind: str, rows: list[dict[str, Any]], *, headers: list[str] | None = None, english: bool = True):
    """An openpyxl workbook laid out like the template, rows given by column key."""
    columns = COLUMNS[kind]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(headers or [column.header_vi for column in columns])
    if english:
        sheet.append([column.header_en for column in columns])
    for row in rows:
        sheet.append([row.get(column.key) for column in columns])
    return book


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx(kind: str, rows: list[dict[str, Any]], **options) -> bytes:
    return to_bytes(workbook(kind, rows, **options))


def column_letter(kind: str, key: str) -> str:
    index = [column.key for column in COLUMNS[kind]].index(key)
    return openpyxl.utils.get_column_letter(index + 1)
