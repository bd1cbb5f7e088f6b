"""Likely duplicates: same email, phone, name, or a similar name in the same block."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.dedupe import DuplicateIndex, blocks, name_key, name_words, phone_key


def _index(*records):
    index = DuplicateIndex()
    index.add_all(records)
    return index


def test_name_key_ignores_case_accents_punctuation_honorifics_and_order():
    assert name_key("Dr. María López") == name_key("lopez, maria") == "lopez maria"
    assert name_key("  ") == ""
    assert name_words("Dr") == ["dr"]  # a name that is only an honorific keeps it


def test_phone_key_compares_the_last_ten_digits():
    assert phone_key("+1 (614) 555-0100") == phone_key("614.555.0100") == "6145550100"
    assert phone_key("555-01") == ""


def test_same_email_phone_and_name_are_each_found_with_the_reason():
    index = _index((1, "Ana Ruiz", "ana@example.org", ""),
                   (2, "Bo Brown", "", "+16145550100"),
                   (3, "Cy Chen", "", ""))
    assert [(m.id, m.reason) for m in index.matches("A. Ruiz", "ANA@example.org ")] == [
        (1, "same email")]
    assert [(m.id, m.reason) for m in index.matches("Robert", "", "614 555 0100")] == [
        (2, "same phone")]
    assert [(m.id, m.reason) for m in index.matches("chen, cy")] == [(3, "same name")]
    assert index.matches("Dee Diaz", "dee@example.org", "614 555 0199") == []


def test_a_similar_name_is_found_and_a_different_one_is_not():
    index = _index((1, "John Smith", "", ""), (2, "Jane Smith", "", ""),
                   (3, "Honda of America Manufacturing", "", ""))
    found = index.matches("Jon Smith")
    assert [m.id for m in found] == [1]
    assert found[0].reason.startswith("similar name (") and "% alike" in found[0].reason
    assert [m.id for m in index.matches("Honda of America Manufacturing Inc")] == [3]
    assert index.matches("Joan Smithers") == []


def test_each_record_once_with_its_strongest_reason_and_at_most_three():
    index = _index((1, "Ana Ruiz", "ana@example.org", "6145550100"),
                   *((i, "Bo Brown", "", "") for i in range(2, 8)))
    assert [(m.id, m.reason) for m in index.matches("Ana Ruiz", "ana@example.org",
                                                    "6145550100")] == [(1, "same email")]
    assert len(index.matches("Bo Brown")) == 3


def test_records_added_later_are_compared_too():
    index = DuplicateIndex()
    assert index.matches("Ana Ruiz") == []
    index.add(-2, "Ana Ruiz")
    assert [m.id for m in index.matches("Ruiz Ana")] == [-2]
    assert len(index) == 1


words = st.lists(st.text("abcdefghij", min_size=2, max_size=8), min_size=1, max_size=4)


@given(words, st.randoms())
def test_the_same_words_in_any_order_and_case_are_the_same_name(parts, random):
    shuffled = parts[:]
    random.shuffle(shuffled)
    name, other = " ".join(parts), ", ".join(w.upper() for w in shuffled)
    assert name_key(name) == name_key(other)
    assert [m.reason for m in _index((1, name, "", "")).matches(other)] == ["same name"]


@given(words)
def test_a_name_shares_a_block_with_itself_missing_one_letter(parts):
    """One typo in one word keeps the other words' blocks (when there are two words)."""
    if len(parts) < 2:
        return
    typo = [parts[0][:-1], *parts[1:]]
    assert blocks(name_words(" ".join(parts))) & blocks(name_words(" ".join(typo)))


def test_an_initial_is_no_block_of_its_own():
    """Thousands share an initial: a block of "a" plus a letter would compare each name
    with all of them."""
    assert blocks(name_words("Aaron A. Allen")) == {"aaron a", "allen a"}
    assert blocks(name_words("A. B.")) == {"a b"}
    assert [m.id for m in _index((1, "Aaron A. Allen", "", "")).matches("Aaron B. Allen")] \
        == [1]
