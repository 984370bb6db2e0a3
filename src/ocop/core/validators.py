"""Validators for identifiers the registry receives: tax codes, GTINs, HS codes.

Each raises a ValidationError whose message says what is wrong in plain words.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")
_CITIZEN_ID = re.compile(r"^\d{12}$")


def tax_code_check_digit(first_nine: str) -> int:
    """The 10th digit of an enterprise tax code: 10 − (Σ digit × weight mod 11), 10 written as 0."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    return (10 - total % 11) % 10


def normalise_tax_code(value: str) -> str:
    """Strip spaces and dots; write a branch code as 10 digits, a hyphen and 3 digits."""
    compact = re.sub(r"[\s.]", "", value or "")
    match = _TAX_CODE.match(compact)
    if match and match.group(2):
        return f"{match.group(1)}-{match.group(2)}"
    return compact


def validate_tax_code(value: str) -> None:
    """10 digits with a valid check digit, or 13 (10 + branch), or a 12-digit personal number.

    Since 1 July 2025 individuals and household businesses use the 12-digit personal identification
    number as their tax code; it has no public check digit, so only its form is checked.
    """
    code = normalise_tax_code(value)
    if _CITIZEN_ID.match(code):
        return
    match = _TAX_CODE.match(code)
    if not match:
        raise ValidationError(
            _(
                "Mã số thuế phải có 10 chữ số, 13 chữ số (10 số, gạch ngang, 3 số chi nhánh) hoặc 12 chữ số định danh cá nhân."
            ),
            code="tax_code_format",
        )
    main = match.group(1)
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise ValidationError(
            _("Mã số thuế %(code)s sai chữ số kiểm tra (chữ số thứ 10): hãy kiểm tra lại từng chữ số."),
            code="tax_code_check",
            params={"code": code},
        )


def gs1_check_digit(body: str) -> int:
    """GS1 mod-10 check digit: weights 3 and 1 alternating from the right of the body."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_gtin(value: str) -> None:
    """GTIN-8, -12, -13 or -14 with a correct GS1 check digit."""
    if not re.fullmatch(r"\d{8}|\d{12}|\d{13}|\d{14}", value or ""):
        raise ValidationError(_("Mã GTIN phải gồm 8, 12, 13 hoặc 14 chữ số."), code="gtin_format")
    if gs1_check_digit(value[:-1]) != int(value[-1]):
        raise ValidationError(
            _("Mã GTIN %(code)s sai chữ số kiểm tra GS1 (chữ số cuối phải là %(expected)s)."),
            code="gtin_check",
            params={"code": value, "expected": gs1_check_digit(value[:-1])},
        )


def validate_hs_code(value: str) -> None:
    """An HS code of 4 to 10 digits (dots allowed as written on customs forms: 0902.10)."""
    if not re.fullmatch(r"\d{4,10}", (value or "").replace(".", "")):
        raise ValidationError(_("Mã HS phải gồm 4 đến 10 chữ số."), code="hs_code_format")


# Characters no text field may hold: the C0 controls except tab, line feed and carriage return
# (PostgreSQL refuses U+0000; Excel and XML refuse the rest) and lone UTF-16 surrogates (JSON can
# write them as \ud800; no database or file can store them).
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """The first character of `value` that no text field may hold, written as U+XXXX; else None."""
    match = FORBIDDEN_CHARACTERS.search(value)
    return f"U+{ord(match.group()):04X}" if match else None


def shown_name(name: str) -> str:
    """A field name as a message can show it: each forbidden character written as U+XXXX."""
    return FORBIDDEN_CHARACTERS.sub(lambda match: f"U+{ord(match.group()):04X}", name)


def forbidden_in_pairs(pairs) -> tuple[str, str] | None:
    """(field, character) of the first forbidden character in (name, value or values) pairs, or None."""
    for name, values in pairs:
        for value in [name, *(values if isinstance(values, list) else [values])]:
            character = forbidden_character(value)
            if character:
                return shown_name(name), character
    return None


def forbidden_character_message(field: str, character: str) -> str:
    return _("Trường “%(field)s” chứa ký tự không được phép (%(character)s): hãy xoá ký tự điều khiển.") % {
        "field": field,
        "character": character,
    }
