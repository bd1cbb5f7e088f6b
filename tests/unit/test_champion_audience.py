"""Champion finder additions: audiences in words, explaining one candidate, and ranking
large pools without reasons gives the same order and scores as rank_champions."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.champions import (
    Candidate,
    Weights,
    audience_label,
    audience_reach_text,
    component_figures,
    explain,
    rank_champions,
    rank_key,
    score_candidates,
)

TODAY = date(2026, 11, 23)


def person(id_=1, name="Ana", **kw) -> Candidate:
    base = dict(kind="person", group="parent", influence=3, interest=3, engagement="neutral")
    return Candidate(id=id_, name=name, **{**base, **kw})


def test_audience_label_reads_like_a_sentence():
    assert audience_label("parent", "Northwood Elementary", "Spanish") == \
        "Spanish-speaking parents/families at Northwood Elementary"
    assert audience_label("business") == "businesses"
    assert audience_label(language="Somali") == "Somali-speaking stakeholders"
    assert audience_label(school="Northwood Elementary", count=1) == \
        "stakeholder at Northwood Elementary"


def test_audience_reach_counts_ties_and_membership():
    args = ("parent", "Northwood Elementary", "Spanish")
    assert audience_reach_text(1, False, *args) == \
        "1 Spanish-speaking parent/family at Northwood Elementary"
    assert audience_reach_text(3, True, *args) == \
        "3 Spanish-speaking parents/families at Northwood Elementary (and is one)"
    assert audience_reach_text(0, True, *args) == \
        "Spanish-speaking parents/families at Northwood Elementary as one of them"
    assert audience_reach_text(0, False, *args) == ""


def test_explain_gives_the_score_points_and_reasons_of_rank_champions():
    c = person(engagement="leading", influence=5, brokerage_pct=97.0,
               groups_reached=frozenset({"business", "parent", "media"}),
               audience_reach="2 businesses")
    [expected] = rank_champions([c], Weights(), ["media"], TODAY)
    assert explain(c, Weights(), ["media"], TODAY) == expected
    assert "reaches 2 businesses" in expected.reasons


def test_component_figures_name_the_raw_values():
    c = person(influence=4, engagement="supportive", last_contact=TODAY - timedelta(days=12),
               groups_reached=frozenset({"media"}), answers={"respected": True,
                                                             "available": False})
    figures = component_figures(c, ["media", "health", "parent"], TODAY)
    assert figures["influence"] == "influence 4 of 5"
    assert figures["engagement"] == "supportive"
    assert figures["reach"] == "reaches 1 of 2 missing groups"  # their own group not counted
    assert figures["recency"] == "last contact 12 days ago"
    assert figures["questions"] == "1 yes of 4 (2 asked)"
    assert component_figures(person(), [], TODAY)["reach"] == "no missing groups to reach"


candidates = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000), name=st.sampled_from(["Ana", "ben", "Cy", "ana"]),
        kind=st.just("person"), group=st.sampled_from(["parent", "business", "media"]),
        influence=st.integers(1, 5), interest=st.integers(1, 5),
        engagement=st.sampled_from(["resistant", "unaware", "neutral", "supportive", "leading"]),
        brokerage_pct=st.floats(0, 100), pagerank_pct=st.floats(0, 100),
        groups_reached=st.frozensets(st.sampled_from(["parent", "business", "media"])),
        last_contact=st.one_of(st.none(), st.dates(TODAY - timedelta(days=400), TODAY)),
        answers=st.dictionaries(st.sampled_from(["respected", "passionate", "connected",
                                                 "available"]),
                                st.one_of(st.none(), st.booleans())),
    ),
    max_size=30, unique_by=lambda c: c.id,
)
weights = st.builds(Weights, **{k: st.integers(0, 100) for k in Weights().as_dict()})


@settings(max_examples=60, deadline=None)
@given(candidates, weights, st.lists(st.sampled_from(["parent", "business", "media"])))
def test_score_candidates_matches_rank_champions(pool, w, missing):
    fast = score_candidates(pool, w, missing, TODAY)
    slow = rank_champions(pool, w, missing, TODAY)
    assert [(score, c.id) for score, c in fast] == [(s.score, s.candidate.id) for s in slow]
    assert fast == sorted(fast, key=lambda pair: rank_key(*pair))
