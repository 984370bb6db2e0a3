"""One page shape for every list in the API: `{"items": [...], "count": N, "limit": L, "offset": O}`.

`count` is the number of rows matching the request, all pages together; `limit` (1 to
`MAX_LIMIT`, default `DEFAULT_LIMIT`) and `offset` (0 to `MAX_OFFSET`) are the values applied. A
value outside those bounds is refused with 422 naming the parameter, never cut silently, so that
a client always gets what it asked for or a clear answer (and the database never sees a number it
cannot hold).

    @router.get("/", response=list[ProducerOut])
    @paginated
    def list_producers(request, ...):
        return producer_list(...)        # a queryset, a list, or anything with len() and slicing
"""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class Pagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"Số dòng mỗi trang, 1–{MAX_LIMIT} / rows per page, 1–{MAX_LIMIT}",
        )
        offset: int = Field(
            0,
            ge=0,
            le=MAX_OFFSET,
            description="Bỏ qua bao nhiêu dòng đầu / rows to skip",
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Tổng số dòng khớp, mọi trang / matching rows, all pages")
        limit: int = Field(description="Số dòng tối đa của trang này / the page size applied")
        offset: int = Field(description="Số dòng đã bỏ qua / rows skipped")

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        limit, offset = pagination.limit, pagination.offset
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        return {"items": queryset[offset : offset + limit], "count": count, "limit": limit, "offset": offset}


paginated = paginate(Pagination)


def page_of(rows, *, count: int, limit: int, offset: int, **extra) -> dict:
    """The page shape for a list an endpoint pages itself (a search engine that counts on its own)."""
    return {"items": list(rows), "count": count, "limit": limit, "offset": offset, **extra}
