"""Typed SQLAlchemy 2.0 models, one module per aggregate."""

from app.models import search  # noqa: F401,E402 - registers the search index DDL
from app.models.audit import AuditEvent
from app.models.champion import (
    ChampionProfile,
    DistrictSetting,
    NetworkJob,
    StakeholderMetrics,
    TableSeat,
)
from app.models.district import District
from app.models.engagement import Concern, FollowUp, Interaction, InteractionParticipant
from app.models.imports import CsvImport
from app.models.messages import GlossaryTerm, KeyMessage
from app.models.outreach import OutreachList, OutreachMember, OutreachStatusChange
from app.models.partnership import (
    Commitment,
    Partnership,
    PartnershipStageChange,
    Pathway,
)
from app.models.stakeholder import (
    Affiliation,
    Assessment,
    Relationship,
    School,
    Stakeholder,
    StakeholderLanguage,
    Tag,
)
from app.models.user import Membership, User

__all__ = [
    "Affiliation",
    "Assessment",
    "AuditEvent",
    "ChampionProfile",
    "Commitment",
    "Concern",
    "CsvImport",
    "FollowUp",
    "GlossaryTerm",
    "Interaction",
    "InteractionParticipant",
    "KeyMessage",
    "OutreachList",
    "OutreachMember",
    "OutreachStatusChange",
    "Partnership",
    "PartnershipStageChange",
    "Pathway",
    "DistrictSetting",
    "NetworkJob",
    "StakeholderMetrics",
    "TableSeat",
    "District",
    "Membership",
    "Relationship",
    "School",
    "Stakeholder",
    "StakeholderLanguage",
    "Tag",
    "User",
]
