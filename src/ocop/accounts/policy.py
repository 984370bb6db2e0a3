"""One answer to "may this user see or change this object", used by every view and API handler.

A model opts in by declaring where its scope lives, as ORM paths from the model:

    class Producer(models.Model):
        scope_paths = ScopePaths(province="commune__province", commune="commune", producer="")
        change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

An empty path means "the object itself" (a Producer is its own producer scope). `change_roles`
lists the roles that may change an object inside their scope; everyone in scope may see it.
`public_view` marks models whose rows anyone, logged in or not, may see (the public catalogue).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from ocop.accounts.models import Role

# Roles that see every province's records (and change those their change_roles allow).
NATIONAL_ROLES = {Role.CENTRAL_OFFICER, Role.ADMIN}


@dataclass(frozen=True)
class ScopePaths:
    province: str
    commune: str | None = None
    producer: str | None = None


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def _path_id(path: str) -> str:
    return f"{path}_id" if path else "pk"


def scope_filter(user, model: type[Model]) -> Q | None:
    """The Q that limits `model` rows to the user's scope, or None for "nothing at all"."""
    role = role_of(user)
    paths: ScopePaths | None = getattr(model, "scope_paths", None)
    if role is None or paths is None:
        return None
    if role in NATIONAL_ROLES:
        return Q()
    if role in (Role.PROVINCIAL_OFFICER, Role.COUNCIL_MEMBER) and user.province_id:
        return Q(**{_path_id(paths.province): user.province_id})
    if role == Role.COMMUNE_OFFICER and paths.commune is not None and user.commune_id:
        return Q(**{_path_id(paths.commune): user.commune_id})
    if role == Role.PRODUCER and paths.producer is not None and user.producer_id:
        return Q(**{_path_id(paths.producer): user.producer_id})
    return None


def visible(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that the user may see."""
    condition = scope_filter(user, queryset.model)
    if condition is None:
        if getattr(queryset.model, "public_view", False):
            return queryset
        return queryset.none()
    return queryset.filter(condition)


def may_view(user, obj: Model) -> bool:
    if getattr(obj, "public_view", False):
        return True
    condition = scope_filter(user, type(obj))
    return condition is not None and type(obj)._default_manager.filter(condition, pk=obj.pk).exists()


def may_change(user, obj: Model) -> bool:
    role = role_of(user)
    if role is None:
        return False
    if role != Role.ADMIN and role not in getattr(obj, "change_roles", set()):
        return False
    condition = scope_filter(user, type(obj))
    return condition is not None and type(obj)._default_manager.filter(condition, pk=obj.pk).exists()


def get_visible_or_404(user, queryset: QuerySet, **lookup) -> Model:
    """Fetch one row the user may see; another scope's row is a 404, as if it did not exist."""
    obj = visible(user, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def require_change(user, obj: Model) -> None:
    """Raise PermissionDenied (403) unless the user may change the object."""
    if not may_change(user, obj):
        raise PermissionDenied
