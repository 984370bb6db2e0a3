"""Request ids and structured logs: every line of a request carries its id; no secret is written."""

import io
import json
import logging

import pytest
from django.test import Client

from ocop.core.logging import JsonFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    """Lines written by the `ocop.request` and `django.request` loggers, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("ocop.request"), logging.getLogger("django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_request_id_from_the_proxy_is_kept_and_returned(client, log_lines):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f1c2a9e")
    assert response["X-Request-ID"] == "nginx-4f1c2a9e"
    [line] = log_lines()
    assert line["request_id"] == "nginx-4f1c2a9e"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)


@pytest.mark.parametrize("incoming", [None, "", "x" * 129, "abc\r\nSet-Cookie: a=b", "<script>"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(client, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}
    first = client.get("/healthz", **headers)["X-Request-ID"]
    second = client.get("/healthz", **headers)["X-Request-ID"]
    assert len(first) == 32
    assert int(first, 16) >= 0
    assert first != second


@pytest.mark.django_db
def test_an_error_is_logged_with_its_context_and_without_secrets(log_lines, monkeypatch, settings):
    def broken():
        raise RuntimeError("the report broke")

    monkeypatch.setattr("ocop.core.views.health_report", broken)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "very-secret-session-value"
    response = client.get("/readyz?token=very-secret-token", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500
    error = next(line for line in log_lines() if line["level"] == "ERROR")
    assert error["logger"] == "django.request"
    assert error["request_id"] == "req-500"
    assert (error["method"], error["path"]) == ("GET", "/readyz")
    assert "RuntimeError: the report broke" in error["exception"]
    everything = json.dumps(log_lines())
    assert "very-secret" not in everything


def test_extra_fields_named_like_secrets_are_not_written():
    record = logging.LogRecord("ocop.x", logging.INFO, __file__, 1, "login for %s", ("chuthe",), None)
    record.password = "Mat-khau"
    record.api_token = "tok"
    record.producer_id = 7
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "login for chuthe"
    assert line["producer_id"] == 7
    assert "password" not in line
    assert "api_token" not in line
