"""A CSV file being imported into the register, kept between its steps (map, check, add).

The file is kept in the database, not on disk, so the steps may be served by different
workers or hosts. Once its rows are added (or it is discarded) the file's content goes and
the record stays, as "added" with what was added, so a second tab, the back button or a
reload can say so; records are removed a day later (services.csv_import.purge_stale)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped


class CsvImport(DistrictScoped, db.Model):
    """An uploaded file, its column mapping and the result of its last check."""

    __tablename__ = "csv_imports"
    __table_args__ = (sa.Index("ix_csv_imports_district_created", "district_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(sa.String(200), default="")
    # What the file holds: "stakeholders", or "relationships" between them.
    kind: Mapped[str] = mapped_column(sa.String(16), default="stakeholders")
    content: Mapped[str] = mapped_column(sa.Text)
    # One field key per column ("" = left out), the owner of new records, what to do with
    # likely duplicates ("skip" or "add") and a tag for every added record.
    mapping: Mapped[list] = mapped_column(sa.JSON, default=list)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    duplicates: Mapped[str] = mapped_column(sa.String(8), default="skip")
    tag: Mapped[str] = mapped_column(sa.String(60), default="")
    # The last check: a list of {"line", "name", "errors", "matches", ...} per row; None
    # until the rows are checked (and again after the mapping changes).
    report: Mapped[list | None] = mapped_column(sa.JSON)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "open" while being mapped and checked; "adding" while one request adds the rows (the
    # claim that keeps a second request from adding them again); then "added" with the
    # message the user saw, or "discarded". `state_at` says since when.
    state: Mapped[str] = mapped_column(sa.String(10), default="open", server_default="open")
    state_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    added_tag_id: Mapped[int | None] = mapped_column()

    @property
    def audit_label(self) -> str:
        return self.filename or f"import #{self.id}"
