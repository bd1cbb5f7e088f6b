"""The concern register's rules: its filters, grouping by theme, the "you said, we did"
sections and the fingerprint that catches an answer saved by someone else meanwhile.

Pure Python (no Flask, no SQLAlchemy) so every rule is unit-tested alone.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.engagement import normalise_theme, term_end, term_label, term_start

ANSWER_MAX = 2000
SEARCH_MAX = 200
# Which concerns the register lists. "unwritten": marked answered, but the district's
# answer was never written (so "you said, we did" cannot show it).
STATUSES = (("open", "Open"), ("answered", "Answered"),
            ("unwritten", "Answered, no written answer"), ("all", "All"))
DEFAULT_STATUS = "open"


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _ordered(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """A range typed backwards ("from" after "to") is read the right way round."""
    if start and end and start > end:
        return end, start
    return start, end


@dataclass(frozen=True)
class ConcernFilter:
    """The register's filters, read from and written back to the URL."""

    status: str = DEFAULT_STATUS
    theme: str = ""
    text: str = ""  # words in the concern or in its answer
    date_from: date | None = None  # the date of the interaction it was raised in
    date_to: date | None = None

    def to_args(self) -> dict[str, str]:
        """Query arguments for this filter; the default status is left out."""
        args = {"status": "" if self.status == DEFAULT_STATUS else self.status,
                "theme": self.theme, "q": self.text,
                "from": self.date_from.isoformat() if self.date_from else "",
                "to": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in args.items() if v}

    @property
    def narrowed(self) -> bool:
        """True when anything but the status narrows the list."""
        return bool(self.theme or self.text or self.date_from or self.date_to)

    @property
    def active(self) -> bool:
        return bool(self.to_args())


def parse_concern_filter(args: Mapping) -> ConcernFilter:
    """A ConcernFilter from query arguments; unknown or malformed values are ignored."""
    status = args.get("status") or DEFAULT_STATUS
    start, end = _ordered(_day(args.get("from")), _day(args.get("to")))
    return ConcernFilter(
        status=status if status in dict(STATUSES) else DEFAULT_STATUS,
        theme=normalise_theme(args.get("theme") or ""),
        text=" ".join((args.get("q") or "").split())[:SEARCH_MAX],
        date_from=start, date_to=end)


def theme_key(theme: str) -> str:
    """A short, stable id for a theme (themes are free text: not usable as an HTML id)."""
    return hashlib.blake2s(theme.encode(), digest_size=5).hexdigest()


def answer_fingerprint(answer: str) -> str:
    """What the answer was when a form was drawn: a save from that form finding another
    fingerprint knows someone else saved an answer meanwhile."""
    return hashlib.blake2s((answer or "").encode(), digest_size=8).hexdigest()


@dataclass
class ThemeGroup:
    """The concerns of one theme on a page of the register."""

    theme: str
    rows: list = field(default_factory=list)
    continued: bool = False  # the theme began on an earlier page


def group_by_theme(rows: Iterable, first_theme_began_earlier: bool = False) -> list[ThemeGroup]:
    """Rows (each with a `theme`), already ordered by theme, as consecutive groups.

    `first_theme_began_earlier` marks the first group as continued from the page before.
    """
    groups: list[ThemeGroup] = []
    for row in rows:
        if not groups or groups[-1].theme != row.theme:
            groups.append(ThemeGroup(row.theme, continued=not groups
                                     and first_theme_began_earlier))
        groups[-1].rows.append(row)
    return groups


# --- You said, we did ---------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The interaction dates "you said, we did" covers, and how to say them."""

    start: date | None
    end: date | None
    label: str
    is_default: bool


def period(start: date | None, end: date | None, today: date) -> Period:
    """The dates chosen, or (neither chosen) the current school term."""
    start, end = _ordered(start, end)
    if start is None and end is None:
        return Period(term_start(today), term_end(today), f"this term ({term_label(today)})",
                      True)
    if start and end:
        return Period(start, end, f"{start:%-d %b %Y} to {end:%-d %b %Y}", False)
    if start:
        return Period(start, None, f"since {start:%-d %b %Y}", False)
    return Period(None, end, f"up to {end:%-d %b %Y}", False)


@dataclass(frozen=True)
class ThemeTally:
    """How many concerns of a theme are open, answered in words, answered without words."""

    theme: str
    open: int
    written: int
    unwritten: int


@dataclass
class Section:
    """One theme of "you said, we did": its answers and what is still open."""

    theme: str
    answers: list
    open: int
    unwritten: int
    not_shown: int  # written answers left off the page (it lists a bounded number)


def sections(tallies: Sequence[ThemeTally], answers: Iterable) -> list[Section]:
    """A section per theme with something to tell the community (written answers, or
    concerns still open), in the tallies' order; `answers` (each with a `theme`) go to
    their theme's section. A theme whose only answers were never written is left out."""
    by_theme: dict[str, list] = {}
    for answer in answers:
        by_theme.setdefault(answer.theme, []).append(answer)
    result = []
    for t in tallies:
        shown = by_theme.get(t.theme, [])
        if t.written or t.open:
            result.append(Section(t.theme, shown, t.open, t.unwritten,
                                  max(t.written - len(shown), 0)))
    return result
