"""Catalogue demo: the search index over the registry demo (idempotent: a rebuild gives the same index).

The registry demo creates products directly (not through product services), so the catalogue
indexes everything once here. Call after `ocop.demo.loader.demo_load()` and the other apps' demos.
"""

from ocop.catalog.services import search_index_rebuild


def load_demo() -> int:
    return search_index_rebuild()
