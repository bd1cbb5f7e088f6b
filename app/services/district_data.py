"""A district's data as a whole: export every row it owns, count it, delete it.

Which rows are the district's: every table of the metadata with a ``district_id``
column, where it is this district's; the link tables without one (stakeholder_tags,
partnership_contacts...) through the district-owned rows they link; and the district's
own row. A table added later is found the same way. User accounts are not district data
(one account can belong to several districts): the export holds the district's members
(user id, name, email, role) read from memberships, never password hashes or session
versions. `not_exported` names every table left out, and a test fails when it changes.

The export runs on a plain connection after the request's session is done (as the other
exports), so every statement names its district by hand. Each table is read by one
statement whose rows arrive BATCH at a time (a server-side cursor on PostgreSQL), so
memory stays flat however big the district; on PostgreSQL the whole export reads one
snapshot (REPEATABLE READ), so the files agree with each other.

Deleting a district deletes its row; the database cascades the delete to every row with
its id (ON DELETE CASCADE on every ``district_id``, and on to the link tables). The audit
log's triggers let its rows go once their district is gone (app/models/audit.py).
"""

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain import district_data as rules
from app.domain.csv_export import csv_chunks
from app.extensions import db
from app.models import District, Membership, User

BATCH = 1000


class DistrictNotEmptied(RuntimeError):
    """Rows with a deleted district's id were still there after the delete."""


def owned_where(table: sa.Table, district_id: int) -> sa.ColumnElement[bool] | None:
    """The condition for `table`'s rows that belong to the district, or None when the
    table holds no district's rows (users)."""
    if table.name == District.__tablename__:
        return table.c.id == district_id
    if "district_id" in table.c:
        return table.c.district_id == district_id
    # A link table: its rows belong to the district of the rows they link.
    for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
        parent = fk.column.table
        if "district_id" in parent.c:
            return fk.parent.in_(sa.select(fk.column).where(parent.c.district_id == district_id))
    return None


def exported_tables() -> list[sa.Table]:
    """The tables whose rows a district's export holds: the district and its members
    first, then by name (as people look for them)."""
    first = {District.__tablename__: 0, Membership.__tablename__: 1}
    owned = [t for t in db.metadata.sorted_tables if owned_where(t, 0) is not None]
    return sorted(owned, key=lambda t: (first.get(t.name, 2), t.name))


def not_exported() -> set[str]:
    """Tables no district owns rows of, so no export holds them."""
    exported = {t.name for t in exported_tables()}
    return {t.name for t in db.metadata.sorted_tables} - exported


# --- Counting ------------------------------------------------------------------------


def _count(connection: Connection, table: sa.Table, where) -> int:
    return connection.scalar(sa.select(sa.func.count()).select_from(table).where(where)) or 0


def headline_counts(connection: Connection, district_id: int) -> dict[str, int]:
    """Rows of the tables the data pages name (rules.COUNTED), by table name."""
    tables = db.metadata.tables
    return {key: _count(connection, tables[key], tables[key].c.district_id == district_id)
            for key, _one, _many in rules.COUNTED}


def member_counts(connection: Connection, district_id: int) -> tuple[int, int]:
    """Members of the district, and how many of them belong to no other district."""
    m, other = Membership.__table__, Membership.__table__.alias("other")
    members = _count(connection, m, m.c.district_id == district_id)
    alone = _count(connection, m, sa.and_(
        m.c.district_id == district_id,
        ~sa.exists().where(other.c.user_id == m.c.user_id,
                           other.c.district_id != district_id)))
    return members, alone


def leftover_rows(connection: Connection, district_id: int) -> dict[str, int]:
    """Rows still carrying the district's id, by table (empty once it is deleted)."""
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name == District.__tablename__ or "district_id" in table.c:
            rows = _count(connection, table, owned_where(table, district_id))
            if rows:
                found[table.name] = rows
    return found


# --- Export --------------------------------------------------------------------------


def _members_statement(district_id: int) -> sa.Select:
    m, u = Membership.__table__, User.__table__
    return (sa.select(u.c.id.label("user_id"), u.c.name, u.c.email, m.c.role)
            .join(u, u.c.id == m.c.user_id)
            .where(m.c.district_id == district_id).order_by(m.c.id))


def _statement(table: sa.Table, district_id: int) -> sa.Select:
    if table.name == Membership.__tablename__:
        return _members_statement(district_id)
    return (sa.select(table).where(owned_where(table, district_id))
            .order_by(*table.primary_key.columns))


class _Counter:
    """Rows of a table as CSV batches, counting them as they go by."""

    def __init__(self, connection: Connection, statement: sa.Select):
        self.connection, self.statement, self.rows = connection, statement, 0

    def batches(self) -> Iterator[list[list[object]]]:
        result = self.connection.execution_options(stream_results=True, yield_per=BATCH) \
            .execute(self.statement)
        for partition in result.partitions():
            self.rows += len(partition)
            yield [[rules.cell(value) for value in row] for row in partition]


def _csv_bytes(header: list[str], counter: _Counter) -> Iterator[bytes]:
    for chunk in csv_chunks(header, counter.batches()):
        yield chunk.encode("utf-8", errors="replace")


def _files(connection: Connection, district_id: int, district_name: str,
           exported_at: datetime, by: str) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(name, chunks) of every file of the export; README.txt last, with the rows each
    file turned out to hold."""
    written: list[rules.ExportedFile] = []
    for table in exported_tables():
        statement = _statement(table, district_id)
        counter = _Counter(connection, statement)
        name = rules.csv_name(table.name)
        yield name, _csv_bytes([c.name for c in statement.selected_columns], counter)
        written.append(rules.ExportedFile(name, counter.rows,
                                          rules.FILE_NOTES.get(table.name, "")))
    readme = rules.readme_text(district_name, exported_at, written, by,
                               sorted(not_exported()))
    yield rules.README_NAME, iter([readme.encode("utf-8")])


def export_zip(district_id: int, district_name: str, exported_at: datetime,
               by: str) -> Iterator[bytes]:
    """The bytes of the district's whole export as a ZIP, a piece at a time."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        files = _files(connection, district_id, district_name, exported_at, by)
        yield from rules.zip_stream(files, exported_at)


# --- Deleting ------------------------------------------------------------------------


def delete_district(connection: Connection, district_id: int) -> None:
    """Delete the district and, by the database's cascades, every row with its id; then
    check none is left (raises DistrictNotEmptied, so the caller rolls back)."""
    districts = District.__table__
    connection.execute(sa.delete(districts).where(districts.c.id == district_id))
    left = leftover_rows(connection, district_id)
    if left:
        raise DistrictNotEmptied(f"rows left after deleting district {district_id}: {left}")
    if connection.dialect.name == "sqlite":
        # The search index keeps deleted names' fragments in its segments until they are
        # merged: merge them now (0.5 s for 100,000 names), so none outlives the district.
        connection.execute(sa.text(
            "INSERT INTO stakeholder_fts(stakeholder_fts) VALUES ('optimize')"))
