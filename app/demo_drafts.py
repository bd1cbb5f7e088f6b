"""What the demo generator makes before anything is written: a stakeholder draft, and the
small text helpers the fixed demo tables are read with."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from app.domain.vocab import ENGAGEMENT_LEVELS

LEVELS = [value for value, _label in ENGAGEMENT_LEVELS]


@dataclass(slots=True)
class Draft:
    """A stakeholder to insert, with its labels, dated assessments and place in the network."""

    kind: str
    name: str
    group: str
    cluster: str
    weight: float
    sector: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    contact_permitted: bool = True
    preferred_contact: str = ""
    owner_id: int | None = None
    notes: str = ""
    schools: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    history: list[tuple[datetime, dict, str]] = field(default_factory=list)
    last_contact_at: datetime | None = None
    org: int | None = None  # index of the organisation the person is affiliated with
    title: str = ""
    last_name: str = ""
    domain: str = ""  # organisations: their fictional web domain


def parse_rating(text: str) -> dict:
    """"4 3 neutral>supportive PL" -> the rating fields."""
    influence, interest, levels, *flags = text.split()
    current, desired = levels.split(">")
    flags = flags[0] if flags else ""
    return {"influence": int(influence), "interest": int(interest),
            "engagement_current": current, "engagement_desired": desired,
            "has_power": "P" in flags, "has_legitimacy": "L" in flags, "has_urgency": "U" in flags}


def split_parts(text: str, sep: str | None = None) -> tuple[str, ...]:
    """The non-empty, stripped parts of `text` split on `sep` (white space by default)."""
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def slug(text: str, sep: str = "") -> str:
    """Lower-case ASCII letters and digits, runs of anything else replaced by `sep`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)
