"""Text cleaned on the way in, and search folding: case and accents never stop a match."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.text import clean_block, clean_line, fold, search_text


def test_accents_and_case_fold_away():
    assert fold("Lucía FERNÁNDEZ") == "lucia fernandez"
    assert fold("Çağlar Øst") == "caglar øst", "letters without a plain form stay"
    assert fold("Straße") == "strasse"


def test_search_text_joins_non_empty_parts_folded():
    assert search_text(["José Núñez", "", None, " Honda ", "jn@example.org"]) == \
        "jose nunez | honda | jn@example.org"


def test_compatibility_letters_fold_to_plain_ones():
    assert fold("𝑨𝒏𝒂") == "ana"
    assert fold("ﬁeld") == "field"


@settings(max_examples=2000)
@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"


@pytest.mark.parametrize(("typed", "kept"), [
    ("  Ana   Ruiz ", "Ana Ruiz"),
    ("Ana\tRuiz\nJr.", "Ana Ruiz Jr."),
    ("\ufeffAna\u200b Ruiz", "Ana Ruiz"),
    ("\u202eziuR anA", "ziuR anA"),  # a right-to-left override would show it reversed
    (PERSIAN, PERSIAN),  # "mikhaham": the zero-width non-joiner is part of the word
    ("\U0001f469\u200d\U0001f52c Lab", "\U0001f469\u200d\U0001f52c Lab"),  # ZWJ emoji
    ("Caf\u00e9 \u2014 caf\u0065\u0301", "Caf\u00e9 \u2014 caf\u0065\u0301"),
])
def test_a_line_keeps_what_shows_and_drops_what_does_not(typed, kept):
    assert clean_line(typed) == kept


@pytest.mark.parametrize("invisible", [
    "", "   ", "\ufeff", "\u200b\u200b", "\u202e", "\t\n", "\u0301", "\x85", "\u200c",
])
def test_a_line_of_nothing_visible_is_empty(invisible):
    # So DataRequired says "Enter a name." instead of saving an invisible link.
    assert clean_line(invisible) == ""
    assert clean_block(invisible) == ""


def test_a_block_keeps_its_lines_and_tabs():
    assert clean_block("\r\n First line\r\n\tindented\u202e\rlast \x07\n") == \
        "First line\n\tindented\nlast"


def test_anything_but_text_passes_through():
    assert clean_line(None) is None and clean_block(None) is None


@given(st.text())
def test_cleaning_is_idempotent_and_leaves_no_controls(text):
    line, block = clean_line(text), clean_block(text)
    assert clean_line(line) == line and clean_block(block) == block
    assert "\n" not in line and "  " not in line and line == line.strip()
    for cleaned in (line, block):
        assert not any(c in cleaned for c in "\x00\x1b\ufeff\u200b\u202e")
