"""One permission per action, declared on every endpoint (`ocop.accounts.policy.permission`).

- Every page (the URL patterns test_walk.py walks) and every API operation (the OpenAPI schema
  test_walk.py walks) declares its check; a new endpoint without one fails here, named.
- The decorator enforces what it declares: not logged in → the login page (a page) or 401 (the
  API); refused → 403 and the view does not run; allowed → the view runs.
- Each named check answers exactly its roles.
- The menu shows an item to exactly the roles its page admits.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch, resolve, reverse
from ninja.errors import AuthenticationError

from ocop.accounts import policy
from ocop.accounts.models import Role, User
from ocop.accounts.policy import LOGGED_IN, PUBLIC, declared_permission, permission
from ocop.api import api
from ocop.core.context_processors import _MENU
from tests.accounts.test_walk import operations, page_views

ALL_ROLES = [role.value for role in Role]


def _user(role: str | None, **extra):
    if role is None:
        return AnonymousUser()
    return User(username=f"u-{role}", role=role, **{"is_active": True, **extra})


# --- every endpoint declares its check -----------------------------------------------------------


def test_every_page_declares_a_permission():
    views = page_views()
    missing = [f"{name or route} ({route})" for route, name, view in views if declared_permission(view) is None]
    assert missing == [], "pages without @permission(...): " + ", ".join(missing)
    assert len(views) >= 130  # the walk's pages: the enumeration did not come back empty


def _operations_by_id() -> dict:
    found = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                found[operation.operation_id or api.get_openapi_operation_id(operation)] = operation
    return found


def test_every_api_operation_declares_a_permission():
    by_id = _operations_by_id()
    listed = operations()
    missing = [
        f"{method} {path}"
        for method, path, document_op in listed
        if declared_permission(by_id[document_op["operationId"]].view_func) is None
    ]
    assert missing == [], "API operations without @permission(...): " + ", ".join(missing)
    assert len(listed) >= 120


def test_operations_without_authentication_are_declared_public():
    """`auth=None` and a declaration other than PUBLIC would contradict each other."""
    by_id = _operations_by_id()
    contradictions = [
        f"{method} {path}"
        for method, path, document_op in operations()
        if by_id[document_op["operationId"]].auth_param is None
        and declared_permission(by_id[document_op["operationId"]].view_func) is not PUBLIC
    ]
    assert contradictions == []


# --- the decorator enforces what it declares -----------------------------------------------------

calls = []


@permission(policy.may_open_round)
def _guarded_view(request, pk):
    calls.append(pk)
    return HttpResponse("ran")


@pytest.fixture
def request_for():
    factory = RequestFactory()

    def build(user, api_call=False):
        request = factory.get("/evaluations/rounds/?year=2025")
        request.user = user
        if api_call:
            request.resolver_match = ResolverMatch(_guarded_view, (), {}, namespaces=["api"])
        return request

    calls.clear()
    return build


def test_declared_check_is_stored_on_the_view():
    assert declared_permission(_guarded_view) is policy.may_open_round


def test_anonymous_page_visitor_is_sent_to_the_login_page_and_the_view_does_not_run(request_for):
    response = _guarded_view(request_for(AnonymousUser()), pk=7)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/evaluations/rounds/%3Fyear%3D2025"
    assert calls == []


def test_anonymous_api_caller_gets_401_and_the_operation_does_not_run(request_for):
    with pytest.raises(AuthenticationError):
        _guarded_view(request_for(AnonymousUser(), api_call=True), pk=7)
    assert calls == []


def test_refused_user_gets_403_and_the_view_does_not_run(request_for):
    with pytest.raises(PermissionDenied):
        _guarded_view(request_for(_user(Role.COMMUNE_OFFICER)), pk=7)
    assert calls == []


def test_inactive_user_counts_as_not_logged_in(request_for):
    response = _guarded_view(request_for(_user(Role.PROVINCIAL_OFFICER, is_active=False)), pk=7)
    assert response.status_code == 302
    assert calls == []


def test_allowed_user_reaches_the_view_with_its_arguments(request_for):
    response = _guarded_view(request_for(_user(Role.PROVINCIAL_OFFICER)), pk=7)
    assert response.content == b"ran"
    assert calls == [7]


def test_superuser_counts_as_administrator(request_for):
    response = _guarded_view(request_for(_user(Role.BUYER, is_superuser=True)), pk=8)
    assert response.content == b"ran"
    assert calls == [8]


def test_public_leaves_the_view_itself_in_place():
    def view(request):
        return HttpResponse("ok")

    assert permission(PUBLIC)(view) is view
    assert declared_permission(view) is PUBLIC


def test_class_based_view_declaration_is_found():
    assert declared_permission(resolve(reverse("accounts:login")).func) is PUBLIC


# --- each named check answers exactly its roles --------------------------------------------------

P, C, PO, CM, CO, B, A = (
    Role.PRODUCER,
    Role.COMMUNE_OFFICER,
    Role.PROVINCIAL_OFFICER,
    Role.COUNCIL_MEMBER,
    Role.CENTRAL_OFFICER,
    Role.BUYER,
    Role.ADMIN,
)
EXPECTED_ROLES = {
    "PUBLIC": {P, C, PO, CM, CO, B, A, None},
    "LOGGED_IN": {P, C, PO, CM, CO, B, A},
    "is_producer": {P},
    "is_buyer": {B},
    "is_council_member": {CM},
    "is_officer": {C, PO, CM, CO, A},
    "may_see_producers": {C, PO, CM, CO, A},
    "may_see_products": {P, C, PO, CM, CO, A},
    "may_see_certificates": {P, C, PO, CM, CO, A},
    "may_register_producer": {PO, A},
    "may_see_evaluations": {P, C, PO, CO, A},
    "may_see_rounds": {PO, CM, CO, A},
    "may_open_round": {PO, CO, A},
    "may_run_historical_import": {PO, A},
    "may_see_imports": {PO, A},
    "may_manage_events": {PO, A},
    "may_see_trade": {P, C, PO, CO, A},
    "may_see_readiness": {P, C, PO, CO, B, A},
    "may_see_trade_office": {PO, CO, A},
    "may_record_trade": {PO, A},
    "may_see_inquiries": {P, PO, B, A},
    "may_answer_inquiries": {P, PO, A},
    "may_see_programme": {C, PO, CM, CO, A},
    "may_refresh_programme": {PO, CO, A},
    "may_see_sales": {P, C, PO, CO, A},
    "may_enter_sales": {P, PO, A},
    "may_see_stamps": {P, C, PO, CO, A},
    "may_request_stamps": {P, PO, A},
    # evaluations, producers, products, certificates (i20-policy-a)
    "is_commune_officer": {C},
    "is_central_officer": {CO},
    "is_national": {CO, A},
    "may_prepare_dossier": {P, A},
    "may_check_dossier": {C, A},
    "may_organise_province_round": {PO, A},
    "may_organise_central_round": {CO, A},
}


@pytest.mark.parametrize("name", EXPECTED_ROLES)
def test_named_check_admits_exactly_its_roles(name):
    check = getattr(policy, name)
    admitted = {role for role in [*ALL_ROLES, None] if check(_user(role))}
    assert admitted == EXPECTED_ROLES[name]


@pytest.mark.parametrize(("central", "expected"), [(True, {CO}), (False, {CM, PO})])
def test_a_council_seat_follows_the_accounts_role(central, expected):
    admitted = {role for role in ALL_ROLES if policy.may_sit_on_council(_user(role), central=central)}
    assert admitted == expected


def test_an_inactive_user_sits_on_no_council():
    assert not policy.may_sit_on_council(_user(Role.CENTRAL_OFFICER, is_active=False), central=True)


# --- the menu and the pages agree ----------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_menu_shows_an_item_to_exactly_the_roles_its_page_admits(role):
    """A menu item whose page declares a named check is shown to exactly the roles the check admits;
    an item on a page open to every logged-in user may narrow it (the producer's own pages)."""
    user = _user(role)
    for _label, url_name, shown_to in _MENU:
        page_check = declared_permission(resolve(reverse(url_name)).func)
        shown = shown_to(user)
        if page_check in (PUBLIC, LOGGED_IN):
            assert not shown or page_check(user), url_name
        else:
            assert shown == page_check(user), (url_name, role)
