"""The exchange document for machine-to-machine sync: GET /api/v1/exchange/export (docs/exchange.md).

The response schema is built from the same columns as the export and the import (exchange.format), so
OpenAPI describes exactly the document the command writes.
"""

from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema, create_model

from ocop.accounts.policy import permission
from ocop.core.fields import bounded_int
from ocop.exchange import policy, selectors
from ocop.exchange.format import COLUMNS, FORMAT, ROUND_COLUMNS, VERSION, Column, Kind

router = Router(tags=["exchange"])

DateText = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
MomentText = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
UuidText = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]
DecimalText = Annotated[str, WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"})]


def _type(column: Column, round_schema: Any = None) -> Any:
    kind = column.kind
    if kind == Kind.REF:
        if column.name == "round":
            found: Any = round_schema
        elif column.name.endswith("_exchange_id"):
            found = UuidText
        elif column.name.endswith("_code") and column.max_length is None:
            found = int
        else:
            found = str
    else:
        found = {
            Kind.TEXT: str,
            Kind.INT: int,
            Kind.BOOL: bool,
            Kind.DATE: DateText,
            Kind.DATETIME: MomentText,
            Kind.DECIMAL: DecimalText,
            Kind.UUID: UuidText,
        }.get(kind)
        if kind == Kind.CHOICE:
            found = Literal[column.choices]
    return found | None if column.nullable else found


def _schema(name: str, columns: list[Column], round_schema: Any = None) -> Any:
    fields: dict[str, Any] = {column.name: (_type(column, round_schema), ...) for column in columns}
    return create_model(name, __base__=Schema, **fields)


ExchangeRoundOut = _schema("ExchangeRoundOut", ROUND_COLUMNS)
ExchangeProducerOut = _schema("ExchangeProducerOut", COLUMNS["producers"])
ExchangeProductOut = _schema("ExchangeProductOut", COLUMNS["products"])
ExchangeEvaluationOut = _schema("ExchangeEvaluationOut", COLUMNS["evaluations"], ExchangeRoundOut)
ExchangeCertificateOut = _schema("ExchangeCertificateOut", COLUMNS["certificates"])


class ExchangeSourceOut(Schema):
    site_url: str
    home_province_code: int
    province_code: int | None
    province_name: str | None


class ExchangeDocumentOut(Schema):
    format: Literal[FORMAT]  # type: ignore[valid-type]
    version: Literal[VERSION]  # type: ignore[valid-type]
    exported_at: MomentText
    since: MomentText | None
    source: ExchangeSourceOut
    producers: list[ExchangeProducerOut]  # type: ignore[valid-type]
    products: list[ExchangeProductOut]  # type: ignore[valid-type]
    evaluations: list[ExchangeEvaluationOut]  # type: ignore[valid-type]
    certificates: list[ExchangeCertificateOut]  # type: ignore[valid-type]


class ExportParams(Schema):
    since: str = Field(
        "",
        max_length=40,
        description="Chỉ các bản ghi thay đổi từ ngày (YYYY-MM-DD) hoặc thời điểm ISO 8601 này / only records "
        "changed since this date or ISO 8601 moment",
    )
    province: bounded_int(1, 2**31 - 1) | None = Field(  # type: ignore[valid-type]
        None, description="Mã tỉnh (GET /api/v1/geo/provinces) / province code"
    )


@router.get(
    "/export",
    response=ExchangeDocumentOut,
    summary="Xuất dữ liệu trao đổi ocop-exchange/1 / export the ocop-exchange/1 document",
)
@permission(policy.may_exchange)
def export(request, params: Query[ExportParams]):
    """Chủ thể, sản phẩm, kết quả đánh giá và giấy chứng nhận, với mã ổn định (docs/exchange.md); cán bộ tỉnh
    chỉ nhận tỉnh của mình. / Producers, products, evaluation results and certificates with stable
    identifiers; a provincial officer gets their own province only."""
    since = selectors.parse_since(params.since.strip())
    requested = selectors.province_by_code(params.province)
    code = policy.exchange_province_code(request.user, requested.code if requested else None)
    if requested is not None and code != requested.code:
        raise PermissionDenied
    province = requested if requested is not None else selectors.province_by_code(code)
    return selectors.export_document(since=since, province=province)
