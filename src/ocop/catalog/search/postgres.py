"""PostgreSQL backend: full text over the stored `search_vector` (simple configuration, folded text,
migration 0002). The spelling fallback is the shared rule of `spelling.py` over the tsvectors' words."""

from django.db import connection

NAME = "postgresql-fts"


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


def search_groups(groups: list[tuple[list[str], bool]], restriction, limit: int, offset: int):
    """Every group must match: one of its words (`(muc | mua) & long:*`), ranked like `search`."""
    parts = []
    for words, prefix in groups:
        if len(words) == 1:
            parts.append(words[0] + (":*" if prefix else ""))
        else:
            parts.append("(" + " | ".join(words) + ")")
    query = " & ".join(parts)
    return _run(
        "ts_rank(d.search_vector, to_tsquery('simple', %s))",
        [query],
        "d.search_vector @@ to_tsquery('simple', %s)",
        [query],
        restriction,
        limit,
        offset,
    )
