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
