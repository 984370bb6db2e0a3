"""The registered computations behind the indicators.

Models of other apps are looked up with `apps.get_model` when a computation runs, never imported
at module level: if the certificates, promotion or trade app is missing, its computations report
themselves unavailable (`requires`) and the rest of the programme keeps working.

Definitions (the rules a reader of a figure needs to know) are in docs/programme.md.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.programme.models import (
    BoothSalesReconciliation,
    CertifiedSpan,
    Funding,
    InvestmentSelection,
    SalesLine,
    SalesSummary,
    SalesYearSummary,
)
from ocop.programme.registry import Computation, Query, RecordColumn, RecordSection, indicator
from ocop.programme.spans import AT_LEAST, EXACT, FIRST, STARS

PROGRAMME_STATUSES = ("in_programme", "certified", "expired")
ZERO = Decimal(0)


def _model(label: str):
    return apps.get_model(label)


def _decimal(value) -> Decimal:
    return Decimal(value or 0)


def _product_link(obj) -> str:
    return reverse("products:detail", args=[obj.product_id if hasattr(obj, "product_id") else obj.pk])


def _producer_link(obj) -> str:
    return reverse("producers:detail", args=[obj.producer_id if hasattr(obj, "producer_id") else obj.pk])


class QuerysetComputation(Computation):
    """A value that is one aggregate over one filtered queryset.

    `paths` maps each dimension to the ORM path used both to filter (drill-down) and to group
    (breakdown). `year_path` is the path whose year falls in the query's years (flows)."""

    paths: dict[str, str] = {}
    year_path: str | None = None

    def base(self, query: Query) -> QuerySet:
        raise NotImplementedError

    def measure(self):
        return Count("pk", distinct=True)

    def filtered(self, query: Query, *, skip: tuple[str, ...] = (), base: QuerySet | None = None) -> QuerySet:
        qs = self.base(query) if base is None else base
        if self.year_path:
            qs = qs.filter(**{f"{self.year_path}__gte": query.first_year, f"{self.year_path}__lte": query.last_year})
        if query.province_id and "province" in self.paths:
            qs = qs.filter(**{self.paths["province"]: query.province_id})
        if query.commune_id and "commune" in self.paths:
            qs = qs.filter(**{self.paths["commune"]: query.commune_id})
        for dimension, key in query.filters:
            if dimension in skip or dimension == "year" or dimension not in self.paths:
                continue
            path = self.paths[dimension]
            qs = qs.filter(**({f"{path}__isnull": True} if key is None else {path: key}))
        return qs

    def total(self, query: Query) -> Decimal:
        return _decimal(self.filtered(query).aggregate(value=self.measure())["value"])

    def by(self, query: Query, dimension: str) -> list[tuple[Any, Decimal]]:
        if dimension == "year" and self.year_path:
            path = self.year_path
        elif dimension in self.paths:
            path = self.paths[dimension]
        else:
            return []
        rows = self.filtered(query).order_by().values(path).annotate(value=self.measure()).values_list(path, "value")
        return sorted(((key, _decimal(value)) for key, value in rows), key=lambda item: _sort_key(item[0]))


def _sort_key(key):
    return (key is None, str(key) if not isinstance(key, int) else f"{key:012d}")


PRODUCER_PATHS = {
    "province": "commune__province_id",
    "commune": "commune_id",
    "producer_type": "producer_type",
}
PRODUCT_PATHS = {
    "province": "producer__commune__province_id",
    "commune": "producer__commune_id",
    "producer_type": "producer__producer_type",
    "product_group": "product_set__group_id",
    "status": "status",
}


def _prefixed(paths: dict[str, str], prefix: str) -> dict[str, str]:
    return {key: f"{prefix}__{path}" for key, path in paths.items()}


# --- Sales ---------------------------------------------------------------------------------------

SALES_PATHS = {
    "province": "province_id",
    "commune": "commune_id",
    "producer_type": "producer_type",
    "product_group": "product_group_id",
    "channel": "channel",
}


@indicator("sales_revenue")
class SalesRevenue(QuerysetComputation):
    """Counted OCOP sales, read from the summary tables (see the services package for how they are kept)."""

    breakdowns = ("year", "province", "commune", "channel", "producer_type", "product_group")
    paths = SALES_PATHS
    year_path = "year"

    def _coarse(self, query: Query, dimension: str | None = None) -> bool:
        """Whether the per-year, per-province summary answers this question."""
        used = {d for d, _ in query.filters} - {"year"}
        return query.commune_id is None and used <= {"channel"} and dimension in (None, "year", "province", "channel")

    def base(self, query: Query) -> QuerySet:
        return SalesSummary.objects.all()

    def measure(self):
        return Sum("amount_vnd")

    def filtered(self, query: Query, *, skip: tuple[str, ...] = (), coarse: bool = False) -> QuerySet:
        if not coarse:
            return super().filtered(query, skip=skip)
        qs = SalesYearSummary.objects.filter(year__gte=query.first_year, year__lte=query.last_year)
        if query.province_id:
            qs = qs.filter(province_id=query.province_id)
        channel = query.filter_map.get("channel")
        if channel:
            qs = qs.filter(channel=channel)
        return qs

    def total(self, query: Query) -> Decimal:
        qs = self.filtered(query, coarse=self._coarse(query))
        return _decimal(qs.aggregate(value=Sum("amount_vnd"))["value"])

    def by(self, query: Query, dimension: str) -> list[tuple[Any, Decimal]]:
        if not self._coarse(query, dimension):
            return super().by(query, dimension)
        path = {"year": "year", "province": "province_id", "channel": "channel"}[dimension]
        rows = (
            self.filtered(query, coarse=True)
            .order_by()
            .values(path)
            .annotate(value=Sum("amount_vnd"))
            .values_list(path, "value")
        )
        return sorted(((key, _decimal(value)) for key, value in rows if value), key=lambda item: _sort_key(item[0]))

    def raw_lines(self, query: Query) -> QuerySet:
        qs = SalesLine.objects.filter(year__gte=query.first_year, year__lte=query.last_year)
        if query.province_id:
            qs = qs.filter(province_id=query.province_id)
        if query.commune_id:
            qs = qs.filter(commune_id=query.commune_id)
        for dimension, key in query.filters:
            if dimension in SALES_PATHS:
                path = SALES_PATHS[dimension]
                qs = qs.filter(**({f"{path}__isnull": True} if key is None else {path: key}))
        return qs

    def raw_booth(self, query: Query) -> QuerySet:
        filters = query.filter_map
        qs = BoothSalesReconciliation.objects.filter(
            year__gte=query.first_year, year__lte=query.last_year, counted_vnd__gt=0
        )
        if filters.get("channel") not in (None, "fairs_events") or filters.get("product_group", None) is not None:
            return qs.none()
        if query.province_id:
            qs = qs.filter(province_id=query.province_id)
        if query.commune_id:
            qs = qs.filter(commune_id=query.commune_id)
        if "producer_type" in filters:
            qs = qs.filter(producer_type=filters["producer_type"])
        return qs

    def records(self, query: Query) -> list[RecordSection]:
        lines = self.raw_lines(query).select_related("product", "producer", "commune")
        booth = self.raw_booth(query).select_related("producer", "commune").order_by("year", "quarter", "producer_id")
        return [
            RecordSection(
                title=_("Doanh số chủ thể báo cáo"),
                queryset=lines,
                total=_decimal(lines.aggregate(v=Sum("amount_vnd"))["v"]),
                columns=[
                    RecordColumn(_("Sản phẩm"), lambda o: o.product.name_vi, "link", _product_link),
                    RecordColumn(_("Chủ thể"), lambda o: o.producer.legal_name, "link", _producer_link),
                    RecordColumn(_("Xã, phường"), lambda o: o.commune.name),
                    RecordColumn(_("Kỳ"), lambda o: o.period_label),
                    RecordColumn(_("Kênh"), lambda o: o.get_channel_display()),
                    RecordColumn(_("Doanh thu"), lambda o: o.amount_vnd, "vnd"),
                ],
            ),
            RecordSection(
                title=_("Doanh thu gian hàng tại sự kiện chưa có trong báo cáo của chủ thể (cộng thêm)"),
                queryset=booth,
                total=_decimal(booth.aggregate(v=Sum("counted_vnd"))["v"]),
                columns=[
                    RecordColumn(_("Chủ thể"), lambda o: o.producer.legal_name, "link", _producer_link),
                    RecordColumn(_("Kỳ"), lambda o: f"Q{o.quarter}/{o.year}"),
                    RecordColumn(_("Doanh thu gian hàng"), lambda o: o.booth_vnd, "vnd"),
                    RecordColumn(_("Chủ thể đã báo cáo (hội chợ, sự kiện)"), lambda o: o.declared_vnd, "vnd"),
                    RecordColumn(_("Cộng thêm"), lambda o: o.counted_vnd, "vnd"),
                ],
            ),
        ]


# --- Registry ------------------------------------------------------------------------------------


def _product_columns() -> list[RecordColumn]:
    return [
        RecordColumn(_("Sản phẩm"), lambda o: o.name_vi, "link", lambda o: reverse("products:detail", args=[o.pk])),
        RecordColumn(_("Chủ thể"), lambda o: o.producer.legal_name, "link", _producer_link),
        RecordColumn(_("Xã, phường"), lambda o: o.producer.commune.name),
        RecordColumn(_("Trạng thái"), lambda o: o.get_status_display()),
    ]


@indicator("products")
class Products(QuerysetComputation):
    breakdowns = ("status", "province", "commune", "producer_type", "product_group")
    paths = PRODUCT_PATHS

    def measure(self):
        return Count("pk")  # one row per product: no join can repeat it

    def base(self, query: Query) -> QuerySet:
        return _model("products.Product").objects.filter(archived_at__isnull=True, status__in=PROGRAMME_STATUSES)

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("producer__commune").order_by("name_vi")
        return [RecordSection(_("Sản phẩm"), qs, _product_columns(), total=self.total(query))]


@indicator("producers")
class Producers(QuerysetComputation):
    breakdowns = ("producer_type", "province", "commune")
    paths = PRODUCER_PATHS

    def measure(self):
        return Count("pk")  # EXISTS does not repeat rows

    def base(self, query: Query) -> QuerySet:
        Product = _model("products.Product")
        in_programme = Product.objects.filter(
            producer=OuterRef("pk"), archived_at__isnull=True, status__in=PROGRAMME_STATUSES
        )
        return _model("producers.Producer").objects.filter(archived_at__isnull=True).filter(Exists(in_programme))

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("commune").order_by("legal_name")
        columns = [
            RecordColumn(
                _("Chủ thể"), lambda o: o.legal_name, "link", lambda o: reverse("producers:detail", args=[o.pk])
            ),
            RecordColumn(_("Loại hình"), lambda o: o.get_producer_type_display()),
            RecordColumn(_("Xã, phường"), lambda o: o.commune.name),
        ]
        return [RecordSection(_("Chủ thể"), qs, columns, total=self.total(query))]


# --- Certificates --------------------------------------------------------------------------------

CERTIFICATE_PATHS = {**_prefixed(PRODUCT_PATHS, "product"), "star": "stars"}
CERTIFICATE_PATHS["province"] = "producer__commune__province_id"
CERTIFICATE_PATHS["commune"] = "producer__commune_id"
CERTIFICATE_PATHS.pop("status")


def certificates_covering(day: datetime.date) -> QuerySet:
    """Certificates in force on `day`: issued, not past their last day, not revoked or superseded by then."""
    Certificate = _model("certificates.Certificate")
    return (
        Certificate.objects.filter(valid_from__lte=day, valid_until__gte=day)
        .exclude(status="revoked", revoked_at__date__lte=day)
        .exclude(superseded_by__valid_from__lte=day)
    )


def _certificate_columns() -> list[RecordColumn]:
    return [
        RecordColumn(_("Sản phẩm"), lambda o: o.product.name_vi, "link", _product_link),
        RecordColumn(_("Chủ thể"), lambda o: o.producer.legal_name, "link", _producer_link),
        RecordColumn(_("Hạng sao"), lambda o: "★" * o.stars),
        RecordColumn(_("Số giấy chứng nhận"), lambda o: o.number),
        RecordColumn(_("Ngày quyết định"), lambda o: o.decision_date, "date"),
        RecordColumn(_("Hiệu lực đến"), lambda o: o.valid_until, "date"),
    ]


SPAN_PLACES = {"province": "producer__commune__province_id", "commune": "producer__commune_id"}


def _span_answers(query: Query, dimension: str | None = None) -> bool:
    """Whether the certified-product spans answer this question (the place, a star; no other filter)."""
    used = {d for d, _ in query.filters} - {"year"}
    star = query.filter_map.get("star")
    if star is not None and not str(star).isdigit():
        return False
    return (
        used <= {"star"}
        and dimension in (None, "star", "year", *SPAN_PLACES)
        and query.params.get("min_stars", 3) in STARS
    )


def _spans(query: Query, kind: str) -> QuerySet:
    """A place's spans: its producers' ids as a subquery (planned from the place's few producers, not by
    joining every span to its producer)."""
    qs = CertifiedSpan.objects.filter(kind=kind)
    producers = _model("producers.Producer").objects.order_by()
    if query.commune_id:
        qs = qs.filter(producer_id__in=producers.filter(commune_id=query.commune_id).values("pk"))
    elif query.province_id:
        qs = qs.filter(producer_id__in=producers.filter(commune__province_id=query.province_id).values("pk"))
    return qs


def _covering(day: datetime.date) -> Q:
    return Q(first_day__lte=day, last_day__gte=day)


@indicator("certified_products")
class CertifiedProducts(QuerysetComputation):
    """Distinct products holding a certificate in force on the day measured, with a star ≥ min_stars.

    The overview's questions (a place, a star) are counted from the spans (`CertifiedSpan`, one
    merged span per product and star threshold); the others, and the records, from the certificates."""

    requires = (("certificates", "Certificate"),)
    breakdowns = ("star", "year", "province", "commune", "producer_type", "product_group")
    paths = CERTIFICATE_PATHS

    def measure(self):
        return Count("product_id", distinct=True)

    def base(self, query: Query) -> QuerySet:
        return certificates_covering(query.as_of).filter(stars__gte=query.params.get("min_stars", 3))

    def _held(self, query: Query) -> QuerySet:
        """Spans counting each product once: ★min_stars or more, or exactly the star filtered on."""
        minimum = query.params.get("min_stars", 3)
        star = query.filter_map.get("star")
        if star is None:
            return _spans(query, AT_LEAST).filter(stars=minimum)
        return _spans(query, EXACT).filter(stars=int(star), stars__gte=minimum)

    def total(self, query: Query) -> Decimal:
        if not _span_answers(query):
            return super().total(query)
        return Decimal(self._held(query).filter(_covering(query.as_of)).count())

    def by(self, query: Query, dimension: str) -> list[tuple[Any, Decimal]]:
        if not _span_answers(query, dimension):
            return self._per_year(query) if dimension == "year" else super().by(query, dimension)
        if dimension == "year":
            days = {year: min(datetime.date(year, 12, 31), query.today) for year in _years_to_today(query)}
            if not days:
                return []
            # Spans share their days (decisions come in batches): count per distinct (first, last) pair.
            pairs = (
                self._held(query)
                .filter(first_day__lte=max(days.values()), last_day__gte=min(days.values()))
                .order_by()
                .values_list("first_day", "last_day")
                .annotate(n=Count("pk"))
            )
            counts = dict.fromkeys(days, 0)
            for first, last, n in pairs:
                for year, day in days.items():
                    if first <= day <= last:
                        counts[year] += n
            return [(year, Decimal(count)) for year, count in counts.items()]
        qs = self._held(query) if dimension != "star" else self._held_by_star(query)
        path = SPAN_PLACES.get(dimension, "stars")
        rows = qs.filter(_covering(query.as_of)).order_by().values(path).annotate(value=Count("pk"))
        return sorted(((row[path], Decimal(row["value"])) for row in rows), key=lambda item: _sort_key(item[0]))

    def _held_by_star(self, query: Query) -> QuerySet:
        minimum = query.params.get("min_stars", 3)
        qs = _spans(query, EXACT).filter(stars__in=[stars for stars in STARS if stars >= minimum])
        star = query.filter_map.get("star")
        return qs if star is None else qs.filter(stars=int(star))

    def _per_year(self, query: Query) -> list[tuple[Any, Decimal]]:
        """Products in force on 31 December of each year (today for this year), from the certificates."""
        Certificate = _model("certificates.Certificate")
        base = Certificate.objects.filter(stars__gte=query.params.get("min_stars", 3))
        rows = list(
            self.filtered(query, base=base).values_list(
                "product_id", "valid_from", "valid_until", "status", "revoked_at", "superseded_by__valid_from"
            )
        )
        result = []
        for year in _years_to_today(query):
            day = min(datetime.date(year, 12, 31), query.today)
            products = {
                product
                for product, start, end, status, revoked_at, successor in rows
                if start <= day <= end
                and not (status == "revoked" and revoked_at and timezone.localtime(revoked_at).date() <= day)
                and not (successor and successor <= day)
            }
            result.append((year, Decimal(len(products))))
        return result

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("product", "producer").order_by("-stars", "product__name_vi")
        return [RecordSection(_("Giấy chứng nhận còn hiệu lực"), qs, _certificate_columns(), total=self.total(query))]


def _years_to_today(query: Query) -> range:
    return range(query.first_year, min(query.last_year, query.today.year) + 1)


def _first_certificates() -> QuerySet:
    """Each product's first certificate (earliest decision, then lowest id): the certificates with no
    earlier one for their product (an anti-join, not a sorted subquery per row)."""
    Certificate = _model("certificates.Certificate")
    earlier = Certificate.objects.filter(product=OuterRef("product")).filter(
        Q(decision_date__lt=OuterRef("decision_date"))
        | Q(decision_date=OuterRef("decision_date"), id__lt=OuterRef("id"))
    )
    return Certificate.objects.filter(~Exists(earlier))


@indicator("new_products")
class NewProducts(QuerysetComputation):
    """Products whose first certificate was decided in the query's years (the overview's questions
    from the "first" spans, the others and the records from the certificates)."""

    requires = (("certificates", "Certificate"),)
    breakdowns = ("year", "star", "province", "commune", "producer_type", "product_group")
    paths = CERTIFICATE_PATHS
    year_path = "decision_date__year"

    def measure(self):
        return Count("product_id", distinct=True)

    def base(self, query: Query) -> QuerySet:
        return _first_certificates()

    def _firsts(self, query: Query) -> QuerySet:
        qs = _spans(query, FIRST).filter(first_day__year__gte=query.first_year, first_day__year__lte=query.last_year)
        star = query.filter_map.get("star")
        return qs if star is None else qs.filter(stars=int(star))

    def total(self, query: Query) -> Decimal:
        if not _span_answers(query):
            return super().total(query)
        return Decimal(self._firsts(query).count())

    def by(self, query: Query, dimension: str) -> list[tuple[Any, Decimal]]:
        if not _span_answers(query, dimension):
            return super().by(query, dimension)
        path = {"year": "first_day__year", "star": "stars", **SPAN_PLACES}[dimension]
        rows = self._firsts(query).order_by().values(path).annotate(value=Count("pk"))
        return sorted(((row[path], Decimal(row["value"])) for row in rows), key=lambda item: _sort_key(item[0]))

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("product", "producer").order_by("decision_date")
        return [RecordSection(_("Giấy chứng nhận đầu tiên"), qs, _certificate_columns(), total=self.total(query))]


@indicator("developed_products")
class DevelopedProducts(QuerysetComputation):
    """Products certified before the years and certified again (renewal or upgrade) during them."""

    requires = (("certificates", "Certificate"),)
    breakdowns = ("star", "province", "commune", "producer_type", "product_group")
    paths = CERTIFICATE_PATHS
    year_path = "decision_date__year"

    def measure(self):
        return Count("product_id", distinct=True)

    def base(self, query: Query) -> QuerySet:
        Certificate = _model("certificates.Certificate")
        earlier = Certificate.objects.filter(product=OuterRef("product"), decision_date__lt=query.first_day)
        return Certificate.objects.exclude(status="revoked").filter(Exists(earlier))

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("product", "producer").order_by("decision_date")
        return [
            RecordSection(_("Giấy chứng nhận trong giai đoạn"), qs, _certificate_columns(), total=self.total(query))
        ]


@indicator("funnel")
class Funnel(QuerysetComputation):
    """The star funnel: products selected for investment in a phase within the years (stage
    "selected"); of those, the ones certified ★4–5 by a decision in the years ("star45"); of those,
    the ones recognised ★5 by the centre ("national5")."""

    requires = (("certificates", "Certificate"),)
    breakdowns = ("province", "commune", "producer_type", "product_group")
    paths = _prefixed(PRODUCT_PATHS, "product")

    def measure(self):
        return Count("product_id", distinct=True)

    def base(self, query: Query) -> QuerySet:
        qs = InvestmentSelection.objects.filter(
            phase__first_year__gte=query.first_year, phase__last_year__lte=query.last_year
        )
        stage = query.params.get("stage", "selected")
        if stage == "selected":
            return qs
        Certificate = _model("certificates.Certificate")
        reached = Certificate.objects.filter(
            product=OuterRef("product"),
            decision_date__year__gte=query.first_year,
            decision_date__year__lte=query.last_year,
            stars__gte=5 if stage == "national5" else 4,
        ).exclude(status="revoked")
        if stage == "national5":
            reached = reached.filter(authority_level="central")
        return qs.filter(Exists(reached))

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("product__producer", "phase").order_by("product__name_vi")
        columns = [
            RecordColumn(_("Sản phẩm"), lambda o: o.product.name_vi, "link", _product_link),
            RecordColumn(_("Chủ thể"), lambda o: o.product.producer.legal_name),
            RecordColumn(_("Giai đoạn"), lambda o: str(o.phase)),
            RecordColumn(_("Ngày lựa chọn"), lambda o: o.selected_on, "date"),
            RecordColumn(_("Văn bản"), lambda o: o.decision),
        ]
        return [RecordSection(_("Sản phẩm được chọn đầu tư"), qs, columns, total=self.total(query))]


# --- Promotion -----------------------------------------------------------------------------------

HELD = ("announced", "closed")


def _event_columns(event=lambda o: o) -> list[RecordColumn]:
    return [
        RecordColumn(_("Sự kiện"), lambda o: event(o).name),
        RecordColumn(_("Loại"), lambda o: event(o).get_event_type_display()),
        RecordColumn(_("Khai mạc"), lambda o: event(o).first_day, "date"),
    ]


@indicator("events")
class Events(QuerysetComputation):
    requires = (("promotion", "Event"),)
    breakdowns = ("year", "event_type", "province")
    paths = {"province": "province_id", "commune": "commune_id", "event_type": "event_type"}
    year_path = "first_day__year"

    def base(self, query: Query) -> QuerySet:
        return _model("promotion.Event").objects.filter(status__in=HELD)

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).order_by("first_day")
        columns = [*_event_columns(), RecordColumn(_("Số ngày"), lambda o: o.days, "int")]
        return [RecordSection(_("Sự kiện"), qs, columns, total=self.total(query))]


@indicator("event_visits")
class EventVisits(QuerysetComputation):
    requires = (("promotion", "DailyVisits"),)
    breakdowns = ("year", "event_type", "province")
    paths = {"province": "event__province_id", "commune": "event__commune_id", "event_type": "event__event_type"}
    year_path = "day__year"

    def base(self, query: Query) -> QuerySet:
        return _model("promotion.DailyVisits").objects.filter(event__status__in=HELD)

    def measure(self):
        return Sum("visits")

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("event").order_by("day")
        columns = [*_event_columns(lambda o: o.event), RecordColumn(_("Ngày"), lambda o: o.day, "date")]
        columns.append(RecordColumn(_("Lượt khách"), lambda o: o.visits, "int"))
        return [RecordSection(_("Lượt khách theo ngày"), qs, columns, total=self.total(query))]


@indicator("event_revenue")
class EventRevenue(QuerysetComputation):
    requires = (("promotion", "BoothSale"),)
    breakdowns = ("year", "event_type", "province")
    paths = {
        "province": "booth__event__province_id",
        "commune": "booth__event__commune_id",
        "event_type": "booth__event__event_type",
    }
    year_path = "day__year"

    def base(self, query: Query) -> QuerySet:
        return _model("promotion.BoothSale").objects.filter(booth__event__status__in=HELD)

    def measure(self):
        return Sum("amount_vnd")

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("booth__event", "booth__producer").order_by("day", "booth__number")
        columns = [
            *_event_columns(lambda o: o.booth.event),
            RecordColumn(_("Gian hàng"), lambda o: f"{o.booth.number} · {o.booth.exhibitor}"),
            RecordColumn(_("Ngày"), lambda o: o.day, "date"),
            RecordColumn(_("Doanh thu"), lambda o: o.amount_vnd, "vnd"),
        ]
        return [RecordSection(_("Doanh thu gian hàng theo ngày"), qs, columns, total=self.total(query))]


# --- Trade ---------------------------------------------------------------------------------------


@indicator("ecommerce_listings")
class EcommerceListings(QuerysetComputation):
    """Distinct products with at least one active listing on an e-commerce platform (today)."""

    requires = (("trade", "Listing"),)
    breakdowns = ("province", "commune", "producer_type", "product_group")
    paths = _prefixed(PRODUCT_PATHS, "product")

    def measure(self):
        return Count("product_id", distinct=True)

    def base(self, query: Query) -> QuerySet:
        return _model("trade.Listing").objects.filter(status="active", product__archived_at__isnull=True)

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).select_related("product__producer", "platform").order_by("product__name_vi")
        columns = [
            RecordColumn(_("Sản phẩm"), lambda o: o.product.name_vi, "link", _product_link),
            RecordColumn(_("Sàn"), lambda o: o.platform.name),
            RecordColumn(_("Bán từ ngày"), lambda o: o.listed_since, "date"),
            RecordColumn(_("Đường dẫn"), lambda o: o.url),
        ]
        return [RecordSection(_("Gian hàng thương mại điện tử"), qs, columns, total=self.total(query))]


# --- Funding -------------------------------------------------------------------------------------

FUNDING_PATHS = {"province": "province_id", "commune": "commune_id", "source": "source"}


def _funding_columns() -> list[RecordColumn]:
    return [
        RecordColumn(_("Năm"), lambda o: o.year, "int"),
        RecordColumn(_("Nguồn vốn"), lambda o: o.get_source_display()),
        RecordColumn(_("Nội dung"), lambda o: o.description),
        RecordColumn(_("Chứng từ"), lambda o: o.document),
        RecordColumn(_("Số tiền"), lambda o: o.amount_vnd, "vnd"),
    ]


@indicator("funding")
class FundingTotal(QuerysetComputation):
    breakdowns = ("source", "year", "province", "commune")
    paths = FUNDING_PATHS
    year_path = "year"

    def base(self, query: Query) -> QuerySet:
        qs = Funding.objects.all()
        if query.params.get("source"):
            qs = qs.filter(source=query.params["source"])
        return qs

    def measure(self):
        return Sum("amount_vnd")

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query).order_by("year", "source")
        return [RecordSection(_("Nguồn kinh phí"), qs, _funding_columns(), total=self.total(query))]


@indicator("funding_share")
class FundingShare(QuerysetComputation):
    """Percent of all funding in the years and place that came from `source` (one decimal)."""

    breakdowns = ("year", "province", "commune")
    paths = FUNDING_PATHS
    year_path = "year"

    def base(self, query: Query) -> QuerySet:
        return Funding.objects.all()

    def _share(self, qs: QuerySet, source: str) -> Decimal | None:
        sums = qs.aggregate(total=Sum("amount_vnd"), part=Sum("amount_vnd", filter=Q(source=source)))
        if not sums["total"]:
            return None
        return (Decimal(sums["part"] or 0) * 100 / Decimal(sums["total"])).quantize(Decimal("0.1"))

    def total(self, query: Query) -> Decimal | None:
        return self._share(self.filtered(query, skip=("source",)), query.params.get("source", "community"))

    def by(self, query: Query, dimension: str) -> list[tuple[Any, Decimal]]:
        path = "year" if dimension == "year" else self.paths.get(dimension)
        if path is None:
            return []
        source = query.params.get("source", "community")
        rows = (
            self.filtered(query, skip=("source",))
            .order_by()
            .values(path)
            .annotate(total=Sum("amount_vnd"), part=Sum("amount_vnd", filter=Q(source=source)))
            .values_list(path, "total", "part")
        )
        return sorted(
            (
                (key, (Decimal(part or 0) * 100 / Decimal(total)).quantize(Decimal("0.1")))
                for key, total, part in rows
                if total
            ),
            key=lambda item: _sort_key(item[0]),
        )

    def records(self, query: Query) -> list[RecordSection]:
        qs = self.filtered(query, skip=("source",)).order_by("year", "source")
        total = _decimal(qs.aggregate(v=Sum("amount_vnd"))["v"])
        return [RecordSection(_("Nguồn kinh phí"), qs, _funding_columns(), total=total)]
