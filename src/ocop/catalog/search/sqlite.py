"""SQLite FTS5 backend: bm25 over the external-content table catalog_search_fts (migration 0002)."""

import difflib

from django.db import connection

from ocop.catalog.search import FUZZY_MIN_CHARACTERS, MAX_TOKENS

NAME = "sqlite-fts5"
# bm25 column weights: a word in the product's name counts ten times a word elsewhere.
RANK = "bm25(catalog_search_fts, 10.0, 1.0)"


def match_expression(tokens: list[str]) -> str:
    """`"cha" "muc" "ha" "long"*`: every word, the last one also as a prefix."""
    parts = [f'"{token}"' for token in tokens]
    parts[-1] += "*"
    return " ".join(parts)


def matching_ids_sql(tokens: list[str]) -> tuple[str, list]:
    return "SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH %s", [match_expression(tokens)]


def _run(expression: str, restriction, limit: int, offset: int):
    """The matches of `expression`, best first. The full-text match is materialised first, so that a
    filter (`restriction`, a product-id subquery) never makes SQLite run the MATCH once per product."""
    from ocop.catalog.search import SearchHit

    materialized = "MATERIALIZED " if restriction is not None else ""
    hits_sql = (
        f"WITH hits AS {materialized}(SELECT rowid AS id, {RANK} AS rank FROM catalog_search_fts "  # noqa: S608
        "WHERE catalog_search_fts MATCH %s)"
    )
    where, params = "", [expression]
    if restriction is not None:
        where = f" WHERE id IN ({restriction[0]})"
        params += list(restriction[1])
    with connection.cursor() as cursor:
        cursor.execute(
            f"{hits_sql} SELECT id, rank, count(*) OVER () FROM hits{where} "  # noqa: S608
            "ORDER BY rank, id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
        hits = [SearchHit(product_id=row[0], rank=-row[1]) for row in rows]
        if rows:
            total = rows[0][2]
        elif offset:
            cursor.execute(f"{hits_sql} SELECT count(*) FROM hits{where}", params)  # noqa: S608
            total = cursor.fetchone()[0]
        else:
            total = 0
    return hits, total


def search(tokens: list[str], restriction, limit: int, offset: int):
    return _run(match_expression(tokens), restriction, limit, offset)


def _vocabulary_near(token: str, cursor) -> list[str]:
    """Indexed words spelt like `token`: same first letter, length within two, similarity ≥ 0.75 (0.6 for words under five letters)."""
    cursor.execute(
        "SELECT term FROM catalog_search_vocab WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s",
        [token[0], chr(ord(token[0]) + 1), len(token) - 2, len(token) + 2],
    )
    candidates = [row[0] for row in cursor.fetchall()]
    cutoff = 0.75 if len(token) >= 5 else 0.6
    return difflib.get_close_matches(token, candidates, n=3, cutoff=cutoff)


def search_fuzzy(tokens: list[str], restriction, limit: int, offset: int):
    """Spelling fallback: each word that matches nothing is replaced by the indexed words spelt like it.

    Like the PostgreSQL fallback, nothing is corrected in a query under FUZZY_MIN_CHARACTERS letters,
    and a word under three letters is never replaced.
    """
    if len("".join(tokens)) < FUZZY_MIN_CHARACTERS:
        return [], 0
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.catalog_search_vocab USING fts5vocab(main, catalog_search_fts, row)"
        )
        parts = []
        changed = False
        for position, token in enumerate(tokens[:MAX_TOKENS]):
            last = position == len(tokens) - 1
            cursor.execute(
                "SELECT 1 FROM catalog_search_vocab WHERE term = %s OR (%s AND term >= %s AND term < %s) LIMIT 1",
                [token, last, token, token + "\uffff"],
            )
            if cursor.fetchone():
                parts.append(f'"{token}"' + ("*" if last else ""))
                continue
            near = _vocabulary_near(token, cursor) if len(token) >= 3 else []
            if not near:
                return [], 0
            changed = True
            parts.append("(" + " OR ".join(f'"{word}"' for word in near) + ")")
    if not changed:
        return [], 0
    return _run(" AND ".join(parts), restriction, limit, offset)
