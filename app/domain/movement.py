"""Movement on the PMBOK engagement scale over a period: who moved from which level to
which, as a transition table.

A stakeholder's level at the start of a period is the level of their last assessment
before it; their level now is their current one. Someone rated for the first time during
the period has no level at its start, so they have not moved; nor has someone who went
from resistant to supportive and back. Periods start at midnight (UTC) of a day.

Pure Python (no Flask, no SQLAlchemy) so every rule is unit-tested alone.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from app.domain.engagement import EARLIEST, term_label, term_start
from app.domain.vocab import ENGAGEMENT_LEVELS

LEVELS = tuple(value for value, _label in ENGAGEMENT_LEVELS)  # lowest to highest
SUPPORT = frozenset({"supportive", "leading"})  # the levels a vision needs its people at
RECENT_DAYS = (30, 90)


class Move(NamedTuple):
    """One stakeholder whose level now differs from their level at the period's start."""

    stakeholder_id: int
    name_key: str  # the list's sort key (folded name): people are listed in this order
    before: str
    after: str


class Shift(NamedTuple):
    """How many moved, and how support changed: `gained` are supportive or leading now
    and were not at the start; `lost` were and are not."""

    moved: int
    gained: int
    lost: int


def moves(rows: Iterable[tuple[int, str, str | None, str]]) -> list[Move]:
    """The moves among (id, name key, level at the start or None, level now) rows, by
    name: rows with no level at the start (rated for the first time since) or the
    same level now are not moves."""
    found = [Move(sid, key, before, after) for sid, key, before, after in rows
             if before is not None and before != after]
    return sorted(found, key=lambda m: (m.name_key, m.stakeholder_id))


def transitions(found: Iterable[Move]) -> Counter:
    """How many moved from each level to each other: {(before, after): count}."""
    return Counter((m.before, m.after) for m in found)


def totals(counts: Counter) -> tuple[Counter, Counter]:
    """From `transitions`: how many moved away from each level, and to each level."""
    away, here = Counter(), Counter()
    for (before, after), n in counts.items():
        away[before] += n
        here[after] += n
    return away, here


def shift(found: Iterable[Move]) -> Shift:
    moved = gained = lost = 0
    for m in found:
        moved += 1
        gained += m.after in SUPPORT and m.before not in SUPPORT
        lost += m.before in SUPPORT and m.after not in SUPPORT
    return Shift(moved, gained, lost)


def chosen(found: Iterable[Move], before: str = "", after: str = "") -> list[Move]:
    """The moves from `before` to `after`, in the order given (by name); an empty level
    stands for any ("everyone who moved to supportive")."""
    return [m for m in found
            if (not before or m.before == before) and (not after or m.after == after)]


def direction(before: str, after: str) -> int:
    """+1 up the PMBOK scale (towards leading), -1 down it, 0 for the same level."""
    a, b = LEVELS.index(before), LEVELS.index(after)
    return (b > a) - (b < a)


class Period(NamedTuple):
    """A period offered as a shortcut: its name and the day it starts."""

    label: str
    since: date


def periods(today: date) -> list[Period]:
    """The shortcuts: this school term, the last 30 and 90 days, and in the spring term
    the school year (from August 1st; in the fall term it is the term)."""
    found = [Period(f"This term ({term_label(today)})", term_start(today))]
    found += [Period(f"Last {days} days", today - timedelta(days=days)) for days in RECENT_DAYS]
    year = today.year if today.month >= 8 else today.year - 1
    if date(year, 8, 1) != found[0].since:
        found.append(Period(f"This school year ({year}-{(year + 1) % 100:02d})",
                            date(year, 8, 1)))
    return found


def since_error(since: date, today: date) -> str | None:
    """Why `since` can't start a period ending today, or None."""
    if since > today:
        return "Choose a day on or before today."
    if since < EARLIEST:
        return f"Choose {EARLIEST:%-d %B %Y} or later."
    return None
