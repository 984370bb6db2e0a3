"""`make restore FROM=folder`: replace the database and the uploaded files with a backup, then check them."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.core.backup import BackupError, backup_read, backup_restore


class Command(BaseCommand):
    help = "Khôi phục từ bản sao lưu / Restore from a backup"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục bản sao lưu / the backup folder")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, folder: str, interactive: bool, **options):
        try:
            backup = backup_read(folder)
            if interactive:
                question = _(
                    "Dữ liệu hiện có và tệp tải lên sẽ bị thay bằng bản sao lưu %(folder)s. Gõ 'yes' để tiếp tục: "
                ) % {"folder": backup.folder}
                if input(question).strip().lower() != "yes":
                    raise CommandError(_("Đã huỷ; không có gì thay đổi."))
            backup = backup_restore(folder=backup.folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Đã khôi phục %(tables)s bảng (%(rows)s dòng) và %(files)s tệp từ %(folder)s; số dòng và mã băm khớp.")
            % {
                "tables": len(backup.tables),
                "rows": sum(backup.tables.values()),
                "files": len(backup.files),
                "folder": backup.folder,
            }
        )
