"""Unit tests for app.domain.intro_paths: warm introduction chains to a target."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.intro_paths import IntroGraph, IntroPath, best_intro_paths, tie_cost

QUICK = settings(max_examples=150, deadline=None, database=None)


def nodes_of(paths: list[IntroPath]) -> list[tuple[int, ...]]:
    return [p.nodes for p in paths]


def brute_force(target, edges, sources, max_hops, limit):
    """Every simple path by depth-first search: the reference the fast search must match."""
    adjacency: dict[int, list[tuple[int, int, int]]] = {}
    for a, b, strength, edge_id in edges:
        adjacency.setdefault(a, []).append((b, strength, edge_id))
        adjacency.setdefault(b, []).append((a, strength, edge_id))
    best: dict[int, tuple] = {}

    def walk(path, edge_ids, strengths, cost):
        node = path[-1]
        if len(path) > 1 and node in sources:
            key = (cost, len(edge_ids), tuple(reversed(path)))
            if node not in best or key < best[node][0]:
                best[node] = (key, tuple(reversed(edge_ids)), tuple(reversed(strengths)))
        if len(edge_ids) < max_hops:
            for nxt, strength, edge_id in adjacency.get(node, []):
                if nxt not in path:
                    walk(
                        [*path, nxt],
                        [*edge_ids, edge_id],
                        [*strengths, strength],
                        cost + tie_cost(strength),
                    )

    walk([target], [], [], 0)
    return [
        IntroPath(key[2], ids, strengths, key[0])
        for key, ids, strengths in sorted(best.values())[:limit]
    ]


def test_direct_strong_tie_beats_a_chain():
    edges = [(1, 9, 3, 100), (1, 2, 3, 101), (2, 9, 3, 102)]
    [path] = best_intro_paths(9, edges, {1})
    assert path.nodes == (1, 9) and path.edge_ids == (100,) and path.cost == 1 and path.hops == 1


def test_strong_two_hop_chain_beats_a_weak_direct_tie():
    edges = [(1, 9, 1, 100), (1, 2, 3, 101), (2, 9, 3, 102)]  # direct costs 3, chain costs 2
    [path] = best_intro_paths(9, edges, {1})
    assert path.nodes == (1, 2, 9)
    assert path.edge_ids == (101, 102) and path.strengths == (3, 3) and path.cost == 2


def test_equal_cost_prefers_fewer_hops():
    edges = [(1, 9, 2, 100), (1, 2, 3, 101), (2, 9, 3, 102)]  # both cost 2
    assert nodes_of(best_intro_paths(9, edges, {1})) == [(1, 9)]


def test_ties_are_broken_by_node_ids():
    edges = [(5, 9, 2, 1), (3, 9, 2, 2), (3, 7, 3, 3), (7, 9, 3, 4), (3, 4, 3, 5), (4, 9, 3, 6)]
    paths = best_intro_paths(9, edges, {5, 3, 7, 4})
    assert nodes_of(paths) == [(4, 9), (7, 9), (3, 9), (5, 9)]
    # Without its direct tie, source 3 has two equally warm chains: the lower node id wins.
    only = best_intro_paths(9, [e for e in edges if e[3] != 2], {3})
    assert nodes_of(only) == [(3, 4, 9)]


def test_one_path_per_source_and_limit():
    edges = [(s, 9, 3, s) for s in range(1, 8)] + [(1, 2, 3, 50)]
    paths = best_intro_paths(9, edges, set(range(1, 8)), limit=3)
    assert nodes_of(paths) == [(1, 9), (2, 9), (3, 9)]
    assert best_intro_paths(9, edges, set(range(1, 8)), limit=0) == []


def test_no_path_longer_than_three_hops():
    chain = [(1, 2, 3, 1), (2, 3, 3, 2), (3, 4, 3, 3), (4, 9, 3, 4)]
    assert best_intro_paths(9, chain, {1}) == []
    assert nodes_of(best_intro_paths(9, chain, {2})) == [(2, 3, 4, 9)]
    assert best_intro_paths(9, chain, {2}, max_hops=2) == []


def test_unreachable_unknown_and_self_targets():
    edges = [(1, 2, 3, 1), (3, 4, 3, 2)]
    assert best_intro_paths(4, edges, {1}) == []
    assert best_intro_paths(42, edges, {1}) == []
    assert best_intro_paths(2, edges, {2}) == []  # the target is not their own introducer
    assert best_intro_paths(2, edges, set()) == []


def test_target_that_is_a_source_is_still_reached_by_others():
    edges = [(1, 2, 3, 1), (2, 3, 2, 2)]
    assert nodes_of(best_intro_paths(2, edges, {1, 2, 3})) == [(1, 2), (3, 2)]


def test_graph_is_reusable_and_validates_input():
    graph = IntroGraph.from_edges([(1, 2, 3, 10), (2, 3, 1, 11)])
    assert nodes_of(graph.best_paths(3, {1})) == [(1, 2, 3)]
    assert best_intro_paths(1, graph, {3})[0].edge_ids == (11, 10)
    with pytest.raises(ValueError, match="max_hops"):
        graph.best_paths(3, {1}, max_hops=4)
    with pytest.raises(ValueError, match="self loops"):
        IntroGraph.from_edges([(1, 1, 3, 1)])
    with pytest.raises(ValueError, match="strength"):
        IntroGraph.from_edges([(1, 2, 0, 1)])
    with pytest.raises(ValueError, match="one edge per pair"):
        IntroGraph.from_edges([(1, 2, 3, 1), (2, 1, 2, 2)])


@st.composite
def introduction_cases(draw):
    n = draw(st.integers(2, 11))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1))
    edges = [(a * 3 + 7, b * 3 + 7, draw(st.integers(1, 3)), i) for i, (a, b) in enumerate(chosen)]
    people = sorted({x for e in edges for x in e[:2]})
    sources = draw(st.sets(st.sampled_from(people)))
    target = draw(st.sampled_from(people))
    return edges, sources, target, draw(st.integers(1, 3)), draw(st.integers(1, 6))


@QUICK
@given(introduction_cases())
def test_paths_are_simple_short_sorted_and_match_brute_force(case):
    edges, sources, target, max_hops, limit = case
    paths = best_intro_paths(target, edges, sources, max_hops=max_hops, limit=limit)
    by_id = {e[3]: e for e in edges}
    for path in paths:
        assert len(set(path.nodes)) == len(path.nodes)
        assert 1 <= path.hops <= max_hops and path.source in sources and path.target == target
        assert path.source != target
        for (a, b), edge_id, strength in zip(
            zip(path.nodes, path.nodes[1:], strict=False),
            path.edge_ids,
            path.strengths,
            strict=True,
        ):
            assert {a, b} == set(by_id[edge_id][:2]) and by_id[edge_id][2] == strength
        assert path.cost == sum(tie_cost(s) for s in path.strengths)
    keys = [(p.cost, p.hops) for p in paths]
    assert keys == sorted(keys)
    assert len({p.source for p in paths}) == len(paths) <= limit
    assert paths == brute_force(target, edges, sources, max_hops, limit)


@QUICK
@given(introduction_cases())
def test_both_search_directions_agree_with_brute_force(case):
    """One source (searched from the source side) and everyone (from the target side)."""
    edges, _, target, _, limit = case
    people = sorted({x for e in edges for x in e[:2]})
    for sources in (set(people[:1]), set(people)):
        assert best_intro_paths(target, edges, sources, limit=limit) == brute_force(
            target, edges, sources, 3, limit
        )
