"""How `pytest -n 2` shares the tests between its workers: one test at a time, as xdist's `load`
does, except the tests that share servers built once per module or per session, which go together
to one worker so those servers are built once, not once on each worker:

- every browser test (one demo server and one Chromium): files under tests/browser/ or named
  test_browser*.py — `tests.browser_fixtures` refuses a browser test kept anywhere else;
- each module of tests/deploy/ (its module-scoped servers, clusters and nginx).

(xdist's own `loadgroup` reads groups from node ids that this pytest no longer rewrites, so the
grouping is decided here from the path.)"""

from xdist.scheduler import LoadScopeScheduling


def is_browser_path(path: str) -> bool:
    return path.startswith("tests/browser/") or path.rsplit("/", 1)[-1].startswith("test_browser")


class SharedServerScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        if is_browser_path(path):
            return "browser"
        if path.startswith("tests/deploy/"):
            return path
        return nodeid
