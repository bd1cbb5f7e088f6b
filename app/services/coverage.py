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

Seats live in coverage_seats, the community counts in coverage_counts and the reach of
each candidate in coverage_reach; callers import them all from here.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import champions as champ
from app.domain import coverage as domain
from app.domain.vocab import GROUPS
from app.models import AuditEvent
from app.services import champions as champion_svc
from app.services import coverage_counts as counts
from app.services import coverage_reach as gap_reach
from app.services import network
from app.services.coverage_counts import MAX_SCHOOLS
from app.services.coverage_seats import (
    BODY_LABELS,
    SEATS_SHOWN,
    DuplicateSeat,
    add_seat,
    seat_counts,
    seat_on,
    seats_by_body,
    seats_of,
    update_seat,
)
from app.tenancy import district_epoch

__all__ = [  # the seats live in coverage_seats; callers import them from here
    "BODY_LABELS", "MAX_SCHOOLS", "SEATS_SHOWN", "DuplicateSeat", "Report", "add_seat",
    "build_report", "clear_cache", "data_token", "gap_champions", "report", "seat_counts",
    "seat_on", "seats_by_body", "seats_of", "update_seat",
]

MAX_LANGUAGES = 200
CHAMPIONS_PER_GAP = 3
WALK_FIRST = 25  # engaged candidates in the first chunk, in rank order; doubles after
WALK_MAX = 5000  # candidates walked before falling back to one query per open gap
FALLBACK_GAPS = 30  # gaps that may get their own query after the walk
CACHE_TTL = 120.0  # seconds
DISTRICTS_KEPT = 8


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
    return (district_id, district_epoch(), last_change, job.id if job else None, today)


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
    community, languages = counts.community(session)
    schools, schools_capped = counts.schools_listed(session)
    languages_capped = len(languages) > MAX_LANGUAGES
    segments = [
        *(domain.Segment("group", value, text) for value, text in GROUPS),
        *(domain.Segment("school", sid, name) for sid, name in schools),
        *(domain.Segment("language", lang, lang) for lang in languages[:MAX_LANGUAGES]),
    ]
    holders = counts.seat_holders(session)
    coverage = domain.compute_coverage(segments, community, holders, now)
    champions, unresolved = gap_champions(session, district_id, coverage) \
        if coverage.anyone_seated else ({}, frozenset())
    largest = {dim: max((r.community.total for r in rows), default=0)
               for dim, rows in coverage.rows.items()}
    return Report(token, time.monotonic(), now, coverage, champions, unresolved,
                  frozenset(h.stakeholder_id for h in holders),
                  {"school": schools_capped, "language": languages_capped}, largest,
                  time.perf_counter() - started)


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
        reached = gap_reach.reach(session, [c.id for c in chunk], open_gaps)
        for c in chunk:
            for key, ties in reached.get(c.id, {}).items():
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
            unresolved = gap_reach.fallback(session, rest, gaps, open_gaps, found,
                                            max_gaps=FALLBACK_GAPS, per_gap=CHAMPIONS_PER_GAP)
    out = {}
    for key, pairs in found.items():
        segment = gaps[key]
        candidates = [replace(c, audience_reach=gap_reach.reach_text(segment, c, ties))
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

