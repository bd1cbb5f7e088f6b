"""Movement on the PMBOK engagement scale since a day, read from the dated assessments.

The rules (what counts as a move) are in app/domain/movement.py; here are the two reads:
every stakeholder whose level now differs from their level at the period's start, and
the people of one page of them with their last rating and who made it.
"""

from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import movement
from app.models import Assessment, Stakeholder, User
from app.services.stakeholder_query import data_version, kept
from app.tenancy import district_param

_A, _S, _U = Assessment.__table__, Stakeholder.__table__, User.__table__
_CACHE = "_groundwork_movement"
_KEEP = 8  # periods kept per process; each holds a row per stakeholder who moved


def moves_since(session: Session, since: date) -> list[movement.Move]:
    """Everyone in the current district whose engagement level now differs from their
    level at midnight (UTC) starting `since`, by name.

    One statement: the last assessment before the start of each stakeholder rated
    since then (nobody else can have moved), against their level now. About 0.1 s at
    100,000 stakeholders with 107,000 assessments, so the answer is kept until the
    district's data changes (`data_version`).
    """
    district_id = district_param()
    key = (district_id, data_version(session), since)
    return kept(session, _CACHE, key, lambda: _read_moves(session, district_id, since), _KEEP)


def _read_moves(session: Session, district_id: int, since: date) -> list[movement.Move]:
    start = datetime.combine(since, time.min, tzinfo=UTC)
    rated_since = sa.select(_A.c.stakeholder_id).where(
        _A.c.district_id == district_id, _A.c.assessed_at >= start)
    last_before = (
        sa.select(
            _A.c.stakeholder_id, _A.c.engagement_current.label("before"),
            sa.func.row_number().over(
                partition_by=_A.c.stakeholder_id,
                order_by=(_A.c.assessed_at.desc(), _A.c.id.desc())).label("n"))
        .where(_A.c.district_id == district_id, _A.c.assessed_at < start,
               _A.c.stakeholder_id.in_(rated_since))
        .subquery())
    rows = session.connection().execute(
        sa.select(_S.c.id, _S.c.name_key, last_before.c.before, _S.c.engagement_current)
        .join(last_before, last_before.c.stakeholder_id == _S.c.id)
        .where(_S.c.district_id == district_id, last_before.c.n == 1,
               last_before.c.before != _S.c.engagement_current))
    return movement.moves(rows)


def people(session: Session, moves: list[movement.Move]) -> list[dict]:
    """What the table of movers shows of `moves` (one page of them), in their order:
    name, kind, group, the move, and their last rating's date and who made it."""
    if not moves:
        return []
    district_id = district_param()
    ids = [m.stakeholder_id for m in moves]
    last = (
        sa.select(
            _A.c.stakeholder_id, _A.c.assessed_at, _U.c.name.label("by"),
            sa.func.row_number().over(
                partition_by=_A.c.stakeholder_id,
                order_by=(_A.c.assessed_at.desc(), _A.c.id.desc())).label("n"))
        .outerjoin(_U, _U.c.id == _A.c.assessed_by_id)
        .where(_A.c.district_id == district_id, _A.c.stakeholder_id.in_(ids))
        .subquery())
    rows = session.connection().execute(
        sa.select(_S.c.id, _S.c.name, _S.c.kind, _S.c.group, last.c.assessed_at, last.c.by)
        .outerjoin(last, sa.and_(last.c.stakeholder_id == _S.c.id, last.c.n == 1))
        .where(_S.c.district_id == district_id, _S.c.id.in_(ids)))
    found = {r.id: r for r in rows}
    return [{"move": m, "id": m.stakeholder_id, "name": r.name, "kind": r.kind,
             "group": r.group, "rated_at": r.assessed_at, "rated_by": r.by}
            for m in moves if (r := found.get(m.stakeholder_id))]
