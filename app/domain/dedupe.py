"""Likely duplicates among stakeholders: the same email, the same phone, the same or a
similar name.

Names are compared by a key that ignores case, accents, punctuation, honorifics and word
order ("Dr. María López" and "lopez, maria" share one). A similar name is one whose key,
or its words as written, is at least `SIMILAR` alike (difflib's ratio) to another's
("Aaron A. Allen" and "Aaron B. Allen" differ where sorting moves the initial) that
shares a "block" with it:
one of its words plus the first letter of another word ("jon smith" and "john smith"
share "smith j"). Blocks keep the comparisons to a handful per name, so checking a file
of thousands of rows against a district of 100,000 stays fast; the price is that two
names with no word in common exactly ("Jon Smyth", "John Smith") are not paired.

A word with a digit in it ("12", "2nd") is a number: it names which one, so names whose
numbers differ are never similar ("Bulk Person 12" is not "Bulk Person 13", nor
"Troop 42" "Troop"). Numbers are part of every block, which also keeps a file of
numbered rows from landing in one block. A block holding more than `COMMON_BLOCK` names
(templated ones such as "Parent Volunteer Aa", "... Ab") is not searched: its names are
still found by the same name, or through another block they share with the name.

Pure Python: no Flask, no SQLAlchemy.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from typing import Final

from app.domain.text import fold

SIMILAR: Final = 0.88
MAX_MATCHES: Final = 3
# Real names stay below this in a district of 100,000 (the benchmark register's largest
# block, "brien o", holds 280; where one person in twenty is a Garcia, "garcia m" might
# hold 700). Templated names pass every cheap test, so a block of them past this size
# would cost a full comparison with each of its names for every name checked.
COMMON_BLOCK: Final = 1000
HONORIFICS: Final = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "rev", "hon",
                               "sr", "jr"})


@dataclass(frozen=True)
class Match:
    """Another record that is probably the same one, and why (in words)."""

    id: int
    name: str
    reason: str


def name_words(name: str) -> list[str]:
    """The words of a name for comparing: folded, without punctuation or honorifics."""
    words = "".join(c if c.isalnum() else " " for c in fold(name or "")).split()
    kept = [w for w in words if w not in HONORIFICS]
    return kept or words


def name_key(name: str) -> str:
    """A name's words in sorted order: equal for the same name written differently."""
    return " ".join(sorted(name_words(name)))


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


def phone_key(phone: str) -> str:
    """The last ten digits of a phone number ("" when it has fewer than seven)."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    return digits[-10:] if len(digits) >= 7 else ""


def is_number(word: str) -> bool:
    """Whether a word of a name (letters and digits) has a digit in it."""
    return not word.isalpha()


def blocks(words: list[str]) -> set[str]:
    """The blocks a name falls in: each word of two or more letters with the first letter
    of each other word (an initial alone would put a name in a block with thousands),
    followed by the name's numbers in order ("bulk p 12")."""
    letters = [w for w in words if not is_number(w)]
    numbers = "" if len(letters) == len(words) else "".join(
        f" {w}" for w in sorted(w for w in words if is_number(w)))
    if len(letters) <= 1:
        return {(" ".join(letters) + numbers).strip()}
    found = {f"{w} {o[0]}{numbers}" for i, w in enumerate(letters)
             for j, o in enumerate(letters) if i != j and len(w) > 1}
    return found or {" ".join(letters) + numbers}


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@cache
def _lengths_within_reach(length: int) -> frozenset[int]:
    """The lengths another name can have and still be SIMILAR to one of `length`
    characters (difflib's real_quick_ratio, an upper bound of the ratio)."""
    return frozenset(n for n in range(1, 2 * length + 2)
                     if 2.0 * min(n, length) / (n + length) >= SIMILAR)


def _matcher(text: str) -> SequenceMatcher:
    """A matcher comparing many names with `text`: difflib keeps what it learns of the
    second sequence."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)
    return matcher


class DuplicateIndex:
    """Records to compare new ones with; records added later are compared too."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}
        self._by_email: dict[str, list[int]] = defaultdict(list)
        self._by_phone: dict[str, list[int]] = defaultdict(list)
        self._by_key: dict[str, list[int]] = defaultdict(list)
        # (record id, key, words as written, length of either, order added)
        self._by_block: dict[str, list[tuple[int, str, str, int, int]]] = defaultdict(list)

    def add(self, record_id: int, name: str, email: str = "", phone: str = "") -> None:
        self._names[record_id] = name
        if key := email_key(email):
            self._by_email[key].append(record_id)
        if key := phone_key(phone):
            self._by_phone[key].append(record_id)
        words = name_words(name)
        if words:
            key = " ".join(sorted(words))
            self._by_key[key].append(record_id)
            entry = (record_id, key, " ".join(words), len(key), len(self._names))
            for block in blocks(words):
                self._by_block[block].append(entry)

    def add_all(self, records: Iterable[tuple[int, str, str, str]]) -> None:
        for record_id, name, email, phone in records:
            self.add(record_id, name, email, phone)

    def __len__(self) -> int:
        return len(self._names)

    def matches(self, name: str, email: str = "", phone: str = "") -> list[Match]:
        """Up to MAX_MATCHES likely duplicates: same email, then phone, then name, then a
        similar name; each record once, with its strongest reason."""
        found: dict[int, str] = {}

        def note(ids: Iterable[int], reason: str) -> None:
            for record_id in ids:
                found.setdefault(record_id, reason)

        if key := email_key(email):
            note(self._by_email.get(key, ()), "same email")
        if key := phone_key(phone):
            note(self._by_phone.get(key, ()), "same phone")
        words = name_words(name)
        if words:
            key = " ".join(sorted(words))
            note(self._by_key.get(key, ()), "same name")
            if len(found) < MAX_MATCHES:
                for record_id, score in self._similar_names(words, key, found):
                    note((record_id,), f"similar name, {round(score * 100)}% alike")
        return [Match(record_id, self._names[record_id], reason)
                for record_id, reason in list(found.items())[:MAX_MATCHES]]

    def _similar_names(self, words: list[str], key: str,
                       known: Iterable[int]) -> list[tuple[int, float]]:
        """(record id, score) of the records, other than `known`, that share a block
        (not a common one) with the name and are SIMILAR to it, most alike first (ties:
        the one added first).

        Each record is scored once. The cheap upper bounds come first: length, then the
        letters in common (the same for the key and the words as written)."""
        reach = _lengths_within_reach(len(key))
        by_key, as_written = _matcher(key), _matcher(" ".join(words))
        seen = set(known)
        best: dict[int, tuple[float, int]] = {}
        for block in sorted(blocks(words)):
            entries = self._by_block.get(block, ())
            if len(entries) > COMMON_BLOCK:
                continue
            for record_id, other, other_as_written, length, order in entries:
                if record_id in seen:
                    continue
                seen.add(record_id)
                if length not in reach or other == key:
                    continue
                by_key.set_seq1(other)
                if by_key.quick_ratio() < SIMILAR:
                    continue
                as_written.set_seq1(other_as_written)
                score = max(by_key.ratio(), as_written.ratio())
                if score >= SIMILAR:
                    best[record_id] = (-score, order)
        return [(record_id, -rank[0]) for record_id, rank in
                sorted(best.items(), key=lambda item: item[1])]
