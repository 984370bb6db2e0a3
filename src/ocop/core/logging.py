"""Structured logs: one JSON object a line in production, each carrying the request id.

The id comes from the X-Request-ID header a proxy sets (nginx's $request_id, see deploy/), or is made
here; it is returned in the response, so a person can quote it and an operator can find every line
of that request across web servers and workers. Nothing secret is written: no headers, cookies,
query strings or request bodies, only the method, the path and the user's id.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# What we accept from a proxy or client: letters, digits and . _ - (at most 128): a value that
# cannot forge log lines or headers. Anything else is replaced by a fresh id.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")

# Attributes every LogRecord has; anything else was passed in `extra=` and is written as a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "request_id"}
_SECRET_WORDS = ("password", "secret", "token", "authorization", "cookie", "csrf", "key")


def new_request_id(incoming: str | None) -> str:
    if incoming and _ACCEPTED_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (the current request's, or "-" outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def _written(name: str) -> bool:
    """Whether an `extra=` field of this name goes into the line (never one named like a secret)."""
    return not name.startswith("_") and not any(word in name.lower() for word in _SECRET_WORDS)


# The decision per field name, made once: the names come from the code's `extra=` keys, a short list,
# and checking each against the secret words cost a quarter of a request line.
_WRITTEN: dict[str, bool] = dict.fromkeys((*_STANDARD, "request"), False)


def _plain(value):
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):  # django.request passes the request
            entry["method"] = request.method
            entry["path"] = request.path
            user = getattr(request, "user", None)
            entry["user_id"] = getattr(user, "pk", None) if user is not None else None
        for name, value in record.__dict__.items():
            written = _WRITTEN.get(name)
            if written is None:
                written = _written(name)
                if len(_WRITTEN) < 4096:  # bounded, should a caller ever make names up
                    _WRITTEN[name] = written
            if written:
                entry[name] = _plain(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
