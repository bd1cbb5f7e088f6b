"""Stakeholder network metrics: ties, PageRank leaders and betweenness-style brokers."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

import numpy as np
import rustworkx as rx

STRENGTHS: Final = (1, 2, 3)
# A stronger tie is a shorter distance: strength 3 -> 1, 2 -> 2, 1 -> 3. Integer distances
# keep equal-length shortest paths exactly equal (no float round-off when counting them), so
# two strong ties (2) beat one weak tie (3), and a weak tie is as far as three strong ones.
MAX_STRENGTH: Final = 3
# Brokerage work budget, in arc visits (one source costs ~2 x edges visits, ~60 ms of CPU at
# 500k edges). Sources = max(MIN_PIVOTS, budget / arcs): exact betweenness for small districts,
# >= 512 sampled sources for large ones. Chosen from measurements in docs/PERFORMANCE_network.md.
MIN_PIVOTS: Final = 512
ARC_VISIT_BUDGET: Final = MIN_PIVOTS * 1_000_000
PAGERANK_ALPHA: Final = 0.85
_CHUNKS: Final = 4  # fixed work split, so results never depend on the thread count
_TIE_RESOLUTION: Final = 1e9  # scores within 1 part in 1e9 of the maximum count as tied
_UNREACHED: Final = np.iinfo(np.int32).max


def tie_distance(strength: int) -> int:
    """Path length of one tie: 4 - strength, so the strongest tie (3) is the shortest (1)."""
    return MAX_STRENGTH + 1 - strength


@dataclass(frozen=True, slots=True)
class NodeMetrics:
    """Network figures for one stakeholder."""

    node: int
    group: str | None
    degree: int
    weighted_degree: int
    pagerank: float
    pagerank_percentile: float
    brokerage: float
    brokerage_percentile: float
    groups_reached: frozenset[str]
    cross_group_ties: int

    @property
    def groups_reached_count(self) -> int:
        """How many groups other than their own this person's ties reach."""
        return len(self.groups_reached)


@dataclass(frozen=True)
class NetworkMetrics:
    """Metrics for a whole network, keyed by node id, plus how brokerage was measured."""

    by_node: Mapping[int, NodeMetrics]
    brokerage_method: str
    brokerage_exact: bool
    sources_used: int
    edge_count: int

    def top_brokers(self, k: int = 10) -> list[NodeMetrics]:
        """The k highest brokerage scores (ties broken by node id)."""
        return sorted(self.by_node.values(), key=lambda m: (-m.brokerage, m.node))[:k]

    def top_leaders(self, k: int = 10) -> list[NodeMetrics]:
        """The k highest PageRank scores (ties broken by node id)."""
        return sorted(self.by_node.values(), key=lambda m: (-m.pagerank, m.node))[:k]


@dataclass(frozen=True, eq=False)
class Csr:
    """Undirected graph as compressed adjacency over node indices 0..n-1 (both directions)."""

    indptr: np.ndarray  # int32, n + 1: arcs of node i are indptr[i]:indptr[i + 1]
    tail: np.ndarray  # int32 per arc: the node it leaves
    neighbour: np.ndarray  # int32 per arc: the node it reaches
    strength: np.ndarray  # int32 per arc
    packed: np.ndarray  # int32 per arc: neighbour << 2 | tie distance (one gather, not two)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.indptr) - 1

    @property
    def degree(self) -> np.ndarray:
        """Ties per node."""
        return np.diff(self.indptr)


def build_csr(n: int, a: np.ndarray, b: np.ndarray, strength: np.ndarray) -> Csr:
    """Adjacency for n nodes from undirected edge index arrays a, b and their strengths."""
    if n >= 2**29 or 2 * len(a) >= 2**31:
        raise ValueError("graph too large for 32-bit adjacency")
    src = np.concatenate([a, b]).astype(np.int32)
    dst = np.concatenate([b, a]).astype(np.int32)
    order = np.lexsort((dst, src))
    src, dst = src[order], dst[order]
    st = np.concatenate([strength, strength]).astype(np.int32)[order]
    indptr = np.zeros(n + 1, np.int32)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    packed = (dst << 2) | (MAX_STRENGTH + 1 - st)
    return Csr(indptr=indptr, tail=src, neighbour=dst, strength=st, packed=packed)


def source_dependency(
    csr: Csr, source: int, *, linear_scaling: bool = True, max_distance: int | None = None
) -> np.ndarray:
    """Linearly scaled dependency of every node on shortest paths from `source`.

    delta(v) = sum over targets t of (share of shortest source-t paths through v) * d(s,v)/d(s,t)
    (Geisberger, Sanders & Schultes 2008). Summed over all sources it equals undirected
    betweenness exactly; summed over a uniform sample and scaled up it estimates it with far
    less bias near the sampled sources than plain pivot sampling. Shortest paths use the
    integer tie distances, found level by level (Dial's buckets), vectorised with numpy.
    linear_scaling=False gives Brandes' plain dependency (which sums to twice betweenness);
    max_distance counts only targets that close (range-limited betweenness). Both exist so the
    benchmark can measure those alternatives.
    """
    cutoff = _UNREACHED - MAX_STRENGTH if max_distance is None else max_distance
    n, indptr = csr.n, csr.indptr
    dist = np.full(n, _UNREACHED, np.int32)
    dist[source] = 0
    stamp = np.empty(n, np.int32)
    buckets: dict[int, list[np.ndarray]] = {0: [np.array([source], np.int32)]}
    levels: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # arcs, heads, reach
    level, last = 0, 0
    while level <= min(last, cutoff):
        pending = buckets.pop(level, None)
        now, level = level, level + 1
        if pending is None:
            continue
        cand = np.concatenate(pending)
        frontier = cand[dist[cand] == now]
        if frontier.size > 1:  # drop duplicates, keeping one copy of each node
            rank = np.arange(frontier.size, dtype=np.int32)
            stamp[frontier] = rank
            frontier = frontier[stamp[frontier] == rank]
        starts = indptr[frontier]
        counts = indptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            continue
        arcs = np.repeat(starts - (np.cumsum(counts, dtype=np.int32) - counts), counts)
        arcs += np.arange(total, dtype=np.int32)
        packed = csr.packed[arcs]
        head = packed >> 2
        reach = packed & 3
        reach += now
        better = reach < dist[head]
        if better.any():
            h_new, r_new = head[better], reach[better]
            np.minimum.at(dist, h_new, r_new)
            for step in range(1, MAX_STRENGTH + 1):
                hit = h_new[r_new == now + step]
                if hit.size:
                    buckets.setdefault(now + step, []).append(hit)
                    last = max(last, now + step)
        levels.append((arcs, head, reach))
    sigma = np.zeros(n)
    sigma[source] = 1.0
    tight: list[tuple[np.ndarray, np.ndarray]] = []
    for arcs, head, reach in levels:  # levels ascend, so sigma[tail] is final when read
        on_path = (dist[head] == reach) & (reach <= cutoff)
        t, h = csr.tail[arcs[on_path]], head[on_path]
        np.add.at(sigma, h, sigma[t])
        tight.append((t, h))
    delta = np.zeros(n)
    for t, h in reversed(tight):
        own = 1.0 / dist[h] if linear_scaling else 1.0
        np.add.at(delta, t, sigma[t] / sigma[h] * (own + delta[h]))
    delta[source] = 0.0
    if linear_scaling:
        reached = dist <= cutoff
        delta[reached] *= dist[reached]
    return delta


def estimate_betweenness(
    csr: Csr,
    sources: np.ndarray,
    population: int,
    *,
    linear_scaling: bool = True,
    max_distance: int | None = None,
) -> np.ndarray:
    """Undirected (unnormalised) betweenness from `sources`, scaled to `population` sources.

    With every connected node as a source (and population equal to their count) this is
    exact betweenness. Work is split into fixed chunks summed in a fixed order, so the result
    does not depend on the number of threads (numpy releases the GIL, so threads help).
    """
    chunks = [sources[i::_CHUNKS] for i in range(_CHUNKS)]

    def run(chunk: np.ndarray) -> np.ndarray:
        total = np.zeros(csr.n)
        for s in chunk.tolist():
            total += source_dependency(
                csr, s, linear_scaling=linear_scaling, max_distance=max_distance
            )
        return total

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = max(1, min(_CHUNKS, cpus or 1))
    if workers > 1 and csr.n * len(sources) > 1_000_000:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(run, chunks))
    else:
        parts = [run(chunk) for chunk in chunks]
    total = np.zeros(csr.n)
    for part in parts:
        total += part
    scale = (population / len(sources) if len(sources) else 0.0) / (1 if linear_scaling else 2)
    return total * scale


def choose_pivots(edge_count: int) -> int:
    """Sources to sample for a graph of edge_count edges: the work budget, at least MIN_PIVOTS."""
    return max(MIN_PIVOTS, ARC_VISIT_BUDGET // max(1, 2 * edge_count))


def percentiles(scores: np.ndarray) -> np.ndarray:
    """Percentile 0-100 per score: the share of scores strictly lower, times 100.

    So the lowest score (e.g. 0 for isolated people) gets 0 and the top gets below 100.
    Scores within 1 part in 1e9 of the maximum are treated as tied (float noise).
    """
    n = len(scores)
    if n == 0:
        return np.zeros(0)
    top = float(scores.max())
    keys = np.rint(scores / top * _TIE_RESOLUTION) if top > 0 else np.zeros(n)
    return np.searchsorted(np.sort(keys), keys, side="left") * (100.0 / n)


def _pagerank(csr: Csr) -> np.ndarray:
    """Strength-weighted PageRank (rustworkx) over people with ties; isolated people get 0."""
    out = np.zeros(csr.n)
    active = np.flatnonzero(csr.degree > 0)
    if active.size == 0:
        return out
    index = np.full(csr.n, -1, np.int64)
    index[active] = np.arange(active.size)
    tails = index[csr.tail]
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(active.size))
    graph.add_edges_from(
        list(zip(tails.tolist(), index[csr.neighbour].tolist(), csr.strength.tolist(), strict=True))
    )
    ranks = rx.pagerank(graph, alpha=PAGERANK_ALPHA, weight_fn=float, tol=1e-12, max_iter=1000)
    out[active] = [ranks[i] for i in range(active.size)]
    return out


def _validated_indices(
    ids: np.ndarray, edges: Sequence[tuple[int, int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edge endpoints as node indices, plus strengths; raises ValueError on bad edges."""
    arr = np.asarray(edges, dtype=np.int64).reshape(-1, 3)
    a, b, strength = arr[:, 0], arr[:, 1], arr[:, 2]
    if not np.isin(strength, STRENGTHS).all():
        raise ValueError("tie strength must be 1, 2 or 3")
    ia, ib = np.searchsorted(ids, a), np.searchsorted(ids, b)
    known = (ia < len(ids)) & (ib < len(ids))
    if not known.all() or not ((ids[ia] == a) & (ids[ib] == b)).all():
        raise ValueError("edge endpoint is not in nodes")
    if (ia == ib).any():
        raise ValueError("self loops are not allowed")
    pair = np.minimum(ia, ib) * len(ids) + np.maximum(ia, ib)
    if np.unique(pair).size != pair.size:
        raise ValueError("at most one edge per pair of nodes")
    return ia, ib, strength


def _groups_reached(
    csr: Csr, group_code: np.ndarray, labels: list[str]
) -> tuple[list[frozenset[str]], np.ndarray]:
    """Per node: the other groups its ties reach, and how many ties cross groups."""
    heads = group_code[csr.neighbour]
    crossing = (heads >= 0) & (heads != group_code[csr.tail])
    tails = csr.tail[crossing].astype(np.int64)
    cross_ties = np.bincount(tails, minlength=csr.n)
    width = max(1, len(labels))
    pairs = np.unique(tails * width + heads[crossing])
    reached: list[set[str]] = [set() for _ in range(csr.n)]
    for node, code in zip((pairs // width).tolist(), (pairs % width).tolist(), strict=True):
        reached[node].add(labels[code])
    return [frozenset(s) for s in reached], cross_ties


def compute_metrics(
    nodes: Sequence[int],
    edges: Sequence[tuple[int, int, int]],
    groups: Mapping[int, str],
    *,
    pivots: int | None = None,
    seed: int = 0,
) -> NetworkMetrics:
    """Degree, PageRank, brokerage, their percentiles and groups reached, for every node.

    edges are undirected (a, b, strength) with strength 1-3 (3 strongest), no self loops, at
    most one per pair (ValueError otherwise). A node missing from `groups` has an unknown group:
    it is nobody's "other group". PageRank is weighted by strength; isolated people get 0.
    Brokerage is normalised betweenness (0-1) over tie distances 4 - strength: exact when at
    most `pivots` people have ties, otherwise estimated from `pivots` sources drawn with `seed`
    (see source_dependency; estimates are clipped to 1). pivots=None picks the count from a
    fixed work budget (see choose_pivots). Percentiles: see percentiles(). Deterministic.
    """
    if pivots is not None and pivots < 1:
        raise ValueError("pivots must be at least 1")
    ids = np.unique(np.asarray(nodes, dtype=np.int64))
    n = len(ids)
    ia, ib, strength = _validated_indices(ids, edges)
    csr = build_csr(n, ia, ib, strength)
    degree = csr.degree
    weighted = np.bincount(csr.tail, weights=csr.strength, minlength=n)
    own = [groups.get(i) for i in ids.tolist()]
    labels = sorted({g for g in own if g is not None})
    code_of = {g: i for i, g in enumerate(labels)}
    group_code = np.array([-1 if g is None else code_of[g] for g in own], np.int64)
    reached, cross_ties = _groups_reached(csr, group_code, labels)

    connected = np.flatnonzero(degree > 0)
    if pivots is None:
        pivots = choose_pivots(len(ia))
    exact = len(connected) <= pivots
    if exact:
        sources = connected
    else:
        sources = np.sort(np.random.default_rng(seed).choice(connected, pivots, replace=False))
    raw = estimate_betweenness(csr, sources, len(connected))
    pairs = (n - 1) * (n - 2) / 2
    brokerage = np.clip(raw / pairs, 0.0, 1.0) if pairs > 0 else np.zeros(n)
    pagerank = _pagerank(csr)
    pr_pct, br_pct = percentiles(pagerank), percentiles(brokerage)

    if exact:
        method = "brokerage (exact betweenness; tie distance = 4 - strength)"
    else:
        method = (
            "brokerage (approx. betweenness: linearly scaled pivot sampling, "
            f"{len(sources):,} of {len(connected):,} connected people as sources, seed {seed}; "
            "tie distance = 4 - strength)"
        )
    by_node = {
        node: NodeMetrics(
            node=node,
            group=own[i],
            degree=int(degree[i]),
            weighted_degree=int(weighted[i]),
            pagerank=float(pagerank[i]),
            pagerank_percentile=float(pr_pct[i]),
            brokerage=float(brokerage[i]),
            brokerage_percentile=float(br_pct[i]),
            groups_reached=reached[i],
            cross_group_ties=int(cross_ties[i]),
        )
        for i, node in enumerate(ids.tolist())
    }
    return NetworkMetrics(
        by_node=MappingProxyType(by_node),
        brokerage_method=method,
        brokerage_exact=exact,
        sources_used=len(sources),
        edge_count=len(ia),
    )
