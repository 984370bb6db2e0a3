"""Users: one role each, scoped by province, commune or producer as the role needs."""

import factory
from django.contrib.auth.hashers import make_password

from ocop.accounts.models import Role, User

PASSWORD = "Mat-khau-thu-nghiem-2026"

# The users of the `world` fixture (tests/conftest.py), in the order the permission tests walk them.
WORLD_ROLES = (
    "producer",
    "other_producer",
    "commune_officer",
    "provincial_officer",
    "other_provincial_officer",
    "council_member",
    "central_officer",
    "buyer",
    "admin",
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))
    role = Role.BUYER


def make_user(role: str, **scope) -> User:
    return UserFactory(role=role, **scope)
