"""Limits of the Excel import, declared in settings (OCOP_IMPORT_…, docs/operations.md)."""

from django.conf import settings


def max_file_bytes() -> int:
    """A file larger than this is refused before it is read."""
    return int(settings.OCOP_IMPORT_MAX_BYTES)


def max_rows() -> int:
    """A sheet with more data rows than this is refused (split the file)."""
    return int(settings.OCOP_IMPORT_MAX_ROWS)


def preview_limit() -> int:
    """Rows kept per action (create / update / unchanged) in a job's stored preview."""
    return int(settings.OCOP_IMPORT_PREVIEW_LIMIT)


def progress_every() -> int:
    """The job's processed-row counter is written every this many rows."""
    return int(settings.OCOP_IMPORT_PROGRESS_EVERY)
