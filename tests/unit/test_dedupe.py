"""Likely duplicates: same email, phone, name, or a similar name in the same block."""

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import dedupe
from app.domain.dedupe import (
    SIMILAR,
    DuplicateIndex,
    blocks,
    name_key,
    name_words,
    phone_key,
    similarity,
)


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
    assert found[0].reason.startswith("similar name, ") and "% alike" in found[0].reason
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


# --- Numbers in names, common blocks, and what was found before ---------------------------


def test_names_whose_numbers_differ_are_not_similar():
    index = _index((1, "Bulk Person 12", "", ""), (2, "Lincoln Elementary", "", ""),
                   (3, "Troop 42", "", ""))
    assert index.matches("Bulk Person 13") == []
    assert index.matches("Lincoln Elementary 2") == []
    assert index.matches("Troop") == [] and index.matches("Troop 24") == []
    assert [(m.id, m.reason) for m in index.matches("person 12, bulk")] == [(1, "same name")]
    assert [m.id for m in index.matches("Bulk Persn 12")] == [1]


def test_numbers_follow_every_block():
    assert blocks(name_words("Bulk Person 17")) == {"bulk p 17", "person b 17"}
    assert blocks(name_words("Troop 42")) == {"troop 42"}
    assert blocks(name_words("2024")) == {"2024"}


def test_a_file_of_numbered_names_has_no_likely_duplicates_until_it_comes_again():
    """The rows are checked as the import does: each against the rows above it."""
    index = DuplicateIndex()
    for line in range(2, 302):
        assert index.matches(f"Bulk Person {line - 1}") == []
        index.add(-line, f"Bulk Person {line - 1}")
    assert [(m.id, m.reason) for m in index.matches("Bulk Person 17")] == [
        (-18, "same name")]


def test_a_common_block_is_not_searched_but_the_same_name_and_other_blocks_are(monkeypatch):
    monkeypatch.setattr(dedupe, "COMMON_BLOCK", 3)
    index = _index((1, "John Smith", "", ""),
                   *((i, f"Smith J{'abc'[i - 2]}", "", "") for i in range(2, 5)))
    assert index.matches("Jon Smith") == []  # only "smith j" is shared, and it holds 4
    assert [m.id for m in index.matches("Smith, John")] == [1]
    assert [m.id for m in index.matches("John Smyth")] == [1]  # through "john s"


def test_equally_similar_names_come_in_the_order_they_were_added():
    index = _index((9, "Jonn Smith", "", ""), (4, "John Smith", "", ""))
    assert [m.id for m in index.matches("Jon Smith")] == [9, 4]


def _found_before(name: str, other: str) -> str | None:
    """The reason the index gave before blocks took numbers and skipped common blocks:
    the same key, or a block in common and a SIMILAR key or words as written."""
    def old_blocks(words):
        if len(words) == 1:
            return {words[0]}
        return {f"{w} {o[0]}" for i, w in enumerate(words) for j, o in enumerate(words)
                if i != j and len(w) > 1} or {" ".join(words)}

    words, other_words = name_words(name), name_words(other)
    if not words or not other_words:
        return None
    if name_key(name) == name_key(other):
        return "same name"
    if not old_blocks(words) & old_blocks(other_words):
        return None
    score = max(similarity(name_key(other), name_key(name)),
                similarity(" ".join(other_words), " ".join(words)))
    return f"similar name, {round(score * 100)}% alike" if score >= SIMILAR else None


FIRST = ["John", "Jon", "Maria", "María", "José", "Aaron", "Ann", "Anne", "Li", "Zoë",
         "Christopher", "Mary Ann", "Jean-Luc", "Siobhan", "Nguyen Thi"]
LAST = ["Smith", "Smyth", "López", "Lopez", "Nguyen", "O'Brien", "Allen", "Ng", "Garcia",
        "Van der Berg", "Okafor", "Kowalski", "Lee"]


@st.composite
def real_name_variants(draw):
    """A name and the same name as someone else might write it."""
    first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
    middle = draw(st.sampled_from(["", "A.", "B", "Lee"]))
    name = " ".join(w for w in (first, middle, last) if w)

    def typo(word):
        i = draw(st.integers(0, len(word) - 1))
        return draw(st.sampled_from([word[:i] + word[i + 1:], word[:i] + "e" + word[i:],
                                     word[:i] + "x" + word[i + 1:],
                                     word[:i] + word[i + 1:i + 2] + word[i:i + 1]
                                     + word[i + 2:]]))

    variant = draw(st.sampled_from([
        f"{last}, {first} {middle}", name.upper(), name.lower(), f"Dr. {name}",
        f"{first} {last}", f"{first} C. {last}", f"{typo(first)} {middle} {last}",
        f"{first} {middle} {typo(last)}", name.replace("é", "e").replace("í", "i"),
    ]))
    return name, variant


@settings(max_examples=300, deadline=None)
@given(real_name_variants(), st.lists(st.tuples(st.sampled_from(FIRST),
                                                st.sampled_from(LAST)), max_size=20))
def test_a_real_name_variant_found_before_is_found_with_the_same_reason(pair, others):
    name, variant = pair
    index = _index((0, name, "", ""),
                   *((i, f"{f} {s}", "", "") for i, (f, s) in enumerate(others, 1)))
    with patch.object(dedupe, "MAX_MATCHES", 100):
        found = {m.id: m.reason for m in index.matches(variant)}
    assert found.get(0) == _found_before(variant, name)


name_text = st.lists(st.text("abcé", min_size=1, max_size=6), min_size=1,
                     max_size=3).map(" ".join)


@st.composite
def register_and_name(draw):
    """A few names, and one to check: new, or one of them with a letter changed, added or
    dropped, or with its words in another order."""
    names = draw(st.lists(name_text, min_size=1, max_size=12))
    name = draw(st.sampled_from(names))
    i = draw(st.integers(0, len(name)))
    name = draw(st.sampled_from([draw(name_text), name[:i] + name[i + 1:],
                                 name[:i] + "b" + name[i:], name[:i] + "c" + name[i + 1:],
                                 " ".join(reversed(name.split()))]))
    return names, name


@settings(max_examples=300, deadline=None)
@given(register_and_name())
def test_names_without_numbers_are_paired_exactly_as_before(names_and_name):
    """Blocks of one register, below COMMON_BLOCK: the index finds what a comparison with
    every record found before, no more and no less."""
    names, name = names_and_name
    index = _index(*((i, n, "", "") for i, n in enumerate(names)))
    with patch.object(dedupe, "MAX_MATCHES", 100):
        found = {m.id: m.reason for m in index.matches(name)}
    before = {i: _found_before(name, n) for i, n in enumerate(names)}
    assert found == {i: reason for i, reason in before.items() if reason}
