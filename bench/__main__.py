"""`make bench`: performance figures, printed. Runs against a throwaway database.

SQLite by default (a fresh file in a temporary folder); set DATABASE_URL to measure PostgreSQL, and
OCOP_BENCH_ONLY=criteria,catalog to run only some modules.
Each module under bench/ exposes `run() -> list[str]`; its lines are printed as they come.
"""

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "bench.criteria",
    "bench.registry_import",
    "bench.registry_export",
    "bench.hostile_files",
    "bench.evaluations",
    "bench.certificates",
    "bench.stamps",
    "bench.stamp_scans",
    "bench.promotion",
    "bench.trade",
    "bench.programme",
    "bench.catalog",
]


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    os.environ.setdefault("OCOP_VAR_DIR", tempfile.mkdtemp(prefix="ocop-bench-"))
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("ocop_geo_load", verbosity=0)
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}); setup {time.perf_counter() - started:.1f} s"
    )
    only = {f"bench.{name.strip()}" for name in os.environ.get("OCOP_BENCH_ONLY", "").split(",") if name.strip()}
    for name in MODULES:
        if only and name not in only:
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            print(f"[{name}] not present")
            continue
        print(f"[{name}]")
        for line in module.run():
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
