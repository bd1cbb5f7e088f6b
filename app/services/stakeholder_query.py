"""Turn a StakeholderFilter into an indexed SQL query (district scoping is automatic)."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import lazyload
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from app import audit
from app.domain.filters import StakeholderFilter
from app.domain.text import fold
from app.models import AuditEvent, Membership, School, Stakeholder, StakeholderLanguage, Tag, User
from app.models.search import MIN_SUBSTRING, matches
from app.models.stakeholder import (
    ENGAGEMENT_ORDER,
    QUADRANT_ORDER,
    stakeholder_schools,
    stakeholder_tags,
)
from app.tenancy import current_district_id, district_epoch, district_param

T = TypeVar("T")

_SORT_COLUMNS = {
    "name": (Stakeholder.name_key,),
    "group": (Stakeholder.group, Stakeholder.name_key),
    "influence": (Stakeholder.influence, Stakeholder.name_key),
    "interest": (Stakeholder.interest, Stakeholder.name_key),
    "quadrant": (QUADRANT_ORDER, Stakeholder.name_key),
    "engagement": (ENGAGEMENT_ORDER, Stakeholder.name_key),
    "gap": (Stakeholder.engagement_gap, Stakeholder.name_key),
    "last_contact": (Stakeholder.last_contact_at, Stakeholder.name_key),
    "updated": (Stakeholder.updated_at,),
}


def where_clauses(f: StakeholderFilter, dialect_name: str,
                  district_id: int | None = None) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions for a filter.

    `district_id` scopes the statement by hand, for one run as Core (`page_ids`); the
    ORM's tenancy hook scopes every statement it executes anyway.
    """
    clauses: list[sa.ColumnElement[bool]] = []
    if district_id is not None:
        clauses.append(Stakeholder.district_id == district_id)
    if f.q:
        clauses.append(matches(f.q, dialect_name))
    for attr, column in (("kind", Stakeholder.kind), ("group", Stakeholder.group),
                         ("quadrant", Stakeholder.quadrant),
                         ("engagement", Stakeholder.engagement_current)):
        value = getattr(f, attr)
        if value:
            clauses.append(column == value)
    # A grid cell (either rating, or both): equalities the cell index serves.
    if f.influence:
        clauses.append(Stakeholder.influence == f.influence)
    if f.interest:
        clauses.append(Stakeholder.interest == f.interest)
    if f.salience == "none":
        clauses.append(Stakeholder.salience.is_(None))
    elif f.salience:
        clauses.append(Stakeholder.salience == f.salience)
    if f.owner:
        clauses.append(Stakeholder.owner_id == f.owner)
    if f.school:
        clauses.append(Stakeholder.id.in_(
            sa.select(stakeholder_schools.c.stakeholder_id)
            .where(stakeholder_schools.c.school_id == f.school)
        ))
    if f.tag:
        clauses.append(Stakeholder.id.in_(
            sa.select(stakeholder_tags.c.stakeholder_id)
            .where(stakeholder_tags.c.tag_id == f.tag)
        ))
    if f.language:
        languages = sa.select(StakeholderLanguage.stakeholder_id).where(
            StakeholderLanguage.language == f.language)
        if district_id is not None:
            languages = languages.where(StakeholderLanguage.district_id == district_id)
        clauses.append(Stakeholder.id.in_(languages))
    if f.no_contact_days:
        cutoff = datetime.now(UTC) - timedelta(days=f.no_contact_days)
        # COALESCE rather than "IS NULL OR <": an OR made SQLite pick a slow plan.
        never = datetime(1970, 1, 1, tzinfo=UTC)
        clauses.append(sa.func.coalesce(Stakeholder.last_contact_at, never) < cutoff)
    return clauses


def filtered(f: StakeholderFilter, dialect_name: str, *columns,
             district_id: int | None = None) -> sa.Select:
    """SELECT stakeholders (or the given columns) matching the filter, unordered."""
    statement = sa.select(*columns) if columns else sa.select(Stakeholder)
    if columns:
        statement = statement.select_from(Stakeholder)
    return statement.where(*where_clauses(f, dialect_name, district_id))


def ordered(statement: sa.Select, f: StakeholderFilter) -> sa.Select:
    """Apply the filter's sort, with the id as a stable tie-breaker."""
    columns = _SORT_COLUMNS.get(f.sort, _SORT_COLUMNS["name"])
    order = [c.desc() if f.desc else c.asc() for c in columns]
    tie = Stakeholder.id.desc() if f.desc else Stakeholder.id.asc()
    return statement.order_by(*order, tie)


# --- One grid cell (a map's count bubble) ----------------------------------------------------
# No index holds a cell's rows in name order (the cell index, ix_stakeholders_district_cell,
# ends with the engagement level). For a cell alone SQLite walks one rating's index,
# (district, interest, name_key), in name order and reads each row to test the other
# rating: the first page comes at once, but a deep page of a small cell reads most of
# that column (~25 ms for a column of a 100,000 district). Two ways around it, on SQLite
# only (PostgreSQL plans a sort of the cell by itself, and has no unary + on text).


def pins_cell_only(f: StakeholderFilter, dialect_name: str) -> bool:
    """Whether the filter keeps one grid cell and nothing else, sorted by name, on
    SQLite: the case the two ways below are for."""
    return bool(dialect_name == "sqlite" and f.influence and f.interest and f.sort == "name"
                and replace(f, influence=None, interest=None).is_empty)


def by_name(f: StakeholderFilter, dialect_name: str) -> tuple[sa.ColumnElement, ...]:
    """ORDER BY name, then id. For a cell alone (`pins_cell_only`) the cell's rows are
    read through the cell index and sorted, not found by walking the name order: for
    the map, which reads the rows of a cell only when it holds few (a bubble else)."""
    if pins_cell_only(f, dialect_name):
        return (_unindexed(Stakeholder.name_key), Stakeholder.id)
    return (Stakeholder.name_key, Stakeholder.id)


def _unindexed(column) -> sa.ColumnElement:
    """`+column`: the same values and collation, but SQLite then uses no index for it
    (its documented way to steer the planner)."""
    return UnaryExpression(column.expression, operator=custom_op("+"), type_=column.type)


def _cell_members(f: StakeholderFilter, dialect_name: str, district_id: int | None
                  ) -> sa.ColumnElement[bool]:
    """The row is in the filter's cell, tested against the ids the (covering) cell index
    lists, never by reading the row; `+id` so the planner does not start from that list."""
    cell = StakeholderFilter(influence=f.influence, interest=f.interest)
    return _unindexed(Stakeholder.id).in_(
        filtered(cell, dialect_name, Stakeholder.id, district_id=district_id))


def walks_cell_by_index(session, f: StakeholderFilter, offset: int, limit: int,
                        version: int | None = None) -> bool:
    """Whether a page of a cell alone is found faster by walking the interest index in
    name order (covering: no row is read) and keeping the ids of the cell's list.

    Building the list reads the cell from its covering index, about `cell` entries; the
    plain walk reads about (offset + limit) x column / cell rows, ~4 times dearer each.
    So the first pages walk as usual, and deeper ones (past ~10 of a cell of 3,500)
    use the list: in a benchmark district of 100,000 the last page of a cell took 1-9 ms
    this way, 12-37 ms by the walk (the quadrant filter's, on its own index: 0.1-3 ms).
    """
    if not pins_cell_only(f, session.get_bind().dialect.name):
        return False
    cell = cached_count(session, f, version)
    column = cached_count(session, replace(f, influence=None), version)
    return bool(cell) and (offset + limit) * column > cell * cell


# A search that matches a good share of the district is paged fastest by reading the
# sort index in order and testing each row's search text; a rare one by the substring
# index. The cached counts say which: the ordered scan is used when it should find a
# page within this many rows.
SCAN_BUDGET = 4000


def page_ids(session, f: StakeholderFilter, offset: int, limit: int,
             version: int | None = None, district_id: int | None = None,
             rows: Callable[[sa.Subquery], sa.Select] | None = None) -> sa.Select:
    """SELECT the ids of one page of the filter's matches, in the filter's order
    (scoped to `district_id` by hand when given: see `where_clauses`); with `rows`,
    what `rows` selects for them (given the ids as a subquery), in the same order.

    On SQLite a common substring ("son": a fifth of the district) would otherwise read
    every FTS match and sort them all by name to return 50; then the name index is
    walked in order instead, testing the (already folded) search text of each row.
    """
    dialect = session.get_bind().dialect.name
    needle = " ".join(fold(f.q).split())
    scan = False
    if dialect == "sqlite" and len(needle) >= MIN_SUBSTRING and not f.no_contact_days:
        matched = cached_count(session, f, version)
        within = cached_count(session, replace(f, q=""), version)
        scan = bool(matched) and (offset + limit) * within / matched <= SCAN_BUDGET
    by_cell_list = walks_cell_by_index(session, f, offset, limit, version)

    def build() -> sa.Select:
        if scan:
            statement = filtered(replace(f, q=""), dialect, Stakeholder.id,
                                 district_id=district_id)
            statement = statement.where(sa.func.instr(Stakeholder.search_text, needle) > 0)
        elif by_cell_list:
            statement = filtered(replace(f, influence=None), dialect, Stakeholder.id,
                                 district_id=district_id)
            statement = statement.where(_cell_members(f, dialect, district_id))
        else:
            statement = filtered(f, dialect, Stakeholder.id, district_id=district_id)
        statement = ordered(statement, f).limit(limit).offset(offset)
        return statement if rows is None else ordered(rows(statement.subquery()), f)

    if f.no_contact_days:
        return build()  # its cutoff is the clock's: built afresh
    # The same page of the same filter (page 1 of the whole list above all) is asked for
    # again and again: the statement is kept, not the rows. Building and keying a new one
    # cost more than running it. The key holds everything it is made of.
    key = (district_id, scan, by_cell_list, offset, limit, tuple(f.to_args().items()), rows)
    return kept(session, "_groundwork_page_statements", key, build, _STATEMENTS_MAX)


def cell_counts(session, f: StakeholderFilter, version: int | None = None) -> list[tuple]:
    """(influence, interest, engagement level, count) of the matches, cached like counts.

    The map's grouping reads every match (100,000 at most through a covering index,
    ~10 ms); it only changes when the district's data does (or the clock, for "no
    contact in N days", which is never cached).
    """
    by_cell = (Stakeholder.influence, Stakeholder.interest, Stakeholder.engagement_current)

    def read() -> list[tuple]:
        dialect = session.get_bind().dialect.name
        return [tuple(r) for r in session.execute(
            filtered(f, dialect, *by_cell, sa.func.count()).group_by(*by_cell))]

    if f.no_contact_days:
        return read()
    if version is None:
        version = data_version(session)
    key = (current_district_id(), version,
           tuple(sorted(f.to_args(sort="name", desc=False).items())))
    return kept(session, "_groundwork_cells", key, read, _OPTIONS_MAX)


def count(session, f: StakeholderFilter) -> int:
    """How many stakeholders match."""
    dialect = session.get_bind().dialect.name
    return session.scalar(filtered(f, dialect, sa.func.count(Stakeholder.id)))


def filter_options(session, district_id: int, tag_limit: int = 500,
                   version: int | None = None, with_members: bool = True) -> dict:
    """Options for a filter form: the district's schools, languages, tags and members.

    Remembered until the district's data version (`data_version`) moves.
    """
    if version is None:
        version = data_version(session)
    options = kept(session, "_groundwork_options", ("options", district_id, version, tag_limit),
                   lambda: {
                       "schools": session.execute(
                           sa.select(School.id, School.name).order_by(School.name)).all(),
                       "languages": session.scalars(
                           sa.select(StakeholderLanguage.language).distinct()
                           .order_by(StakeholderLanguage.language)).all(),
                       "tags": session.execute(
                           sa.select(Tag.id, Tag.name).order_by(Tag.name).limit(tag_limit)
                       ).all(),
                   }, _OPTIONS_MAX)
    if not with_members:
        return options
    return {**options, "owners": members(session, district_id, version=version)}


def members(session, district_id: int, limit: int | None = None,
            version: int | None = None) -> list:
    """The district's members as (id, name) rows, by name.

    Remembered like the option lists: joining or leaving a district writes an audit row
    in it, and a user's name is set once, when the account is made (nothing renames
    people), so the data version covers the list.
    """
    if version is None:
        version = data_version(session)
    return kept(session, "_groundwork_options", ("members", district_id, version, limit),
                lambda: session.execute(
                    sa.select(User.id, User.name)
                    .join(Membership, Membership.user_id == User.id)
                    .where(Membership.district_id == district_id)
                    .order_by(sa.func.lower(User.name), User.id).limit(limit)
                ).all(), _OPTIONS_MAX)


# Counts and option lists per district, valid while the district's audit log has not
# moved: every change to stakeholders, tags, schools and languages writes an audit row
# (bulk writes record one too), so the newest audit id is a cheap, exact version of
# the data. Kept per engine, so a process talking to several databases (or a test
# suite) never mixes them up.
_COUNTS_MAX = 512
_STATEMENTS_MAX = 256
_OPTIONS_MAX = 64


def kept(session, name: str, key: tuple, compute: Callable[[], T], limit: int) -> T:
    """`compute()`, kept in the engine's cache `name` under `key` (which must hold all it
    depends on) and the district's epoch; the cache is emptied when it reaches `limit`
    entries."""
    cache = session.get_bind().__dict__.setdefault(name, {})
    key = (district_epoch(), *key)
    if key not in cache:
        if len(cache) >= limit:
            cache.clear()
        cache[key] = compute()
    return cache[key]


def data_version(session) -> int | None:
    """The newest audit event id of the current district: it moves with every change.

    Read by every list, map and remembered value, so it is read once per transaction
    (`audit.newest_id` forgets it when an audit row is written) with one Core statement
    on the (district_id, id) index, scoped here by hand (the ORM's tenancy hook costs
    more than the query); outside a district it refuses, as the hook would.
    """
    district_id = district_param()
    return audit.newest_id(session, district_id, lambda: session.connection().scalar(
        _NEWEST_AUDIT_ID, {"district_id": district_id}))


_NEWEST_AUDIT_ID = (sa.select(sa.func.max(AuditEvent.id))
                    .where(AuditEvent.district_id == sa.bindparam("district_id")))


def cached_count(session, f: StakeholderFilter, version: int | None = None) -> int:
    """count(), remembered until anything in the district changes.

    A "no contact in N days" filter depends on the clock too, so it is never cached.
    `version` is `data_version(session)` when the caller has read it already.
    """
    if f.no_contact_days:
        return count(session, f)
    if version is None:
        version = data_version(session)
    key = (current_district_id(), version,
           tuple(sorted(f.to_args(sort="name", desc=False).items())))
    return kept(session, "_groundwork_counts", key, lambda: count(session, f), _COUNTS_MAX)


# --- One stakeholder by id ------------------------------------------------------------------

_SQL_INT_MAX = 2**63 - 1
_BY_ID = (
    sa.select(Stakeholder)
    # Their tags, schools and languages load when something touches them, not always.
    .options(lazyload(Stakeholder.tags), lazyload(Stakeholder.schools),
             lazyload(Stakeholder.languages))
    .where(Stakeholder.id == sa.bindparam("sid"),
           Stakeholder.district_id == sa.bindparam("district_id"))
    .execution_options(unscoped=True)  # scoped here, by hand
)


def stakeholder_by_id(session, stakeholder_id: int) -> Stakeholder | None:
    """The stakeholder with this id in the current district, or None (also for another
    district's id, or one no database column can hold); refuses outside a district.

    Every profile route starts here. `session.get` built, keyed and scoped a new
    statement on each call (and loaded three collections eagerly): this one is built
    once, with the district condition bound by hand (`district_param`), and cost a
    third as much.
    """
    if not 0 < stakeholder_id <= _SQL_INT_MAX:
        return None
    return session.execute(_BY_ID, {"sid": stakeholder_id,
                                     "district_id": district_param()}).scalar_one_or_none()
