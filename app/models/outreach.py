"""Outreach lists: who a district means to reach, each member's status and next step."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped


class OutreachList(DistrictScoped, db.Model):
    """A named list of stakeholders to reach, built from a saved filter or by hand.

    ``filter_query`` is the stakeholder list's query string (e.g. ``group=parent&q=north``)
    when the list was built from a filter; "refresh" re-runs it and adds new matches.
    """

    __tablename__ = "outreach_lists"
    __table_args__ = (
        sa.UniqueConstraint("district_id", "name"),
        sa.Index("ix_outreach_lists_district_created", "district_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    filter_query: Mapped[str] = mapped_column(sa.String(2000), default="")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner = relationship("User", foreign_keys=[owner_id], lazy="select")

    @property
    def audit_label(self) -> str:
        return self.name


class OutreachMember(DistrictScoped, db.Model):
    """One stakeholder on one list: status, owner, next step and when it is due."""

    __tablename__ = "outreach_members"
    __table_args__ = (
        sa.UniqueConstraint("list_id", "stakeholder_id"),
        sa.Index("ix_outreach_members_district_list", "district_id", "list_id", "status", "id"),
        sa.Index("ix_outreach_members_district_owner", "district_id", "owner_id", "due_on"),
        sa.Index("ix_outreach_members_district_stakeholder", "district_id", "stakeholder_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("outreach_lists.id", ondelete="CASCADE"))
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default="to_contact")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    next_step: Mapped[str] = mapped_column(sa.String(300), default="")
    due_on: Mapped[date | None]
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    stakeholder = relationship("Stakeholder", lazy="select")
    owner = relationship("User", foreign_keys=[owner_id], lazy="select")

    @property
    def audit_label(self) -> str:
        return f"List #{self.list_id} member #{self.stakeholder_id}"


class OutreachStatusChange(DistrictScoped, db.Model):
    """A member's move from one status to another, by whom and when (the list's log)."""

    __tablename__ = "outreach_status_changes"
    __table_args__ = (
        sa.Index("ix_outreach_status_changes_member", "district_id", "member_id", "changed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outreach_members.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(sa.String(16))
    to_status: Mapped[str] = mapped_column(sa.String(16))
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
