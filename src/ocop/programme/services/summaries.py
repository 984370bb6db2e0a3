"""The sales summary tables, kept in step with every write (see the package's docstring)."""

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from ocop.programme.models import (
    BoothSalesReconciliation,
    Channel,
    SalesLine,
    SalesSummary,
    SalesYearSummary,
)
from ocop.programme.selectors import sales_summary_expected

# --- Summary tables ------------------------------------------------------------------------------


# A row of each summary table, as the lookup of its dimension fields (SalesSummary, SalesYearSummary).
SummaryKeys = tuple[dict[str, Any], dict[str, Any]]


def _keys(
    *,
    year: int,
    province_id: int | None,
    commune_id: int | None,
    producer_type: str,
    product_group_id: int | None,
    channel: str,
) -> SummaryKeys:
    fine = {
        "year": year,
        "province_id": province_id,
        "commune_id": commune_id,
        "producer_type": producer_type,
        "product_group_id": product_group_id,
        "channel": channel,
    }
    coarse = {"year": year, "province_id": province_id, "channel": channel}
    return fine, coarse


def line_keys(line: SalesLine) -> SummaryKeys:
    return _keys(
        year=line.year,
        province_id=line.province_id,
        commune_id=line.commune_id,
        producer_type=line.producer_type,
        product_group_id=line.product_group_id,
        channel=line.channel,
    )


def reconciliation_keys(row: BoothSalesReconciliation) -> SummaryKeys:
    return _keys(
        year=row.year,
        province_id=row.province_id,
        commune_id=row.commune_id,
        producer_type=row.producer_type,
        product_group_id=None,
        channel=Channel.FAIRS_EVENTS,
    )


def _bump(model: type[SalesSummary] | type[SalesYearSummary], key: dict[str, Any], amount: int, lines: int) -> None:
    if amount == 0 and lines == 0:
        return
    row = model.objects.select_for_update().filter(**key).first()
    if row is None:
        try:
            with transaction.atomic():
                model.objects.create(**key, amount_vnd=amount, lines=lines)
            return
        except IntegrityError:
            row = model.objects.select_for_update().get(**key)
    model.objects.filter(pk=row.pk).update(amount_vnd=F("amount_vnd") + amount, lines=F("lines") + lines)
    model.objects.filter(pk=row.pk, amount_vnd=0, lines=0).delete()


def summary_add(keys: SummaryKeys, amount: int, lines: int) -> None:
    fine, coarse = keys
    _bump(SalesSummary, fine, amount, lines)
    _bump(SalesYearSummary, coarse, amount, lines)


def summary_add_lines(lines: list[SalesLine]) -> None:
    """Add many new lines to both tables: their sums per summary row, one update per row touched."""
    fine: dict[tuple[Any, ...], list[int]] = {}
    coarse: dict[tuple[Any, ...], list[int]] = {}
    for line in lines:
        for table, lookup in zip((fine, coarse), line_keys(line), strict=True):
            sums = table.setdefault(tuple(sorted(lookup.items())), [0, 0])
            sums[0] += line.amount_vnd
            sums[1] += 1
    for model, table in ((SalesSummary, fine), (SalesYearSummary, coarse)):
        for row_key, (amount, count) in sorted(table.items(), key=lambda item: repr(item[0])):
            _bump(model, dict(row_key), amount, count)


@transaction.atomic
def sales_summary_rebuild() -> int:
    """Replace both summary tables by a recomputation from the raw rows. Returns the rows written."""
    fine, coarse = sales_summary_expected()
    SalesSummary.objects.all().delete()
    SalesYearSummary.objects.all().delete()
    SalesSummary.objects.bulk_create(
        [
            SalesSummary(
                year=k[0],
                province_id=k[1],
                commune_id=k[2],
                producer_type=k[3],
                product_group_id=k[4],
                channel=k[5],
                amount_vnd=v[0],
                lines=v[1],
            )
            for k, v in fine.items()
        ],
        batch_size=2000,
    )
    SalesYearSummary.objects.bulk_create(
        [
            SalesYearSummary(year=k[0], province_id=k[1], channel=k[2], amount_vnd=v[0], lines=v[1])
            for k, v in coarse.items()
        ],
        batch_size=2000,
    )
    return len(fine) + len(coarse)
