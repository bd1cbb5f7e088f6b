"""The district's glossary: which words it uses, which it avoids, and checking a text.

A glossary term ("personalized learning") lists phrases to avoid in its place
("customized learning, adaptive learning"). `check` finds those phrases in a text:

- whole words and phrases only: "adaptive learning" is not found in "maladaptive
  learning" nor in "adaptive learnings";
- case and accents do not matter ("ADAPTIVE Léarning" is found);
- runs of spaces, line breaks and hyphens are all alike: "customized-learning" and
  "customized\\n  learning" are "customized learning";
- where phrases overlap, the longest wins, then the earliest; findings never overlap;
- where a text uses a term itself, that stretch is the district's own word, so a phrase
  to avoid inside it is not reported (a glossary avoiding "portrait" in favour of
  "Portrait of a Graduate" finds nothing in "our Portrait of a Graduate").

Each finding gives the phrase as the text wrote it, where it is, and the term to use.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain.text import fold

# Hyphens and dashes that join words ("customized-learning"), read as a space.
_JOINERS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Characters that show nothing (soft hyphen, zero-width space and joiner, byte-order
# mark): dropped, so "custom\u00adized" is still "customized".
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary term and the phrases to avoid in its place."""

    term: str
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """An avoided phrase in a text: `text[start:end] == phrase`."""

    phrase: str  # as the text wrote it
    start: int
    end: int
    preferred: str  # the term to use instead
    avoided: str  # the phrase as the glossary lists it


# ---------------------------------------------------------------- normalising


def _is_space(char: str) -> bool:
    return char.isspace() or char in _JOINERS


def _normalised(text: str) -> tuple[str, list[int], list[int]]:
    """`text` folded, with every run of spaces and hyphens one space; and for each of its
    characters, where the original character that gave it starts and ends."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    in_space = False
    for i, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if _is_space(char):
            if in_space:
                ends[-1] = i + 1
                continue
            in_space = True
            out.append(" ")
            starts.append(i)
            ends.append(i + 1)
            continue
        in_space = False
        folded = char.lower() if char.isascii() else fold(char)
        for piece in folded:
            out.append(piece)
            starts.append(i)
            ends.append(i + 1)
        if not folded and out and out[-1] != " ":
            ends[-1] = i + 1  # an accent written apart belongs to the letter before it
    return "".join(out), starts, ends


def phrase_key(phrase: str) -> str:
    """How a phrase is compared: folded, spaces and hyphens alike, trimmed.

    >>> phrase_key("  Customized-LEARNING ")
    'customized learning'
    """
    return _normalised(phrase)[0].strip()


def parse_avoid(text: str | None) -> tuple[str, ...]:
    """The phrases of a comma-separated avoid list: trimmed (inner spaces collapsed),
    empty ones dropped, and repeats (by `phrase_key`) dropped, the first spelling kept."""
    seen: set[str] = set()
    phrases = []
    for part in (text or "").split(","):
        phrase = " ".join(part.split())
        key = phrase_key(phrase)
        if key and key not in seen:
            seen.add(key)
            phrases.append(phrase)
    return tuple(phrases)


def format_avoid(phrases: Iterable[str]) -> str:
    """The avoid list as stored: 'customized learning, adaptive learning'."""
    return ", ".join(phrases)


# ---------------------------------------------------------------- checking


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern
    length: int
    preferred: str
    avoided: str | None  # None: the term itself, which protects its stretch of text


@lru_cache(maxsize=64)
def _patterns(terms: tuple[Term, ...]) -> tuple[_Pattern, ...]:
    """One pattern per distinct phrase (the first term listing it wins), with the terms."""
    patterns = []
    seen: set[str] = set()
    entries = [(t.term, t.term, None) for t in terms]
    entries += [(a, t.term, a) for t in terms for a in t.avoid]
    for phrase, preferred, avoided in entries:
        key = phrase_key(phrase)
        if not key or (avoided is not None and key in seen):
            continue
        seen.add(key)
        # Every occurrence, overlapping ones too (the lookahead consumes nothing); a
        # word character may not touch either end.
        regex = re.compile(r"(?<!\w)(?=(" + re.escape(key) + r")(?!\w))")
        patterns.append(_Pattern(regex, len(key), preferred, avoided))
    return tuple(patterns)


def _as_term(t) -> Term:
    """A Term from anything with `term` and `avoid` (a sequence of phrases, or the
    comma-separated text a stored glossary term keeps)."""
    if isinstance(t, Term):
        return t
    avoid = parse_avoid(t.avoid) if isinstance(t.avoid, str) else tuple(t.avoid)
    return Term(t.term, avoid)


def check(text: str | None, terms: Sequence) -> list[Finding]:
    """The avoided phrases in `text`, in the order they appear, never overlapping.

    `terms` are `Term`s, or anything with `term` and `avoid` (comma-separated text)."""
    if not text or not terms:
        return []
    patterns = _patterns(tuple(_as_term(t) for t in terms))
    if all(p.avoided is None for p in patterns):
        return []
    normal, starts, ends = _normalised(text)
    candidates = []
    for p in patterns:
        for m in p.regex.finditer(normal):
            candidates.append((m.start(1), m.end(1), p))
    # Longest first, then earliest; a stretch once taken is not reported twice.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    findings = []
    for a, b, p in candidates:
        if any(a < end and start < b for start, end in taken):
            continue
        taken.append((a, b))
        if p.avoided is not None:
            start, end = starts[a], ends[b - 1]
            findings.append(Finding(text[start:end], start, end, p.preferred, p.avoided))
    findings.sort(key=lambda f: f.start)
    return findings


def segments(text: str, findings: Sequence[Finding]) -> list[tuple[str, Finding | None]]:
    """`text` cut into pieces, each an avoided phrase (with its finding) or plain text
    (None), so a page can mark the phrases up while escaping every piece."""
    pieces: list[tuple[str, Finding | None]] = []
    at = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start > at:
            pieces.append((text[at:f.start], None))
        pieces.append((text[f.start:f.end], f))
        at = f.end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def term_conflicts(term: str, others: Sequence[Term]) -> list[str]:
    """Why `term` cannot join a glossary of `others` (the district's other terms), as
    sentences to show; empty when it can."""
    problems = []
    key = phrase_key(term)
    by_term = {phrase_key(o.term): o.term for o in others}
    avoided_by = {phrase_key(a): (a, o.term) for o in others for a in o.avoid}
    if key in by_term:
        problems.append(f"There is already a term \u201c{by_term[key]}\u201d.")
    elif key in avoided_by:
        phrase, owner = avoided_by[key]
        problems.append(f"\u201c{phrase}\u201d is a phrase to avoid in favour of "
                        f"\u201c{owner}\u201d. Take it off that term\u2019s list first.")
    return problems


def avoid_conflicts(term: str, avoid: Sequence[str], others: Sequence[Term]) -> list[str]:
    """Why phrases of `avoid` cannot be avoided under `term`, one sentence each."""
    problems = []
    key = phrase_key(term)
    by_term = {phrase_key(o.term): o.term for o in others}
    avoided_by = {phrase_key(a): o.term for o in others for a in o.avoid}
    for phrase in avoid:
        k = phrase_key(phrase)
        if k == key:
            problems.append(f"\u201c{phrase}\u201d is the term itself: it cannot also be a "
                            "phrase to avoid.")
        elif k in by_term:
            problems.append(f"\u201c{phrase}\u201d is the district\u2019s term "
                            f"\u201c{by_term[k]}\u201d: it cannot be a phrase to avoid.")
        elif k in avoided_by:
            problems.append(f"\u201c{phrase}\u201d is already a phrase to avoid in favour of "
                            f"\u201c{avoided_by[k]}\u201d.")
    return problems

