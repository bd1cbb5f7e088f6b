"""Deleting stakeholders, from a profile or the list's bulk bar: the same for one or many.

The database cascades their relationships, affiliations and rating history; this audits
each link that goes with them (so the other side's history shows it) and rebuilds the
search text of the people who were affiliated with a deleted organisation, so searching
for its name no longer finds them. A fixed number of queries, however many are deleted.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from app import audit
from app.domain.text import search_text
from app.models import Affiliation, Relationship, Stakeholder


def delete_stakeholders(session: Session, people: list[Stakeholder]) -> None:
    """Delete `people` (loaded in the current district) with everything tied to them."""
    ids = [s.id for s in people]
    if not ids:
        return
    links = session.execute(
        sa.select(Relationship.id, Relationship.source_id, Relationship.target_id,
                  Relationship.type)
        .where(sa.or_(Relationship.source_id.in_(ids), Relationship.target_id.in_(ids)))
    ).all()
    affiliations = session.execute(
        sa.select(Affiliation.id, Affiliation.person_id, Affiliation.organisation_id,
                  Affiliation.title)
        .where(sa.or_(Affiliation.person_id.in_(ids), Affiliation.organisation_id.in_(ids)))
    ).all()
    named = set(ids) | {r.source_id for r in links} | {r.target_id for r in links}
    names = dict(session.execute(
        sa.select(Stakeholder.id, Stakeholder.name).where(Stakeholder.id.in_(named))
    ).tuples().all())
    gone = set(ids)
    # People who stay, but lose an organisation from what search finds them by.
    affected = {a.person_id for a in affiliations if a.person_id not in gone}

    for s in people:
        session.delete(s)
    session.flush()
    for r in links:
        audit.record(session, "delete", "Relationship", r.id,
                     f"{names.get(r.source_id, '')} – {names.get(r.target_id, '')}",
                     {"source_id": {"before": r.source_id}, "target_id": {"before": r.target_id},
                      "type": {"before": r.type}})
    for a in affiliations:
        # Labelled by the deleted side, as the profile's delete always has.
        label = names.get(a.organisation_id if a.organisation_id in gone else a.person_id, "")
        audit.record(session, "delete", "Affiliation", a.id, label,
                     {"person_id": {"before": a.person_id},
                      "organisation_id": {"before": a.organisation_id},
                      "title": {"before": a.title}})
    _refresh_search_text(session, affected)


def _refresh_search_text(session: Session, person_ids: set[int]) -> None:
    """Search text of `person_ids` from their remaining organisations, in two queries."""
    if not person_ids:
        return
    org = sa.orm.aliased(Stakeholder)
    organisations: dict[int, list[str]] = {}
    for person_id, name in session.execute(
        sa.select(Affiliation.person_id, org.name)
        .join(org, org.id == Affiliation.organisation_id)
        .where(Affiliation.person_id.in_(person_ids))
    ):
        organisations.setdefault(person_id, []).append(name)
    for person in session.scalars(
        sa.select(Stakeholder).where(Stakeholder.id.in_(person_ids))
        .options(selectinload(Stakeholder.tags))
    ):
        parts = [person.name, *organisations.get(person.id, ()), person.email, person.sector,
                 person.city, *(t.name for t in person.tags)]
        person.search_text = search_text(parts)
