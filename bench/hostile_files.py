"""Peak memory of the process that handles a hostile upload, each case in its own subprocess.

Each case runs `python -m bench.hostile_files <case>` with the bench's environment (same database,
same settings): the child sets Django up, builds its file (tests/hostile.py), notes its resident
memory, does what the worker or the request does with the upload, and prints its peak resident set
size (VmHWM, Linux) and the time. The target: under 300 MB for any upload within the size limits.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 300


def _rss_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _workbook_case(data: bytes) -> str:
    """The registry import's validation task on this file, as the worker runs it."""
    from ocop.accounts.models import Role, User
    from ocop.geo.models import Province
    from ocop.imports.models import ImportJob, ImportStatus
    from ocop.imports.problems import ImportFileError
    from ocop.imports.services import _plan

    province = Province.objects.get(code=22)
    officer, _created = User.objects.get_or_create(
        username="bench-hostile-officer", defaults={"role": Role.PROVINCIAL_OFFICER, "province": province}
    )
    job = ImportJob(kind="producers", created_by=officer, province=province, original_name="hostile.xlsx")
    job.file.save("bench-hostile.xlsx", io.BytesIO(data), save=False)
    job.status = ImportStatus.VALIDATING
    job.save()
    try:
        plan = _plan(job, progress=lambda count: None)
        return f"read: {len(plan.rows)} rows, {len(plan.problems)} problems"
    except ImportFileError as error:
        return f"refused: {error.message_en}"
    finally:
        job.file.delete(save=False)
        job.delete()


def _image_case(data: bytes) -> str:
    """The photo service's check and resize of this upload, as the request runs it."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.products.services import _resized_image

    try:
        _content, width, height = _resized_image(SimpleUploadedFile("photo.png", data))
        return f"accepted: stored at {width} × {height}"
    except ValidationError as error:
        return f"refused: {error.message_dict['image'][0]}"


def _build(case: str) -> tuple[str, bytes]:
    from tests import hostile

    from bench.registry_import import producers_file
    from ocop.imports.columns import COLUMNS

    headers = [column.header_vi for column in COLUMNS["producers"]]
    if case == "zip-bomb":
        return "workbook", hostile.zip_bomb_xlsx(headers[:8], expanded_mb=1024)
    if case == "rows-at-limit":
        return "workbook", producers_file(rows=20_000)
    if case == "lying-dimension":
        return "workbook", hostile.lying_dimension_xlsx(
            [headers, *(["", f"Hợp tác xã {n}", "", "Hợp tác xã", *[""] * 6, "Phường Hạ Long"] for n in range(10))],
            says="A1:V5",
        )
    width, height, rgba = {"png-20000": (20000, 20000, False), "png-12000": (12000, 12000, False)}.get(
        case, (8000, 5000, True)
    )
    return "image", hostile.png(width, height, rgba=rgba)


CASES = {
    "zip-bomb": "xlsx zip bomb: sheet expands to 1 GB",
    "lying-dimension": "xlsx of 10 rows whose <dimension> says 5",
    "rows-at-limit": "xlsx at the row limit (20,000 producers)",
    "png-20000": "PNG 20000 × 20000 (greyscale)",
    "png-12000": "PNG 12000 × 12000 (greyscale)",
    "png-largest": "PNG 8000 × 5000 RGBA (largest accepted)",
}


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def build(case: str, path: str) -> None:
    """Write the case's file, in a process of its own (building a big workbook takes memory too)."""
    _setup()
    kind, data = _build(case)
    Path(path).write_bytes(data)
    print(kind)


def measure(case: str, kind: str, path: str) -> None:
    """Handle the file as the server does; print the peak memory of this process."""
    _setup()
    from django.utils import translation

    data = Path(path).read_bytes()
    before = _rss_mb("VmRSS")
    started = time.perf_counter()
    with translation.override("en"):
        outcome = _workbook_case(data) if kind == "workbook" else _image_case(data)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "file_mb": len(data) / 1024 / 1024,
                "before_mb": before,
                "peak_mb": _rss_mb("VmHWM"),
                "seconds": seconds,
                "outcome": outcome,
            }
        )
    )


def _child(*arguments: str) -> subprocess.CompletedProcess:
    # A fixed command line: this module, run again with the bench's own environment.
    return subprocess.run(
        [sys.executable, "-m", "bench.hostile_files", *arguments],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )


def run() -> list[str]:
    lines = []
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="ocop-hostile-") as folder:
        for case, label in CASES.items():
            path = str(Path(folder) / case)
            built = _child("build", case, path)
            result = _child("measure", case, built.stdout.strip(), path) if built.returncode == 0 else built
            if result.returncode != 0:
                lines.append(f"{label}: FAILED ({result.stderr.strip().splitlines()[-1:]})")
                continue
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            worst = max(worst, figures["peak_mb"])
            lines.append(
                f"{label} ({figures['file_mb']:.2f} MB file): peak RSS {figures['peak_mb']:.0f} MB "
                f"(Django loaded: {figures['before_mb']:.0f} MB), {figures['seconds']:.2f} s; "
                f"{figures['outcome'][:100]}"
            )
    verdict = "within" if worst < TARGET_MB else "OVER"
    lines.append(f"hostile uploads: worst peak RSS {worst:.0f} MB, {verdict} the {TARGET_MB} MB target")
    return lines


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    else:
        measure(sys.argv[2], sys.argv[3], sys.argv[4])
