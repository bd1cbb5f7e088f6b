"""Typeahead ordering: what was typed matches the whole name, its start, a word's start,
inside a word, or only something else about the stakeholder."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import fold, name_match_rank


def test_the_ranks_from_the_whole_name_to_no_match_in_the_name():
    assert name_match_rank("Maria Lopez", "María López") == 0
    assert name_match_rank("mar", "Marcus Chen") == 1
    assert name_match_rank("mar", "Ana Marquez") == 2
    assert name_match_rank("lopez", "Ana Ortiz-Lopez") == 2, "after a hyphen"
    assert name_match_rank("brien", "Pat O'Brien") == 2, "after an apostrophe"
    assert name_match_rank("mar", "Tamara Wills") == 3
    assert name_match_rank("mar", "Daniela Vargas") == 4, "found by her organisation"


def test_case_accents_and_spacing_do_not_matter():
    assert name_match_rank("  LUCÍA   ", "lucia") == 0
    assert name_match_rank("ana  mar", "Ana Marquez") == 1


def test_nothing_typed_ranks_last():
    assert name_match_rank("", "Anyone") == 4
    assert name_match_rank("   ", "Anyone") == 4


@given(st.text(max_size=30), st.text(max_size=30))
def test_a_rank_is_one_of_five_and_a_name_matches_itself_best(typed, name):
    assert name_match_rank(typed, name) in range(5)
    visible = " ".join(fold(name).split())
    assert name_match_rank(name, name) == (0 if visible else 4)
    if visible:
        assert name_match_rank(name + " x", name) == 4, "more than the name is not the name"
