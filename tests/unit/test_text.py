"""Search folding: case and accents never stop a match."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.text import fold, search_text


def test_accents_and_case_fold_away():
    assert fold("Lucía FERNÁNDEZ") == "lucia fernandez"
    assert fold("Çağlar Øst") == "caglar øst", "letters without a plain form stay"
    assert fold("Straße") == "strasse"


def test_search_text_joins_non_empty_parts_folded():
    assert search_text(["José Núñez", "", None, " Honda ", "jn@example.org"]) == \
        "jose nunez | honda | jn@example.org"


@given(st.text())
def test_folding_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
