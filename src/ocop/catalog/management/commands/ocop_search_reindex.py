from django.core.management.base import BaseCommand

from ocop.catalog.services import search_index_heal, search_index_rebuild, search_index_stale


class Command(BaseCommand):
    help = (
        "Rebuild the catalogue search index (after imports, bulk edits, renamed places or product sets). "
        "--check only reports stale documents; --heal rebuilds only those."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="report stale documents; exit 1 if any")
        parser.add_argument("--heal", action="store_true", help="rebuild only the stale documents")

    def handle(self, *args, check=False, heal=False, **options):
        if check:
            outdated, orphans = search_index_stale()
            self.stdout.write(f"outdated or missing: {len(outdated)}; to drop: {len(orphans)}")
            if outdated or orphans:
                raise SystemExit(1)
            return
        if heal:
            self.stdout.write(f"healed: {search_index_heal()}")
            return
        self.stdout.write(f"indexed: {search_index_rebuild()}")
