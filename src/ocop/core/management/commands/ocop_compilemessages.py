"""Compile every app's .po catalogue to .mo with Babel (pure Python: no gettext tools needed).

With --strict, an untranslated or fuzzy message is an error: every string a person reads must
exist in Vietnamese and English.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand, CommandError

SOURCE_ROOT = Path(__file__).resolve().parents[3]


class Command(BaseCommand):
    help = "Compile the translation catalogues (biên dịch bản dịch)."

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="fail on untranslated or fuzzy messages")

    def handle(self, *args, strict: bool, **options):
        problems: list[str] = []
        count = 0
        for po_path in sorted(SOURCE_ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as handle:
                catalog = read_po(handle)
            for message in catalog:
                if not message.id:
                    continue
                label = f"{po_path.relative_to(SOURCE_ROOT)}: {message.id!r}"
                if message.fuzzy:
                    problems.append(f"fuzzy {label}")
                elif not (all(message.string) if isinstance(message.string, tuple) else message.string):
                    problems.append(f"untranslated {label}")
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            count += 1
        if strict and problems:
            raise CommandError("\n".join(problems))
        for problem in problems:
            self.stderr.write(problem)
        if options["verbosity"]:
            self.stdout.write(f"compiled {count} catalogue(s)")
