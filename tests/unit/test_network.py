"""Unit tests for app.domain.network: metrics, brokerage vs exact betweenness, edge cases."""

import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.network import (
    NetworkMetrics,
    build_csr,
    choose_pivots,
    compute_metrics,
    estimate_betweenness,
    percentiles,
    tie_distance,
)

QUICK = settings(max_examples=60, deadline=None, database=None)


def metrics_of(graph: nx.Graph, strength: int = 2, groups=None, **kwargs) -> NetworkMetrics:
    edges = [(u, v, strength) for u, v in graph.edges()]
    return compute_metrics(list(graph), edges, groups or {n: "parent" for n in graph}, **kwargs)


def two_cliques_with_bridge() -> tuple[nx.Graph, int]:
    graph = nx.union(nx.complete_graph(6), nx.complete_graph(range(10, 16)))
    graph.add_edges_from([(0, 99), (99, 10)])
    return graph, 99


def exact_betweenness(graph: nx.Graph, edges) -> dict[int, float]:
    weighted = nx.Graph()
    weighted.add_nodes_from(graph)
    weighted.add_weighted_edges_from(((a, b, tie_distance(s)) for a, b, s in edges), "d")
    return nx.betweenness_centrality(weighted, weight="d")


def test_tie_distance_makes_stronger_ties_shorter():
    assert [tie_distance(s) for s in (1, 2, 3)] == [3, 2, 1]


def test_star_centre_is_top_broker_and_leader():
    result = metrics_of(nx.star_graph(8))
    centre = result.by_node[0]
    assert result.top_brokers(1)[0].node == 0
    assert result.top_leaders(1)[0].node == 0
    assert centre.brokerage == pytest.approx(1.0)
    assert centre.degree == 8 and centre.weighted_degree == 16
    assert centre.brokerage_percentile == pytest.approx(8 / 9 * 100)
    for leaf in range(1, 9):
        assert result.by_node[leaf].brokerage == 0
        assert result.by_node[leaf].brokerage_percentile == 0


def test_bridge_between_two_cliques_is_top_broker_and_top_exact_betweenness():
    graph, bridge = two_cliques_with_bridge()
    result = metrics_of(graph)
    assert result.top_brokers(1)[0].node == bridge
    exact = nx.betweenness_centrality(graph)
    assert max(exact, key=exact.get) == bridge


def test_karate_club_leaders_rank_top_three():
    graph = nx.karate_club_graph()
    groups = {n: graph.nodes[n]["club"] for n in graph}
    for strength_of in (lambda w: 2, lambda w: min(3, (w + 1) // 2)):
        edges = [(u, v, strength_of(d["weight"])) for u, v, d in graph.edges(data=True)]
        result = compute_metrics(list(graph), edges, groups)
        assert {0, 33} <= {m.node for m in result.top_leaders(3)}
        assert {0, 33} <= {m.node for m in result.top_brokers(3)}


def test_small_graph_brokerage_is_exact_weighted_betweenness():
    graph = nx.barabasi_albert_graph(120, 2, seed=3)
    rng = random.Random(3)
    edges = [(u, v, rng.randint(1, 3)) for u, v in graph.edges()]
    result = compute_metrics(list(graph), edges, {n: "x" for n in graph})
    assert result.brokerage_exact
    assert result.brokerage_method.startswith("brokerage (exact betweenness")
    exact = exact_betweenness(graph, edges)
    for node, value in exact.items():
        assert result.by_node[node].brokerage == pytest.approx(value, abs=1e-9)


def test_plain_and_range_limited_variants_used_by_the_benchmark():
    graph = nx.barabasi_albert_graph(60, 2, seed=4)
    rng = random.Random(4)
    edges = [(u, v, rng.randint(1, 3)) for u, v in graph.edges()]
    arr = np.array(edges)
    csr = build_csr(60, arr[:, 0], arr[:, 1], arr[:, 2])
    everyone = np.arange(60)
    exact = nx.betweenness_centrality(
        nx.Graph([(a, b, {"d": tie_distance(s)}) for a, b, s in edges]),
        weight="d",
        normalized=False,
    )
    expected = [exact[i] for i in range(60)]
    plain = estimate_betweenness(csr, everyone, 60, linear_scaling=False)
    assert plain.tolist() == pytest.approx(expected)
    unlimited = estimate_betweenness(csr, everyone, 60, linear_scaling=False, max_distance=99)
    assert unlimited.tolist() == pytest.approx(expected)
    # Within distance 1 nobody sits between two people, so range-limited betweenness is 0.
    assert not estimate_betweenness(csr, everyone, 60, linear_scaling=False, max_distance=1).any()


def test_sampled_brokerage_is_named_seeded_and_finds_the_bridge():
    graph = nx.union(nx.complete_graph(10), nx.complete_graph(range(10, 20)))
    bridge = 99
    graph.add_edges_from((bridge, n) for n in (0, 1, 2, 10, 11, 12))
    first = metrics_of(graph, pivots=6, seed=1)
    assert not first.brokerage_exact and first.sources_used == 6
    assert first.brokerage_method.startswith("brokerage (approx. betweenness:")
    assert metrics_of(graph, pivots=6, seed=1) == first
    assert first.top_brokers(1)[0].node == bridge
    assert metrics_of(graph, pivots=6, seed=2).top_brokers(1)[0].node == bridge


def test_pivot_count_follows_work_budget():
    assert choose_pivots(500_000) == 512
    assert choose_pivots(100_000) == 2560
    assert choose_pivots(0) > 0


def test_isolated_node_gets_zero_next_to_connected_ones():
    graph = nx.path_graph(4)
    graph.add_node(50)
    result = metrics_of(graph)
    lonely = result.by_node[50]
    assert lonely.degree == lonely.weighted_degree == lonely.pagerank == lonely.brokerage == 0
    assert lonely.pagerank_percentile == 0 and lonely.brokerage_percentile == 0
    assert lonely.groups_reached == frozenset() and lonely.groups_reached_count == 0
    assert result.by_node[1].brokerage > 0


def test_disconnected_components_each_have_their_broker():
    graph = nx.disjoint_union(nx.star_graph(4), nx.star_graph(3))
    result = metrics_of(graph)
    assert result.by_node[0].brokerage > 0 and result.by_node[5].brokerage > 0
    assert result.by_node[0].brokerage > result.by_node[5].brokerage


def test_graph_without_edges_gives_everyone_zero():
    result = compute_metrics([3, 1, 2], [], {1: "parent"})
    assert set(result.by_node) == {1, 2, 3}
    for m in result.by_node.values():
        values = (m.degree, m.pagerank, m.brokerage, m.pagerank_percentile, m.brokerage_percentile)
        assert values == (0, 0, 0, 0, 0)
    assert result.edge_count == 0 and result.sources_used == 0


def test_empty_graph():
    result = compute_metrics([], [], {})
    assert dict(result.by_node) == {} and result.top_brokers() == []


def test_groups_reached_excludes_own_and_unknown_groups():
    edges = [(1, 2, 3), (1, 3, 1), (1, 4, 2), (1, 5, 2), (2, 3, 2)]
    groups = {1: "parent", 2: "parent", 3: "business", 4: "faith"}  # 5 has no group
    result = compute_metrics([1, 2, 3, 4, 5], edges, groups)
    assert result.by_node[1].groups_reached == frozenset({"business", "faith"})
    assert result.by_node[1].groups_reached_count == 2
    assert result.by_node[1].cross_group_ties == 2
    assert result.by_node[5].group is None
    assert result.by_node[5].groups_reached == frozenset({"parent"})


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([(1, 1, 2)], "self loops"),
        ([(1, 9, 2)], "not in nodes"),
        ([(1, 2, 4)], "strength"),
        ([(1, 2, 2), (2, 1, 3)], "one edge per pair"),
    ],
)
def test_bad_edges_are_rejected(edges, message):
    with pytest.raises(ValueError, match=message):
        compute_metrics([1, 2, 3], edges, {})


def test_percentiles_count_strictly_lower_scores():
    assert percentiles(np.array([0.0, 0.0, 1.0, 2.0])).tolist() == [0, 0, 50, 75]
    assert percentiles(np.array([0.3, 0.3 * (1 + 1e-13)])).tolist() == [0, 0]  # float noise ties
    assert percentiles(np.zeros(0)).tolist() == []


def test_same_input_in_any_order_gives_same_output():
    graph = nx.watts_strogatz_graph(60, 4, 0.2, seed=5)
    rng = random.Random(5)
    edges = [(u, v, rng.randint(1, 3)) for u, v in graph.edges()]
    groups = {n: f"g{n % 4}" for n in graph}
    first = compute_metrics(list(graph), edges, groups, pivots=10)
    shuffled = edges[::-1]
    nodes = list(graph)[::-1]
    assert compute_metrics(nodes, shuffled, groups, pivots=10) == first
    assert compute_metrics(list(graph), edges, groups, pivots=10) == first


@st.composite
def small_graphs(draw):
    n = draw(st.integers(0, 14))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
    edges = [(a, b, draw(st.integers(1, 3))) for a, b in chosen]
    groups = {i: draw(st.sampled_from(["parent", "business", "educator"])) for i in range(n)}
    return list(range(n)), edges, groups


@QUICK
@given(small_graphs(), st.booleans())
def test_random_graphs_give_bounded_finite_metrics(graph, sampled):
    nodes, edges, groups = graph
    result = compute_metrics(nodes, edges, groups, pivots=3 if sampled else None)
    assert set(result.by_node) == set(nodes)
    assert sum(m.degree for m in result.by_node.values()) == 2 * len(edges)
    for m in result.by_node.values():
        for value in (m.pagerank, m.brokerage, m.pagerank_percentile, m.brokerage_percentile):
            assert math.isfinite(value)
        assert 0 <= m.pagerank_percentile < 100 and 0 <= m.brokerage_percentile < 100
        assert 0 <= m.brokerage <= 1 and m.pagerank >= 0
        assert m.groups_reached_count <= m.degree
        assert m.group not in m.groups_reached


@QUICK
@given(small_graphs(), st.data())
def test_adding_an_edge_never_lowers_degree(graph, data):
    nodes, edges, groups = graph
    present = {(a, b) for a, b, _ in edges}
    missing = [(a, b) for a in nodes for b in nodes if a < b and (a, b) not in present]
    if not missing:
        return
    a, b = data.draw(st.sampled_from(missing))
    before = compute_metrics(nodes, edges, groups)
    after = compute_metrics(nodes, [*edges, (a, b, data.draw(st.integers(1, 3)))], groups)
    for node in nodes:
        assert after.by_node[node].degree >= before.by_node[node].degree
        assert after.by_node[node].weighted_degree >= before.by_node[node].weighted_degree
    assert after.by_node[a].degree == before.by_node[a].degree + 1
