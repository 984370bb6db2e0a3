"""Export readiness: for a product, a market and a day, which checklist lines are met and which are not.

A requirement of a market is met, on day D, by any one of:

- a certification document of the registry (products.CertificationDocument) of one of its
  `document_kinds`, held for the product or for the whole producer (no product);
- an export credential (trade.ExportCredential) of one of its `credential_kinds`, held for the
  product or the whole producer, for this market or for every market;
- the product field it names (PRODUCT_FIELDS) being filled in.

A document or credential counts on D when it was issued on or before D (or has no issue date) and
its expiry date, if any, is D or later: the expiry date is the last day it is valid, as in the
registry (`CertificationDocument.is_expired`). A requirement limited to product groups (food, drinks…)
is not applicable to a product of another group; a product whose group is not known gets every
requirement (the safe side). Readiness = met / applicable; ready = every applicable line met.

Two ways to compute, kept equal by the tests:
- `readiness_matrix` loads everything in a fixed number of queries and decides in Python (pages, API);
- `export_ready_q` is one SQL condition per market (the catalogue's "export ready for" filter).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core.formatting import in_language
from ocop.products.models import CertificationDocument, DocumentKind, Product
from ocop.trade.models import CredentialKind, ExportCredential, ExportProfile, Market, Requirement


@dataclass(frozen=True)
class ProductField:
    label: object
    check: Callable[[Product, ExportProfile | None], bool]
    condition: Q


PRODUCT_FIELDS: dict[str, ProductField] = {
    "hs_code": ProductField(_("Có mã HS"), lambda p, _profile: bool(p.hs_code), ~Q(hs_code="")),
    "name_en": ProductField(_("Có tên tiếng Anh"), lambda p, _profile: bool(p.name_en.strip()), ~Q(name_en="")),
    "gtin": ProductField(_("Có mã GTIN (mã vạch)"), lambda p, _profile: bool(p.gtin), ~Q(gtin="")),
    "description_en": ProductField(
        _("Có mô tả tiếng Anh"), lambda p, _profile: bool(p.description_en.strip()), ~Q(description_en="")
    ),
    "ingredients": ProductField(
        _("Có thành phần"), lambda p, _profile: bool(p.ingredients.strip()), ~Q(ingredients="")
    ),
    "shelf_life": ProductField(
        _("Có hạn sử dụng"), lambda p, _profile: p.shelf_life_days is not None, Q(shelf_life_days__isnull=False)
    ),
    "export_terms": ProductField(
        _("Có năng lực cung ứng, lượng đặt tối thiểu, thời gian giao hàng và Incoterms"),
        lambda _p, profile: (
            profile is not None
            and profile.capacity_per_month is not None
            and profile.min_order_quantity is not None
            and profile.lead_time_days is not None
            and bool(profile.incoterms)
        ),
        Q(
            export_profile__capacity_per_month__isnull=False,
            export_profile__min_order_quantity__isnull=False,
            export_profile__lead_time_days__isnull=False,
        )
        & ~Q(export_profile__incoterms=""),
    ),
}


def requirement_problems(requirement: Requirement) -> dict[str, list[str]]:
    """What is wrong with a checklist line as data (unknown kinds or field, nothing that can meet it)."""
    problems: dict[str, list[str]] = {}
    documents = set(DocumentKind.values)
    credentials = set(CredentialKind.values)
    if not isinstance(requirement.document_kinds, list) or not set(requirement.document_kinds) <= documents:
        problems["document_kinds"] = [
            str(_("Loại giấy chứng nhận không có trong sổ đăng ký: %s") % requirement.document_kinds)
        ]
    if not isinstance(requirement.credential_kinds, list) or not set(requirement.credential_kinds) <= credentials:
        problems["credential_kinds"] = [
            str(_("Loại giấy tờ xuất khẩu không hợp lệ: %s") % requirement.credential_kinds)
        ]
    if requirement.product_field and requirement.product_field not in PRODUCT_FIELDS:
        problems["product_field"] = [str(_("Trường thông tin không hợp lệ: %s") % requirement.product_field)]
    if not isinstance(requirement.product_groups, list):
        problems["product_groups"] = [str(_("Nhóm sản phẩm phải là một danh sách mã."))]
    if not problems and not (requirement.document_kinds or requirement.credential_kinds or requirement.product_field):
        problems["__all__"] = [str(_("Yêu cầu cần ít nhất một cách đáp ứng: loại giấy tờ hoặc trường thông tin."))]
    return problems


@dataclass(frozen=True)
class Paper:
    """A document or credential as the engine sees it."""

    source: str  # "document" or "credential"
    pk: int
    kind: str
    kind_label: str
    number: str
    producer_id: int
    product_id: int | None
    market_id: int | None
    issued_on: date | None
    expires_on: date | None

    def valid_on(self, day: date) -> bool:
        return (self.issued_on is None or self.issued_on <= day) and (self.expires_on is None or self.expires_on >= day)

    def covers(self, product_id: int, market_id: int) -> bool:
        return (self.product_id is None or self.product_id == product_id) and (
            self.market_id is None or self.market_id == market_id
        )


@dataclass
class Check:
    requirement: Requirement
    met: bool
    evidence: Paper | None = None  # the paper that meets it (None for a field)
    lapsed: Paper | None = None  # when not met: a paper of the right kind that expired or is not valid yet

    @property
    def name(self) -> str:
        return in_language(self.requirement.name_vi, self.requirement.name_en)

    @property
    def accepted(self) -> list[str]:
        """What would meet it, in words: "HACCP", "ISO 22000", "Có mã HS"…"""
        labels = [str(DocumentKind(kind).label) for kind in self.requirement.document_kinds]
        labels += [str(CredentialKind(kind).label) for kind in self.requirement.credential_kinds]
        if self.requirement.product_field:
            labels.append(str(PRODUCT_FIELDS[self.requirement.product_field].label))
        return labels


@dataclass
class Readiness:
    product: Product
    market: Market
    day: date
    checks: list[Check] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def met_count(self) -> int:
        return sum(1 for check in self.checks if check.met)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    @property
    def share(self) -> float | None:
        return self.met_count / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return None if not self.total else (100 * self.met_count) // self.total

    @property
    def ready(self) -> bool:
        return self.total > 0 and self.met_count == self.total


@dataclass
class Matrix:
    day: date
    products: list[Product]
    markets: list[Market]
    cells: dict[tuple[int, int], Readiness]

    def cell(self, product: Product | int, market: Market | int) -> Readiness:
        product_id = product if isinstance(product, int) else product.pk
        market_id = market if isinstance(market, int) else market.pk
        return self.cells[(product_id, market_id)]

    def rows(self) -> list[tuple[Product, list[Readiness]]]:
        return [
            (product, [self.cells[(product.pk, market.pk)] for market in self.markets]) for product in self.products
        ]

    def ready_count(self, market: Market) -> int:
        return sum(1 for product in self.products if self.cells[(product.pk, market.pk)].ready)


def _group_code(product: Product) -> str | None:
    product_set = product.product_set
    return product_set.group.code if product_set is not None else None


def applies(requirement: Requirement, product: Product) -> bool:
    if not requirement.product_groups:
        return True
    group = _group_code(product)
    return group is None or group in requirement.product_groups


Shelf = dict[tuple[int, int | None, str, str], list[Paper]]  # (producer, product or None, source, kind) → papers


def _papers(producer_ids, requirements: list[Requirement]) -> Shelf:
    """Every document and credential of a needed kind held by these producers, indexed for lookups."""
    document_kinds = {kind for r in requirements for kind in r.document_kinds}
    credential_kinds = {kind for r in requirements for kind in r.credential_kinds}
    shelf: Shelf = defaultdict(list)
    if document_kinds:
        labels = {kind: str(DocumentKind(kind).label) for kind in document_kinds if kind in DocumentKind.values}
        documents = CertificationDocument.objects.filter(producer_id__in=producer_ids, kind__in=document_kinds)
        for row in documents.values_list(
            "pk", "kind", "number", "producer_id", "product_id", "issued_on", "expires_on"
        ):
            pk, kind, number, producer_id, product_id, issued_on, expires_on = row
            paper = Paper(
                "document",
                pk,
                kind,
                labels.get(kind, kind),
                number,
                producer_id,
                product_id,
                None,
                issued_on,
                expires_on,
            )
            shelf[(producer_id, product_id, "document", kind)].append(paper)
    if credential_kinds:
        labels = {kind: str(CredentialKind(kind).label) for kind in credential_kinds if kind in CredentialKind.values}
        credentials = ExportCredential.objects.filter(producer_id__in=producer_ids, kind__in=credential_kinds)
        for row in credentials.values_list(
            "pk", "kind", "number", "producer_id", "product_id", "market_id", "issued_on", "expires_on"
        ):
            pk, kind, number, producer_id, product_id, market_id, issued_on, expires_on = row
            paper = Paper(
                "credential",
                pk,
                kind,
                labels.get(kind, kind),
                number,
                producer_id,
                product_id,
                market_id,
                issued_on,
                expires_on,
            )
            shelf[(producer_id, product_id, "credential", kind)].append(paper)
    return shelf


@dataclass(frozen=True)
class _Rule:
    """A requirement prepared for fast checking: the shelf keys to look at and the field test."""

    requirement: Requirement
    keys: tuple[tuple[str, str], ...]  # (source, kind)
    market_id: int
    field_check: Callable[[Product, ExportProfile | None], bool] | None
    groups: frozenset[str]

    @classmethod
    def of(cls, requirement: Requirement) -> "_Rule":
        keys = tuple(("document", kind) for kind in requirement.document_kinds) + tuple(
            ("credential", kind) for kind in requirement.credential_kinds
        )
        field_rule = PRODUCT_FIELDS.get(requirement.product_field) if requirement.product_field else None
        return cls(
            requirement,
            keys,
            requirement.market_id,
            field_rule.check if field_rule else None,
            frozenset(requirement.product_groups),
        )


def _check(rule: _Rule, product: Product, product_id: int, producer_id: int, profile, shelf: Shelf, day: date) -> Check:
    """Is the rule met on `day`? The first valid paper wins; else the field; else report a lapsed paper."""
    lapsed = None
    for source, kind in rule.keys:
        for holder in (None, product_id):
            for paper in shelf.get((producer_id, holder, source, kind), ()):
                if paper.market_id is not None and paper.market_id != rule.market_id:
                    continue
                if paper.valid_on(day):
                    return Check(rule.requirement, True, evidence=paper)
                if lapsed is None or (paper.expires_on or date.max) > (lapsed.expires_on or date.max):
                    lapsed = paper
    if rule.field_check is not None and rule.field_check(product, profile):
        return Check(rule.requirement, True)
    return Check(rule.requirement, False, lapsed=lapsed)


# What the matrix loads of each product: what the checks read and what the pages show, nothing more.
MATRIX_RELATED = ("producer", "product_set__group")
MATRIX_FIELDS = (
    "name_vi",
    "name_en",
    "hs_code",
    "gtin",
    "description_en",
    "ingredients",
    "shelf_life_days",
    "is_demo",
    "producer__legal_name",
    "product_set__group__code",
)


def active_markets() -> list[Market]:
    return list(Market.objects.filter(active=True).order_by("position", "code"))


def readiness_matrix(
    products: QuerySet[Product] | Iterable[Product],
    markets: Iterable[Market] | None = None,
    day: date | None = None,
) -> Matrix:
    """Readiness of every product for every market, in a fixed number of queries (five).

    `products` is a queryset (kept as a subquery: any size) or a list, e.g. one page of a list.
    """
    day = day or timezone.localdate()
    markets = list(markets) if markets is not None else active_markets()
    if isinstance(products, QuerySet) and not products.query.is_sliced:
        product_list = list(products.select_related(*MATRIX_RELATED).only(*MATRIX_FIELDS))
        product_ids = products.order_by().values("pk")
        producer_ids = products.order_by().values("producer_id")
    else:
        ids = [product.pk for product in products]
        found = Product.objects.select_related(*MATRIX_RELATED).only(*MATRIX_FIELDS).in_bulk(ids)
        product_list = [found[pk] for pk in ids if pk in found]
        product_ids = ids
        producer_ids = sorted({product.producer_id for product in product_list})
    requirements = list(
        Requirement.objects.filter(market__in=[market.pk for market in markets]).order_by(
            "market_id", "position", "code"
        )
    )
    rules: dict[int, list[_Rule]] = defaultdict(list)
    for requirement in requirements:
        rules[requirement.market_id].append(_Rule.of(requirement))
    profiles = {profile.product_id: profile for profile in ExportProfile.objects.filter(product_id__in=product_ids)}
    shelf = _papers(producer_ids, requirements)
    cells: dict[tuple[int, int], Readiness] = {}
    for product in product_list:
        product_id, producer_id = product.pk, product.producer_id
        profile = profiles.get(product_id)
        group = _group_code(product)
        for market in markets:
            readiness = Readiness(product, market, day)
            readiness.checks = [
                _check(rule, product, product_id, producer_id, profile, shelf, day)
                for rule in rules[market.pk]
                if not rule.groups or group is None or group in rule.groups
            ]
            cells[(product_id, market.pk)] = readiness
    return Matrix(day=day, products=product_list, markets=markets, cells=cells)


def product_readiness(
    product: Product, markets: Iterable[Market] | None = None, day: date | None = None
) -> list[Readiness]:
    """Readiness of one product for every (active) market."""
    matrix = readiness_matrix(Product.objects.filter(pk=product.pk), markets, day)
    return [matrix.cell(product.pk, market.pk) for market in matrix.markets]


def _valid_on_q(day: date) -> Q:
    return (Q(issued_on__isnull=True) | Q(issued_on__lte=day)) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))


def requirement_q(requirement: Requirement, day: date) -> Q:
    """The SQL condition on Product that says "this line is met (or does not apply) on `day`"."""
    met = Q(pk__in=[])
    for_product = Q(product__isnull=True) | Q(product=OuterRef("pk"))
    if requirement.document_kinds:
        documents = CertificationDocument.objects.filter(
            for_product, _valid_on_q(day), producer=OuterRef("producer"), kind__in=requirement.document_kinds
        )
        met |= Q(Exists(documents))
    if requirement.credential_kinds:
        credentials = ExportCredential.objects.filter(
            for_product,
            _valid_on_q(day),
            Q(market__isnull=True) | Q(market_id=requirement.market_id),
            producer=OuterRef("producer"),
            kind__in=requirement.credential_kinds,
        )
        met |= Q(Exists(credentials))
    if requirement.product_field:
        met |= PRODUCT_FIELDS[requirement.product_field].condition
    if requirement.product_groups:
        met |= Q(product_set__isnull=False) & ~Q(product_set__group__code__in=requirement.product_groups)
    return met


def export_ready_q(market: Market, day: date | None = None) -> Q:
    """Products fully ready for `market` on `day` (today by default), as one SQL condition."""
    day = day or timezone.localdate()
    requirements = list(market.requirements.all())
    if not requirements:
        return Q(pk__in=[])
    condition = Q()
    for requirement in requirements:
        condition &= requirement_q(requirement, day)
    if all(requirement.product_groups for requirement in requirements):
        # Ready needs at least one line that applies (a product no line applies to is not "ready").
        groups = sorted({group for requirement in requirements for group in requirement.product_groups})
        condition &= Q(product_set__isnull=True) | Q(product_set__group__code__in=groups)
    return condition
