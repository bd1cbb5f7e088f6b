"""The glossary's wording check: whole phrases, case and accents ignored, spaces and hyphens
alike, the longest phrase first, never overlapping; and the avoid lists it reads."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.glossary import (
    Term,
    avoid_conflicts,
    check,
    parse_avoid,
    phrase_key,
    segments,
    term_conflicts,
)

PERSONALIZED = Term("personalized learning",
                    ("customized learning", "adaptive learning", "individualized learning"))
GLOSSARY = (PERSONALIZED,)


def found(text, terms=GLOSSARY):
    return [(f.phrase, f.preferred) for f in check(text, terms)]


# ---------------------------------------------------------------- parse_avoid


def test_avoid_list_is_trimmed_and_empty_parts_dropped():
    assert parse_avoid(" customized learning ,, adaptive   learning,  ,") == (
        "customized learning", "adaptive learning")


def test_avoid_list_drops_repeats_by_folded_form_keeping_the_first_spelling():
    assert parse_avoid("Customized learning, customized-LEARNING, Adaptive, adáptive") == (
        "Customized learning", "Adaptive")


@pytest.mark.parametrize("empty", [None, "", " , ,", " - , -- "])
def test_an_empty_avoid_list_has_no_phrases(empty):
    assert parse_avoid(empty) == ()


# ---------------------------------------------------------------- check: examples


def test_finds_the_phrase_as_written_with_its_place_and_the_term_to_use():
    text = "We offer Customized learning to all."
    [f] = check(text, GLOSSARY)
    assert (f.phrase, f.start, f.end) == ("Customized learning", 9, 28)
    assert f.preferred == "personalized learning" and f.avoided == "customized learning"
    assert text[f.start:f.end] == f.phrase


def test_hyphens_and_runs_of_whitespace_are_alike():
    assert found("Customized-learning and ADAPTIVE \n\t learning") == [
        ("Customized-learning", "personalized learning"),
        ("ADAPTIVE \n\t learning", "personalized learning")]


def test_case_and_accents_do_not_matter():
    assert found("Ádaptive LEARNÍNG") == [("Ádaptive LEARNÍNG", "personalized learning")]
    # An accent written as a separate combining mark belongs to its letter.
    assert found("adaptive learnin\u0301g.") == [("adaptive learnin\u0301g",
                                                  "personalized learning")]


def test_accents_in_the_glossary_do_not_matter_either():
    terms = (Term("educación personalizada", ("educación adaptativa",)),)
    assert found("La Educacion Adaptativa.", terms) == [("Educacion Adaptativa",
                                                         "educación personalizada")]


@pytest.mark.parametrize("text", ["", "   ", "Nothing to see here."])
def test_nothing_to_find(text):
    assert check(text, GLOSSARY) == []


def test_an_empty_glossary_finds_nothing():
    assert check("customized learning", []) == []
    assert check("customized learning", [Term("personalized learning")]) == []


@pytest.mark.parametrize("text", ["(customized learning)", "\u201ccustomized learning\u201d",
                                  "customized learning.", "customized learning, and",
                                  "'customized learning'", "customized learning's reach"])
def test_punctuation_around_the_phrase_does_not_hide_it(text):
    assert [f.phrase for f in check(text, GLOSSARY)] == ["customized learning"]


@pytest.mark.parametrize("text", ["maladaptive learning", "adaptive learnings",
                                  "readaptive learning", "adaptive_learning",
                                  "adaptive learning2", "adaptivelearning"])
def test_a_phrase_inside_a_longer_word_is_not_found(text):
    assert check(text, GLOSSARY) == []


def test_unicode_text_around_the_phrase_keeps_positions_right():
    text = "Straße \U0001f393 ﬁne — individualized learning für alle"
    [f] = check(text, GLOSSARY)
    assert text[f.start:f.end] == f.phrase == "individualized learning"


def test_a_letter_that_folds_longer_still_points_at_the_phrase():
    terms = (Term("street", ("strasse",)),)
    [f] = check("in der STRAßE hier", terms)
    assert f.phrase == "STRAßE"


def test_the_longest_phrase_wins_where_phrases_overlap():
    terms = (Term("learning", ("adaptive",)),
             Term("personalized learning", ("adaptive learning", "adaptive learning platform")))
    assert found("an adaptive learning platform", terms) == [
        ("adaptive learning platform", "personalized learning")]
    assert found("adaptive tools", terms) == [("adaptive", "learning")]


def test_overlapping_candidates_never_give_overlapping_findings():
    terms = (Term("x", ("a b", "b c")),)
    assert found("a b c", terms) == [("a b", "x")]  # same length: the earliest


def test_the_districts_own_term_protects_the_words_inside_it():
    terms = (Term("Portrait of a Graduate", ("portrait", "graduate profile")),)
    assert found("Our Portrait of a Graduate is new.", terms) == []
    assert found("The portrait says so.", terms) == [("portrait", "Portrait of a Graduate")]


def test_repeated_phrases_are_each_found():
    assert len(check("adaptive learning; adaptive learning", GLOSSARY)) == 2


def test_segments_cut_the_text_around_the_findings():
    text = "Try adaptive learning today"
    pieces = segments(text, check(text, GLOSSARY))
    assert [(p, f is not None) for p, f in pieces] == [
        ("Try ", False), ("adaptive learning", True), (" today", False)]
    assert segments("", []) == []


# ---------------------------------------------------------------- conflicts


def test_a_term_may_not_repeat_or_be_another_terms_phrase_to_avoid():
    assert term_conflicts("Personalized-Learning", GLOSSARY) == [
        "There is already a term \u201cpersonalized learning\u201d."]
    [problem] = term_conflicts("adaptive learning", GLOSSARY)
    assert "in favour of \u201cpersonalized learning\u201d" in problem
    assert term_conflicts("competency-based learning", GLOSSARY) == []


def test_a_phrase_to_avoid_may_not_be_the_term_or_another_term():
    others = (Term("competency-based learning"), PERSONALIZED)
    problems = avoid_conflicts("mastery learning",
                               ("Mastery learning", "competency based learning",
                                "adaptive learning", "seat time"), others)
    assert problems == [
        "\u201cMastery learning\u201d is the term itself: it cannot also be a phrase to avoid.",
        "\u201ccompetency based learning\u201d is the district\u2019s term "
        "\u201ccompetency-based learning\u201d: it cannot be a phrase to avoid.",
        "\u201cadaptive learning\u201d is already a phrase to avoid in favour of "
        "\u201cpersonalized learning\u201d."]


# ---------------------------------------------------------------- properties

# Glossary phrases are built from one set of letters and the text around them from
# another, so nothing but the phrases put there can match.
PHRASE_WORD = st.text(alphabet="abcdefgh", min_size=1, max_size=6)
PHRASE = st.lists(PHRASE_WORD, min_size=1, max_size=3).map(" ".join)
OTHER_TEXT = st.text(alphabet="nopqrstuvwxyz ,.!?'\n\t-\u00e9\u00fc\u4e2d", max_size=40)
TERMS = st.lists(st.tuples(st.text(alphabet="ijklm", min_size=1, max_size=8),
                           st.lists(PHRASE, min_size=1, max_size=3)),
                 min_size=1, max_size=3).map(
    lambda pairs: tuple(Term(t, tuple(avoid)) for t, avoid in pairs))


@given(OTHER_TEXT, TERMS)
def test_text_without_any_avoided_phrase_gives_no_findings(text, terms):
    assert check(text, terms) == []


def _respell(phrase: str, joiners: list[str], upper: list[bool]) -> str:
    """The phrase with other separators between its words and some letters upper-cased."""
    words = phrase.split(" ")
    letters = "".join(w + (joiners[i % len(joiners)] if i < len(words) - 1 else "")
                      for i, w in enumerate(words))
    return "".join(c.upper() if upper[i % len(upper)] else c for i, c in enumerate(letters))


@given(OTHER_TEXT, OTHER_TEXT, TERMS, st.data())
def test_an_avoided_phrase_between_spaces_is_always_found(left, right, terms, data):
    phrases = [(a, t.term) for t in terms for a in t.avoid]
    avoided, _ = data.draw(st.sampled_from(phrases))
    joiners = data.draw(st.lists(st.sampled_from([" ", "-", "  ", " - ", "\n"]), min_size=1))
    upper = data.draw(st.lists(st.booleans(), min_size=1))
    written = _respell(avoided, joiners, upper)
    text = f"{left} {written} {right}"
    start = len(left) + 1
    [f] = [f for f in check(text, terms) if f.start == start]
    assert f.phrase == written and f.end == start + len(written)
    # The phrase reported is one the glossary avoids (the longest where several fit).
    assert phrase_key(f.avoided) == phrase_key(written)
    first = next(t.term for t in terms if any(phrase_key(a) == phrase_key(written)
                                               for a in t.avoid))
    assert f.preferred == first


SMALL = st.text(alphabet="ab -\u00e1B,", max_size=30)
SMALL_TERMS = st.lists(st.tuples(st.text(alphabet="abc ", min_size=1, max_size=5),
                                 st.lists(st.text(alphabet="ab -", max_size=5), max_size=3)),
                       max_size=3).map(
    lambda pairs: tuple(Term(t, tuple(avoid)) for t, avoid in pairs))


@given(SMALL, SMALL_TERMS)
def test_findings_never_overlap_and_point_at_whole_phrases(text, terms):
    findings = check(text, terms)
    for f in findings:
        assert text[f.start:f.end] == f.phrase
        assert phrase_key(f.phrase) == phrase_key(f.avoided)
        assert not re.match(r"\w", text[f.end:f.end + 1])
        assert not re.match(r"\w", text[f.start - 1:f.start]) or f.start == 0
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start
    assert "".join(piece for piece, _ in segments(text, findings)) == text


@given(SMALL, SMALL_TERMS)
def test_case_never_changes_what_is_found(text, terms):
    spans = [(f.start, f.end) for f in check(text, terms)]
    assert [(f.start, f.end) for f in check(text.upper(), terms)] == spans


def test_stored_terms_with_comma_separated_avoid_lists_are_read_too():
    class Stored:
        term = "personalized learning"
        avoid = "customized learning, adaptive learning"

    assert found("Adaptive learning, and customized learning.", [Stored()]) == [
        ("Adaptive learning", "personalized learning"),
        ("customized learning", "personalized learning")]
