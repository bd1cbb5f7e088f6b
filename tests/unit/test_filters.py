"""The stakeholder filter: parsing is strict, and to_args round-trips."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.filters import SORT_KEYS, StakeholderFilter, parse_filter


def test_empty_query_string_means_everyone_sorted_by_name():
    f = parse_filter({})
    assert f == StakeholderFilter()
    assert f.is_empty and f.sort == "name" and not f.desc


def test_known_values_are_kept():
    f = parse_filter({"q": "  Ana   Ruiz ", "group": "parent", "quadrant": "key_players",
                      "engagement": "resistant", "salience": "none", "school": "4",
                      "tag": "9", "owner": "2", "no_contact_days": "30", "kind": "person",
                      "language": "Spanish", "sort": "gap", "desc": "1"})
    assert f.q == "Ana Ruiz"
    assert (f.group, f.quadrant, f.engagement, f.salience) == (
        "parent", "key_players", "resistant", "none")
    assert (f.school, f.tag, f.owner, f.no_contact_days) == (4, 9, 2, 30)
    assert f.sort == "gap" and f.desc and not f.is_empty


def test_invalid_values_are_dropped_not_trusted():
    f = parse_filter({"group": "admins", "quadrant": "x", "school": "-1", "tag": "1 OR 1=1",
                      "owner": "0", "no_contact_days": "99999", "sort": "password_hash",
                      "district_id": "7"})
    assert f == StakeholderFilter()


def test_long_queries_are_cut():
    assert len(parse_filter({"q": "x" * 500}).q) == 100


def test_to_args_leaves_defaults_out_and_overrides_apply():
    f = parse_filter({"group": "business", "sort": "name"})
    assert f.to_args() == {"group": "business"}
    assert f.to_args(sort="influence", desc=True) == {
        "group": "business", "sort": "influence", "desc": "1"}


filters = st.builds(
    StakeholderFilter,
    q=st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zs"]), max_size=20),
    group=st.sampled_from(["", "parent", "business", "media"]),
    quadrant=st.sampled_from(["", "monitor", "key_players"]),
    engagement=st.sampled_from(["", "neutral", "leading"]),
    salience=st.sampled_from(["", "none", "definitive"]),
    school=st.one_of(st.none(), st.integers(1, 10**6)),
    tag=st.one_of(st.none(), st.integers(1, 10**6)),
    owner=st.one_of(st.none(), st.integers(1, 10**6)),
    no_contact_days=st.one_of(st.none(), st.integers(1, 3650)),
    sort=st.sampled_from(SORT_KEYS),
    desc=st.booleans(),
)


@given(filters)
def test_to_args_round_trips_through_parse(f):
    assert parse_filter(f.to_args()) == f


CELL = {"influence": 2, "interest": 2}  # the rest of the ratings: any will do here


def test_keeps_ratings_only_checks_the_rating_conditions():
    assert StakeholderFilter(q="ana", group="parent").keeps_ratings(
        "monitor", "unaware", None, **CELL)
    f = StakeholderFilter(quadrant="key_players", engagement="supportive")
    assert f.keeps_ratings("key_players", "supportive", "dominant", **CELL)
    assert not f.keeps_ratings("keep_informed", "supportive", "dominant", **CELL)
    assert not f.keeps_ratings("key_players", "neutral", "dominant", **CELL)
    none, dormant = StakeholderFilter(salience="none"), StakeholderFilter(salience="dormant")
    assert none.keeps_ratings("monitor", "unaware", None, **CELL)
    assert not none.keeps_ratings("monitor", "unaware", "dormant", **CELL)
    assert dormant.keeps_ratings("monitor", "unaware", "dormant", **CELL)
    assert not dormant.keeps_ratings("monitor", "unaware", None, **CELL)
