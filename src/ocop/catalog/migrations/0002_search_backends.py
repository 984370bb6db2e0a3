"""Database-specific search structures for catalog_searchdocument.

SQLite: an external-content FTS5 table over the folded name and body, kept in step with the
document table by triggers (so any write to a document, even raw SQL, reaches the index).
PostgreSQL: a stored tsvector column (name weighted A, body B) with a GIN index, and pg_trgm with
a trigram GIN index over the folded names for the typo fallback. If pg_trgm cannot be created (no privilege), the
migration still succeeds and search runs without the typo fallback (see search/postgres.py).
Other databases: nothing (the search falls back to LIKE over the document table).
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE catalog_search_fts USING fts5(
        name_folded, body_folded,
        content='catalog_searchdocument', content_rowid='product_id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    )""",
    """CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_searchdocument BEGIN
        INSERT INTO catalog_search_fts(rowid, name_folded, body_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded);
    END""",
    """CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_searchdocument BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded);
    END""",
    """CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_searchdocument BEGIN
        INSERT INTO catalog_search_fts(catalog_search_fts, rowid, name_folded, body_folded)
        VALUES ('delete', old.product_id, old.name_folded, old.body_folded);
        INSERT INTO catalog_search_fts(rowid, name_folded, body_folded)
        VALUES (new.product_id, new.name_folded, new.body_folded);
    END""",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_search_au",
    "DROP TRIGGER IF EXISTS catalog_search_ad",
    "DROP TRIGGER IF EXISTS catalog_search_ai",
    "DROP TABLE IF EXISTS catalog_search_fts",
]

POSTGRES_FORWARD = [
    """ALTER TABLE catalog_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', name_folded), 'A') || setweight(to_tsvector('simple', body_folded), 'B')
    ) STORED""",
    "CREATE INDEX catalog_search_vector_gin ON catalog_searchdocument USING gin (search_vector)",
]
POSTGRES_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX catalog_search_trigram_gin ON catalog_searchdocument "
    "USING gin (name_folded gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS catalog_search_trigram_gin",
    "DROP INDEX IF EXISTS catalog_search_vector_gin",
    "ALTER TABLE catalog_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                _run(schema_editor, POSTGRES_TRIGRAM)
        except Exception as error:  # noqa: BLE001 - any failure: search works without the typo fallback
            logger.warning("pg_trgm unavailable, search runs without the typo fallback: %s", error)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_search_document")]

    operations = [migrations.RunPython(forward, backward)]
