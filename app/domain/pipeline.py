"""The partnership pipeline's rules: which stage moves are allowed, days in a stage, the
board's grouping and the one-line summary of a partnership's commitments.

The pipeline runs prospect -> exploring -> active, with paused and ended to the side.
Coordinators may move a partnership from any stage to any other (work rarely follows
the happy path: a prospect can become active at once, an active partnership can pause
or end), with two exceptions:

- staying put is not a move (nothing would be recorded in the history);
- an *ended* partnership can only be reopened to *prospect* or *exploring*: it has to be
  worked on again before it is active (or paused) again, and the history shows that.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Final, TypeVar

from app.domain.vocab import PARTNERSHIP_STAGES

STAGES: Final = tuple(value for value, _ in PARTNERSHIP_STAGES)
LABELS: Final = dict(PARTNERSHIP_STAGES)
REOPEN_TO: Final = frozenset({"prospect", "exploring"})
# Stages that count as "in the pipeline": such an organisation is not suggested again.
OPEN_STAGES: Final = frozenset({"prospect", "exploring", "active"})

T = TypeVar("T")


def move_problem(from_stage: str, to_stage: str) -> str | None:
    """Why a move from `from_stage` to `to_stage` is refused, or None when it is allowed."""
    if to_stage not in LABELS:
        return "Choose one of the pipeline's stages."
    if from_stage == to_stage:
        return f"The partnership is already in {LABELS[to_stage]}."
    if from_stage == "ended" and to_stage not in REOPEN_TO:
        return ("An ended partnership is reopened to Prospect or Exploring first, "
                f"not straight to {LABELS[to_stage]}.")
    return None


def can_move(from_stage: str, to_stage: str) -> bool:
    """True when a partnership in `from_stage` may move to `to_stage`."""
    return move_problem(from_stage, to_stage) is None


def allowed_moves(stage: str) -> tuple[str, ...]:
    """The stages a partnership in `stage` may move to, in pipeline order."""
    return tuple(s for s in STAGES if can_move(stage, s))


def neighbours(stage: str) -> tuple[str | None, str | None]:
    """The previous and next stage on the board that a move may go to (None at an end).

    These are the board's one-click "previous"/"next" buttons; every other allowed stage
    is reachable through the card's "Move to" choice.
    """
    if stage not in LABELS:
        return None, None
    i = STAGES.index(stage)
    before = STAGES[i - 1] if i > 0 else None
    after = STAGES[i + 1] if i + 1 < len(STAGES) else None
    return (before if before and can_move(stage, before) else None,
            after if after and can_move(stage, after) else None)


def days_in_stage(changed_at: datetime | None, now: datetime) -> int:
    """Whole days since the partnership entered its stage (0 on the day; never negative).

    Naive datetimes are taken as UTC.
    """
    if changed_at is None:
        return 0
    if changed_at.tzinfo is None:
        changed_at = changed_at.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return max(0, (now.date() - changed_at.astimezone(UTC).date()).days)


def days_label(days: int) -> str:
    """'Today', '1 day' or 'N days' (in this stage)."""
    if days <= 0:
        return "Since today"
    return f"{days:,} day{'s' if days != 1 else ''}"


def group_by_stage(items: Iterable[T], stage_of: Callable[[T], str]) -> dict[str, list[T]]:
    """Items in a dict keyed by every stage in pipeline order (empty stages kept; items
    in an unknown stage dropped), each stage keeping the items' order."""
    board: dict[str, list[T]] = {stage: [] for stage in STAGES}
    for item in items:
        column = board.get(stage_of(item))
        if column is not None:
            column.append(item)
    return board


def commitments_summary(commitments: Iterable[tuple[int | None, str]], limit: int = 3) -> str:
    """'20 internship places, 2 mentors' (and 'N more' past `limit`); '' when none."""
    parts = []
    items = list(commitments)
    for quantity, description in items[:limit]:
        text = " ".join(description.split())
        parts.append(f"{quantity:,} {text}" if quantity is not None else text)
    if len(items) > limit:
        parts.append(f"{len(items) - limit} more")
    return ", ".join(parts)


def stage_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts for every stage in pipeline order (0 where missing)."""
    return {stage: int(counts.get(stage, 0)) for stage in STAGES}
