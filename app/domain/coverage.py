"""Coverage: whose voice sits at the decision-making table, and whose is missing.

Pure Python (no Flask, no SQLAlchemy). A *segment* is one group (vocab.GROUPS), one
school or one language. For each segment the district's seats at the table (visioning
team, advisory board) are set against its mapped community: how many stakeholders,
how many are engaged (supportive or leading on the PMBOK scale), and when anyone in it
was last contacted. A segment with nobody seated is *missing*; one with no supportive
or leading stakeholder has *no champion*; one with no contact within
RECENT_CONTACT_DAYS has *no recent contact*. The group "other" is shown but never
counted as a gap: it names nobody in particular. Groups are the method's fixed list, so a
group nobody is mapped in is a gap (a voice not even in the register yet); schools and
languages are the district's own, known from its register, so one that no stakeholder
connects to (a school label left behind after an edit) is not a community and no gap.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

BODIES: Final = (("visioning_team", "Visioning team"), ("advisory_board", "Advisory board"))
BODY_KEYS: Final = tuple(key for key, _ in BODIES)
DIMENSIONS: Final = (("group", "Groups"), ("school", "Schools"), ("language", "Languages"))
ENGAGED_LEVELS: Final = frozenset({"supportive", "leading"})
RECENT_CONTACT_DAYS: Final = 90
NOT_A_GAP: Final = frozenset({("group", "other")})
SEAT_ROLES: Final = ("Chair", "Co-chair", "Vice chair", "Member", "Facilitator",
                     "Student representative", "Secretary")

SegmentKey = tuple[str, Hashable]  # (dimension, key): ("group", "parent"), ("school", 7)


@dataclass(frozen=True)
class Segment:
    """One group, school or language, with the words shown for it."""

    dimension: str
    key: Hashable
    label: str

    @property
    def id(self) -> SegmentKey:
        return (self.dimension, self.key)


@dataclass(frozen=True)
class Community:
    """The mapped community of one segment, as counts."""

    total: int = 0
    engaged: int = 0  # supportive or leading
    last_contact: datetime | None = None


@dataclass(frozen=True)
class SeatHolder:
    """A seat at the table and what its holder belongs to."""

    stakeholder_id: int
    body: str
    group: str
    schools: frozenset[Hashable] = frozenset()
    languages: frozenset[str] = frozenset()

    def segments(self) -> set[SegmentKey]:
        return {("group", self.group), *(("school", s) for s in self.schools),
                *(("language", lang) for lang in self.languages)}


@dataclass(frozen=True)
class Person:
    """One mapped stakeholder, for tallying a community from person-level data."""

    id: int
    group: str
    engagement: str
    last_contact: datetime | None = None
    schools: frozenset[Hashable] = frozenset()
    languages: frozenset[str] = frozenset()

    def segments(self) -> set[SegmentKey]:
        return {("group", self.group), *(("school", s) for s in self.schools),
                *(("language", lang) for lang in self.languages)}


@dataclass(frozen=True)
class SegmentCoverage:
    """One segment's seats, community and flags."""

    segment: Segment
    seats: Mapping[str, int]  # body -> people seated on it
    seated: int  # distinct people seated on any body
    community: Community
    recent_contact: bool
    counts_as_gap: bool = True

    @property
    def represented(self) -> bool:
        return self.seated > 0

    @property
    def missing(self) -> bool:
        """Nobody from this segment sits at the table (and it counts as a gap)."""
        return self.counts_as_gap and not self.represented

    @property
    def has_champion(self) -> bool:
        """Someone in it is supportive or leading."""
        return self.community.engaged > 0

    @property
    def silent(self) -> bool:
        """Missing, with no champion and no recent contact: nobody hears this voice."""
        return self.missing and not self.has_champion and not self.recent_contact

    @property
    def status(self) -> str:
        """represented | missing | not_counted."""
        if self.represented:
            return "represented"
        return "missing" if self.counts_as_gap else "not_counted"

    @property
    def severity(self) -> int:
        """0 (fine) to 3: no seat, no champion, no recent contact, each adds one."""
        if not self.missing:
            return 0
        return 1 + (not self.has_champion) + (not self.recent_contact)


@dataclass(frozen=True)
class Coverage:
    """The district's coverage: one row per segment, by dimension."""

    rows: Mapping[str, Sequence[SegmentCoverage]]
    seats_by_body: Mapping[str, int]
    seated_people: int
    missing_groups: tuple[str, ...] = field(default=())

    @property
    def anyone_seated(self) -> bool:
        return self.seated_people > 0

    def summary(self, dimension: str) -> tuple[int, int]:
        """(represented, counted) segments of a dimension ("other" is not counted)."""
        counted = [r for r in self.rows.get(dimension, ()) if r.counts_as_gap]
        return sum(1 for r in counted if r.represented), len(counted)

    def gaps(self, dimension: str | None = None) -> list[SegmentCoverage]:
        """Missing segments, most severe first, then the most people, then by name."""
        dims = [dimension] if dimension else [d for d, _ in DIMENSIONS]
        out = []
        for dim in dims:
            missing = [r for r in self.rows.get(dim, ()) if r.missing]
            missing.sort(key=gap_sort_key)
            out.extend(missing)
        return out


def counts_as_gap(key: SegmentKey, community: Community, seated: int) -> bool:
    """Whether a segment can be a gap: not "other", and a school or language only when
    someone in the register connects to it (or sits at the table from it)."""
    if key in NOT_A_GAP:
        return False
    return key[0] == "group" or community.total > 0 or seated > 0


def gap_sort_key(row: SegmentCoverage) -> tuple:
    """Most severe first, then the largest community, then the name."""
    return (-row.severity, -row.community.total, row.segment.label.lower(), str(row.segment.key))


def is_recent(last_contact: datetime | None, now: datetime,
              days: int = RECENT_CONTACT_DAYS) -> bool:
    """True when the last contact lies within `days` before `now` (inclusive)."""
    return last_contact is not None and now - last_contact <= timedelta(days=days)


def tally(people: Iterable[Person]) -> dict[SegmentKey, Community]:
    """Each segment's community from person-level data (what the service's GROUP BY
    queries compute in the database)."""
    totals: dict[SegmentKey, list] = {}
    for p in people:
        engaged = p.engagement in ENGAGED_LEVELS
        for key in p.segments():
            entry = totals.setdefault(key, [0, 0, None])
            entry[0] += 1
            entry[1] += engaged
            if p.last_contact is not None and (entry[2] is None or p.last_contact > entry[2]):
                entry[2] = p.last_contact
    return {key: Community(total, engaged, last) for key, (total, engaged, last)
            in totals.items()}


def compute_coverage(segments: Iterable[Segment], community: Mapping[SegmentKey, Community],
                     seats: Iterable[SeatHolder], now: datetime) -> Coverage:
    """Set the table's seats against the community of every segment.

    `segments` lists what to show (every group, school and language), in display order;
    a seat in a segment not listed is still counted in the body totals. A school or
    language with nobody mapped and nobody seated is shown but not counted (see
    counts_as_gap).
    """
    seats = list(seats)
    people_by_segment: dict[SegmentKey, set[int]] = {}
    body_people: dict[tuple[SegmentKey, str], set[int]] = {}
    for seat in seats:
        for key in seat.segments():
            people_by_segment.setdefault(key, set()).add(seat.stakeholder_id)
            body_people.setdefault((key, seat.body), set()).add(seat.stakeholder_id)
    rows: dict[str, list[SegmentCoverage]] = {dim: [] for dim, _ in DIMENSIONS}
    for segment in segments:
        key = segment.id
        tallied = community.get(key, Community())
        seated = len(people_by_segment.get(key, ()))
        rows.setdefault(segment.dimension, []).append(SegmentCoverage(
            segment=segment,
            seats={body: len(body_people.get((key, body), ())) for body in BODY_KEYS},
            seated=seated,
            community=tallied,
            recent_contact=is_recent(tallied.last_contact, now),
            counts_as_gap=counts_as_gap(key, tallied, seated),
        ))
    seats_by_body = {body: len({s.stakeholder_id for s in seats if s.body == body})
                     for body in BODY_KEYS}
    missing_groups = tuple(str(r.segment.key) for r in rows.get("group", ()) if r.missing)
    return Coverage(rows, seats_by_body, len({s.stakeholder_id for s in seats}),
                    missing_groups)


def bar_width(value: int, largest: int, width: float = 100.0) -> float:
    """A bar's length for `value` on a scale where `largest` fills `width` (never a
    sliver too thin to see when the value is not zero)."""
    if value <= 0 or largest <= 0:
        return 0.0
    return round(max(width * value / largest, width / 100), 2)
