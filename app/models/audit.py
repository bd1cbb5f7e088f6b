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
    __table_args__ = (
        sa.Index("ix_audit_district_time", "district_id", "id"),
        # One record's history, newest first (who answered a concern).
        sa.Index("ix_audit_record", "record_type", "record_id", "id"),
    )

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


# The database refuses too, so a Core statement or a SQL console can't change the log
# either (the ORM hook above only stops the ORM). One delete is let through: the
# district's own, cascading to its rows (a district deleted whole, as `flask demo
# --reset` does and a purge will). The migration d3a5c6e1f2b4 creates the same triggers
# on an existing database. TRUNCATE (PostgreSQL) and dropping the table are not rows
# changing: they stay the database owner's.
_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
        "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
        "WHEN EXISTS (SELECT 1 FROM districts WHERE id = OLD.district_id) "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' AND NOT EXISTS "
        "(SELECT 1 FROM districts WHERE id = OLD.district_id) THEN RETURN OLD; END IF; "
        "RAISE EXCEPTION 'audit events are append-only'; END $$",
        "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    ],
}
for _dialect, _statements in _TRIGGERS.items():
    for _statement in _statements:
        event.listen(AuditEvent.__table__, "after_create",
                     sa.DDL(_statement).execute_if(dialect=_dialect))
