"""Hooks (ocop.core.hooks): event names are an enum, payloads frozen dataclasses, and settings.OCOP_HOOKS
is checked at start: an unknown event, a path that does not import, a receiver that cannot take the
payload, a missing event or a missing required receiver stops the start with a message naming it."""

import dataclasses
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from ocop.core.hooks import (
    PAYLOADS,
    REQUIRED_RECEIVERS,
    EventStatusChanged,
    HookEvent,
    ProductsChanged,
    PublicContentChanged,
    hook_problems,
    run_hooks,
)

CALLS: list[tuple[str, dict]] = []


def first_receiver(**arguments) -> None:
    CALLS.append(("first", arguments))


def second_receiver(*, product_ids) -> None:
    CALLS.append(("second", {"product_ids": product_ids}))


def takes_nothing() -> None:
    CALLS.append(("nothing", {}))


NOT_CALLABLE = 42


def hooks_with(**changes: list[str]) -> dict[str, list[str]]:
    """The project's setting with some entries changed (keys as in settings: dotted event names)."""
    hooks = {name: list(paths) for name, paths in django_settings.OCOP_HOOKS.items()}
    for key, paths in changes.items():
        hooks[key.replace("__", ".")] = paths
    return hooks


def test_the_project_setting_has_no_problem():
    assert hook_problems() == []
    assert set(django_settings.OCOP_HOOKS) == {event.value for event in HookEvent}


def test_every_event_has_exactly_one_payload_class():
    assert set(PAYLOADS) == set(HookEvent)
    assert {event: PAYLOADS[event].event for event in HookEvent} == {event: event for event in HookEvent}


def test_a_payload_is_frozen():
    payload = ProductsChanged(product_ids=(1, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        payload.product_ids = (3,)  # type: ignore[misc]  # the point of the test: assignment is refused


def test_an_unknown_event_name_is_named(settings):
    settings.OCOP_HOOKS = hooks_with(products__chanegd=["ocop.catalog.services.on_products_changed"])
    problems = hook_problems()
    assert len(problems) == 1
    assert "'products.chanegd'" in problems[0]
    assert "unknown hook event 'products.chanegd'" in problems[0]


def test_a_path_that_does_not_import_is_named(settings):
    settings.OCOP_HOOKS = hooks_with(products__changed=["ocop.catalog.services.on_products_chnaged"])
    problems = hook_problems()
    assert len(problems) == 1
    assert problems[0].startswith(
        "OCOP_HOOKS['products.changed']: không nhập được 'ocop.catalog.services.on_products_chnaged'"
    )
    assert "cannot import 'ocop.catalog.services.on_products_chnaged'" in problems[0]


def test_a_module_that_does_not_exist_is_named(settings):
    settings.OCOP_HOOKS = hooks_with(public_content__changed=["ocop.nowhere.receiver"])
    assert ["cannot import 'ocop.nowhere.receiver'" in problem for problem in hook_problems()] == [True]


def test_a_receiver_that_cannot_take_the_payload_is_named(settings):
    settings.OCOP_HOOKS = hooks_with(products__changed=["tests.core.test_hooks.takes_nothing"])
    assert hook_problems() == [
        "OCOP_HOOKS['products.changed']: 'tests.core.test_hooks.takes_nothing' không nhận đúng tham số "
        "(product_ids) — 'tests.core.test_hooks.takes_nothing' does not accept the payload's fields (product_ids)."
    ]


def test_something_not_callable_is_named(settings):
    settings.OCOP_HOOKS = hooks_with(products__changed=["tests.core.test_hooks.NOT_CALLABLE"])
    assert hook_problems() == [
        "OCOP_HOOKS['products.changed']: 'tests.core.test_hooks.NOT_CALLABLE' không gọi được — "
        "'tests.core.test_hooks.NOT_CALLABLE' is not callable."
    ]


def test_an_event_left_out_is_named(settings):
    hooks = hooks_with()
    del hooks["event.status_changed"]
    settings.OCOP_HOOKS = hooks
    problems = hook_problems()
    assert len(problems) == 1
    assert "hook event 'event.status_changed' has no entry" in problems[0]


def test_the_certificate_receiver_of_a_decision_is_required(settings):
    assert REQUIRED_RECEIVERS[HookEvent.DECISION_RECORDED] == (
        "ocop.certificates.services.certificate_issue_for_decision",
    )
    settings.OCOP_HOOKS = hooks_with(decision__recorded=[])
    assert hook_problems() == [
        "OCOP_HOOKS['decision.recorded']: thiếu 'ocop.certificates.services.certificate_issue_for_decision' — "
        "the required receiver 'ocop.certificates.services.certificate_issue_for_decision' is missing."
    ]


def test_the_start_fails_naming_the_bad_path(settings):
    settings.OCOP_HOOKS = hooks_with(products__changed=["ocop.catalog.services.missing"])
    with pytest.raises(ImproperlyConfigured, match=r"cannot import 'ocop\.catalog\.services\.missing'"):
        apps.get_app_config("core").ready()


def test_manage_py_check_fails_on_an_unknown_event(tmp_path):
    """The real start: settings that add an unknown event make `manage.py check` exit non-zero, naming it."""
    (tmp_path / "bad_hooks_settings.py").write_text(
        "from ocop.settings import *  # noqa: F403\n"
        "OCOP_HOOKS = {**OCOP_HOOKS, 'product.changed': ['ocop.catalog.services.on_products_changed']}\n"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bad_hooks_settings", "PYTHONPATH": f"{tmp_path}:src"},
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "unknown hook event 'product.changed'" in done.stderr


def test_run_hooks_calls_the_receivers_in_order_with_the_payload_fields(settings):
    CALLS.clear()
    settings.OCOP_HOOKS = hooks_with(
        products__changed=["tests.core.test_hooks.first_receiver", "tests.core.test_hooks.second_receiver"],
        public_content__changed=["tests.core.test_hooks.takes_nothing"],
        event__status_changed=["tests.core.test_hooks.first_receiver"],
    )
    run_hooks(ProductsChanged(product_ids=(7, 9)))
    run_hooks(PublicContentChanged())
    run_hooks(EventStatusChanged(event_id=3))
    assert CALLS == [
        ("first", {"product_ids": (7, 9)}),
        ("second", {"product_ids": (7, 9)}),
        ("nothing", {}),
        ("first", {"event_id": 3}),
    ]


def test_the_payload_passes_a_model_instance_as_it_is():
    """arguments() is shallow: the receiver gets the very object (dataclasses.asdict would deep-copy a row)."""
    marker = object()
    payload = EventStatusChanged(event_id=marker)  # type: ignore[arg-type]  # identity is what is tested
    assert payload.arguments()["event_id"] is marker
