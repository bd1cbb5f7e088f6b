"""Next step suggestions: one plain, explained action per stakeholder, from the toolkit.

`suggest` applies the rules below in order and returns the first that fits, so every
profile gets exactly one suggestion. The order is the precedence:

1. ``work_through_others`` - contact not permitted: no outreach; work through people
   they trust.
2. ``principal_chat`` / ``classroom_visit`` - a sceptical parent (resistant: a chat with
   the principal to hear them out; neutral: a classroom visit to see it working).
3. ``focus_group`` - their group has many open concerns (FOCUS_GROUP_AT or more).
4. ``speak_on_transcripts`` - a higher-education partner who is at least neutral: speak
   to families on competency-based transcripts and admissions.
5. ``advisory_board`` - a business (not resistant) with no active partnership.
6. ``champion`` - a leading supporter: ask them to champion the work or host.
7. ``one_to_one`` - a key player with an engagement gap.
8. ``reconnect`` - overdue for contact by the district's cadence.
9. ``introduce`` - unaware, with a gap: an introduction to the vision.
10. ``brief`` - any other gap: a personal briefing (keep satisfied) or an update and an
    invitation to a community meeting (others).
11. ``keep_in_touch`` - no gap, not overdue: keep to the cadence.

Reasons name the figures: "Resistant parent, key player, no contact for 64 days
(cadence 30)".
"""

from dataclasses import dataclass
from typing import Final

from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, label

FOCUS_GROUP_AT: Final = 3  # open concerns in a group that call for a focus group
SCEPTICAL: Final = frozenset({"resistant", "neutral"})
KINDS: Final = (
    "work_through_others", "principal_chat", "classroom_visit", "focus_group",
    "speak_on_transcripts", "advisory_board", "champion", "one_to_one", "reconnect",
    "introduce", "brief", "keep_in_touch",
)
QUADRANT_NAMES: Final = {
    "key_players": "key player", "keep_satisfied": "keep satisfied",
    "keep_informed": "keep informed", "monitor": "monitor",
}
# How a member of each group reads in a sentence ("Resistant parent").
GROUP_NOUNS: Final = {
    "parent": "parent", "student": "student", "educator": "educator",
    "district_staff": "district staff member", "business": "business",
    "higher_ed": "higher-education partner", "elected": "elected official",
    "government": "government agency", "community": "community organisation",
    "faith": "faith-based organisation", "philanthropy": "philanthropy",
    "media": "media contact", "health": "health organisation", "other": "stakeholder",
}


@dataclass(frozen=True)
class Profile:
    """What the rules need to know about one stakeholder (built by services.next_steps)."""

    kind: str = "person"  # person or organisation
    group: str = "other"
    quadrant: str = "monitor"
    engagement_current: str | None = "neutral"
    engagement_desired: str | None = "supportive"
    engagement_gap: int | None = 0  # steps from current to desired; None when unknown
    days_since_contact: int | None = None  # None: never contacted
    cadence_days: int | None = None  # the quadrant's days between contacts
    overdue: bool = False  # by the district's cadence
    open_concerns: int = 0  # raised in interactions they took part in
    group_open_concerns: int = 0  # raised by anyone in their group
    contact_permitted: bool = True
    active_partnership: bool = False


@dataclass(frozen=True)
class NextStep:
    """A suggested action, why, and which rule chose it (``kind``, one of KINDS)."""

    action: str
    reason: str
    kind: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _who(p: Profile) -> str:
    """'Resistant parent, key player' - the engagement level, group and quadrant."""
    noun = GROUP_NOUNS.get(p.group) or label(GROUPS, p.group).lower() or "stakeholder"
    level = label(ENGAGEMENT_LEVELS, p.engagement_current) if p.engagement_current else ""
    head = f"{level} {noun}" if level else noun
    head = head[:1].upper() + head[1:]
    quadrant = QUADRANT_NAMES.get(p.quadrant)
    return f"{head}, {quadrant}" if quadrant else head


def _contact(p: Profile) -> str:
    """'no contact for 64 days (cadence 30)', 'never contacted', 'last contact 3 days ago'."""
    if p.days_since_contact is None:
        text = "never contacted"
    elif p.overdue:
        text = f"no contact for {_plural(p.days_since_contact, 'day')}"
    elif p.days_since_contact == 0:
        text = "last contact today"
    else:
        text = f"last contact {_plural(p.days_since_contact, 'day')} ago"
    if p.cadence_days is not None:
        text += f" (cadence {p.cadence_days})"
    return text


def _gap(p: Profile) -> str:
    steps = f"gap of {_plural(p.engagement_gap or 0, 'step')}"
    desired = label(ENGAGEMENT_LEVELS, p.engagement_desired).lower()
    return f"{steps} to {desired}" if desired else steps


def _reason(p: Profile, *extra: str) -> str:
    return ", ".join((_who(p), *extra, _contact(p)))


def _has_gap(p: Profile) -> bool:
    return (p.engagement_gap or 0) > 0


def _concerns(p: Profile) -> str:
    text = f"{_plural(p.group_open_concerns, 'open concern')} in their group"
    if p.open_concerns:
        text += f" ({p.open_concerns} raised with them)"
    return text


def suggest(p: Profile) -> NextStep:
    """The single next step for a stakeholder, with the reason in words and figures."""
    if not p.contact_permitted:
        return NextStep(
            "No direct outreach: work through people they trust (a champion, colleague "
            "or organisation they belong to).",
            _reason(p, "contact not permitted"), "work_through_others")
    if p.group == "parent" and p.engagement_current in SCEPTICAL:
        if p.engagement_current == "resistant":
            return NextStep("Invite them to a one-to-one chat with their principal to hear "
                            "their concerns.", _reason(p), "principal_chat")
        return NextStep("Invite them to a classroom visit to see personalized learning at "
                        "work.", _reason(p), "classroom_visit")
    if p.group_open_concerns >= FOCUS_GROUP_AT:
        group = label(GROUPS, p.group).lower()
        return NextStep(f"Invite them to a focus group of {group} stakeholders on the open "
                        "concerns.",
                        _reason(p, _concerns(p)), "focus_group")
    if p.group == "higher_ed" and p.engagement_current not in {"unaware", "resistant", None}:
        return NextStep("Ask them to speak to families about competency-based transcripts "
                        "and admissions.", _reason(p), "speak_on_transcripts")
    if p.group == "business" and not p.active_partnership and \
            p.engagement_current != "resistant":
        return NextStep("Invite them to join the advisory board.",
                        _reason(p, "no active partnership"), "advisory_board")
    if p.engagement_current == "leading":
        return NextStep("Ask them to champion the work: host a conversation or speak at a "
                        "community meeting.", _reason(p), "champion")
    if p.quadrant == "key_players" and _has_gap(p):
        return NextStep("Set up a one-to-one meeting to understand their view and what "
                        "would move them.", _reason(p, _gap(p)), "one_to_one")
    if p.overdue:
        return NextStep("Reconnect: a call or a short personal update.", _reason(p),
                        "reconnect")
    if p.engagement_current == "unaware" and _has_gap(p):
        return NextStep("Introduce the vision: invite them to a community meeting or send "
                        "the one-page overview.", _reason(p, _gap(p)), "introduce")
    if _has_gap(p):
        if p.quadrant == "keep_satisfied":
            return NextStep("Brief them personally on the plans that affect them.",
                            _reason(p, _gap(p)), "brief")
        return NextStep("Send an update and invite them to the next community meeting.",
                        _reason(p, _gap(p)), "brief")
    return NextStep("Keep in touch at the usual cadence.", _reason(p, "no engagement gap"),
                    "keep_in_touch")
