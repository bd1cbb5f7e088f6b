"""Geometry of the Mendelow power/interest grid: cells, dot packing and aggregation.

Pure Python (no Flask, no SQLAlchemy) so the layout can be tested alone. The grid is
drawn in SVG user units: 5 x 5 cells of CELL units, interest 1-5 left to right,
influence (power) 1-5 bottom to top. Inside a cell, dots sit on a sunflower
(phyllotaxis) spiral: evenly spread, deterministic, never outside the cell, with a
radius that shrinks as the cell fills. Past a threshold a cell, or the whole map, is
drawn as a count instead of dots, so a district of 100,000 stays legible and light.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Generic, TypeVar

from app.domain.ratings import HIGH_FROM, RATING_MAX, RATING_MIN, quadrant

T = TypeVar("T")
Cell = tuple[int, int]  # (influence, interest)

# Above this many matching stakeholders the whole map shows counts, not dots.
MAX_DOTS: Final = 2000
# Above this many in one cell, that cell shows a count even when the map shows dots.
MAX_DOTS_PER_CELL: Final = 150

CELL: Final = 100.0  # width and height of one cell
GRID_LEFT: Final = 64.0  # room for the influence axis
GRID_TOP: Final = 48.0  # room for the high-power quadrant labels
GRID_SIZE: Final = CELL * (RATING_MAX - RATING_MIN + 1)
WIDTH: Final = GRID_LEFT + GRID_SIZE + 12.0
HEIGHT: Final = GRID_TOP + GRID_SIZE + 84.0

CELL_PADDING: Final = 6.0  # dots keep this far from the cell's edge
MAX_DOT_RADIUS: Final = 11.0
MIN_DOT_RADIUS: Final = 1.5
LETTER_MIN_RADIUS: Final = 7.0  # below this a dot is too small for its group letter
HEAT_LEVELS: Final = 5
BAR_ROOM: Final = 6.0  # a count bubble sits this much higher, above its engagement bar
GOLDEN_ANGLE: Final = math.pi * (3.0 - math.sqrt(5.0))
TIP_HEIGHT: Final = 38.0
TIP_CHAR_WIDTH: Final = 6.0  # average advance of an 11-12 unit system-ui glyph, rounded up

RATINGS: Final = tuple(range(RATING_MIN, RATING_MAX + 1))
CELLS: Final = tuple((inf, intr) for inf in reversed(RATINGS) for intr in RATINGS)


@dataclass(frozen=True)
class Box:
    """A rectangle in SVG user units."""

    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def cy(self) -> float:
        return round(self.y + self.height / 2, 2)


@dataclass(frozen=True)
class PlacedDot(Generic[T]):
    """An item drawn at (x, y) with radius r, relative to its cell's top-left corner."""

    item: T
    x: float
    y: float
    r: float


@dataclass
class CellSummary:
    """How many stakeholders sit in a cell, by PMBOK engagement level."""

    count: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


def cell_box(influence: int, interest: int) -> Box:
    """The cell for a rating pair in SVG units (influence 5 at the top)."""
    return Box(
        GRID_LEFT + (interest - RATING_MIN) * CELL,
        GRID_TOP + (RATING_MAX - influence) * CELL,
        CELL,
        CELL,
    )


def cell_at(x: float, y: float) -> Cell | None:
    """The (influence, interest) cell under an SVG point, or None outside the grid."""
    col = math.floor((x - GRID_LEFT) / CELL)
    row = math.floor((y - GRID_TOP) / CELL)
    if not (0 <= col < len(RATINGS) and 0 <= row < len(RATINGS)):
        return None
    return RATING_MAX - row, RATING_MIN + col


def quadrant_boxes() -> dict[str, Box]:
    """The area of each Mendelow quadrant; the lines fall below rating HIGH_FROM."""
    low = HIGH_FROM - RATING_MIN  # how many ratings count as "low"
    high = RATING_MAX - HIGH_FROM + 1
    left, top = GRID_LEFT, GRID_TOP
    split_x, split_y = left + low * CELL, top + high * CELL
    return {
        "key_players": Box(split_x, top, high * CELL, high * CELL),
        "keep_satisfied": Box(left, top, low * CELL, high * CELL),
        "keep_informed": Box(split_x, split_y, high * CELL, low * CELL),
        "monitor": Box(left, split_y, low * CELL, low * CELL),
    }


def dot_radius(count: int, size: float = CELL) -> float:
    """The dot radius for `count` dots in a cell: large when few, shrinking as it fills."""
    if count <= 0:
        return 0.0
    disc = size / 2 - CELL_PADDING
    # Each dot gets an equal share of the disc's area; draw it at 30% of that
    # spacing, so neighbours on the spiral (about 0.7 spacing apart) never touch.
    spacing = math.sqrt(math.pi * disc * disc / count)
    return round(min(MAX_DOT_RADIUS, max(MIN_DOT_RADIUS, 0.3 * spacing)), 2)


def pack(count: int, size: float = CELL) -> tuple[float, list[tuple[float, float]]]:
    """Deterministic sunflower positions for `count` dots in a size x size cell.

    Returns (radius, [(x, y), ...]) relative to the cell's top-left corner. Every dot,
    radius included, lies inside the cell.
    """
    if count <= 0:
        return 0.0, []
    r = dot_radius(count, size)
    centre = size / 2
    if count == 1:
        return r, [(round(centre, 2), round(centre, 2))]
    # Dots sit on a disc that leaves the padding and one radius free at the edge.
    spread = max(0.0, centre - CELL_PADDING - r)
    positions = []
    for i in range(count):
        distance = spread * math.sqrt((i + 0.5) / count)
        angle = i * GOLDEN_ANGLE
        positions.append(
            (
                round(centre + distance * math.cos(angle), 2),
                round(centre + distance * math.sin(angle), 2),
            )
        )
    return r, positions


def place(items: Sequence[T], size: float = CELL) -> list[PlacedDot[T]]:
    """Place one cell's items (in the order given) on the sunflower."""
    r, positions = pack(len(items), size)
    return [PlacedDot(item, x, y, r) for item, (x, y) in zip(items, positions, strict=True)]


def summarize(rows: Iterable[tuple[int, int, str, int]]) -> dict[Cell, CellSummary]:
    """Fold (influence, interest, engagement level, count) rows into per-cell summaries.

    Ratings outside 1-5 (which the database should never hold) are ignored.
    """
    cells: dict[Cell, CellSummary] = {}
    for influence, interest, level, n in rows:
        if influence not in RATINGS or interest not in RATINGS or n <= 0:
            continue
        summary = cells.setdefault((influence, interest), CellSummary())
        summary.count += n
        summary.by_level[level] = summary.by_level.get(level, 0) + n
    return cells


def aggregated_cells(
    counts: Mapping[Cell, int], *, max_dots: int = MAX_DOTS, max_per_cell: int = MAX_DOTS_PER_CELL
) -> frozenset[Cell]:
    """The cells to draw as a count instead of dots.

    Every occupied cell when more than `max_dots` stakeholders match; otherwise the
    cells holding more than `max_per_cell`.
    """
    occupied = {cell for cell, n in counts.items() if n > 0}
    if sum(counts.values()) > max_dots:
        return frozenset(occupied)
    return frozenset(cell for cell in occupied if counts[cell] > max_per_cell)


def shows_counts_only(counts: Mapping[Cell, int], *, max_dots: int = MAX_DOTS) -> bool:
    """True when so many match that the whole map shows counts (no rows to load)."""
    return sum(counts.values()) > max_dots


def bubble_radius(count: int, largest: int, size: float = CELL) -> float:
    """A count bubble's radius: area proportional to the count, the largest filling
    most of its cell, the smallest still big enough to hold its number."""
    if count <= 0 or largest <= 0:
        return 0.0
    biggest = size / 2 - CELL_PADDING - BAR_ROOM
    return round(max(14.0, biggest * math.sqrt(min(count, largest) / largest)), 2)


def heat_level(count: int, largest: int, levels: int = HEAT_LEVELS) -> int:
    """0 for an empty cell, else 1..levels by the share of the fullest cell."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, min(levels, math.ceil(levels * count / largest)))


def level_segments(
    by_level: Mapping[str, int], order: Sequence[str], width: float
) -> list[tuple[str, float, float]]:
    """A stacked bar of engagement levels: (level, x offset, width), in `order`."""
    total = sum(by_level.get(level, 0) for level in order)
    if total <= 0:
        return []
    segments, offset = [], 0.0
    for level in order:
        n = by_level.get(level, 0)
        if n:
            w = width * n / total
            segments.append((level, round(offset, 2), round(w, 2)))
            offset += w
    return segments


def tip_box(x: float, y: float, r: float, text_chars: int) -> Box:
    """Where a dot's tooltip goes (absolute SVG units): above the dot, or below it near
    the top edge, kept inside the drawing horizontally."""
    width = min(WIDTH - 4, 16 + text_chars * TIP_CHAR_WIDTH)
    left = min(max(2.0, x - width / 2), WIDTH - width - 2)
    top = y - r - 6 - TIP_HEIGHT
    if top < 2:
        top = y + r + 6
    return Box(round(left, 2), round(top, 2), round(width, 2), TIP_HEIGHT)


def quadrant_key(cell: Cell) -> str:
    """The Mendelow quadrant key of a cell."""
    return quadrant(*cell).key


# One or two letters per stakeholder group, drawn in the dot when it has room.
GROUP_LETTERS: Final = {
    "parent": "P",
    "student": "S",
    "educator": "E",
    "district_staff": "D",
    "business": "B",
    "higher_ed": "HE",
    "elected": "EO",
    "government": "G",
    "community": "C",
    "faith": "F",
    "philanthropy": "Ph",
    "media": "M",
    "health": "H",
    "other": "O",
}


def group_letter(group: str) -> str:
    """The legend letter for a group ("?" for a group the legend does not know)."""
    return GROUP_LETTERS.get(group, "?")
