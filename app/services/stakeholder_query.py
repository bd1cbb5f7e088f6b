"""Turn a StakeholderFilter into an indexed SQL query (district scoping is automatic)."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.domain.filters import StakeholderFilter
from app.models import Membership, School, Stakeholder, StakeholderLanguage, Tag, User
from app.models.search import matches
from app.models.stakeholder import stakeholder_schools, stakeholder_tags

_SORT_COLUMNS = {
    "name": (Stakeholder.name_key,),
    "group": (Stakeholder.group, Stakeholder.name_key),
    "influence": (Stakeholder.influence, Stakeholder.name_key),
    "interest": (Stakeholder.interest, Stakeholder.name_key),
    "quadrant": (Stakeholder.quadrant, Stakeholder.name_key),
    "engagement": (Stakeholder.engagement_current, Stakeholder.name_key),
    "gap": (Stakeholder.engagement_gap, Stakeholder.name_key),
    "last_contact": (Stakeholder.last_contact_at, Stakeholder.name_key),
    "updated": (Stakeholder.updated_at,),
}


def where_clauses(f: StakeholderFilter, dialect_name: str) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions for a filter."""
    clauses: list[sa.ColumnElement[bool]] = []
    if f.q:
        clauses.append(matches(f.q, dialect_name))
    for attr, column in (("kind", Stakeholder.kind), ("group", Stakeholder.group),
                         ("quadrant", Stakeholder.quadrant),
                         ("engagement", Stakeholder.engagement_current)):
        value = getattr(f, attr)
        if value:
            clauses.append(column == value)
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
        clauses.append(Stakeholder.id.in_(
            sa.select(StakeholderLanguage.stakeholder_id)
            .where(StakeholderLanguage.language == f.language)
        ))
    if f.no_contact_days:
        cutoff = datetime.now(UTC) - timedelta(days=f.no_contact_days)
        # COALESCE rather than "IS NULL OR <": an OR made SQLite pick a slow plan.
        never = datetime(1970, 1, 1, tzinfo=UTC)
        clauses.append(sa.func.coalesce(Stakeholder.last_contact_at, never) < cutoff)
    return clauses


def filtered(f: StakeholderFilter, dialect_name: str, *columns) -> sa.Select:
    """SELECT stakeholders (or the given columns) matching the filter, unordered."""
    statement = sa.select(*columns) if columns else sa.select(Stakeholder)
    if columns:
        statement = statement.select_from(Stakeholder)
    return statement.where(*where_clauses(f, dialect_name))


def ordered(statement: sa.Select, f: StakeholderFilter) -> sa.Select:
    """Apply the filter's sort, with the id as a stable tie-breaker."""
    columns = _SORT_COLUMNS.get(f.sort, _SORT_COLUMNS["name"])
    order = [c.desc() if f.desc else c.asc() for c in columns]
    tie = Stakeholder.id.desc() if f.desc else Stakeholder.id.asc()
    return statement.order_by(*order, tie)


def count(session, f: StakeholderFilter) -> int:
    """How many stakeholders match."""
    dialect = session.get_bind().dialect.name
    return session.scalar(filtered(f, dialect, sa.func.count(Stakeholder.id)))


def filter_options(session, district_id: int, tag_limit: int = 500) -> dict:
    """Options for a filter form: the district's schools, languages, tags and members."""
    return {
        "schools": session.execute(sa.select(School.id, School.name).order_by(School.name)).all(),
        "languages": session.scalars(
            sa.select(StakeholderLanguage.language).distinct()
            .order_by(StakeholderLanguage.language)
        ).all(),
        "tags": session.execute(
            sa.select(Tag.id, Tag.name).order_by(Tag.name).limit(tag_limit)
        ).all(),
        "owners": session.execute(
            sa.select(User.id, User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.district_id == district_id)
            .order_by(User.name)
        ).all(),
    }


# Counts per (district, filter), valid while the district's audit log has not moved:
# every change to stakeholders writes an audit row (bulk writes record one too), so
# the newest audit id is a cheap, exact version of the data. Kept per engine, so a
# process talking to several databases (or a test suite) never mixes them up.
_COUNTS_MAX = 512


def cached_count(session, f: StakeholderFilter) -> int:
    """count(), remembered until anything in the district changes.

    A "no contact in N days" filter depends on the clock too, so it is never cached.
    """
    from app.models import AuditEvent
    from app.tenancy import current_district_id

    if f.no_contact_days:
        return count(session, f)
    counts = session.get_bind().__dict__.setdefault("_groundwork_counts", {})
    version = session.scalar(sa.select(sa.func.max(AuditEvent.id)))
    key = (current_district_id(), version,
           tuple(sorted(f.to_args(sort="name", desc=False).items())))
    if key not in counts:
        if len(counts) >= _COUNTS_MAX:
            counts.clear()
        counts[key] = count(session, f)
    return counts[key]
