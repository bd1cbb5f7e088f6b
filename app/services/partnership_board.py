"""Reading partnerships for the pipeline board, a stage's list, the profile panel and the
stage history: plain columns, a few queries per page whatever the number of cards."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from app.domain import pipeline
from app.domain.ids import parse_id
from app.domain.vocab import PARTNERSHIP_TYPES
from app.models import (
    Commitment,
    Partnership,
    PartnershipStageChange,
    Pathway,
    Stakeholder,
    User,
)
from app.models.partnership import partnership_contacts

PER_STAGE = 50
TYPES = {value for value, _ in PARTNERSHIP_TYPES}


@dataclass(frozen=True)
class BoardFilter:
    """The board's filters (all in the URL): type, pathway id and lead user id."""

    type: str = ""
    pathway: int | None = None
    lead: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.type or self.pathway or self.lead)

    def to_args(self) -> dict:
        return {k: v for k, v in (("type", self.type), ("pathway", self.pathway),
                                  ("lead", self.lead)) if v}


def parse_filter(args: Mapping[str, str]) -> BoardFilter:
    """A filter from the query string; unknown values are ignored."""
    kind = args.get("type", "")
    return BoardFilter(kind if kind in TYPES else "", parse_id(args.get("pathway")),
                       parse_id(args.get("lead")))


@dataclass(frozen=True)
class Card:
    """A partnership as the board shows it."""

    id: int
    version: int
    title: str
    type: str
    stage: str
    organisation_id: int
    organisation_name: str
    pathway_name: str
    lead_name: str
    contacts: int
    commitments: str
    days: int

    @property
    def days_label(self) -> str:
        return pipeline.days_label(self.days)

    @property
    def moves(self) -> tuple[str | None, str | None]:
        return pipeline.neighbours(self.stage)

    @property
    def allowed(self) -> tuple[str, ...]:
        return pipeline.allowed_moves(self.stage)


_ORGANISATION = aliased(Stakeholder, name="organisation")  # built once: ~1 ms per call


def _select(f: BoardFilter) -> sa.Select:
    org = _ORGANISATION
    statement = (
        sa.select(Partnership.id, Partnership.version, Partnership.title, Partnership.type,
                  Partnership.stage, Partnership.stage_changed_at, Partnership.organisation_id,
                  org.name.label("organisation_name"), Pathway.name.label("pathway_name"),
                  User.name.label("lead_name"))
        .join(org, org.id == Partnership.organisation_id)
        .outerjoin(Pathway, Pathway.id == Partnership.pathway_id)
        .outerjoin(User, User.id == Partnership.lead_id)
    )
    return _filtered(statement, f)


def _filtered(statement: sa.Select, f: BoardFilter) -> sa.Select:
    if f.type:
        statement = statement.where(Partnership.type == f.type)
    if f.pathway:
        statement = statement.where(Partnership.pathway_id == f.pathway)
    if f.lead:
        statement = statement.where(Partnership.lead_id == f.lead)
    return statement


def _ordered(statement: sa.Select) -> sa.Select:
    return statement.order_by(Partnership.stage_changed_at.desc(), Partnership.id.desc())


def _cards(session: Session, rows: list[sa.Row], now: datetime) -> list[Card]:
    """Rows as cards, with contact counts and commitments in two grouped queries."""
    ids = [r.id for r in rows]
    contacts: dict[int, int] = {}
    commitments: dict[int, list[tuple[int | None, str]]] = defaultdict(list)
    if ids:
        contacts = dict(session.execute(
            sa.select(partnership_contacts.c.partnership_id, sa.func.count())
            .where(partnership_contacts.c.partnership_id.in_(ids))
            .group_by(partnership_contacts.c.partnership_id)).tuples().all())
        for pid, quantity, description in session.execute(
                sa.select(Commitment.partnership_id, Commitment.quantity, Commitment.description)
                .where(Commitment.partnership_id.in_(ids)).order_by(Commitment.id)):
            commitments[pid].append((quantity, description))
    return [Card(r.id, r.version, r.title, r.type, r.stage, r.organisation_id,
                 r.organisation_name, r.pathway_name or "", r.lead_name or "",
                 contacts.get(r.id, 0), pipeline.commitments_summary(commitments[r.id]),
                 pipeline.days_in_stage(r.stage_changed_at, now)) for r in rows]


@dataclass(frozen=True)
class Board:
    columns: dict[str, list[Card]]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ids(self) -> set[int]:
        """The partnerships shown (the first `per_stage` of each stage)."""
        return {c.id for cards in self.columns.values() for c in cards}


def counts(session: Session, f: BoardFilter = BoardFilter()) -> dict[str, int]:
    """Partnerships per stage (every stage, in pipeline order)."""
    rows = session.execute(_filtered(
        sa.select(Partnership.stage, sa.func.count()).group_by(Partnership.stage), f))
    return pipeline.stage_counts(dict(rows.tuples().all()))


def board(session: Session, f: BoardFilter, now: datetime, per_stage: int = PER_STAGE) -> Board:
    """The first `per_stage` cards of each stage (most recently moved first) and counts."""
    by_stage = counts(session, f)
    rows = []
    for stage, n in by_stage.items():
        if n:
            rows += session.execute(_ordered(_select(f).where(Partnership.stage == stage))
                                    .limit(per_stage)).all()
    return Board(pipeline.group_by_stage(_cards(session, rows, now), lambda c: c.stage), by_stage)


def stage_page(session: Session, f: BoardFilter, stage: str, page: int, now: datetime,
               size: int = PER_STAGE) -> tuple[list[Card], int]:
    """One page of a stage's cards and the stage's total."""
    total = counts(session, f)[stage]
    rows = session.execute(_ordered(_select(f).where(Partnership.stage == stage))
                           .limit(size).offset((page - 1) * size)).all()
    return _cards(session, rows, now), total


def card(session: Session, partnership_id: int, now: datetime) -> Card | None:
    rows = session.execute(_select(BoardFilter()).where(Partnership.id == partnership_id)).all()
    cards = _cards(session, rows, now)
    return cards[0] if cards else None


def history(session: Session, partnership_id: int) -> list[sa.Row]:
    """The stage history, newest first: from, to, note, when, who."""
    return session.execute(
        sa.select(PartnershipStageChange.from_stage, PartnershipStageChange.to_stage,
                  PartnershipStageChange.note, PartnershipStageChange.changed_at,
                  User.name.label("by_name"))
        .outerjoin(User, User.id == PartnershipStageChange.changed_by_id)
        .where(PartnershipStageChange.partnership_id == partnership_id)
        .order_by(PartnershipStageChange.changed_at.desc(),
                  PartnershipStageChange.id.desc())).all()


PANEL_LIMIT = 20


def of_organisation(session: Session, organisation_id: int) -> list[sa.Row]:
    """An organisation's partnerships for its profile: id, title, stage, type, lead."""
    return session.execute(
        sa.select(Partnership.id, Partnership.title, Partnership.stage, Partnership.type,
                  User.name.label("lead_name"))
        .outerjoin(User, User.id == Partnership.lead_id)
        .where(Partnership.organisation_id == organisation_id)
        .order_by(Partnership.stage_changed_at.desc(), Partnership.id.desc())
        .limit(PANEL_LIMIT)).all()


def as_contact(session: Session, person_id: int) -> list[sa.Row]:
    """Partnerships a person is a contact for: id, title, stage, type, organisation."""
    org = _ORGANISATION
    return session.execute(
        sa.select(Partnership.id, Partnership.title, Partnership.stage, Partnership.type,
                  org.name.label("organisation_name"))
        .join(partnership_contacts, partnership_contacts.c.partnership_id == Partnership.id)
        .join(org, org.id == Partnership.organisation_id)
        .where(partnership_contacts.c.stakeholder_id == person_id)
        .order_by(Partnership.stage_changed_at.desc(), Partnership.id.desc())
        .limit(PANEL_LIMIT)).all()
