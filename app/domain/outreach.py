"""Outreach list rules: member statuses, which moves between them are allowed, progress.

The statuses follow how a member is usually reached::

    to_contact -> contacted -> responded -> meeting_set -> committed
                                                        \\-> declined

The rules, chosen so one click does the usual thing and mistakes can be undone:

* **Forward** along the open statuses (to contact, contacted, responded, meeting set),
  skipping steps if need be (a member who answers a mass email goes straight from
  "to contact" to "responded").
* **Committed or declined** from any open status: people say yes or no at any point.
* **One step back** among the open statuses, to correct a mis-click
  (e.g. "responded" back to "contacted").
* **Committed** can be undone to "meeting set", or become "declined" (they withdrew).
* **Declined** can be re-opened to "to contact" (try again later); from there every
  forward move is available again.
* Staying in the same status is not a move.

Pure Python: no Flask, no SQLAlchemy.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from app.domain.vocab import OUTREACH_STATUSES

STATUSES: Final = tuple(value for value, _label in OUTREACH_STATUSES)
LABELS: Final = dict(OUTREACH_STATUSES)
OPEN: Final = ("to_contact", "contacted", "responded", "meeting_set")
CLOSED: Final = ("committed", "declined")
INITIAL: Final = "to_contact"


class MoveNotAllowed(ValueError):
    """A status change the rules do not allow; the message says why in plain words."""


def _moves_from(status: str) -> tuple[str, ...]:
    if status in OPEN:
        # Forward first: the first button (where Tab and Enter land) is the usual next
        # step, and the step back, for a mistake, comes last.
        i = OPEN.index(status)
        back = (OPEN[i - 1],) if i > 0 else ()
        return OPEN[i + 1:] + CLOSED + back
    if status == "committed":
        return ("meeting_set", "declined")
    if status == "declined":
        return ("to_contact",)
    return ()


# Every allowed move, computed once: {from_status: (to_status, ...)} in display order.
ALLOWED: Final = {status: _moves_from(status) for status in STATUSES}


def allowed_moves(status: str) -> tuple[str, ...]:
    """The statuses a member in `status` may move to, in the order they are shown."""
    return ALLOWED.get(status, ())


def can_move(from_status: str, to_status: str) -> bool:
    """True when the rules allow moving a member from one status to the other."""
    return to_status in ALLOWED.get(from_status, ())


def check_move(from_status: str, to_status: str) -> None:
    """Raise MoveNotAllowed, with a message for the user, unless the move is allowed."""
    if to_status not in LABELS:
        raise MoveNotAllowed("Choose one of the outreach statuses.")
    if from_status == to_status:
        raise MoveNotAllowed(f"This member is already \u201c{LABELS[to_status]}\u201d.")
    if not can_move(from_status, to_status):
        options = ", ".join(f"\u201c{LABELS[s]}\u201d" for s in allowed_moves(from_status))
        raise MoveNotAllowed(
            f"A member who is \u201c{LABELS.get(from_status, from_status)}\u201d cannot move "
            f"to \u201c{LABELS[to_status]}\u201d; they can move to {options}."
        )


def is_overdue(due_on: date | None, status: str, today: date) -> bool:
    """A next step is overdue when its due date has passed and the member is still open."""
    return due_on is not None and due_on < today and status in OPEN


@dataclass(frozen=True)
class Segment:
    """One status's share of the progress bar: x and width in percent of the bar."""

    status: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Progress:
    """How far a list has come: counts per status (every status present), totals, bar."""

    counts: dict[str, int]
    total: int
    segments: tuple[Segment, ...]

    @property
    def done(self) -> int:
        """Members with an answer (committed or declined)."""
        return sum(self.counts[s] for s in CLOSED)

    @property
    def reached(self) -> int:
        """Members contacted at least once (anything but "to contact")."""
        return self.total - self.counts[INITIAL]

    @property
    def percent_reached(self) -> int:
        """Share of members reached, rounded down to a whole percent."""
        return self.reached * 100 // self.total if self.total else 0


def progress(counts: Mapping[str, int]) -> Progress:
    """Progress from member counts per status; unknown statuses are ignored.

    Segments are laid out left to right in status order; widths add up to 100 when the
    list has members, and statuses with no members get no segment.
    """
    full = {status: max(int(counts.get(status, 0)), 0) for status in STATUSES}
    total = sum(full.values())
    segments = []
    x = 0.0
    for status in STATUSES:
        n = full[status]
        if not n:
            continue
        width = round(n * 100 / total, 3)
        segments.append(Segment(status, LABELS[status], n, round(x, 3), width))
        x += width
    return Progress(full, total, tuple(segments))
