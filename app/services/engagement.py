"""Engagement log use cases: log, edit and delete interactions, invite and record who
came, and keep each stakeholder's last contact true.

Every write that changes who attended what ends in `refresh_last_contact`, which reads
the latest attended date per stakeholder in one grouped query and writes the changed
values through the ORM (so the version column, audit trail and change detection see
them) with only the columns it needs loaded.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, lazyload, load_only

from app import audit
from app.domain import engagement as rules
from app.models import (
    Concern,
    FollowUp,
    Interaction,
    InteractionParticipant,
    Membership,
    Stakeholder,
    User,
)
from app.tenancy import current_district_id

P = InteractionParticipant
_CHUNK = 5000


def _chunks(ids: Sequence[int], size: int = _CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


@dataclass
class InteractionData:
    """What the log form says about an interaction (already validated)."""

    kind: str
    occurred_on: date
    title: str = ""
    summary: str = ""
    outcome: str = ""
    # None leaves the participants as they are (events manage invitees separately).
    participant_ids: list[int] | None = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    concerns: list[tuple[str, str]] = field(default_factory=list)
    all_attended: bool = True


# --- Reading what a form may refer to --------------------------------------------------------


def existing_stakeholders(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """{id: name} of those of `ids` that are stakeholders of the current district."""
    wanted = sorted({i for i in ids if i})
    found: dict[int, str] = {}
    for chunk in _chunks(wanted):
        found.update(session.execute(
            sa.select(Stakeholder.id, Stakeholder.name).where(Stakeholder.id.in_(chunk))).all())
    return found


def member_ids(session: Session) -> set[int]:
    """Users who are members of the current district."""
    return set(session.scalars(sa.select(Membership.user_id)
                               .where(Membership.district_id == current_district_id())))


def non_attendees(session: Session, interaction_id: int) -> int:
    """How many invitees of an event did not (yet) attend."""
    return session.scalar(sa.select(sa.func.count()).select_from(P).where(
        P.interaction_id == interaction_id, P.attended.is_(False)))


def attendees(session: Session, interaction_id: int) -> list[int]:
    return list(session.scalars(sa.select(P.stakeholder_id).where(
        P.interaction_id == interaction_id, P.attended.is_(True))))


# --- Writing interactions --------------------------------------------------------------------


def create_interaction(session: Session, data: InteractionData, *, by_user_id: int | None,
                       today: date) -> Interaction:
    """Log an interaction with its participants, users and concerns."""
    interaction = Interaction(created_by_id=by_user_id)
    _apply_fields(session, interaction, data)
    session.add(interaction)
    session.flush()
    attended = not interaction.with_attendance or (
        data.all_attended and rules.can_record_attendance(data.occurred_on, today))
    for sid in data.participant_ids or ():
        session.add(P(interaction_id=interaction.id, stakeholder_id=sid,
                      occurred_on=interaction.occurred_on, attended=attended))
    for theme, text in data.concerns:
        session.add(Concern(interaction_id=interaction.id, theme=theme, text=text))
    session.flush()
    if attended:
        refresh_last_contact(session, {sid: None for sid in data.participant_ids or ()})
    return interaction


def update_interaction(session: Session, interaction: Interaction, data: InteractionData) -> None:
    """Save an edit: fields, users, concerns (answered ones stay answered), participants
    (kept ones keep their attendance), and everyone's last contact."""
    old_date = interaction.occurred_on
    before = set(attendees(session, interaction.id))
    _apply_fields(session, interaction, data)
    if interaction.occurred_on != old_date:
        session.execute(sa.update(P).where(P.interaction_id == interaction.id)
                        .values(occurred_on=interaction.occurred_on)
                        .execution_options(synchronize_session=False))
    if data.participant_ids is not None:
        _replace_participants(session, interaction, data.participant_ids)
    _replace_concerns(session, interaction, data.concerns)
    session.flush()
    after = set(attendees(session, interaction.id))
    moved = interaction.occurred_on != old_date
    changes = {sid: old_date if (sid not in after or moved) else None for sid in before}
    changes.update({sid: None for sid in after - before})
    refresh_last_contact(session, changes)


def _apply_fields(session: Session, interaction: Interaction, data: InteractionData) -> None:
    interaction.kind = data.kind
    interaction.with_attendance = rules.has_attendance(data.kind)
    interaction.occurred_on = data.occurred_on
    interaction.title = data.title
    interaction.summary = data.summary
    interaction.outcome = data.outcome
    wanted = sorted(set(data.user_ids))
    interaction.users = list(session.scalars(sa.select(User).where(User.id.in_(wanted)))) \
        if wanted else []


def _replace_participants(session: Session, interaction: Interaction, ids: list[int]) -> None:
    current = dict(session.execute(sa.select(P.stakeholder_id, P.id)
                                   .where(P.interaction_id == interaction.id)).all())
    wanted = set(ids)
    gone = [pid for sid, pid in current.items() if sid not in wanted]
    for chunk in _chunks(gone):
        session.execute(sa.delete(P).where(P.id.in_(chunk))
                        .execution_options(synchronize_session=False))
    if gone:
        audit.record(session, "delete", "InteractionParticipant", interaction.id,
                     interaction.audit_label, {"removed": len(gone)})
    # New people on an event are invited; on other kinds they took part.
    for sid in sorted(wanted - set(current)):
        session.add(P(interaction_id=interaction.id, stakeholder_id=sid,
                      occurred_on=interaction.occurred_on,
                      attended=not interaction.with_attendance))


def _replace_concerns(session: Session, interaction: Interaction,
                      concerns: list[tuple[str, str]]) -> None:
    """The concerns as the form now lists them. One kept (the same words, or reworded:
    rules.match_concerns) keeps its row even under a new theme, so an answered concern
    stays answered with its answer and history. Others are added or deleted."""
    existing = list(session.scalars(sa.select(Concern).where(
        Concern.interaction_id == interaction.id).order_by(Concern.id)))
    kept = rules.match_concerns([(c.theme, c.text) for c in existing], concerns)
    for n, (theme, text) in enumerate(concerns):
        if n in kept:
            concern = existing[kept[n]]
            if (concern.theme, concern.text) != (theme, text):
                concern.theme, concern.text = theme, text
        else:
            session.add(Concern(interaction_id=interaction.id, theme=theme, text=text))
    for o in set(range(len(existing))) - set(kept.values()):
        session.delete(existing[o])


def delete_interaction(session: Session, interaction: Interaction) -> None:
    """Delete an interaction (its participants, concerns and follow-ups go with it) and
    recompute its attendees' last contact from what remains."""
    came = attendees(session, interaction.id)
    old_date = interaction.occurred_on
    removed = session.execute(sa.delete(P).where(P.interaction_id == interaction.id)
                              .execution_options(synchronize_session=False)).rowcount
    follow_ups = session.execute(
        sa.delete(FollowUp).where(FollowUp.interaction_id == interaction.id)
        .execution_options(synchronize_session=False)).rowcount
    audit.record(session, "delete", "InteractionParticipant", interaction.id,
                 interaction.audit_label, {"participants": removed, "follow_ups": follow_ups})
    session.delete(interaction)
    session.flush()
    refresh_last_contact(session, dict.fromkeys(came, old_date))


def add_follow_up(session: Session, interaction: Interaction, *, description: str,
                  due_on: date, owner_id: int | None, stakeholder_id: int | None) -> FollowUp:
    """A follow-up arising from an interaction."""
    follow_up = FollowUp(interaction_id=interaction.id, description=description, due_on=due_on,
                         owner_id=owner_id, stakeholder_id=stakeholder_id)
    session.add(follow_up)
    return follow_up


def set_concern_open(session: Session, concern: Concern, is_open: bool) -> None:
    """Mark a concern answered (closed) or open again."""
    concern.is_open = is_open


def set_concern_answer(session: Session, concern: Concern, answer: str) -> None:
    """Write the district's answer to a concern ("you said, we did"). Words mark it
    answered; clearing them leaves it as it was (reopening is its own, deliberate step)."""
    concern.answer = answer
    if answer:
        concern.is_open = False


# --- Last contact and counts ----------------------------------------------------------------


def latest_attended(session: Session, stakeholder_ids: Sequence[int]) -> dict[int, date]:
    """{stakeholder id: date of the latest interaction they attended} (grouped query)."""
    latest: dict[int, date] = {}
    for chunk in _chunks(sorted(stakeholder_ids)):
        latest.update(session.execute(
            sa.select(P.stakeholder_id, sa.func.max(P.occurred_on))
            .where(P.stakeholder_id.in_(chunk), P.attended.is_(True))
            .group_by(P.stakeholder_id)).all())
    return latest


def refresh_last_contact(session: Session, changes: dict[int, date | None]) -> int:
    """Bring last_contact_at up to date for stakeholders whose attended interactions
    changed. `changes` maps each to the date of a contact that went away (or None when
    only added). Returns how many stakeholders changed."""
    if not changes:
        return 0
    ids = sorted(changes)
    latest = latest_attended(session, ids)
    changed = 0
    for chunk in _chunks(ids):
        people = session.scalars(
            sa.select(Stakeholder).where(Stakeholder.id.in_(chunk)).options(
                load_only(Stakeholder.id, Stakeholder.district_id, Stakeholder.name,
                          Stakeholder.version, Stakeholder.last_contact_at),
                lazyload("*"))).all()
        for s in people:
            new = rules.next_last_contact(s.last_contact_at, latest.get(s.id), changes[s.id])
            if new != s.last_contact_at:
                s.last_contact_at = new
                changed += 1
    session.flush()
    return changed


def meetings_this_term(session: Session, stakeholder_ids: list[int] | None,
                       today: date) -> dict[int, int]:
    """How many interactions each stakeholder attended this school term, up to today.

    None counts for everyone in the district; stakeholders with none are left out.
    """
    query = (sa.select(P.stakeholder_id, sa.func.count(P.id))
             .where(P.attended.is_(True), P.occurred_on >= rules.term_start(today),
                    P.occurred_on <= today)
             .group_by(P.stakeholder_id))
    if stakeholder_ids is None:
        return dict(session.execute(query).all())
    counts: dict[int, int] = {}
    for chunk in _chunks(sorted(set(stakeholder_ids)), 30_000):
        counts.update(session.execute(query.where(P.stakeholder_id.in_(chunk))).all())
    return counts
