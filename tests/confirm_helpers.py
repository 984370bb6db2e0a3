"""The confirmation step (ocop.core.confirm) as a browser without JavaScript walks it: a client that enforces
CSRF, the token read from the page it was given, and the confirm form's own fields posted back."""

import html
import re

from django.test import Client

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_FORM = re.compile(r'<form method="post" action="([^"]*)" class="confirm-form[^"]*"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token(client: Client, url: str) -> str:
    """A real CSRF token: the one of the page at `url` as the user's browser would get it."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return TOKEN.search(page.content.decode()).group(1)


def post(client: Client, url: str, data: dict, *, csrf_from: str):
    """POST `data` to `url` with the token of the page `csrf_from` (the page the form is on)."""
    return client.post(url, {**data, "csrfmiddlewaretoken": token(client, csrf_from)})


def step_of(response) -> tuple[str, dict[str, str]]:
    """The confirmation page's form: where it posts and the hidden fields it carries (confirm included)."""
    text = response.content.decode()
    found = CONFIRM_FORM.search(text)
    assert found, "no confirmation form on the page"
    action, body = found.groups()
    fields = {name: html.unescape(value) for name, value in HIDDEN.findall(body) if name != "csrfmiddlewaretoken"}
    return html.unescape(action), fields


def consequences(response) -> str:
    text = response.content.decode()
    return text.split('<ul id="consequences" class="consequences">')[1].split("</ul>")[0]


def confirm(client: Client, response, **fields):
    """Press the confirm button of the confirmation page `response`, the visible fields given as `fields`."""
    action, hidden = step_of(response)
    return client.post(
        action, {**hidden, **fields, "csrfmiddlewaretoken": TOKEN.search(response.content.decode()).group(1)}
    )
