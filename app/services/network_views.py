"""What the network pages show: neighbourhoods, a filtered set's graph, a stakeholder's
network position, and warm introduction paths (district scoping is automatic).

Queries load plain columns, never ORM objects for whole tables: a neighbourhood reads the
ties of the centre (and of its direct ties for two steps) through the relationship
indexes; introductions use the cached whole-district IntroGraph.
"""

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.filters import StakeholderFilter
from app.domain.intro_paths import MAX_HOPS, IntroGraph, tie_cost
from app.models import District, NetworkJob, Relationship, Stakeholder, StakeholderMetrics
from app.services import network
from app.services.stakeholder_query import count, filtered

INTRODUCER_LEVELS = ("supportive", "leading")
INTRODUCER_GROUP = "district_staff"
MAX_INTRO_PATHS = 5
# Up to this many matches, a filtered graph reads them all and ranks them in Python.
SMALL_SET = 5_000
_CHUNK = 900  # ids per IN list: well under every database's bind-parameter limit


@dataclass(frozen=True)
class Node:
    """A stakeholder drawn in a graph, with how it ties to the centre (neighbourhoods)."""

    id: int
    name: str
    kind: str
    group: str
    influence: int
    engagement: str
    step: int = 0  # 0 centre (or a member of a set), 1 direct tie, 2 tie of a tie
    cost: int = 0  # tie costs (4 - strength) along the best path from the centre
    via: int | None = None  # for step 2: the direct tie in between
    pagerank_pct: float | None = None

    @property
    def leader(self) -> str | None:
        """'top 4%' or 'lower half' by PageRank; None when not computed or at the bottom."""
        return rank_words(self.pagerank_pct, self.pagerank_pct)


@dataclass(frozen=True)
class Edge:
    """A relationship drawn between two shown stakeholders."""

    id: int
    source: int
    target: int
    strength: int
    type: str


@dataclass(frozen=True)
class Slice:
    """Part of the network to draw: the first `cap` (or fewer) nodes of `total`."""

    nodes: list[Node]
    edges: list[Edge]
    total: int
    cap: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.nodes)

    def node(self, node_id: int) -> Node | None:
        return self._by_id.get(node_id)

    def ties_shown(self, node_id: int) -> int:
        return self._degree.get(node_id, 0)

    def edge_between(self, a: int, b: int) -> Edge | None:
        return self._edges.get((min(a, b), max(a, b)))

    @cached_property
    def _by_id(self) -> dict[int, Node]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def _edges(self) -> dict[tuple[int, int], Edge]:
        return {(min(e.source, e.target), max(e.source, e.target)): e for e in self.edges}

    @cached_property
    def _degree(self) -> dict[int, int]:
        degree: dict[int, int] = {}
        for e in self.edges:
            degree[e.source] = degree.get(e.source, 0) + 1
            degree[e.target] = degree.get(e.target, 0) + 1
        return degree


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _ties_touching(session: Session, ids: Iterable[int]) -> list[tuple[int, int, int, int]]:
    """(relationship id, source, target, strength) of every tie of the given people.

    Two indexed lookups per chunk (by source, by target) rather than an OR over both.
    """
    found: dict[int, tuple[int, int, int, int]] = {}
    columns = (
        Relationship.id,
        Relationship.source_id,
        Relationship.target_id,
        Relationship.strength,
    )
    ordered = sorted(set(ids))
    for chunk in _chunks(ordered):
        for column in (Relationship.source_id, Relationship.target_id):
            for row in session.execute(sa.select(*columns).where(column.in_(chunk))):
                found[row[0]] = tuple(row)
    return list(found.values())


_NODE_COLUMNS = (  # in Node's field order
    Stakeholder.id,
    Stakeholder.name,
    Stakeholder.kind,
    Stakeholder.group,
    Stakeholder.influence,
    Stakeholder.engagement_current,
)


def _rows_by_id(session: Session, ids: Iterable[int], *columns) -> dict[int, sa.Row]:
    """Stakeholder columns (the first must be the id) for the given ids, by id."""
    rows: dict[int, sa.Row] = {}
    for chunk in _chunks(sorted(set(ids))):
        statement = sa.select(*columns).where(Stakeholder.id.in_(chunk))
        rows |= {r[0]: r for r in session.execute(statement)}
    return rows


def _edges_among(session: Session, ids: Sequence[int]) -> list[Edge]:
    """Every relationship with both ends among `ids` (at most a few hundred ids)."""
    if len(ids) < 2:
        return []
    rows = session.execute(
        sa.select(
            Relationship.id,
            Relationship.source_id,
            Relationship.target_id,
            Relationship.strength,
            Relationship.type,
        )
        .where(Relationship.source_id.in_(ids), Relationship.target_id.in_(ids))
        .order_by(Relationship.id)
    )
    return [Edge(*r) for r in rows]


def _reach(session: Session, centre_id: int) -> int:
    """How many people are within two ties of the centre, the centre included: counted
    in the database (a well-connected person's ties of ties run to tens of thousands)."""
    near = sa.union_all(
        sa.select(Relationship.target_id).where(Relationship.source_id == centre_id),
        sa.select(Relationship.source_id).where(Relationship.target_id == centre_id),
    ).subquery()
    reach = sa.union(
        sa.select(Relationship.target_id).where(Relationship.source_id.in_(sa.select(near))),
        sa.select(Relationship.source_id).where(Relationship.target_id.in_(sa.select(near))),
        sa.select(near),
    ).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(reach)) or 1


def _kth_cost(best: dict[int, tuple[int, int, int | None]], k: int) -> float:
    """The k-th lowest cost found so far (an upper bound of the final one), or infinity."""
    if len(best) < k:
        return math.inf
    return sorted(cost for cost, _step, _via in best.values())[k - 1]


def neighbourhood(session: Session, centre_id: int, steps: int, cap: int) -> Slice:
    """The centre and the people within 1 or 2 ties of it, at most `cap` in all.

    When there are more, the strongest ties win: a person's cost is the sum of tie costs
    (4 - strength) on their best path from the centre; then direct ties before ties of
    ties, higher influence, lower id. Ties of ties are read only through direct ties
    cheap enough to matter (strong ties first), so a hub costs no more than anyone.
    """
    best: dict[int, tuple[int, int, int | None]] = {}  # id -> (cost, step, via)
    for _rid, a, b, strength in _ties_touching(session, [centre_id]):
        best[b if a == centre_id else a] = (tie_cost(strength), 1, None)
    total = len(best) + 1
    if steps >= 2 and best:
        total = _reach(session, centre_id)
        direct = dict(best)
        for tier in sorted({cost for cost, _step, _via in direct.values()}):
            if tier + 1 > _kth_cost(best, cap - 1):
                break  # anyone reached through this tier ranks below cap - 1 others
            through = [i for i, (cost, _s, _v) in direct.items() if cost == tier]
            for _rid, a, b, strength in _ties_touching(session, through):
                for near, far in ((a, b), (b, a)):
                    if near not in direct or far == centre_id or far in direct:
                        continue
                    candidate = (direct[near][0] + tie_cost(strength), 2, near)
                    current = best.get(far)
                    if current is None or (candidate[0], candidate[2]) < (current[0], current[2]):
                        best[far] = candidate
    chosen = sorted(best, key=lambda i: (best[i][0], best[i][1], i))
    if len(chosen) > cap - 1:
        # Influence breaks ties only among those level with the last place.
        edge = best[chosen[cap - 2]][:2] if cap > 1 else (-1, -1)
        level = [i for i in chosen if best[i][:2] == edge]
        influence = _rows_by_id(session, level, Stakeholder.id, Stakeholder.influence)
        chosen.sort(key=lambda i: (*best[i][:2], -influence[i][1] if i in influence else 0, i))
        chosen = chosen[: cap - 1]
    ids = [centre_id, *chosen]
    rows = _rows_by_id(session, ids, *_NODE_COLUMNS)
    nodes = []
    for i in ids:
        row = rows.get(i)
        if row is None:  # removed since the ties were read
            continue
        cost, step, via = best.get(i, (0, 0, None))
        nodes.append(Node(*row, step=step, cost=cost, via=via))
    return Slice(
        nodes=nodes, edges=_edges_among(session, [n.id for n in nodes]), total=total, cap=cap
    )


def _pagerank_pct(session: Session, job_id: int, ids: Sequence[int]) -> dict[int, float]:
    result: dict[int, float] = {}
    for chunk in _chunks(sorted(ids)):
        result |= dict(
            session.execute(
                sa.select(StakeholderMetrics.stakeholder_id, StakeholderMetrics.pagerank_pct).where(
                    StakeholderMetrics.job_id == job_id,
                    StakeholderMetrics.stakeholder_id.in_(chunk),
                )
            ).all()
        )
    return result


def stakeholder_set(session: Session, f: StakeholderFilter, cap: int) -> Slice:
    """The stakeholders matching a filter and the ties among them, at most `cap`.

    Ranked by PageRank from the last network computation (network leaders first), then
    those not computed yet by influence. A narrow filter (few matches) reads the matches
    and ranks them here; a broad one walks the PageRank index until `cap` match.
    """
    dialect = session.get_bind().dialect.name
    total = count(session, f)
    job = network.latest_result(session)
    if total <= SMALL_SET:
        rows = session.execute(filtered(f, dialect, *_NODE_COLUMNS)).all()
        pct = {} if job is None else _pagerank_pct(session, job.id, [r.id for r in rows])
        rows.sort(key=lambda r: (-pct.get(r.id, -1.0), -r.influence, r.id))
        nodes = [Node(*r, pagerank_pct=pct.get(r.id)) for r in rows[:cap]]
    else:
        rows = []
        if job is not None:
            rows = session.execute(
                filtered(f, dialect, *_NODE_COLUMNS, StakeholderMetrics.pagerank_pct)
                .join(
                    StakeholderMetrics,
                    sa.and_(
                        StakeholderMetrics.stakeholder_id == Stakeholder.id,
                        StakeholderMetrics.job_id == job.id,
                    ),
                )
                .order_by(StakeholderMetrics.pagerank_pct.desc(), Stakeholder.id)
                .limit(cap)
            ).all()
        if len(rows) < cap:  # not computed yet (new district, or people added since)
            rest = filtered(f, dialect, *_NODE_COLUMNS, sa.null().label("pagerank_pct"))
            if job is not None:
                rest = rest.where(
                    ~sa.exists().where(
                        StakeholderMetrics.job_id == job.id,
                        StakeholderMetrics.stakeholder_id == Stakeholder.id,
                    )
                )
            order = (Stakeholder.influence.desc(), Stakeholder.name_key, Stakeholder.id)
            rows += session.execute(rest.order_by(*order).limit(cap - len(rows))).all()
        nodes = [Node(*r[:-1], pagerank_pct=r.pagerank_pct) for r in rows]
    return Slice(
        nodes=nodes, edges=_edges_among(session, [n.id for n in nodes]), total=total, cap=cap
    )


# ---------------------------------------------------------------- metrics panel


def top_share(percentile: float | None, score: float | None) -> int | None:
    """'Top N%' from a percentile (share of people strictly lower, 0-100); None when the
    score is 0 (nobody is below them in any useful sense)."""
    if percentile is None or not score:
        return None
    return max(1, min(100, math.ceil(100 - percentile - 1e-9)))


def rank_words(percentile: float | None, score: float | None) -> str | None:
    """'top 4%' in the upper half, 'lower half' below it, None for a score of 0."""
    top = top_share(percentile, score)
    if top is None:
        return None
    return f"top {top}%" if top <= 50 else "lower half"


@dataclass(frozen=True)
class Position:
    """A stakeholder's network position as the metrics panel shows it."""

    result: NetworkJob | None  # the last finished computation
    recomputing: bool
    metrics: StakeholderMetrics | None
    broker: str | None = None  # "top 4%", "lower half", None: no brokerage at all
    leader: str | None = None
    groups_reached: list[str] = field(default_factory=list)

    @property
    def exact_betweenness(self) -> bool:
        return bool(self.result and "exact" in self.result.method)


def position(session: Session, stakeholder_id: int) -> Position:
    """Degree, brokerage and PageRank percentiles and groups reached, with the result's age."""
    result = network.latest_result(session)
    recomputing = network.pending_job(session) is not None
    metrics = None
    if result is not None:
        metrics = session.get(StakeholderMetrics, (result.id, stakeholder_id))
    if metrics is None:
        return Position(result, recomputing, None)
    return Position(
        result,
        recomputing,
        metrics,
        broker=rank_words(metrics.brokerage_pct, metrics.brokerage),
        leader=rank_words(metrics.pagerank_pct, metrics.pagerank),
        groups_reached=[g for g in metrics.groups_reached.split(",") if g],
    )


# ---------------------------------------------------------------- warm introductions


def introducer_ids(session: Session) -> frozenset[int]:
    """Everyone who can make an introduction: supportive or leading, or district staff.

    One query returning one aggregated value: building a result row per id cost ~100 ms
    for 40,000 ids in SQLAlchemy; the aggregate takes ~10 ms.
    """
    who = sa.or_(
        Stakeholder.engagement_current.in_(INTRODUCER_LEVELS), Stakeholder.group == INTRODUCER_GROUP
    )
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalar(sa.select(sa.func.array_agg(Stakeholder.id)).where(who))
        return frozenset(ids or ())
    text = session.scalar(sa.select(sa.func.group_concat(Stakeholder.id)).where(who))
    return frozenset(map(int, text.split(","))) if text else frozenset()


@dataclass(frozen=True)
class Step:
    """One tie of a path: from the previous person to `person`."""

    relationship_type: str
    strength: int
    person: sa.Row


@dataclass(frozen=True)
class IntroView:
    """A path ready to show: the introducer, then each tie and the person it reaches."""

    introducer: sa.Row
    steps: list[Step]
    cost: int

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def warmth(self) -> int:
        """1-9, higher is warmer: 10 minus the path's cost (1 strong tie: 9; 3 weak: 1)."""
        return 3 * MAX_HOPS + 1 - self.cost

    @property
    def warmth_word(self) -> str:
        """Very warm (8-9), warm (6-7), lukewarm (4-5) or cool (1-3)."""
        for floor, word in ((8, "Very warm"), (6, "Warm"), (4, "Lukewarm")):
            if self.warmth >= floor:
                return word
        return "Cool"


def has_ties(graph: IntroGraph, stakeholder_id: int) -> bool:
    """True when the stakeholder has at least one relationship in the graph."""
    pos = int(graph.ids.searchsorted(stakeholder_id))
    return (
        pos < len(graph.ids)
        and int(graph.ids[pos]) == stakeholder_id
        and int(graph.degree[pos]) > 0
    )


def intro_paths(
    session: Session,
    district: District,
    target_id: int,
    sources: frozenset[int],
    limit: int = MAX_INTRO_PATHS,
) -> tuple[bool, list[IntroView]]:
    """(target has any tie, the best paths to them), one per introducer, best first.

    Three small queries after the cached graph: none when no path exists, else the
    relationships on the paths (one query) and the people on them (one query).
    """
    graph = network.intro_graph(session, district)
    if not has_ties(graph, target_id):
        return False, []
    paths = graph.best_paths(target_id, sources, max_hops=MAX_HOPS, limit=limit)
    if not paths:
        return True, []
    edge_ids = {e for p in paths for e in p.edge_ids}
    ties = {
        r.id: r
        for r in session.execute(
            sa.select(Relationship.id, Relationship.type, Relationship.strength).where(
                Relationship.id.in_(edge_ids)
            )
        )
    }
    people = _rows_by_id(session, {n for p in paths for n in p.nodes}, *_NODE_COLUMNS)
    views = []
    for p in paths:
        if any(e not in ties for e in p.edge_ids) or any(n not in people for n in p.nodes):
            continue  # a tie or person removed a moment ago (the graph cache follows)
        steps = [
            Step(ties[e].type, ties[e].strength, people[n])
            for e, n in zip(p.edge_ids, p.nodes[1:], strict=True)
        ]
        views.append(IntroView(people[p.nodes[0]], steps, p.cost))
    return True, views
