"""Pure rules of the engagement log: concern lines, terms, dates and last contact."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain import engagement as rules

TODAY = date(2026, 3, 10)


def test_concern_lines_are_read_as_theme_and_text():
    parsed = rules.parse_concerns(
        "Grading: worried about transcripts\n\n  SAFETY :  bus   stops \n"
        "grading: worried about transcripts\nCollege admissions - : will they count it?")
    assert parsed.errors == []
    assert parsed.concerns == [("grading", "worried about transcripts"),
                               ("safety", "bus stops"),
                               ("college admissions", "will they count it?")]


def test_concern_lines_without_theme_or_text_are_reported_by_line():
    parsed = rules.parse_concerns("no theme here\n: no theme\nbuses:\n" + "t: " + "x" * 1001)
    assert [e.split(":")[0] for e in parsed.errors] == ["Line 1", "Line 2", "Line 3", "Line 4"]
    assert parsed.concerns == []
    assert "under 60" in rules.parse_concerns("x" * 61 + ": text").errors[0]


def test_a_colon_inside_the_text_stays_in_the_text():
    assert rules.parse_concerns("time: meetings at 6:30 are too early").concerns == [
        ("time", "meetings at 6:30 are too early")]


@given(st.text(max_size=200))
def test_formatted_concerns_parse_back_to_themselves(text):
    parsed = rules.parse_concerns(text)
    again = rules.parse_concerns(rules.format_concerns(parsed.concerns))
    assert again.concerns == parsed.concerns and again.errors == []


@given(st.text(max_size=80))
def test_normalised_themes_are_stable_and_short(theme):
    once = rules.normalise_theme(theme)
    assert rules.normalise_theme(once) == once
    assert len(once) <= rules.THEME_MAX and once == once.lower()


def test_terms_run_august_to_december_and_january_to_july():
    assert rules.term_start(date(2025, 8, 1)) == date(2025, 8, 1)
    assert rules.term_start(date(2025, 12, 31)) == date(2025, 8, 1)
    assert rules.term_start(date(2026, 1, 1)) == date(2026, 1, 1)
    assert rules.term_start(date(2026, 7, 31)) == date(2026, 1, 1)
    assert rules.term_end(date(2026, 3, 1)) == date(2026, 7, 31)
    assert rules.term_label(date(2025, 9, 1)) == "fall 2025"
    assert rules.term_label(TODAY) == "spring 2026"


def test_met_n_times_this_term_counts_from_term_start_to_today():
    days = [date(2025, 12, 31), date(2026, 1, 1), date(2026, 3, 10), date(2026, 3, 11)]
    assert rules.count_this_term(days, TODAY) == 2
    assert rules.count_this_term([], TODAY) == 0


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_is_in_its_own_term(day):
    assert rules.term_start(day) <= day <= rules.term_end(day)
    assert rules.term_start(rules.term_end(day) + timedelta(days=1)) == \
        rules.term_end(day) + timedelta(days=1)


def test_the_log_records_the_past_and_events_can_be_planned():
    assert rules.date_problem(TODAY, TODAY, "meeting") is None
    assert "today or an earlier date" in rules.date_problem(TODAY + timedelta(1), TODAY, "call")
    assert rules.date_problem(TODAY + timedelta(30), TODAY, "community_meeting") is None
    assert "a year ahead" in rules.date_problem(TODAY + timedelta(400), TODAY, "event")
    assert "Check the year" in rules.date_problem(date(1999, 1, 1), TODAY, "meeting")
    assert rules.can_record_attendance(TODAY, TODAY)
    assert not rules.can_record_attendance(TODAY + timedelta(1), TODAY)


def test_last_contact_only_moves_forward_when_contacts_are_added():
    noon = datetime(2026, 3, 5, 12, tzinfo=UTC)
    assert rules.next_last_contact(None, date(2026, 3, 1)) == datetime(2026, 3, 1, tzinfo=UTC)
    assert rules.next_last_contact(noon, date(2026, 3, 1)) == noon
    assert rules.next_last_contact(noon, date(2026, 3, 5)) == noon  # same day, later hour
    assert rules.next_last_contact(noon, date(2026, 3, 6)) == datetime(2026, 3, 6, tzinfo=UTC)


def test_last_contact_is_recomputed_when_the_contact_it_came_from_goes():
    came_from_it = datetime(2026, 3, 5, tzinfo=UTC)
    assert rules.next_last_contact(came_from_it, date(2026, 1, 2), removed_on=date(2026, 3, 5)) \
        == datetime(2026, 1, 2, tzinfo=UTC)
    assert rules.next_last_contact(came_from_it, None, removed_on=date(2026, 3, 5)) is None
    later = datetime(2026, 3, 8, tzinfo=UTC)  # from another source: kept
    assert rules.next_last_contact(later, None, removed_on=date(2026, 3, 5)) == later


def test_names_summary_shows_the_first_few_and_how_many_more():
    assert rules.names_summary(["Ana", "Ben", "Cy"], 7) == "Ana, Ben, Cy and 4 more"
    assert rules.names_summary(["Ana", "Ben"], 2) == "Ana, Ben"
    assert rules.names_summary([], 0) == ""


def test_attendance_kinds():
    assert rules.has_attendance("focus_group") and not rules.has_attendance("call")


# --- Which concerns an edit keeps -----------------------------------------------------------


def test_an_edit_keeps_lines_as_they_were_then_the_same_words_then_rewordings():
    old = [("grading", "worried colleges will not read the new transcripts"),
           ("buses", "late buses"), ("safety", "Bus Stops")]
    new = [("lunch", "menus in Spanish"),  # new
           ("safety", "bus  stops"),  # the same words, give or take case and spacing
           ("grading", "worried that colleges will not read the new transcripts")]  # reworded
    assert rules.match_concerns(old, new) == {1: 2, 2: 0}  # "late buses" was deleted


def test_an_unchanged_line_wins_over_a_rewording_of_it():
    old = [("a", "parents want evening meetings")]
    new = [("a", "parents want evening meetings please"), ("a", "parents want evening meetings")]
    assert rules.match_concerns(old, new) == {1: 0}


def test_a_rewording_goes_to_the_most_alike_concern():
    old = [("t", "the new report cards are confusing"), ("t", "the new buses are late")]
    new = [("t", "the new buses are always late")]
    assert rules.match_concerns(old, new) == {0: 1}


@given(st.lists(st.tuples(st.sampled_from("abc"), st.text(max_size=30)), max_size=8),
       st.lists(st.tuples(st.sampled_from("abc"), st.text(max_size=30)), max_size=8))
def test_each_old_concern_is_kept_at_most_once(old, new):
    matched = rules.match_concerns(old, new)
    assert len(set(matched.values())) == len(matched)
    assert all(0 <= n < len(new) and 0 <= o < len(old) for n, o in matched.items())
    for n, o in matched.items():
        if rules.concern_key(new[n][1]) == rules.concern_key(old[o][1]):
            continue
        assert not any(rules.concern_key(new[n][1]) == rules.concern_key(old[f][1])
                       for f in set(range(len(old))) - set(matched.values()))


def test_an_edit_that_changes_nothing_keeps_everything():
    old = [("a", "one"), ("b", "two"), ("a", "one")]
    assert rules.match_concerns(old, list(old)) == {0: 0, 1: 1, 2: 2}
