"""The district's "today", in its time zone (a district setting, admins choose it).

Every "today" in the app comes from here: the log form's default day, due and overdue
follow-ups, My week, cadence, next steps, the outreach export. See app/domain/clock.py.
"""

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from app.domain import clock as domain
from app.extensions import db
from app.services import district_settings
from app.tenancy import current_district_id

TIME_ZONE_KEY = "time_zone"


def district_zone(session: Session | None = None) -> str:
    """The current district's time zone (IANA name); read once per session."""
    session = session or db.session
    memo = ("time_zone", current_district_id())
    if memo not in session.info:
        stored = district_settings.read(session, TIME_ZONE_KEY) or {}
        session.info[memo] = domain.zone_or_default(stored.get("zone"))
    return session.info[memo]


def save_zone(session: Session, zone: str) -> None:
    """Store the district's time zone (audited as a DistrictSetting change)."""
    district_settings.save(session, TIME_ZONE_KEY, {"zone": domain.zone_or_default(zone)})
    session.info.pop(("time_zone", current_district_id()), None)


def today(session: Session | None = None) -> date:
    """Today's date where the district is."""
    return domain.local_today(datetime.now(UTC), district_zone(session))
