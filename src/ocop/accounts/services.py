"""Writes of the accounts app: users and API tokens."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import ApiToken, Role, User
from ocop.core.services import audit_record
from ocop.geo.models import Commune, Province

if TYPE_CHECKING:
    from ocop.producers.models import Producer


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
    province: Province | None = None,
    commune: Commune | None = None,
    producer: "Producer | None" = None,
    is_staff: bool = False,
    actor: User | None = None,
) -> User:
    user = User(
        username=username,
        role=role,
        full_name=full_name,
        email=email,
        province=province
        or (commune.province if commune else None)
        or (producer.commune.province if producer else None),
        commune=commune,
        producer=producer,
        is_staff=is_staff or role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", target=user, after={"username": username, "role": role})
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is never stored and cannot be shown again."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[5:13], key_hash=ApiToken.hash_key(key))
    audit_record(actor=user, action="api_token.create", target=token, after={"name": name})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action="api_token.revoke", target=token)
    return token
