"""The champion score: a transparent weighted sum of normalised components.

Each component is a number in [0, 1] (engagement in [-1, 1]: a resistant stakeholder
subtracts), multiplied by a weight the district's admin can adjust. The score is the
sum, so "why" is always the list of components with their weights, and every
suggestion can say so in words and figures.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Final

from app.domain.vocab import GROUPS, label

# PMBOK engagement level -> contribution. Supportive and leading count; resistant subtracts.
ENGAGEMENT_VALUE: Final = {
    "leading": 1.0,
    "supportive": 0.75,
    "neutral": 0.2,
    "unaware": 0.0,
    "resistant": -1.0,
}
RECENT_DAYS: Final = 30  # contact within this many days counts fully
STALE_DAYS: Final = 180  # ... fading to nothing at this age
QUESTIONS: Final = (
    ("respected", "Respected and trusted in the community"),
    ("passionate", "Passionate about students"),
    ("connected", "Connected to people we are not reaching"),
    ("available", "Has time and willingness"),
)


@dataclass(frozen=True)
class Weights:
    """How much each component counts (0-100 each). Defaults favour trusted, engaged,
    well-placed people; an admin can change them in Settings."""

    influence: int = 20
    engagement: int = 20
    interest: int = 5
    brokerage: int = 15
    leadership: int = 10
    reach: int = 10
    recency: int = 5
    questions: int = 15

    @classmethod
    def from_mapping(cls, values: Mapping[str, object] | None) -> "Weights":
        """Weights from stored settings; unknown keys ignored, bad values -> default."""
        defaults = cls()
        kwargs = {}
        for f in fields(cls):
            raw = (values or {}).get(f.name, getattr(defaults, f.name))
            try:
                kwargs[f.name] = max(0, min(100, int(raw)))
            except (TypeError, ValueError):
                kwargs[f.name] = getattr(defaults, f.name)
        return cls(**kwargs)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


COMPONENT_LABELS: Final = {
    "influence": "Influence (power)",
    "engagement": "Engagement level (supportive/leading count, resistant subtracts)",
    "interest": "Interest",
    "brokerage": "Broker between groups (approx. betweenness percentile)",
    "leadership": "Network leader (PageRank percentile)",
    "reach": "Reach into groups the district still lacks",
    "recency": "Recent engagement",
    "questions": "Champion questions answered yes",
}


@dataclass(frozen=True)
class Candidate:
    """What the score needs to know about one stakeholder (plain data)."""

    id: int
    name: str
    kind: str
    group: str
    influence: int
    interest: int
    engagement: str
    brokerage_pct: float = 0.0  # 0-100
    pagerank_pct: float = 0.0  # 0-100
    groups_reached: frozenset[str] = frozenset()
    last_contact: date | None = None
    contacts_recent: int = 0  # engagements this term, when known
    answers: Mapping[str, bool | None] = field(default_factory=dict)
    audience_reach: str = ""  # e.g. "Spanish-speaking families at Northwood Elementary"


@dataclass(frozen=True)
class Suggestion:
    """A ranked candidate with the figures and the words that explain the score."""

    candidate: Candidate
    score: float
    components: dict[str, float]  # component -> weighted points
    reasons: list[str]
    reached_missing: list[str]


def _recency(last_contact: date | None, today: date) -> float:
    if last_contact is None:
        return 0.0
    age = (today - last_contact).days
    if age <= RECENT_DAYS:
        return 1.0
    if age >= STALE_DAYS:
        return 0.0
    return 1.0 - (age - RECENT_DAYS) / (STALE_DAYS - RECENT_DAYS)


def component_values(c: Candidate, missing_groups: Iterable[str], today: date) -> dict[str, float]:
    """Each component of the score, normalised (engagement in [-1, 1], others [0, 1])."""
    missing = set(missing_groups) - {c.group}
    reached = len(missing & set(c.groups_reached))
    answered = [v for v in (c.answers.get(k) for k, _ in QUESTIONS)]
    return {
        "influence": (c.influence - 1) / 4,
        "engagement": ENGAGEMENT_VALUE.get(c.engagement, 0.0),
        "interest": (c.interest - 1) / 4,
        "brokerage": max(0.0, min(1.0, c.brokerage_pct / 100)),
        "leadership": max(0.0, min(1.0, c.pagerank_pct / 100)),
        "reach": reached / len(missing) if missing else 0.0,
        "recency": _recency(c.last_contact, today),
        "questions": sum(1 for v in answered if v is True) / len(QUESTIONS),
    }


def champion_score(c: Candidate, weights: Weights, missing_groups: Iterable[str],
                   today: date) -> tuple[float, dict[str, float]]:
    """The score (sum of weighted components) and each component's points."""
    values = component_values(c, missing_groups, today)
    w = weights.as_dict()
    points = {k: round(w[k] * v, 2) for k, v in values.items()}
    return round(sum(points.values()), 2), points


def _top(pct: float) -> str:
    return f"top {max(1, round(100 - pct))}%"


def reasons(c: Candidate, missing_groups: Iterable[str], today: date) -> list[str]:
    """Plain-language reasons, each with its figure, strongest first."""
    out: list[str] = []
    if c.engagement == "leading":
        out.append("Leading supporter")
    elif c.engagement == "supportive":
        out.append("Supportive")
    elif c.engagement == "resistant":
        out.append("Currently resistant (counts against)")
    if c.influence >= 4:
        out.append(f"influence {c.influence}")
    if c.brokerage_pct >= 90:
        groups = sorted(label(GROUPS, g) for g in c.groups_reached)
        between = " and ".join(groups[:2]) if len(groups) >= 2 else "groups"
        out.append(f"broker between {between} groups (brokerage {_top(c.brokerage_pct)})")
    if c.pagerank_pct >= 90:
        out.append(f"well-connected leader (PageRank {_top(c.pagerank_pct)})")
    missing = sorted(set(missing_groups) & set(c.groups_reached) - {c.group})
    if missing:
        names = ", ".join(label(GROUPS, g).lower() for g in missing[:3])
        out.append(f"reaches groups not yet at the table: {names}")
    if c.audience_reach:
        out.append(f"reaches {c.audience_reach}")
    if c.contacts_recent:
        out.append(f"met {c.contacts_recent} time{'s' if c.contacts_recent != 1 else ''} "
                   "this term")
    elif c.last_contact and (today - c.last_contact).days <= RECENT_DAYS:
        out.append(f"in touch {(today - c.last_contact).days} days ago")
    yes = [text.lower() for key, text in QUESTIONS if c.answers.get(key) is True]
    if yes:
        out.append("; ".join(yes))
    return out


def rank_champions(candidates: Sequence[Candidate], weights: Weights,
                   missing_groups: Iterable[str], today: date,
                   limit: int | None = None) -> list[Suggestion]:
    """Candidates ranked by score (ties: higher influence, then name, then id)."""
    missing = list(missing_groups)
    suggestions = []
    for c in candidates:
        score, points = champion_score(c, weights, missing, today)
        reached_missing = sorted(set(missing) & set(c.groups_reached) - {c.group})
        suggestions.append(Suggestion(c, score, points, reasons(c, missing, today),
                                      reached_missing))
    suggestions.sort(key=lambda s: (-s.score, -s.candidate.influence, s.candidate.name.lower(),
                                    s.candidate.id))
    return suggestions[:limit] if limit is not None else suggestions
