"""Explicit extension points between apps, named in settings.OCOP_HOOKS.

An app low in the dependency order (products, evaluations, promotion) announces that something
happened with `run_hooks("products.changed", product_ids=[...])`; the functions listed for that
event in settings (apps higher up: catalog, certificates, programme) are called in order, in the
caller's transaction. No Django signals: the list of what runs is one setting a reader can see.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def run_hooks(event: str, **payload) -> None:
    for path in settings.OCOP_HOOKS.get(event, []):
        import_string(path)(**payload)
