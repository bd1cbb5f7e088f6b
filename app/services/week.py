"""My week: outreach list members waiting on the user, and the page's sections and counts.

Follow-ups live in services.followups, contacts overdue by cadence in services.cadence;
this module puts the three sections together, each paged on its own.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.models import OutreachList, OutreachMember, Stakeholder
from app.services import cadence as cadence_svc
from app.services import followups
from app.services.remembered import remembered

SECTION_PAGE = 50
MAX_PAGE = 200  # 10,000 rows per section; beyond that the lists and filters serve better
CLOSED_STATUSES = ("committed", "declined")


def _waiting(owner_id: int):
    return sa.and_(OutreachMember.owner_id == owner_id,
                   OutreachMember.status.not_in(CLOSED_STATUSES))


def _waiting_counts(session: Session, owner_id: int) -> tuple[int, int]:
    """(all, with a due date) of the members waiting on `owner_id`, remembered while the
    district's data does not change."""
    def read() -> tuple[int, int]:
        row = session.execute(
            sa.select(sa.func.count(OutreachMember.id), sa.func.count(OutreachMember.due_on))
            .where(_waiting(owner_id))).one()
        return int(row[0] or 0), int(row[1] or 0)

    return remembered(session, ("waiting", owner_id), read)


def waiting_count(session: Session, owner_id: int) -> int:
    """List members `owner_id` owns who are not yet committed or declined."""
    return _waiting_counts(session, owner_id)[0]


def waiting_page(session: Session, owner_id: int, offset: int, limit: int) -> list:
    """Those members with their list and stakeholder: dated ones first, earliest due first,
    then those with no due date (oldest first).

    The page's ids come from two walks of ix_outreach_members_district_owner (dated ones
    by due date, then the undated ones by id) rather than sorting every waiting member;
    only the page's rows are joined to their list and stakeholder.
    """
    dated = _waiting_counts(session, owner_id)[1]
    ids: list[int] = []
    if offset < dated:
        ids += session.scalars(
            sa.select(OutreachMember.id)
            .where(_waiting(owner_id), OutreachMember.due_on.is_not(None))
            .order_by(OutreachMember.due_on, OutreachMember.id)
            .offset(offset).limit(limit))
    if len(ids) < limit:
        ids += session.scalars(
            sa.select(OutreachMember.id)
            .where(_waiting(owner_id), OutreachMember.due_on.is_(None))
            .order_by(OutreachMember.id)
            .offset(max(offset - dated, 0)).limit(limit - len(ids)))
    if not ids:
        return []
    rows = {r.id: r for r in session.execute(
        sa.select(OutreachMember.id, OutreachMember.status, OutreachMember.next_step,
                  OutreachMember.due_on, OutreachMember.list_id,
                  OutreachList.name.label("list_name"), OutreachMember.stakeholder_id,
                  Stakeholder.name.label("stakeholder_name"),
                  Stakeholder.contact_permitted)
        .join(OutreachList, OutreachList.id == OutreachMember.list_id)
        .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
        .where(OutreachMember.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


@dataclass(frozen=True)
class Section:
    """One paged section of My week."""

    rows: list
    total: int
    page: int
    page_size: int = SECTION_PAGE

    @property
    def pages(self) -> int:
        return max(1, min(-(-self.total // self.page_size), MAX_PAGE))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first(self) -> int:
        """The 1-based position of the first row on this page."""
        return (self.page - 1) * self.page_size + 1 if self.rows else 0


def clamp_page(value: int | None) -> int:
    return min(max(value or 1, 1), MAX_PAGE)


def follow_up_section(session: Session, user_id: int, day: date, page: int,
                      include_later: bool) -> tuple[Section, followups.FollowUpCounts]:
    counts = followups.counts(session, user_id, day)
    total = counts.now + (counts.later if include_later else 0)
    rows = followups.page(session, user_id, day, include_later,
                          (page - 1) * SECTION_PAGE, SECTION_PAGE)
    return Section(rows, total, page), counts


def waiting_section(session: Session, user_id: int, page: int) -> Section:
    return Section(waiting_page(session, user_id, (page - 1) * SECTION_PAGE, SECTION_PAGE),
                   waiting_count(session, user_id), page)


def overdue_section(session: Session, user_id: int, day: date, page: int,
                    cadence=None) -> Section:
    cadence = cadence or cadence_svc.current_cadence(session)
    rows = cadence_svc.overdue_page(session, user_id, cadence, day,
                                    (page - 1) * SECTION_PAGE, SECTION_PAGE)
    return Section(rows, cadence_svc.overdue_count(session, user_id, cadence, day), page)
