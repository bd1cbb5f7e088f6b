"""Movement on the PMBOK engagement scale: what counts as a move, the transition table,
support gained and lost, and the periods offered."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.domain import movement
from app.domain.movement import LEVELS, Move

levels = st.sampled_from(LEVELS)
rows = st.lists(st.tuples(st.integers(1, 10_000), st.text(max_size=5),
                          st.none() | levels, levels))


def test_a_move_is_a_different_level_now_than_at_the_start():
    found = movement.moves([
        (1, "pat", "resistant", "supportive"),
        (2, "rae", "resistant", "resistant"),  # went up and came back: not a move
        (3, "sam", None, "supportive"),  # first rated during the period: no level then
        (4, "ana", "neutral", "leading"),
    ])
    assert found == [Move(4, "ana", "neutral", "leading"),
                     Move(1, "pat", "resistant", "supportive")]


def test_moves_are_listed_by_name_then_id():
    found = movement.moves([(9, "lee", "unaware", "neutral"), (3, "lee", "unaware", "neutral"),
                            (5, "adams", "leading", "neutral")])
    assert [m.stakeholder_id for m in found] == [5, 3, 9]


def test_transitions_count_each_pair_and_totals_add_up():
    found = movement.moves([(1, "a", "resistant", "supportive"),
                            (2, "b", "resistant", "supportive"), (3, "c", "neutral", "resistant")])
    counts = movement.transitions(found)
    assert counts == {("resistant", "supportive"): 2, ("neutral", "resistant"): 1}
    assert counts[("supportive", "resistant")] == 0
    away, here = movement.totals(counts)
    assert away == {"resistant": 2, "neutral": 1}
    assert here == {"supportive": 2, "resistant": 1}


def test_support_gained_and_lost():
    found = movement.moves([
        (1, "a", "resistant", "supportive"),  # gained
        (2, "b", "neutral", "leading"),  # gained
        (3, "c", "supportive", "leading"),  # was and is: neither
        (4, "d", "leading", "neutral"),  # lost
        (5, "e", "unaware", "resistant"),  # neither
    ])
    assert movement.shift(found) == movement.Shift(moved=5, gained=2, lost=1)


@given(rows)
def test_every_move_is_counted_once_and_none_stays_put(given_rows):
    found = movement.moves(given_rows)
    counts = movement.transitions(found)
    away, here = movement.totals(counts)
    assert sum(counts.values()) == sum(away.values()) == sum(here.values()) == len(found)
    assert all(before != after for before, after in counts)
    shift = movement.shift(found)
    supported_now = sum(m.after in movement.SUPPORT for m in found)
    supported_then = sum(m.before in movement.SUPPORT for m in found)
    assert shift.gained - shift.lost == supported_now - supported_then


@given(rows, levels, levels)
def test_choosing_a_count_gives_exactly_its_people_in_order(given_rows, before, after):
    found = movement.moves(given_rows)
    pair = movement.chosen(found, before, after)
    assert pair == [m for m in found if (m.before, m.after) == (before, after)]
    assert len(pair) == movement.transitions(found)[(before, after)]
    away, here = movement.totals(movement.transitions(found))
    assert len(movement.chosen(found, before=before)) == away[before]
    assert len(movement.chosen(found, after=after)) == here[after]
    assert movement.chosen(found) == found


@given(levels, levels)
def test_direction_follows_the_pmbok_order(a, b):
    assert movement.direction(a, b) == -movement.direction(b, a)
    assert (movement.direction(a, b) == 0) == (a == b)
    assert movement.direction("resistant", "supportive") == 1
    assert movement.direction("leading", "neutral") == -1


def test_periods_in_the_fall_term():
    found = movement.periods(date(2026, 11, 15))
    assert found == [
        movement.Period("This term (fall 2026)", date(2026, 8, 1)),
        movement.Period("Last 30 days", date(2026, 10, 16)),
        movement.Period("Last 90 days", date(2026, 8, 17)),
    ]  # the school year starts with the fall term: offered once


def test_periods_in_the_spring_term_add_the_school_year():
    found = movement.periods(date(2027, 3, 1))
    assert found[0] == movement.Period("This term (spring 2027)", date(2027, 1, 1))
    assert found[-1] == movement.Period("This school year (2026-27)", date(2026, 8, 1))
    assert movement.periods(date(2100, 2, 1))[-1].label == "This school year (2099-00)"


def test_a_period_starts_on_or_before_today_and_after_2000():
    today = date(2026, 11, 15)
    assert movement.since_error(today, today) is None
    assert movement.since_error(date(2001, 1, 1), today) is None
    assert movement.since_error(date(2026, 11, 16), today) == "Choose a day on or before today."
    assert movement.since_error(date(2000, 1, 1), today) is None
    assert movement.since_error(date(1999, 12, 31), today) == "Choose 1 January 2000 or later."
