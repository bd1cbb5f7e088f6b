"""Events with attendance: invite people one by one or a whole outreach list, record
who came. Only attendees count as contacted, so attendance changes refresh last contact."""

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app import audit
from app.models import Interaction, InteractionParticipant, OutreachMember
from app.services.engagement import refresh_last_contact
from app.tenancy import current_district_id

P = InteractionParticipant


def invite(session: Session, interaction: Interaction, stakeholder_ids: Iterable[int]) -> int:
    """Invite stakeholders to an event (those already invited are skipped)."""
    present = set(session.scalars(sa.select(P.stakeholder_id)
                                  .where(P.interaction_id == interaction.id)))
    added = 0
    for sid in sorted(set(stakeholder_ids) - present):
        session.add(P(interaction_id=interaction.id, stakeholder_id=sid,
                      occurred_on=interaction.occurred_on, attended=False))
        added += 1
    return added


def not_yet_invited(session: Session, interaction: Interaction, list_id: int) -> int:
    """How many members of an outreach list inviting it would add (not invited yet)."""
    members = OutreachMember
    return session.scalar(sa.select(sa.func.count(members.id)).where(
        members.list_id == list_id, ~sa.exists().where(
            P.interaction_id == interaction.id, P.stakeholder_id == members.stakeholder_id)))


def invite_list(session: Session, interaction: Interaction, list_id: int) -> int:
    """Invite every member of an outreach list in one statement; returns how many new."""
    district_id = current_district_id()
    members = OutreachMember.__table__.c
    table = P.__table__
    already = sa.select(table.c.id).where(table.c.district_id == district_id,
                                          table.c.interaction_id == interaction.id,
                                          table.c.stakeholder_id == members.stakeholder_id)
    rows = sa.select(sa.literal(district_id), sa.literal(interaction.id),
                     members.stakeholder_id, sa.literal(interaction.occurred_on, sa.Date),
                     sa.false()).where(members.district_id == district_id,
                                       members.list_id == list_id, ~sa.exists(already))
    # RETURNING counts the rows: psycopg reports no row count for INSERT ... SELECT (-1),
    # and on PostgreSQL the invite said nobody was added (and audited nothing).
    added = len(session.execute(sa.insert(table).from_select(
        ["district_id", "interaction_id", "stakeholder_id", "occurred_on", "attended"], rows)
        .returning(table.c.id)).scalars().all())
    if added:
        audit.record(session, "create", "InteractionParticipant", interaction.id,
                     interaction.audit_label, {"invited_from_list": list_id, "invited": added})
    return added


def set_attendance(session: Session, interaction: Interaction, shown: Iterable[int],
                   came: Iterable[int]) -> int:
    """Record who came among the invitees `shown` on the page; returns how many changed."""
    shown_ids, came_ids = set(shown), set(came)
    rows = session.scalars(sa.select(P).where(P.interaction_id == interaction.id,
                                              P.stakeholder_id.in_(sorted(shown_ids)))).all()
    changes: dict[int, date | None] = {}
    for row in rows:
        attended = row.stakeholder_id in came_ids
        if row.attended != attended:
            row.attended = attended
            changes[row.stakeholder_id] = None if attended else interaction.occurred_on
    session.flush()
    refresh_last_contact(session, changes)
    return len(changes)


def remove_invitee(session: Session, interaction: Interaction, participant: P) -> None:
    """Take someone off an event's invitees (their last contact follows)."""
    came = participant.attended
    session.delete(participant)
    session.flush()
    if came:
        refresh_last_contact(session, {participant.stakeholder_id: interaction.occurred_on})
