"""Limits of the Excel import. Each can be overridden in settings (OCOP_IMPORT_…)."""

from django.conf import settings

# A file larger than this is refused before it is read.
MAX_FILE_BYTES = 10 * 1024 * 1024
# A sheet with more data rows than this is refused (split the file).
MAX_ROWS = 20_000
# Rows kept per action (create / update / unchanged) in a job's stored preview.
PREVIEW_LIMIT = 200
# The job's processed-row counter is written every this many rows.
PROGRESS_EVERY = 500


def max_file_bytes() -> int:
    return int(getattr(settings, "OCOP_IMPORT_MAX_BYTES", MAX_FILE_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "OCOP_IMPORT_MAX_ROWS", MAX_ROWS))


def preview_limit() -> int:
    return int(getattr(settings, "OCOP_IMPORT_PREVIEW_LIMIT", PREVIEW_LIMIT))


def progress_every() -> int:
    return int(getattr(settings, "OCOP_IMPORT_PROGRESS_EVERY", PROGRESS_EVERY))
