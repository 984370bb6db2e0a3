"""One answer to "may this user see or change this object", used by every view and API handler.

A model opts in by declaring where its scope lives, as ORM paths from the model:

    class Producer(models.Model):
        scope_paths = ScopePaths(province="commune__province", commune="commune", producer="")
        change_roles = {Role.PROVINCIAL_OFFICER, Role.PRODUCER}

An empty path means "the object itself" (a Producer is its own producer scope). `change_roles`
lists the roles that may change an object inside their scope; everyone in scope may see it.
`public_view` marks models whose rows anyone, logged in or not, may see (the public catalogue).

Two refinements narrow what a role sees, so that every page, API handler and the history page
answer alike:

- `roles` lists the only roles that see the model at all (inquiries: not the commune or the
  council); an administrator always does.
- `personal` gives, per role, the rows the user is named on (a buyer's own inquiries, a council
  member's assigned dossiers). A role with an area scope sees the named rows inside that area;
  a role without one (a buyer) sees exactly the named rows.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from ocop.accounts.models import Role

M = TypeVar("M", bound=Model)  # the model of a queryset, kept through visible() and get_visible_or_404()

# Roles that see every province's records (and change those their change_roles allow).
NATIONAL_ROLES = {Role.CENTRAL_OFFICER, Role.ADMIN}


@dataclass(frozen=True)
class Named:
    """Rows whose `path` leads to the user, with `where` narrowing the same related row."""

    path: str
    where: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class ScopePaths:
    province: str
    commune: str | None = None
    producer: str | None = None
    roles: frozenset[str] | None = None
    personal: Mapping[str, tuple[Named, ...]] = field(default_factory=dict)


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
    if role != Role.ADMIN and paths.roles is not None and role not in paths.roles:
        return None
    area = _area_filter(user, role, paths)
    named = paths.personal.get(role) if role != Role.ADMIN else None
    if not named:
        return area
    rows = Q()
    for rule in named:
        rows |= Q(**{rule.path: user.pk, **dict(rule.where)})
    # A subquery, not a join: a dossier with three assignments is still one row.
    condition = Q(pk__in=model._default_manager.filter(rows).values("pk"))
    return condition if area is None else area & condition


def _area_filter(user, role: str, paths: ScopePaths) -> Q | None:
    if role in NATIONAL_ROLES:
        return Q()
    if role in (Role.PROVINCIAL_OFFICER, Role.COUNCIL_MEMBER) and user.province_id:
        return Q(**{_path_id(paths.province): user.province_id})
    if role == Role.COMMUNE_OFFICER and paths.commune is not None and user.commune_id:
        return Q(**{_path_id(paths.commune): user.commune_id})
    if role == Role.PRODUCER and paths.producer is not None and user.producer_id:
        return Q(**{_path_id(paths.producer): user.producer_id})
    return None


def visible(user, queryset: QuerySet[M]) -> QuerySet[M]:
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


def get_visible_or_404(user, queryset: QuerySet[M], **lookup) -> M:
    """Fetch one row the user may see; another scope's row is a 404, as if it did not exist."""
    obj = visible(user, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def require_change(user, obj: Model) -> None:
    """Raise PermissionDenied (403) unless the user may change the object."""
    if not may_change(user, obj):
        raise PermissionDenied
