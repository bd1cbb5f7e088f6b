"""The concern register's rules: filters from the URL and back, grouping by theme, the
"you said, we did" period and sections, and the answer's fingerprint."""

from dataclasses import dataclass
from datetime import date

from app.domain import concerns as rules


@dataclass
class Row:
    theme: str
    text: str = ""


def test_filters_read_from_the_url_and_written_back():
    f = rules.parse_concern_filter({"status": "answered", "theme": "  Grading: ", "q": "  new\t"
                                    "transcripts ", "from": "2026-01-01", "to": "2026-02-01"})
    assert f == rules.ConcernFilter("answered", "grading", "new transcripts",
                                    date(2026, 1, 1), date(2026, 2, 1))
    assert f.to_args() == {"status": "answered", "theme": "grading", "q": "new transcripts",
                           "from": "2026-01-01", "to": "2026-02-01"}
    assert f.narrowed and f.active


def test_the_default_filter_is_open_concerns_and_leaves_the_url_bare():
    f = rules.parse_concern_filter({})
    assert f.status == "open" and f.to_args() == {} and not f.active and not f.narrowed
    assert rules.ConcernFilter(status="all").to_args() == {"status": "all"}


def test_malformed_filters_are_ignored_and_backwards_dates_turned_round():
    f = rules.parse_concern_filter({"status": "closed", "from": "2026-13-01", "to": "x",
                                    "q": "x" * 500})
    assert (f.status, f.date_from, f.date_to, len(f.text)) == ("open", None, None, 200)
    turned = rules.parse_concern_filter({"from": "2026-03-01", "to": "2026-01-01"})
    assert (turned.date_from, turned.date_to) == (date(2026, 1, 1), date(2026, 3, 1))


def test_rows_are_grouped_by_consecutive_theme():
    groups = rules.group_by_theme([Row("a", "1"), Row("a", "2"), Row("b", "3")])
    assert [(g.theme, [r.text for r in g.rows], g.continued) for g in groups] == [
        ("a", ["1", "2"], False), ("b", ["3"], False)]
    continued = rules.group_by_theme([Row("b"), Row("c")], first_theme_began_earlier=True)
    assert [g.continued for g in continued] == [True, False]
    assert rules.group_by_theme([]) == []


def test_the_period_defaults_to_the_current_term():
    spring = rules.period(None, None, date(2026, 3, 10))
    assert (spring.start, spring.end, spring.is_default) == (date(2026, 1, 1),
                                                             date(2026, 7, 31), True)
    assert spring.label == "this term (spring 2026)"
    assert rules.period(None, None, date(2025, 9, 1)).label == "this term (fall 2025)"
    chosen = rules.period(date(2026, 2, 1), date(2026, 1, 1), date(2026, 3, 10))
    assert (chosen.start, chosen.end, chosen.label) == (
        date(2026, 1, 1), date(2026, 2, 1), "1 Jan 2026 to 1 Feb 2026")
    assert rules.period(date(2026, 2, 1), None, date(2026, 3, 10)).label == "since 1 Feb 2026"
    assert rules.period(None, date(2026, 2, 1), date(2026, 3, 10)).label == "up to 1 Feb 2026"


def test_sections_tell_each_theme_with_answers_or_open_concerns():
    tallies = [rules.ThemeTally("grading", open=2, written=3, unwritten=1),
               rules.ThemeTally("lunch", open=0, written=0, unwritten=4),
               rules.ThemeTally("safety", open=1, written=0, unwritten=0)]
    answers = [Row("grading", "g1"), Row("grading", "g2")]
    sections = rules.sections(tallies, answers)
    assert [(s.theme, len(s.answers), s.open, s.unwritten, s.not_shown) for s in sections] == [
        ("grading", 2, 2, 1, 1), ("safety", 0, 1, 0, 0)]


def test_theme_keys_and_answer_fingerprints_are_stable_and_distinct():
    assert rules.theme_key("grading") == rules.theme_key("grading")
    assert rules.theme_key("grading") != rules.theme_key("safety")
    assert rules.theme_key("<b>").isalnum()
    assert rules.answer_fingerprint("") == rules.answer_fingerprint(None)
    assert rules.answer_fingerprint("FAQ sent") != rules.answer_fingerprint("FAQ sent.")
