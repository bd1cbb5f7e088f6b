"""Stakeholders (people and organisations), their labels, ratings and relationships."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.ratings import QUADRANTS
from app.domain.vocab import ENGAGEMENT_LEVELS
from app.extensions import db
from app.models._types import UTCDateTime, utcnow
from app.tenancy import DistrictScoped

stakeholder_tags = sa.Table(
    "stakeholder_tags",
    db.metadata,
    sa.Column(
        "stakeholder_id",
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_stakeholder_tags_tag", "tag_id", "stakeholder_id"),
)

stakeholder_schools = sa.Table(
    "stakeholder_schools",
    db.metadata,
    sa.Column(
        "stakeholder_id",
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("school_id", sa.ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_stakeholder_schools_school", "school_id", "stakeholder_id"),
)


class Tag(DistrictScoped, db.Model):
    """A free label a district puts on stakeholders (e.g. "PTA", "STEM")."""

    __tablename__ = "tags"
    __table_args__ = (sa.UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60))


class School(DistrictScoped, db.Model):
    """A school or area of the district that stakeholders connect to."""

    __tablename__ = "schools"
    __table_args__ = (sa.UniqueConstraint("district_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))


class Stakeholder(DistrictScoped, db.Model):
    """A person or organisation who matters to the district's vision.

    Current ratings live here (denormalised, indexed) so lists filter and sort fast;
    every change is also kept as a dated Assessment.
    """

    __tablename__ = "stakeholders"
    __audit_exclude__ = frozenset({"search_text"})
    __table_args__ = (
        sa.Index("ix_stakeholders_district_name", "district_id", "name_key", "id"),
        sa.Index("ix_stakeholders_district_group", "district_id", "group", "name_key"),
        sa.Index("ix_stakeholders_district_quadrant", "district_id", "quadrant", "name_key"),
        sa.Index(
            "ix_stakeholders_district_engagement", "district_id", "engagement_current", "name_key"
        ),
        sa.Index("ix_stakeholders_district_gap", "district_id", "engagement_gap", "name_key"),
        sa.Index("ix_stakeholders_district_salience", "district_id", "salience", "name_key"),
        sa.Index("ix_stakeholders_district_owner", "district_id", "owner_id", "name_key"),
        sa.Index("ix_stakeholders_district_contact", "district_id", "last_contact_at"),
        # My week's contacts overdue by cadence: per-quadrant counts and pages (never
        # contacted by name, the others by last contact) read only this index.
        sa.Index(
            "ix_stakeholders_district_owner_contact",
            "district_id", "owner_id", "quadrant", "last_contact_at", "name_key", "id",
        ),
        sa.Index("ix_stakeholders_district_influence", "district_id", "influence", "name_key"),
        sa.Index("ix_stakeholders_district_interest", "district_id", "interest", "name_key"),
        # Covers the map's counts per grid cell without reading the table.
        sa.Index(
            "ix_stakeholders_district_cell",
            "district_id", "influence", "interest", "engagement_current",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic locking: a save based on an old version is refused (no lost updates).
    version: Mapped[int] = mapped_column(nullable=False)
    __mapper_args__ = {"version_id_col": version}
    kind: Mapped[str] = mapped_column(sa.String(16), default="person")
    name: Mapped[str] = mapped_column(sa.String(200))
    name_key: Mapped[str] = mapped_column(sa.String(200))  # lower-cased, for sorting
    group: Mapped[str] = mapped_column(sa.String(32), default="other")
    sector: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(32), default="")
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    website: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_permitted: Mapped[bool] = mapped_column(default=True)
    preferred_contact: Mapped[str] = mapped_column(sa.String(16), default="")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Lower-cased name, organisations, email, tags and sector: what search looks in.
    search_text: Mapped[str] = mapped_column(sa.Text, default="")

    influence: Mapped[int] = mapped_column(default=3)
    interest: Mapped[int] = mapped_column(default=3)
    quadrant: Mapped[str] = mapped_column(sa.String(16), default="key_players")
    engagement_current: Mapped[str] = mapped_column(sa.String(16), default="unaware")
    engagement_desired: Mapped[str] = mapped_column(sa.String(16), default="supportive")
    engagement_gap: Mapped[int] = mapped_column(default=3)
    has_power: Mapped[bool] = mapped_column(default=False)
    has_legitimacy: Mapped[bool] = mapped_column(default=False)
    has_urgency: Mapped[bool] = mapped_column(default=False)
    salience: Mapped[str | None] = mapped_column(sa.String(16))

    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Small collections shown with every stakeholder: loaded in one query per page.
    owner = relationship("User", lazy="joined", innerjoin=False)
    tags: Mapped[list[Tag]] = relationship(
        secondary=stakeholder_tags, lazy="selectin", order_by="Tag.name"
    )
    schools: Mapped[list[School]] = relationship(
        secondary=stakeholder_schools, lazy="selectin", order_by="School.name"
    )
    languages: Mapped[list["StakeholderLanguage"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StakeholderLanguage.language"
    )

    @property
    def audit_label(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Stakeholder {self.id} {self.name!r}>"


def _scale_order(column: sa.ColumnElement, keys: tuple[str, ...]) -> sa.ColumnElement[int]:
    """A column's place on its scale (0, 1, ...), as SQL with literal values, so sorting
    by it reads the index on the same expression (a bound parameter would not match)."""
    return sa.case(
        *[(column == sa.literal_column(f"'{key}'"), sa.literal_column(str(i)))
          for i, key in enumerate(keys)],
        else_=sa.literal_column(str(len(keys))),
    )


# Sorting by engagement or quadrant follows the scale (unaware ... leading; key players
# ... monitor), not the alphabet. (PostgreSQL wants an index expression in brackets.)
ENGAGEMENT_ORDER = _scale_order(Stakeholder.engagement_current,
                                tuple(key for key, _label in ENGAGEMENT_LEVELS))
QUADRANT_ORDER = _scale_order(Stakeholder.quadrant, tuple(q.key for q in QUADRANTS))
for _name, _order in (("ix_stakeholders_district_engagement_order", ENGAGEMENT_ORDER),
                      ("ix_stakeholders_district_quadrant_order", QUADRANT_ORDER)):
    sa.Index(_name, Stakeholder.district_id, sa.sql.expression.Grouping(_order),
             Stakeholder.name_key)


class StakeholderLanguage(DistrictScoped, db.Model):
    """A language a stakeholder speaks (for reaching families in their language)."""

    __tablename__ = "stakeholder_languages"
    __table_args__ = (
        sa.UniqueConstraint("stakeholder_id", "language"),
        sa.Index("ix_stakeholder_languages_lang", "district_id", "language", "stakeholder_id"),
        sa.Index("ix_stakeholder_languages_district_stakeholder", "district_id",
                 "stakeholder_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(sa.String(40))


class Affiliation(DistrictScoped, db.Model):
    """A person's tie to an organisation, e.g. "Plant manager at Honda Marysville"."""

    __tablename__ = "affiliations"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "organisation_id", "title"),
        # district_id leads so the automatic district criterion never scans a district.
        sa.Index("ix_affiliations_district_person", "district_id", "person_id"),
        sa.Index("ix_affiliations_district_org", "district_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(120), default="")
    since: Mapped[date | None]

    person: Mapped[Stakeholder] = relationship(foreign_keys=[person_id], lazy="select")
    organisation: Mapped[Stakeholder] = relationship(foreign_keys=[organisation_id], lazy="select")

    @property
    def audit_label(self) -> str:
        """Title at organisation (ids only when the ends are not loaded)."""
        state = sa.inspect(self)
        if "person" in state.dict and "organisation" in state.dict and self.person \
                and self.organisation:
            return f"{self.person.name}: {self.title} at {self.organisation.name}"
        return f"#{self.person_id}: {self.title} at #{self.organisation_id}"


class Assessment(DistrictScoped, db.Model):
    """A dated rating of a stakeholder by a named user; the history of every change."""

    __tablename__ = "assessments"
    __table_args__ = (
        sa.Index("ix_assessments_stakeholder", "stakeholder_id", "assessed_at"),
        # Holds the level too, so a stakeholder's level on a given day (engagement
        # movement: the last assessment before it) is read from the index alone.
        sa.Index("ix_assessments_district_stakeholder_level", "district_id", "stakeholder_id",
                 "assessed_at", "engagement_current"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE")
    )
    assessed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    influence: Mapped[int]
    interest: Mapped[int]
    engagement_current: Mapped[str] = mapped_column(sa.String(16))
    engagement_desired: Mapped[str] = mapped_column(sa.String(16))
    has_power: Mapped[bool]
    has_legitimacy: Mapped[bool]
    has_urgency: Mapped[bool]
    note: Mapped[str] = mapped_column(sa.String(500), default="")

    assessed_by = relationship("User", lazy="select")
    # Lets many new stakeholders and their first assessments be added in one flush.
    stakeholder = relationship("Stakeholder", lazy="select")


class Relationship(DistrictScoped, db.Model):
    """A typed tie between two stakeholders, strength 1 (weak) to 3 (strong).

    Stored once per pair with the lower id first, so a pair cannot be linked twice.
    """

    __tablename__ = "relationships"
    __table_args__ = (
        sa.UniqueConstraint("source_id", "target_id"),
        sa.CheckConstraint("source_id < target_id", name="ck_relationship_ordered"),
        sa.CheckConstraint("strength BETWEEN 1 AND 3", name="ck_relationship_strength"),
        sa.Index("ix_relationships_target", "target_id", "source_id"),
        sa.Index("ix_relationships_district_source", "district_id", "source_id", "target_id"),
        sa.Index("ix_relationships_district_target", "district_id", "target_id", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(sa.ForeignKey("stakeholders.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(sa.ForeignKey("stakeholders.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(sa.String(24), default="colleague")
    strength: Mapped[int] = mapped_column(default=2)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    source: Mapped[Stakeholder] = relationship(foreign_keys=[source_id], lazy="select")
    target: Mapped[Stakeholder] = relationship(foreign_keys=[target_id], lazy="select")

    @property
    def audit_label(self) -> str:
        """Names both ends (ids only when the ends are not loaded)."""
        state = sa.inspect(self)
        if "source" in state.dict and "target" in state.dict and self.source and self.target:
            return f"{self.source.name} – {self.target.name} ({self.type})"
        return f"#{self.source_id} – #{self.target_id} ({self.type})"
