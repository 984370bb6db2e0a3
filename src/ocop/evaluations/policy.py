"""Who may take which evaluation action: one named check per action, used by the service, the page and the API.

In the style of `ocop.accounts.policy` (a permission declared once per action), for the rules that
depend on the evaluation workflow itself (council seats), which the accounts layer cannot see.
"""

from ocop.accounts import policy
from ocop.accounts.models import User
from ocop.evaluations.models import CouncilMember, CouncilRole, Dossier, DossierStatus, ScoreSheet

S = DossierStatus
CLOSED_STATES = frozenset({S.CLOSED, S.FORWARDED_CENTRAL, S.DECIDED})


def decision_recorders(dossier: Dossier) -> list[User]:
    """The people who record the decision on this dossier: the secretary of its round's council."""
    if dossier.round_id is None:
        return []
    seats = CouncilMember.objects.filter(
        council__round_id=dossier.round_id, role=CouncilRole.SECRETARY, user__is_active=True
    ).select_related("user")
    return [seat.user for seat in seats.order_by("id")]


def _admin_or_seat(user, dossier: Dossier, role: str) -> bool:
    """A system administrator, or `user` holds the `role` seat on the council of the dossier's round."""
    if not policy.LOGGED_IN(user):
        return False
    if policy.is_admin(user):
        return True
    if dossier.round_id is None:
        return False
    return CouncilMember.objects.filter(council__round_id=dossier.round_id, role=role, user_id=user.pk).exists()


def may_record_decision(user, dossier: Dossier) -> bool:
    """Whether `user` may record the decision on `dossier` (whatever its status): its council's secretary,
    or a system administrator."""
    return _admin_or_seat(user, dossier, CouncilRole.SECRETARY)


def may_close(user, dossier: Dossier) -> bool:
    """Whether `user` may close the scoring of `dossier` (whatever its status): its council's chair, or a system
    administrator — as dossier_close checks."""
    return _admin_or_seat(user, dossier, CouncilRole.CHAIR)


def may_close_some_scoring(user) -> bool:
    """Whether `user` closes scoring anywhere (the dashboard's "ready to close" queue): a system administrator,
    or the chair of some round's council. The provincial office does not close (may_close)."""
    if not policy.LOGGED_IN(user):
        return False
    return policy.is_admin(user) or CouncilMember.objects.filter(role=CouncilRole.CHAIR, user_id=user.pk).exists()


def may_see_scores(user, dossier: Dossier) -> bool:
    """Whether `user` may see the council members' scores of `dossier` now.

    Once the chair has closed it, everyone who sees the dossier does, except its producer, who waits for the
    decision; before that, only a scorer who has submitted their own sheet.
    """
    if dossier.status in CLOSED_STATES:
        return not policy.is_producer(user) or dossier.status == S.DECIDED
    return ScoreSheet.objects.filter(
        dossier=dossier,
        round_id=dossier.round_id,
        member__user_id=user.pk,
        status=ScoreSheet.Status.SUBMITTED,
    ).exists()


def may_see_result(user, dossier: Dossier) -> bool:
    """Whether `user` may see the council's result of `dossier` (closed, and its scores visible to them)."""
    return dossier.status in CLOSED_STATES and may_see_scores(user, dossier)


# --- The printed papers (ocop.evaluations.papers) ----------------------------------------------------------


def council_seat(user, round_id: int | None) -> CouncilMember | None:
    """`user`'s seat on the council of round `round_id`, if they have one."""
    if round_id is None or not policy.LOGGED_IN(user):
        return None
    return CouncilMember.objects.filter(council__round_id=round_id, user_id=user.pk).first()


def may_print_blank_sheet(user, dossier: Dossier) -> bool:
    """The blank score sheet of a dossier in a round: the offices that run rounds, and its council's seats."""
    if dossier.round_id is None:
        return False
    return policy.may_open_round(user) or council_seat(user, dossier.round_id) is not None


def may_print_member_sheet(user, dossier: Dossier, member: CouncilMember) -> bool:
    """A member's filled sheet: the member's own, at any time; any member's for the offices that run rounds,
    once the council's scores are visible to them (the dossier is closed). A council member never prints
    another member's sheet."""
    if member.user_id == getattr(user, "pk", None):
        return True
    return policy.may_open_round(user) and may_see_scores(user, dossier)


def may_print_minutes(user, dossier: Dossier) -> bool:
    """The council's minutes for a dossier: once its result is visible to `user`, for the offices that run
    rounds and the council's seats."""
    if not may_see_result(user, dossier):
        return False
    if policy.may_open_round(user):
        return True
    return CouncilMember.objects.filter(council__round__results__dossier=dossier, user_id=user.pk).exists()


def may_print_round_papers(user, round_id: int) -> bool:
    """The round's result list and draft decision: the offices that run rounds, the council's chair and
    secretary."""
    if policy.may_open_round(user):
        return True
    seat = council_seat(user, round_id)
    return seat is not None and seat.role in (CouncilRole.CHAIR, CouncilRole.SECRETARY)
