"""What a network drawing is made of (people, ties, a capped slice) and the plain-column
reads every network view shares."""

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.models import Relationship, Stakeholder

CHUNK = 900  # ids per IN list: well under every database's bind-parameter limit

NODE_COLUMNS = (  # in Node's field order
    Stakeholder.id,
    Stakeholder.name,
    Stakeholder.kind,
    Stakeholder.group,
    Stakeholder.influence,
    Stakeholder.engagement_current,
)
TIE_COLUMNS = (  # in Edge's field order, but for the type
    Relationship.id,
    Relationship.source_id,
    Relationship.target_id,
    Relationship.strength,
)


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


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """`ids` in runs of at most CHUNK, for IN lists."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def rows_by_id(session: Session, ids: Iterable[int], *columns) -> dict[int, sa.Row]:
    """Stakeholder columns (the first must be the id) for the given ids, by id."""
    rows: dict[int, sa.Row] = {}
    for chunk in chunks(sorted(set(ids))):
        statement = sa.select(*columns).where(Stakeholder.id.in_(chunk))
        rows |= {r[0]: r for r in session.execute(statement)}
    return rows


def edges_among(session: Session, ids: Sequence[int]) -> list[Edge]:
    """Every relationship with both ends among `ids` (at most a few hundred ids)."""
    if len(ids) < 2:
        return []
    rows = session.execute(
        sa.select(*TIE_COLUMNS, Relationship.type)
        .where(Relationship.source_id.in_(ids), Relationship.target_id.in_(ids))
        .order_by(Relationship.id)
    )
    return [Edge(*r) for r in rows]


def drawn(session: Session, nodes: list[Node], total: int, cap: int) -> Slice:
    """A slice of these nodes with the ties among them."""
    return Slice(nodes=nodes, edges=edges_among(session, [n.id for n in nodes]), total=total,
                 cap=cap)
