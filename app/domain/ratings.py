"""Stakeholder analysis methods: Mendelow grid, PMBOK engagement gap, Mitchell salience."""

from dataclasses import dataclass
from typing import Final

from app.domain.vocab import ENGAGEMENT_LEVELS

RATING_MIN: Final = 1
RATING_MAX: Final = 5
# On the 1-5 scales a rating of 3 or more counts as "high": a middling actor still
# needs attention, so the midpoint falls on the side that asks for more engagement.
HIGH_FROM: Final = 3
# Influence and interest a stakeholder starts with until someone rates them (a new
# record's form, an imported row without ratings): low, so the unassessed start in
# Monitor, not among the key players that cadences and champions work from.
UNASSESSED: Final = 2


@dataclass(frozen=True)
class Quadrant:
    """One cell of the Mendelow power/interest grid, its engagement strategy (for two
    cells the strategy is the cell's name) and what the strategy asks of the district."""

    key: str
    label: str
    strategy: str
    advice: str


KEY_PLAYERS: Final = Quadrant(
    "key_players", "Key players", "Manage closely",
    "Involve them fully and early: consult them on decisions and keep in close, regular "
    "contact. They can make or break the vision.")
KEEP_SATISFIED: Final = Quadrant(
    "keep_satisfied", "Keep satisfied", "Keep satisfied",
    "Meet their needs and consult them on what touches them, without burying them in "
    "detail. Their interest can rise quickly.")
KEEP_INFORMED: Final = Quadrant(
    "keep_informed", "Keep informed", "Keep informed",
    "Tell them regularly how the work is going and listen for concerns before they grow. "
    "They often become strong supporters.")
MONITOR: Final = Quadrant(
    "monitor", "Monitor", "Monitor (minimum effort)",
    "Watch for changes in their influence or interest; brief, occasional updates are "
    "enough.")
QUADRANTS: Final = (KEY_PLAYERS, KEEP_SATISFIED, KEEP_INFORMED, MONITOR)
QUADRANT_BY_KEY: Final = {q.key: q for q in QUADRANTS}

_LEVEL_INDEX: Final = {value: i for i, (value, _label) in enumerate(ENGAGEMENT_LEVELS)}

SALIENCE_CLASSES: Final = (
    ("dormant", "Dormant", "Power only"),
    ("discretionary", "Discretionary", "Legitimacy only"),
    ("demanding", "Demanding", "Urgency only"),
    ("dominant", "Dominant", "Power and legitimacy"),
    ("dangerous", "Dangerous", "Power and urgency"),
    ("dependent", "Dependent", "Legitimacy and urgency"),
    ("definitive", "Definitive", "Power, legitimacy and urgency"),
)
_SALIENCE: Final = {
    (True, False, False): "dormant",
    (False, True, False): "discretionary",
    (False, False, True): "demanding",
    (True, True, False): "dominant",
    (True, False, True): "dangerous",
    (False, True, True): "dependent",
    (True, True, True): "definitive",
}


def validate_rating(value: int) -> int:
    """Return `value` if it is a whole number on the 1-5 scale, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("Ratings are whole numbers from 1 to 5.")
    if not RATING_MIN <= value <= RATING_MAX:
        raise ValueError(f"Ratings run from {RATING_MIN} to {RATING_MAX}; got {value}.")
    return value


def quadrant(influence: int, interest: int) -> Quadrant:
    """Place a stakeholder on the Mendelow grid from influence (power) and interest."""
    high_power = validate_rating(influence) >= HIGH_FROM
    high_interest = validate_rating(interest) >= HIGH_FROM
    if high_power and high_interest:
        return KEY_PLAYERS
    if high_power:
        return KEEP_SATISFIED
    if high_interest:
        return KEEP_INFORMED
    return MONITOR


def engagement_gap(current: str | None, desired: str | None) -> int | None:
    """Steps on the PMBOK scale from current to desired (positive: needs to move up).

    None when either level is unknown.
    """
    if current is None or desired is None:
        return None
    try:
        return _LEVEL_INDEX[desired] - _LEVEL_INDEX[current]
    except KeyError as exc:
        raise ValueError(f"Unknown engagement level: {exc.args[0]!r}") from None


def salience_class(power: bool, legitimacy: bool, urgency: bool) -> str | None:
    """The Mitchell, Agle & Wood (1997) class, or None for no attribute at all."""
    return _SALIENCE.get((bool(power), bool(legitimacy), bool(urgency)))
