"""The audit log: who did what to which record, with fields before and after."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped


class AuditEvent(DistrictScoped, db.Model):
    """One immutable entry. Written by app.audit; never updated or deleted by the app."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_district_time", "district_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor_label: Mapped[str] = mapped_column(sa.String(254), default="system")
    action: Mapped[str] = mapped_column(sa.String(32))
    record_type: Mapped[str] = mapped_column(sa.String(64))
    record_id: Mapped[int | None]
    record_label: Mapped[str] = mapped_column(sa.String(200), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper, _connection, target: AuditEvent) -> None:
    raise PermissionError("Audit events cannot be changed or deleted.")
