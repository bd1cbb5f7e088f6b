"""Rules of the engagement log: concern lines, school terms, dates and last contact.

Pure Python (no Flask, no SQLAlchemy) so every rule is unit-tested alone.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

# Kinds recorded with invitees and who came (the rest list people who took part).
ATTENDANCE_KINDS = frozenset({"community_meeting", "event", "focus_group"})

THEME_MAX = 60
CONCERN_MAX = 1000
CONCERNS_MAX = 50  # concerns in one interaction
EARLIEST = date(2000, 1, 1)  # older dates are typos (a year of 0202, 1925...)
PLAN_AHEAD = timedelta(days=366)  # events may be scheduled up to a year ahead

_SPACES = re.compile(r"\s+")
_THEME_EDGES = " \t-–—:;,.#*•"


def has_attendance(kind: str) -> bool:
    """True when interactions of `kind` record invitees and attendance."""
    return kind in ATTENDANCE_KINDS


# --- Concerns ------------------------------------------------------------------------------


def normalise_theme(theme: str) -> str:
    """A theme as stored: lower case, single spaces, no stray punctuation at the ends.

    "  Grading / Transcripts: " -> "grading / transcripts".
    """
    return _clean_theme(theme)[:THEME_MAX].strip()


def _clean_theme(theme: str) -> str:
    return _SPACES.sub(" ", theme).strip(_THEME_EDGES).lower()


@dataclass
class ParsedConcerns:
    """Concerns read from the form, one per line, and what was wrong with any line."""

    concerns: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_concerns(text: str) -> ParsedConcerns:
    """Read concerns written one per line as "theme: what was said".

    Blank lines are skipped and repeated concerns kept once; a line without a theme,
    with an empty concern or over the length limits is reported by its line number.
    """
    result = ParsedConcerns()
    seen: set[tuple[str, str]] = set()
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        theme, colon, said = line.partition(":")
        theme, said = _clean_theme(theme), _SPACES.sub(" ", said).strip()
        if not colon or not theme:
            result.errors.append(
                f"Line {number}: start with a theme and a colon, "
                f"e.g. \u201cgrading: worried about transcripts\u201d.")
        elif not said:
            result.errors.append(
                f"Line {number}: say what the concern was after \u201c{theme}:\u201d.")
        elif len(theme) > THEME_MAX:
            result.errors.append(f"Line {number}: keep the theme under {THEME_MAX} characters.")
        elif len(said) > CONCERN_MAX:
            result.errors.append(f"Line {number}: keep a concern under {CONCERN_MAX} characters.")
        elif (theme, said) not in seen:
            seen.add((theme, said))
            result.concerns.append((theme, said))
    if len(result.concerns) > CONCERNS_MAX:
        result.errors.append(f"Record at most {CONCERNS_MAX} concerns per interaction.")
    return result


def format_concerns(concerns: Iterable[tuple[str, str]]) -> str:
    """Concerns written back as lines that parse_concerns reads (for editing)."""
    return "\n".join(f"{theme}: {text}" for theme, text in concerns)


# --- Dates ---------------------------------------------------------------------------------


def date_problem(occurred_on: date, today: date, kind: str) -> str | None:
    """Why an interaction cannot have this date, or None.

    The log records what happened, so a date after today is refused; except for events
    with attendance, which are often planned ahead (invitees first, who came later).
    """
    if occurred_on < EARLIEST:
        return f"Check the year: dates before {EARLIEST.year} are not accepted."
    if occurred_on <= today:
        return None
    if not has_attendance(kind):
        return ("The log records what has happened: choose today or an earlier date. "
                "Events, community meetings and focus groups can be planned ahead.")
    if occurred_on > today + PLAN_AHEAD:
        return "Events can be planned up to a year ahead."
    return None


def can_record_attendance(occurred_on: date, today: date) -> bool:
    """Attendance is recorded once an event has happened (on the day or after)."""
    return occurred_on <= today


def contact_datetime(day: date) -> datetime:
    """The UTC timestamp a contact on `day` counts as (the start of that day)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def next_last_contact(current: datetime | None, latest_interaction: date | None,
                      removed_on: date | None = None) -> datetime | None:
    """A stakeholder's last contact after their interactions changed.

    `latest_interaction` is the latest date among the interactions they now attended.
    With nothing removed, the later of the current value and that date wins. When a
    contact on `removed_on` went away (deleted, un-attended, moved), a current value on or
    before that day may have come from it, so it is recomputed from what remains (None
    when nothing does); a later current value came from elsewhere and is kept.
    """
    latest = contact_datetime(latest_interaction) if latest_interaction else None
    if removed_on is not None and (current is None or current.date() <= removed_on):
        return latest
    if current is None or (latest is not None and latest > current):
        return latest
    return current


# --- School terms --------------------------------------------------------------------------


def term_start(today: date) -> date:
    """First day of the school term containing `today`: terms run Aug 1-Dec 31 and
    Jan 1-Jul 31."""
    return date(today.year, 8, 1) if today.month >= 8 else date(today.year, 1, 1)


def term_end(today: date) -> date:
    """Last day of the school term containing `today`."""
    return date(today.year, 12, 31) if today.month >= 8 else date(today.year, 7, 31)


def term_label(today: date) -> str:
    """The term's name, e.g. "fall 2025" or "spring 2026"."""
    return f"fall {today.year}" if today.month >= 8 else f"spring {today.year}"


def count_this_term(days: Iterable[date], today: date) -> int:
    """How many of `days` fall in the current term up to today ("met N times this term")."""
    start = term_start(today)
    return sum(1 for d in days if start <= d <= today)


# --- Display -------------------------------------------------------------------------------


def names_summary(names: list[str], total: int, shown: int = 3) -> str:
    """"Ana, Ben, Cy and 4 more" from the first names and how many there are in all."""
    first = names[:shown]
    if not first:
        return ""
    rest = max(total - len(first), 0)
    text = ", ".join(first)
    return f"{text} and {rest} more" if rest else text


_WORD = re.compile(r"\w+")
REWORDED = 0.6  # how alike (0-1) an edited concern's words must be to stay the same concern


def concern_key(text: str) -> str:
    """A concern's words give or take case and spacing."""
    return " ".join(text.casefold().split())


def match_concerns(old: list[tuple[str, str]],
                   new: list[tuple[str, str]]) -> dict[int, int]:
    """{index in `new`: index in `old`} for the concerns an edit keeps.

    Each is (theme, text). A line kept as it was matches first; then one whose words are
    the same give or take case and spacing (even under a new theme); then one reworded,
    sharing at least REWORDED of its words, most alike first. A kept concern keeps its answer
    and history; an unmatched old one was deleted, an unmatched new one is new.
    """
    matched: dict[int, int] = {}
    free = set(range(len(old)))

    def take(pairs: Iterable[tuple[int, int]]) -> None:
        for n, o in pairs:
            if n not in matched and o in free:
                matched[n] = o
                free.discard(o)

    take((n, o) for n, line in enumerate(new) for o, was in enumerate(old) if line == was)
    keys_old = [concern_key(text) for _, text in old]
    keys_new = [concern_key(text) for _, text in new]
    take((n, o) for n, k in enumerate(keys_new) for o, was in enumerate(keys_old) if k == was)
    alike = [(_alike(keys_new[n], keys_old[o]), n, o)
             for n in range(len(new)) if n not in matched for o in sorted(free)]
    take((n, o) for ratio, n, o in sorted(alike, key=lambda t: (-t[0], t[1], t[2]))
         if ratio >= REWORDED)
    return matched


def _alike(a: str, b: str) -> float:
    """How alike two texts are, 0-1: the words they share, counted with repeats, over the
    words of both (the Dice coefficient; linear in their length, so 50 long concerns
    against 50 stay instant)."""
    words_a, words_b = Counter(_WORD.findall(a)), Counter(_WORD.findall(b))
    total = sum(words_a.values()) + sum(words_b.values())
    return 2 * sum((words_a & words_b).values()) / total if total else 1.0
