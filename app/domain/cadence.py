"""Contact cadence: how often each Mendelow quadrant should hear from the district.

A district sets the days between contacts per quadrant (defaults: key players 30, keep
satisfied 60, keep informed 45, monitor 120). Dates are UTC calendar days.

The boundary, decided once here: a stakeholder last contacted exactly N days ago is *due
today*, not overdue; from day N + 1 they are overdue. Someone never contacted is always
overdue (and sorts before everyone else). A quadrant the cadence does not know has no
cadence: nobody in it is ever overdue.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

QUADRANT_KEYS: Final = ("key_players", "keep_satisfied", "keep_informed", "monitor")
MIN_DAYS: Final = 1
MAX_DAYS: Final = 365


class CadenceError(ValueError):
    """Settings that are not a valid cadence; `errors` maps quadrant key to a message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Cadence:
    """Days between contacts for each quadrant of the power/interest grid."""

    key_players: int = 30
    keep_satisfied: int = 60
    keep_informed: int = 45
    monitor: int = 120

    def days(self, quadrant: str | None) -> int | None:
        """Days between contacts for `quadrant`, or None for an unknown quadrant."""
        if quadrant not in QUADRANT_KEYS:
            return None
        return getattr(self, quadrant)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


DEFAULT_CADENCE: Final = Cadence()


def check_days(value: Any) -> int:
    """`value` as whole days between contacts (1-365), else ValueError with a plain message."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("Give a whole number of days.")
    if not MIN_DAYS <= value <= MAX_DAYS:
        raise ValueError(f"Choose between {MIN_DAYS} and {MAX_DAYS} days.")
    return value


def validate(values: Mapping[str, Any]) -> Cadence:
    """A Cadence from submitted values; CadenceError naming every bad or missing quadrant."""
    errors, good = {}, {}
    for key in QUADRANT_KEYS:
        try:
            good[key] = check_days(values.get(key))
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise CadenceError(errors)
    return Cadence(**good)


def parse(stored: Mapping[str, Any] | None) -> Cadence:
    """The cadence from a stored setting, leniently: a missing or bad entry keeps its default."""
    if not isinstance(stored, Mapping):
        return DEFAULT_CADENCE
    values = DEFAULT_CADENCE.as_dict()
    for key in QUADRANT_KEYS:
        try:
            values[key] = check_days(stored.get(key))
        except ValueError:
            pass
    return Cadence(**values)


def _day(moment: date | datetime) -> date:
    """The UTC calendar day of a datetime (naive ones are taken as UTC), or a date as is."""
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.date()
    return moment


def due_date(last_contact: date | datetime | None, quadrant: str | None,
             cadence: Cadence = DEFAULT_CADENCE) -> date | None:
    """The day the next contact is due: the last contact's day plus the quadrant's days.

    None when never contacted (due since always) or the quadrant has no cadence.
    """
    days = cadence.days(quadrant)
    if last_contact is None or days is None:
        return None
    return _day(last_contact) + timedelta(days=days)


def days_overdue(last_contact: date | datetime | None, quadrant: str | None, today: date,
                 cadence: Cadence = DEFAULT_CADENCE) -> int | None:
    """Days past the due date (0 when not overdue); None when never contacted.

    For an unknown quadrant the answer is 0: no cadence applies.
    """
    if cadence.days(quadrant) is None:
        return 0
    due = due_date(last_contact, quadrant, cadence)
    if due is None:
        return None
    return max((today - due).days, 0)


def is_overdue(last_contact: date | datetime | None, quadrant: str | None, today: date,
               cadence: Cadence = DEFAULT_CADENCE) -> bool:
    """True when the quadrant has a cadence and the contact is past due (or never made)."""
    if cadence.days(quadrant) is None:
        return False
    overdue = days_overdue(last_contact, quadrant, today, cadence)
    return overdue is None or overdue > 0


def cutoffs(cadence: Cadence, today: date) -> dict[str, date]:
    """Per quadrant, the day before which a last contact makes a stakeholder overdue.

    A stakeholder in quadrant q is overdue when never contacted or when the day of the
    last contact is earlier than ``cutoffs(...)[q]`` (today minus the quadrant's days).
    """
    return {key: today - timedelta(days=cadence.days(key)) for key in QUADRANT_KEYS}


def cutoff_moments(cadence: Cadence, today: date) -> dict[str, datetime]:
    """`cutoffs` as UTC midnights, to compare with stored last-contact timestamps."""
    return {key: datetime.combine(day, time.min, tzinfo=UTC)
            for key, day in cutoffs(cadence, today).items()}


def days_since(last_contact: date | datetime | None, today: date) -> int | None:
    """Whole days from the last contact's day to today; None when never contacted."""
    if last_contact is None:
        return None
    return (today - _day(last_contact)).days
