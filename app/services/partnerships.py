"""Partnership use cases: create, edit, move between stages (with the history), delete,
commitments and partner contacts; the district's pathways and members."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import matching, pipeline
from app.domain.vocab import role_at_least
from app.models import (
    Affiliation,
    Commitment,
    Membership,
    Partnership,
    PartnershipStageChange,
    Pathway,
    Stakeholder,
    User,
)
from app.models._types import utcnow
from app.models.partnership import partnership_contacts


class MoveRefused(ValueError):
    """A stage move the pipeline's rules do not allow (the message says why)."""


class StalePartnership(Exception):
    """The partnership changed since the user loaded it (someone else saved first)."""


@dataclass(frozen=True)
class Fields:
    """A partnership's editable fields, as a form gives them."""

    organisation_id: int
    title: str
    type: str
    stage: str
    pathway_id: int | None
    lead_id: int | None
    start_on: date | None
    end_on: date | None
    notes: str


def organisation_problem(s: Stakeholder | None) -> str | None:
    """Why `s` cannot be a partner organisation (None when it can)."""
    if s is None:
        return "Choose an organisation from the register."
    if s.kind != "organisation":
        return (f"{s.name} is a person, not an organisation. Choose the organisation they "
                "work for; add them as a partner contact afterwards.")
    return None


def ensure_current(p: Partnership, seen_version: int | None) -> None:
    """Refuse a change based on an older version than the one saved now."""
    if seen_version is not None and seen_version != p.version:
        raise StalePartnership()


def _record_move(session: Session, p: Partnership, to_stage: str, by_user_id: int | None,
                 note: str = "", from_stage: str = "") -> None:
    now = utcnow()
    session.add(PartnershipStageChange(partnership_id=p.id, from_stage=from_stage,
                                       to_stage=to_stage, changed_by_id=by_user_id,
                                       changed_at=now, note=note.strip()[:300]))
    p.stage = to_stage
    p.stage_changed_at = now


def create(session: Session, fields: Fields, by_user_id: int | None,
           note: str = "") -> Partnership:
    """A new partnership; its first stage is recorded in the history."""
    now = utcnow()
    p = Partnership(organisation_id=fields.organisation_id, title=fields.title.strip(),
                    type=fields.type, stage=fields.stage, pathway_id=fields.pathway_id,
                    lead_id=fields.lead_id, start_on=fields.start_on, end_on=fields.end_on,
                    notes=fields.notes.strip(), stage_changed_at=now)
    session.add(p)
    session.flush()
    session.add(PartnershipStageChange(partnership_id=p.id, from_stage="",
                                       to_stage=fields.stage, changed_by_id=by_user_id,
                                       changed_at=now, note=note.strip()[:300]))
    return p


def update(session: Session, p: Partnership, fields: Fields, by_user_id: int | None) -> None:
    """Save edited fields; a new stage is a move (checked and recorded)."""
    if fields.stage != p.stage:
        problem = pipeline.move_problem(p.stage, fields.stage)
        if problem:
            raise MoveRefused(problem)
    with session.no_autoflush:  # one UPDATE, one version step
        for key in ("organisation_id", "type", "pathway_id", "lead_id", "start_on", "end_on"):
            setattr(p, key, getattr(fields, key))
        p.title = fields.title.strip()
        p.notes = fields.notes.strip()
        if fields.stage != p.stage:
            _record_move(session, p, fields.stage, by_user_id, from_stage=p.stage)


def move(session: Session, p: Partnership, to_stage: str, by_user_id: int | None,
         note: str = "") -> None:
    """Move to another stage (MoveRefused when the rules say no), recorded with who and
    when; flushing bumps the version, so a concurrent move fails with StaleDataError."""
    problem = pipeline.move_problem(p.stage, to_stage)
    if problem:
        raise MoveRefused(problem)
    _record_move(session, p, to_stage, by_user_id, note, from_stage=p.stage)
    session.flush()


def open_prospect(session: Session, org: Stakeholder, pathway: Pathway | None,
                  by_user_id: int | None) -> Partnership:
    """A prospect partnership for a suggested organisation (and pathway)."""
    title = f"{pathway.name} partnership" if pathway else "New partnership"
    fields = Fields(org.id, title, "work_based_learning", "prospect",
                    pathway.id if pathway else None, None, None, None, "")
    return create(session, fields, by_user_id, note="Opened from suggested partners")


def open_partnership_of(session: Session, organisation_id: int) -> Partnership | None:
    """The organisation's partnership in prospect, exploring or active, if any."""
    return session.scalar(
        sa.select(Partnership)
        .where(Partnership.organisation_id == organisation_id,
               Partnership.stage.in_(pipeline.OPEN_STAGES))
        .order_by(Partnership.id).limit(1))


# ---------------------------------------------------------------- commitments, contacts


def add_commitment(session: Session, p: Partnership, quantity: int | None,
                   description: str) -> Commitment:
    c = Commitment(partnership_id=p.id, quantity=quantity,
                   description=" ".join(description.split())[:200])
    session.add(c)
    return c


def contacts(session: Session, p: Partnership) -> list[sa.Row]:
    """The partnership's contacts: id, name, kind."""
    return session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.kind)
        .join(partnership_contacts, partnership_contacts.c.stakeholder_id == Stakeholder.id)
        .where(partnership_contacts.c.partnership_id == p.id)
        .order_by(Stakeholder.name_key, Stakeholder.id)).all()


def add_contact(p: Partnership, person: Stakeholder) -> bool:
    """Add a contact (False when already one); audited as a change of the partnership."""
    if any(c.id == person.id for c in p.contacts):
        return False
    p.contacts.append(person)
    return True


def remove_contact(p: Partnership, stakeholder_id: int) -> bool:
    kept = [c for c in p.contacts if c.id != stakeholder_id]
    if len(kept) == len(p.contacts):
        return False
    p.contacts = kept
    return True


def suggested_contacts(session: Session, p: Partnership, limit: int = 10) -> list[sa.Row]:
    """People affiliated with the organisation who are not contacts yet: id, name, title."""
    already = sa.select(partnership_contacts.c.stakeholder_id) \
        .where(partnership_contacts.c.partnership_id == p.id)
    return session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Affiliation.title)
        .join(Affiliation, Affiliation.person_id == Stakeholder.id)
        .where(Affiliation.organisation_id == p.organisation_id,
               Stakeholder.id.not_in(already))
        .order_by(Stakeholder.name_key, Stakeholder.id).limit(limit)).all()


# ---------------------------------------------------------------- pathways, members


def pathways(session: Session) -> list[Pathway]:
    return list(session.scalars(sa.select(Pathway).order_by(Pathway.kind, Pathway.name)))


def pathway_choices(session: Session) -> list[tuple[int, str]]:
    return [tuple(r) for r in session.execute(
        sa.select(Pathway.id, Pathway.name).order_by(Pathway.name))]


def pathway_name_taken(session: Session, name: str, except_id: int | None = None) -> bool:
    statement = sa.select(Pathway.id, Pathway.name)
    key = " ".join(matching.words(name))
    return any(" ".join(matching.words(n)) == key and i != except_id
               for i, n in session.execute(statement))


def members(session: Session, district_id: int) -> list[tuple[int, str]]:
    """The district's enabled users (the board's lead filter), by name."""
    return [(i, name) for i, name, _role in _members_with_roles(session, district_id)]


def _members_with_roles(session: Session, district_id: int) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in session.execute(
        sa.select(User.id, User.name, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == district_id, User.is_enabled.is_(True))
        .order_by(User.name, User.id))]


@dataclass(frozen=True)
class LeadChoices:
    """Who a partnership's lead can be: `offered` (id, label) and, for members who cannot
    lead, why not (by id), so a form naming one says so."""

    offered: list[tuple[int, str]]
    refused: dict[int, str]


def lead_choices(session: Session, district_id: int, current: User | None = None
                 ) -> LeadChoices:
    """The district's editors and admins: a viewer can change nothing on a partnership, so
    cannot lead one. `current`, the lead saved now, stays offered (marked) when they no
    longer qualify, so saving the form unchanged does not silently drop them."""
    offered: list[tuple[int, str]] = []
    refused: dict[int, str] = {}
    roles: dict[int, str] = {}
    for user_id, name, role in _members_with_roles(session, district_id):
        roles[user_id] = role
        if role_at_least(role, "editor"):
            offered.append((user_id, name))
        else:
            refused[user_id] = (f"{name} is a viewer in this district and cannot act on "
                                "partnerships. Choose an editor or admin as the lead.")
    if current is not None and current.id not in dict(offered):
        refused.pop(current.id, None)
        offered.append((current.id, f"{current.name} (viewer: cannot act on it)"
                        if current.id in roles else f"{current.name} (no longer a member)"))
    return LeadChoices(offered, refused)
