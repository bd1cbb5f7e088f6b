"""Users and their per-district memberships with a role."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.models.district import District


class User(UserMixin, db.Model):
    """Someone who signs in. Belongs to districts through memberships."""

    __tablename__ = "users"
    __audit_exclude__ = frozenset({"password_hash", "session_version", "last_login_at"})

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Bumped on sign-out, password change and disabling: every older session dies.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_enabled

    def get_id(self) -> str:
        """Session identity includes the version, so bumping it ends old sessions."""
        return f"{self.id}:{self.session_version}"

    def end_other_sessions(self) -> None:
        """Invalidate every session signed in before now."""
        self.session_version += 1

    def role_in(self, district_id: int | None) -> str | None:
        """This user's role in a district, or None when not a member."""
        for m in self.memberships:
            if m.district_id == district_id:
                return m.role
        return None

    @property
    def districts(self) -> list[District]:
        return sorted((m.district for m in self.memberships), key=lambda d: d.name)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


class Membership(db.Model):
    """A user's role (admin, editor, viewer) in one district."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "district_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    district_id: Mapped[int] = mapped_column(
        sa.ForeignKey("districts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(16))

    user: Mapped[User] = relationship(back_populates="memberships")
    district: Mapped[District] = relationship(lazy="joined")

    @property
    def audit_label(self) -> str:
        """Whose membership this is, for the audit log."""
        return f"{self.user.name} ({self.user.email})" if self.user else ""
