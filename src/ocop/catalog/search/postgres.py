"""PostgreSQL backend: full text over the stored `search_vector` (simple configuration, folded text)
with a pg_trgm word-similarity fallback for typos (migration 0002 creates both)."""

import logging

from django.db import connection

from ocop.catalog.search import FUZZY_MIN_CHARACTERS

NAME = "postgresql-fts"
# Trigrams of the product names only: short strings keep the fallback fast (the body is long).
TRIGRAM_TEXT = "d.name_folded"
# Stricter than pg_trgm's default 0.6, which lets "cha ca" match "cha muc" (0.67).
WORD_SIMILARITY = 0.7

logger = logging.getLogger(__name__)
_trigram_available: dict[str, bool] = {}


def tsquery(tokens: list[str]) -> str:
    """`cha & muc & ha & long:*`: every word, the last one also as a prefix."""
    parts = list(tokens)
    parts[-1] += ":*"
    return " & ".join(parts)


def matching_ids_sql(tokens: list[str]) -> tuple[str, list]:
    return (
        "SELECT product_id FROM catalog_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)",
        [tsquery(tokens)],
    )


def trigram_available() -> bool:
    key = connection.settings_dict["NAME"]
    if key not in _trigram_available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trigram_available[key] = cursor.fetchone() is not None
        if not _trigram_available[key]:
            logger.warning("pg_trgm is not installed: catalogue search runs without the typo fallback")
    return _trigram_available[key]


def _run(rank_sql: str, rank_params: list, where: str, where_params: list, restriction, limit, offset):
    from ocop.catalog.search import SearchHit

    if restriction is not None:
        where += f" AND d.product_id IN ({restriction[0]})"
        where_params = [*where_params, *restriction[1]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.product_id, {rank_sql} AS rank, count(*) OVER () FROM catalog_searchdocument d "  # noqa: S608
            f"WHERE {where} ORDER BY rank DESC, d.product_id LIMIT %s OFFSET %s",
            [*rank_params, *where_params, limit, offset],
        )
        rows = cursor.fetchall()
        hits = [SearchHit(product_id=row[0], rank=float(row[1])) for row in rows]
        if rows:
            total = rows[0][2]
        elif offset:
            cursor.execute(f"SELECT count(*) FROM catalog_searchdocument d WHERE {where}", where_params)  # noqa: S608
            total = cursor.fetchone()[0]
        else:
            total = 0
    return hits, total


def search(tokens: list[str], restriction, limit: int, offset: int):
    query = tsquery(tokens)
    return _run(
        "ts_rank(d.search_vector, to_tsquery('simple', %s))",
        [query],
        "d.search_vector @@ to_tsquery('simple', %s)",
        [query],
        restriction,
        limit,
        offset,
    )


def search_fuzzy(tokens: list[str], restriction, limit: int, offset: int):
    """Trigram fallback: documents with a stretch spelt like the query (word_similarity ≥ 0.7).

    `<%` lets the trigram GIN index find the candidates (pg_trgm's threshold, 0.6); the explicit
    comparison keeps the stricter threshold. Queries under five letters get no fallback.
    """
    text = " ".join(tokens)
    if len(text.replace(" ", "")) < FUZZY_MIN_CHARACTERS or not trigram_available():
        return [], 0
    return _run(
        f"word_similarity(%s, {TRIGRAM_TEXT})",
        [text],
        f"%s <%% {TRIGRAM_TEXT} AND word_similarity(%s, {TRIGRAM_TEXT}) >= {WORD_SIMILARITY}",
        [text, text],
        restriction,
        limit,
        offset,
    )
