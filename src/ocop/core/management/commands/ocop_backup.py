"""`make backup [TO=folder]`: the database and the uploaded files in one dated folder (ocop.core.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên / Back up the database and the uploaded files"

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="folder", default="", help="thư mục đích / target folder")

    def handle(self, *args, folder: str, **options):
        try:
            backup = backup_create(folder=folder or None)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Đã sao lưu %(tables)s bảng (%(rows)s dòng) và %(files)s tệp vào %(folder)s")
            % {
                "tables": len(backup.tables),
                "rows": sum(backup.tables.values()),
                "files": len(backup.files),
                "folder": backup.folder,
            }
        )
