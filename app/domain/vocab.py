"""The method's vocabularies: groups, engagement levels, relationship types, roles."""

from functools import cache
from typing import Final

# (value, label) pairs, in the order the UI shows them.
STAKEHOLDER_KINDS: Final = (("person", "Person"), ("organisation", "Organisation"))

GROUPS: Final = (
    ("parent", "Parent/family"),
    ("student", "Student"),
    ("educator", "Educator"),
    ("district_staff", "District staff"),
    ("business", "Business"),
    ("higher_ed", "Higher education"),
    ("elected", "Elected official"),
    ("government", "Government agency"),
    ("community", "Community organisation"),
    ("faith", "Faith-based"),
    ("philanthropy", "Philanthropy"),
    ("media", "Media"),
    ("health", "Health"),
    ("other", "Other"),
)

# PMBOK stakeholder engagement assessment levels, lowest to highest.
ENGAGEMENT_LEVELS: Final = (
    ("unaware", "Unaware"),
    ("resistant", "Resistant"),
    ("neutral", "Neutral"),
    ("supportive", "Supportive"),
    ("leading", "Leading"),
)

RELATIONSHIP_TYPES: Final = (
    ("colleague", "Colleague"),
    ("family", "Family"),
    ("board_member", "Board member"),
    ("employment", "Employer/employee"),
    ("partner", "Partner"),
    ("friend", "Friend/neighbour"),
    ("alumni", "Alumni"),
    ("mentor", "Mentor"),
    ("other", "Other"),
)

CONTACT_METHODS: Final = (
    ("", "No preference"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("text", "Text message"),
    ("in_person", "In person"),
    ("mail", "Mail"),
)

# Outreach list member statuses, in the order a member usually moves through them.
OUTREACH_STATUSES: Final = (
    ("to_contact", "To contact"),
    ("contacted", "Contacted"),
    ("responded", "Responded"),
    ("meeting_set", "Meeting set"),
    ("committed", "Committed"),
    ("declined", "Declined"),
)

# Kinds of interaction the engagement log records.
INTERACTION_KINDS: Final = (
    ("meeting", "Meeting"),
    ("call", "Call"),
    ("email", "Email"),
    ("community_meeting", "Community meeting"),
    ("focus_group", "Focus group"),
    ("survey", "Survey"),
    ("classroom_visit", "Classroom visit"),
    ("principal_chat", "Principal chat"),
    ("event", "Event"),
    ("other", "Other"),
)

PARTNERSHIP_TYPES: Final = (
    ("work_based_learning", "Work-based learning/internships"),
    ("advisory_board", "Advisory board"),
    ("mentoring", "Mentoring"),
    ("dual_enrollment", "Dual enrollment/early college"),
    ("sponsorship", "Sponsorship"),
    ("facilities", "Facilities"),
    ("professional_learning", "Professional learning"),
)

# The partnership pipeline, left to right.
PARTNERSHIP_STAGES: Final = (
    ("prospect", "Prospect"),
    ("exploring", "Exploring"),
    ("active", "Active"),
    ("paused", "Paused"),
    ("ended", "Ended"),
)

PATHWAY_KINDS: Final = (
    ("pathway", "Pathway"),
    ("portrait", "Portrait of a Graduate focus area"),
)

ROLES: Final = (("viewer", "Viewer"), ("editor", "Editor"), ("admin", "Admin"))
_ROLE_RANK: Final = {"viewer": 0, "editor": 1, "admin": 2}


@cache
def _labels(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(choices)


def label(choices: tuple[tuple[str, str], ...], value: str | None) -> str:
    """The human label for a stored value, or the value itself if unknown."""
    if value is None:
        return ""
    return _labels(choices).get(value, value)


def role_at_least(role: str | None, needed: str) -> bool:
    """True when `role` grants at least what `needed` grants (admin > editor > viewer)."""
    if role not in _ROLE_RANK:
        return False
    return _ROLE_RANK[role] >= _ROLE_RANK[needed]
