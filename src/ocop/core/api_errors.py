"""One error shape for every answer of the API that is not a success.

    {"code": "invalid", "detail": "Dữ liệu không hợp lệ.",
     "errors": [{"field": "limit", "message": "Phải nhỏ hơn hoặc bằng 200.", "code": "less_than_equal"}]}

`code` is stable and meant for programs; `detail` and each `message` are for people, in the language
the person chose (the language cookie; Vietnamese otherwise). `errors` names the fields at fault
(dotted for nested fields: `answers.0.option`); it is empty when no single field is.

`install(api)` registers the handlers on the NinjaAPI; `ApiJsonErrorsMiddleware` gives the same
shape to the answers that Django makes before or around the API (an unknown address under /api/, a
method the address does not take, a server error).
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from ocop.core.errors import DomainError
from ocop.core.validators import forbidden_character_message, forbidden_in_pairs

logger = logging.getLogger(__name__)


class ErrorItem(Schema):
    field: str = Field(
        description="Trường có lỗi, rỗng nếu là cả yêu cầu / the field at fault, empty for the whole request"
    )
    message: str = Field(description="Lỗi, theo ngôn ngữ đã chọn / the problem, in the chosen language")
    code: str = Field(description="Mã lỗi ổn định / a stable code (pydantic error type for 422)")
    row: int | None = Field(None, description="Dòng của tệp, với lỗi của tệp nhập / file row, for import files")


class ErrorOut(Schema):
    code: str = Field(
        description="invalid, refused, bad_request, unauthenticated, csrf_failed, forbidden, not_found, "
        "not_genuine, method_not_allowed, too_large, rate_limited, server_error"
    )
    detail: str = Field(description="Thông báo cho người đọc / a message for people, in the chosen language")
    errors: list[ErrorItem] = Field(description="Lỗi theo trường / problems per field")


def _default(status: int) -> tuple[str, str]:
    defaults = {
        400: ("bad_request", _("Yêu cầu không hợp lệ.")),
        401: ("unauthenticated", _("Cần đăng nhập hoặc mã truy cập API.")),
        403: ("forbidden", _("Bạn không có quyền thực hiện thao tác này.")),
        404: ("not_found", _("Không tìm thấy.")),
        405: ("method_not_allowed", _("Địa chỉ này không nhận phương thức này.")),
        413: ("too_large", _("Yêu cầu quá lớn.")),
        422: ("invalid", _("Dữ liệu không hợp lệ.")),
        429: ("rate_limited", _("Quá nhiều yêu cầu. Hãy thử lại sau.")),
    }
    if status >= 500:
        return "server_error", _("Lỗi máy chủ. Xin thử lại sau; nếu vẫn lỗi, hãy báo cho quản trị hệ thống.")
    return defaults.get(status, ("error", _("Yêu cầu không hợp lệ.")))


def error_body(status: int, *, code: str | None = None, detail: str | None = None, errors=()) -> dict:
    default_code, default_detail = _default(status)
    return {"code": code or default_code, "detail": str(detail or default_detail), "errors": list(errors)}


def error_response(status: int, *, code=None, detail=None, errors=(), headers=None) -> JsonResponse:
    response = JsonResponse(error_body(status, code=code, detail=detail, errors=errors), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def item(field: str | None, message: str, code: str, row: int | None = None) -> dict:
    return {"field": field or "", "message": str(message), "code": code, "row": row}


# --- 422: the request does not fit the schema -------------------------------------------------------

# Messages for pydantic's error types, in the chosen language; `%(name)s` comes from the error's ctx.
_MESSAGES = {
    "missing": gettext_lazy("Thiếu trường bắt buộc."),
    "int_parsing": gettext_lazy("Phải là số nguyên."),
    "int_type": gettext_lazy("Phải là số nguyên."),
    "int_from_float": gettext_lazy("Phải là số nguyên."),
    "float_parsing": gettext_lazy("Phải là số."),
    "float_type": gettext_lazy("Phải là số."),
    "decimal_parsing": gettext_lazy("Phải là số."),
    "decimal_type": gettext_lazy("Phải là số."),
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "bool_type": gettext_lazy("Phải là true hoặc false."),
    "string_type": gettext_lazy("Phải là chuỗi ký tự."),
    "date_parsing": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "date_type": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Phải là thời điểm dạng ISO 8601."),
    "datetime_from_date_parsing": gettext_lazy("Phải là thời điểm dạng ISO 8601."),
    "datetime_type": gettext_lazy("Phải là thời điểm dạng ISO 8601."),
    "less_than_equal": gettext_lazy("Phải nhỏ hơn hoặc bằng %(le)s."),
    "less_than": gettext_lazy("Phải nhỏ hơn %(lt)s."),
    "greater_than_equal": gettext_lazy("Phải lớn hơn hoặc bằng %(ge)s."),
    "greater_than": gettext_lazy("Phải lớn hơn %(gt)s."),
    "string_too_long": gettext_lazy("Dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_lazy("Phải có ít nhất %(min_length)s ký tự."),
    "too_long": gettext_lazy("Nhiều quá %(max_length)s phần tử."),
    "too_short": gettext_lazy("Phải có ít nhất %(min_length)s phần tử."),
    "list_type": gettext_lazy("Phải là một danh sách."),
    "dict_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_attributes_type": gettext_lazy("Phải là một đối tượng JSON."),
    "enum": gettext_lazy("Phải là một trong: %(expected)s."),
    "literal_error": gettext_lazy("Phải là một trong: %(expected)s."),
    "json_invalid": gettext_lazy("JSON không hợp lệ."),
    "decimal_max_digits": gettext_lazy("Nhiều quá %(max_digits)s chữ số."),
    "decimal_max_places": gettext_lazy("Nhiều quá %(decimal_places)s chữ số thập phân."),
    "decimal_whole_digits": gettext_lazy("Phần nguyên nhiều quá %(whole_digits)s chữ số."),
    "finite_number": gettext_lazy("Phải là một số hữu hạn."),
    "url_parsing": gettext_lazy("Phải là một địa chỉ web."),
    "extra_forbidden": gettext_lazy("Trường này không được nhận."),
}

# The first part of a ninja error location names where the value was (query, path, body, form,
# file, header, cookie); for an object body the second part names the view's parameter
# (`payload`), not a field the client sent.
_SOURCES = {"query", "path", "body", "form", "file", "header", "cookie"}


def _field(loc) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        if source == "body" and len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our own validators raise messages already in the chosen language
    template = _MESSAGES.get(kind)
    if template is None:
        return _("Giá trị không hợp lệ.")
    try:
        return str(template) % {key: _plain(value) for key, value in ctx.items()}
    except (KeyError, TypeError, ValueError):
        return _("Giá trị không hợp lệ.")


def _plain(value) -> str:
    return str(value)


def validation_errors(errors: list[dict]) -> list[dict]:
    return [item(_field(error.get("loc", ())), _message(error), error.get("type", "invalid")) for error in errors]


# --- a JSON body is an object ----------------------------------------------------------------------


class NotAnObjectError(ValueError):
    """The body is JSON, but not an object (a list, a string, a number, null)."""


class JsonObjectParser(Parser):
    """Every JSON body the API takes is an object, as OpenAPI says. ninja would read `[null]`, `5` or
    `"x"` as an object whose fields all take their defaults (an empty PATCH, "mark all read"); this
    parser refuses them, and the handler answers 422 naming `body`."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObjectError
        return data

    def parse_querydict(self, data, list_fields, request):
        """Form and file parameters; a multipart body is checked here for text no field may hold
        (ForbiddenCharactersMiddleware leaves the API's multipart bodies to this point): names and values."""
        if request.content_type == "multipart/form-data":
            # File names need no check: Django's parser drops their control characters.
            found = forbidden_in_pairs(request.POST.lists()) or forbidden_in_pairs((name, []) for name in request.FILES)
            if found:
                raise ForbiddenCharacterError(forbidden_character_message(*found), field=found[0])
        return super().parse_querydict(data, list_fields, request)


class ForbiddenCharacterError(DomainError):
    """A multipart field's name or value holds a control character: 400 `forbidden_character`."""

    code = "forbidden_character"


# --- handlers ---------------------------------------------------------------------------------------


def install(api) -> None:
    """Register the one error shape on `api` for every exception an operation can end with."""

    def respond(status, **kwargs):
        return error_response(status, **kwargs)

    @api.exception_handler(NinjaValidationError)
    def on_invalid(request, exc):
        return respond(422, errors=validation_errors(exc.errors))

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc):
        field = getattr(exc, "field", None)
        code = getattr(exc, "code", None) or "refused"
        errors = [item(name, message, code) for name, message in getattr(exc, "field_errors", ())]
        if not errors and field:
            errors = [item(field, exc.message, code)]
        return respond(400, code=code, detail=exc.message, errors=errors)

    @api.exception_handler(ValidationError)
    def on_model_invalid(request, exc):
        if hasattr(exc, "error_dict"):
            pairs = [(field, message) for field, messages in exc.message_dict.items() for message in messages]
        else:
            pairs = [("", message) for message in exc.messages]
        errors = [item("" if field == "__all__" else field, message, "refused") for field, message in pairs]
        detail = pairs[0][1] if len(pairs) == 1 else _("Dữ liệu không hợp lệ.")
        return respond(400, code="refused", detail=detail, errors=errors)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return respond(403)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(404)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return respond(401, headers={"WWW-Authenticate": 'Bearer realm="ocop"'})

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        wait = getattr(exc, "wait", None)
        headers = {"Retry-After": str(int(wait))} if wait else {}
        detail = _("Quá nhiều yêu cầu. Hãy thử lại sau %(seconds)s giây.") % {"seconds": int(wait)} if wait else None
        return respond(429, detail=detail, headers=headers)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        code = getattr(exc, "code", None)
        if code:  # ours: the message is written for people already
            return respond(exc.status_code, code=code, detail=exc.message)
        if isinstance(exc.__cause__, NotAnObjectError):  # JsonObjectParser: JSON, but not an object
            return respond(422, errors=[item("body", _MESSAGES["model_type"], "model_type")])
        if exc.status_code == 400:  # ninja could not read the body
            message = _("Không đọc được nội dung yêu cầu: hãy gửi JSON hoặc biểu mẫu hợp lệ.")
            return respond(400, detail=message, errors=[item("body", message, "unreadable")])
        return respond(exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        return respond(413)

    @api.exception_handler(SuspiciousOperation)
    def on_suspicious(request, exc):
        return respond(400)


# --- answers made outside the API's operations -----------------------------------------------------


class ApiJsonErrorsMiddleware:
    """Under /api/, an error answer that is not JSON (Django's 404 page for an unknown address, the
    405 of an address that does not take the method, a 500 page) becomes the error shape."""

    prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.prefix) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code >= 500 and settings.DEBUG:
            return response  # keep the developer's traceback
        converted = error_response(response.status_code)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                converted[header] = response[header]
        return converted
