"""Coverage computed alone: represented and missing segments, no champion, no recent
contact, the tally of a community, and the edge cases (empty district, all seated)."""

from datetime import UTC, datetime, timedelta

from app.domain.coverage import (
    Community,
    Person,
    SeatHolder,
    Segment,
    bar_width,
    compute_coverage,
    is_recent,
    tally,
)
from app.domain.vocab import GROUPS

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
GROUP_SEGMENTS = [Segment("group", value, text) for value, text in GROUPS]


def _row(cov, dim, key):
    return next(r for r in cov.rows[dim] if r.segment.key == key)


def _segments(*extra):
    return [*GROUP_SEGMENTS, *extra]


def test_a_seated_group_is_represented_and_an_unseated_one_missing():
    cov = compute_coverage(_segments(), {}, [SeatHolder(1, "visioning_team", "parent")], NOW)
    assert _row(cov, "group", "parent").represented
    assert _row(cov, "group", "parent").status == "represented"
    assert _row(cov, "group", "business").missing
    assert "business" in cov.missing_groups and "parent" not in cov.missing_groups


def test_schools_and_languages_of_a_seat_holder_are_represented():
    north, south = Segment("school", 1, "Northwood"), Segment("school", 2, "Southside")
    spanish, somali = Segment("language", "Spanish", "Spanish"), Segment("language", "Somali",
                                                                          "Somali")
    seat = SeatHolder(7, "advisory_board", "parent", frozenset({1}), frozenset({"Spanish"}))
    mapped = {("school", 2): Community(3), ("language", "Somali"): Community(2)}
    cov = compute_coverage(_segments(north, south, spanish, somali), mapped, [seat], NOW)
    assert _row(cov, "school", 1).represented and _row(cov, "school", 2).missing
    assert _row(cov, "language", "Spanish").represented
    assert _row(cov, "language", "Somali").missing
    assert cov.summary("school") == (1, 2)
    assert [r.segment.key for r in cov.gaps("language")] == ["Somali"]


def test_seats_count_people_per_body_and_once_across_bodies():
    seats = [SeatHolder(1, "visioning_team", "parent"), SeatHolder(1, "advisory_board", "parent"),
             SeatHolder(2, "advisory_board", "parent")]
    cov = compute_coverage(_segments(), {}, seats, NOW)
    parent = _row(cov, "group", "parent")
    assert parent.seats == {"visioning_team": 1, "advisory_board": 2}
    assert parent.seated == 2
    assert cov.seated_people == 2
    assert cov.seats_by_body == {"visioning_team": 1, "advisory_board": 2}


def test_no_supportive_or_leading_person_means_no_champion():
    community = {("group", "parent"): Community(total=40, engaged=0, last_contact=NOW),
                 ("group", "business"): Community(total=10, engaged=3, last_contact=NOW)}
    cov = compute_coverage(_segments(), community, [], NOW)
    assert not _row(cov, "group", "parent").has_champion
    assert _row(cov, "group", "business").has_champion


def test_contact_older_than_ninety_days_is_not_recent():
    old = NOW - timedelta(days=91)
    community = {("group", "parent"): Community(5, 1, old),
                 ("group", "business"): Community(5, 1, NOW - timedelta(days=90)),
                 ("group", "media"): Community(5, 1, None)}
    cov = compute_coverage(_segments(), community, [], NOW)
    assert not _row(cov, "group", "parent").recent_contact
    assert _row(cov, "group", "business").recent_contact
    assert not _row(cov, "group", "media").recent_contact
    assert is_recent(NOW - timedelta(days=89), NOW)
    assert not is_recent(None, NOW)


def test_a_missing_group_with_no_champion_and_no_contact_is_silent_and_listed_first():
    community = {("group", "parent"): Community(500, 0, None),
                 ("group", "business"): Community(900, 20, NOW),
                 ("group", "media"): Community(30, 0, NOW)}
    cov = compute_coverage(_segments(), community, [SeatHolder(1, "visioning_team", "educator")],
                           NOW)
    parent = _row(cov, "group", "parent")
    assert parent.silent and parent.severity == 3
    gaps = [r.segment.key for r in cov.gaps("group")]
    assert gaps[0] == "parent"
    assert gaps.index("media") < gaps.index("business"), "no champion comes before one"
    assert "educator" not in gaps


def test_other_is_shown_but_never_a_gap():
    cov = compute_coverage(_segments(), {}, [SeatHolder(1, "visioning_team", "parent")], NOW)
    other = _row(cov, "group", "other")
    assert other.status == "not_counted" and not other.missing
    assert "other" not in cov.missing_groups
    assert cov.summary("group") == (1, len(GROUPS) - 1)


def test_empty_district_has_every_group_missing_and_nothing_to_count():
    cov = compute_coverage(_segments(), {}, [], NOW)
    assert not cov.anyone_seated
    assert cov.rows["school"] == [] and cov.rows["language"] == []
    assert all(r.community.total == 0 and not r.has_champion and not r.recent_contact
               for r in cov.rows["group"])
    assert len(cov.gaps()) == len(GROUPS) - 1
    assert cov.summary("school") == (0, 0)


def test_all_represented_leaves_no_gaps():
    north = Segment("school", 1, "Northwood")
    seats = [SeatHolder(i, "advisory_board", value, frozenset({1}))
             for i, (value, _) in enumerate(GROUPS, start=1)]
    cov = compute_coverage(_segments(north), {}, seats, NOW)
    assert cov.gaps() == []
    assert cov.missing_groups == ()
    assert cov.summary("group") == (len(GROUPS) - 1, len(GROUPS) - 1)


def test_a_seat_in_an_unlisted_segment_still_counts_for_its_body():
    seat = SeatHolder(3, "advisory_board", "parent", frozenset({99}))
    cov = compute_coverage(_segments(), {}, [seat], NOW)
    assert cov.seats_by_body["advisory_board"] == 1


def test_tally_counts_mapped_engaged_and_latest_contact_per_segment():
    recent, older = NOW - timedelta(days=3), NOW - timedelta(days=200)
    people = [
        Person(1, "parent", "supportive", recent, frozenset({1}), frozenset({"Spanish"})),
        Person(2, "parent", "neutral", older, frozenset({1, 2}), frozenset({"Spanish", "English"})),
        Person(3, "business", "leading", None),
        Person(4, "parent", "resistant", None, frozenset({2})),
    ]
    counts = tally(people)
    assert counts[("group", "parent")] == Community(3, 1, recent)
    assert counts[("group", "business")] == Community(1, 1, None)
    assert counts[("school", 1)] == Community(2, 1, recent)
    assert counts[("school", 2)] == Community(2, 0, older)
    assert counts[("language", "English")] == Community(1, 0, older)
    assert tally([]) == {}


def test_bar_width_scales_to_the_largest_and_keeps_small_values_visible():
    assert bar_width(50, 100) == 50.0
    assert bar_width(100, 100) == 100.0
    assert bar_width(0, 100) == 0.0
    assert bar_width(1, 100_000) == 1.0
    assert bar_width(5, 0) == 0.0


def test_a_school_or_language_nobody_connects_to_is_not_a_gap():
    """Only the district's real communities count: a school label nobody is linked to, or a
    language nobody speaks, is no gap; a group is (the method's list: nobody mapped yet)."""
    north, empty = Segment("school", 1, "Northwood"), Segment("school", 2, "Old Annex")
    somali, unused = (Segment("language", "Somali", "Somali"),
                      Segment("language", "Tagalog", "Tagalog"))
    mapped = {("school", 1): Community(4, 1), ("language", "Somali"): Community(2)}
    seat = SeatHolder(7, "advisory_board", "parent")
    cov = compute_coverage(_segments(north, empty, somali, unused), mapped, [seat], NOW)
    assert _row(cov, "school", 1).missing and _row(cov, "language", "Somali").missing
    assert not _row(cov, "school", 2).missing and not _row(cov, "language", "Tagalog").missing
    assert _row(cov, "school", 2).status == "not_counted"
    assert [r.segment.key for r in cov.gaps("school")] == [1]
    assert [r.segment.key for r in cov.gaps("language")] == ["Somali"]
    assert cov.summary("school") == (0, 1) and cov.summary("language") == (0, 1)
    assert _row(cov, "group", "media").missing, "a group with nobody mapped is still a gap"
