"""The community the coverage report compares seats with: each group, school and language
counted by GROUP BY queries, and every seat holder's labels, read as plain columns."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import coverage as domain
from app.models import School, Stakeholder, StakeholderLanguage, TableSeat
from app.models.stakeholder import stakeholder_schools

MAX_SCHOOLS = 500
DIMENSIONS = ("group", "school", "language")


def member_of(dimension: str) -> tuple:
    """(what to join, its stakeholder id column, its segment column) for a dimension."""
    if dimension == "group":
        return Stakeholder, Stakeholder.id, Stakeholder.group
    if dimension == "school":
        return (stakeholder_schools, stakeholder_schools.c.stakeholder_id,
                stakeholder_schools.c.school_id)
    return StakeholderLanguage, StakeholderLanguage.stakeholder_id, StakeholderLanguage.language


def _tally_columns(key) -> tuple:
    engaged = sa.func.sum(sa.case(
        (Stakeholder.engagement_current.in_(sorted(domain.ENGAGED_LEVELS)), 1), else_=0))
    return (key, sa.func.count(Stakeholder.id), engaged,
            sa.func.max(Stakeholder.last_contact_at))


def community(session: Session) -> tuple[dict[domain.SegmentKey, domain.Community], list[str]]:
    """Each segment's mapped, engaged and last contact (one GROUP BY query per dimension),
    and the languages spoken, most speakers first."""
    out: dict[domain.SegmentKey, domain.Community] = {}
    for dimension in DIMENSIONS:
        table, member, column = member_of(dimension)
        query = sa.select(*_tally_columns(column)).select_from(Stakeholder)
        if table is not Stakeholder:
            query = query.join(table, member == Stakeholder.id)
        for key, total, engaged, last in session.execute(query.group_by(column)):
            out[(dimension, key)] = domain.Community(total, int(engaged or 0), last)
    languages = [key for dimension, key in out if dimension == "language"]
    languages.sort(key=lambda lang: (-out[("language", lang)].total, lang.lower()))
    return out, languages


def schools_listed(session: Session) -> tuple[list[tuple[int, str]], bool]:
    """(id, name) of the first MAX_SCHOOLS schools by name that a stakeholder connects to,
    and whether there are more. A school row nobody is linked to (a label left behind when
    the last stakeholder's schools changed) is no community of the district's, so it is
    not listed, as a language nobody speaks is not."""
    used = sa.exists().where(stakeholder_schools.c.school_id == School.id)
    rows = session.execute(sa.select(School.id, School.name).where(used)
                           .order_by(School.name, School.id).limit(MAX_SCHOOLS + 1)).all()
    return [(r.id, r.name) for r in rows[:MAX_SCHOOLS]], len(rows) > MAX_SCHOOLS


def seat_holders(session: Session) -> list[domain.SeatHolder]:
    """Every seat with its holder's group, schools and languages (plain columns)."""
    seats = session.execute(
        sa.select(TableSeat.stakeholder_id, TableSeat.body, Stakeholder.group)
        .join(Stakeholder, Stakeholder.id == TableSeat.stakeholder_id)).all()
    if not seats:
        return []
    seated = sa.select(TableSeat.stakeholder_id)
    labels: dict[str, dict[int, set]] = {"school": {}, "language": {}}
    for dimension, found in labels.items():
        _table, member, column = member_of(dimension)
        for sid, value in session.execute(sa.select(member, column).where(member.in_(seated))):
            found.setdefault(sid, set()).add(value)
    schools, languages = labels["school"], labels["language"]
    return [domain.SeatHolder(sid, body, group, frozenset(schools.get(sid, ())),
                              frozenset(languages.get(sid, ()))) for sid, body, group in seats]
