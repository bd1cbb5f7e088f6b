"""The stakeholder analysis methods: Mendelow grid, PMBOK engagement gap, Mitchell salience."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import ratings
from app.domain.ratings import (
    KEEP_INFORMED,
    KEEP_SATISFIED,
    KEY_PLAYERS,
    MONITOR,
    engagement_gap,
    quadrant,
    salience_class,
    validate_rating,
)
from app.domain.vocab import ENGAGEMENT_LEVELS

LEVELS = [value for value, _ in ENGAGEMENT_LEVELS]
scores = st.integers(min_value=1, max_value=5)


# --- Mendelow power/interest grid ---------------------------------------------------------

# Rows: influence 5 (top) to 1; columns: interest 1 to 5. 3 counts as high on both axes.
EXPECTED_GRID = """
S S K K K
S S K K K
S S K K K
M M I I I
M M I I I
"""
CELL = {"K": KEY_PLAYERS, "S": KEEP_SATISFIED, "I": KEEP_INFORMED, "M": MONITOR}


def _expected_cells():
    rows = EXPECTED_GRID.split("\n")[1:-1]
    for influence, row in zip(range(5, 0, -1), rows, strict=True):
        for interest, letter in zip(range(1, 6), row.split(), strict=True):
            yield influence, interest, CELL[letter]


@pytest.mark.parametrize(("influence", "interest", "expected"), list(_expected_cells()))
def test_every_cell_of_the_grid_lands_in_its_quadrant(influence, interest, expected):
    assert quadrant(influence, interest) == expected


def test_the_midpoint_counts_as_high_so_it_asks_for_more_engagement():
    assert ratings.HIGH_FROM == 3
    assert quadrant(3, 3) is KEY_PLAYERS
    assert quadrant(2, 2) is MONITOR
    assert quadrant(3, 2) is KEEP_SATISFIED
    assert quadrant(2, 3) is KEEP_INFORMED


def test_each_quadrant_names_its_strategy():
    assert KEY_PLAYERS.label == "Key players" and KEY_PLAYERS.strategy == "Manage closely"
    assert {q.key for q in ratings.QUADRANTS} == {
        "key_players", "keep_satisfied", "keep_informed", "monitor"}
    assert all(ratings.QUADRANT_BY_KEY[q.key] is q for q in ratings.QUADRANTS)
    # Each says what its strategy asks, in a sentence of its own.
    assert len({q.advice for q in ratings.QUADRANTS}) == 4
    assert all(q.advice.endswith(".") and q.advice[0].isupper() for q in ratings.QUADRANTS)


@pytest.mark.parametrize(("influence", "interest"), [(0, 3), (3, 0), (6, 3), (3, 6), (-1, 1)])
def test_quadrant_refuses_ratings_off_the_scale(influence, interest):
    with pytest.raises(ValueError, match="1 to 5"):
        quadrant(influence, interest)


@given(influence=scores, interest=scores, raise_by=st.integers(min_value=0, max_value=4))
def test_raising_influence_never_moves_to_the_low_power_side(influence, interest, raise_by):
    higher = min(influence + raise_by, 5)
    before, after = quadrant(influence, interest), quadrant(higher, interest)
    if before in (KEY_PLAYERS, KEEP_SATISFIED):
        assert after in (KEY_PLAYERS, KEEP_SATISFIED)
    # Power never changes which interest side a stakeholder is on.
    assert (before in (KEY_PLAYERS, KEEP_INFORMED)) == (after in (KEY_PLAYERS, KEEP_INFORMED))


@given(influence=scores, interest=scores, raise_by=st.integers(min_value=0, max_value=4))
def test_raising_interest_never_moves_to_the_low_interest_side(influence, interest, raise_by):
    higher = min(interest + raise_by, 5)
    before, after = quadrant(influence, interest), quadrant(influence, higher)
    if before in (KEY_PLAYERS, KEEP_INFORMED):
        assert after in (KEY_PLAYERS, KEEP_INFORMED)
    assert (before in (KEY_PLAYERS, KEEP_SATISFIED)) == (after in (KEY_PLAYERS, KEEP_SATISFIED))


@given(influence=scores, interest=scores)
def test_quadrant_depends_only_on_which_side_of_the_midpoint(influence, interest):
    high_power, high_interest = influence >= 3, interest >= 3
    expected = {(True, True): KEY_PLAYERS, (True, False): KEEP_SATISFIED,
                (False, True): KEEP_INFORMED, (False, False): MONITOR}
    assert quadrant(influence, interest) is expected[(high_power, high_interest)]


# --- validate_rating -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_whole_numbers_from_one_to_five_are_valid_ratings(value):
    assert validate_rating(value) == value


@pytest.mark.parametrize("value", [0, 6, -3, 100])
def test_ratings_off_the_scale_are_refused(value):
    with pytest.raises(ValueError, match=f"got {value}"):
        validate_rating(value)


@pytest.mark.parametrize("value", [True, False, 3.0, 2.5, "3", None])
def test_non_integers_and_booleans_are_not_ratings(value):
    with pytest.raises(ValueError, match="whole numbers"):
        validate_rating(value)


@given(st.integers())
def test_validate_rating_accepts_exactly_the_scale(value):
    if 1 <= value <= 5:
        assert validate_rating(value) == value
    else:
        with pytest.raises(ValueError):
            validate_rating(value)


# --- PMBOK engagement gap --------------------------------------------------------------------


@pytest.mark.parametrize(("current", "desired"), list(itertools.product(LEVELS, LEVELS)))
def test_gap_counts_steps_on_the_pmbok_scale(current, desired):
    assert engagement_gap(current, desired) == LEVELS.index(desired) - LEVELS.index(current)


def test_gap_examples_read_as_expected():
    assert engagement_gap("unaware", "leading") == 4
    assert engagement_gap("resistant", "supportive") == 2
    assert engagement_gap("supportive", "supportive") == 0
    assert engagement_gap("leading", "neutral") == -2, "beyond the desired level is negative"


@pytest.mark.parametrize(("current", "desired"),
                         [(None, "leading"), ("neutral", None), (None, None)])
def test_gap_is_unknown_when_a_level_is_unknown(current, desired):
    assert engagement_gap(current, desired) is None


@pytest.mark.parametrize(("current", "desired"),
                         [("enthusiastic", "leading"), ("neutral", "Leading"), ("", "neutral")])
def test_an_unknown_level_raises(current, desired):
    with pytest.raises(ValueError, match="Unknown engagement level"):
        engagement_gap(current, desired)


@given(st.sampled_from(LEVELS), st.sampled_from(LEVELS))
def test_gap_is_antisymmetric_and_bounded(current, desired):
    gap = engagement_gap(current, desired)
    assert gap == -engagement_gap(desired, current)
    assert -4 <= gap <= 4


# --- Salience (Mitchell, Agle & Wood 1997) ----------------------------------------------------

SALIENCE = [
    ((False, False, False), None),
    ((True, False, False), "dormant"),
    ((False, True, False), "discretionary"),
    ((False, False, True), "demanding"),
    ((True, True, False), "dominant"),
    ((True, False, True), "dangerous"),
    ((False, True, True), "dependent"),
    ((True, True, True), "definitive"),
]


@pytest.mark.parametrize(("attributes", "expected"), SALIENCE)
def test_each_combination_of_attributes_gives_its_class(attributes, expected):
    assert salience_class(*attributes) == expected


def test_the_seven_classes_are_all_reachable_and_described():
    classes = {salience_class(*combo) for combo in itertools.product((False, True), repeat=3)}
    assert classes - {None} == {key for key, _label, _meaning in ratings.SALIENCE_CLASSES}
    meanings = {key: meaning for key, _label, meaning in ratings.SALIENCE_CLASSES}
    assert meanings["definitive"] == "Power, legitimacy and urgency"
    assert meanings["dormant"] == "Power only"


def test_salience_accepts_truthy_values_like_database_integers():
    assert salience_class(1, 0, 1) == "dangerous"
