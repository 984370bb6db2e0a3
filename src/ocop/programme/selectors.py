"""Reads of the programme: who sees which place, indicator values, target progress, the dashboards.

Target status (docs/programme.md):
    progress = actual / target.
    met        progress ≥ 100 %.
    missed     the phase has ended and progress < 100 %.
    not_started the phase has not begun.
    on_track   a paced indicator whose progress ≥ the elapsed share of the phase (days gone / days).
    behind     otherwise (and always, until met, for an unpaced indicator such as a share).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts import policy
from ocop.accounts.models import User
from ocop.geo.models import Commune, Province
from ocop.programme import formatting as fmt
from ocop.programme.dimensions import DIMENSIONS, labels, url_key
from ocop.programme.models import (
    BoothSalesReconciliation,
    CertifiedSpan,
    Channel,
    Indicator,
    Phase,
    ReportedStatistic,
    SalesLine,
    SalesSummary,
    SalesYearSummary,
    Target,
)
from ocop.programme.registry import Query, computation


class Status:
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"

    LABELS = {
        MET: gettext_lazy("Đã đạt"),
        ON_TRACK: gettext_lazy("Đúng tiến độ"),
        BEHIND: gettext_lazy("Chậm tiến độ"),
        MISSED: gettext_lazy("Không đạt"),
        NOT_STARTED: gettext_lazy("Chưa bắt đầu"),
        NO_DATA: gettext_lazy("Chưa có số liệu"),
    }


# --- Scope ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The place a dashboard covers: the whole country, a province or a commune."""

    province: Province | None = None
    commune: Commune | None = None

    @property
    def province_id(self) -> int | None:
        return self.province.pk if self.province else None

    @property
    def commune_id(self) -> int | None:
        return self.commune.pk if self.commune else None

    @property
    def label(self) -> str:
        if self.commune and self.province:
            return f"{self.commune.name}, {self.province.name}"
        if self.province:
            return self.province.name
        return _("Toàn quốc")

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if self.province:
            params["province"] = self.province.code
        if self.commune:
            params["commune"] = self.commune.code
        return params


def dashboard_scope(
    user: User | AnonymousUser, *, province_code: int | None = None, commune_code: int | None = None
) -> Scope:
    """The place a user may look at. Central officers and admins: the country or any place;
    provincial officers and council members: their province and its communes; commune officers:
    their commune. Anyone else (producers, buyers) has no dashboard (403)."""
    if not isinstance(user, User):
        raise PermissionDenied
    if policy.is_national(user):
        province = Province.objects.filter(code=province_code).first() if province_code else None
        if province_code and province is None:
            raise Http404
    elif policy.may_see_own_province(user) and user.province is not None:
        province = user.province
        if province_code and province_code != province.code:
            raise Http404
    elif policy.is_commune_officer(user) and user.commune_id:
        own = Commune.objects.select_related("province").get(pk=user.commune_id)
        if (province_code and province_code != own.province.code) or (commune_code and commune_code != own.code):
            raise Http404
        return Scope(province=own.province, commune=own)
    else:
        raise PermissionDenied
    commune: Commune | None = None
    if commune_code:
        commune = Commune.objects.select_related("province").filter(code=commune_code).first()
        if commune is None or (province is not None and commune.province_id != province.pk):
            raise Http404
        province = commune.province
    return Scope(province=province, commune=commune)


def may_see_national(user: User | AnonymousUser) -> bool:
    return policy.is_national(user)


# --- Phases and indicators -----------------------------------------------------------------------


def phase_current(today: datetime.date | None = None) -> Phase | None:
    today = today or timezone.localdate()
    phases = list(Phase.objects.all())
    for phase in phases:
        if phase.first_year <= today.year <= phase.last_year:
            return phase
    return phases[-1] if phases else None


def phase_by_code(code: str | None, today: datetime.date | None = None) -> Phase:
    if code:
        phase = Phase.objects.filter(code=code).first()
        if phase is None:
            raise Http404
        return phase
    phase = phase_current(today)
    if phase is None:
        raise Http404
    return phase


def phase_elapsed(phase: Phase, today: datetime.date) -> Decimal:
    first = datetime.date(phase.first_year, 1, 1)
    last = datetime.date(phase.last_year, 12, 31)
    if today < first:
        return Decimal(0)
    if today >= last:
        return Decimal(1)
    return (Decimal((today - first).days + 1) / Decimal((last - first).days + 1)).quantize(Decimal("0.0001"))


def indicators_by_code() -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.filter(active=True)}


def query_for(
    *, phase: Phase | None = None, scope: Scope, today: datetime.date, years: tuple[int, int] | None = None
) -> Query:
    if years:
        first, last = years
    elif phase is not None:
        first, last = phase.first_year, phase.last_year
    else:
        raise TypeError("query_for needs a phase or years")
    return Query(
        first_year=first, last_year=last, province_id=scope.province_id, commune_id=scope.commune_id, today=today
    )


def indicator_query(indicator: Indicator, query: Query) -> Query:
    return query.with_parameters(indicator.parameters or {})


def indicator_available(indicator: Indicator) -> bool:
    comp = computation(indicator.computation)
    return comp is not None and comp.available()


def indicator_total(indicator: Indicator, query: Query) -> Decimal | None:
    comp = computation(indicator.computation)
    if comp is None or not comp.available():
        return None
    return comp.total(indicator_query(indicator, query))


def indicator_breakdown(indicator: Indicator, query: Query, dimension: str) -> list[tuple[Any, str, Decimal]]:
    """(key, label, value) per key of one of the indicator's breakdowns."""
    comp = computation(indicator.computation)
    if comp is None or not comp.available() or dimension not in (indicator.breakdowns or []):
        return []
    rows = comp.by(indicator_query(indicator, query), dimension)
    names = labels(dimension, [key for key, _value in rows])
    return [(key, names[key], value) for key, value in rows]


def indicator_url(indicator_code: str, *, phase: Phase | None, scope: Scope, by: str = "", **filters: object) -> str:
    params: dict[str, Any] = {}
    if phase:
        params["phase"] = phase.code
    params.update(scope.params())
    if by:
        params["by"] = by
    for dimension, key in filters.items():
        params[dimension] = url_key(key)
    return reverse("programme:indicator", args=[indicator_code]) + "?" + urlencode(params)


def place_urls(
    indicator_code: str, *, phase: Phase | None, scope: Scope, place: str, keys: list[int | None], **filters: Any
) -> dict[int | None, str]:
    """Breakdown key → the indicator's page narrowed to that province or commune. A breakdown by place
    is keyed by row ids, the page's `province=`/`commune=` by official codes (one query for them all);
    a key with no place (sales with no commune) links to the page not narrowed."""
    model: type[Province] | type[Commune] = Province if place == "province" else Commune
    codes = dict(model.objects.filter(pk__in=[key for key in keys if key is not None]).values_list("pk", "code"))
    base = indicator_url(indicator_code, phase=phase, scope=scope, **filters)
    return {key: f"{base}&{place}={codes[key]}" if key in codes else base for key in keys}


# --- Targets -------------------------------------------------------------------------------------


@dataclass
class TargetProgress:
    target: Target
    actual: Decimal | None
    progress: Decimal | None  # percent
    elapsed: Decimal  # percent
    status: str

    @property
    def status_label(self) -> str:
        return str(Status.LABELS[self.status])


def target_status(
    *, actual: Decimal | None, target_value: Decimal, phase: Phase, paced: bool, today: datetime.date
) -> tuple[Decimal | None, Decimal, str]:
    elapsed = phase_elapsed(phase, today)
    if actual is None:
        return None, elapsed * 100, Status.NO_DATA
    progress = (Decimal(actual) * 100 / Decimal(target_value)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if progress >= 100:
        status = Status.MET
    elif today > datetime.date(phase.last_year, 12, 31):
        status = Status.MISSED
    elif today < datetime.date(phase.first_year, 1, 1):
        status = Status.NOT_STARTED
    elif paced and progress >= elapsed * 100:
        status = Status.ON_TRACK
    else:
        status = Status.BEHIND
    return progress, (elapsed * 100).quantize(Decimal("0.1")), status


def targets_for(phase: Phase, scope: Scope, today: datetime.date) -> list[TargetProgress]:
    """The targets set for exactly this place in this phase, with their actual value and status."""
    targets = (
        Target.objects.filter(phase=phase, province=scope.province, commune=scope.commune)
        .select_related("indicator", "phase", "province", "commune")
        .order_by("indicator__position", "indicator__code")
    )
    query = query_for(phase=phase, scope=scope, today=today)
    result = []
    for target in targets:
        actual = indicator_total(target.indicator, query)
        progress, elapsed, status = target_status(
            actual=actual, target_value=target.value, phase=phase, paced=target.indicator.paced, today=today
        )
        result.append(TargetProgress(target, actual, progress, elapsed, status))
    return result


# --- Headline ------------------------------------------------------------------------------------


@dataclass
class Headline:
    text: str
    href: str
    actual: Decimal
    target: Decimal | None
    progress: Decimal | None
    years: list[int]


def headline(
    phase: Phase,
    scope: Scope,
    today: datetime.date,
    *,
    sales_by_year: list[tuple[Any, str, Decimal]] | None = None,
) -> Headline | None:
    """'OCOP sales of 672 bn VND in three years, more than three times the 200 bn target', from records.
    `sales_by_year`: the sales indicator's breakdown by year for this phase and place, if the caller
    has it already (the overview), so that it is not read twice."""
    sales = Indicator.objects.filter(active=True, code="ocop_sales_revenue").first()
    if sales is None:
        return None
    if sales_by_year is None:
        sales_by_year = indicator_breakdown(sales, query_for(phase=phase, scope=scope, today=today), "year")
    per_year = [(key, value) for key, _label, value in sales_by_year if value > 0]
    if not per_year:
        return None
    actual = sum((value for _key, value in per_year), Decimal(0))
    years = [int(key) for key, _value in per_year]
    target = Target.objects.filter(phase=phase, indicator=sales, province=scope.province, commune=scope.commune).first()
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    count = len(years)
    params = {"place": scope.label, "amount": fmt.billions(actual), "count": count, "span": span}
    if count == 1:
        text = _("Doanh số bán hàng OCOP của %(place)s năm %(span)s đạt %(amount)s") % params
    else:
        text = _("Doanh số bán hàng OCOP của %(place)s trong %(count)s năm (%(span)s) đạt %(amount)s") % params
    progress = None
    if target:
        progress = (actual * 100 / target.value).quantize(Decimal("0.1"), ROUND_HALF_UP)
        ratio = actual / target.value
        tparams: dict[str, object] = {"target": fmt.billions(target.value), "progress": fmt.percent(progress)}
        if ratio >= 2:
            tparams["times"] = int(ratio)
            text += ", " + _("gấp hơn %(times)s lần mục tiêu đề ra (%(target)s; đạt %(progress)s)") % tparams
        elif ratio >= 1:
            text += ", " + _("vượt mục tiêu đề ra (%(target)s; đạt %(progress)s)") % tparams
        else:
            text += ", " + _("bằng %(progress)s mục tiêu đề ra (%(target)s)") % tparams
    text += "."
    href = indicator_url("ocop_sales_revenue", phase=phase, scope=scope, by="year")
    return Headline(
        text=text, href=href, actual=actual, target=target.value if target else None, progress=progress, years=years
    )


# --- Reported statistics -------------------------------------------------------------------------


@dataclass
class ReportedRow:
    statistic: ReportedStatistic
    computed: Decimal | None
    agrees: bool | None
    href: str
    others: list[ReportedStatistic] = field(default_factory=list)  # other sources with the same indicator and date


def reported_rows(scope: Scope, today: datetime.date) -> list[ReportedRow]:
    """Published figures for this place, each beside the figure computed from the records for the same
    date and breakdown. Neither is ever added to the other."""
    stats = (
        ReportedStatistic.objects.filter(province=scope.province)
        .select_related("indicator")
        .order_by("indicator__position", "as_of", "source")
    )
    if scope.commune:
        return []
    rows = []
    cache: dict[tuple[object, ...], Decimal | None] = {}
    for stat in stats:
        filters = tuple(sorted((stat.breakdown or {}).items()))
        key = (stat.indicator_id, stat.as_of, filters)
        if key not in cache:
            query = Query(
                first_year=stat.as_of.year,
                last_year=stat.as_of.year,
                province_id=scope.province_id,
                today=min(stat.as_of, today),
                filters=filters,
            )
            cache[key] = indicator_total(stat.indicator, query)
        computed = cache[key]
        agrees = None if computed is None else Decimal(computed) == stat.value
        href = indicator_url(
            stat.indicator.code,
            phase=None,
            scope=scope,
            year=stat.as_of.year,
            **dict(filters),
        )
        rows.append(ReportedRow(stat, computed, agrees, href + f"&as_of={stat.as_of.isoformat()}"))
    by_key: dict[tuple[object, ...], list[ReportedRow]] = {}
    for row in rows:
        by_key.setdefault(
            (row.statistic.indicator_id, row.statistic.as_of.year, str(row.statistic.breakdown)), []
        ).append(row)
    for group in by_key.values():
        for row in group:
            row.others = [
                other.statistic for other in group if other is not row and other.statistic.value != row.statistic.value
            ]
    return rows


# --- Sales lists ---------------------------------------------------------------------------------


def sales_lines_for(
    user: User | AnonymousUser, *, year: int | None = None, product_id: int | None = None
) -> QuerySet[SalesLine]:
    from ocop.accounts.policy import visible

    qs = visible(user, SalesLine.objects.select_related("product", "producer", "commune"))
    if year:
        qs = qs.filter(year=year)
    if product_id:
        qs = qs.filter(product_id=product_id)
    return qs.order_by("-year", "-quarter", "-period", "product__name_vi", "channel")


def dimension_label(dimension: str) -> str:
    return str(DIMENSIONS.get(dimension, dimension))


# --- Summary tables, recomputed and stored (checked by ocop_programme_refresh and the tests) ---------

# A summary row's key → (amount in VND, number of lines). The fine table's key: year, province id,
# commune id, producer type, product group id, channel; the year table's: year, province id, channel.
FineKey = tuple[int, int, int, str, int | None, str]
CoarseKey = tuple[int, int, str]
FineTable = dict[FineKey, tuple[int, int]]
CoarseTable = dict[CoarseKey, tuple[int, int]]


def sales_summary_expected() -> tuple[FineTable, CoarseTable]:
    """Both summary tables recomputed from the raw rows: {key tuple: (amount, lines)}."""
    fine: dict[FineKey, list[int]] = defaultdict(lambda: [0, 0])
    coarse: dict[CoarseKey, list[int]] = defaultdict(lambda: [0, 0])
    dims = ["year", "province_id", "commune_id", "producer_type", "product_group_id", "channel"]
    for row in SalesLine.objects.order_by().values(*dims).annotate(amount=Sum("amount_vnd"), n=Count("pk")):
        key = tuple(row[d] for d in dims)
        fine[key][0] += row["amount"]
        fine[key][1] += row["n"]
        coarse[(row["year"], row["province_id"], row["channel"])][0] += row["amount"]
        coarse[(row["year"], row["province_id"], row["channel"])][1] += row["n"]
    reco = (
        BoothSalesReconciliation.objects.filter(counted_vnd__gt=0)
        .order_by()
        .values("year", "province_id", "commune_id", "producer_type")
        .annotate(amount=Sum("counted_vnd"))
    )
    for row in reco:
        key = (row["year"], row["province_id"], row["commune_id"], row["producer_type"], None, Channel.FAIRS_EVENTS)
        fine[key][0] += row["amount"]
        coarse[(row["year"], row["province_id"], Channel.FAIRS_EVENTS)][0] += row["amount"]

    kept_fine = {k: (v[0], v[1]) for k, v in fine.items() if v != [0, 0]}
    kept_coarse = {k: (v[0], v[1]) for k, v in coarse.items() if v != [0, 0]}
    return kept_fine, kept_coarse


def sales_summary_stored() -> tuple[FineTable, CoarseTable]:
    dims = ["year", "province_id", "commune_id", "producer_type", "product_group_id", "channel"]
    fine: FineTable = {
        tuple(row[d] for d in dims): (row["amount_vnd"], row["lines"])
        for row in SalesSummary.objects.values(*dims, "amount_vnd", "lines")
    }
    coarse: CoarseTable = {
        (row["year"], row["province_id"], row["channel"]): (row["amount_vnd"], row["lines"])
        for row in SalesYearSummary.objects.values("year", "province_id", "channel", "amount_vnd", "lines")
    }
    return fine, coarse


# --- Certified-product spans (CertifiedSpan; ocop.programme.spans) ---------------------------------

StoredSpans = list[tuple[int, int, str, int, datetime.date, datetime.date]]


def certified_spans_expected(*, product_ids: list[int] | None = None) -> StoredSpans:
    """The spans recomputed from the certificates (of these products, or of all), sorted."""
    from django.apps import apps

    from ocop.programme.spans import CertificateDays, product_spans

    try:
        Certificate = apps.get_model("certificates", "Certificate")
    except LookupError:
        return []
    qs = Certificate.objects.order_by()
    if product_ids is not None:
        qs = qs.filter(product_id__in=product_ids)
    fields = ("id", "product_id", "producer_id", "stars", "decision_date", "valid_from", "valid_until")
    rows = qs.values_list(*fields, "revoked_at", "superseded_by__valid_from")
    return product_spans(
        CertificateDays(
            id=pk,
            product_id=product_id,
            producer_id=producer_id,
            stars=stars,
            decision_date=decided,
            valid_from=valid_from,
            valid_until=valid_until,
            revoked_on=timezone.localtime(revoked_at).date() if revoked_at else None,
            successor_from=successor_from,
        )
        for pk, product_id, producer_id, stars, decided, valid_from, valid_until, revoked_at, successor_from in rows
    )


def certified_spans_stored() -> StoredSpans:
    fields = ("product_id", "producer_id", "kind", "stars", "first_day", "last_day")
    return sorted(CertifiedSpan.objects.values_list(*fields))


# --- Partitions of the sales lines (PostgreSQL; docs/scaling.md) ---------------------------------


@dataclass(frozen=True)
class SalesPartition:
    """One partition of programme_salesline: the years it holds (`first_year` ≤ year < `end_year`;
    both None for the DEFAULT partition, which holds every other year) and its rows."""

    name: str
    first_year: int | None
    end_year: int | None
    rows: int


def sales_lines_partitioned() -> bool:
    """True when the sales-line table is partitioned (PostgreSQL after migration programme 0003)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [SalesLine._meta.db_table])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def sales_partitions() -> list[SalesPartition]:
    """The partitions of the sales-line table by year, the DEFAULT partition last; [] if not partitioned."""
    import re

    from django.db import connection

    if not sales_lines_partitioned():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
            [SalesLine._meta.db_table],
        )
        found = cursor.fetchall()
        partitions = []
        for name, bound in found:
            years = re.fullmatch(r"FOR VALUES FROM \('?(\d+)'?\) TO \('?(\d+)'?\)", bound)
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 - a partition name from the catalogue, quoted
            rows = cursor.fetchone()[0]
            first, end = (int(years[1]), int(years[2])) if years else (None, None)
            partitions.append(SalesPartition(name=name, first_year=first, end_year=end, rows=rows))
    return sorted(partitions, key=lambda p: (p.first_year is None, p.first_year or 0))
