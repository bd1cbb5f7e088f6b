"""Partnerships with businesses, colleges and other organisations; the district's pathways."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped

# The organisation's people who are the district's contacts for a partnership.
partnership_contacts = sa.Table(
    "partnership_contacts",
    db.metadata,
    sa.Column(
        "partnership_id", sa.ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "stakeholder_id", sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Index("ix_partnership_contacts_stakeholder", "stakeholder_id", "partnership_id"),
)


class Pathway(DistrictScoped, db.Model):
    """A career pathway or Portrait of a Graduate focus area, with what it matches on.

    ``keywords`` and ``sectors`` are comma-separated; matching folds case and accents.
    """

    __tablename__ = "pathways"
    __table_args__ = (sa.UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[str] = mapped_column(sa.String(16), default="pathway")
    description: Mapped[str] = mapped_column(sa.String(1000), default="")
    keywords: Mapped[str] = mapped_column(sa.String(1000), default="")
    sectors: Mapped[str] = mapped_column(sa.String(1000), default="")

    @property
    def audit_label(self) -> str:
        return self.name


class Partnership(DistrictScoped, db.Model):
    """A partnership (or prospect) with one organisation, moving through the pipeline."""

    __tablename__ = "partnerships"
    __table_args__ = (
        sa.Index("ix_partnerships_district_stage", "district_id", "stage", "stage_changed_at"),
        sa.Index("ix_partnerships_district_org", "district_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic locking: two coordinators moving one card cannot overwrite each other.
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version}
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    type: Mapped[str] = mapped_column(sa.String(32), default="work_based_learning")
    stage: Mapped[str] = mapped_column(sa.String(16), default="prospect")
    pathway_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pathways.id", ondelete="SET NULL"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Stakeholder", foreign_keys=[organisation_id], lazy="select")
    pathway = relationship(Pathway, lazy="select")
    lead = relationship("User", foreign_keys=[lead_id], lazy="select")
    contacts = relationship("Stakeholder", secondary=partnership_contacts, lazy="select")
    commitments: Mapped[list["Commitment"]] = relationship(
        cascade="all, delete-orphan", lazy="select", order_by="Commitment.id"
    )

    @property
    def audit_label(self) -> str:
        return self.title or f"Partnership #{self.id}"


class Commitment(DistrictScoped, db.Model):
    """What a partner has committed, e.g. 20 internship places or 2 mentors."""

    __tablename__ = "commitments"
    __table_args__ = (
        sa.Index("ix_commitments_district_partnership", "district_id", "partnership_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[int | None]
    description: Mapped[str] = mapped_column(sa.String(200))


class PartnershipStageChange(DistrictScoped, db.Model):
    """A partnership's move between pipeline stages: the stage history."""

    __tablename__ = "partnership_stage_changes"
    __table_args__ = (
        sa.Index("ix_stage_changes_district_partnership", "district_id", "partnership_id",
                 "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str] = mapped_column(sa.String(16), default="")
    to_stage: Mapped[str] = mapped_column(sa.String(16))
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.String(300), default="")
