"""The stakeholder filter: parsed from query-string values, validated, and written back.

Shared by the list, the map and saved outreach lists, so "the same filter" means the
same thing everywhere. Unknown or malformed values are dropped, never trusted.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields

from app.domain.ratings import QUADRANT_BY_KEY, RATING_MAX, SALIENCE_CLASSES
from app.domain.ratings import quadrant as quadrant_of
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, STAKEHOLDER_KINDS

MAX_QUERY = 100
SORT_KEYS = ("name", "group", "influence", "interest", "quadrant", "engagement", "gap",
             "last_contact", "updated")

_CHOICES = {
    "group": {v for v, _ in GROUPS},
    "kind": {v for v, _ in STAKEHOLDER_KINDS},
    "quadrant": set(QUADRANT_BY_KEY),
    "engagement": {v for v, _ in ENGAGEMENT_LEVELS},
    "salience": {v for v, _, _ in SALIENCE_CLASSES} | {"none"},
}


@dataclass(frozen=True)
class StakeholderFilter:
    """What a user asked to see. Empty strings and None mean "any"."""

    q: str = ""
    kind: str = ""
    group: str = ""
    quadrant: str = ""
    # One cell of the power/interest grid (a map's count bubble): ratings 1-5, either or
    # both; None means any.
    influence: int | None = None
    interest: int | None = None
    engagement: str = ""
    salience: str = ""
    school: int | None = None
    language: str = ""
    tag: int | None = None
    owner: int | None = None
    no_contact_days: int | None = None
    sort: str = "name"
    desc: bool = False

    @property
    def is_empty(self) -> bool:
        """True when nothing narrows the set (sorting doesn't count)."""
        return all(
            getattr(self, f.name) in ("", None)
            for f in fields(self) if f.name not in ("sort", "desc")
        )

    @property
    def cell_label(self) -> str:
        """The grid cell the filter keeps, in words ("Influence 4, interest 5 (Key
        players)"); empty when it keeps any. With one rating only, just that one."""
        if self.influence and self.interest:
            where = quadrant_of(self.influence, self.interest).label
            return f"Influence {self.influence}, interest {self.interest} ({where})"
        if self.influence:
            return f"Influence {self.influence}"
        if self.interest:
            return f"Interest {self.interest}"
        return ""

    def keeps_ratings(self, quadrant: str, engagement: str, salience: str | None, *,
                      influence: int, interest: int) -> bool:
        """Whether ratings giving this quadrant, current engagement level, salience
        class (None: none), influence and interest still pass the filter's rating
        conditions (the only ones a re-rating can change)."""
        if self.quadrant and quadrant != self.quadrant:
            return False
        if self.influence and influence != self.influence:
            return False
        if self.interest and interest != self.interest:
            return False
        if self.engagement and engagement != self.engagement:
            return False
        if self.salience == "none":
            return salience is None
        return not self.salience or salience == self.salience

    def to_args(self, **overrides) -> dict[str, str]:
        """Query-string values that reproduce this filter (defaults left out)."""
        if unknown := overrides.keys() - set(_FIELD_NAMES):
            raise TypeError(f"not a filter field: {', '.join(sorted(unknown))}")
        args = {}
        for key in _FIELD_NAMES:
            value = overrides[key] if key in overrides else getattr(self, key)
            if key == "sort" and value == "name":
                continue
            if key == "desc":
                if value:
                    args["desc"] = "1"
                continue
            if value not in ("", None):
                args[key] = str(value)
        return args


_FIELD_NAMES = tuple(f.name for f in fields(StakeholderFilter))


def _positive_int(raw: str | None, upper: int = 10**9) -> int | None:
    if raw is None or not (raw.strip().isascii() and raw.strip().isdigit()):
        return None
    value = int(raw.strip())
    return value if 0 < value <= upper else None


def _rating(raw: str | None) -> int | None:
    """A rating from 1 to 5, or None (any) for anything else."""
    return _positive_int(raw, upper=RATING_MAX)


def parse_filter(args: Mapping[str, str]) -> StakeholderFilter:
    """Build a filter from query-string values, ignoring anything invalid."""

    def choice(key: str) -> str:
        value = (args.get(key) or "").strip()
        return value if value in _CHOICES[key] else ""

    sort = (args.get("sort") or "name").strip()
    return StakeholderFilter(
        q=" ".join((args.get("q") or "").split())[:MAX_QUERY],
        kind=choice("kind"),
        group=choice("group"),
        quadrant=choice("quadrant"),
        influence=_rating(args.get("influence")),
        interest=_rating(args.get("interest")),
        engagement=choice("engagement"),
        salience=choice("salience"),
        school=_positive_int(args.get("school")),
        language=(args.get("language") or "").strip()[:40],
        tag=_positive_int(args.get("tag")),
        owner=_positive_int(args.get("owner")),
        no_contact_days=_positive_int(args.get("no_contact_days"), upper=3650),
        sort=sort if sort in SORT_KEYS else "name",
        desc=(args.get("desc") or "") in ("1", "true", "on"),
    )
