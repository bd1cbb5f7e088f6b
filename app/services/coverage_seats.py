"""Seats at the decision-making table: who sits on which body, in what role."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.domain import coverage as domain
from app.models import Stakeholder, TableSeat

BODY_LABELS = dict(domain.BODIES)
SEATS_SHOWN = 500  # per body on the table page; seats are naturally a few dozen


class DuplicateSeat(Exception):
    """The stakeholder already holds a seat on that body."""

    def __init__(self, seat: TableSeat):
        super().__init__(seat.id)
        self.seat = seat


def seat_on(session: Session, stakeholder_id: int, body: str) -> TableSeat | None:
    """The stakeholder's seat on a body, if any."""
    return session.scalar(sa.select(TableSeat).where(TableSeat.stakeholder_id == stakeholder_id,
                                                     TableSeat.body == body))


def add_seat(session: Session, stakeholder: Stakeholder, body: str, role: str,
             since: datetime | None) -> TableSeat:
    """Seat a stakeholder on a body; raises DuplicateSeat when they already sit there."""
    existing = seat_on(session, stakeholder.id, body)
    if existing is not None:
        raise DuplicateSeat(existing)
    seat = TableSeat(stakeholder_id=stakeholder.id, body=body, role=role.strip() or "Member",
                     since=since)
    seat.stakeholder = stakeholder
    session.add(seat)
    try:
        session.flush()
    except IntegrityError:  # someone seated them a moment ago: the same answer
        session.rollback()
        existing = seat_on(session, stakeholder.id, body)
        if existing is None:
            raise
        raise DuplicateSeat(existing) from None
    return seat


def update_seat(seat: TableSeat, role: str, since: datetime | None) -> None:
    """Change a seat's role and since date (audited as a TableSeat update)."""
    seat.role = role.strip() or "Member"
    seat.since = since


def seats_by_body(session: Session) -> dict[str, list[TableSeat]]:
    """Each body's seats, chair-like roles first, then by name (stakeholders loaded)."""
    seats = session.scalars(
        sa.select(TableSeat).join(Stakeholder, Stakeholder.id == TableSeat.stakeholder_id)
        .options(joinedload(TableSeat.stakeholder))
        .order_by(TableSeat.body, _role_order(), Stakeholder.name_key, TableSeat.id)
    ).all()
    out: dict[str, list[TableSeat]] = {body: [] for body in domain.BODY_KEYS}
    for seat in seats:
        bucket = out.setdefault(seat.body, [])
        if len(bucket) < SEATS_SHOWN:
            bucket.append(seat)
    return out


def seat_counts(session: Session) -> dict[str, int]:
    """How many seats each body has."""
    rows = session.execute(sa.select(TableSeat.body, sa.func.count(TableSeat.id))
                           .group_by(TableSeat.body)).all()
    return {body: 0 for body in domain.BODY_KEYS} | {body: n for body, n in rows}


def seats_of(session: Session, stakeholder_id: int) -> list[TableSeat]:
    """One stakeholder's seats, in body order."""
    seats = session.scalars(sa.select(TableSeat)
                            .where(TableSeat.stakeholder_id == stakeholder_id)).all()
    order = {body: i for i, body in enumerate(domain.BODY_KEYS)}
    return sorted(seats, key=lambda s: (order.get(s.body, 99), s.id))


def _role_order() -> sa.ColumnElement[int]:
    lowered = sa.func.lower(TableSeat.role)
    return sa.case((lowered == "chair", 0), (lowered.like("%chair%"), 1), else_=2)
