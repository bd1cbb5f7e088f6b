"""What the district says and how: key messages per audience and a glossary of terms."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped

# The audience of a message that is for everyone (the others are stakeholder groups).
EVERYONE = "all"


class KeyMessage(DistrictScoped, db.Model):
    """One key message for an audience (a stakeholder group, or everyone), in order."""

    __tablename__ = "key_messages"
    __table_args__ = (
        sa.Index("ix_key_messages_district_audience", "district_id", "audience", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    audience: Mapped[str] = mapped_column(sa.String(32), default=EVERYONE)
    text: Mapped[str] = mapped_column(sa.String(1000))
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def audit_label(self) -> str:
        return self.text[:80]


class GlossaryTerm(DistrictScoped, db.Model):
    """A term the district has chosen, what it means, and the phrases to avoid instead.

    ``avoid`` is comma-separated; checking text against it folds case and accents.
    """

    __tablename__ = "glossary_terms"
    __table_args__ = (sa.UniqueConstraint("district_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(sa.String(120))
    meaning: Mapped[str] = mapped_column(sa.String(1000), default="")
    avoid: Mapped[str] = mapped_column(sa.String(500), default="")

    @property
    def audit_label(self) -> str:
        return self.term
