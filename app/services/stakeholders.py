"""Stakeholder use cases: ratings with their dated history, labels, and search text.

Every path that changes a stakeholder's ratings goes through `rate`, so the derived
columns (quadrant, engagement gap, salience) and the assessment history stay true.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import ratings
from app.domain.text import search_text
from app.models import (
    Affiliation,
    Assessment,
    School,
    Stakeholder,
    StakeholderLanguage,
    Tag,
)

RATING_FIELDS = (
    "influence",
    "interest",
    "engagement_current",
    "engagement_desired",
    "has_power",
    "has_legitimacy",
    "has_urgency",
)


@dataclass(frozen=True)
class Ratings:
    """One complete rating of a stakeholder by the methods the app embodies."""

    influence: int
    interest: int
    engagement_current: str
    engagement_desired: str
    has_power: bool
    has_legitimacy: bool
    has_urgency: bool

    @classmethod
    def of(cls, stakeholder: Stakeholder) -> "Ratings":
        return cls(**{f: getattr(stakeholder, f) for f in RATING_FIELDS})

    def replace(self, **changes) -> "Ratings":
        return Ratings(**{**{f: getattr(self, f) for f in RATING_FIELDS}, **changes})


def refresh_derived(stakeholder: Stakeholder) -> None:
    """Recompute the columns derived from name and ratings (sort key, quadrant, ...)."""
    stakeholder.name_key = stakeholder.name.strip().lower()
    stakeholder.quadrant = ratings.quadrant(stakeholder.influence, stakeholder.interest).key
    stakeholder.engagement_gap = ratings.engagement_gap(
        stakeholder.engagement_current, stakeholder.engagement_desired
    )
    stakeholder.salience = ratings.salience_class(
        stakeholder.has_power, stakeholder.has_legitimacy, stakeholder.has_urgency
    )


def rate(session: Session, stakeholder: Stakeholder, new: Ratings, *, by_user_id: int | None,
         note: str = "") -> bool:
    """Apply `new` ratings; record a dated assessment when anything changed.

    Returns True when the ratings changed.
    """
    if Ratings.of(stakeholder) == new and stakeholder.id is not None:
        return False
    for field in RATING_FIELDS:
        setattr(stakeholder, field, getattr(new, field))
    refresh_derived(stakeholder)
    assessment = Assessment(assessed_by_id=by_user_id, note=note[:500], **vars(new))
    if stakeholder.id is None:
        session.add(stakeholder)
        session.flush()
    assessment.stakeholder_id = stakeholder.id
    session.add(assessment)
    return True


def _get_or_create(session: Session, model, names: Iterable[str]) -> list:
    wanted = {n.strip(): None for n in names if n and n.strip()}
    if not wanted:
        return []
    found = session.scalars(sa.select(model).where(model.name.in_(list(wanted)))).all()
    by_name = {row.name: row for row in found}
    rows = []
    for name in wanted:
        row = by_name.get(name)
        if row is None:
            row = model(name=name)
            session.add(row)
        rows.append(row)
    return rows


def set_labels(session: Session, stakeholder: Stakeholder, *, tags: Iterable[str] | None = None,
               schools: Iterable[str] | None = None,
               languages: Iterable[str] | None = None) -> None:
    """Replace the stakeholder's tags, schools and/or languages (None leaves one as is)."""
    if tags is not None:
        stakeholder.tags = _get_or_create(session, Tag, tags)
    if schools is not None:
        stakeholder.schools = _get_or_create(session, School, schools)
    if languages is not None:
        wanted = list(dict.fromkeys(lang.strip() for lang in languages if lang.strip()))
        current = {lang.language: lang for lang in stakeholder.languages}
        stakeholder.languages = [
            current.get(lang) or StakeholderLanguage(language=lang) for lang in wanted
        ]


def refresh_search_text(session: Session, stakeholder: Stakeholder) -> None:
    """Rebuild what search looks in: name, organisations, email, tags, sector, city."""
    organisations = []
    if stakeholder.id is not None:
        organisations = session.scalars(
            sa.select(Stakeholder.name)
            .join(Affiliation, Affiliation.organisation_id == Stakeholder.id)
            .where(Affiliation.person_id == stakeholder.id)
        ).all()
    parts = [stakeholder.name, *organisations, stakeholder.email, stakeholder.sector,
             stakeholder.city, *(t.name for t in stakeholder.tags)]
    stakeholder.search_text = search_text(parts)


def rebuild_search_text(session: Session, chunk: int = 5000) -> int:
    """Recompute search_text for every stakeholder of the current district (after bulk
    loads and imports). Returns the number of stakeholders updated."""
    org_names: dict[int, list[str]] = {}
    org = sa.orm.aliased(Stakeholder)
    for person_id, name in session.execute(
        sa.select(Affiliation.person_id, org.name).join(org, org.id == Affiliation.organisation_id)
    ):
        org_names.setdefault(person_id, []).append(name)
    tag_names: dict[int, list[str]] = {}
    from app.models.stakeholder import stakeholder_tags

    for stakeholder_id, name in session.execute(
        sa.select(stakeholder_tags.c.stakeholder_id, Tag.name).join(
            Tag, Tag.id == stakeholder_tags.c.tag_id
        )
    ):
        tag_names.setdefault(stakeholder_id, []).append(name)
    rows = session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.email, Stakeholder.sector,
                  Stakeholder.city)
    ).all()
    updates = []
    for sid, name, email, sector, city in rows:
        parts = [name, *org_names.get(sid, ()), email, sector, city, *tag_names.get(sid, ())]
        updates.append(
            {"sid": sid,
             "text": search_text(parts)}
        )
    statement = sa.text("UPDATE stakeholders SET search_text = :text WHERE id = :sid")
    for start in range(0, len(updates), chunk):
        session.execute(statement, updates[start:start + chunk])
    return len(updates)


class StaleVersion(Exception):
    """The user edited an older version of the record than the one saved now."""


def fingerprint(values: Mapping[str, Any]) -> str:
    """A short digest of what a form showed when drawn (its `seen` field)."""
    text = json.dumps(values, sort_keys=True, default=str)
    return hashlib.blake2s(text.encode(), digest_size=8).hexdigest()


def ratings_fingerprint(stakeholder: Stakeholder) -> str:
    """The `seen` of a ratings form drawn from the stakeholder as stored now."""
    return fingerprint(vars(Ratings.of(stakeholder)))


def ensure_current(stakeholder: Stakeholder, seen_version: int | None,
                   seen: str | None = None, now: str | None = None) -> None:
    """Refuse a save based on an old version (no lost updates); raises StaleVersion.

    The version moves with any save of the record. A form that showed only part of it
    (the ratings, the profile) passes `seen`, the fingerprint of what it showed when
    drawn, and `now`, the same part as stored now: when they are equal the other save
    changed another part (the user's own profile save while the ratings editor was
    open), and this save goes ahead."""
    if seen_version is not None and seen_version == stakeholder.version:
        return
    if seen and now is not None and seen == now:
        return
    raise StaleVersion(stakeholder.id)
