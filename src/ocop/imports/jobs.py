"""The registry's Excel export (producers or products), built as a job (ocop.jobs): the bytes the
export view used to answer with, the rows counted into the job's progress as they are written."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ocop.imports import conf, selectors
from ocop.imports.models import ImportKind
from ocop.imports.permissions import require_exporter
from ocop.imports.workbooks import build_workbook, file_name
from ocop.jobs.kinds import JobFile, Progress


def export_params(*, kind: str, q: str, commune: int | None, type: str, status: str, archived: bool) -> dict:
    """What the export form or the API asked for, as the job keeps it (checked again in the worker)."""
    return {"kind": kind, "q": q, "commune": commune, "type": type, "status": status, "archived": bool(archived)}


def _counted(records: Iterable[Any], total: int, progress: Progress) -> Iterator[Any]:
    every = conf.progress_every()
    for index, record in enumerate(records, start=1):
        if index % every == 0:
            progress(index, total)
        yield record


def registry_xlsx_job(user, params: dict, progress: Progress) -> JobFile:
    require_exporter(user)
    kind = params.get("kind")
    if kind == ImportKind.PRODUCERS:
        records = selectors.producers_for_export(
            user=user,
            query=params.get("q") or "",
            commune_id=params.get("commune"),
            producer_type=params.get("type") or "",
            include_archived=bool(params.get("archived")),
        )
    elif kind == ImportKind.PRODUCTS:
        records = selectors.products_for_export(
            user=user,
            query=params.get("q") or "",
            commune_id=params.get("commune"),
            status=params.get("status") or "",
            include_archived=bool(params.get("archived")),
        )
    else:  # certificates are imported only; the certificate register has its own export
        raise PermissionDenied(_("Không có loại tệp này."))
    total = records.count()
    progress(0, total)
    province = user.province if user.province_id else None
    rows = _counted(records.iterator(chunk_size=1000), total, progress)
    return JobFile(build_workbook(kind=kind, province=province, records=rows), file_name(kind, export=True))
