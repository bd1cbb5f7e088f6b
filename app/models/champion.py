"""Champion finder data: the toolkit's champion questions, "not a fit", table seats,
cached network metrics and the recompute jobs that fill them."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped


class ChampionProfile(DistrictScoped, db.Model):
    """The toolkit's champion questions for one stakeholder, and a "not a fit" mark.

    Each question is yes (True), no (False) or not yet asked (None).
    """

    __tablename__ = "champion_profiles"
    __table_args__ = (sa.Index("ix_champion_profiles_district", "district_id", "stakeholder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), unique=True
    )
    respected: Mapped[bool | None]  # respected and trusted in the community
    passionate: Mapped[bool | None]  # passionate about students
    connected: Mapped[bool | None]  # connected to people we are not reaching
    available: Mapped[bool | None]  # has time and willingness
    not_a_fit: Mapped[bool] = mapped_column(default=False, index=True)
    not_a_fit_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    stakeholder = relationship("Stakeholder", lazy="select")

    @property
    def audit_label(self) -> str:
        return f"Champion profile of #{self.stakeholder_id}"


class TableSeat(DistrictScoped, db.Model):
    """A seat at the district's decision-making table (visioning team, advisory board)."""

    __tablename__ = "table_seats"
    __table_args__ = (
        sa.UniqueConstraint("stakeholder_id", "body"),
        sa.Index("ix_table_seats_district_body", "district_id", "body", "stakeholder_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.String(32))  # visioning_team, advisory_board
    role: Mapped[str] = mapped_column(sa.String(80), default="Member")
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)

    stakeholder = relationship("Stakeholder", lazy="select")


class StakeholderMetrics(DistrictScoped, db.Model):
    """Network position of one stakeholder, as computed by one recomputation (job).

    Rows belong to the job that computed them: a recomputation writes a whole new
    generation in short transactions, then the job is marked done, which switches
    readers over at once; older generations are deleted after.
    """

    __tablename__ = "stakeholder_metrics"
    __table_args__ = (
        sa.Index("ix_metrics_job_brokerage", "job_id", "brokerage_pct"),
        sa.Index("ix_metrics_job_pagerank", "job_id", "pagerank_pct"),
    )

    job_id: Mapped[int] = mapped_column(
        sa.ForeignKey("network_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    degree: Mapped[int] = mapped_column(default=0)
    weighted_degree: Mapped[int] = mapped_column(default=0)
    pagerank: Mapped[float] = mapped_column(default=0.0)
    pagerank_pct: Mapped[float] = mapped_column(default=0.0)
    brokerage: Mapped[float] = mapped_column(default=0.0)
    brokerage_pct: Mapped[float] = mapped_column(default=0.0)
    cross_group_ties: Mapped[int] = mapped_column(default=0)
    groups_reached: Mapped[str] = mapped_column(sa.String(400), default="")  # comma-separated


class NetworkJob(DistrictScoped, db.Model):
    """One recomputation of a district's network metrics.

    Workers claim a pending job with a conditional UPDATE, so among many workers on
    many hosts exactly one computes a district at a time.
    """

    __tablename__ = "network_jobs"
    __table_args__ = (sa.Index("ix_network_jobs_district_status", "district_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")  # running, done, failed
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str] = mapped_column(sa.String(120), default="")
    nodes: Mapped[int] = mapped_column(default=0)
    edges: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[float] = mapped_column(default=0.0)
    error: Mapped[str] = mapped_column(sa.String(500), default="")
    method: Mapped[str] = mapped_column(sa.String(200), default="")  # brokerage measure used


class DistrictSetting(DistrictScoped, db.Model):
    """A district's settings by key (champion weights, contact cadence), as JSON."""

    __tablename__ = "district_settings"
    __table_args__ = (sa.UniqueConstraint("district_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(60))
    value: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
