"""Outreach member statuses: every pair of statuses, the rules' messages, progress."""

from datetime import date
from itertools import product

import pytest

from app.domain import outreach as rules

S = rules.STATUSES

# The documented table: from -> allowed targets.
EXPECTED = {
    "to_contact": {"contacted", "responded", "meeting_set", "committed", "declined"},
    "contacted": {"to_contact", "responded", "meeting_set", "committed", "declined"},
    "responded": {"contacted", "meeting_set", "committed", "declined"},
    "meeting_set": {"responded", "committed", "declined"},
    "committed": {"meeting_set", "declined"},
    "declined": {"to_contact"},
}


def test_the_statuses_are_the_issues_six_in_pipeline_order():
    assert S == ("to_contact", "contacted", "responded", "meeting_set", "committed",
                 "declined")


@pytest.mark.parametrize(("a", "b"), list(product(S, S)))
def test_every_pair_of_statuses_follows_the_table(a, b):
    allowed = b in EXPECTED[a]
    assert rules.can_move(a, b) is allowed
    if allowed:
        rules.check_move(a, b)
    else:
        with pytest.raises(rules.MoveNotAllowed):
            rules.check_move(a, b)


def test_staying_put_is_not_a_move_and_says_so():
    with pytest.raises(rules.MoveNotAllowed, match="already .Contacted"):
        rules.check_move("contacted", "contacted")


def test_a_refused_move_names_the_moves_that_are_possible():
    with pytest.raises(rules.MoveNotAllowed) as exc:
        rules.check_move("declined", "committed")
    assert "\u201cTo contact\u201d" in str(exc.value)


def test_an_unknown_status_is_refused():
    with pytest.raises(rules.MoveNotAllowed, match="one of the outreach statuses"):
        rules.check_move("to_contact", "spam")
    assert rules.allowed_moves("spam") == ()


def test_committed_and_declined_are_reachable_from_every_open_status():
    for status in rules.OPEN:
        assert rules.can_move(status, "committed")
        assert rules.can_move(status, "declined")


def test_moves_forward_come_first_and_the_step_back_last():
    assert rules.allowed_moves("contacted") == ("responded", "meeting_set", "committed",
                                                "declined", "to_contact")
    assert rules.allowed_moves("to_contact")[0] == "contacted"


def test_overdue_only_for_open_members_past_their_due_date():
    today = date(2026, 3, 10)
    assert rules.is_overdue(date(2026, 3, 9), "contacted", today)
    assert not rules.is_overdue(date(2026, 3, 10), "contacted", today)
    assert not rules.is_overdue(date(2026, 3, 1), "committed", today)
    assert not rules.is_overdue(None, "to_contact", today)


def test_progress_counts_every_status_and_lays_out_the_bar():
    p = rules.progress({"to_contact": 2, "contacted": 1, "committed": 1, "bogus": 9})
    assert p.counts == {"to_contact": 2, "contacted": 1, "responded": 0, "meeting_set": 0,
                        "committed": 1, "declined": 0}
    assert (p.total, p.done, p.reached, p.percent_reached) == (4, 1, 2, 50)
    assert [s.status for s in p.segments] == ["to_contact", "contacted", "committed"]
    assert [s.x for s in p.segments] == [0, 50, 75]
    assert sum(s.width for s in p.segments) == pytest.approx(100)


def test_an_empty_list_has_no_segments_and_no_division_by_zero():
    p = rules.progress({})
    assert (p.total, p.percent_reached, p.segments) == (0, 0, ())
