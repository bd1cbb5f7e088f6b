"""Rows of an outreach list's CSV export, fetched in keyset batches (never all at once).

The batches run on a plain connection after the request's session is done, so they do
not rely on the automatic district scoping: every statement filters ``district_id``.
Members whose stakeholder must not be contacted (``contact_permitted`` false) are left out.
A members filter (status, owner: `outreach_views.MemberFilter`) narrows the rows in SQL.

Open members without a next step of their own get "Suggested: <action>", as on the
list's page. The suggestions need an ORM session and the district context (the cadence
setting, remembered figures), so each batch computes its own in one go, inside
``district_context`` with a session bound to the export's connection (it selects
columns only, so it holds nothing between batches).

Each batch is the next `size` members in (name, member id) order after the last one
sent. On SQLite a list that holds a good share of the district is read by walking the
district's name index and probing the list (each batch reads a slice of the index once);
sorting the whole list again for every batch would cost a join and sort of every
member per batch. Small lists (and PostgreSQL) sort, which is cheap for them.
"""

from collections.abc import Iterator
from datetime import date

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.domain import outreach as rules
from app.domain.csv_export import split_name
from app.domain.vocab import CONTACT_METHODS, GROUPS
from app.models import OutreachMember, Stakeholder, StakeholderLanguage, User
from app.services import cadence as cadence_svc
from app.services import clock, outreach
from app.services.next_steps import suggestions_for
from app.services.outreach_views import MemberFilter, member_where, organisations
from app.tenancy import district_context

BATCH = 1000
WALK_FACTOR = 2  # walk the name index when it is shorter than this many list sorts


def export_count(session: Session, list_id: int, mf: MemberFilter | None = None) -> int:
    """How many members the export will hold (the contact-permitted ones the filter
    shows, if any)."""
    if mf is None or not (mf.status or mf.owner):
        return outreach.contact_counts(session, list_id)[0]
    return session.scalar(
        sa.select(sa.func.count(OutreachMember.id))
        .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
        .where(*member_where(list_id, mf), Stakeholder.contact_permitted.is_(True))) or 0


def _page(district_id: int, list_id: int, after: tuple[str, int] | None, size: int,
          walk: bool = False, mf: MemberFilter | None = None):
    m, s = OutreachMember, Stakeholder
    # "+ 0" keeps SQLite from looking stakeholders up by id, so it walks them by name.
    stakeholder_id = s.id + 0 if walk else s.id
    statement = (
        sa.select(m.id, s.id.label("stakeholder_id"), s.name, s.name_key, s.kind, s.group,
                  s.email, s.phone, s.address, s.city, s.preferred_contact, m.status,
                  m.next_step, m.due_on, m.owner_id)
        .join(s, stakeholder_id == m.stakeholder_id)
        .where(m.district_id == district_id, m.list_id == list_id,
               s.district_id == district_id, s.contact_permitted.is_(True))
    )
    if mf is not None:
        statement = statement.where(*member_where(list_id, mf))
    if after is not None:
        statement = statement.where(sa.tuple_(s.name_key, m.id) > sa.tuple_(*after))
    return statement.order_by(s.name_key, m.id).limit(size)


def _walks(connection: Connection, district_id: int, list_id: int, size: int) -> bool:
    """True when walking the district's name index once beats sorting the list per batch."""
    if connection.dialect.name != "sqlite":
        return False
    members = connection.scalar(
        sa.select(sa.func.count()).select_from(OutreachMember)
        .where(OutreachMember.district_id == district_id, OutreachMember.list_id == list_id))
    if not members:
        return False
    district = connection.scalar(
        sa.select(sa.func.count()).select_from(Stakeholder)
        .where(Stakeholder.district_id == district_id))
    batches = -(-members // size)
    return district <= WALK_FACTOR * batches * members


def _languages(connection: Connection, district_id: int, ids: list[int]) -> dict:
    rows = connection.execute(
        sa.select(StakeholderLanguage.stakeholder_id, StakeholderLanguage.language)
        .where(StakeholderLanguage.district_id == district_id,
               StakeholderLanguage.stakeholder_id.in_(ids))
        .order_by(StakeholderLanguage.stakeholder_id, StakeholderLanguage.language)
    ).all()
    found: dict[int, list[str]] = {}
    for stakeholder_id, language in rows:
        found.setdefault(stakeholder_id, []).append(language)
    return {sid: ", ".join(names) for sid, names in found.items()}


def _owner_names(connection: Connection, ids: set[int], known: dict[int, str]) -> None:
    """Add the names of owners not seen yet to `known` (a handful per export)."""
    missing = ids - known.keys()
    if missing:
        known.update(connection.execute(
            sa.select(User.id, User.name).where(User.id.in_(missing))).all())


class _Suggestions:
    """Suggested next steps for one batch's open members without a next step of their own,
    computed in the district on a session over the export's connection."""

    def __init__(self, connection: Connection, district_id: int) -> None:
        self.session = Session(bind=connection)
        self.district_id = district_id
        self.day: date | None = None  # one day for the whole export
        self.cadence = None

    def __call__(self, rows) -> dict[int, str]:
        ids = [r.stakeholder_id for r in rows
               if r.status not in rules.CLOSED and not r.next_step]
        if not ids:
            return {}
        with district_context(self.district_id):
            if self.cadence is None:
                self.cadence = cadence_svc.current_cadence(self.session)
                self.day = clock.today(self.session)
            steps = suggestions_for(self.session, ids, self.day, self.cadence)
        return {sid: f"Suggested: {step.action}" for sid, step in steps.items()}

    def close(self) -> None:
        self.session.close()


def export_batches(connection: Connection, district_id: int, list_id: int,
                   size: int = BATCH, mf: MemberFilter | None = None) -> Iterator[list[tuple]]:
    """Export rows (OUTREACH_COLUMNS order) in name order, one batch of `size` at a time;
    with `mf`, only the members that filter shows."""
    suggestions = _Suggestions(connection, district_id)
    try:
        yield from _batches(connection, district_id, list_id, size, suggestions, mf)
    finally:
        suggestions.close()


def _batches(connection: Connection, district_id: int, list_id: int, size: int,
             suggestions: _Suggestions, mf: MemberFilter | None) -> Iterator[list[tuple]]:
    walk = _walks(connection, district_id, list_id, size)
    contact_labels, group_labels = dict(CONTACT_METHODS), dict(GROUPS)
    status_labels = rules.LABELS
    owners: dict[int, str] = {}
    after = None
    while True:
        rows = connection.execute(_page(district_id, list_id, after, size, walk, mf)).all()
        if not rows:
            return
        ids = [r.stakeholder_id for r in rows]
        people = [r.stakeholder_id for r in rows if r.kind == "person"]
        orgs = organisations(connection, people, district_id=district_id)
        languages = _languages(connection, district_id, ids)
        _owner_names(connection, {r.owner_id for r in rows if r.owner_id is not None}, owners)
        suggested = suggestions(rows)
        batch = []
        for (_mid, sid, name, _key, kind, group, email, phone, address, city, preferred,
             status, next_step, due_on, owner_id) in rows:
            first, last = split_name(name, kind)
            organisation, title = orgs.get(sid, ("", ""))
            if kind != "person":
                organisation = name
            batch.append((
                first, last, name, organisation, title, email, phone, address, city,
                contact_labels.get(preferred, preferred) if preferred else "",
                languages.get(sid, ""),
                "" if group is None else group_labels.get(group, group),
                status_labels.get(status, status), owners.get(owner_id, "") or "",
                next_step or suggested.get(sid, ""), due_on.isoformat() if due_on else "",
            ))
        yield batch
        if len(rows) < size:
            return
        after = (rows[-1].name_key, rows[-1].id)
