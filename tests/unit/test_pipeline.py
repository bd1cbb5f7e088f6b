"""The partnership pipeline's rules: allowed moves, days in a stage, the board's grouping."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.domain import pipeline


def test_any_stage_can_move_to_any_other_except_staying_put():
    for a in ("prospect", "exploring", "active", "paused"):
        for b in pipeline.STAGES:
            assert pipeline.can_move(a, b) == (a != b)


def test_staying_put_says_it_is_already_there():
    assert pipeline.move_problem("active", "active") == "The partnership is already in Active."


@pytest.mark.parametrize("to", ["prospect", "exploring"])
def test_an_ended_partnership_can_be_reopened_to_prospect_or_exploring(to):
    assert pipeline.can_move("ended", to)


@pytest.mark.parametrize("to", ["active", "paused"])
def test_an_ended_partnership_cannot_jump_straight_back_to_active_or_paused(to):
    assert "reopened to Prospect or Exploring" in pipeline.move_problem("ended", to)


def test_an_unknown_stage_is_refused():
    assert pipeline.move_problem("prospect", "won") == "Choose one of the pipeline's stages."
    assert pipeline.allowed_moves("prospect") == ("exploring", "active", "paused", "ended")


def test_neighbours_are_previous_and_next_allowed_stages():
    assert pipeline.neighbours("prospect") == (None, "exploring")
    assert pipeline.neighbours("active") == ("exploring", "paused")
    assert pipeline.neighbours("paused") == ("active", "ended")
    assert pipeline.neighbours("ended") == (None, None)  # paused is not a reopening stage
    assert pipeline.neighbours("nonsense") == (None, None)


def test_days_in_stage_counts_calendar_days_and_never_goes_negative():
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert pipeline.days_in_stage(datetime(2026, 3, 10, 1, 0, tzinfo=UTC), now) == 0
    assert pipeline.days_in_stage(datetime(2026, 3, 9, 23, 59, tzinfo=UTC), now) == 1
    assert pipeline.days_in_stage(now - timedelta(days=45), now) == 45
    assert pipeline.days_in_stage(now + timedelta(days=2), now) == 0
    assert pipeline.days_in_stage(None, now) == 0


def test_days_in_stage_accepts_naive_and_other_zones_as_utc():
    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert pipeline.days_in_stage(datetime(2026, 3, 8, 12, 0), now) == 2
    east = timezone(timedelta(hours=5))
    assert pipeline.days_in_stage(datetime(2026, 3, 10, 3, 0, tzinfo=east), now) == 1


def test_days_label():
    assert pipeline.days_label(0) == "Since today"
    assert pipeline.days_label(1) == "1 day"
    assert pipeline.days_label(1200) == "1,200 days"


def test_group_by_stage_keeps_every_stage_in_order_and_drops_unknown_ones():
    items = [("a", "active"), ("b", "prospect"), ("c", "active"), ("d", "lost")]
    board = pipeline.group_by_stage(items, lambda i: i[1])
    assert list(board) == list(pipeline.STAGES)
    assert board["active"] == [("a", "active"), ("c", "active")]
    assert board["prospect"] == [("b", "prospect")]
    assert board["ended"] == []
    assert sum(len(v) for v in board.values()) == 3


def test_commitments_summary():
    assert pipeline.commitments_summary([]) == ""
    assert pipeline.commitments_summary([(20, "internship  places"), (2, "mentors")]) == \
        "20 internship places, 2 mentors"
    assert pipeline.commitments_summary([(None, "Use of the lab"), (1500, "dollars")]) == \
        "Use of the lab, 1,500 dollars"
    many = [(i, "things") for i in range(5)]
    assert pipeline.commitments_summary(many) == "0 things, 1 things, 2 things, 2 more"


def test_stage_counts_fills_missing_stages():
    assert pipeline.stage_counts({"active": 3}) == {
        "prospect": 0, "exploring": 0, "active": 3, "paused": 0, "ended": 0}
