"""A district's settings by key (champion weights, contact cadence): read, save, reset.

Stored as JSON in DistrictSetting rows; saving and resetting go through the ORM, so each
change is audited.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.models import DistrictSetting


def read(session: Session, key: str) -> dict[str, Any] | None:
    """The stored value, or None when the district keeps the defaults."""
    return session.scalar(sa.select(DistrictSetting.value).where(DistrictSetting.key == key))


def _row(session: Session, key: str) -> DistrictSetting | None:
    return session.scalar(sa.select(DistrictSetting).where(DistrictSetting.key == key))


def save(session: Session, key: str, value: dict[str, Any]) -> None:
    """Store `value` under `key` (nothing is written when it is unchanged)."""
    setting = _row(session, key)
    if setting is None:
        session.add(DistrictSetting(key=key, value=value))
    elif setting.value != value:
        setting.value = value  # a new dict, so the change is seen and audited


def reset(session: Session, key: str) -> None:
    """Back to the defaults: the stored setting is deleted."""
    setting = _row(session, key)
    if setting is not None:
        session.delete(setting)
