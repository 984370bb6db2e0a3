"""`StampScanMiddleware`: an anonymous scan of a stamp whose run page is stored (ocop.stamps.scan_page),
answered before sessions, CSRF, authentication and the view; and the run page the view built for
the first scan, stored on the way out.

With Redis as both cache and counter, the answer takes one round trip: one script checks that the
page's versions stand and the client is under its limit, and counts the scan. The run's page itself
is kept in the process too (LOCAL_PAGES of them), so it is not fetched again; it is used only while
that check passes."""

import re

from django.core.cache import cache
from django.utils import timezone, translation

from ocop.core import page_store, ratelimit
from ocop.stamps import codes, counter, scan_page
from ocop.stamps.services import truncated_network

_OWN = re.compile(r"^/s/([^/]{1,40})$")
_GS1 = re.compile(r"^/01/([0-9]{8,14})/10/([^/]{1,20})/21/([^/]{1,20})/?$")
LOCAL_PAGES = 512
_local: dict[tuple[int, str, str], scan_page.ScanShell] = {}


def _stamp(request) -> tuple[int, int, str, str] | None:
    """(run, index, GTIN, lot) of a genuine stamp address, or None (not a stamp, or not genuine)."""
    path = request.path_info
    if path.startswith("/s/"):
        match = _OWN.match(path)
        parsed = codes.parse_code(match.group(1)) if match else None
        return (*parsed, "", "") if parsed else None
    if path.startswith("/01/") and "/21/" in path and request.GET.get("s"):
        match = _GS1.match(path)
        parsed = codes.parse_serial(match.group(3), request.GET["s"]) if match else None
        return (*parsed, match.group(1), match.group(2)) if parsed and match else None
    return None


def _shell(run_id: int, language: str) -> scan_page.ScanShell | None:
    """The run's stored page as this process keeps it, else from the cache (not yet checked)."""
    key = (run_id, language, timezone.localdate().isoformat())
    shell = _local.get(key)
    if shell is None:
        shell = cache.get(scan_page.shell_key(run_id, language))
        if not isinstance(shell, scan_page.ScanShell):
            return None
        if len(_local) >= LOCAL_PAGES:
            _local.clear()
        _local[key] = shell
    return shell


def _forget(run_id: int, language: str) -> None:
    _local.pop((run_id, language, timezone.localdate().isoformat()), None)


class StampScanMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and page_store.is_anonymous(request):
            stamp = _stamp(request)
            if stamp is not None:
                answered = self.answer(request, *stamp)
                if answered is not None:
                    return answered
        response = self.get_response(request)
        shell = getattr(response, "scan_shell", None)
        if shell is not None and response.status_code == 200 and not response.cookies:
            scan_page.shell_store(shell, response)
        return response

    def answer(self, request, run_id: int, index: int, gtin: str, lot: str):
        """The scan answered from the stored run page, or None for the view to answer (no page stored
        or stale, a stamp the page does not vouch for, a client over its limit)."""
        language = page_store.chosen_language(request)
        shell = _shell(run_id, language)
        if shell is None or not shell.genuine(index, gtin, lot):
            return None
        address = ratelimit.client_address(request)
        now = timezone.now()
        rate_key, limit, lives, _retry_after = ratelimit.counter_window("verification", address)
        counted = counter.checked_count(
            run_id=run_id,
            index=index,
            network=truncated_network(address),
            agent=scan_page.agent_of(request),
            now=now,
            rate=(cache.make_key(rate_key), limit, lives),
            versions=scan_page.standing(shell),
        )
        if counted == counter.STALE:
            _forget(run_id, language)
            return None
        if counted == counter.LIMITED:
            return None  # the view counts it again, refuses, and says when to come back
        if counted is None:  # not on Redis: the same checks, one by one
            if not scan_page.still_stands(shell):
                _forget(run_id, language)
                return None
            if not ratelimit.hit("verification", address)[0]:
                return None
        with translation.override(language):
            return scan_page.answer(
                request, shell, index, counted if isinstance(counted, counter.Counted) else None, now
            )
