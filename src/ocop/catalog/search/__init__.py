"""Product search for the public catalogue: one interface, a backend per database.

    results = search_products("cha muc ha long", filters=CatalogFilters(stars=4), limit=24, offset=0)
    results.ids          # [product id, ...] best first
    results.hits         # [SearchHit(product_id, rank), ...]
    results.total        # how many products match in all

The query is folded like the documents (`fold_vietnamese`, then anything but a–z and 0–9 becomes a
space), so `cha muc` finds *Chả mực* and `dac san` finds *Đặc sản*. Every word must match a word of
the document; the last word also matches as a prefix (search as you type). Both backends apply exactly these rules, so the same query finds the same products on both;
only the ranking differs (bm25 on SQLite FTS5, ts_rank on PostgreSQL; cover density, ts_rank_cd, made a search at 20,000 products ~60 % slower).
When nothing matches, a spelling fallback (`spelling.py`, one rule and one word list, `SearchWord`,
for both backends) replaces each unknown word by the indexed words within a typing-error budget of it (`cha muk`
→ *cha muc*, `tra hoa vnag` → *tra hoa vang*; `dam ha` stays unmatched). `results.corrected` tells
when the fallback produced the results.
"""

import re
from dataclasses import dataclass, field

from django.db import connection

from ocop.core.text import fold_vietnamese

MAX_TOKENS = 8
# The typo fallbacks leave short queries alone: "cha ca" must not turn into "cha muc".
FUZZY_MIN_CHARACTERS = 5
MAX_TOKEN_LENGTH = 40
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold_for_index(text: str) -> str:
    """Folded text with only a–z, 0–9 and single spaces: what both databases tokenise identically."""
    return _NON_WORD.sub(" ", fold_vietnamese(text or "")).strip()


def query_tokens(query: str) -> list[str]:
    tokens = [token[:MAX_TOKEN_LENGTH] for token in fold_for_index(query).split()]
    return tokens[:MAX_TOKENS]


@dataclass(frozen=True)
class SearchHit:
    product_id: int
    rank: float


@dataclass
class SearchResults:
    query: str
    tokens: list[str]
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    corrected: bool = False
    backend: str = ""

    @property
    def ids(self) -> list[int]:
        return [hit.product_id for hit in self.hits]


def backend():
    """The search backend of the default database."""
    if connection.vendor == "sqlite":
        from ocop.catalog.search import sqlite

        return sqlite
    if connection.vendor == "postgresql":
        from ocop.catalog.search import postgres

        return postgres
    from ocop.catalog.search import generic

    return generic


def _restriction(filters, module, tokens: list[str] | None):
    """The product-id subquery (sql, params) the filters allow, or None when nothing is filtered.

    The subquery is limited to the products matching the words, so that the filters (a star from
    the certificates, a document's expiry…) are evaluated on the matches only, not on every product.
    """
    if filters is None:
        return None
    from django.db.models.expressions import RawSQL

    from ocop.catalog.selectors import catalogue_products, filters_active

    if not filters_active(filters):
        return None
    products = catalogue_products(filters)
    if tokens is not None:
        products = products.filter(pk__in=RawSQL(*module.matching_ids_sql(tokens)))  # noqa: S611 - bound parameters
    sql, params = products.values("pk").query.sql_with_params()
    return sql, params


def _search_corrected(module, tokens: list[str], restriction, limit: int, offset: int):
    """The spelling fallback (`spelling.py`, the same rule on every backend); nothing for a short query."""
    from ocop.catalog.search import spelling

    if len("".join(tokens)) < FUZZY_MIN_CHARACTERS:
        return [], 0
    if not hasattr(module, "search_groups"):
        return [], 0
    groups = spelling.correct(tokens, known=spelling.known, vocabulary=spelling.vocabulary)
    if groups is None:
        return [], 0
    return module.search_groups(groups, restriction, limit, offset)


def search_products(query: str, filters=None, limit: int = 24, offset: int = 0) -> SearchResults:
    """Products matching `query` (and `filters`, a `CatalogFilters`), best first."""
    tokens = query_tokens(query)
    module = backend()
    results = SearchResults(query=query, tokens=tokens, backend=module.NAME)
    if not tokens:
        return results
    limit = max(0, min(int(limit), 200))
    offset = max(0, int(offset))
    restriction = _restriction(filters, module, tokens)
    hits, total = module.search(tokens, restriction, limit, offset)
    if total == 0:
        restriction = _restriction(filters, module, None)
        hits, total = _search_corrected(module, tokens, restriction, limit, offset)
        results.corrected = total > 0
    results.hits = hits
    results.total = total
    return results


def matching_ids_sql(query: str) -> tuple[str, list] | None:
    """SQL selecting the ids of every product matching `query` (exact rules, no fallback), or None
    for an empty query: for `pk__in=RawSQL(...)` when the list is sorted by something else."""
    tokens = query_tokens(query)
    if not tokens:
        return None
    return backend().matching_ids_sql(tokens)
