"""Benchmark: score and classify 10,000 sheets (goal: under 0.3 s, issue 16).

`run()` returns the lines to print. It sets Django up itself (DJANGO_SETTINGS_MODULE=ocop.settings,
`src` on sys.path) and loads the criteria if the database has none. The sheets are read from the
database once (as a real request would, then cached); the timed part is the engine alone.
"""

import os
import random
import sys
import time
from pathlib import Path

SHEETS = 10_000


def _setup() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def _random_answers(sheet, rng: random.Random) -> dict[str, str | None]:
    answers: dict[str, str | None] = {}
    for section in sheet.sections.values():
        tops = section.criterion_codes
        if section.choose_one:
            tops = (rng.choice(tops),)
        for top in tops:
            for leaf in sheet.index.leaves[top]:
                options = sheet.criteria[leaf].options
                answers[leaf] = rng.choice([None, *[o.code for o in options]])
    return answers


def run() -> list[str]:
    _setup()
    from django.core.management import call_command

    from ocop.criteria import selectors
    from ocop.criteria.engine import classify, score
    from ocop.criteria.models import ProductSet

    if not ProductSet.objects.exists():
        call_command("ocop_criteria_load", verbosity=0)
    version = selectors.version_current() or selectors.version_get(code="QD148")
    sheets = [selectors.sheet_get(product_set=s) for s in selectors.product_sets_list(version=version)]
    rng = random.Random(148)
    work = []
    for _ in range(SHEETS):
        sheet = rng.choice(sheets)
        work.append((sheet, _random_answers(sheet, rng)))

    started = time.perf_counter()
    stars = [0] * 6
    for sheet, answers in work:
        result = score(sheet, answers=answers)
        classification = classify(total=result.total, answers=result.effective_options(), sheet=sheet)
        stars[classification.stars] += 1
    elapsed = time.perf_counter() - started

    verdict = "met" if elapsed < 0.3 else "not met"
    return [
        f"criteria: scored and classified {SHEETS:,} sheets over {len(sheets)} product sets "
        f"in {elapsed:.3f} s ({SHEETS / elapsed:,.0f} sheets/s; goal < 0.3 s: {verdict})",
        "criteria: stars " + ", ".join(f"★{s}: {stars[s]}" for s in range(1, 6)),
    ]


if __name__ == "__main__":
    print("\n".join(run()))
