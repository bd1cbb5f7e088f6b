"""The engagement log: interactions with their participants, concerns and follow-ups."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped

# The district's people (users) who took part in an interaction.
interaction_users = sa.Table(
    "interaction_users",
    db.metadata,
    sa.Column(
        "interaction_id", sa.ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_interaction_users_user", "user_id", "interaction_id"),
)


class Interaction(DistrictScoped, db.Model):
    """A meeting, call, email, focus group, event... with whom, what was said, what next."""

    __tablename__ = "interactions"
    __table_args__ = (
        sa.Index("ix_interactions_district_occurred", "district_id", "occurred_on", "id"),
        sa.Index("ix_interactions_district_kind", "district_id", "kind", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24), default="meeting")
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    occurred_on: Mapped[date]
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[str] = mapped_column(sa.Text, default="")
    # An event records invitees and who came; other kinds list participants who took part.
    with_attendance: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users = relationship("User", secondary=interaction_users, lazy="selectin")
    participants: Mapped[list["InteractionParticipant"]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", lazy="select"
    )
    concerns: Mapped[list["Concern"]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", lazy="select"
    )

    @property
    def audit_label(self) -> str:
        return self.title or f"{self.kind} on {self.occurred_on}"


class InteractionParticipant(DistrictScoped, db.Model):
    """A stakeholder in an interaction; for events, an invitee who came or did not.

    ``occurred_on`` repeats the interaction's date so a stakeholder's timeline reads in
    date order from one index.
    """

    __tablename__ = "interaction_participants"
    __table_args__ = (
        sa.UniqueConstraint("interaction_id", "stakeholder_id"),
        sa.Index(
            "ix_participants_district_stakeholder",
            "district_id", "stakeholder_id", "occurred_on", "interaction_id",
        ),
        sa.Index("ix_participants_district_interaction", "district_id", "interaction_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="CASCADE")
    )
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date]
    attended: Mapped[bool] = mapped_column(default=True)

    interaction: Mapped[Interaction] = relationship(back_populates="participants")
    stakeholder = relationship("Stakeholder", lazy="select")


class Concern(DistrictScoped, db.Model):
    """A concern raised in an interaction, tagged by theme; open until answered."""

    __tablename__ = "concerns"
    __table_args__ = (
        sa.Index("ix_concerns_district_theme", "district_id", "theme", "is_open"),
        sa.Index("ix_concerns_district_interaction", "district_id", "interaction_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[str] = mapped_column(sa.String(60), default="")
    text: Mapped[str] = mapped_column(sa.String(1000))
    is_open: Mapped[bool] = mapped_column(default=True)
    # The district's answer ("you said, we did"); empty until someone writes one.
    answer: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")

    interaction: Mapped[Interaction] = relationship(back_populates="concerns")


class FollowUp(DistrictScoped, db.Model):
    """Something a user must do by a date, usually arising from an interaction."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        sa.Index("ix_follow_ups_district_owner_open", "district_id", "owner_id", "done_at",
                 "due_on"),
        sa.Index("ix_follow_ups_district_stakeholder", "district_id", "stakeholder_id"),
        sa.Index("ix_follow_ups_district_interaction", "district_id", "interaction_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="CASCADE"), index=True
    )
    stakeholder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(sa.String(300))
    due_on: Mapped[date]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    interaction = relationship(Interaction, lazy="select")
    stakeholder = relationship("Stakeholder", lazy="select")
    owner = relationship("User", foreign_keys=[owner_id], lazy="select")

    @property
    def audit_label(self) -> str:
        return self.description
