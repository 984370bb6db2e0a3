"""Benchmark: a provincial round of 60 dossiers scored by a council of 5 (targets in the lines).

`run()` returns the lines to print. It sets Django up itself, loads the criteria if needed, and
builds its own rows through the real services (producer → commune → province → council): every
timed figure is a service call as a page or the API makes it, audit and notifications included.
Run it through `python -m bench` (a throwaway database, migrated, with the administrative units).
"""

import datetime
import os
import sys
import time
from pathlib import Path

DOSSIERS = int(os.environ.get("OCOP_BENCH_DOSSIERS", "60"))
SCORERS = 5


def _setup() -> None:
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()


def _answers(sheet, shift: int) -> dict:
    answers = {}
    for section in sheet.sections.values():
        tops = section.criterion_codes[:1] if section.choose_one else section.criterion_codes
        for top in tops:
            for position, leaf in enumerate(sheet.index.leaves[top]):
                options = sorted(sheet.criteria[leaf].options, key=lambda o: o.points)
                answers[leaf] = options[max(0, len(options) - 1 - (shift + position) % 2)].code
    return answers


def run() -> list[str]:
    _setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ocop.accounts.services import user_create
    from ocop.core.text import fold_vietnamese
    from ocop.criteria.models import ProductSet
    from ocop.criteria.selectors import sheet_get, version_current
    from ocop.evaluations import selectors, services
    from ocop.evaluations.notifications import email_muted
    from ocop.geo.models import Commune, Province
    from ocop.producers.models import Producer
    from ocop.products.models import Product

    if not ProductSet.objects.exists():
        call_command("ocop_criteria_load", verbosity=0)
    version = version_current()
    tea_set = ProductSet.objects.get(version=version, number=12)
    sheet = sheet_get(product_set=tea_set)
    province = Province.objects.get(code=22)
    commune = Commune.objects.get(code=6970)
    stamp = str(int(time.time()))
    producer = Producer.objects.create(
        legal_name=f"HTX đo hiệu năng {stamp}",
        producer_type="cooperative",
        commune=commune,
        name_folded=fold_vietnamese(f"HTX đo hiệu năng {stamp}"),
    )

    def user(name, role, **scope):
        return user_create(username=f"{name}{stamp}", password="bench-password-2026", role=role, **scope)  # noqa: S106

    owner = user("chuthe", "producer", producer=producer)
    clerk = user("xa", "commune_officer", commune=commune)
    officer = user("tinh", "provincial_officer", province=province)
    scorers = [user(f"hd{i}", "council_member", province=province) for i in range(SCORERS)]
    secretary = user("thuky", "council_member", province=province)
    round_ = services.round_open(
        actor=officer,
        year=2026,
        number=int(stamp) % 30000 + 10,
        name=f"Đợt đo hiệu năng {stamp}",
        criteria_version=version,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
    )
    services.council_form(
        actor=officer, round_=round_, name="HĐ", chair=scorers[0], members=scorers[1:], secretary=secretary
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    lines = []
    with email_muted():
        dossiers = []
        started = time.perf_counter()
        for index in range(DOSSIERS):
            product = Product.objects.create(producer=producer, name_vi=f"Trà đo {stamp} {index}", product_set=tea_set)
            dossier = services.dossier_create(actor=owner, product=product)
            services.self_assessment_save(actor=owner, dossier=dossier, answers=_answers(sheet, 0))
            for requirement in services.evidence_check(dossier):
                services.evidence_add(
                    actor=owner, dossier=dossier, upload=ContentFile(pdf, name="mc.pdf"), kind=requirement.kinds[0]
                )
            services.dossier_submit(actor=owner, dossier=dossier)
            services.dossier_accept(actor=clerk, dossier=dossier)
            services.commune_assessment_save(
                actor=clerk, dossier=dossier, answers={c: _answers(sheet, 0)[c] for c in ("1.1", "2.1", "3.3", "5.2")}
            )
            services.dossier_forward(actor=clerk, dossier=dossier)
            services.dossier_assign(actor=officer, round_=round_, dossier=dossier)
            dossiers.append(dossier)
        prepared = time.perf_counter() - started
        lines.append(
            f"evaluations: {DOSSIERS} dossiers from draft to assigned (self-assessment, evidence, commune, "
            f"assignment) in {prepared:.2f} s ({prepared / DOSSIERS * 1000:.0f} ms each)"
        )

        started = time.perf_counter()
        for index, dossier in enumerate(dossiers):
            for number, member in enumerate(scorers):
                services.score_save(actor=member, dossier=dossier, answers=_answers(sheet, index + number), submit=True)
        scoring = time.perf_counter() - started
        sheets = DOSSIERS * SCORERS
        verdict = "OK" if scoring / sheets < 0.1 else "SLOW"
        lines.append(
            f"evaluations: {sheets} member sheets submitted in {scoring:.2f} s "
            f"({scoring / sheets * 1000:.1f} ms per sheet; target < 100 ms: {verdict})"
        )

        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            progress = selectors.round_progress(round_)
            elapsed = time.perf_counter() - started
        lines.append(
            f"evaluations: round progress page data for {len(progress.dossiers)} dossiers in {elapsed * 1000:.0f} ms, "
            f"{len(queries)} queries (target: constant, ≤ 6); {len(progress.ready_to_close)} ready to close"
        )

        started = time.perf_counter()
        for dossier in dossiers:
            services.dossier_close(actor=scorers[0], dossier=dossier, outlier_reason="Đã thảo luận (đo hiệu năng)")
        closing = time.perf_counter() - started
        lines.append(
            f"evaluations: {DOSSIERS} dossiers closed in {closing:.2f} s ({closing / DOSSIERS * 1000:.1f} ms each)"
        )

        started = time.perf_counter()
        for index, dossier in enumerate(dossiers):
            if dossier.__class__.objects.get(pk=dossier.pk).status == "closed":
                services.decision_record(
                    actor=secretary,
                    dossier=dossier,
                    number=f"{index}/QĐ-UBND",
                    decided_on=timezone.localdate(),
                    signer_name="A",
                )
        deciding = time.perf_counter() - started
        lines.append(f"evaluations: decisions recorded in {deciding:.2f} s ({deciding / DOSSIERS * 1000:.1f} ms each)")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
