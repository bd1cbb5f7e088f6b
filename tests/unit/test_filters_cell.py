"""The filter's grid cell (influence and interest): parsed strictly, round-tripped, described,
and checked when a re-rating may move someone out of it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.filters import StakeholderFilter, parse_filter


def test_a_cell_is_read_from_the_query_string():
    f = parse_filter({"influence": "4", "interest": "5"})
    assert (f.influence, f.interest) == (4, 5)
    assert not f.is_empty


@pytest.mark.parametrize(
    "raw", ["0", "6", "x", "", " ", "-1", "4.0", "1e1", "\u0664", "99999999999"])
def test_a_rating_off_the_scale_is_dropped(raw):
    f = parse_filter({"influence": raw, "interest": raw})
    assert (f.influence, f.interest) == (None, None)
    assert f.is_empty


def test_each_rating_is_kept_or_dropped_on_its_own():
    assert parse_filter({"influence": "1", "interest": "6"}) == StakeholderFilter(influence=1)
    assert parse_filter({"influence": "x", "interest": "5"}) == StakeholderFilter(interest=5)
    assert parse_filter({"influence": " 3 "}).influence == 3


def test_to_args_writes_the_cell_and_overrides_clear_it():
    f = parse_filter({"group": "parent", "influence": "4", "interest": "5", "sort": "gap"})
    assert f.to_args() == {"group": "parent", "influence": "4", "interest": "5", "sort": "gap"}
    assert f.to_args(influence=None, interest=None) == {"group": "parent", "sort": "gap"}
    assert StakeholderFilter(interest=2).to_args() == {"interest": "2"}


ratings = st.one_of(st.none(), st.integers(1, 5))


@given(ratings, ratings, st.sampled_from(["", "key_players", "monitor"]))
def test_a_cell_round_trips_through_the_query_string(influence, interest, quadrant):
    f = StakeholderFilter(influence=influence, interest=interest, quadrant=quadrant)
    assert parse_filter(f.to_args()) == f


def test_the_cell_is_described_in_words():
    assert StakeholderFilter(influence=4, interest=5).cell_label == (
        "Influence 4, interest 5 (Key players)")
    assert StakeholderFilter(influence=1, interest=2).cell_label == (
        "Influence 1, interest 2 (Monitor)")
    assert StakeholderFilter(influence=2).cell_label == "Influence 2"
    assert StakeholderFilter(interest=3).cell_label == "Interest 3"
    assert StakeholderFilter().cell_label == ""


def test_a_re_rating_out_of_the_cell_no_longer_matches():
    cell = StakeholderFilter(influence=4, interest=5)
    assert cell.keeps_ratings("key_players", "neutral", None, influence=4, interest=5)
    assert not cell.keeps_ratings("key_players", "neutral", None, influence=3, interest=5)
    assert not cell.keeps_ratings("key_players", "neutral", None, influence=4, interest=4)
    row = StakeholderFilter(influence=4)
    assert row.keeps_ratings("key_players", "neutral", None, influence=4, interest=1)
    assert not row.keeps_ratings("key_players", "neutral", None, influence=5, interest=1)
