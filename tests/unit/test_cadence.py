"""Contact cadence: defaults, settings, due dates, overdue boundaries, per-quadrant cutoffs."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.domain import cadence as c

TODAY = date(2026, 3, 16)


def _today() -> date:
    return datetime.now(UTC).date()


def test_defaults_follow_the_issue():
    assert c.DEFAULT_CADENCE.as_dict() == {
        "key_players": 30, "keep_satisfied": 60, "keep_informed": 45, "monitor": 120}


def test_validate_accepts_whole_days_from_1_to_365():
    cadence = c.validate({"key_players": 1, "keep_satisfied": 365, "keep_informed": 14,
                          "monitor": 90})
    assert cadence == c.Cadence(1, 365, 14, 90)


@pytest.mark.parametrize("bad", [0, 366, -5, "30", 30.0, None, True])
def test_validate_names_each_bad_quadrant(bad):
    with pytest.raises(c.CadenceError) as err:
        c.validate({"key_players": bad, "keep_satisfied": 60, "keep_informed": 45})
    assert set(err.value.errors) == {"key_players", "monitor"}  # monitor is missing
    assert err.value.errors["monitor"] == "Give a whole number of days."


def test_parse_keeps_defaults_for_missing_or_bad_stored_values():
    assert c.parse(None) == c.DEFAULT_CADENCE
    assert c.parse("junk") == c.DEFAULT_CADENCE
    assert c.parse({"key_players": 14, "monitor": 9999, "keep_informed": "x"}) == \
        c.Cadence(key_players=14)


@time_machine.travel(datetime(2026, 3, 16, 23, 59, tzinfo=UTC), tick=False)
def test_exactly_n_days_is_due_not_overdue_and_n_plus_one_is_overdue():
    today = _today()
    on_time = datetime(2026, 2, 14, 8, 0, tzinfo=UTC)  # 30 days before 16 March
    assert c.due_date(on_time, "key_players") == today
    assert not c.is_overdue(on_time, "key_players", today)
    assert c.days_overdue(on_time, "key_players", today) == 0
    late = on_time - timedelta(days=1)
    assert c.is_overdue(late, "key_players", today)
    assert c.days_overdue(late, "key_players", today) == 1


@time_machine.travel(datetime(2026, 3, 16, 0, 30, tzinfo=UTC), tick=False)
def test_days_are_utc_calendar_days_whatever_the_hour():
    today = _today()
    late_evening = datetime(2026, 2, 13, 23, 59, tzinfo=UTC)  # 31 days ago, by the day
    assert c.days_overdue(late_evening, "key_players", today) == 1
    assert c.days_since(late_evening, today) == 31


def test_never_contacted_is_always_overdue():
    assert c.due_date(None, "monitor") is None
    assert c.is_overdue(None, "monitor", TODAY)
    assert c.days_overdue(None, "monitor", TODAY) is None
    assert c.days_since(None, TODAY) is None


def test_unknown_quadrant_has_no_cadence_and_is_never_overdue():
    assert c.DEFAULT_CADENCE.days("nobody") is None
    assert c.due_date(date(2020, 1, 1), "nobody") is None
    assert not c.is_overdue(None, "nobody", TODAY)
    assert not c.is_overdue(date(2020, 1, 1), None, TODAY)
    assert c.days_overdue(None, "nobody", TODAY) == 0


def test_cadence_of_the_quadrant_is_used():
    last = TODAY - timedelta(days=50)
    assert c.is_overdue(last, "key_players", TODAY)  # 30
    assert c.is_overdue(last, "keep_informed", TODAY)  # 45
    assert not c.is_overdue(last, "keep_satisfied", TODAY)  # 60
    assert not c.is_overdue(last, "monitor", TODAY)  # 120
    assert c.days_overdue(last, "keep_informed", TODAY) == 5
    custom = c.Cadence(keep_satisfied=40)
    assert c.is_overdue(last, "keep_satisfied", TODAY, custom)


@time_machine.travel(datetime(2026, 3, 16, 12, 0, tzinfo=UTC), tick=False)
def test_cutoffs_agree_with_is_overdue_on_every_day_around_the_boundary():
    today = _today()
    cadence = c.Cadence(7, 60, 45, 120)
    cuts = c.cutoffs(cadence, today)
    moments = c.cutoff_moments(cadence, today)
    assert cuts["key_players"] == date(2026, 3, 9)
    assert moments["monitor"] == datetime(2025, 11, 16, tzinfo=UTC)
    for quadrant in c.QUADRANT_KEYS:
        for back in range(cadence.days(quadrant) - 2, cadence.days(quadrant) + 3):
            last = datetime.combine(today - timedelta(days=back), datetime.min.time(), UTC)
            for moment in (last, last + timedelta(hours=23, minutes=59)):
                assert (moment < moments[quadrant]) == c.is_overdue(
                    moment, quadrant, today, cadence), (quadrant, back, moment)


def test_check_days_messages_are_plain():
    with pytest.raises(ValueError, match="between 1 and 365"):
        c.check_days(400)
    with pytest.raises(ValueError, match="whole number"):
        c.check_days("ten")
