"""Reading the engagement log: the district's log with filters, an interaction's people,
and a stakeholder's timeline. Pages select only the columns they show, in a fixed
number of queries per page (never one per row)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import engagement as rules
from app.domain.ids import parse_id
from app.domain.vocab import INTERACTION_KINDS, ROLES, role_at_least
from app.models import (
    AuditEvent,
    Concern,
    FollowUp,
    Interaction,
    InteractionParticipant,
    Membership,
    Stakeholder,
    User,
)
from app.models.engagement import interaction_users
from app.tenancy import current_district_id

P = InteractionParticipant
LOG_PAGE = 50
NAMES_SHOWN = 3
THEMES_SHOWN = 12
NAME_MAX = 200  # a typed name to filter by, as long as a stakeholder's name may be


def _day(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class LogFilter:
    """The log's filters, read from and written back to the URL."""

    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    stakeholder: int | None = None
    user: int | None = None
    theme: str = ""
    # A name typed in "With stakeholder" but not picked: interactions with anyone whose
    # name contains it (so Enter in that box filters too).
    name: str = ""

    def to_args(self) -> dict[str, str | int]:
        args = {"kind": self.kind, "from": self.date_from.isoformat() if self.date_from else "",
                "to": self.date_to.isoformat() if self.date_to else "",
                "stakeholder": self.stakeholder or "", "with_other_name": self.name,
                "user": self.user or "", "theme": self.theme}
        return {k: v for k, v in args.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.to_args())


def parse_filter(args: Mapping) -> LogFilter:
    """A LogFilter from query arguments; unknown or malformed values are ignored."""
    kind = args.get("kind", "")
    stakeholder = parse_id(args.get("stakeholder"))
    name = " ".join((args.get("with_other_name", "") or "").split())[:NAME_MAX]
    return LogFilter(
        kind=kind if kind in dict(INTERACTION_KINDS) else "",
        date_from=_day(args.get("from")), date_to=_day(args.get("to")),
        stakeholder=stakeholder, user=parse_id(args.get("user")),
        theme=rules.normalise_theme(args.get("theme", "") or ""),
        name="" if stakeholder else name,
    )


@dataclass
class Entry:
    """One interaction as the log lists it."""

    id: int
    occurred_on: date
    kind: str
    title: str
    with_attendance: bool
    names: str = ""
    total: int = 0
    attended: int = 0
    users: list[str] = field(default_factory=list)
    open_follow_ups: int = 0
    done_follow_ups: int = 0
    next_due: date | None = None


@dataclass
class LogPage:
    entries: list[Entry]
    total: int
    page: int
    pages: int


def _filtered(f: LogFilter) -> sa.Select:
    query = sa.select(Interaction.id, Interaction.occurred_on, Interaction.kind,
                      Interaction.title, Interaction.with_attendance)
    if f.kind:
        query = query.where(Interaction.kind == f.kind)
    if f.date_from:
        query = query.where(Interaction.occurred_on >= f.date_from)
    if f.date_to:
        query = query.where(Interaction.occurred_on <= f.date_to)
    if f.stakeholder:
        query = query.where(sa.exists().where(P.interaction_id == Interaction.id,
                                              P.stakeholder_id == f.stakeholder))
    if f.name:
        query = query.where(sa.exists().where(
            P.interaction_id == Interaction.id, Stakeholder.id == P.stakeholder_id,
            Stakeholder.name_key.contains(f.name.lower(), autoescape=True)))
    if f.user:
        query = query.where(sa.exists().where(interaction_users.c.interaction_id == Interaction.id,
                                              interaction_users.c.user_id == f.user))
    if f.theme:
        query = query.where(sa.exists().where(Concern.interaction_id == Interaction.id,
                                              Concern.theme == f.theme))
    return query


def log_page(session: Session, f: LogFilter, page: int) -> LogPage:
    """A page of the log, newest first, with names, users and follow-up status."""
    query = _filtered(f)
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // LOG_PAGE))
    page = min(max(page, 1), pages)
    rows = session.execute(query.order_by(Interaction.occurred_on.desc(), Interaction.id.desc())
                           .limit(LOG_PAGE).offset((page - 1) * LOG_PAGE)).all()
    entries = [Entry(r.id, r.occurred_on, r.kind, r.title, r.with_attendance) for r in rows]
    _fill(session, {e.id: e for e in entries})
    return LogPage(entries, total, page, pages)


def _fill(session: Session, by_id: dict[int, Entry]) -> None:
    """Names, counts, users and follow-ups for a page of entries: four queries."""
    if not by_id:
        return
    ids = sorted(by_id)
    for iid, total, came in session.execute(
            sa.select(P.interaction_id, sa.func.count(P.id),
                      sa.func.sum(sa.case((P.attended.is_(True), 1), else_=0)))
            .where(P.interaction_id.in_(ids)).group_by(P.interaction_id)):
        by_id[iid].total, by_id[iid].attended = total, int(came or 0)
    ranked = (sa.select(P.interaction_id, Stakeholder.name, sa.func.row_number().over(
        partition_by=P.interaction_id,
        order_by=(P.attended.desc(), Stakeholder.name_key, Stakeholder.id)).label("n"))
        .join(Stakeholder, Stakeholder.id == P.stakeholder_id)
        .where(P.interaction_id.in_(ids))).subquery()
    names: dict[int, list[str]] = {}
    for iid, name in session.execute(sa.select(ranked.c.interaction_id, ranked.c.name)
                                     .where(ranked.c.n <= NAMES_SHOWN)
                                     .order_by(ranked.c.interaction_id, ranked.c.n)):
        names.setdefault(iid, []).append(name)
    for iid, entry in by_id.items():
        entry.names = rules.names_summary(names.get(iid, []), entry.total, NAMES_SHOWN)
    for iid, name in session.execute(
            sa.select(interaction_users.c.interaction_id, User.name)
            .join(User, User.id == interaction_users.c.user_id)
            .join(Interaction, Interaction.id == interaction_users.c.interaction_id)
            .where(interaction_users.c.interaction_id.in_(ids)).order_by(User.name)):
        by_id[iid].users.append(name)
    is_open = FollowUp.done_at.is_(None)
    for iid, opened, done, due in session.execute(
            sa.select(FollowUp.interaction_id, sa.func.sum(sa.case((is_open, 1), else_=0)),
                      sa.func.sum(sa.case((is_open, 0), else_=1)),
                      sa.func.min(sa.case((is_open, FollowUp.due_on), else_=None)))
            .where(FollowUp.interaction_id.in_(ids)).group_by(FollowUp.interaction_id)):
        entry = by_id[iid]
        entry.open_follow_ups, entry.done_follow_ups = int(opened or 0), int(done or 0)
        entry.next_due = due if isinstance(due, date) or due is None else _day(str(due))


def open_concerns_by_theme(session: Session) -> list[tuple[str, int]]:
    """Open concerns counted per theme, most first."""
    count = sa.func.count(Concern.id)
    return [tuple(r) for r in session.execute(
        sa.select(Concern.theme, count).where(Concern.is_open.is_(True))
        .group_by(Concern.theme).order_by(count.desc(), Concern.theme).limit(THEMES_SHOWN))]


def themes(session: Session) -> list[str]:
    """Themes used so far (for the filter)."""
    return list(session.scalars(sa.select(Concern.theme).distinct().order_by(Concern.theme)
                                .limit(300)))


def members(session: Session) -> list[tuple[int, str]]:
    """The district's users, by name (for choosing who took part or owns a follow-up)."""
    return [tuple(r) for r in session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == current_district_id(), User.is_enabled.is_(True))
        .order_by(User.name, User.id))]


EDITING_ROLES = tuple(role for role, _ in ROLES if role_at_least(role, "editor"))


def owners(session: Session) -> list[tuple[int, str]]:
    """The district's users who can edit, by name: who may own a follow-up (a viewer
    could not mark it done)."""
    return [tuple(r) for r in session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == current_district_id(), User.is_enabled.is_(True),
               Membership.role.in_(EDITING_ROLES))
        .order_by(User.name, User.id))]


def stakeholder_name(session: Session, stakeholder_id: int | None) -> str | None:
    if not stakeholder_id:
        return None
    return session.scalar(sa.select(Stakeholder.name).where(Stakeholder.id == stakeholder_id))


# --- One interaction ------------------------------------------------------------------------


def people(session: Session, interaction_id: int, limit: int, offset: int = 0,
           attended_first: bool = True) -> list:
    """Participants (or invitees) of an interaction with name and group, by name."""
    order = (P.attended.desc(),) if attended_first else ()
    return session.execute(
        sa.select(P.stakeholder_id, P.attended, Stakeholder.name, Stakeholder.group,
                  Stakeholder.kind)
        .join(Stakeholder, Stakeholder.id == P.stakeholder_id)
        .where(P.interaction_id == interaction_id)
        .order_by(*order, Stakeholder.name_key, Stakeholder.id).limit(limit).offset(offset)
    ).all()


def counts(session: Session, interaction_id: int) -> tuple[int, int]:
    """(invited or taking part, attended) for an interaction."""
    row = session.execute(sa.select(
        sa.func.count(P.id), sa.func.sum(sa.case((P.attended.is_(True), 1), else_=0)))
        .where(P.interaction_id == interaction_id)).one()
    return row[0], int(row[1] or 0)


def concerns(session: Session, interaction_id: int) -> list[Concern]:
    return list(session.scalars(sa.select(Concern).where(Concern.interaction_id == interaction_id)
                                .order_by(Concern.theme, Concern.id)))


@dataclass(frozen=True)
class Answered:
    """Who answered a concern, and when (read from the audit log)."""

    by: str
    at: datetime


def answers(session: Session, concerns: list[Concern]) -> dict[int, Answered]:
    """{concern id: who answered it and when} for those of `concerns` answered.

    The audit log records every change with its actor, so the newest change that closed
    each concern or wrote its answer says who answered it (one query). Clearing the
    answer's words is not answering: the change before it counts then."""
    answered = [c.id for c in concerns if not c.is_open]
    if not answered:
        return {}
    found: dict[int, Answered] = {}
    for record_id, at, changes, label, name in session.execute(
            sa.select(AuditEvent.record_id, AuditEvent.created_at, AuditEvent.changes,
                      AuditEvent.actor_label, User.name)
            .outerjoin(User, User.id == AuditEvent.actor_id)
            .where(AuditEvent.record_type == "Concern", AuditEvent.action == "update",
                   AuditEvent.record_id.in_(answered))
            .order_by(AuditEvent.id.desc())):
        changes = changes or {}
        closed_it = (changes.get("is_open") or {}).get("after") is False
        wrote = bool((changes.get("answer") or {}).get("after"))
        if record_id not in found and (closed_it or wrote):
            found[record_id] = Answered(name or label, at)
    return found


def follow_ups(session: Session, interaction_id: int) -> list:
    """Follow-ups of an interaction with their owner's and stakeholder's names."""
    return session.execute(
        sa.select(FollowUp.id, FollowUp.description, FollowUp.due_on, FollowUp.done_at,
                  FollowUp.stakeholder_id, User.name.label("owner_name"),
                  Stakeholder.name.label("stakeholder_name"))
        .outerjoin(User, User.id == FollowUp.owner_id)
        .outerjoin(Stakeholder, Stakeholder.id == FollowUp.stakeholder_id)
        .where(FollowUp.interaction_id == interaction_id)
        .order_by(FollowUp.done_at.is_not(None), FollowUp.due_on, FollowUp.id)).all()
