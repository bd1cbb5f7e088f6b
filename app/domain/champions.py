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

from app.domain.ids import parse_id
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, STAKEHOLDER_KINDS, label

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
    if missing:  # every group the reach component counts, so words and figure agree
        names = ", ".join(label(GROUPS, g).lower() for g in missing)
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


# ---------------------------------------------------------------- ranking large pools
# Added for the Champions page: score many candidates without building every reason,
# then explain only the few shown. Same scores and order as rank_champions.


def rank_key(score: float, c: Candidate) -> tuple:
    """The sort key rank_champions uses: higher score, then influence, then name, then id."""
    return (-score, -c.influence, c.name.lower(), c.id)


def score_candidates(candidates: Iterable[Candidate], weights: Weights,
                     missing_groups: Iterable[str], today: date) -> list[tuple[float, Candidate]]:
    """Every candidate with their score, in rank_champions order (no reasons built)."""
    missing = list(missing_groups)
    w = weights.as_dict()  # once, not per candidate: champion_score's arithmetic, faster

    def score(c: Candidate) -> float:
        values = component_values(c, missing, today)
        return round(sum(round(w[k] * v, 2) for k, v in values.items()), 2)

    scored = [(score(c), c) for c in candidates]
    scored.sort(key=lambda pair: rank_key(*pair))
    return scored


def explain(c: Candidate, weights: Weights, missing_groups: Iterable[str],
            today: date) -> Suggestion:
    """One candidate's suggestion: score, weighted points per component, reasons."""
    missing = list(missing_groups)
    score, points = champion_score(c, weights, missing, today)
    reached_missing = sorted(set(missing) & set(c.groups_reached) - {c.group})
    return Suggestion(c, score, points, reasons(c, missing, today), reached_missing)


def component_figures(c: Candidate, missing_groups: Iterable[str], today: date) -> dict[str, str]:
    """The raw figure behind each component, in words ("influence 4 of 5", ...)."""
    missing = sorted(set(missing_groups) - {c.group})
    reached = sorted(set(missing) & set(c.groups_reached))
    if c.last_contact is None:
        contact = "no contact recorded"
    else:
        days = (today - c.last_contact).days
        contact = f"last contact {days} day{'s' if days != 1 else ''} ago"
    yes = sum(1 for key, _ in QUESTIONS if c.answers.get(key) is True)
    asked = sum(1 for key, _ in QUESTIONS if c.answers.get(key) is not None)
    return {
        "influence": f"influence {c.influence} of 5",
        "engagement": label(ENGAGEMENT_LEVELS, c.engagement).lower() or "unknown",
        "interest": f"interest {c.interest} of 5",
        "brokerage": f"brokerage percentile {c.brokerage_pct:.0f}",
        "leadership": f"PageRank percentile {c.pagerank_pct:.0f}",
        "reach": (f"reaches {len(reached)} of {len(missing)} missing groups"
                  if missing else "no missing groups to reach"),
        "recency": contact,
        "questions": f"{yes} yes of {len(QUESTIONS)} ({asked} asked)",
    }


# ---------------------------------------------------------------- audiences
# "Champions who can reach Spanish-speaking parents at Northwood Elementary."

GROUP_PLURALS: Final = {
    "parent": "parents/families",
    "student": "students",
    "educator": "educators",
    "district_staff": "district staff",
    "business": "businesses",
    "higher_ed": "higher-education partners",
    "elected": "elected officials",
    "government": "government agencies",
    "community": "community organisations",
    "faith": "faith-based organisations",
    "philanthropy": "philanthropies",
    "media": "media",
    "health": "health organisations",
    "other": "other stakeholders",
}


def audience_label(group: str = "", school: str = "", language: str = "",
                   count: int | None = None) -> str:
    """Words for an audience: "Spanish-speaking parents/families at Northwood Elementary".

    With count == 1 the noun is singular ("1 Spanish-speaking parent/family ...").
    """
    if group:
        noun = label(GROUPS, group).lower() if count == 1 else GROUP_PLURALS.get(group, group)
    else:
        noun = "stakeholder" if count == 1 else "stakeholders"
    words = [f"{language}-speaking" if language else "", noun, f"at {school}" if school else ""]
    return " ".join(w for w in words if w)


def audience_reach_text(ties: int, is_member: bool, group: str = "", school: str = "",
                   language: str = "") -> str:
    """What a candidate's reach into an audience says after "reaches ...".

    ties: audience members they have a relationship with; is_member: they belong to it.
    """
    if ties:
        text = f"{ties} {audience_label(group, school, language, count=ties)}"
        return f"{text} (and is one)" if is_member else text
    if is_member:
        return f"{audience_label(group, school, language)} as one of them"
    return ""


# ---------------------------------------------------------------- explaining the score
# Short names for the breakdown ("Influence 20 · Broker 14.8") and what each measures.

COMPONENT_SHORT_LABELS: Final = {
    "influence": "Influence", "engagement": "Engagement", "interest": "Interest",
    "brokerage": "Broker", "leadership": "Leader", "reach": "Reach", "recency": "Recency",
    "questions": "Questions",
}
COMPONENT_HELP: Final = {
    "influence": "Influence (power) on the Mendelow power/interest grid, 1 to 5, scaled so "
                 "1 counts 0 and 5 counts fully.",
    "engagement": "PMBOK engagement level: leading counts fully, supportive "
                  f"{ENGAGEMENT_VALUE['supportive']:g}, neutral "
                  f"{ENGAGEMENT_VALUE['neutral']:g}, unaware 0, and resistant "
                  "subtracts the whole weight.",
    "interest": "Interest in the vision, 1 to 5, scaled like influence.",
    "brokerage": "How much they sit on the paths between groups: a betweenness percentile "
                 "over the relationship graph (ties weighted by strength).",
    "leadership": "PageRank percentile over the relationship graph: well connected to "
                  "people who are themselves well connected.",
    "reach": "The share of the groups the district still lacks (\u201cmissing groups\u201d) "
             "that their relationships reach; their own group does not count.",
    "recency": f"Contact in the last {RECENT_DAYS} days counts fully, fading to "
               f"nothing at {STALE_DAYS} days.",
    "questions": "Each \u201cyes\u201d to the toolkit's four champion questions counts a "
                 "quarter.",
}


# ---------------------------------------------------------------- the Champions page filter

_GROUP_VALUES: Final = frozenset(value for value, _ in GROUPS)
_KIND_VALUES: Final = frozenset(value for value, _ in STAKEHOLDER_KINDS)


@dataclass(frozen=True)
class ChampionFilter:
    """What the Champions page was asked for; empty means "any"."""

    audience_group: str = ""
    audience_school: int | None = None
    audience_language: str = ""
    kind: str = ""
    exclude_seated: bool = False

    @property
    def has_audience(self) -> bool:
        return bool(self.audience_group or self.audience_school or self.audience_language)

    @property
    def is_empty(self) -> bool:
        return not (self.has_audience or self.kind or self.exclude_seated)

    def to_args(self, **overrides) -> dict[str, str]:
        """Query-string values reproducing this filter (empty values left out)."""
        values = {**self.__dict__, **overrides}
        args = {k: str(v) for k, v in values.items() if v not in ("", None, False)}
        if values["exclude_seated"]:
            args["exclude_seated"] = "1"
        return args


def parse_champion_filter(args: Mapping[str, str]) -> ChampionFilter:
    """A filter from query-string values; anything invalid is dropped."""
    group = (args.get("audience_group") or "").strip()
    kind = (args.get("kind") or "").strip()
    school = (args.get("audience_school") or "").strip()
    return ChampionFilter(
        audience_group=group if group in _GROUP_VALUES else "",
        audience_school=parse_id(school),
        audience_language=" ".join((args.get("audience_language") or "").split())[:40],
        kind=kind if kind in _KIND_VALUES else "",
        exclude_seated=(args.get("exclude_seated") or "") in ("1", "on", "true"),
    )
