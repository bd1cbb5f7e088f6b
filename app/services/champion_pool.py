"""The champion finder's candidate pool: the district's plausible candidates read as
plain data, the token that says when they are stale, and patching them after edits.

Speed at 100,000 stakeholders: the pool is read with ONE query of plain columns
(stakeholders joined to the current metrics generation, champion profiles and table
seats), restricted to plausible candidates (POOL_RULE in app.services.champions), and
keyed by a data token (district, last network result, when the network last changed,
the last audited change to anything the ranking reads). After a few edits (not a fit,
answers, ratings) the pool is patched for the stakeholders named in the audit log since,
instead of rebuilt.
"""

import gc
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import champions as domain
from app.domain.engagement import term_start
from app.domain.vocab import GROUPS
from app.models import (
    AuditEvent,
    ChampionProfile,
    District,
    InteractionParticipant,
    Stakeholder,
    StakeholderMetrics,
    TableSeat,
)
from app.services import clock, network
from app.services.engagement import meetings_this_term
from app.tenancy import district_epoch

QUESTION_KEYS = tuple(key for key, _ in domain.QUESTIONS)
# Audited record types whose changes move the ranking or an audience's reach.
RANKING_RECORDS = ("Stakeholder", "ChampionProfile", "TableSeat", "StakeholderLanguage",
                   "Relationship", "School", "InteractionParticipant")
PATCH_MAX_EVENTS = 500  # more audited changes than this since the last build: rebuild
PATCH_LOOKBACK = 50
FREEZE_FROM = 20_000  # candidates; see _settle_memory
NOT_A_GROUP_TO_MISS = frozenset({"other"})


@dataclass(frozen=True)
class Pool:
    """The district's plausible candidates as plain data, and what the score needs."""

    token: tuple
    candidates: dict[int, domain.Candidate]
    not_a_fit: frozenset[int]
    seated: frozenset[int]
    missing_groups: tuple[str, ...]
    missing_rule: str  # "table": nobody seated from the group; "engaged": no supporter
    seconds: float
    patched: bool = False


def data_token(session: Session, district_id: int) -> tuple:
    """What the cached pool depends on: (district, last network result, when the network
    last changed, last audited change to a record the ranking reads). Three indexed
    lookups; max(Stakeholder.updated_at) would scan the district (30 ms at 100,000)."""
    job = network.latest_result(session)
    changed_at = session.scalar(sa.select(District.network_changed_at)
                                .where(District.id == district_id))
    last_change = session.scalar(
        sa.select(AuditEvent.id).where(AuditEvent.record_type.in_(RANKING_RECORDS))
        .order_by(AuditEvent.id.desc()).limit(1)
    )
    # The term start: "met N times this term" starts again from zero in a new term. The
    # job id stays second (token[1]: the metrics the pool reads); the epoch comes last.
    return (district_id, job.id if job else None, changed_at, last_change,
            term_start(clock.today(session)), district_epoch())


def _candidate_select(job_id: int | None) -> sa.Select:
    """Plain columns for Candidate objects: one row per stakeholder, no ORM objects."""
    if job_id is None:
        metric_cols = (sa.literal(0.0).label("brokerage_pct"),
                       sa.literal(0.0).label("pagerank_pct"),
                       sa.literal("").label("groups_reached"))
    else:
        metric_cols = (StakeholderMetrics.brokerage_pct, StakeholderMetrics.pagerank_pct,
                       StakeholderMetrics.groups_reached)
    seated = sa.exists().where(TableSeat.stakeholder_id == Stakeholder.id,
                               TableSeat.district_id == Stakeholder.district_id)
    statement = sa.select(
        Stakeholder.id, Stakeholder.name, Stakeholder.kind, Stakeholder.group,
        Stakeholder.influence, Stakeholder.interest, Stakeholder.engagement_current,
        Stakeholder.last_contact_at, *metric_cols,
        ChampionProfile.respected, ChampionProfile.passionate, ChampionProfile.connected,
        ChampionProfile.available, ChampionProfile.not_a_fit, seated.label("seated"),
    ).select_from(Stakeholder)
    if job_id is not None:
        statement = statement.outerjoin(StakeholderMetrics, sa.and_(
            StakeholderMetrics.stakeholder_id == Stakeholder.id,
            StakeholderMetrics.job_id == job_id))
    return statement.outerjoin(ChampionProfile, ChampionProfile.stakeholder_id == Stakeholder.id)


def _plausible() -> sa.ColumnElement[bool]:
    said_yes = sa.select(ChampionProfile.stakeholder_id).where(sa.or_(
        *(getattr(ChampionProfile, key).is_(True) for key in QUESTION_KEYS)))
    return sa.or_(Stakeholder.engagement_current.in_(("supportive", "leading")),
                  Stakeholder.influence >= 4, Stakeholder.id.in_(said_yes))


class _Interner:
    """Share equal frozensets and answer mappings among thousands of candidates."""

    def __init__(self) -> None:
        self.groups: dict[str, frozenset[str]] = {}
        self.answers: dict[tuple, Mapping[str, bool | None]] = {}

    def candidate(self, row, met: int = 0) -> domain.Candidate:
        reached = self.groups.get(row.groups_reached)
        if reached is None:
            reached = frozenset(g for g in (row.groups_reached or "").split(",") if g)
            self.groups[row.groups_reached] = reached
        key = (row.respected, row.passionate, row.connected, row.available)
        answers = self.answers.get(key)
        if answers is None:
            answers = MappingProxyType(dict(zip(QUESTION_KEYS, key, strict=True)))
            self.answers[key] = answers
        return domain.Candidate(
            id=row.id, name=row.name, kind=row.kind, group=row.group,
            influence=row.influence, interest=row.interest, engagement=row.engagement_current,
            brokerage_pct=row.brokerage_pct or 0.0, pagerank_pct=row.pagerank_pct or 0.0,
            groups_reached=reached,
            last_contact=row.last_contact_at.date() if row.last_contact_at else None,
            contacts_recent=met, answers=answers,
        )


def _settle_memory(pool: Pool) -> None:
    """After building a large pool, move it (and everything else alive) out of the
    garbage collector's view: a full collection otherwise rescans ~250,000 long-lived
    objects at 100,000 stakeholders (~200 ms), a random pause in later requests.
    Candidates hold no reference cycles, so an old pool is still freed when replaced."""
    if len(pool.candidates) >= FREEZE_FROM:
        gc.collect()
        gc.freeze()


def _build_pool(session: Session, token: tuple) -> Pool:
    started = time.perf_counter()
    interner = _Interner()
    candidates: dict[int, domain.Candidate] = {}
    not_a_fit: set[int] = set()
    seated: set[int] = set()
    met = meetings_this_term(session, None, clock.today(session))
    for row in session.execute(_candidate_select(token[1]).where(_plausible())):
        candidates[row.id] = interner.candidate(row, met.get(row.id, 0))
        if row.not_a_fit:
            not_a_fit.add(row.id)
        if row.seated:
            seated.add(row.id)
    missing, rule = missing_groups(session)
    pool = Pool(token, candidates, frozenset(not_a_fit), frozenset(seated), missing, rule,
                time.perf_counter() - started)
    _settle_memory(pool)
    return pool


def _is_plausible(c: domain.Candidate) -> bool:
    """The pool's rule in Python (the same as _plausible in SQL)."""
    return c.engagement in ("supportive", "leading") or c.influence >= 4 \
        or any(v is True for v in c.answers.values())


def _patch_pool(session: Session, pool: Pool, token: tuple) -> tuple[Pool, set[int]] | None:
    """The pool updated for the stakeholders named by audited changes since it was built,
    or None when a rebuild is needed (a new network result, unaudited bulk writes, many
    edits)."""
    old, new = pool.token, token
    # A new network result changes everyone's metrics: rebuild. A network change with
    # no audited change since (a bulk load) is not explained by events: rebuild too.
    if old[:2] != new[:2] or old[3] is None or new[3] is None or new[3] <= old[3] \
            or old[4:] != new[4:]:  # a new term: everyone's meetings start again from 0
        return None
    started = time.perf_counter()
    # Re-read a few already applied events too: on PostgreSQL ids may commit out of order.
    events = session.execute(
        sa.select(AuditEvent.record_type, AuditEvent.record_id)
        .where(AuditEvent.id > old[3] - PATCH_LOOKBACK, AuditEvent.id <= new[3],
               AuditEvent.record_type.in_(RANKING_RECORDS))
        .order_by(AuditEvent.id).limit(PATCH_MAX_EVENTS + 1)
    ).all()
    if len(events) > PATCH_MAX_EVENTS:
        return None
    changed = {rid for kind, rid in events if kind == "Stakeholder" and rid is not None}
    profiles = {rid for kind, rid in events if kind == "ChampionProfile" and rid is not None}
    if profiles:
        changed |= set(session.scalars(sa.select(ChampionProfile.stakeholder_id)
                                       .where(ChampionProfile.id.in_(profiles))))
    attended = {rid for kind, rid in events if kind == "InteractionParticipant" and rid}
    if attended:  # logged or edited interactions: their participants' counts change
        changed |= set(session.scalars(sa.select(InteractionParticipant.stakeholder_id)
                                       .where(InteractionParticipant.id.in_(attended))))
    candidates = {i: c for i, c in pool.candidates.items() if i not in changed}
    not_a_fit, seated = set(pool.not_a_fit - changed), set(pool.seated - changed)
    interner = _Interner()
    if changed:
        met = meetings_this_term(session, sorted(changed), clock.today(session))
        for row in session.execute(_candidate_select(token[1])
                                   .where(Stakeholder.id.in_(sorted(changed)))):
            c = interner.candidate(row, met.get(row.id, 0))
            if not _is_plausible(c):
                continue
            candidates[c.id] = c
            if row.not_a_fit:
                not_a_fit.add(c.id)
            if row.seated:
                seated.add(c.id)
    if any(kind == "TableSeat" for kind, _ in events):
        seats = set(session.scalars(sa.select(TableSeat.stakeholder_id)))
        seated = {i for i in candidates if i in seats}
    missing, rule = missing_groups(session)
    pool = Pool(token, candidates, frozenset(not_a_fit), frozenset(seated), missing, rule,
                time.perf_counter() - started, patched=True)
    return pool, changed


def missing_groups(session: Session) -> tuple[tuple[str, ...], str]:
    """Groups the district still lacks, and which definition applied ("table"/"engaged").

    With anyone seated at the table: groups with nobody seated. Before that: groups with
    no supportive or leading stakeholder. "Other" is never counted as missing.
    """
    seated_groups = set(session.scalars(
        sa.select(Stakeholder.group).join(TableSeat, TableSeat.stakeholder_id == Stakeholder.id)
        .distinct()))
    if seated_groups:
        present, rule = seated_groups, "table"
    else:
        present = set(session.scalars(
            sa.select(Stakeholder.group)
            .where(Stakeholder.engagement_current.in_(("supportive", "leading"))).distinct()))
        rule = "engaged"
    missing = tuple(g for g, _ in GROUPS if g not in present and g not in NOT_A_GROUP_TO_MISS)
    return missing, rule


def single_candidate(session: Session, stakeholder_id: int) -> tuple[domain.Candidate, bool]:
    """One stakeholder as a Candidate (in the pool or not) and whether they are seated."""
    job = network.latest_result(session)
    row = session.execute(_candidate_select(job.id if job else None)
                          .where(Stakeholder.id == stakeholder_id)).one()
    return _Interner().candidate(row), bool(row.seated)
