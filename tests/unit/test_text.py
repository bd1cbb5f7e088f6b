"""Search folding: case and accents never stop a match."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.text import fold, search_text


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
