"""A district's own day: "today", due and overdue follow the district's time zone.

Dates in the app (an interaction's day, a follow-up's due date, "overdue") are calendar
days where the district is. Taken in UTC, an evening in Ohio is already tomorrow: the log
form would offer tomorrow's date and a follow-up due today would turn overdue at 7 pm.
"""

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE: Final = "America/New_York"

# The zones offered, by what people call them (IANA names underneath).
ZONES: Final = (
    ("America/New_York", "Eastern (New York, Ohio, Florida)"),
    ("America/Chicago", "Central (Chicago, Texas, Minnesota)"),
    ("America/Denver", "Mountain (Denver, Utah, New Mexico)"),
    ("America/Phoenix", "Arizona (no daylight saving)"),
    ("America/Los_Angeles", "Pacific (California, Washington, Oregon)"),
    ("America/Anchorage", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico, US Virgin Islands)"),
    ("Pacific/Guam", "Chamorro (Guam, Northern Mariana Islands)"),
    ("Pacific/Pago_Pago", "Samoa (American Samoa)"),
    ("America/Toronto", "Eastern Canada (Toronto, Ottawa)"),
    ("America/Vancouver", "Pacific Canada (Vancouver)"),
    ("Europe/London", "United Kingdom and Ireland"),
    ("UTC", "UTC (Coordinated Universal Time)"),
)
ZONE_NAMES: Final = frozenset(name for name, _label in ZONES)


def zone_or_default(name: str | None) -> str:
    """`name` if it is one of the zones offered, else the default (a stored value from
    an older list, or a hand-edited one, never breaks every page)."""
    return name if name in ZONE_NAMES else DEFAULT_ZONE


def local_today(now: datetime, zone: str) -> date:
    """The calendar day at `now` (timezone-aware) in `zone`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    try:
        tz = ZoneInfo(zone_or_default(zone))
    except ZoneInfoNotFoundError:  # no time zone data on the machine at all
        tz = ZoneInfo("UTC")
    return now.astimezone(tz).date()
