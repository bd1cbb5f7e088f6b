"""Districts: the tenants whose data is theirs alone."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import UTCDateTime, utcnow


class District(db.Model):
    """A school district (or any organisation) with its own stakeholders and users."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When stakeholders or relationships last changed in a way that moves network
    # metrics; caches of the relationship graph are keyed by it.
    network_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<District {self.id} {self.name!r}>"
