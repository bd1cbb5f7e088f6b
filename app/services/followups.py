"""Follow-ups on My week: the signed-in user's open ones by due date; done and reopened.

Queries go by (district_id, owner_id, done_at, due_on), the index made for them.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.models import FollowUp, Interaction, Stakeholder, User

WEEK_DAYS = 7  # "this week": due today or in the next six days


def week_end(day: date) -> date:
    """The last day counted as "this week" from `day`."""
    return day + timedelta(days=WEEK_DAYS - 1)


@dataclass(frozen=True)
class FollowUpCounts:
    overdue: int
    this_week: int
    later: int

    @property
    def now(self) -> int:
        """Overdue plus due this week: what the section lists by default."""
        return self.overdue + self.this_week


def _open_for(owner_id: int):
    return sa.and_(FollowUp.owner_id == owner_id, FollowUp.done_at.is_(None))


def counts(session: Session, owner_id: int, day: date) -> FollowUpCounts:
    """Open follow-ups of `owner_id`: overdue, due this week, due later (one query)."""
    end = week_end(day)
    row = session.execute(
        sa.select(
            sa.func.count(sa.case((FollowUp.due_on < day, 1))),
            sa.func.count(sa.case((FollowUp.due_on.between(day, end), 1))),
            sa.func.count(sa.case((FollowUp.due_on > end, 1))),
        ).where(_open_for(owner_id))).one()
    return FollowUpCounts(*(int(n or 0) for n in row))


def _row_query():
    return (
        sa.select(FollowUp.id, FollowUp.description, FollowUp.due_on, FollowUp.done_at,
                  FollowUp.stakeholder_id, Stakeholder.name.label("stakeholder_name"),
                  FollowUp.interaction_id, Interaction.title.label("interaction_title"),
                  Interaction.kind.label("interaction_kind"),
                  Interaction.occurred_on.label("interaction_on"),
                  User.name.label("done_by_name"))
        .outerjoin(Stakeholder, Stakeholder.id == FollowUp.stakeholder_id)
        .outerjoin(Interaction, Interaction.id == FollowUp.interaction_id)
        .outerjoin(User, User.id == FollowUp.done_by_id)
    )


def page(session: Session, owner_id: int, day: date, include_later: bool, offset: int,
         limit: int) -> list:
    """Open follow-ups of `owner_id`, earliest due first: overdue and this week, or all."""
    query = _row_query().where(_open_for(owner_id))
    if not include_later:
        query = query.where(FollowUp.due_on <= week_end(day))
    return session.execute(query.order_by(FollowUp.due_on, FollowUp.id)
                           .offset(offset).limit(limit)).all()


def row(session: Session, follow_up_id: int):
    """One follow-up as shown on My week (after marking it done or reopening it)."""
    return session.execute(_row_query().where(FollowUp.id == follow_up_id)).one()


def complete(follow_up: FollowUp, user_id: int) -> bool:
    """Mark done now by `user_id`; False when it was already done (nothing changes)."""
    if follow_up.done_at is not None:
        return False
    follow_up.done_at = datetime.now(UTC)
    follow_up.done_by_id = user_id
    return True


def reopen(follow_up: FollowUp) -> bool:
    """Undo "done"; False when it was open already."""
    if follow_up.done_at is None:
        return False
    follow_up.done_at = None
    follow_up.done_by_id = None
    return True
