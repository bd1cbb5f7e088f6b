"""Next step suggestions for many stakeholders at once (lists, panels).

Loads what the rules need in a few set-based queries per chunk of ids (no query per
stakeholder), builds `domain.next_steps.Profile`s and asks `suggest` for each.
"""

from collections.abc import Iterable, Iterator
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import cadence as cadence_domain
from app.domain.next_steps import NextStep, Profile, suggest
from app.models import Concern, InteractionParticipant, Partnership, Stakeholder
from app.models.partnership import partnership_contacts
from app.services import cadence as cadence_svc
from app.services import clock
from app.services.remembered import remembered

CHUNK = 500  # ids per IN (...) list


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _concerns_about(session: Session, ids: list[int]) -> dict[int, int]:
    """Open concerns raised in interactions each stakeholder took part in."""
    return dict(session.execute(
        sa.select(InteractionParticipant.stakeholder_id, sa.func.count(sa.distinct(Concern.id)))
        .join(Concern, Concern.interaction_id == InteractionParticipant.interaction_id)
        .where(InteractionParticipant.stakeholder_id.in_(ids),
               InteractionParticipant.attended.is_(True), Concern.is_open.is_(True))
        .group_by(InteractionParticipant.stakeholder_id)).all())


def _concerns_in_groups(session: Session, groups: set[str]) -> dict[str, int]:
    """Open concerns raised in interactions with anyone of each group.

    Counted for every group at once (a join over the district's open concerns) and
    remembered while the district's data does not change.
    """
    if not groups:
        return {}

    def read() -> dict[str, int]:
        return dict(session.execute(
            sa.select(Stakeholder.group, sa.func.count(sa.distinct(Concern.id)))
            .select_from(Concern)
            .join(InteractionParticipant,
                  InteractionParticipant.interaction_id == Concern.interaction_id)
            .join(Stakeholder, Stakeholder.id == InteractionParticipant.stakeholder_id)
            .where(Concern.is_open.is_(True), InteractionParticipant.attended.is_(True))
            .group_by(Stakeholder.group)).all())

    by_group = remembered(session, ("concerns_by_group",), read)
    return {group: n for group, n in by_group.items() if group in groups}


def _in_active_partnership(session: Session, ids: list[int]) -> set[int]:
    """Organisations with an active partnership, and people who are contacts of one."""
    active = Partnership.stage == "active"
    orgs = session.scalars(sa.select(Partnership.organisation_id)
                           .where(active, Partnership.organisation_id.in_(ids)))
    contacts = session.scalars(
        sa.select(partnership_contacts.c.stakeholder_id)
        .join(Partnership, Partnership.id == partnership_contacts.c.partnership_id)
        .where(active, partnership_contacts.c.stakeholder_id.in_(ids)))
    return set(orgs) | set(contacts)


def profiles_for(session: Session, stakeholder_ids: Iterable[int], day: date | None = None,
                 cadence: cadence_domain.Cadence | None = None) -> dict[int, Profile]:
    """The rules' view of each stakeholder (unknown or other-district ids are left out)."""
    ids = sorted(set(stakeholder_ids))
    if not ids:
        return {}
    day = day or clock.today()
    cadence = cadence or cadence_svc.current_cadence(session)
    rows, about, partners = [], {}, set()
    for chunk in _chunks(ids):
        rows += session.execute(
            sa.select(Stakeholder.id, Stakeholder.kind, Stakeholder.group, Stakeholder.quadrant,
                      Stakeholder.engagement_current, Stakeholder.engagement_desired,
                      Stakeholder.engagement_gap, Stakeholder.last_contact_at,
                      Stakeholder.contact_permitted)
            .where(Stakeholder.id.in_(chunk))).all()
        about.update(_concerns_about(session, chunk))
        partners |= _in_active_partnership(session, chunk)
    in_group = _concerns_in_groups(session, {r.group for r in rows})
    return {r.id: Profile(
        kind=r.kind, group=r.group, quadrant=r.quadrant,
        engagement_current=r.engagement_current, engagement_desired=r.engagement_desired,
        engagement_gap=r.engagement_gap,
        days_since_contact=cadence_domain.days_since(r.last_contact_at, day),
        cadence_days=cadence.days(r.quadrant),
        overdue=cadence_domain.is_overdue(r.last_contact_at, r.quadrant, day, cadence),
        open_concerns=about.get(r.id, 0), group_open_concerns=in_group.get(r.group, 0),
        contact_permitted=r.contact_permitted, active_partnership=r.id in partners,
    ) for r in rows}


def suggestions_for(session: Session, stakeholder_ids: Iterable[int],
                    day: date | None = None,
                    cadence: cadence_domain.Cadence | None = None) -> dict[int, NextStep]:
    """The suggested next step of each stakeholder, by id (`cadence`: the district's,
    when the caller has read it already, e.g. once for every batch of an export)."""
    return {sid: suggest(profile)
            for sid, profile in profiles_for(session, stakeholder_ids, day, cadence).items()}
