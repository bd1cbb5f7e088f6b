"""Coverage use cases: seats at the decision-making table, the coverage picture, and the
best champions who could reach each gap.

Speed at 100,000 stakeholders: the community of every group, school and language is
counted by three GROUP BY queries; seats are few and read as plain columns. Champions
per gap come from the champion finder's cached ranking (app.services.champions), walked
in rank order: for each chunk of engaged candidates one grouped query per dimension
finds which gaps their relationships reach, until every gap has its best three. The
report is kept per process, keyed by the district's last audited change, the last
network result and the day, with a short time limit as a safety net for label changes
that write no audit row.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app.domain import champions as champ
from app.domain import coverage as domain
from app.domain.vocab import GROUPS
from app.models import (
    AuditEvent,
    Relationship,
    School,
    Stakeholder,
    StakeholderLanguage,
    TableSeat,
)
from app.models.stakeholder import stakeholder_schools
from app.services import champions as champion_svc
from app.services import network

BODY_LABELS = dict(domain.BODIES)
SEATS_SHOWN = 500  # per body on the table page; seats are naturally a few dozen
MAX_SCHOOLS = 500
MAX_LANGUAGES = 200
CHAMPIONS_PER_GAP = 3
WALK_FIRST = 25  # engaged candidates in the first chunk, in rank order; doubles after
WALK_MAX = 5000  # candidates walked before falling back to one query per open gap
FALLBACK_GAPS = 30  # gaps that may get their own query after the walk
CACHE_TTL = 120.0  # seconds
DISTRICTS_KEPT = 8


class DuplicateSeat(Exception):
    """The stakeholder already holds a seat on that body."""

    def __init__(self, seat: TableSeat):
        super().__init__(seat.id)
        self.seat = seat


# ---------------------------------------------------------------- seats


def seat_on(session: Session, stakeholder_id: int, body: str) -> TableSeat | None:
    """The stakeholder's seat on a body, if any."""
    return session.scalar(sa.select(TableSeat).where(TableSeat.stakeholder_id == stakeholder_id,
                                                     TableSeat.body == body))


def add_seat(session: Session, stakeholder: Stakeholder, body: str, role: str,
             since: datetime | None) -> TableSeat:
    """Seat a stakeholder on a body; raises DuplicateSeat when they already sit there."""
    existing = seat_on(session, stakeholder.id, body)
    if existing is not None:
        raise DuplicateSeat(existing)
    seat = TableSeat(stakeholder_id=stakeholder.id, body=body, role=role.strip() or "Member",
                     since=since)
    seat.stakeholder = stakeholder
    session.add(seat)
    try:
        session.flush()
    except IntegrityError:  # someone seated them a moment ago: the same answer
        session.rollback()
        existing = seat_on(session, stakeholder.id, body)
        if existing is None:
            raise
        raise DuplicateSeat(existing) from None
    return seat


def update_seat(seat: TableSeat, role: str, since: datetime | None) -> None:
    """Change a seat's role and since date (audited as a TableSeat update)."""
    seat.role = role.strip() or "Member"
    seat.since = since


def seats_by_body(session: Session) -> dict[str, list[TableSeat]]:
    """Each body's seats, chair-like roles first, then by name (stakeholders loaded)."""
    seats = session.scalars(
        sa.select(TableSeat).join(Stakeholder, Stakeholder.id == TableSeat.stakeholder_id)
        .options(joinedload(TableSeat.stakeholder))
        .order_by(TableSeat.body, _role_order(), Stakeholder.name_key, TableSeat.id)
    ).all()
    out: dict[str, list[TableSeat]] = {body: [] for body in domain.BODY_KEYS}
    for seat in seats:
        bucket = out.setdefault(seat.body, [])
        if len(bucket) < SEATS_SHOWN:
            bucket.append(seat)
    return out


def seat_counts(session: Session) -> dict[str, int]:
    """How many seats each body has."""
    rows = session.execute(sa.select(TableSeat.body, sa.func.count(TableSeat.id))
                           .group_by(TableSeat.body)).all()
    return {body: 0 for body in domain.BODY_KEYS} | {body: n for body, n in rows}


def seats_of(session: Session, stakeholder_id: int) -> list[TableSeat]:
    """One stakeholder's seats, in body order."""
    seats = session.scalars(sa.select(TableSeat)
                            .where(TableSeat.stakeholder_id == stakeholder_id)).all()
    order = {body: i for i, body in enumerate(domain.BODY_KEYS)}
    return sorted(seats, key=lambda s: (order.get(s.body, 99), s.id))


def _role_order() -> sa.ColumnElement[int]:
    lowered = sa.func.lower(TableSeat.role)
    return sa.case((lowered == "chair", 0), (lowered.like("%chair%"), 1), else_=2)


# ---------------------------------------------------------------- the coverage report


@dataclass(frozen=True)
class Report:
    """The coverage picture and each gap's best champions, as of `now`."""

    token: tuple
    built_at: float  # time.monotonic()
    now: datetime
    coverage: domain.Coverage
    champions: dict[domain.SegmentKey, tuple[champ.Suggestion, ...]]
    unresolved: frozenset[domain.SegmentKey]  # gaps whose champions were not all looked for
    seated: frozenset[int]
    capped: dict[str, bool]
    largest: dict[str, int]  # the biggest mapped community per dimension (bar scale)
    seconds: float


_reports: "OrderedDict[int, Report]" = OrderedDict()
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached report (tests, benchmarks)."""
    with _lock:
        _reports.clear()


def _now() -> datetime:
    return datetime.now(UTC)


def data_token(session: Session, district_id: int, today: date) -> tuple:
    """What a report depends on: the district's last audited change (seats, ratings,
    relationships, weights...), the last network result and the day."""
    last_change = session.scalar(sa.select(sa.func.max(AuditEvent.id)))
    job = network.latest_result(session)
    return (district_id, last_change, job.id if job else None, today)


def report(session: Session, district_id: int) -> Report:
    """The district's coverage report, from this process's cache when nothing changed."""
    now = _now()
    token = data_token(session, district_id, now.date())
    cached = _reports.get(district_id)
    if cached is not None and cached.token == token \
            and time.monotonic() - cached.built_at < CACHE_TTL:
        return cached
    built = build_report(session, district_id, token, now)
    with _lock:
        _reports[district_id] = built
        _reports.move_to_end(district_id)
        while len(_reports) > DISTRICTS_KEPT:
            _reports.popitem(last=False)
    return built


def build_report(session: Session, district_id: int, token: tuple, now: datetime) -> Report:
    """Count, compare and find champions (no cache)."""
    started = time.perf_counter()
    community, languages = _community(session)
    schools, schools_capped = _schools(session)
    languages_capped = len(languages) > MAX_LANGUAGES
    segments = [
        *(domain.Segment("group", value, text) for value, text in GROUPS),
        *(domain.Segment("school", sid, name) for sid, name in schools),
        *(domain.Segment("language", lang, lang) for lang in languages[:MAX_LANGUAGES]),
    ]
    holders = _seat_holders(session)
    coverage = domain.compute_coverage(segments, community, holders, now)
    champions, unresolved = gap_champions(session, district_id, coverage) \
        if coverage.anyone_seated else ({}, frozenset())
    largest = {dim: max((r.community.total for r in rows), default=0)
               for dim, rows in coverage.rows.items()}
    return Report(token, time.monotonic(), now, coverage, champions, unresolved,
                  frozenset(h.stakeholder_id for h in holders),
                  {"school": schools_capped, "language": languages_capped}, largest,
                  time.perf_counter() - started)


def _tally_columns(*keys) -> tuple:
    engaged = sa.func.sum(sa.case(
        (Stakeholder.engagement_current.in_(sorted(domain.ENGAGED_LEVELS)), 1), else_=0))
    return (*keys, sa.func.count(Stakeholder.id), engaged,
            sa.func.max(Stakeholder.last_contact_at))


def _community(session: Session) -> tuple[dict[domain.SegmentKey, domain.Community], list[str]]:
    """Each segment's mapped, engaged and last contact: three GROUP BY queries."""
    out: dict[domain.SegmentKey, domain.Community] = {}
    for group, total, engaged, last in session.execute(
            sa.select(*_tally_columns(Stakeholder.group)).group_by(Stakeholder.group)):
        out[("group", group)] = domain.Community(total, int(engaged or 0), last)
    for school_id, total, engaged, last in session.execute(
            sa.select(*_tally_columns(stakeholder_schools.c.school_id))
            .select_from(Stakeholder)
            .join(stakeholder_schools, stakeholder_schools.c.stakeholder_id == Stakeholder.id)
            .group_by(stakeholder_schools.c.school_id)):
        out[("school", school_id)] = domain.Community(total, int(engaged or 0), last)
    languages = []
    for language, total, engaged, last in session.execute(
            sa.select(*_tally_columns(StakeholderLanguage.language))
            .select_from(Stakeholder)
            .join(StakeholderLanguage, StakeholderLanguage.stakeholder_id == Stakeholder.id)
            .group_by(StakeholderLanguage.language)):
        out[("language", language)] = domain.Community(total, int(engaged or 0), last)
        languages.append(language)
    languages.sort(key=lambda lang: (-out[("language", lang)].total, lang.lower()))
    return out, languages


def _schools(session: Session) -> tuple[list[tuple[int, str]], bool]:
    rows = session.execute(sa.select(School.id, School.name).order_by(School.name, School.id)
                           .limit(MAX_SCHOOLS + 1)).all()
    return [(r.id, r.name) for r in rows[:MAX_SCHOOLS]], len(rows) > MAX_SCHOOLS


def _seat_holders(session: Session) -> list[domain.SeatHolder]:
    """Every seat with its holder's group, schools and languages (plain columns)."""
    seats = session.execute(
        sa.select(TableSeat.stakeholder_id, TableSeat.body, Stakeholder.group)
        .join(Stakeholder, Stakeholder.id == TableSeat.stakeholder_id)).all()
    if not seats:
        return []
    seated = sa.select(TableSeat.stakeholder_id)
    schools: dict[int, set[int]] = {}
    for sid, school_id in session.execute(
            sa.select(stakeholder_schools.c.stakeholder_id, stakeholder_schools.c.school_id)
            .where(stakeholder_schools.c.stakeholder_id.in_(seated))):
        schools.setdefault(sid, set()).add(school_id)
    languages: dict[int, set[str]] = {}
    for sid, language in session.execute(
            sa.select(StakeholderLanguage.stakeholder_id, StakeholderLanguage.language)
            .where(StakeholderLanguage.stakeholder_id.in_(seated))):
        languages.setdefault(sid, set()).add(language)
    return [domain.SeatHolder(sid, body, group, frozenset(schools.get(sid, ())),
                              frozenset(languages.get(sid, ()))) for sid, body, group in seats]


# ---------------------------------------------------------------- champions per gap


def gap_champions(session: Session, district_id: int, coverage: domain.Coverage
                  ) -> tuple[dict[domain.SegmentKey, tuple[champ.Suggestion, ...]],
                             frozenset[domain.SegmentKey]]:
    """The best few supportive or leading champions whose relationships reach each gap,
    ranked by the district's champion score (missing groups: the groups with no seat),
    and the gaps left unresolved (more than FALLBACK_GAPS needed their own query)."""
    gaps = {row.segment.id: row.segment for row in coverage.gaps()}
    if not gaps:
        return {}, frozenset()
    ranking = champion_svc.current_ranking(session, district_id)
    engaged = _engaged_order(ranking, coverage.missing_groups)
    found: dict[domain.SegmentKey, list[tuple[champ.Candidate, int]]] = {k: [] for k in gaps}
    open_gaps = set(gaps)
    walked, size = 0, WALK_FIRST
    while open_gaps and walked < WALK_MAX:
        chunk = list(islice(engaged, min(size, WALK_MAX - walked)))
        if not chunk:
            break
        reach = _reach(session, [c.id for c in chunk], open_gaps)
        for c in chunk:
            for key, ties in reach.get(c.id, {}).items():
                if key in open_gaps:
                    found[key].append((c, ties))
                    if len(found[key]) >= CHAMPIONS_PER_GAP:
                        open_gaps.discard(key)
        walked += len(chunk)
        size *= 2  # most gaps fill from the first few; the rest need a wider net
    unresolved: frozenset[domain.SegmentKey] = frozenset()
    if open_gaps:
        rest = list(engaged)  # everyone beyond the walk, in rank order
        if rest:
            unresolved = _fallback(session, rest, gaps, open_gaps, found)
    out = {}
    for key, pairs in found.items():
        segment = gaps[key]
        candidates = [replace(c, audience_reach=_reach_text(segment, c, ties))
                      for c, ties in pairs]
        out[key] = tuple(champ.rank_champions(candidates, ranking.weights,
                                              coverage.missing_groups, ranking.today,
                                              limit=CHAMPIONS_PER_GAP))
    return out, unresolved


def _engaged_order(ranking: champion_svc.Ranking,
                   missing_groups: Sequence[str]) -> Iterator[champ.Candidate]:
    """Supportive and leading candidates in score order for these missing groups (the
    cached order when the champion finder counts the same groups as missing)."""
    if tuple(ranking.pool.missing_groups) == tuple(missing_groups):
        pairs: Iterable = ranking.order
    else:
        pool = ranking.pool
        eligible = (c for c in pool.candidates.values()
                    if c.id not in pool.not_a_fit and c.engagement in domain.ENGAGED_LEVELS)
        pairs = (p for p in champ.score_candidates(eligible, ranking.weights, missing_groups,
                                                   ranking.today) if p[0] > 0)
    return (c for _, c in pairs if c.engagement in domain.ENGAGED_LEVELS)


def _edges(ids: Sequence[int]) -> sa.Subquery:
    """(cand, other) for every relationship of the given stakeholders, both directions."""
    return sa.union_all(
        sa.select(Relationship.source_id.label("cand"), Relationship.target_id.label("other"))
        .where(Relationship.source_id.in_(ids)),
        sa.select(Relationship.target_id, Relationship.source_id)
        .where(Relationship.target_id.in_(ids)),
    ).subquery("edges")


def _reach(session: Session, ids: Sequence[int], open_gaps: set[domain.SegmentKey]
           ) -> dict[int, dict[domain.SegmentKey, int]]:
    """candidate id -> {open gap: ties to its members}, one grouped query per dimension.

    The other end is joined by its primary key and the gaps are picked out here: a
    "school IN (...)" in SQL made SQLite probe every gap school for every tie.
    """
    dims = {dim for dim, _ in open_gaps}
    out: dict[int, dict[domain.SegmentKey, int]] = {}
    for dim in ("group", "school", "language"):
        if dim not in dims:
            continue
        edges = _edges(ids)
        if dim == "group":
            column, join = Stakeholder.group, (Stakeholder, Stakeholder.id == edges.c.other)
        elif dim == "school":
            column = stakeholder_schools.c.school_id
            join = (stakeholder_schools, stakeholder_schools.c.stakeholder_id == edges.c.other)
        else:
            column = StakeholderLanguage.language
            join = (StakeholderLanguage, StakeholderLanguage.stakeholder_id == edges.c.other)
        rows = session.execute(sa.select(edges.c.cand, column, sa.func.count())
                               .select_from(edges).join(*join).group_by(edges.c.cand, column))
        for cand, key, ties in rows:
            if (dim, key) in open_gaps:
                out.setdefault(cand, {})[(dim, key)] = ties
    return out


def _members(key: domain.SegmentKey) -> sa.Select:
    dim, value = key
    if dim == "group":
        return sa.select(Stakeholder.id).where(Stakeholder.group == value)
    if dim == "school":
        return sa.select(stakeholder_schools.c.stakeholder_id) \
            .where(stakeholder_schools.c.school_id == value)
    return sa.select(StakeholderLanguage.stakeholder_id) \
        .where(StakeholderLanguage.language == value)


def _fallback(session: Session, rest: list[champ.Candidate], gaps: dict, open_gaps: set,
              found: dict) -> frozenset[domain.SegmentKey]:
    """Gaps the walk left short: one grouped query each over their members' ties
    (capped), keeping the best-ranked of the candidates not walked yet. Returns the
    gaps beyond the cap, whose lists may be incomplete."""
    position = {c.id: i for i, c in enumerate(rest)}
    todo = sorted(open_gaps, key=lambda k: (str(k[0]), gaps[k].label.lower()))
    for key in todo[:FALLBACK_GAPS]:
        ties: dict[int, int] = {}
        members = _members(key)
        for near, far in ((Relationship.source_id, Relationship.target_id),
                          (Relationship.target_id, Relationship.source_id)):
            for other, n in session.execute(sa.select(far, sa.func.count())
                                            .where(near.in_(members)).group_by(far)):
                if other in position:
                    ties[other] = ties.get(other, 0) + n
        best = sorted(ties, key=position.__getitem__)
        need = CHAMPIONS_PER_GAP - len(found[key])
        found[key].extend((rest[position[i]], ties[i]) for i in best[:need])
    return frozenset(todo[FALLBACK_GAPS:])


def _reach_text(segment: domain.Segment, c: champ.Candidate, ties: int) -> str:
    """What the champion reaches, after "reaches ...": "2 parents/families"."""
    if segment.dimension == "group":
        words = champ.audience_label(group=str(segment.key), count=ties)
        return f"{ties} {words}" + (" (and is one)" if c.group == segment.key else "")
    if segment.dimension == "school":
        return f"{ties} {champ.audience_label(school=segment.label, count=ties)}"
    return f"{ties} {champ.audience_label(language=segment.label, count=ties)}"
