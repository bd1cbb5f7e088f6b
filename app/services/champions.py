"""Champion finder use cases: the candidate pool, the ranking, audience reach, weights,
the champion questions and "not a fit".

Speed at 100,000 stakeholders: the candidate pool is read with ONE query of plain
columns (stakeholders joined to the current metrics generation, champion profiles and
table seats), restricted to plausible candidates (POOL_RULE), and kept per process,
keyed by a data token (district, last network result, when the network last changed,
the last audited change to anything the ranking reads). Scores are kept per weights and
day. A request then only filters and slices the cached ranking, and explains the rows
it shows. After a few edits (not a fit, answers, ratings) the cached pool and ranking
are patched for the stakeholders named in the audit log since, instead of rebuilt.
Audience reach ("who can reach Spanish-speaking parents at Northwood") is one grouped
query per direction over relationships, cached per audience and ranking.
"""

import bisect
import gc
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
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
    NetworkJob,
    Relationship,
    School,
    Stakeholder,
    StakeholderLanguage,
    StakeholderMetrics,
    TableSeat,
)
from app.models.stakeholder import stakeholder_schools
from app.services import district_settings, network
from app.services.engagement import meetings_this_term

WEIGHTS_KEY = "champion_weights"
POOL_RULE = ("supportive or leading (PMBOK engagement level), influence 4 or 5, or a "
             "\u201cyes\u201d to any champion question")
QUESTION_KEYS = tuple(key for key, _ in domain.QUESTIONS)
# Audited record types whose changes move the ranking or an audience's reach.
RANKING_RECORDS = ("Stakeholder", "ChampionProfile", "TableSeat", "StakeholderLanguage",
                   "Relationship", "School", "InteractionParticipant")
AUDIENCE_TTL = 600.0  # seconds; a safety net for label changes that write no audit row
AUDIENCES_KEPT = 16
DISTRICTS_KEPT = 8
PATCH_MAX_EVENTS = 500  # more audited changes than this since the last build: rebuild
PATCH_LOOKBACK = 50
FREEZE_FROM = 20_000  # candidates; see _settle_memory
NOT_A_GROUP_TO_MISS = frozenset({"other"})
ChampionFilter = domain.ChampionFilter
parse_filter = domain.parse_champion_filter
SHORT_LABELS = domain.COMPONENT_SHORT_LABELS
COMPONENT_HELP = domain.COMPONENT_HELP


# ---------------------------------------------------------------- the pool and ranking


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


@dataclass
class Ranking:
    """Candidates ranked by score for one set of weights (score > 0, not "not a fit").

    `ids` and `kinds` run parallel to `order`: filtering and finding a rank scan those
    plain lists (C speed) instead of 50,000 candidate objects.
    """

    pool: Pool
    weights: domain.Weights
    today: date
    order: list[tuple[float, domain.Candidate]]
    seconds: float
    ids: list[int] = field(default_factory=list, repr=False)
    kinds: list[str] = field(default_factory=list, repr=False)
    # Per-ranking caches: audience reach by audience, matching positions by filter.
    audiences: OrderedDict = field(default_factory=OrderedDict, repr=False)
    matches: OrderedDict = field(default_factory=OrderedDict, repr=False)

    def __post_init__(self) -> None:
        if not self.ids and self.order:
            self.ids = [c.id for _, c in self.order]
            self.kinds = [c.kind for _, c in self.order]

    def position(self, stakeholder_id: int) -> int | None:
        """1-based rank in the whole ranking, or None when not ranked."""
        try:
            return self.ids.index(stakeholder_id) + 1
        except ValueError:
            return None

    def would_rank(self, score: float) -> int:
        """Where a score would place (1-based) among the ranked candidates."""
        lo, hi = 0, len(self.order)
        while lo < hi:  # order is by descending score
            mid = (lo + hi) // 2
            if self.order[mid][0] >= score:
                lo = mid + 1
            else:
                hi = mid
        return lo + 1

    def explain(self, c: domain.Candidate) -> domain.Suggestion:
        return domain.explain(c, self.weights, self.pool.missing_groups, self.today)


_rankings: "OrderedDict[int, Ranking]" = OrderedDict()  # district id -> saved-weights ranking
_lock = threading.Lock()
_build_locks: dict[int, threading.Lock] = {}


def _build_lock(district_id: int) -> threading.Lock:
    with _lock:
        return _build_locks.setdefault(district_id, threading.Lock())


def clear_cache() -> None:
    """Forget every cached pool and ranking (tests, benchmarks)."""
    with _lock:
        _rankings.clear()


def _today() -> date:
    return datetime.now(UTC).date()


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
    # The term start: "met N times this term" starts again from zero in a new term.
    return (district_id, job.id if job else None, changed_at, last_change,
            term_start(_today()))


def current_ranking(session: Session, district_id: int,
                    weights: domain.Weights | None = None) -> Ranking:
    """The district's ranking for its saved weights (or a preview for `weights`).

    From this process's cache when nothing changed; after a few audited edits the cached
    pool and ranking are patched for the stakeholders concerned; otherwise rebuilt.
    """
    token = data_token(session, district_id)
    saved = current_weights(session)
    today = _today()
    cached = _rankings.get(district_id)
    if cached is not None and cached.pool.token == token and cached.weights == saved \
            and cached.today == today:
        ranking = cached
    else:
        with _build_lock(district_id):  # one thread builds; the others then reuse it
            cached = _rankings.get(district_id)
            if cached is not None and cached.pool.token == token and cached.weights == saved \
                    and cached.today == today:
                ranking = cached
            else:
                ranking = _refresh(session, cached, token, saved, today)
                with _lock:
                    _rankings[district_id] = ranking
                    _rankings.move_to_end(district_id)
                    while len(_rankings) > DISTRICTS_KEPT:
                        _rankings.popitem(last=False)
    if weights is not None and weights != saved:
        return _rank(ranking.pool, weights, today)  # a preview is not kept
    return ranking


def _refresh(session: Session, cached: Ranking | None, token: tuple, weights: domain.Weights,
             today: date) -> Ranking:
    if cached is None:
        return _rank(_build_pool(session, token), weights, today)
    if cached.pool.token == token:
        return _rank(cached.pool, weights, today)
    patched = _patch_pool(session, cached.pool, token)
    if patched is None:
        return _rank(_build_pool(session, token), weights, today)
    pool, changed = patched
    if (cached.weights, cached.today, cached.pool.missing_groups) != \
            (weights, today, pool.missing_groups):
        return _rank(pool, weights, today)
    return _patch_ranking(cached, pool, changed)


def _rank(pool: Pool, weights: domain.Weights, today: date) -> Ranking:
    started = time.perf_counter()
    eligible = (c for c in pool.candidates.values() if c.id not in pool.not_a_fit)
    scored = domain.score_candidates(eligible, weights, pool.missing_groups, today)
    order = [pair for pair in scored if pair[0] > 0]
    return Ranking(pool, weights, today, order, time.perf_counter() - started)


def _patch_ranking(old: Ranking, pool: Pool, changed: set[int]) -> Ranking:
    """The old ranking with the changed stakeholders taken out and re-inserted."""
    started = time.perf_counter()
    order, ids, kinds = list(old.order), list(old.ids), list(old.kinds)
    for stakeholder_id in changed:
        try:
            i = ids.index(stakeholder_id)
        except ValueError:
            continue
        del order[i], ids[i], kinds[i]
    fresh = [pool.candidates[i] for i in changed
             if i in pool.candidates and i not in pool.not_a_fit]
    key = lambda pair: domain.rank_key(*pair)  # noqa: E731
    for score, c in domain.score_candidates(fresh, old.weights, pool.missing_groups, old.today):
        if score > 0:
            i = bisect.bisect(order, key((score, c)), key=key)
            order.insert(i, (score, c))
            ids.insert(i, c.id)
            kinds.insert(i, c.kind)
    return Ranking(pool, old.weights, old.today, order, time.perf_counter() - started,
                   ids=ids, kinds=kinds)


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
    met = meetings_this_term(session, None, _today())
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
        met = meetings_this_term(session, sorted(changed), _today())
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


# ---------------------------------------------------------------- audiences


@dataclass(frozen=True)
class Audience:
    """Stakeholders matching a group, school and language (any may be empty)."""

    group: str = ""
    school_id: int | None = None
    school_name: str = ""
    language: str = ""

    @property
    def label(self) -> str:
        return domain.audience_label(self.group, self.school_name, self.language)

    def reach_text(self, ties: int, is_member: bool) -> str:
        return domain.audience_reach_text(ties, is_member, self.group, self.school_name,
                                     self.language)


def audience_for(session: Session, f: ChampionFilter) -> Audience | None:
    """The audience a filter names (a school of another district is ignored)."""
    if not f.has_audience:
        return None
    school = session.get(School, f.audience_school) if f.audience_school else None
    audience = Audience(f.audience_group, school.id if school else None,
                        school.name if school else "", f.audience_language)
    return audience if (audience.group or audience.school_id or audience.language) else None


def _audience_ids(audience: Audience) -> sa.Select:
    statement = sa.select(Stakeholder.id)
    if audience.group:
        statement = statement.where(Stakeholder.group == audience.group)
    if audience.school_id:
        statement = statement.where(Stakeholder.id.in_(
            sa.select(stakeholder_schools.c.stakeholder_id)
            .where(stakeholder_schools.c.school_id == audience.school_id)))
    if audience.language:
        statement = statement.where(Stakeholder.id.in_(
            sa.select(StakeholderLanguage.stakeholder_id)
            .where(StakeholderLanguage.language == audience.language)))
    return statement


def audience_reach(session: Session, ranking: Ranking,
                   audience: Audience) -> dict[int, tuple[int, bool]]:
    """Ranked candidates who reach the audience: id -> (ties to its members, is a member).

    Ties are counted by two grouped queries over relationships (each pair is stored
    once, so a count is a count of distinct audience members); cached per audience.
    """
    key = (audience.group, audience.school_id, audience.language)
    cached = ranking.audiences.get(key)
    if cached is not None and time.monotonic() - cached[0] < AUDIENCE_TTL:
        return cached[1]
    members = _audience_ids(audience)
    plausible = sa.select(Stakeholder.id).where(_plausible())  # fewer rows to read back
    candidates = ranking.pool.candidates
    ties: dict[int, int] = {}
    for near, far in ((Relationship.source_id, Relationship.target_id),
                      (Relationship.target_id, Relationship.source_id)):
        rows = session.execute(sa.select(far, sa.func.count())
                               .where(near.in_(members), far.in_(plausible)).group_by(far))
        for other, n in rows.tuples():
            if other in candidates:
                ties[other] = ties.get(other, 0) + n
    member_ids = {i for i in session.scalars(members.where(_plausible())) if i in candidates}
    reach = {i: (ties.get(i, 0), i in member_ids) for i in ties.keys() | member_ids}
    with _lock:
        ranking.audiences[key] = (time.monotonic(), reach)
        while len(ranking.audiences) > AUDIENCES_KEPT:
            ranking.audiences.popitem(last=False)
    return reach


# ---------------------------------------------------------------- a page of suggestions


@dataclass(frozen=True)
class Row:
    """One suggestion as shown: rank in the whole ranking, seated, figures."""

    rank: int
    suggestion: domain.Suggestion
    seated: bool
    figures: dict[str, str]


@dataclass(frozen=True)
class Results:
    ranking: Ranking
    audience: Audience | None
    total: int
    rows: list[Row]


def suggestions(session: Session, district_id: int, f: ChampionFilter, offset: int,
                limit: int) -> Results:
    """One page of ranked suggestions for a filter, each explained."""
    ranking = current_ranking(session, district_id)
    audience = audience_for(session, f)
    reach = audience_reach(session, ranking, audience) if audience else None
    seated = ranking.pool.seated
    matches = _matches(ranking, f, audience, reach)
    rows = []
    for i in matches[offset:offset + limit]:
        c = ranking.order[i][1]
        if reach is not None:
            c = replace(c, audience_reach=audience.reach_text(*reach[c.id]))
        rows.append(Row(i + 1, ranking.explain(c), c.id in seated,
                        domain.component_figures(c, ranking.pool.missing_groups,
                                                 ranking.today)))
    return Results(ranking, audience, len(matches), rows)


def _matches(ranking: Ranking, f: ChampionFilter, audience: Audience | None,
             reach: dict | None) -> range | list[int]:
    """Positions (0-based) in the ranking that a filter keeps; cached per ranking, so
    "show more" and repeated requests don't scan the ranking again."""
    if f.is_empty:
        return range(len(ranking.order))
    key = (f.kind, f.exclude_seated, audience)
    cached = ranking.matches.get(key)
    if cached is not None and cached[0] is reach:
        return cached[1]
    ids = ranking.ids
    keep: range | list[int] = range(len(ids))
    if f.kind:
        kinds = ranking.kinds
        keep = [i for i in keep if kinds[i] == f.kind]
    if f.exclude_seated:
        seated = ranking.pool.seated
        keep = [i for i in keep if ids[i] not in seated]
    if reach is not None:
        keep = [i for i in keep if ids[i] in reach]
    keep = list(keep)
    with _lock:
        ranking.matches[key] = (reach, keep)
        while len(ranking.matches) > AUDIENCES_KEPT:
            ranking.matches.popitem(last=False)
    return keep


def row_for(session: Session, district_id: int, stakeholder_id: int) -> Row | None:
    """One ranked suggestion as a row (e.g. to re-show it with a form error)."""
    ranking = current_ranking(session, district_id)
    position = ranking.position(stakeholder_id)
    if position is None:
        return None
    c = ranking.order[position - 1][1]
    return Row(position, ranking.explain(c), c.id in ranking.pool.seated,
               domain.component_figures(c, ranking.pool.missing_groups, ranking.today))


@dataclass(frozen=True)
class PanelView:
    """A stakeholder's place in the champion finder, for their profile."""

    suggestion: domain.Suggestion
    figures: dict[str, str]
    status: str  # ranked | not_a_fit | outside_pool | no_score
    rank: int | None
    would_rank: int
    total: int
    seated: bool
    missing_groups: tuple[str, ...]


def panel_view(session: Session, district_id: int, stakeholder_id: int) -> PanelView:
    """Score, rank (or why not ranked) and reasons of one stakeholder."""
    ranking = current_ranking(session, district_id)
    position = ranking.position(stakeholder_id)
    if position is not None:
        c, seated = ranking.order[position - 1][1], stakeholder_id in ranking.pool.seated
        status = "ranked"
    else:
        c, seated = single_candidate(session, stakeholder_id)
        if stakeholder_id in ranking.pool.not_a_fit:
            status = "not_a_fit"
        elif not _is_plausible(c):
            status = "outside_pool"
        else:
            status = "no_score"
    suggestion = ranking.explain(c)
    return PanelView(suggestion, domain.component_figures(c, ranking.pool.missing_groups,
                                                          ranking.today),
                     status, position, ranking.would_rank(suggestion.score), len(ranking.order),
                     seated, ranking.pool.missing_groups)


def single_candidate(session: Session, stakeholder_id: int) -> tuple[domain.Candidate, bool]:
    """One stakeholder as a Candidate (in the pool or not) and whether they are seated."""
    job = network.latest_result(session)
    row = session.execute(_candidate_select(job.id if job else None)
                          .where(Stakeholder.id == stakeholder_id)).one()
    return _Interner().candidate(row), bool(row.seated)


def network_status(session: Session) -> tuple[NetworkJob | None, NetworkJob | None]:
    """The last finished network computation and any queued or running one."""
    return network.latest_result(session), network.pending_job(session)


# ---------------------------------------------------------------- weights


def current_weights(session: Session) -> domain.Weights:
    """The district's champion weights (defaults when none are saved)."""
    return domain.Weights.from_mapping(district_settings.read(session, WEIGHTS_KEY))


def save_weights(session: Session, weights: domain.Weights) -> None:
    """Store the district's weights (audited as a DistrictSetting change)."""
    district_settings.save(session, WEIGHTS_KEY, weights.as_dict())


def reset_weights(session: Session) -> None:
    """Go back to the default weights (the stored setting is deleted, audited)."""
    district_settings.reset(session, WEIGHTS_KEY)


def profile_of(session: Session, stakeholder_id: int) -> ChampionProfile | None:
    return session.scalar(sa.select(ChampionProfile)
                          .where(ChampionProfile.stakeholder_id == stakeholder_id))


def _profile(session: Session, stakeholder: Stakeholder) -> ChampionProfile:
    profile = profile_of(session, stakeholder.id)
    if profile is None:
        profile = ChampionProfile(stakeholder_id=stakeholder.id, not_a_fit=False,
                                  not_a_fit_reason="")
        session.add(profile)
    return profile


def save_answers(session: Session, stakeholder: Stakeholder,
                 answers: Mapping[str, bool | None], by_user_id: int | None) -> ChampionProfile:
    """Record the champion questions (True yes, False no, None not asked)."""
    profile = _profile(session, stakeholder)
    for key in QUESTION_KEYS:
        setattr(profile, key, answers.get(key))
    profile.updated_by_id = by_user_id
    return profile


def mark_not_a_fit(session: Session, stakeholder: Stakeholder, reason: str,
                   by_user_id: int | None) -> ChampionProfile:
    """Take a stakeholder out of the suggestions, remembering why."""
    profile = _profile(session, stakeholder)
    profile.not_a_fit = True
    profile.not_a_fit_reason = reason.strip()[:300]
    profile.updated_by_id = by_user_id
    return profile


def restore(session: Session, stakeholder: Stakeholder, by_user_id: int | None) -> None:
    """Bring a "not a fit" stakeholder back into the suggestions (the reason stays in
    the audit log)."""
    profile = profile_of(session, stakeholder.id)
    if profile is not None and profile.not_a_fit:
        profile.not_a_fit = False
        profile.not_a_fit_reason = ""
        profile.updated_by_id = by_user_id
