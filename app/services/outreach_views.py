"""What outreach pages show: the lists index, a list's member page, the profile panel,
and a readable summary of a saved filter. Selects only the columns shown, no N+1."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import outreach as rules
from app.domain.filters import StakeholderFilter
from app.domain.ids import parse_id
from app.domain.next_steps import NextStep
from app.domain.ratings import QUADRANT_BY_KEY, SALIENCE_CLASSES
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, STAKEHOLDER_KINDS, label
from app.models import (
    Affiliation,
    Membership,
    OutreachList,
    OutreachMember,
    School,
    Stakeholder,
    Tag,
    User,
)
from app.services import outreach as svc
from app.services import stakeholder_query
from app.services.next_steps import suggestions_for
from app.tenancy import current_district_id

PAGE_SIZE = 50
OWNER_NONE = "none"  # owner filter value: members nobody owns


@dataclass(frozen=True)
class ListRow:
    """One list on the index."""

    id: int
    name: str
    description: str
    owner_name: str | None
    by_filter: bool
    created_at: object
    refreshed_at: object
    progress: rules.Progress


def list_page(session: Session, page: int) -> tuple[list[ListRow], int]:
    """One page of the district's lists, newest first, with their progress; and the total."""
    total = session.scalar(sa.select(sa.func.count(OutreachList.id))) or 0
    rows = session.execute(
        sa.select(OutreachList.id, OutreachList.name, OutreachList.description,
                  OutreachList.filter_query, OutreachList.created_at,
                  OutreachList.refreshed_at, User.name.label("owner_name"))
        .outerjoin(User, User.id == OutreachList.owner_id)
        .order_by(OutreachList.created_at.desc(), OutreachList.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    counts = svc.status_counts(session, [r.id for r in rows])
    return [ListRow(r.id, r.name, r.description, r.owner_name, bool(r.filter_query),
                    r.created_at, r.refreshed_at, rules.progress(counts[r.id]))
            for r in rows], total


@dataclass(frozen=True)
class MemberFilter:
    """The member page's status and owner filters and page (from the query string)."""

    status: str = ""
    owner: str = ""  # a user id, "none", or "" for anyone
    page: int = 1

    def to_args(self, **overrides) -> dict[str, str]:
        values = {"status": self.status, "owner": self.owner, "page": self.page, **overrides}
        return {k: str(v) for k, v in values.items() if v not in ("", None, 1)}


def parse_member_filter(args) -> MemberFilter:
    """Read status, owner and page; anything invalid means "any" (or page 1)."""
    status = args.get("status", "")
    owner = args.get("owner", "")
    page = args.get("page", 1, type=int) or 1
    return MemberFilter(status if status in rules.LABELS else "",
                        owner if owner == OWNER_NONE or parse_id(owner) else "",
                        min(max(page, 1), 1_000_000))


def _member_columns():
    return (OutreachMember.id, OutreachMember.list_id, OutreachMember.stakeholder_id,
            OutreachMember.status, OutreachMember.owner_id, OutreachMember.next_step,
            OutreachMember.due_on, OutreachMember.status_changed_at,
            Stakeholder.name, Stakeholder.kind, Stakeholder.group, Stakeholder.sector,
            Stakeholder.contact_permitted, User.name.label("owner_name"))


def _member_select() -> sa.Select:
    return (sa.select(*_member_columns())
            .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
            .outerjoin(User, User.id == OutreachMember.owner_id))


# A member page is read either by sorting the (filtered) members by name, or, on SQLite,
# by walking the district's name index (from whichever end is nearer) and probing the
# list: cheaper when the page should be found within this many index entries (the first
# and last pages of a large list).
WALK_BUDGET = 25_000


def _walk_from_end(session: Session, total: int, offset: int) -> bool | None:
    """None: sort the members; False: walk the name index from the start; True: from
    the end (the page is nearer the end of the list)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    from_end = total - offset < offset + PAGE_SIZE
    read = (total - offset) if from_end else (offset + PAGE_SIZE)
    district = stakeholder_query.cached_count(session, StakeholderFilter())
    return from_end if read * district / total <= WALK_BUDGET else None


def member_where(list_id: int, mf: MemberFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions on OutreachMember for the list's members the filter shows: for the
    list's page, its count, and the export of only those members."""
    where = [OutreachMember.list_id == list_id]
    if mf.status:
        where.append(OutreachMember.status == mf.status)
    if mf.owner == OWNER_NONE:
        where.append(OutreachMember.owner_id.is_(None))
    elif mf.owner:
        where.append(OutreachMember.owner_id == int(mf.owner))
    return where


def member_count(session: Session, list_id: int, mf: MemberFilter) -> int:
    """How many members the filter shows (the page's count), without reading a page."""
    return session.scalar(sa.select(sa.func.count(OutreachMember.id))
                          .where(*member_where(list_id, mf))) or 0


def member_page(session: Session, list_id: int, mf: MemberFilter) -> tuple[list, int]:
    """One page of a list's members in name order, with organisations; and the total.

    The page's member ids are found first (ordering needs only the name key), then
    just those rows are read in full.
    """
    where = member_where(list_id, mf)
    total = member_count(session, list_id, mf)
    offset = (mf.page - 1) * PAGE_SIZE
    if offset >= total:
        return [], total
    order = (Stakeholder.name_key, OutreachMember.id)
    limit = min(PAGE_SIZE, total - offset)
    from_end = _walk_from_end(session, total, offset)
    # "+ 0" keeps SQLite from looking stakeholders up by id, so it walks them by name.
    stakeholder_id = Stakeholder.id if from_end is None else Stakeholder.id + 0
    ids_query = (sa.select(OutreachMember.id)
                 .join(Stakeholder, stakeholder_id == OutreachMember.stakeholder_id)
                 .where(*where))
    if from_end:
        # The same rows counted from the end of the list, in reverse.
        ids = session.scalars(ids_query.order_by(*(c.desc() for c in order))
                              .limit(limit).offset(total - offset - limit)).all()[::-1]
    else:
        ids = session.scalars(ids_query.order_by(*order).limit(limit).offset(offset)).all()
    found = {r.id: r for r in session.execute(
        _member_select().where(OutreachMember.id.in_(ids)))}
    return with_organisations(session, [found[i] for i in ids if i in found]), total


def member_row(session: Session, member_id: int):
    """One member as the list page shows it, or None (unknown or another district)."""
    row = session.execute(_member_select().where(OutreachMember.id == member_id)).first()
    return with_organisations(session, [row])[0] if row else None


@dataclass(frozen=True)
class MemberView:
    """A member row plus where they work (persons) or their sector (organisations)."""

    row: object
    organisation: str
    title: str
    suggestion: NextStep | None = None  # the suggested next step, while the member is open

    def __getattr__(self, name):
        return getattr(self.row, name)

    @property
    def status_label(self) -> str:
        return rules.LABELS.get(self.row.status, self.row.status)

    @property
    def moves(self) -> tuple[str, ...]:
        """The statuses this member can move to in one click."""
        return rules.allowed_moves(self.row.status)

    def is_overdue(self, on: date) -> bool:
        """The next step's due date has passed and the member is still open."""
        return rules.is_overdue(self.row.due_on, self.row.status, on)


_ORGANISATION = sa.orm.aliased(Stakeholder, name="organisation")  # built once: ~1 ms each


def organisations(executor, person_ids: list[int], district_id: int | None = None) \
        -> dict[int, tuple[str, str]]:
    """Each person's first affiliation: (organisation name, title), in one query.

    `executor` is a session, or a connection with `district_id` (Core: scoped by hand).
    """
    if not person_ids:
        return {}
    org = _ORGANISATION
    query = (sa.select(Affiliation.person_id, org.name, Affiliation.title)
             .join(org, org.id == Affiliation.organisation_id)
             .where(Affiliation.person_id.in_(person_ids))
             .order_by(Affiliation.person_id, Affiliation.id))
    if district_id is not None:
        query = query.where(Affiliation.district_id == district_id,
                            org.district_id == district_id)
    found: dict[int, tuple[str, str]] = {}
    for person_id, name, title in executor.execute(query):
        found.setdefault(person_id, (name, title or ""))
    return found


def with_organisations(session: Session, rows) -> list[MemberView]:
    """Member rows with where they work and, for open members, a suggested next step."""
    orgs = organisations(session, [r.stakeholder_id for r in rows if r.kind == "person"])
    steps = suggestions_for(session, [r.stakeholder_id for r in rows
                                      if r.status not in rules.CLOSED])
    return [MemberView(r, *orgs.get(r.stakeholder_id, ("", "")), steps.get(r.stakeholder_id))
            for r in rows]


# --- The profile panel -----------------------------------------------------------------------


def lists_of(session: Session, stakeholder_id: int) -> list:
    """The lists a stakeholder is on, with their status there."""
    return session.execute(
        sa.select(OutreachList.id, OutreachList.name, OutreachMember.status,
                  OutreachMember.due_on, OutreachMember.next_step)
        .join(OutreachList, OutreachList.id == OutreachMember.list_id)
        .where(OutreachMember.stakeholder_id == stakeholder_id)
        .order_by(sa.func.lower(OutreachList.name))
    ).all()


def list_options(session: Session, limit: int = 200, exclude: set[int] | frozenset = ()) \
        -> list[tuple[int, str]]:
    """Lists to offer in "add to list" selects, most recent first."""
    rows = session.execute(
        sa.select(OutreachList.id, OutreachList.name)
        .order_by(OutreachList.created_at.desc(), OutreachList.id.desc()).limit(limit)
    ).all()
    return [(r.id, r.name) for r in rows if r.id not in exclude]


# --- A readable filter -----------------------------------------------------------------------


def describe_filter(session: Session, f: StakeholderFilter) -> list[tuple[str, str]]:
    """The filter as (what, value) pairs a person can read, e.g. ("Group", "Parent/family")."""
    parts: list[tuple[str, str]] = []
    if f.q:
        parts.append(("Search", f"\u201c{f.q}\u201d"))
    if f.kind:
        parts.append(("Kind", label(STAKEHOLDER_KINDS, f.kind)))
    if f.group:
        parts.append(("Group", label(GROUPS, f.group)))
    if f.quadrant:
        parts.append(("Mendelow quadrant", QUADRANT_BY_KEY[f.quadrant].label))
    if f.influence or f.interest:
        parts.append(("Grid cell", f.cell_label))
    if f.engagement:
        parts.append(("Engagement", label(ENGAGEMENT_LEVELS, f.engagement)))
    if f.salience:
        names = {v: n for v, n, _ in SALIENCE_CLASSES}
        parts.append(("Salience", names.get(f.salience, "None")))
    for what, model, value in (("School or area", School, f.school), ("Tag", Tag, f.tag)):
        if value:
            name = session.scalar(sa.select(model.name).where(model.id == value))
            parts.append((what, name or "(no longer exists)"))
    if f.language:
        parts.append(("Language", f.language))
    if f.owner:
        name = session.scalar(
            sa.select(User.name).join(Membership, Membership.user_id == User.id)
            .where(User.id == f.owner, Membership.district_id == current_district_id()))
        parts.append(("Owner", name or "(unknown)"))
    if f.no_contact_days:
        parts.append(("No contact in", f"{f.no_contact_days} days"))
    return parts
