"""Warm introductions: the strongest short chains of ties from our people to a target.

Ties are relationships (typed, strength 1-3) and affiliations (a person's role at an
organisation, e.g. "Owner at Hendricks Construction"), which count as strong ties, as the
partner suggestions already treat them: reaching one of an organisation's people reaches
the organisation. An introducer is never the middle of another introducer's path: their own,
shorter path is listed already, so such a chain would only repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Final

import numpy as np

MAX_HOPS: Final = 3
_STRENGTHS: Final = (1, 2, 3)
_NONE: Final = -1
AFFILIATION_STRENGTH: Final = 3  # a person's affiliation with an organisation: a strong tie
_KEY_SPAN_MAX: Final = 3_037_000_499  # span * span stays below 2**63


def tie_cost(strength: int) -> int:
    """Cost of one step: 4 - strength, so a strong tie (3) costs 1 and a weak one (1) costs 3."""
    return 4 - strength


def is_affiliation(edge_id: int) -> bool:
    """True when an edge id names an affiliation: its tie carries the affiliation's id
    negated (relationship ids are > 0)."""
    return edge_id < 0


def with_affiliations(
    relationships: Iterable[tuple[int, int, int, int]],
    affiliations: Iterable[tuple[int, int, int]],
) -> np.ndarray:
    """Relationship ties (a, b, strength, id) plus one strong tie per affiliated pair.

    affiliations: (person id, organisation id, affiliation id). A pair with several
    affiliations (two titles) gets one tie, the lowest id. Where a relationship already
    joins the pair, the warmer of the two is kept, the relationship on a tie (it names how
    they know each other). An affiliation's tie carries its id negated as its edge id.
    Returns an (n, 4) int64 array for IntroGraph.from_edges.
    """
    rel = _as_rows(relationships, 4)
    aff = _as_rows(affiliations, 3)
    aff = aff[aff[:, 0] != aff[:, 1]]
    if aff.size == 0:
        return rel
    aff = aff[np.argsort(aff[:, 2], kind="stable")]
    rel_key, aff_key = _pair_keys(rel, aff)
    first = np.sort(np.unique(aff_key, return_index=True)[1])  # lowest id of each pair
    aff, aff_key = aff[first], aff_key[first]
    shared = np.isin(rel_key, aff_key)  # relationships of an affiliated pair
    weaker = shared & (rel[:, 2] < AFFILIATION_STRENGTH)
    aff = aff[~np.isin(aff_key, rel_key[shared & ~weaker])]
    ties = np.column_stack(
        [aff[:, 0], aff[:, 1], np.full(len(aff), AFFILIATION_STRENGTH), -aff[:, 2]]
    )
    return np.concatenate([rel[~weaker], ties])


def _as_rows(rows: Iterable[tuple[int, ...]], width: int) -> np.ndarray:
    arr = np.asarray(rows if isinstance(rows, np.ndarray) else list(rows), np.int64)
    return arr.reshape(-1, width)


def _pair_keys(*tables: np.ndarray) -> list[np.ndarray]:
    """One number per unordered pair (a, b) of each table's first two columns, comparable
    across the tables: min * span + max while that fits in 64 bits, else over dense ranks."""
    ends = [t[:, :2] for t in tables]
    span = max((int(e.max()) for e in ends if e.size), default=0) + 1
    if span > _KEY_SPAN_MAX:
        ids = np.unique(np.concatenate([e.ravel() for e in ends]))
        ends, span = [np.searchsorted(ids, e) for e in ends], len(ids)
    return [np.minimum(e[:, 0], e[:, 1]) * span + np.maximum(e[:, 0], e[:, 1]) for e in ends]


@dataclass(frozen=True, slots=True)
class IntroPath:
    """One introduction chain: nodes run from the introducer (a source) to the target."""

    nodes: tuple[int, ...]
    edge_ids: tuple[int, ...]  # edge_ids[i] joins nodes[i] and nodes[i + 1]
    strengths: tuple[int, ...]
    cost: int  # sum of tie costs (4 - strength); lower is warmer

    @property
    def source(self) -> int:
        """The introducer."""
        return self.nodes[0]

    @property
    def target(self) -> int:
        """The person we want to reach."""
        return self.nodes[-1]

    @property
    def hops(self) -> int:
        """Number of ties in the chain."""
        return len(self.edge_ids)


@dataclass(frozen=True, eq=False)
class IntroGraph:
    """Whole-district adjacency (built once, then queried many times); arrays over node indices."""

    ids: np.ndarray  # sorted node ids; a node's index is its position here
    indptr: np.ndarray  # arcs of node i are indptr[i]:indptr[i + 1], sorted by neighbour
    neighbour: np.ndarray
    cost: np.ndarray
    strength: np.ndarray
    edge_id: np.ndarray
    degree: np.ndarray

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[int, int, int, int]]) -> IntroGraph:
        """Build from undirected (a, b, strength, edge_id) ties; strength 1-3, 3 strongest.

        Raises ValueError on self loops, bad strengths or two edges between the same pair.
        """
        arr = np.asarray(edges if isinstance(edges, np.ndarray) else list(edges), np.int64)
        arr = arr.reshape(-1, 4)
        a, b, strength, edge_id = arr.T
        if not np.isin(strength, _STRENGTHS).all():
            raise ValueError("tie strength must be 1, 2 or 3")
        if (a == b).any():
            raise ValueError("self loops are not allowed")
        ids = np.unique(np.concatenate([a, b]))
        ia, ib = np.searchsorted(ids, a), np.searchsorted(ids, b)
        pair = np.minimum(ia, ib) * len(ids) + np.maximum(ia, ib)
        if np.unique(pair).size != pair.size:
            raise ValueError("at most one edge per pair of nodes")
        src, dst = np.concatenate([ia, ib]), np.concatenate([ib, ia])
        order = np.lexsort((dst, src))
        indptr = np.zeros(len(ids) + 1, np.int64)
        np.cumsum(np.bincount(src, minlength=len(ids)), out=indptr[1:])
        st = np.concatenate([strength, strength])[order]
        return cls(
            ids=ids,
            indptr=indptr,
            neighbour=dst[order],
            cost=4 - st,
            strength=st,
            edge_id=np.concatenate([edge_id, edge_id])[order],
            degree=np.diff(indptr),
        )

    def _index(self, nodes: np.ndarray) -> np.ndarray:
        """Indices of the given node ids that are in the graph (unknown ids are dropped)."""
        pos = np.searchsorted(self.ids, nodes)
        known = pos < len(self.ids)
        known[known] = self.ids[pos[known]] == nodes[known]
        return pos[known]

    def _arcs(self, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Arc indices leaving `nodes` (concatenated) and, per arc, the position of its tail."""
        starts = self.indptr[nodes]
        counts = self.indptr[nodes + 1] - starts
        offsets = np.cumsum(counts) - counts
        arcs = np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))
        return arcs, np.repeat(np.arange(len(nodes)), counts)

    def best_paths(
        self, target: int, sources: Set[int], max_hops: int = MAX_HOPS, limit: int = 5
    ) -> list[IntroPath]:
        """See best_intro_paths."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise ValueError(f"max_hops must be between 1 and {MAX_HOPS}")
        found = self._index(np.array([target], np.int64))
        if found.size == 0 or limit <= 0 or not sources:
            return []
        t = int(found[0])
        wanted = np.fromiter(sources, np.int64, len(sources))
        is_source = np.zeros(len(self.ids), bool)
        is_source[self._index(np.sort(wanted))] = True
        is_source[t] = False
        found_paths: list[tuple[np.ndarray, ...]] = []

        # Hop 1: neighbours b of the target.
        arc1 = np.arange(self.indptr[t], self.indptr[t + 1])
        b, cost1 = self.neighbour[arc1], self.cost[arc1]
        hit = is_source[b]
        found_paths.append(_found(cost1[hit], b[hit], [], [arc1[hit]]))
        if max_hops == 1:
            return self._ranked(found_paths, t, limit)

        # Hop 2: neighbours a of b; keep each a's best (cost, b) unless a direct tie is as good.
        # Costs are >= 1 per tie, so b can only help if cost1 + 1 beats the current top `limit`;
        # and an introducer b is never a middle: their own path is shorter and listed.
        direct = np.full(len(self.ids), np.iinfo(np.int64).max)
        direct[b] = cost1
        keep = (cost1 + 1 < _bound(cost1[hit], limit)) & ~hit
        b, cost1, arc1 = b[keep], cost1[keep], arc1[keep]
        arc2, parent = self._arcs(b)
        a = self.neighbour[arc2]
        cost2 = cost1[parent] + self.cost[arc2]
        useful = (a != t) & (cost2 < direct[a])
        a, cost2, arc2, parent = a[useful], cost2[useful], arc2[useful], parent[useful]
        order = np.lexsort((b[parent], cost2, a))
        first = order[np.unique(a[order], return_index=True)[1]]
        a, cost2, arc2, via = a[first], cost2[first], arc2[first], b[parent[first]]
        arc1_of = arc1[parent[first]]
        hit = is_source[a]
        found_paths.append(_found(cost2[hit], a[hit], [via[hit]], [arc2[hit], arc1_of[hit]]))
        if max_hops == 2:
            return self._ranked(found_paths, t, limit)

        # Hop 3: a source s tied to some a; search from whichever side touches fewer arcs.
        best_so_far = np.concatenate([p[0] for p in found_paths])
        who = np.concatenate([p[2] for p in found_paths])
        keep = (cost2 + 1 < _bound(_best_per(best_so_far, who), limit)) & ~is_source[a]
        a, cost2, arc2, via, arc1_of = a[keep], cost2[keep], arc2[keep], via[keep], arc1_of[keep]
        src_nodes = np.flatnonzero(is_source)
        if self.degree[src_nodes].sum() < self.degree[a].sum():
            slot = np.full(len(self.ids), _NONE)
            slot[a] = np.arange(len(a))
            arc3, tail = self._arcs(src_nodes)
            label = slot[self.neighbour[arc3]]
            ok = label >= 0
            arc3, s, label = arc3[ok], src_nodes[tail[ok]], label[ok]
        else:
            arc3, label = self._arcs(a)
            s = self.neighbour[arc3]
            ok = is_source[s]
            arc3, s, label = arc3[ok], s[ok], label[ok]
        # Simple paths: s is a source, so neither a nor via (never sources) nor the target.
        found_paths.append(
            _found(
                cost2[label] + self.cost[arc3],
                s,
                [a[label], via[label]],
                [arc3, arc2[label], arc1_of[label]],
            )
        )
        return self._ranked(found_paths, t, limit)

    def _ranked(self, found: list[tuple[np.ndarray, ...]], t: int, limit: int) -> list[IntroPath]:
        """Best path per source, then the `limit` best by (cost, hops, node ids)."""
        cost, hops, s, m1, m2, e1, e2, e3 = (
            np.concatenate(col) for col in zip(*found, strict=True)
        )
        order = np.lexsort((m2, m1, s, hops, cost))
        first = np.sort(np.unique(s[order], return_index=True)[1])  # each source's best, in order
        chosen = order[first][:limit]
        ids = self.ids
        paths = []
        for i in chosen.tolist():
            mids = [int(ids[m]) for m in (m1[i], m2[i]) if m != _NONE]
            arcs = [int(e) for e in (e1[i], e2[i], e3[i]) if e != _NONE]
            paths.append(
                IntroPath(
                    nodes=(int(ids[s[i]]), *mids, int(ids[t])),
                    edge_ids=tuple(int(self.edge_id[e]) for e in arcs),
                    strengths=tuple(int(self.strength[e]) for e in arcs),
                    cost=int(cost[i]),
                )
            )
        return paths


def _found(
    cost: np.ndarray, source: np.ndarray, mids: list[np.ndarray], arcs: list[np.ndarray]
) -> tuple[np.ndarray, ...]:
    """Candidate paths as columns: cost, hops, source, 2 middle nodes, 3 arcs (source side
    first), padded with _NONE."""
    pad = np.full(len(source), _NONE)
    hops = np.full(len(source), len(arcs))
    mids = [*mids, pad, pad][:2]
    return (cost, hops, source, *mids, *[*arcs, pad, pad][:3])


def _best_per(cost: np.ndarray, who: np.ndarray) -> np.ndarray:
    """Lowest cost per distinct `who`."""
    if cost.size == 0:
        return cost
    order = np.lexsort((cost, who))
    return cost[order[np.unique(who[order], return_index=True)[1]]]


def _bound(costs: np.ndarray, limit: int) -> int:
    """Costs a new path must beat to enter a top-`limit` list that already holds `costs`."""
    if costs.size < limit:
        return np.iinfo(np.int64).max
    return int(np.partition(costs, limit - 1)[limit - 1])


def best_intro_paths(
    target: int,
    edges: IntroGraph | Iterable[tuple[int, int, int, int]],
    sources: Set[int],
    max_hops: int = MAX_HOPS,
    limit: int = 5,
) -> list[IntroPath]:
    """Who can introduce us to `target`? The best path from each source, best `limit` first.

    edges: an IntroGraph (build it once with IntroGraph.from_edges and reuse it) or raw
    (a, b, strength, edge_id) ties. Paths are simple, 1 to max_hops (at most 3) ties long, start
    at a source other than the target and end at the target, and no source is in the middle of a
    path (that source's own path, a part of it, is warmer and listed: the longer one would only
    repeat it). Ranked by cost (sum of 4 - strength per tie), then fewer hops, then node ids
    along the path; at most one path per source. Unknown or unreachable targets give [].
    """
    graph = edges if isinstance(edges, IntroGraph) else IntroGraph.from_edges(edges)
    return graph.best_paths(target, sources, max_hops=max_hops, limit=limit)
