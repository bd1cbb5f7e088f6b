"""Outreach list use cases: create, add members (by filter or by hand), refresh, statuses.

Members are added with one set-based ``INSERT ... SELECT ... WHERE NOT EXISTS`` so a
filter matching 10,000 stakeholders adds them in one statement, never a duplicate;
the bulk write is recorded with ``audit.record``. Core statements bypass the automatic
district scoping, so every one of them filters ``district_id`` itself.
"""

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app import audit
from app.domain import outreach as rules
from app.domain.filters import StakeholderFilter, parse_filter
from app.models import (
    Membership,
    OutreachList,
    OutreachMember,
    OutreachStatusChange,
    Stakeholder,
    User,
)
from app.models._types import utcnow
from app.services import stakeholder_query
from app.services.remembered import remembered

OWNER_CAP = 300


@dataclass(frozen=True)
class AddResult:
    """What adding stakeholders by hand did."""

    added: int
    already: int
    ignored: int

    def message(self, list_name: str) -> str:
        """A sentence for the user about what happened."""
        parts = [f"{self.added:,} added to \u201c{list_name}\u201d"
                 if self.added else f"Nobody new added to \u201c{list_name}\u201d"]
        if self.already:
            parts.append(f"{self.already:,} {'was' if self.already == 1 else 'were'} "
                         "already on the list and skipped")
        if self.ignored:
            parts.append(f"{self.ignored:,} not found in this district and ignored")
        return "; ".join(parts) + "."


# --- Filters -----------------------------------------------------------------------------


def normalised_query(f: StakeholderFilter) -> str:
    """The filter as a canonical query string (sorting dropped: it doesn't change who)."""
    return urlencode(sorted(f.to_args(sort="name", desc=False).items()))


def filter_of(query: str) -> StakeholderFilter:
    """The filter a saved query string stands for (invalid parts dropped)."""
    return parse_filter(dict(parse_qsl(query or "")))


def match_count(session: Session, f: StakeholderFilter) -> int:
    """How many stakeholders of the district the filter matches now."""
    return stakeholder_query.count(session, f)


# --- Lists ---------------------------------------------------------------------------------


def list_named(session: Session, name: str, exclude_id: int | None = None) -> int | None:
    """The id of the district's list with this name (ignoring case), if any, other than
    `exclude_id`."""
    statement = sa.select(OutreachList.id).where(
        sa.func.lower(OutreachList.name) == name.strip().lower())
    if exclude_id is not None:
        statement = statement.where(OutreachList.id != exclude_id)
    return session.scalar(statement.limit(1))


def name_taken(session: Session, name: str, exclude_id: int | None = None) -> bool:
    """True when another list of the district has this name (ignoring case)."""
    return list_named(session, name, exclude_id) is not None


def owner_choices(session: Session, district_id: int) -> list[tuple[int, str]]:
    """The district's members, who can own lists and members: (user id, name)."""
    rows = session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == district_id, User.is_enabled.is_(True))
        .order_by(sa.func.lower(User.name), User.id).limit(OWNER_CAP)
    ).all()
    return [(r.id, r.name) for r in rows]


def create_list(session: Session, *, name: str, description: str = "",
                owner_id: int | None = None, created_by_id: int | None = None,
                f: StakeholderFilter | None = None) -> tuple[OutreachList, int]:
    """A new list; from a filter, it keeps the filter and adds every match now."""
    lst = OutreachList(name=name.strip(), description=description or "", owner_id=owner_id,
                       created_by_id=created_by_id,
                       filter_query=normalised_query(f) if f and not f.is_empty else "")
    session.add(lst)
    session.flush()
    added = 0
    if lst.filter_query:
        added = refresh(session, lst, action="build")
    return lst, added


def refresh(session: Session, lst: OutreachList, action: str = "refresh") -> int:
    """Re-run a list's saved filter and add the stakeholders not on it yet; how many."""
    if not lst.filter_query:
        return 0
    f = filter_of(lst.filter_query)
    dialect = session.get_bind().dialect.name
    added = _insert_members(session, lst, stakeholder_query.where_clauses(f, dialect))
    lst.refreshed_at = utcnow()
    audit.record(session, f"outreach_{action}", "OutreachList", lst.id, lst.name,
                 {"added": added, "filter": lst.filter_query})
    session.flush()
    return added


def add_members(session: Session, lst: OutreachList, ids: list[int]) -> AddResult:
    """Add the given stakeholders by hand; others' ids are ignored, members skipped."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return AddResult(0, 0, 0)
    found = set(session.scalars(sa.select(Stakeholder.id).where(Stakeholder.id.in_(wanted))))
    added = _insert_members(session, lst, [Stakeholder.id.in_(found)]) if found else 0
    if added:
        audit.record(session, "outreach_add", "OutreachList", lst.id, lst.name,
                     {"added": added})
    return AddResult(added, len(found) - added, len(wanted) - len(found))


def _insert_members(session: Session, lst: OutreachList, clauses) -> int:
    """INSERT the matching stakeholders of the list's district not yet on it."""
    district_id = lst.district_id
    member = OutreachMember.__table__
    already = sa.exists().where(member.c.district_id == district_id,
                                member.c.list_id == lst.id,
                                member.c.stakeholder_id == Stakeholder.id)
    # The member's owner: whoever owns the relationship, else the list's owner.
    owner = sa.func.coalesce(Stakeholder.owner_id, sa.literal(lst.owner_id, sa.Integer))
    source = sa.select(
        sa.literal(district_id, sa.Integer), sa.literal(lst.id, sa.Integer), Stakeholder.id,
        sa.literal(rules.INITIAL, sa.String), owner, sa.literal("", sa.String),
        sa.literal(utcnow(), member.c.added_at.type),
    ).where(Stakeholder.district_id == district_id, *clauses, ~already)
    statement = member.insert().from_select(
        ["district_id", "list_id", "stakeholder_id", "status", "owner_id", "next_step",
         "added_at"], source)
    # RETURNING counts the rows (psycopg reports no rowcount for INSERT ... SELECT).
    return len(session.execute(statement.returning(member.c.id)).scalars().all())


def delete_list(session: Session, lst: OutreachList) -> int:
    """Delete a list with its members and their history; how many members it had."""
    members = session.scalar(sa.select(sa.func.count(OutreachMember.id))
                             .where(OutreachMember.list_id == lst.id)) or 0
    member_ids = sa.select(OutreachMember.id).where(OutreachMember.list_id == lst.id)
    session.execute(sa.delete(OutreachStatusChange)
                    .where(OutreachStatusChange.member_id.in_(member_ids)))
    session.execute(sa.delete(OutreachMember).where(OutreachMember.list_id == lst.id))
    audit.record(session, "outreach_delete_members", "OutreachList", lst.id, lst.name,
                 {"members": members})
    session.delete(lst)
    session.flush()
    return members


# --- Members -------------------------------------------------------------------------------


def set_status(session: Session, member: OutreachMember, to_status: str,
               by_user_id: int | None) -> OutreachStatusChange:
    """Move a member to a new status (raises rules.MoveNotAllowed) and log the change."""
    rules.check_move(member.status, to_status)
    change = OutreachStatusChange(member_id=member.id, from_status=member.status,
                                  to_status=to_status, changed_by_id=by_user_id,
                                  changed_at=utcnow())
    member.status = to_status
    member.status_changed_at = change.changed_at
    session.add(change)
    session.flush()
    return change


def remove_member(session: Session, member: OutreachMember) -> None:
    """Take a member off the list, with their status history."""
    session.execute(sa.delete(OutreachStatusChange)
                    .where(OutreachStatusChange.member_id == member.id))
    session.delete(member)
    session.flush()


def status_counts(session: Session, list_ids: list[int]) -> dict[int, dict[str, int]]:
    """Members per status of each list, in one GROUP BY."""
    counts: dict[int, dict[str, int]] = {i: {} for i in list_ids}
    if not list_ids:
        return counts
    rows = session.execute(
        sa.select(OutreachMember.list_id, OutreachMember.status, sa.func.count())
        .where(OutreachMember.list_id.in_(list_ids))
        .group_by(OutreachMember.list_id, OutreachMember.status)
    ).all()
    for list_id, status, n in rows:
        counts[list_id][status] = n
    return counts


def progress_of(session: Session, list_id: int) -> rules.Progress:
    """The progress of one list."""
    return rules.progress(status_counts(session, [list_id])[list_id])


def contact_counts(session: Session, list_id: int) -> tuple[int, int]:
    """(contact permitted, do not contact) members of a list, in one pass over the list,
    remembered while the district's data does not change."""
    def read() -> tuple[int, int]:
        permitted = Stakeholder.contact_permitted.is_(True)
        row = session.execute(
            sa.select(sa.func.count(sa.case((permitted, 1))),
                      sa.func.count(sa.case((Stakeholder.contact_permitted.is_(False), 1))))
            .select_from(OutreachMember)
            .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
            .where(OutreachMember.list_id == list_id)).one()
        return int(row[0] or 0), int(row[1] or 0)

    return remembered(session, ("list_contact_counts", list_id), read)


def do_not_contact_count(session: Session, list_id: int) -> int:
    """Members flagged "do not contact" (shown, but left out of exports)."""
    return contact_counts(session, list_id)[1]


def history(session: Session, member_id: int) -> list:
    """A member's status changes, newest first, with who made them."""
    return session.execute(
        sa.select(OutreachStatusChange.from_status, OutreachStatusChange.to_status,
                  OutreachStatusChange.changed_at, User.name.label("by_name"))
        .outerjoin(User, User.id == OutreachStatusChange.changed_by_id)
        .where(OutreachStatusChange.member_id == member_id)
        .order_by(OutreachStatusChange.changed_at.desc(), OutreachStatusChange.id.desc())
        .limit(100)
    ).all()
