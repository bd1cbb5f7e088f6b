"""Values remembered until anything in the current district changes."""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from app.services.stakeholder_query import data_version, kept
from app.tenancy import current_district_id

T = TypeVar("T")
_MAX = 256


def remembered(session: Session, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, remembered until anything in the current district changes.

    Every write to district data leaves an audit row, so the newest audit id
    (`stakeholder_query.data_version`) is an exact version of the data: the value is
    kept per engine under (district, version, key) and read again once it moves. For
    figures that cost a scan (counts on My week, a list's do-not-contact count).
    `key` must hold everything else the value depends on (user, day, cadence...).
    """
    full_key = (current_district_id(), data_version(session), *key)
    return kept(session, "_groundwork_remembered", full_key, compute, _MAX)
