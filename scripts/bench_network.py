"""Benchmark app.domain.network and intro_paths: speed at district scale, faithfulness of brokerage.

Run manually (not in CI):  .venv/bin/python scripts/bench_network.py [--quick]
Prints Markdown tables. --quick skips the 20k-node exact-betweenness study (~3 min);
--only scale|small|20k runs one section.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import numpy as np
import rustworkx as rx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.intro_paths import IntroGraph  # noqa: E402
from app.domain.network import (  # noqa: E402
    Csr,
    build_csr,
    choose_pivots,
    compute_metrics,
    estimate_betweenness,
)

GROUPS = (
    "parent business educator faith nonprofit student retiree government healthcare media "
    "higher_ed civic arts sports"
).split()

Graph = tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # n, a, b, strength, group


def district_graph(n: int, m: int, *, cross: float = 0.12, seed: int = 0) -> Graph:
    """Seeded synthetic district: 14 groups of uneven size, heavy-tailed (Pareto) degrees,
    ~88% of ties within a group; 2% of people are brokers, 25x likelier to hold cross-group ties.
    Within-group ties tend to be stronger."""
    rng = np.random.default_rng(seed)
    k = len(GROUPS)
    group = rng.choice(k, size=n, p=rng.dirichlet(np.full(k, 3.0)))
    weight = rng.pareto(2.1, size=n) + 1.0
    cross_weight = weight * np.where(rng.random(n) < 0.02, 25.0, 1.0)
    members = [np.flatnonzero(group == g) for g in range(k)]
    mass = np.array([weight[mm].sum() for mm in members])
    edges = np.empty((0, 2), np.int64)
    while len(edges) < m:
        draws = int((m - len(edges)) * 1.3) + 100
        n_cross = rng.binomial(draws, cross)
        which = rng.choice(k, size=draws - n_cross, p=mass / mass.sum())
        a, b = np.empty(len(which), np.int64), np.empty(len(which), np.int64)
        for g in range(k):
            idx = np.flatnonzero(which == g)
            p = weight[members[g]] / mass[g]
            a[idx] = rng.choice(members[g], size=idx.size, p=p)
            b[idx] = rng.choice(members[g], size=idx.size, p=p)
        a = np.concatenate([a, rng.choice(n, n_cross, p=cross_weight / cross_weight.sum())])
        b = np.concatenate([b, rng.choice(n, n_cross, p=weight / weight.sum())])
        pairs = np.stack([np.minimum(a, b), np.maximum(a, b)], 1)[a != b]
        edges = np.unique(np.concatenate([edges, pairs]), axis=0)
    edges = edges[np.sort(rng.choice(len(edges), size=m, replace=False))]
    same = group[edges[:, 0]] == group[edges[:, 1]]
    strength = np.where(
        same,
        rng.choice([1, 2, 3], size=m, p=[0.3, 0.4, 0.3]),
        rng.choice([1, 2, 3], size=m, p=[0.5, 0.35, 0.15]),
    )
    return n, edges[:, 0], edges[:, 1], strength, group


def from_networkx(graph: nx.Graph, group: np.ndarray, seed: int) -> Graph:
    """A networkx graph with nodes 0..n-1 plus random strengths (stronger within a group)."""
    rng = np.random.default_rng(seed)
    e = np.array(graph.edges(), np.int64)
    same = group[e[:, 0]] == group[e[:, 1]]
    strength = np.where(same, rng.integers(2, 4, len(e)), rng.integers(1, 3, len(e)))
    return graph.number_of_nodes(), e[:, 0], e[:, 1], strength, group


def small_graphs() -> dict[str, Graph]:
    """The shapes for the faithfulness study (all small enough for exact betweenness)."""
    rng = np.random.default_rng(1)
    sbm = nx.stochastic_block_model([100] * 20, np.where(np.eye(20), 0.08, 0.0015), seed=2)
    return {
        "Barabasi-Albert n=2000 m=3": from_networkx(
            nx.barabasi_albert_graph(2000, 3, seed=1), rng.integers(0, 14, 2000), 1
        ),
        "SBM 20 blocks x 100": from_networkx(sbm, np.repeat(np.arange(20), 100), 2),
        "Watts-Strogatz n=2000 k=6 p=0.1": from_networkx(
            nx.watts_strogatz_graph(2000, 6, 0.1, seed=3), rng.integers(0, 14, 2000), 3
        ),
        "district n=400 (14 groups)": district_graph(400, 1400, seed=4),
    }


def exact_networkx(g: Graph) -> np.ndarray:
    """Reference: networkx exact weighted betweenness, distance = 4 - strength, unnormalised."""
    n, a, b, s, _ = g
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from(zip(a.tolist(), b.tolist(), (4 - s).tolist(), strict=True), "d")
    bc = nx.betweenness_centrality(graph, weight="d", normalized=False)
    return np.array([bc[i] for i in range(n)])


def rankdata(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given their average rank."""
    order = np.argsort(x, kind="stable")
    sorted_x = x[order]
    starts = np.flatnonzero(np.r_[True, sorted_x[1:] != sorted_x[:-1]])
    ends = np.r_[starts[1:], len(x)]
    ranks = np.empty(len(x))
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rank correlation (Pearson on tie-averaged ranks)."""
    rx_, ry = rankdata(np.asarray(x, float)), rankdata(np.asarray(y, float))
    rx_, ry = rx_ - rx_.mean(), ry - ry.mean()
    denominator = np.sqrt((rx_ * rx_).sum() * (ry * ry).sum())
    return float((rx_ * ry).sum() / denominator) if denominator else float("nan")


def top_overlap(x: np.ndarray, y: np.ndarray, k: int) -> int:
    """How many of y's top k (ties by node index) are in x's top k."""
    top = lambda v: set(np.lexsort((np.arange(len(v)), -np.asarray(v)))[:k].tolist())  # noqa: E731
    return len(top(x) & top(y))


# ---- candidate brokerage measures: each maps a graph to one score per node --------------------


def _csr(g: Graph) -> Csr:
    n, a, b, s, _ = g
    return build_csr(n, a, b, s)


def sampled(k: int, linear: bool) -> Callable[[Graph], np.ndarray]:
    """Pivot-sampled betweenness, k uniform sources (seed 0); linear = Geisberger scaling."""

    def measure(g: Graph) -> np.ndarray:
        csr = _csr(g)
        connected = np.flatnonzero(csr.degree > 0)
        k_eff = min(k, len(connected))
        pivots = np.sort(np.random.default_rng(0).choice(connected, k_eff, replace=False))
        return estimate_betweenness(csr, pivots, len(connected), linear_scaling=linear)

    return measure


def production(g: Graph) -> np.ndarray:
    """What compute_metrics uses: linear scaling, choose_pivots(edges) sources."""
    return sampled(choose_pivots(len(g[1])), True)(g)


def range_limited(g: Graph, limit: int = 3) -> np.ndarray:
    """Exact range-limited betweenness: only pairs at most `limit` apart (e.g. 3 strong ties)."""
    csr = _csr(g)
    everyone = np.flatnonzero(csr.degree > 0)
    return estimate_betweenness(
        csr, everyone, len(everyone), linear_scaling=False, max_distance=limit
    )


def ego_betweenness(g: Graph) -> np.ndarray:
    """Everett & Borgatti ego betweenness: pairs of unlinked contacts only the ego (or other
    shared contacts) connects, each counting 1 / (number of such connectors)."""
    n, a, b, _, _ = g
    adj: list[set[int]] = [set() for _ in range(n)]
    for u, v in zip(a.tolist(), b.tolist(), strict=True):
        adj[u].add(v)
        adj[v].add(u)
    out = np.zeros(n)
    for v in range(n):
        alters = sorted(adj[v])
        for i, j in enumerate(alters):
            linked = adj[j] & adj[v]
            for k in alters[i + 1 :]:
                if k not in adj[j]:
                    out[v] += 1.0 / (1 + len(linked & adj[k]))
    return out


def _weighted_adjacency(g: Graph) -> list[dict[int, int]]:
    n, a, b, s, _ = g
    adj: list[dict[int, int]] = [{} for _ in range(n)]
    for u, v, w in zip(a.tolist(), b.tolist(), s.tolist(), strict=True):
        adj[u][v] = w
        adj[v][u] = w
    return adj


def effective_size(g: Graph) -> np.ndarray:
    """Burt's effective size, unweighted (Borgatti): degree - 2 * ties among contacts / degree.
    (networkx's effective_size gives the same but took 220 s on 2,000 nodes, so it is not used.)"""
    adj = _weighted_adjacency(g)
    out = np.zeros(g[0])
    for v, contacts in enumerate(adj):
        if contacts:
            ties = sum(len(contacts.keys() & adj[u].keys()) for u in contacts) / 2
            out[v] = len(contacts) - 2 * ties / len(contacts)
    return out


def low_constraint(g: Graph) -> np.ndarray:
    """Burt's constraint with strength-weighted p_ij, negated: less constrained = broker.
    Isolated people get -1 (fully constrained). Matches networkx.constraint(weight=...)."""
    adj = _weighted_adjacency(g)
    share = [{u: w / sum(c.values()) for u, w in c.items()} for c in adj]
    out = np.full(g[0], -1.0)
    for i, p_i in enumerate(share):
        if p_i:
            out[i] = -sum(
                (p_ij + sum(p_i[q] * share[q][j] for q in p_i.keys() & share[j].keys())) ** 2
                for j, p_ij in p_i.items()
            )
    return out


def cross_group_ties(g: Graph) -> np.ndarray:
    """Ties to people in another group."""
    n, a, b, _, group = g
    crossing = group[a] != group[b]
    return np.bincount(np.concatenate([a[crossing], b[crossing]]), minlength=n).astype(float)


def degree(g: Graph) -> np.ndarray:
    """Number of ties (baseline)."""
    n, a, b, _, _ = g
    return np.bincount(np.concatenate([a, b]), minlength=n).astype(float)


CANDIDATES: dict[str, Callable[[Graph], np.ndarray]] = {
    "degree (baseline)": degree,
    "cross-group ties": cross_group_ties,
    "Burt effective size (unweighted)": effective_size,
    "Burt constraint (low)": low_constraint,
    "ego betweenness": ego_betweenness,
    "range-limited betweenness (d<=3)": range_limited,
    "pivot sampling, plain, k=64": sampled(64, False),
    "pivot sampling, plain, k=256": sampled(256, False),
    "pivot sampling, linear, k=64": sampled(64, True),
    "pivot sampling, linear, k=256": sampled(256, True),
    "pivot sampling, linear, k=512": sampled(512, True),
    "**chosen**: linear, choose_pivots(m)": production,
}


def timed(fn: Callable, *args, **kwargs) -> tuple[object, float, float]:
    """Result, wall seconds, process CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def exact_own(g: Graph) -> np.ndarray:
    """Exact weighted betweenness with the production code, every connected node a source."""
    csr = _csr(g)
    everyone = np.flatnonzero(csr.degree > 0)
    return estimate_betweenness(csr, everyone, len(everyone))


def faithfulness_small() -> None:
    """Spearman and top-20 overlap against exact betweenness on four small graph shapes."""
    graphs = small_graphs()
    scores: dict[str, dict[str, str]] = {name: {} for name in CANDIDATES}
    header = ["measure"]
    for title, g in graphs.items():
        exact, wall, _ = timed(exact_own, g)
        if g[0] <= 500:  # cross-check the reference against networkx where that is quick
            gap = np.abs(exact - exact_networkx(g)).max()
            assert gap < 1e-6, gap
            title += ", = networkx"
        header.append(f"{title} ({len(g[1]):,} ties; exact {wall:.1f}s): rho / top-20")
        for name, measure in CANDIDATES.items():
            score = measure(g)
            scores[name][title] = f"{spearman(score, exact):.3f} / {top_overlap(score, exact, 20)}"
    print("\n### Faithfulness vs exact weighted betweenness (own exact Brandes), small graphs\n")
    print(table(header, [[name, *cells.values()] for name, cells in scores.items()]))


def faithfulness_20k() -> None:
    """The same candidates on a 20k-node / 100k-tie district, with timings."""
    g = district_graph(20_000, 100_000, seed=7)
    csr = _csr(g)
    everyone = np.flatnonzero(csr.degree > 0)
    exact, wall, cpu = timed(estimate_betweenness, csr, everyone, len(everyone))
    print(
        f"\n### District 20,000 people / 100,000 ties (exact: {wall:.0f}s wall, {cpu:.0f}s CPU)\n"
    )
    rows = []
    for name, measure in CANDIDATES.items():
        score, wall, cpu = timed(measure, g)
        rows.append(
            [
                name,
                f"{wall:.1f}",
                f"{cpu:.1f}",
                f"{spearman(score, exact):.3f}",
                str(top_overlap(score, exact, 20)),
                str(top_overlap(score, exact, 100)),
            ]
        )
    print(table(["measure", "wall s", "CPU s", "Spearman", "top-20", "top-100"], rows))


def at_scale() -> None:
    """compute_metrics, PageRank and intro-path queries on 100k people / 500k ties."""
    n, m = 100_000, 500_000
    g, gen_wall, _ = timed(district_graph, n, m, seed=0)
    _, a, b, s, group = g
    nodes = list(range(n))
    edges = list(zip(a.tolist(), b.tolist(), s.tolist(), strict=True))
    groups = {i: GROUPS[c] for i, c in enumerate(group.tolist())}
    deg = np.bincount(np.concatenate([a, b]), minlength=n)
    print(f"\n### {n:,} people / {m:,} ties, 14 groups (generated in {gen_wall:.1f}s)\n")
    print(
        f"Degree: mean {deg.mean():.1f}, median {np.median(deg):.0f}, "
        f"p99 {np.percentile(deg, 99):.0f}, max {deg.max()}; isolated {int((deg == 0).sum())}; "
        f"cross-group ties {(group[a] != group[b]).mean():.1%}\n"
    )
    rows = []
    first, wall, cpu = timed(compute_metrics, nodes, edges, groups)
    rows.append(["compute_metrics (all metrics)", f"{wall:.1f}", f"{cpu:.1f}"])
    print(f"Method: {first.brokerage_method}\n")
    tracemalloc.start()
    second, wall2, cpu2 = timed(compute_metrics, nodes, edges, groups, seed=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows.append(["compute_metrics, seed 1, under tracemalloc", f"{wall2:.1f}", f"{cpu2:.1f}"])
    x = np.array([first.by_node[i].brokerage for i in nodes])
    y = np.array([second.by_node[i].brokerage for i in nodes])

    csr = build_csr(n, a, b, s)
    digraph, wall, cpu = timed(_pagerank_graph, n, csr.tail, csr.neighbour, csr.strength)
    rows.append(["rustworkx PyDiGraph build (both directions)", f"{wall:.1f}", f"{cpu:.1f}"])
    _, wall, cpu = timed(rx.pagerank, digraph, weight_fn=float, tol=1e-12, max_iter=1000)
    rows.append(["rustworkx.pagerank alone (tol 1e-12)", f"{wall:.1f}", f"{cpu:.1f}"])
    connected = np.flatnonzero(csr.degree > 0)
    some = np.sort(np.random.default_rng(0).choice(connected, 2000, replace=False))
    _, wall, cpu = timed(estimate_betweenness, csr, some, 1, linear_scaling=False, max_distance=3)
    rows.append(
        [
            "range-limited betweenness (d<=3), extrapolated from 2,000 sources",
            f"{wall * len(connected) / 2000:.0f}",
            f"{cpu * len(connected) / 2000:.0f}",
        ]
    )
    _, wall, cpu = timed(effective_size, g)
    rows.append(["Burt effective size (pure Python)", f"{wall:.1f}", f"{cpu:.1f}"])
    big = np.sort(np.random.default_rng(99).choice(connected, 4096, replace=False))
    reference, wall, cpu = timed(estimate_betweenness, csr, big, len(connected))
    rows.append(
        ["reference: 4,096-source estimate (not used in production)", f"{wall:.0f}", f"{cpu:.0f}"]
    )
    print(table(["step", "wall s", "CPU s"], rows))
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nPeak traced memory (tracemalloc) in compute_metrics: {peak / 2**20:.0f} MiB; "
        f"process peak RSS so far: {rss_mib:.0f} MiB"
    )
    print(
        f"Seed 0 vs seed 1 brokerage: Spearman {spearman(x, y):.3f}, top-20 overlap "
        f"{top_overlap(x, y, 20)}, top-100 overlap {top_overlap(x, y, 100)}"
    )
    print(
        f"Seed 0 ({first.sources_used} sources) vs the 4,096-source reference: "
        f"Spearman {spearman(x, reference):.3f}"
        f", top-20 overlap {top_overlap(x, reference, 20)}, top-100 overlap "
        f"{top_overlap(x, reference, 100)}\n"
    )
    intro_paths(edges, n)


def _pagerank_graph(n: int, tails, heads, strengths) -> rx.PyDiGraph:
    graph = rx.PyDiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(list(zip(tails.tolist(), heads.tolist(), strengths.tolist(), strict=True)))
    return graph


def intro_paths(edges: list[tuple[int, int, int]], n: int) -> None:
    """IntroGraph build time and query latency percentiles."""
    with_ids = [(a, b, s, i) for i, (a, b, s) in enumerate(edges)]
    graph, wall, _ = timed(IntroGraph.from_edges, with_ids)
    rng = np.random.default_rng(5)
    rows = []
    hub = int(graph.ids[np.argmax(graph.degree)])
    for share in (0.002, 0.05, 0.20):
        sources = set(rng.choice(n, int(n * share), replace=False).tolist())
        times = []
        for target in rng.choice(n, 200, replace=False).tolist():
            start = time.perf_counter()
            graph.best_paths(target, sources)
            times.append(time.perf_counter() - start)
        _, hub_wall, _ = timed(graph.best_paths, hub, sources)
        p50, p99 = np.percentile(times, [50, 99]) * 1000
        rows.append(
            [
                f"{share:.1%} ({len(sources):,})",
                f"{p50:.2f}",
                f"{p99:.2f}",
                f"{max(times) * 1000:.2f}",
                f"{hub_wall * 1000:.2f}",
            ]
        )
    print(f"Intro paths: IntroGraph.from_edges on {len(edges):,} ties: {wall:.2f}s\n")
    header = [
        "sources (share)",
        "p50 ms",
        "p99 ms",
        "max ms",
        f"top hub (degree {graph.degree.max()}) ms",
    ]
    print(table(header, rows))


def main() -> None:
    """Run every section and print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 20k exact study")
    parser.add_argument("--only", choices=["scale", "small", "20k"], help="run one section")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"Machine: {platform.machine()}, {cpus} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, rustworkx {rx.__version__}, networkx {nx.__version__}; "
        f"load average at start {os.getloadavg()[0]:.2f}"
    )
    started = time.perf_counter()
    if args.only in (None, "scale"):
        at_scale()
    if args.only in (None, "small"):
        faithfulness_small()
    if args.only == "20k" or (args.only is None and not args.quick):
        faithfulness_20k()
    print(
        f"\nTotal {time.perf_counter() - started:.0f}s; load average at end "
        f"{os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
