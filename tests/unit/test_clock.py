"""The district's day: evenings in the Americas are still today, not UTC's tomorrow."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.clock import DEFAULT_ZONE, ZONES, local_today, zone_or_default


def test_an_ohio_evening_is_still_today_though_utc_has_moved_on():
    evening = datetime(2026, 3, 3, 0, 30, tzinfo=UTC)  # 7:30 pm on 2 March in Ohio
    assert local_today(evening, "America/New_York") == date(2026, 3, 2)
    assert local_today(evening, "UTC") == date(2026, 3, 3)


def test_daylight_saving_moves_the_change_of_day_by_an_hour():
    # New York is UTC-4 in July and UTC-5 in January.
    assert local_today(datetime(2026, 7, 2, 3, 30, tzinfo=UTC), "America/New_York") == \
        date(2026, 7, 1)
    assert local_today(datetime(2026, 7, 2, 4, 30, tzinfo=UTC), "America/New_York") == \
        date(2026, 7, 2)
    assert local_today(datetime(2026, 1, 2, 4, 30, tzinfo=UTC), "America/New_York") == \
        date(2026, 1, 1)


def test_hawaii_and_guam_sit_either_side_of_the_date_line():
    noon = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
    assert local_today(noon, "Pacific/Honolulu") == date(2026, 5, 10)
    assert local_today(noon, "Pacific/Guam") == date(2026, 5, 10)
    late = datetime(2026, 5, 10, 20, 0, tzinfo=UTC)
    assert local_today(late, "Pacific/Guam") == date(2026, 5, 11)


def test_an_unknown_zone_falls_back_to_the_default():
    assert zone_or_default("Mars/Olympus_Mons") == DEFAULT_ZONE
    assert zone_or_default(None) == DEFAULT_ZONE
    assert zone_or_default("America/Chicago") == "America/Chicago"


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        local_today(datetime(2026, 1, 1, 12, 0), "UTC")


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
       st.sampled_from([name for name, _label in ZONES]))
def test_every_zone_is_within_a_day_of_utc(moment, zone):
    now = moment.replace(tzinfo=UTC)
    assert abs(local_today(now, zone) - now.date()) <= timedelta(days=1)
