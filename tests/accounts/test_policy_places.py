"""The named checks of trade, promotion, programme and imports: who acts for a province, who sees
the country's figures. Users are unsaved: the checks read the role and the scope, not the database."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ocop.accounts import policy
from ocop.accounts.models import Role, User

HOME, OTHER = 22, 15  # Quảng Ninh, Lào Cai


def user_of(role: str | None, province_id: int | None = HOME) -> User | AnonymousUser:
    if role is None:
        return AnonymousUser()
    return User(username=f"u-{role}", role=role, province_id=province_id, is_active=True)


EVERY_ROLE = [*Role.values, None]

ONE_ARGUMENT = {
    "is_commune_officer": {Role.COMMUNE_OFFICER},
    "is_provincial_officer": {Role.PROVINCIAL_OFFICER},
    "may_see_own_province": {Role.PROVINCIAL_OFFICER, Role.COUNCIL_MEMBER},
}


@pytest.mark.parametrize("name", ONE_ARGUMENT)
def test_check_admits_exactly_its_roles(name):
    check = getattr(policy, name)
    assert {role for role in EVERY_ROLE if check(user_of(role))} == ONE_ARGUMENT[name]


@pytest.mark.parametrize(
    ("province_id", "admitted"),
    [
        (HOME, {Role.PROVINCIAL_OFFICER, Role.ADMIN}),
        (OTHER, {Role.ADMIN}),
        (None, {Role.ADMIN}),
    ],
)
def test_a_province_is_managed_by_its_own_office_and_administrators(province_id, admitted):
    assert {role for role in EVERY_ROLE if policy.may_manage_province(user_of(role), province_id)} == admitted


@pytest.mark.parametrize(
    ("province_id", "admitted"),
    [
        (HOME, {Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}),
        (OTHER, {Role.CENTRAL_OFFICER, Role.ADMIN}),
        (None, {Role.CENTRAL_OFFICER, Role.ADMIN}),
    ],
)
def test_targets_of_a_place_are_set_by_the_central_office_or_the_place_own_office(province_id, admitted):
    assert {role for role in EVERY_ROLE if policy.may_plan_for_place(user_of(role), province_id)} == admitted


def test_a_provincial_officer_without_a_province_manages_none():
    assert policy.may_manage_province(user_of(Role.PROVINCIAL_OFFICER, province_id=None), None) is False


def test_an_inactive_administrator_manages_nothing():
    user = User(username="gone", role=Role.ADMIN, is_active=False)
    assert policy.may_manage_province(user, HOME) is False
