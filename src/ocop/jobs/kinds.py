"""What a job builds: settings.OCOP_JOB_KINDS maps a kind to the dotted path of its builder, in the
app that owns the data (as OCOP_HOOKS does for hooks), so this app imports no domain app.

A builder is `build(user, params, progress) -> JobFile`: it checks `params` against the user again
(the worker has no request), calls `progress(done, total)` as it goes, and returns the bytes and the
file name the user downloads — the same bytes the page used to answer with."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class JobFile:
    content: bytes
    filename: str


Progress = Callable[[int, int], None]


class Builder(Protocol):
    def __call__(self, user: Any, params: dict, progress: Progress) -> JobFile: ...


def known_kinds() -> list[str]:
    return sorted(settings.OCOP_JOB_KINDS)


def builder_for(kind: str) -> Builder:
    return import_string(settings.OCOP_JOB_KINDS[kind])
