"""The champion score: each component alone, together, and how weights move the ranking."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.champions import (
    Candidate,
    Weights,
    champion_score,
    component_figures,
    component_values,
    rank_champions,
    reasons,
)

TODAY = date(2026, 11, 23)


def person(id_=1, name="Ana", **kw) -> Candidate:
    base = dict(kind="person", group="parent", influence=3, interest=3, engagement="neutral")
    return Candidate(id=id_, name=name, **{**base, **kw})


def only(component: str) -> Weights:
    return Weights(**{f: (100 if f == component else 0) for f in Weights().as_dict()})


@pytest.mark.parametrize(("influence", "expected"), [(1, 0.0), (3, 0.5), (5, 1.0)])
def test_influence_is_normalised(influence, expected):
    assert component_values(person(influence=influence), [], TODAY)["influence"] == expected


def test_supportive_and_leading_count_and_resistant_subtracts():
    values = {lvl: component_values(person(engagement=lvl), [], TODAY)["engagement"]
              for lvl in ("resistant", "unaware", "neutral", "supportive", "leading")}
    assert values["resistant"] < 0 == values["unaware"] < values["neutral"]
    assert values["neutral"] < values["supportive"] < values["leading"] == 1.0


def test_reach_counts_only_missing_groups_other_than_their_own():
    c = person(group="parent", groups_reached=frozenset({"business", "parent", "faith"}))
    assert component_values(c, ["business", "media"], TODAY)["reach"] == 0.5
    assert component_values(c, ["parent"], TODAY)["reach"] == 0.0
    assert component_values(c, [], TODAY)["reach"] == 0.0


def test_recency_fades_from_thirty_to_a_hundred_and_eighty_days():
    at = lambda days: component_values(  # noqa: E731
        person(last_contact=TODAY - timedelta(days=days)), [], TODAY)["recency"]
    assert at(0) == at(30) == 1.0
    assert at(105) == pytest.approx(0.5)
    assert at(180) == at(400) == 0.0
    assert component_values(person(), [], TODAY)["recency"] == 0.0


def test_champion_questions_count_each_yes():
    c = person(answers={"respected": True, "passionate": True, "connected": False})
    assert component_values(c, [], TODAY)["questions"] == 0.5


def test_score_is_the_sum_of_weighted_components():
    c = person(influence=5, engagement="leading", brokerage_pct=80.0)
    score, points = champion_score(c, Weights(), [], TODAY)
    assert points["influence"] == 20 and points["engagement"] == 20
    assert points["brokerage"] == 12
    assert score == pytest.approx(sum(points.values()))


def test_each_weight_alone_ranks_by_its_component():
    broker = person(1, "Broker", brokerage_pct=99.0, influence=1)
    powerful = person(2, "Powerful", influence=5, brokerage_pct=10.0)
    assert rank_champions([broker, powerful], only("brokerage"), [], TODAY)[0].candidate.name \
        == "Broker"
    assert rank_champions([broker, powerful], only("influence"), [], TODAY)[0].candidate.name \
        == "Powerful"


def test_raising_a_weight_moves_its_champion_up():
    connector = person(1, "Connector", groups_reached=frozenset({"business", "faith"}),
                       influence=2, engagement="supportive")
    official = person(2, "Official", group="elected", influence=5, engagement="supportive")
    default = rank_champions([connector, official], Weights(), ["business", "faith"], TODAY)
    assert default[0].candidate.name == "Official"
    reach_heavy = Weights(reach=100)
    reranked = rank_champions([connector, official], reach_heavy, ["business", "faith"], TODAY)
    assert reranked[0].candidate.name == "Connector"


def test_reasons_say_why_in_words_and_figures():
    c = person(engagement="leading", influence=5, brokerage_pct=98.5,
               groups_reached=frozenset({"business", "parent"}), contacts_recent=3,
               audience_reach="Spanish-speaking families at Northwood Elementary",
               answers={"respected": True})
    words = reasons(c, ["business"], TODAY)
    assert words[0] == "Leading supporter"
    assert "influence 5" in words
    assert "broker between Business and Parent/family groups (brokerage top 2%)" in words
    assert "reaches groups not yet at the table: business" in words
    assert "reaches Spanish-speaking families at Northwood Elementary" in words
    assert "met 3 times this term" in words
    assert "respected and trusted in the community" in words


def test_weights_from_stored_settings_are_clamped_and_defaulted():
    w = Weights.from_mapping({"influence": "200", "reach": -5, "interest": "x", "bogus": 1})
    assert (w.influence, w.reach, w.interest) == (100, 0, Weights().interest)


def test_empty_candidate_list_ranks_to_nothing():
    assert rank_champions([], Weights(), ["business"], TODAY) == []


candidates = st.builds(
    Candidate,
    id=st.integers(1, 10_000), name=st.text(min_size=1, max_size=8),
    kind=st.sampled_from(["person", "organisation"]),
    group=st.sampled_from(["parent", "business", "faith"]),
    influence=st.integers(1, 5), interest=st.integers(1, 5),
    engagement=st.sampled_from(["unaware", "resistant", "neutral", "supportive", "leading"]),
    brokerage_pct=st.floats(0, 100), pagerank_pct=st.floats(0, 100),
    groups_reached=st.frozensets(st.sampled_from(["parent", "business", "faith", "media"])),
)


@given(st.lists(candidates, max_size=20))
def test_ranking_is_sorted_and_bounded(cs):
    ranked = rank_champions(cs, Weights(), ["media", "business"], TODAY)
    scores = [s.score for s in ranked]
    assert scores == sorted(scores, reverse=True)
    total = sum(Weights().as_dict().values())
    assert all(-Weights().engagement <= s <= total for s in scores)


@given(candidates, st.integers(1, 4))
def test_more_influence_never_lowers_the_score(c, step):
    from dataclasses import replace

    higher = replace(c, influence=min(5, c.influence + step))
    assert champion_score(higher, Weights(), [], TODAY)[0] >= \
        champion_score(c, Weights(), [], TODAY)[0]


def test_reasons_name_every_missing_group_the_reach_figure_counts():
    """"reaches 4 of 8" must not explain itself with three of the four: the group a
    suggestion was made for may be the one left out."""
    missing = ["business", "elected", "faith", "media", "health", "philanthropy",
               "government", "higher_ed"]
    c = person(groups_reached=frozenset({"business", "elected", "faith", "media", "parent"}))
    [reach] = [w for w in reasons(c, missing, TODAY) if w.startswith("reaches groups")]
    assert reach == ("reaches groups not yet at the table: business, elected official, "
                     "faith-based, media")
    assert component_figures(c, missing, TODAY)["reach"] == "reaches 4 of 8 missing groups"
