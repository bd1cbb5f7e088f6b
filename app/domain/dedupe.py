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

Pure Python: no Flask, no SQLAlchemy.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

from app.domain.text import fold

SIMILAR: Final = 0.88
MAX_MATCHES: Final = 3
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


def blocks(words: list[str]) -> set[str]:
    """The blocks a name falls in: each word of two or more letters with the first letter
    of each other word. (An initial alone would put a name in a block with thousands.)"""
    if len(words) == 1:
        return {words[0]}
    found = {f"{w} {o[0]}" for i, w in enumerate(words) for j, o in enumerate(words)
             if i != j and len(w) > 1}
    return found or {" ".join(words)}


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class _Similar:
    """Compares one name key with many: difflib keeps what it learns of the second
    sequence, and its two cheap upper bounds rule most candidates out before the ratio."""

    def __init__(self, key: str) -> None:
        self.matcher = SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(key)

    def __call__(self, other: str) -> float:
        m = self.matcher
        m.set_seq1(other)
        if m.real_quick_ratio() < SIMILAR or m.quick_ratio() < SIMILAR:
            return 0.0
        return m.ratio()


class DuplicateIndex:
    """Records to compare new ones with; records added later are compared too."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}
        self._by_email: dict[str, list[int]] = defaultdict(list)
        self._by_phone: dict[str, list[int]] = defaultdict(list)
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_block: dict[str, list[tuple[int, str, str]]] = defaultdict(list)

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
            entry = (record_id, key, " ".join(words))
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
            best: dict[int, float] = {}
            similar_sorted, similar_as_written = _Similar(key), _Similar(" ".join(words))
            for block in blocks(words):
                for record_id, other, as_written in self._by_block.get(block, ()):
                    if record_id in found or record_id in best or other == key:
                        continue
                    score = max(similar_sorted(other), similar_as_written(as_written))
                    if score >= SIMILAR:
                        best[record_id] = score
            for record_id, score in sorted(best.items(), key=lambda item: -item[1]):
                note((record_id,), f"similar name ({round(score * 100)}% alike)")
        return [Match(record_id, self._names[record_id], reason)
                for record_id, reason in list(found.items())[:MAX_MATCHES]]
