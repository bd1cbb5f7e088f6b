"""A stakeholder's engagement timeline: last contact, counts this term and all time, the
latest interactions (keyset pages on the participants index) and open follow-ups."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import engagement as rules
from app.models import FollowUp, Interaction, InteractionParticipant, Stakeholder, User

P = InteractionParticipant
TIMELINE_PAGE = 20


@dataclass
class Timeline:
    """The Engagement card of a profile."""

    last_contact: datetime | None
    this_term: int
    all_time: int
    term: str
    rows: list
    more: tuple[date, int] | None  # keyset of the next page
    follow_ups: list
    open_follow_ups: int


def timeline_rows(session: Session, stakeholder_id: int,
                  before: tuple[date, int] | None = None) -> tuple[list, tuple | None]:
    """Up to TIMELINE_PAGE interactions of a stakeholder, newest first, after a keyset.

    Reads the (district, stakeholder, occurred_on, interaction) index backwards."""
    query = (sa.select(P.interaction_id, P.occurred_on, P.attended, Interaction.kind,
                       Interaction.title, Interaction.with_attendance)
             .join(Interaction, Interaction.id == P.interaction_id)
             .where(P.stakeholder_id == stakeholder_id))
    if before is not None:
        day, iid = before
        query = query.where(sa.or_(P.occurred_on < day,
                                   sa.and_(P.occurred_on == day, P.interaction_id < iid)))
    rows = session.execute(query.order_by(P.occurred_on.desc(), P.interaction_id.desc())
                           .limit(TIMELINE_PAGE + 1)).all()
    more = None
    if len(rows) > TIMELINE_PAGE:
        rows = rows[:TIMELINE_PAGE]
        more = (rows[-1].occurred_on, rows[-1].interaction_id)
    return rows, more


def timeline(session: Session, stakeholder: Stakeholder, today: date) -> Timeline:
    """Last contact, counts, the latest interactions and open follow-ups of a stakeholder."""
    attended = sa.and_(P.attended.is_(True), P.occurred_on <= today)
    start = rules.term_start(today)
    all_time, this_term = session.execute(
        sa.select(sa.func.count(P.id),
                  sa.func.sum(sa.case((P.occurred_on >= start, 1), else_=0)))
        .where(P.stakeholder_id == stakeholder.id, attended)).one()
    rows, more = timeline_rows(session, stakeholder.id)
    is_open = FollowUp.done_at.is_(None)
    open_count = session.scalar(sa.select(sa.func.count(FollowUp.id)).where(
        FollowUp.stakeholder_id == stakeholder.id, is_open))
    follow = session.execute(
        sa.select(FollowUp.id, FollowUp.description, FollowUp.due_on, FollowUp.interaction_id,
                  User.name.label("owner_name"))
        .outerjoin(User, User.id == FollowUp.owner_id)
        .where(FollowUp.stakeholder_id == stakeholder.id, is_open)
        .order_by(FollowUp.due_on, FollowUp.id).limit(10)).all()
    return Timeline(stakeholder.last_contact_at, int(this_term or 0), all_time,
                    rules.term_label(today), rows, more, follow, open_count)
