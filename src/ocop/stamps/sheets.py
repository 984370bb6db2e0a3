"""What a printing house gets for a run: A4 sheets of QR stamps (PDF) and the serials (CSV).

The PDF draws one QR per stamp, so one file holds at most MAX_PDF_STAMPS (a range of the run, ?first=
&last=); the CSV lists every serial of the run with its QR content, streamed row by row (constant
memory for 100,000 stamps), for a printing house that prints variable data itself.
"""

import csv
from collections.abc import Callable, Iterator
from urllib.parse import quote

from django.utils.translation import gettext as _

from ocop.certificates.pdf import StampLayout, qr_stamp_sheets
from ocop.stamps.codes import stamp_code, stamp_signature
from ocop.stamps.models import StampRun

MAX_PDF_STAMPS = 2400
# The largest sheet built in the request; larger ones are built by a job (ocop.stamps.jobs.sheet_pdf_job,
# kind "stamps.sheet_pdf"). Measured (bench/stamps.py): well under 1 ms a stamp (the QR encoded by
# zxing-cpp, signed, painted as a one-bit stencil; the stamp's fixed face drawn once a page).
SYNC_SHEET_STAMPS = 100
LAYOUTS = {
    24: StampLayout(columns=4, rows=6, width=46.0, height=44.0),
    48: StampLayout(columns=6, rows=8, width=31.0, height=33.0),
    100: StampLayout(columns=10, rows=10, width=19.0, height=27.0),
}


def stamp_uri(run: StampRun, index: int, base: str) -> str:
    """The QR content of stamp `index`: a GS1 Digital Link with lot and serial, or /s/<code>."""
    if run.product.gtin:
        lot = quote(run.lot_number, safe="")
        return (
            f"{base}/01/{run.product.gtin.zfill(14)}/10/{lot}/21/{run.serial(index)}?s={stamp_signature(run.pk, index)}"
        )
    return f"{base}/s/{stamp_code(run.pk, index)}"


def range_error(run: StampRun, *, first: int, last: int) -> str | None:
    """Why first…last cannot be one sheet file of `run` (None when it can)."""
    if first <= last <= run.quantity and last - first + 1 <= MAX_PDF_STAMPS:
        return None
    return _("Chọn từ tem %(first)s đến tem %(last)s, tối đa %(max)s tem mỗi tệp.") % {
        "first": 1,
        "last": run.quantity,
        "max": MAX_PDF_STAMPS,
    }


def sheet_filename(run: StampRun, *, first: int, last: int) -> str:
    return f"tem-{run.pk}-{first}-{last}.pdf"


def run_pdf(
    run: StampRun,
    *,
    base: str,
    first: int,
    last: int,
    per_page: int = 24,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Stamps first…last on A4 sheets. `progress(done, total)` is called after each page's stamps are
    drawn. The file is dated when the run was created, so one range gives the same bytes every time
    (in the request or in a worker, today or next month)."""
    caption = f"{run.lot_number} · %s"
    total = last - first + 1

    def stamps() -> Iterator[tuple[str, str]]:
        for done, index in enumerate(range(first, last + 1), start=1):
            yield stamp_uri(run, index, base), caption % run.serial(index)
            if progress is not None and (done % per_page == 0 or done == total):
                progress(done, total)

    return qr_stamp_sheets(
        product_name=run.product.name_vi,
        stars=run.certificate.stars,
        stamps=stamps(),
        layout=LAYOUTS[per_page],
        created=run.created_at,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def run_csv_rows(run: StampRun, *, base: str) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(["serial", "lot", "production_date", "best_before", "qr_content"])
    for index in range(1, run.quantity + 1):
        yield writer.writerow(
            [
                run.serial(index),
                run.lot_number,
                run.production_date.isoformat(),
                run.best_before.isoformat(),
                stamp_uri(run, index, base),
            ]
        )
