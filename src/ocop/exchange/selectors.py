"""The export: one `ocop-exchange/1` document (docs/exchange.md) of the producers, products, evaluation
results and certificates of the installation, or of one province, changed since a moment.

Four queries whatever the number of rows: each table is read with the rows it refers to joined in.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certificates.models import Certificate
from ocop.core.errors import DomainError
from ocop.evaluations.models import Decision, EvaluationRound
from ocop.exchange.format import (
    CERTIFICATE_COLUMNS,
    EVALUATION_COLUMNS,
    FORMAT,
    PRODUCER_COLUMNS,
    PRODUCT_COLUMNS,
    ROUND_COLUMNS,
    VERSION,
    Column,
    Kind,
    json_value,
)
from ocop.exchange.reading import Unreadable, read_date, read_datetime
from ocop.geo.models import Province
from ocop.producers.models import Producer
from ocop.products.models import Product


def parse_since(text: str) -> datetime.datetime | None:
    """`since` as a moment: a date is its first moment in the installation's time zone; "" is None.
    DomainError naming `since` when it is neither."""
    if not text:
        return None
    try:
        if len(text) == 10:
            day = read_date(text)
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        return read_datetime(text)
    except Unreadable as error:
        raise DomainError(str(error.message) % error.params, field="since") from None


def province_by_code(code: int | None) -> Province | None:
    """The province of an official code (None: no province); DomainError naming `province` when unknown."""
    if code is None:
        return None
    province = Province.objects.filter(code=code).first() if 0 < code < 2**31 else None
    if province is None:
        raise DomainError(_("Không có tỉnh mã %(code)s.") % {"code": code}, field="province")
    return province


def _data(obj: Model, columns: list[Column]) -> dict[str, Any]:
    """The model columns of a record (references are filled by the caller)."""
    return {column.name: json_value(column, getattr(obj, column.attr)) for column in columns if column.kind != Kind.REF}


def _in_order(record: dict[str, Any], columns: list[Column]) -> dict[str, Any]:
    return {column.name: record[column.name] for column in columns}


def producer_record(producer: Producer) -> dict[str, Any]:
    record = _data(producer, PRODUCER_COLUMNS)
    record["commune_code"] = producer.commune.code
    record["historical_district_code"] = producer.historical_district.code if producer.historical_district else None
    record["historical_commune_code"] = producer.historical_commune.code if producer.historical_commune else None
    return _in_order(record, PRODUCER_COLUMNS)


def product_record(product: Product) -> dict[str, Any]:
    record = _data(product, PRODUCT_COLUMNS)
    record["producer_exchange_id"] = str(product.producer.exchange_id)
    product_set = product.product_set
    record["criteria_version"] = product_set.version.code if product_set else None
    record["product_set_code"] = product_set.code if product_set else None
    return _in_order(record, PRODUCT_COLUMNS)


def round_record(evaluation_round: EvaluationRound) -> dict[str, Any]:
    record = _data(evaluation_round, ROUND_COLUMNS)
    record["province_code"] = evaluation_round.province.code if evaluation_round.province else None
    record["criteria_version"] = evaluation_round.criteria_version.code
    return _in_order(record, ROUND_COLUMNS)


def evaluation_record(decision: Decision) -> dict[str, Any]:
    record = _data(decision, EVALUATION_COLUMNS)
    record["round"] = round_record(decision.round) if decision.round else None
    record["product_exchange_id"] = str(decision.product.exchange_id)
    record["criteria_version"] = decision.criteria_version.code
    record["product_set_code"] = decision.product_set.code if decision.product_set else None
    return _in_order(record, EVALUATION_COLUMNS)


def certificate_record(certificate: Certificate) -> dict[str, Any]:
    record = _data(certificate, CERTIFICATE_COLUMNS)
    record["product_exchange_id"] = str(certificate.product.exchange_id)
    record["producer_exchange_id"] = str(certificate.producer.exchange_id)
    record["criteria_version"] = certificate.criteria_version.code
    record["supersedes_number"] = certificate.supersedes.number if certificate.supersedes else None
    record["revocation_ground"] = certificate.revocation_ground.code if certificate.revocation_ground else None
    decision = certificate.evaluation_decision
    record["evaluation_number"] = decision.number if decision else None
    return _in_order(record, CERTIFICATE_COLUMNS)


def _changed(queryset: QuerySet[Any], since: datetime.datetime | None) -> QuerySet[Any]:
    return queryset if since is None else queryset.filter(updated_at__gte=since)


def exchange_querysets(
    *, since: datetime.datetime | None = None, province: Province | None = None
) -> dict[str, QuerySet[Any]]:
    """The rows of each table the document carries, with what they refer to joined in, in a stable order."""
    producers = Producer.objects.select_related("commune", "historical_district", "historical_commune")
    products = Product.objects.select_related("producer", "product_set__version")
    evaluations = Decision.objects.select_related(
        "product", "criteria_version", "product_set", "round__province", "round__criteria_version"
    )
    certificates = Certificate.objects.select_related(
        "product", "producer", "criteria_version", "supersedes", "revocation_ground", "evaluation_decision"
    )
    if province is not None:
        producers = producers.filter(commune__province=province)
        products = products.filter(producer__commune__province=province)
        evaluations = evaluations.filter(product__producer__commune__province=province)
        certificates = certificates.filter(product__producer__commune__province=province)
    return {
        "producers": _changed(producers, since).order_by("pk"),
        "products": _changed(products, since).order_by("pk"),
        "evaluations": _changed(evaluations, since).order_by("decided_on", "pk"),
        # Oldest first: a renewal's superseded certificate comes before the one that replaces it.
        "certificates": _changed(certificates, since).order_by("decision_date", "pk"),
    }


RECORDS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "producers": producer_record,
    "products": product_record,
    "evaluations": evaluation_record,
    "certificates": certificate_record,
}


def export_document(*, since: datetime.datetime | None = None, province: Province | None = None) -> dict[str, Any]:
    """The exchange document: every record (of `province`, if given) changed at or after `since` (every
    record if None)."""
    querysets = exchange_querysets(since=since, province=province)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": json_value(Column("exported_at", Kind.DATETIME), timezone.now()),
        "since": json_value(Column("since", Kind.DATETIME), since),
        "source": {
            "site_url": settings.OCOP_SITE_URL,
            "home_province_code": settings.OCOP_HOME_PROVINCE_CODE,
            "province_code": province.code if province else None,
            "province_name": province.name if province else None,
        },
    }
    for table, queryset in querysets.items():
        document[table] = [RECORDS[table](row) for row in queryset]
    return document
