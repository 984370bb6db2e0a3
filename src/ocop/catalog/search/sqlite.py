"""SQLite FTS5 backend: bm25 over the external-content table catalog_search_fts (migration 0002)."""

from django.db import connection

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


def search_groups(groups: list[tuple[list[str], bool]], restriction, limit: int, offset: int):
    """Every group must match: one of its words (`("muc" OR "mua") AND "long"*`)."""
    parts = []
    for words, prefix in groups:
        if len(words) == 1:
            parts.append(f'"{words[0]}"' + ("*" if prefix else ""))
        else:
            parts.append("(" + " OR ".join(f'"{word}"' for word in words) + ")")
    return _run(" AND ".join(parts), restriction, limit, offset)
