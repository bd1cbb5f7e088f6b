"""Unit tests for app.domain.intro_paths: warm introduction chains to a target."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.intro_paths import (
    IntroGraph,
    IntroPath,
    best_intro_paths,
    is_affiliation,
    tie_cost,
    with_affiliations,
)

QUICK = settings(max_examples=150, deadline=None, database=None)


def nodes_of(paths: list[IntroPath]) -> list[tuple[int, ...]]:
    return [p.nodes for p in paths]


def brute_force(target, edges, sources, max_hops, limit):
    """Every simple path by depth-first search: the reference the fast search must match.

    A source ends a path: it is never walked through (its own path is the warmer one)."""
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
        if len(edge_ids) < max_hops and (len(path) == 1 or node not in sources):
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


def test_no_path_goes_through_an_introducer_already_listed():
    # 2 is an introducer tied to the target; 1 reaches the target only through 2 (warmer
    # than 1's own weak tie) or through 3, who is not an introducer.
    edges = [(1, 2, 3, 1), (2, 9, 3, 2), (1, 3, 2, 3), (3, 9, 2, 4), (1, 9, 1, 5)]
    paths = best_intro_paths(9, edges, {1, 2})
    assert nodes_of(paths) == [(2, 9), (1, 9)]
    assert all(n not in {1, 2} for p in paths for n in p.nodes[1:-1])
    # Without the weak direct tie, 1's best path avoids 2 as well: through 3.
    assert nodes_of(best_intro_paths(9, edges[:4], {1, 2})) == [(2, 9), (1, 3, 9)]
    # And with 2 as the only way on, 1 has no path of their own: 2's path says it all.
    assert nodes_of(best_intro_paths(9, edges[:2], {1, 2})) == [(2, 9)]


def test_three_tie_paths_skip_introducers_in_the_middle():
    chain = [(1, 2, 3, 1), (2, 3, 3, 2), (3, 9, 3, 3), (1, 4, 1, 4), (4, 5, 1, 5), (5, 9, 1, 6)]
    assert nodes_of(best_intro_paths(9, chain, {1, 2})) == [(2, 3, 9), (1, 4, 5, 9)]
    assert nodes_of(best_intro_paths(9, chain, {1, 3})) == [(3, 9), (1, 4, 5, 9)]


def test_an_affiliation_is_a_strong_tie_to_the_organisation():
    relationships = [(1, 2, 2, 10)]  # 1 (introducer) knows 2, who is the owner of 50
    ties = with_affiliations(relationships, [(2, 50, 7)])
    [path] = best_intro_paths(50, ties, {1})
    assert path.nodes == (1, 2, 50) and path.strengths == (2, 3) and path.cost == 3
    assert path.edge_ids == (10, -7) and is_affiliation(path.edge_ids[1])
    assert not is_affiliation(path.edge_ids[0])
    assert best_intro_paths(50, relationships, {1}) == [], "without it: a dead end"


def test_an_affiliation_and_a_relationship_of_one_pair_make_one_tie():
    # Two titles at one organisation: one tie, the first affiliation's.
    ties = with_affiliations([], [(2, 50, 8), (2, 50, 7)])
    assert ties.tolist() == [[2, 50, 3, -7]]
    # A weaker relationship of the same pair gives way to the affiliation...
    ties = with_affiliations([(50, 2, 1, 10), (1, 2, 3, 11)], [(2, 50, 7)])
    assert sorted(map(tuple, ties.tolist())) == [(1, 2, 3, 11), (2, 50, 3, -7)]
    # ... and a strong one is kept: it says how they know each other.
    ties = with_affiliations([(50, 2, 3, 10)], [(2, 50, 7)])
    assert ties.tolist() == [[50, 2, 3, 10]]
    IntroGraph.from_edges(ties)  # never two edges for one pair
    big = 4_000_000_000  # ids too large to key pairs by multiplication: ranked first
    ties = with_affiliations([(big + 50, big + 2, 1, 10)], [(big + 2, big + 50, 7)])
    assert ties.tolist() == [[big + 2, big + 50, 3, -7]]


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
