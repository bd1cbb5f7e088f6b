"""The champion finder's ranking: candidates of a pool ranked by score for one set of
weights, kept per process (one per district, for its saved weights).

Scores are kept per weights and day. A request then only filters and slices the cached
ranking, and explains the rows it shows. When the pool was patched after a few edits,
the ranking is patched too: the changed stakeholders are taken out and re-inserted.
"""

import bisect
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from app.domain import champions as domain
from app.services.champion_pool import Pool, _build_pool, _patch_pool

AUDIENCES_KEPT = 16
DISTRICTS_KEPT = 8


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


def cached_ranking(session: Session, district_id: int, token: tuple,
                   weights: domain.Weights, today: date) -> Ranking:
    """The district's kept ranking when it is still for this token, weights and day;
    otherwise refreshed (patched or rebuilt) and kept."""
    cached = _rankings.get(district_id)
    if cached is not None and cached.pool.token == token and cached.weights == weights \
            and cached.today == today:
        return cached
    with _build_lock(district_id):  # one thread builds; the others then reuse it
        cached = _rankings.get(district_id)
        if cached is not None and cached.pool.token == token and cached.weights == weights \
                and cached.today == today:
            return cached
        ranking = _refresh(session, cached, token, weights, today)
        with _lock:
            _rankings[district_id] = ranking
            _rankings.move_to_end(district_id)
            while len(_rankings) > DISTRICTS_KEPT:
                _rankings.popitem(last=False)
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
