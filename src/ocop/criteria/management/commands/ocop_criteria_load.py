from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ocop.criteria.errors import CriteriaImportError
from ocop.criteria.services import criteria_load


class Command(BaseCommand):
    help = "Load the criteria versions, product sets and scoring sheets shipped with the project (idempotent)."

    def handle(self, *args, **options):
        try:
            report = criteria_load()
        except CriteriaImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(exc.message) from exc
        if options["verbosity"] < 1:
            return
        verbose = options["verbosity"] >= 2
        for sheet in report.sheets:
            errors = [p for p in sheet.problem_records() if p["severity"] == "error"]
            warnings = [p for p in sheet.problem_records() if p["severity"] == "warning"]
            self.stdout.write(
                _(
                    "Bộ %(number)02d %(status)s: %(errors)d lỗi (%(corrected)d đã hiệu chỉnh), "
                    "%(warnings)d lưu ý — %(file)s"
                )
                % {
                    "number": sheet.number,
                    "status": sheet.status,
                    "errors": len(errors),
                    "corrected": sum(1 for p in errors if p["resolution"] == "corrected"),
                    "warnings": len(warnings),
                    "file": sheet.file,
                }
            )
            for record in errors + (warnings if verbose else []):
                self.stdout.write(
                    f"    {sheet.file}:{record['line']} [{record['field']}] {record['resolution']}: {record['message']}"
                )
            reading_label = _("cách đọc")
            for reading in sheet.readings:
                self.stdout.write(
                    f"    {reading.file}:{reading.line} [{reading.code}] {reading_label}: {reading.message}"
                )
            if sheet.status == "unverified":
                self.stdout.write("    " + _("Chưa kiểm chứng: %s") % sheet.unverified_reason)
        changed = ", ".join(report.changed_sets) or _("không có")
        self.stdout.write(
            _("Phiên bản: %(versions)s. Bộ được nạp mới hoặc cập nhật: %(changed)s.")
            % {"versions": ", ".join(report.versions), "changed": changed}
        )
