"""The page a stamp's QR opens: built once per run, language and day, filled in per scan (issue 18).

Everything on the page but six places is the same for every stamp of a run: product, producer,
certificate, lot, dates, notes, where to buy. For an anonymous visitor the view renders that page
once with a mark in each of the six places (`HOLES`) and keeps it as a `ScanShell`, with what a scan
must check without the database: the run's size, its voided ranges, GTIN and lot, the scan threshold,
and the versions of the scopes it was built on (ocop.core.page_store: a revocation, a void, a product
or producer change makes it stale on every web server at once). `StampScanMiddleware` (placed
before sessions, CSRF and authentication) answers the next anonymous scan of that run from the shell:
it checks the signature, counts the scan (ocop.stamps.counter), and fills in the verdict, the serial,
the report form's address and the language switch's return address. The view answers the first scan
the same way, from the shell it has just built, so both answers are the same page; a logged-in
visitor gets the page rendered with the same values (and their menu).

The report form of an anonymous page carries no CSRF token: the report endpoint is CSRF-exempt,
since it acts for nobody (a report names no user; it is rate-limited per address).
"""

import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import unquote

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ocop.certificates.cache import verification_scope
from ocop.certificates.models import CertificateStatus
from ocop.core import page_store, ratelimit
from ocop.stamps import codes, counter
from ocop.stamps.forms import ReportForm
from ocop.stamps.models import StampRun, StampVoid
from ocop.stamps.selectors import DISTANT_WITHIN, Verdict, distant_scans, run_scope, scan_threshold, scan_verdict
from ocop.stamps.services import agent_class, stamp_suspicion_record, truncated_network

HOLES = ("state_class", "verdict", "serial", "report_url", "report_open", "next_path")
_MARK = "\ue000{}\ue001"  # private-use characters: never in a rendered page
_MARKS = re.compile("\ue000([a-z_]+)\ue001")
STORED_SECONDS = page_store.STORED_SECONDS


def run_scopes(run: StampRun) -> tuple[str, ...]:
    return (
        run_scope(run.pk),
        verification_scope(run.certificate_id),
        f"product:{run.product_id}",
        f"producer:{run.certificate.producer_id}",
    )


@dataclass(frozen=True)
class ScanShell:
    """A run's scan page with its holes, and what a scan of the run checks without the database."""

    run_id: int
    language: str
    quantity: int
    voids: tuple[tuple[int, int], ...]
    gtin: str  # 14 digits, or "" for a product without a GTIN
    lot: str
    threshold: int
    valid: bool  # the certificate is in force today
    scopes: tuple[str, ...]
    versions: str
    parts: tuple[str, ...]  # text, hole, text, hole, …, text
    token: int = 0  # this build's number, kept beside it: a copy in a process is used while it stands
    headers: dict[str, str] = field(default_factory=dict)

    def genuine(self, index: int, gtin: str = "", lot: str = "") -> bool:
        """Whether the shell may answer for this stamp: one of the run's, not voided, and (for a GS1
        link) of the run's GTIN and lot. Anything else goes to the view, which says why not."""
        if index > self.quantity or any(first <= index <= last for first, last in self.voids):
            return False
        return not gtin or (bool(self.gtin) and self.gtin == gtin.zfill(14) and self.lot == lot)

    def fill(self, values: dict[str, str]) -> str:
        return "".join(part if position % 2 == 0 else values[part] for position, part in enumerate(self.parts))


def shell_key(run_id: int, language: str) -> str:
    return f"stamps:shell:{run_id}:{language}:{timezone.localdate().isoformat()}"


def token_key(run_id: int, language: str) -> str:
    return f"stamps:shell-token:{run_id}:{language}:{timezone.localdate().isoformat()}"


def run_context(run: StampRun) -> dict:
    certificate = run.certificate
    return {
        "run": run,
        "product": run.product,
        "producer": certificate.producer,
        "certificate": certificate,
        "status": certificate.effective_status(timezone.localdate()),
        "statuses": CertificateStatus,
        "report_form": ReportForm(),
    }


def shell_build(request, run: StampRun, context: dict) -> ScanShell:
    """Render the run's page with a mark in each hole (an anonymous request, so no token, no menu)."""
    scopes = run_scopes(run)
    built_on = page_store.versions(scopes)  # read before building: a bump meanwhile makes it stale
    request.shared_render = True
    html = render_to_string(
        "stamps/scan.html",
        {**context, **{hole: mark_safe(_MARK.format(hole)) for hole in HOLES}},  # noqa: S308 - our marks
        request,
    )
    voids = tuple(StampVoid.objects.filter(run=run).values_list("first_index", "last_index"))
    return ScanShell(
        run_id=run.pk,
        language=translation.get_language(),
        quantity=run.quantity,
        voids=voids,
        gtin=run.product.gtin.zfill(14) if run.product.gtin else "",
        lot=run.lot_number,
        threshold=scan_threshold(run),
        valid=context["status"] == CertificateStatus.VALID,
        scopes=scopes,
        versions=built_on,
        parts=tuple(_MARKS.split(html)),
        token=secrets.randbits(62) + 1,
    )


def shell_store(shell: ScanShell, response) -> None:
    """Keep the shell with the headers the inner middleware gave its first answer (no cookie)."""
    headers = {name: value for name, value in response.headers.items() if name.lower() != "content-length"}
    stored = {
        shell_key(shell.run_id, shell.language): replace(shell, headers=headers),
        token_key(shell.run_id, shell.language): shell.token,
    }
    cache.set_many(stored, STORED_SECONDS)


def standing(shell: ScanShell) -> list[tuple[str, str]]:
    """What must stand for `shell` to answer, as the cache server's own keys and values: the versions
    of its scopes, and its token (the build stored last, not one a process kept from before). The
    same for every scan of this build (the day is in the token's key), so worked out once."""
    day = timezone.localdate().isoformat()
    return _memoised(("standing", shell.token, day), lambda: _standing(shell))  # type: ignore[return-value]


def _standing(shell: ScanShell) -> list[tuple[str, str]]:
    token = (cache.make_key(token_key(shell.run_id, shell.language)), str(shell.token))
    return [*page_store.raw_versions(shell.scopes, shell.versions), token]


def still_stands(shell: ScanShell) -> bool:
    """The same check through the cache's own calls (a cache that is not Redis)."""
    if cache.get(token_key(shell.run_id, shell.language)) != shell.token:
        return False
    return page_store.versions(shell.scopes) == shell.versions


def agent_of(request) -> str:
    """The device class of the request's User-Agent (phone, computer, scanner, other)."""
    return agent_class(request.META.get("HTTP_USER_AGENT", ""))


def count(
    request,
    run_id: int,
    index: int,
    threshold: int,
    counted: counter.Counted | None = None,
    now: datetime | None = None,
) -> Verdict:
    """Count this scan (unless `counted` already) and judge the stamp; the first suspect scan notes it
    (and queues the alert)."""
    now = now or timezone.now()
    if counted is None:
        counted = counter.scan_count(
            run_id=run_id,
            index=index,
            network=truncated_network(ratelimit.client_address(request)),
            agent=agent_of(request),
            now=now,
        )
    verdict = scan_verdict(
        run_id=run_id,
        index=index,
        threshold=threshold,
        count=counted.count,
        first_scanned_at=counted.first,
        now=now,
        places=counted.places,
        noted=counted.noted,
    )
    if verdict.suspected and not counted.noted:  # noted once per stamp, which queues the alert e-mail
        stamp_suspicion_record(
            run_id=run_id,
            index=index,
            scan_count=counted.count,
            too_many=verdict.too_many,
            far_apart=verdict.far_apart,
            now=now,
        )
        counter.note_suspicion(run_id, index)
    return verdict


def place_verdict(run_id: int, index: int, scan_number: int) -> bool:
    """After a shared location: whether the stamp's recent scans are now far apart; the first time,
    the suspicion is noted (and the alert queued) as a scan would."""
    now = timezone.now()
    far = distant_scans(run_id, index, now - DISTANT_WITHIN)
    if far:
        stamp_suspicion_record(
            run_id=run_id, index=index, scan_count=scan_number, too_many=False, far_apart=True, now=now
        )
        counter.note_suspicion(run_id, index)
    return far


_CODE_MARK = "\ue002"  # a private-use character: where the stamp's code goes in a memoised fragment
_memo: dict[tuple, object] = {}
MEMO_ENTRIES = 4096


def _memoised(key: tuple, make):
    """The fragment `make()` renders for `key` (which names all it depends on), rendered once per
    process: a scan's verdict and addresses differ between stamps only by the stamp's code."""
    fragment = _memo.get(key)
    if fragment is None:
        if len(_memo) >= MEMO_ENTRIES:
            _memo.clear()
        fragment = _memo[key] = make()
    return fragment


def _address(name: str, code: str) -> str:
    """reverse(name, args=[code]), reversed once per URL prefix (the code is a URL-safe base32 text)."""
    pattern = _memoised(("url", name, get_script_prefix()), lambda: unquote(reverse(name, args=[_CODE_MARK])))
    return pattern.replace(_CODE_MARK, code)


def _verdict_html(verdict: Verdict, code: str) -> str:
    """The verdict's HTML for this scan: its text depends only on the language, the count, the day of
    the first scan and the kind of verdict, so each such verdict is rendered once."""
    day = timezone.localtime(verdict.first_scanned_at).date()
    kind = (verdict.suspected, verdict.too_many, verdict.far_apart, verdict.earlier)
    key = ("verdict", translation.get_language(), verdict.count, day, kind)
    html = _memoised(
        key,
        lambda: render_to_string(
            "stamps/_scan_verdict.html", {"verdict": verdict, "place_url": _address("stamps_public:place", _CODE_MARK)}
        ),
    )
    return html.replace(_CODE_MARK, code)


def hole_values(request, run_id: int, index: int, verdict: Verdict, valid: bool) -> dict[str, str]:
    """What goes in the holes for this scan: HTML, escaped here."""
    code = codes.stamp_code(run_id, index)
    values = {
        "state_class": "verify-valid" if valid and not verdict.suspected else "verify-expired",
        "verdict": _verdict_html(verdict, code),
        "serial": escape(f"{run_id}-{index}"),
        "report_url": escape(_address("stamps_public:report", code)),
        "report_open": " open" if verdict.suspected else "",
        "next_path": escape(request.get_full_path()),
    }
    return {hole: mark_safe(value) for hole, value in values.items()}  # noqa: S308 - escaped above


def answer(
    request, shell: ScanShell, index: int, counted: counter.Counted | None = None, now: datetime | None = None
) -> HttpResponse:
    verdict = count(request, shell.run_id, index, shell.threshold, counted, now)
    values = hole_values(request, shell.run_id, index, verdict, shell.valid)
    return HttpResponse(shell.fill(values), headers=shell.headers or {"Content-Type": "text/html; charset=utf-8"})
