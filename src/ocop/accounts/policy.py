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

Permissions: one named check per action, declared once on every endpoint
-------------------------------------------------------------------------

Which *kind* of user may take an action (open a round, see the imports, enter sales) is a named
check below, `may_<action>(user) -> bool`, and nowhere else: the menu (`core.context_processors`),
the page views and the API operations all ask the same function, so they cannot disagree. A role
set or a role string is written only here. Checks that need other data (a council seat) live next
to that data and are named the same way (`evaluations.policy.may_record_decision`).

Every page view and every API operation declares its check once, in the style of pretix's
`permission = "can_change_orders"`:

    @permission(policy.may_open_round)          # a page view
    def round_list(request): ...

    @router.post("/rounds", ...)
    @permission(policy.may_open_round)          # a django-ninja operation: under the router line
    def round_open(request, payload: RoundIn): ...

`permission(PUBLIC)` lets anyone in; `permission(LOGGED_IN)` anyone logged in (the object-level
answer is then the scope functions above, inside the view). The decorator stores the check on the
function (`declared_permission(view)`) and enforces it before the view runs: a visitor who is not
logged in is sent to the login page (a page) or answered 401 (the API); a logged-in user the check
refuses gets 403 and nothing runs. tests/accounts/test_permissions.py walks every URL pattern and
every API operation and fails, naming it, on any endpoint without a declaration.
"""

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
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


# --- Named checks: which kind of user may take an action ------------------------------------------

# The role sets behind the checks. Use the checks, not these sets, outside this module.
_OFFICERS = frozenset(
    {Role.COMMUNE_OFFICER, Role.PROVINCIAL_OFFICER, Role.COUNCIL_MEMBER, Role.CENTRAL_OFFICER, Role.ADMIN}
)
_PROVINCE_OFFICE = frozenset({Role.PROVINCIAL_OFFICER, Role.ADMIN})
_OFFICES = frozenset({Role.PROVINCIAL_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN})
_TRADE_WORK = _OFFICES | {Role.COMMUNE_OFFICER, Role.PRODUCER}
_SALES_ENTRY = frozenset({Role.PRODUCER, Role.PROVINCIAL_OFFICER, Role.ADMIN})


def _has_role(user, roles) -> bool:
    return role_of(user) in roles


def is_producer(user) -> bool:
    """The user acts for one OCOP producer (their organisation, booths, dossiers)."""
    return role_of(user) == Role.PRODUCER


def is_admin(user) -> bool:
    """A system administrator (or a superuser): every scope, every action."""
    return role_of(user) == Role.ADMIN


def is_buyer(user) -> bool:
    """The user is a buyer or importer (inquiries only)."""
    return role_of(user) == Role.BUYER


def is_council_member(user) -> bool:
    """The user sits on evaluation councils (scores assigned dossiers)."""
    return role_of(user) == Role.COUNCIL_MEMBER


def is_officer(user) -> bool:
    """Any officer of the programme: commune, province, council, central office, administrator."""
    return _has_role(user, _OFFICERS)


def may_see_producers(user) -> bool:
    """The producer registry: every officer."""
    return _has_role(user, _OFFICERS)


def may_see_products(user) -> bool:
    """The product registry: every officer and producers (their own products)."""
    return _has_role(user, _OFFICERS | {Role.PRODUCER})


def may_see_certificates(user) -> bool:
    """The certificate register: every officer and producers (their own certificates)."""
    return _has_role(user, _OFFICERS | {Role.PRODUCER})


def may_register_producer(user) -> bool:
    """Create a producer or archive one: the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE)


def may_see_evaluations(user) -> bool:
    """The dossiers workspace: producers, commune and provincial officers, the central office."""
    return _has_role(user, (_OFFICERS - {Role.COUNCIL_MEMBER}) | {Role.PRODUCER})


def may_see_rounds(user) -> bool:
    """The list of evaluation rounds: those who run them and council members, who sit on them."""
    return _has_role(user, _OFFICES | {Role.COUNCIL_MEMBER})


def may_open_round(user) -> bool:
    """Open evaluation rounds and form their councils: the provincial and the central office."""
    return _has_role(user, _OFFICES)


def may_run_historical_import(user) -> bool:
    """Load past evaluations from a spreadsheet: the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE)


def may_see_imports(user) -> bool:
    """Excel import and export: the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE)


def may_manage_events(user) -> bool:
    """Create fairs and exhibitions (in one's own province): the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE)


def may_see_trade(user) -> bool:
    """The distribution and export workspace: the offices, commune officers and producers."""
    return _has_role(user, _TRADE_WORK)


def may_see_readiness(user) -> bool:
    """Export readiness per product and market: the trade workspace's roles (the products in their scope)
    and buyers (the public, certified products; the missing document types, never the files)."""
    return _has_role(user, _TRADE_WORK | {Role.BUYER})


def may_see_trade_office(user) -> bool:
    """Trade figures across producers (agreement lists, partners): the provincial and central office."""
    return _has_role(user, _OFFICES)


def may_record_trade(user) -> bool:
    """Create sales points, agreements and partners: the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE)


def may_see_inquiries(user) -> bool:
    """Buyers' inquiries: the buyer who sent one, the producer it is for, the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE | {Role.PRODUCER, Role.BUYER})


def may_answer_inquiries(user) -> bool:
    """Answer a buyer's inquiry: the producer it is for and the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE | {Role.PRODUCER})


def may_see_programme(user) -> bool:
    """The programme overview (phases, targets, indicators): every officer."""
    return _has_role(user, _OFFICERS)


def may_refresh_programme(user) -> bool:
    """Recompute the programme's indicators and set targets: the provincial and central office."""
    return _has_role(user, _OFFICES)


def may_see_sales(user) -> bool:
    """Sales figures: producers (their own) and the officers who follow them, not council members."""
    return _has_role(user, _TRADE_WORK)


def may_enter_sales(user) -> bool:
    """Enter or import sales figures: producers (their own) and the provincial office."""
    return _has_role(user, _SALES_ENTRY)


def may_see_stamps(user) -> bool:
    """Stamp runs and their scans: producers (their own) and every officer but council members."""
    return _has_role(user, (_OFFICERS - {Role.COUNCIL_MEMBER}) | {Role.PRODUCER})


def may_request_stamps(user) -> bool:
    """Request a stamp run and void stamps: the producer (its own products) and the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE | {Role.PRODUCER})


def may_handle_stamp_reports(user) -> bool:
    """Mark a consumer's stamp report handled: the provincial office (the reports are routed to it)."""
    return _has_role(user, _PROVINCE_OFFICE)


# --- Named checks of evaluations, producers, products, certificates (i20-policy-a) ---------------


def is_central_officer(user) -> bool:
    """The user works for the central OCOP office (its rounds are central rounds)."""
    return role_of(user) == Role.CENTRAL_OFFICER


def is_national(user) -> bool:
    """The central office or an administrator: every province's records."""
    return _has_role(user, NATIONAL_ROLES)


def may_prepare_dossier(user) -> bool:
    """Open a dossier, fill in its registration, self-assessment and evidence, submit it: the producer."""
    return _has_role(user, {Role.PRODUCER, Role.ADMIN})


def may_check_dossier(user) -> bool:
    """Accept, return and score a submitted dossier for the commune: the commune officer."""
    return _has_role(user, {Role.COMMUNE_OFFICER, Role.ADMIN})


def may_organise_province_round(user) -> bool:
    """Open a provincial round, form its council, assign its dossiers: the provincial office."""
    return _has_role(user, _PROVINCE_OFFICE)


def may_organise_central_round(user) -> bool:
    """Open a central round, form its council, assign its dossiers: the central office."""
    return _has_role(user, {Role.CENTRAL_OFFICER, Role.ADMIN})


def may_sit_on_council(user, *, central: bool) -> bool:
    """A seat on a central council (central officers) or a provincial one (council members and provincial
    officers). The account's role decides, not the superuser flag; the province is the caller's check."""
    if not user.is_active:
        return False
    if central:
        return user.role == Role.CENTRAL_OFFICER
    return user.role in (Role.COUNCIL_MEMBER, Role.PROVINCIAL_OFFICER)


# --- Declaring a check on every endpoint ----------------------------------------------------------


def PUBLIC(user) -> bool:
    """Anyone, logged in or not."""
    return True


def LOGGED_IN(user) -> bool:
    """Anyone logged in; what they reach is the scope functions' answer inside the view."""
    return role_of(user) is not None


PERMISSION_ATTRIBUTE = "ocop_permission"


def declared_permission(view) -> Callable | None:
    """The check a view or API operation declared with `permission`, or None."""
    found = getattr(view, PERMISSION_ATTRIBUTE, None)
    if found is None and hasattr(view, "view_class"):  # a class-based view's as_view()
        found = getattr(view.view_class, PERMISSION_ATTRIBUTE, None)
    return found


def _is_api(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and "api" in match.namespaces


def permission(check: Callable[..., bool]):
    """Declare and enforce who may use a page view or an API operation (see the module docstring)."""

    def decorate(view):
        if check is PUBLIC:
            setattr(view, PERMISSION_ATTRIBUTE, check)
            return view

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            user = getattr(request, "user", None)
            if role_of(user) is None:
                if _is_api(request):
                    from ninja.errors import AuthenticationError

                    raise AuthenticationError
                return redirect_to_login(request.get_full_path())
            if not check(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(guarded, PERMISSION_ATTRIBUTE, check)
        return guarded

    return decorate


# --- Named checks of trade, promotion, programme and imports ----------------------------------------
# (A block of its own: the checks above serve the evaluation side, these the programme's other apps.)

_PROVINCE_SEATS = frozenset({Role.PROVINCIAL_OFFICER, Role.COUNCIL_MEMBER})


def is_commune_officer(user) -> bool:
    """The user is a commune officer (one commune's producers and figures)."""
    return role_of(user) == Role.COMMUNE_OFFICER


def is_provincial_officer(user) -> bool:
    """The user works in a province's OCOP office."""
    return role_of(user) == Role.PROVINCIAL_OFFICER


def may_manage_province(user, province_id: int | None) -> bool:
    """Act for one province's office (its fairs, sales points, agreements, funding, selections):
    the provincial officers of that province, and administrators."""
    if is_admin(user):
        return True
    return is_provincial_officer(user) and province_id is not None and user.province_id == province_id


def may_plan_for_place(user, province_id: int | None) -> bool:
    """Set a target or record a published figure for a place (None: the whole country): the central
    office and administrators for any place, a province's officers for their own province."""
    return is_national(user) or may_manage_province(user, province_id)


def may_see_own_province(user) -> bool:
    """The programme's figures for one's own province and its communes: provincial officers and council
    members."""
    return _has_role(user, _PROVINCE_SEATS)
