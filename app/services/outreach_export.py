"""Rows of an outreach list's CSV export, fetched in keyset batches (never all at once).

The batches run on a plain connection after the request's session is done, so they do
not rely on the automatic district scoping: every statement filters ``district_id``.
Members whose stakeholder must not be contacted (``contact_permitted`` false) are left out.
"""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.domain import outreach as rules
from app.domain.csv_export import split_name
from app.domain.vocab import CONTACT_METHODS, GROUPS, label
from app.models import Affiliation, OutreachMember, Stakeholder, StakeholderLanguage, User

BATCH = 1000


def export_count(session: Session, list_id: int) -> int:
    """How many members the export will hold (the contact-permitted ones)."""
    return session.scalar(
        sa.select(sa.func.count(OutreachMember.id))
        .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
        .where(OutreachMember.list_id == list_id, Stakeholder.contact_permitted.is_(True))
    ) or 0


def _page(district_id: int, list_id: int, after: tuple[str, int] | None, size: int):
    m, s = OutreachMember, Stakeholder
    statement = (
        sa.select(m.id, s.id.label("stakeholder_id"), s.name, s.name_key, s.kind, s.group,
                  s.email, s.phone, s.address, s.city, s.preferred_contact, m.status,
                  m.next_step, m.due_on, User.name.label("owner_name"))
        .join(s, s.id == m.stakeholder_id)
        .outerjoin(User, User.id == m.owner_id)
        .where(m.district_id == district_id, m.list_id == list_id,
               s.district_id == district_id, s.contact_permitted.is_(True))
    )
    if after is not None:
        statement = statement.where(sa.tuple_(s.name_key, m.id) > sa.tuple_(*after))
    return statement.order_by(s.name_key, m.id).limit(size)


def _organisations(connection: Connection, district_id: int, ids: list[int]) -> dict:
    org = sa.orm.aliased(Stakeholder)
    rows = connection.execute(
        sa.select(Affiliation.person_id, org.name, Affiliation.title)
        .join(org, org.id == Affiliation.organisation_id)
        .where(Affiliation.district_id == district_id, org.district_id == district_id,
               Affiliation.person_id.in_(ids))
        .order_by(Affiliation.person_id, Affiliation.id)
    ).all()
    found: dict[int, tuple[str, str]] = {}
    for person_id, name, title in rows:
        found.setdefault(person_id, (name, title or ""))
    return found


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
    return found


def export_batches(connection: Connection, district_id: int, list_id: int,
                   size: int = BATCH) -> Iterator[list[tuple]]:
    """Export rows (OUTREACH_COLUMNS order) in name order, one batch of `size` at a time."""
    after = None
    while True:
        rows = connection.execute(_page(district_id, list_id, after, size)).all()
        if not rows:
            return
        ids = [r.stakeholder_id for r in rows]
        orgs = _organisations(connection, district_id,
                              [r.stakeholder_id for r in rows if r.kind == "person"])
        languages = _languages(connection, district_id, ids)
        batch = []
        for r in rows:
            first, last = split_name(r.name, r.kind)
            organisation, title = orgs.get(r.stakeholder_id, ("", ""))
            if r.kind != "person":
                organisation = r.name
            batch.append((
                first, last, r.name, organisation, title, r.email, r.phone, r.address, r.city,
                label(CONTACT_METHODS, r.preferred_contact) if r.preferred_contact else "",
                ", ".join(languages.get(r.stakeholder_id, [])), label(GROUPS, r.group),
                rules.LABELS.get(r.status, r.status), r.owner_name or "", r.next_step,
                r.due_on.isoformat() if r.due_on else "",
            ))
        yield batch
        if len(rows) < size:
            return
        after = (rows[-1].name_key, rows[-1].id)
