"""Substring search over stakeholders without scanning the table.

SQLite: an FTS5 trigram index kept in step with ``stakeholders.search_text`` by
triggers. PostgreSQL: a pg_trgm GIN index on the same column. The same DDL runs from
the migration and from ``create_all`` (tests), so both build the same schema.
"""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection

from app.domain.text import fold
from app.models.stakeholder import Stakeholder

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS stakeholder_fts USING fts5("
    "search_text, content='stakeholders', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS stakeholder_fts_ai AFTER INSERT ON stakeholders BEGIN "
    "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS stakeholder_fts_ad AFTER DELETE ON stakeholders BEGIN "
    "INSERT INTO stakeholder_fts(stakeholder_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS stakeholder_fts_au AFTER UPDATE OF search_text ON stakeholders "
    "BEGIN INSERT INTO stakeholder_fts(stakeholder_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO stakeholder_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS stakeholder_fts_au",
    "DROP TRIGGER IF EXISTS stakeholder_fts_ad",
    "DROP TRIGGER IF EXISTS stakeholder_fts_ai",
    "DROP TABLE IF EXISTS stakeholder_fts",
)
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS ix_stakeholders_search_trgm ON stakeholders "
    "USING gin (search_text gin_trgm_ops)",
)
POSTGRES_DROP = ("DROP INDEX IF EXISTS ix_stakeholders_search_trgm",)

# Trigram indexes need three characters; shorter queries match the start of the name.
MIN_SUBSTRING = 3


def create_search_index(connection: Connection) -> None:
    """Create the dialect's substring index and its upkeep (idempotent)."""
    statements = SQLITE_DDL if connection.dialect.name == "sqlite" else POSTGRES_DDL
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_search_index(connection: Connection) -> None:
    """Remove what create_search_index made."""
    statements = SQLITE_DROP if connection.dialect.name == "sqlite" else POSTGRES_DROP
    for statement in statements:
        connection.exec_driver_sql(statement)


@event.listens_for(Stakeholder.__table__, "after_create")
def _after_create(_table, connection, **_kw) -> None:
    create_search_index(connection)


@event.listens_for(Stakeholder.__table__, "before_drop")
def _before_drop(_table, connection, **_kw) -> None:
    drop_search_index(connection)


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally (escape char: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matches(query: str, dialect_name: str) -> sa.ColumnElement[bool]:
    """A WHERE clause for stakeholders whose name, organisations, email or tags contain
    `query` (case-insensitive), using the index for the dialect."""
    needle = " ".join(fold(query).split())
    if len(needle) < MIN_SUBSTRING:
        needle = " ".join(query.lower().split())
        # Too short for trigrams: a prefix of the sort key, which its index serves.
        return sa.and_(Stakeholder.name_key >= needle, Stakeholder.name_key < needle + "\uffff")
    if dialect_name == "sqlite":
        phrase = '"' + needle.replace('"', '""') + '"'
        fts = sa.text("SELECT rowid FROM stakeholder_fts WHERE stakeholder_fts MATCH :phrase")
        return Stakeholder.id.in_(fts.bindparams(phrase=phrase).columns(sa.column("rowid")))
    return Stakeholder.search_text.ilike(f"%{escape_like(needle)}%", escape="\\")
