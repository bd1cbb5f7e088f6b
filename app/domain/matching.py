"""Suggested partners: which organisations fit a pathway, how well, and why.

Plain data in, ranked and explained matches out. Text is folded (case and accents do
not matter: "Educación" = "educacion") and split into words; a term (a pathway keyword
or sector, possibly several words like "health care") matches when its words appear
next to each other in a field. Words match whole, so "art" never matches inside
"start" or "party"; a simple plural folding makes "nurse" match "nurses" and
"technology" match "technologies".

The score adds up, per pathway, what matched (each distinct term counted once per kind
of evidence), so adding a keyword or sector to a pathway can only raise a score:

=======================================  ======
Evidence                                 Points
=======================================  ======
a pathway sector in the org's sector        5
a pathway keyword in the org's sector       3
a keyword or sector in the org's tags       3
a keyword or sector in the org's notes      1
=======================================  ======

Ties are broken by name (folded), then id, so the order never depends on input order.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from app.domain.text import fold

SECTOR_IN_SECTOR: Final = 5
KEYWORD_IN_SECTOR: Final = 3
TERM_IN_TAGS: Final = 3
TERM_IN_NOTES: Final = 1
WEIGHTS_TEXT: Final = (
    f"{SECTOR_IN_SECTOR} points for each pathway sector found in the organisation's sector, "
    f"{KEYWORD_IN_SECTOR} for each keyword found there, {TERM_IN_TAGS} for each keyword or "
    f"sector among its tags and {TERM_IN_NOTES} for each one its notes mention"
)
NOTES_MAX_CHARS: Final = 5_000  # notes past this are not read (keeps a cold build fast)
TERM_MAX_CHARS: Final = 80

_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------- terms and words


def terms(text: str | None) -> tuple[str, ...]:
    """The comma-separated terms of `text`: trimmed, inner spaces collapsed, empty ones
    and repeats (ignoring case and accents) dropped, first spelling kept."""
    seen: set[str] = set()
    found = []
    for raw in (text or "").split(","):
        term = _SPACE.sub(" ", raw).strip()[:TERM_MAX_CHARS].strip()
        key = " ".join(words(term))
        if term and key and key not in seen:
            seen.add(key)
            found.append(term)
    return tuple(found)


def normalise_terms(text: str | None) -> str:
    """Terms as stored: 'Nursing ,  clinical,,NURSING' -> 'Nursing, clinical'."""
    return ", ".join(terms(text))


def _fold(text: str) -> str:
    return text.lower() if text.isascii() else fold(text)


def _singular_rule(word: str) -> str:
    """A simple plural folding, applied alike to terms and text."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_singular = lru_cache(maxsize=1 << 16)(_singular_rule)  # words repeat a lot: C-speed lookups


def words(text: str | None) -> tuple[str, ...]:
    """`text` folded and split into (singular) words."""
    return tuple(map(_singular, _WORD.findall(_fold(text or ""))))


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True, slots=True)
class Organisation:
    """What matching reads of an organisation."""

    id: int
    name: str
    sector: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PathwayTerms:
    """A pathway (or Portrait of a Graduate focus area) with its keywords and sectors."""

    id: int
    name: str
    keywords: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """How one organisation fits one pathway, with the evidence."""

    organisation_id: int
    name: str
    pathway_id: int
    pathway_name: str
    score: int
    sector: str = ""
    sector_terms: tuple[str, ...] = ()  # pathway terms found in the sector
    tags: tuple[str, ...] = ()  # the organisation's tags that matched
    note_terms: tuple[str, ...] = ()  # pathway terms the notes mention

    @property
    def reasons(self) -> list[str]:
        """Each piece of evidence as a short sentence part."""
        out = []
        if self.sector_terms:
            out.append(f"Sector \u2018{self.sector}\u2019 matches {self.pathway_name} "
                       f"({', '.join(self.sector_terms)})")
        if self.tags:
            out.append("tags: " + ", ".join(self.tags))
        if self.note_terms:
            out.append("notes mention: " + ", ".join(self.note_terms))
        return out

    @property
    def explanation(self) -> str:
        """'Sector ‘Hospital & health care’ matches Health sciences (health care); tags:
        nursing'."""
        return "; ".join(self.reasons)


def sort_key(m: Match) -> tuple:
    """Best first: higher score, then name (folded), then id."""
    return (-m.score, _fold(m.name), m.organisation_id)


# ---------------------------------------------------------------- the matcher


@dataclass
class _Index:
    """Every pathway's terms by first word: word -> [(term words, pathway index, role)],
    and each pathway's terms in display order as (term words, term)."""

    by_first: dict[str, list[tuple[tuple[str, ...], int, str]]] = field(default_factory=dict)
    shown: list[list[tuple[tuple[str, ...], str]]] = field(default_factory=list)

    def find(self, text: str) -> set[tuple[int, tuple[str, ...], str]]:
        """(pathway, term words, role) for every term whose words occur in `text`."""
        ws = words(text)
        if self.by_first.keys().isdisjoint(ws):
            return set()
        found = set()
        for i, w in enumerate(ws):
            for key, pathway, role in self.by_first.get(w, ()):
                if ws[i:i + len(key)] == key:
                    found.add((pathway, key, role))
        return found


def _index(pathways: Sequence[PathwayTerms]) -> _Index:
    index = _Index()
    for p, pathway in enumerate(pathways):
        shown = []
        for role, items in (("sector", pathway.sectors), ("keyword", pathway.keywords)):
            for term in items:
                key = words(term)
                if key:
                    index.by_first.setdefault(key[0], []).append((key, p, role))
                    shown.append((key, term))
        index.shown.append(shown)
    return index


def _shown(shown: list[tuple[tuple[str, ...], str]], keys: set) -> tuple[str, ...]:
    """The terms with these keys, in display order, each spelling of a key once."""
    first: dict[tuple[str, ...], str] = {}
    for key, term in shown:
        if key in keys and key not in first:
            first[key] = term
    return tuple(first.values())


def match_organisation(org: Organisation, pathways: Sequence[PathwayTerms],
                       index: _Index | None = None) -> list[Match]:
    """The organisation's matches (score > 0), one per pathway that fits, in pathway order."""
    index = index or _index(pathways)
    # Per pathway: sector keys found as sectors, as keywords; keys in tags; keys in notes.
    hits: dict[int, tuple[set, set, set, set, list]] = {}

    def slot(p: int) -> tuple[set, set, set, set, list]:
        if p not in hits:
            hits[p] = (set(), set(), set(), set(), [])
        return hits[p]

    for p, key, role in index.find(org.sector):
        slot(p)[0 if role == "sector" else 1].add(key)
    for tag in org.tags:
        for p, key, _ in index.find(tag):
            found = slot(p)
            found[2].add(key)
            if tag not in found[4]:
                found[4].append(tag)
    for p, key, _ in index.find(org.notes[:NOTES_MAX_CHARS]):
        slot(p)[3].add(key)
    matches = []
    for p in sorted(hits):
        as_sector, as_keyword, in_tags, in_notes, tags = hits[p]
        pathway, shown = pathways[p], index.shown[p]
        score = (SECTOR_IN_SECTOR * len(as_sector) + KEYWORD_IN_SECTOR * len(as_keyword)
                 + TERM_IN_TAGS * len(in_tags) + TERM_IN_NOTES * len(in_notes))
        in_sector = as_sector | as_keyword
        matches.append(Match(
            org.id, org.name, pathway.id, pathway.name, score, org.sector,
            sector_terms=_shown(shown, in_sector),
            tags=tuple(t for t in org.tags if t in tags),
            note_terms=_shown(shown, in_notes),
        ))
    return matches


def match_all(organisations: Iterable[Organisation],
              pathways: Sequence[PathwayTerms]) -> dict[int, list[Match]]:
    """Pathway id -> its matching organisations, best first (every pathway present)."""
    index = _index(pathways)
    by_pathway: dict[int, list[Match]] = {p.id: [] for p in pathways}
    if not index.by_first:
        return by_pathway
    for org in organisations:
        for m in match_organisation(org, pathways, index):
            by_pathway[m.pathway_id].append(m)
    for found in by_pathway.values():
        found.sort(key=sort_key)
    return by_pathway


def best_per_organisation(by_pathway: dict[int, list[Match]],
                          pathway_order: Sequence[int]) -> list[Match]:
    """Each organisation's best pathway (ties: the earlier pathway in `pathway_order`),
    ranked best first."""
    best: dict[int, Match] = {}
    for pathway_id in pathway_order:
        for m in by_pathway.get(pathway_id, ()):
            current = best.get(m.organisation_id)
            if current is None or m.score > current.score:
                best[m.organisation_id] = m
    return sorted(best.values(), key=sort_key)
