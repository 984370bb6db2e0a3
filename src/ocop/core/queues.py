"""The dashboard's work queues: what waits for the user, each with a count and the list behind it.

Every queue is one entry of QUEUES: who sees it (a named check of `ocop.accounts.policy`, or of
`ocop.evaluations.policy` where a council seat decides), the records
(a selector of the app that owns them, already scoped to the user) and how one record reads in the
list. The dashboard shows the count of each queue the user's role can act on; the link opens
`core:queue`, which lists exactly those records: the count and the list come from the same selector,
so they cannot disagree. One COUNT query per queue, whatever the number of records.

The dashboard reads from the apps above core (like `core.views` reads `producers.selectors`); the
domain layer of core itself never imports this module.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts import policy
from ocop.core.formatting import localized


@dataclass(frozen=True)
class QueueRow:
    """One waiting record as the list shows it: what it is, a line of detail, where to act on it."""

    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Queue:
    key: str
    label: Promise  # "Hồ sơ chờ xã kiểm tra"
    shown_to: Callable[..., bool]  # a named check of accounts.policy (evaluations.policy for council seats)
    records: Callable[..., QuerySet]  # (user) -> the waiting records, scoped to the user
    row: Callable[[Model], QueueRow]

    @property
    def url(self) -> str:
        return reverse("core:queue", args=[self.key])


def _day(value) -> str:
    return date_format(value, "d/m/Y") if value else ""


# --- the records of each queue (each a selector of the app that owns the records) --------------------


def _dossiers(status: str):
    def records(user) -> QuerySet:
        from ocop.evaluations.selectors import dossiers_waiting

        return dossiers_waiting(user=user, status=status)

    return records


def _dossier_row(dossier) -> QueueRow:
    return QueueRow(
        title=localized(dossier.product, "name"),
        detail=_("%(producer)s · cập nhật %(day)s")
        % {"producer": dossier.producer.legal_name, "day": _day(timezone.localdate(dossier.updated_at))},
        url=reverse("evaluations:dossier", args=[dossier.pk]),
    )


def _sheets(user) -> QuerySet:
    from ocop.evaluations.selectors import sheets_to_score

    return sheets_to_score(user=user)


def _sheet_row(assignment) -> QueueRow:
    return QueueRow(
        title=localized(assignment.dossier.product, "name"),
        detail=_("%(producer)s · %(round)s")
        % {"producer": assignment.dossier.producer.legal_name, "round": assignment.round.name},
        url=reverse("evaluations:score", args=[assignment.dossier_id]),
    )


def _decisions(user) -> QuerySet:
    from ocop.evaluations.selectors import decisions_to_record

    return decisions_to_record(user=user)


def _decision_row(dossier) -> QueueRow:
    return QueueRow(
        title=localized(dossier.product, "name"),
        detail=_("%(producer)s · %(round)s")
        % {"producer": dossier.producer.legal_name, "round": dossier.round.name if dossier.round else ""},
        url=reverse("evaluations:decision", args=[dossier.pk]),
    )


def _to_close(user) -> QuerySet:
    from ocop.evaluations.selectors import dossiers_to_close

    return dossiers_to_close(user=user)


def _may_close(user) -> bool:
    from ocop.evaluations.policy import may_close_some_scoring

    return may_close_some_scoring(user)


def _to_close_row(dossier) -> QueueRow:
    return QueueRow(
        title=localized(dossier.product, "name"),
        detail=_("%(producer)s · %(round)s · mọi thành viên đã nộp phiếu")
        % {"producer": dossier.producer.legal_name, "round": dossier.round.name},
        url=reverse("evaluations:close", args=[dossier.pk]),
    )


def _expiring(days: int):
    def records(user) -> QuerySet:
        from ocop.certificates.selectors import certificate_list

        return certificate_list(user=user, expiring_within=days).select_related("product", "producer")

    return records


def _certificate_row(certificate) -> QueueRow:
    left = (certificate.valid_until - timezone.localdate()).days
    return QueueRow(
        title=localized(certificate.product, "name"),
        detail=_("Số %(number)s · ★%(stars)s · hết hiệu lực sau ngày %(day)s (còn %(left)s ngày)")
        % {
            "number": certificate.number,
            "stars": certificate.stars,
            "day": _day(certificate.valid_until),
            "left": left,
        },
        url=reverse("certificates:detail", args=[certificate.pk]),
    )


def _inquiries(status: str):
    def records(user) -> QuerySet:
        from ocop.trade.selectors import inquiry_list

        return inquiry_list(user=user, status=status).order_by("created_at", "id")

    return records


def _inquiry_row(inquiry) -> QueueRow:
    return QueueRow(
        title=_("%(company)s (%(country)s)") % {"company": inquiry.company, "country": inquiry.country},
        detail=_("%(product)s · gửi ngày %(day)s")
        % {"product": localized(inquiry.product, "name"), "day": _day(timezone.localdate(inquiry.created_at))},
        url=reverse("trade:inquiry_detail", args=[inquiry.pk]),
    )


def _booths(user) -> QuerySet:
    from ocop.promotion.selectors import booths_without_sales_today

    return booths_without_sales_today(user=user)


def _booth_row(booth) -> QueueRow:
    return QueueRow(
        title=_("Gian hàng %(number)s · %(exhibitor)s") % {"number": booth.number, "exhibitor": booth},
        detail=localized(booth.event, "name"),
        url=reverse("promotion:booth_sales", args=[booth.pk]),
    )


def _imports(user) -> QuerySet:
    from ocop.imports.selectors import import_jobs_with_problems

    return import_jobs_with_problems(user=user)


def _import_row(job) -> QueueRow:
    return QueueRow(
        title=job.original_name,
        detail=_("%(kind)s · %(status)s · %(problems)s lỗi · tải lên ngày %(day)s")
        % {
            "kind": job.get_kind_display(),
            "status": job.get_status_display(),
            "problems": job.problem_count,
            "day": _day(timezone.localdate(job.created_at)),
        },
        url=reverse("imports:job", args=[job.pk]),
    )


def _stamp_reports(user) -> QuerySet:
    from ocop.stamps.selectors import stamp_reports_new

    return stamp_reports_new(user=user)


def _stamp_report_row(report) -> QueueRow:
    return QueueRow(
        title=localized(report.run.certificate.product, "name"),
        detail=_("Tem số %(index)s · nơi mua: %(place)s · ngày %(day)s")
        % {"index": report.index, "place": report.place, "day": _day(timezone.localdate(report.created_at))},
        url=reverse("stamps:scans") + "#reports",
    )


# --- the queues, in the order the dashboard shows them ---------------------------------------------

QUEUES: dict[str, Queue] = {
    queue.key: queue
    for queue in (
        Queue(
            "dossiers-returned",
            gettext_lazy("Hồ sơ bị trả lại, cần bổ sung"),
            policy.may_prepare_dossier,
            _dossiers("returned"),
            _dossier_row,
        ),
        Queue(
            "dossiers-draft",
            gettext_lazy("Hồ sơ đang soạn, chưa nộp"),
            policy.may_prepare_dossier,
            _dossiers("draft"),
            _dossier_row,
        ),
        Queue(
            "dossiers-to-check",
            gettext_lazy("Hồ sơ chờ xã kiểm tra"),
            policy.may_check_dossier,
            _dossiers("submitted"),
            _dossier_row,
        ),
        Queue(
            "dossiers-to-forward",
            gettext_lazy("Hồ sơ xã đã tiếp nhận, chờ chuyển lên tỉnh"),
            policy.may_check_dossier,
            _dossiers("accepted"),
            _dossier_row,
        ),
        Queue(
            "dossiers-to-assign",
            gettext_lazy("Hồ sơ tỉnh đã nhận, chờ đưa vào đợt đánh giá"),
            policy.may_organise_province_round,
            _dossiers("forwarded"),
            _dossier_row,
        ),
        Queue(
            "dossiers-to-central",
            gettext_lazy("Hồ sơ chuyển Trung ương xét 5 sao"),
            policy.may_organise_central_round,
            _dossiers("forwarded_central"),
            _dossier_row,
        ),
        Queue("sheets-to-score", gettext_lazy("Phiếu chấm chờ bạn chấm"), policy.may_see_rounds, _sheets, _sheet_row),
        Queue(
            "scoring-to-close",
            gettext_lazy("Sản phẩm đã đủ phiếu chấm, chờ chủ tịch chốt điểm"),
            _may_close,
            _to_close,
            _to_close_row,
        ),
        Queue(
            "decisions-to-record",
            gettext_lazy("Quyết định chờ bạn ghi nhận"),
            policy.may_see_rounds,
            _decisions,
            _decision_row,
        ),
        Queue(
            "certificates-expiring-30",
            gettext_lazy("Giấy chứng nhận hết hạn trong 30 ngày"),
            policy.may_see_certificates,
            _expiring(30),
            _certificate_row,
        ),
        Queue(
            "certificates-expiring-90",
            gettext_lazy("Giấy chứng nhận hết hạn trong 90 ngày"),
            policy.may_see_certificates,
            _expiring(90),
            _certificate_row,
        ),
        Queue(
            "inquiries-unanswered",
            gettext_lazy("Yêu cầu của người mua chưa trả lời"),
            policy.may_answer_inquiries,
            _inquiries("new"),
            _inquiry_row,
        ),
        Queue(
            "inquiries-answered",
            gettext_lazy("Yêu cầu của bạn đã có trả lời"),
            policy.is_buyer,
            _inquiries("answered"),
            _inquiry_row,
        ),
        Queue(
            "booth-sales-today",
            gettext_lazy("Gian hàng chưa nhập doanh thu hôm nay"),
            policy.may_enter_sales,
            _booths,
            _booth_row,
        ),
        Queue(
            "imports-with-problems",
            gettext_lazy("Lần nhập Excel có lỗi (30 ngày qua)"),
            policy.may_see_imports,
            _imports,
            _import_row,
        ),
        Queue(
            "stamp-reports-new",
            gettext_lazy("Báo cáo tem nghi giả mới"),
            policy.may_handle_stamp_reports,
            _stamp_reports,
            _stamp_report_row,
        ),
    )
}


@dataclass(frozen=True)
class QueueCount:
    queue: Queue
    count: int


def work_queue(user) -> list[QueueCount]:
    """The queues the user's role can act on, each with the number of records waiting (one query each);
    those with work waiting first, otherwise in the order of QUEUES."""
    counts = [QueueCount(queue, queue.records(user).count()) for queue in QUEUES.values() if queue.shown_to(user)]
    return sorted(counts, key=lambda item: item.count == 0)


def queue_get(user, key: str) -> Queue:
    """One queue the user may open; another role's queue, or an unknown key, does not exist (404)."""
    queue = QUEUES.get(key)
    if queue is None or not queue.shown_to(user):
        raise Http404
    return queue


PRODUCER_LISTS = 10  # rows of each list of the producer's desk


@dataclass(frozen=True)
class ProducerDesk:
    """What a producer follows on the dashboard besides the queues."""

    dossiers: list  # evaluations.selectors.DossierNextStep: status, next step, next-star advice
    certificates: list  # in force, the first to expire first
    fairs: list  # announced fairs not over yet (the organisers register the booths)
    inquiries: list  # the latest buyers' inquiries


def producer_desk(user) -> ProducerDesk | None:
    """The producer's dossiers, certificates, upcoming fairs and inquiries, in a fixed number of queries."""
    if not policy.is_producer(user):
        return None
    from ocop.certificates.selectors import certificate_list
    from ocop.evaluations.selectors import producer_dossiers
    from ocop.promotion.selectors import upcoming_events
    from ocop.trade.selectors import inquiry_list

    certificates = certificate_list(user=user, status="valid").select_related("product").order_by("valid_until", "id")
    return ProducerDesk(
        dossiers=producer_dossiers(user=user),
        certificates=list(certificates[:PRODUCER_LISTS]),
        fairs=upcoming_events(PRODUCER_LISTS),
        inquiries=list(inquiry_list(user=user)[:PRODUCER_LISTS]),
    )
