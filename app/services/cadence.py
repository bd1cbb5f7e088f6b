"""The district's contact cadence: read, save, reset (a DistrictSetting), and who is overdue."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import cadence as domain
from app.models import Stakeholder
from app.services import district_settings
from app.services.remembered import remembered

CADENCE_KEY = "contact_cadence"
def current_cadence(session: Session) -> domain.Cadence:
    """The district's cadence (defaults for anything not saved)."""
    return domain.parse(district_settings.read(session, CADENCE_KEY))


def save_cadence(session: Session, cadence: domain.Cadence) -> None:
    """Store the cadence (audited as a DistrictSetting change)."""
    district_settings.save(session, CADENCE_KEY, cadence.as_dict())


def reset_cadence(session: Session) -> None:
    """Back to the defaults: the stored setting is deleted (audited)."""
    district_settings.reset(session, CADENCE_KEY)


def overdue_condition(cadence: domain.Cadence, day: date, quadrant: str | None = None):
    """SQL condition: the stakeholder is overdue by the cadence on `day`.

    One branch per quadrant (quadrant = q AND (never contacted OR last contact before
    q's cutoff)), so each can use the quadrant and last-contact indexes.
    """
    moments = domain.cutoff_moments(cadence, day)
    keys = [quadrant] if quadrant else list(domain.QUADRANT_KEYS)
    return sa.or_(*(
        sa.and_(Stakeholder.quadrant == key,
                sa.or_(Stakeholder.last_contact_at.is_(None),
                       Stakeholder.last_contact_at < moments[key]))
        for key in keys if key in moments
    ))


def overdue_counts(session: Session, cadence: domain.Cadence, day: date) -> dict[str, int]:
    """District-wide number of stakeholders overdue for contact, per quadrant."""
    rows = session.execute(
        sa.select(Stakeholder.quadrant, sa.func.count(Stakeholder.id))
        .where(overdue_condition(cadence, day)).group_by(Stakeholder.quadrant)).all()
    counts = dict.fromkeys(domain.QUADRANT_KEYS, 0)
    counts.update({quadrant: n for quadrant, n in rows})
    return counts


@dataclass(frozen=True)
class OverdueContact:
    """A stakeholder overdue for contact, with the figures shown on My week."""

    id: int
    name: str
    group: str
    quadrant: str
    last_contact_at: datetime | None
    days_overdue: int | None  # None: never contacted
    cadence_days: int


def overdue_page(session: Session, owner_id: int, cadence: domain.Cadence, day: date,
                 offset: int, limit: int) -> list[OverdueContact]:
    """Stakeholders `owner_id` owns who are overdue, most overdue first: never contacted
    first (by name), then by due date (last contact + the quadrant's days).

    Quadrants have different cutoffs, so for the contacted ones each quadrant gives its
    first offset + limit by last contact (ids and dates only) and they are merged here:
    exact, and nobody outside the page is ever loaded in full.
    """
    quadrants = Stakeholder.quadrant.in_(domain.QUADRANT_KEYS)
    never = sa.and_(Stakeholder.owner_id == owner_id, quadrants,
                    Stakeholder.last_contact_at.is_(None))
    never_total = overdue_totals(session, owner_id, cadence, day).never
    chosen: list[tuple[int, str]] = []
    if offset < never_total:
        chosen = [(r.id, r.quadrant) for r in session.execute(
            sa.select(Stakeholder.id, Stakeholder.quadrant).where(never)
            .order_by(Stakeholder.name_key, Stakeholder.id).offset(offset).limit(limit))]
    wanted = limit - len(chosen)
    if wanted > 0:
        skip = max(offset - never_total, 0)
        moments = domain.cutoff_moments(cadence, day)
        candidates = []
        for key in domain.QUADRANT_KEYS:
            step = timedelta(days=cadence.days(key))
            candidates += [((r.last_contact_at + step, r.id), key) for r in session.execute(
                sa.select(Stakeholder.id, Stakeholder.last_contact_at)
                .where(Stakeholder.owner_id == owner_id, Stakeholder.quadrant == key,
                       Stakeholder.last_contact_at < moments[key])
                .order_by(Stakeholder.last_contact_at, Stakeholder.id).limit(skip + wanted))]
        candidates.sort()
        chosen += [(order[1], key) for order, key in candidates[skip:skip + wanted]]
    if not chosen:
        return []
    details = {r.id: r for r in session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.group,
                  Stakeholder.last_contact_at)
        .where(Stakeholder.id.in_([sid for sid, _q in chosen])))}
    return [OverdueContact(
        id=sid, name=details[sid].name, group=details[sid].group, quadrant=quadrant,
        last_contact_at=details[sid].last_contact_at,
        days_overdue=domain.days_overdue(details[sid].last_contact_at, quadrant, day, cadence),
        cadence_days=cadence.days(quadrant)) for sid, quadrant in chosen]


@dataclass(frozen=True)
class OverdueTotals:
    """How many stakeholders a user owns are overdue: never contacted, and in all."""

    never: int
    total: int


def _owner_counts(session: Session, owner_id: int, cadence: domain.Cadence,
                  day: date) -> OverdueTotals:
    # One range of ix_stakeholders_district_owner_contact per quadrant and branch
    # (never contacted / last contact before the cutoff), summed in one statement:
    # an OR of the quadrants made SQLite read the owner's whole range instead.
    moments = domain.cutoff_moments(cadence, day)

    def count(*where) -> sa.ScalarSelect:
        return (sa.select(sa.func.count(Stakeholder.id))
                .where(Stakeholder.owner_id == owner_id, *where).scalar_subquery())

    never = [count(Stakeholder.quadrant == key, Stakeholder.last_contact_at.is_(None))
             for key in domain.QUADRANT_KEYS]
    late = [count(Stakeholder.quadrant == key, Stakeholder.last_contact_at < moments[key])
            for key in domain.QUADRANT_KEYS if key in moments]
    row = session.execute(sa.select(sum(never[1:], never[0]),
                                    sum(late, sa.literal(0)))).one()
    return OverdueTotals(never=int(row[0]), total=int(row[0]) + int(row[1]))


def overdue_totals(session: Session, owner_id: int, cadence: domain.Cadence,
                   day: date) -> OverdueTotals:
    """The overdue totals of `owner_id`'s stakeholders on `day`, remembered while the
    district's data does not change (the same figures a query would give)."""
    return remembered(session, ("overdue", owner_id, cadence, day),
                      lambda: _owner_counts(session, owner_id, cadence, day))


def overdue_count(session: Session, owner_id: int, cadence: domain.Cadence, day: date) -> int:
    """How many stakeholders `owner_id` owns are overdue for contact."""
    return overdue_totals(session, owner_id, cadence, day).total
