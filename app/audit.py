"""Every create, update and delete of an audited model writes an audit event.

One mechanism, not a call remembered in each view: after each flush, the changes of
every new, changed or deleted object are written to ``audit_events`` on the same
connection, so the audit row commits or rolls back with the change itself.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.models import AuditEvent
from app.models._types import utcnow
from app.tenancy import DistrictScoped, current_district_id

_actor: ContextVar[tuple[int | None, str]] = ContextVar("audit_actor", default=(None, "system"))

# Models whose changes are not audited (the log itself, high-churn bookkeeping, and an
# import's uploaded file: the import is recorded once, with what it added).
_NOT_AUDITED = {"AuditEvent", "StakeholderMetrics", "NetworkJob", "CsvImport"}
_ALWAYS_EXCLUDED = {"updated_at", "version", "name_key"}


def bind_actor(user_id: int | None, label: str) -> Token:
    """Name who is acting for the rest of this request; release it at teardown."""
    return _actor.set((user_id, label))


def release_actor(token: Token) -> None:
    """Undo bind_actor."""
    _actor.reset(token)


@contextmanager
def acting_as(user_id: int | None, label: str) -> Iterator[None]:
    """Name the actor for a block of work (CLI commands, tests)."""
    token = _actor.set((user_id, label))
    try:
        yield
    finally:
        _actor.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def _columns(obj) -> list[str]:
    excluded = _ALWAYS_EXCLUDED | set(getattr(obj, "__audit_exclude__", ()))
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in excluded]


def _changes(obj, action: str) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if action == "create":
            value = getattr(obj, key)
            if value not in (None, ""):
                changes[key] = {"after": _jsonable(value)}
        elif action == "delete":
            changes[key] = {"before": _jsonable(getattr(obj, key))}
        elif hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before != after:
                changes[key] = {"before": _jsonable(before), "after": _jsonable(after)}
    return changes


def _names(objs) -> list[str]:
    """What each linked record is called (its id while it has no name), sorted."""
    return sorted(_label(o) or f"#{inspect(o).mapper.primary_key_from_instance(o)[0]}"
                  for o in objs)


def _collection_changes(obj) -> dict[str, Any]:
    """Many-to-many links before and after (tags, schools, partner contacts, the users at
    an interaction), by the linked records' names."""
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for rel in state.mapper.relationships:
        if rel.secondary is None or rel.viewonly:
            continue
        hist = state.attrs[rel.key].history
        if hist.added or hist.deleted:
            changes[rel.key] = {"before": _names([*hist.unchanged, *hist.deleted]),
                                "after": _names([*hist.unchanged, *hist.added])}
    return changes


def _district_of(obj) -> int | None:
    if isinstance(obj, DistrictScoped) or hasattr(obj, "district_id"):
        return obj.district_id
    if type(obj).__name__ == "District":
        return obj.id
    return current_district_id()


def _label(obj) -> str:
    for attr in ("audit_label", "name", "email"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def _collect(session: Session, _flush_context, _instances) -> None:
    pending = session.info.setdefault("audit_pending", [])
    for action, objs in (("create", session.new), ("update", session.dirty),
                         ("delete", session.deleted)):
        for obj in objs:
            if type(obj).__name__ in _NOT_AUDITED:
                continue
            links = _collection_changes(obj) if action == "update" else {}
            if action == "update" and not links \
                    and not session.is_modified(obj, include_collections=False):
                continue
            changes = _changes(obj, action) | links if action != "create" else None
            pending.append((action, obj, changes))


def _write(session: Session, _flush_context) -> None:
    pending = session.info.pop("audit_pending", [])
    if not pending:
        return
    actor_id, actor_label = _actor.get()
    rows = []
    for action, obj, changes in pending:
        if action == "create":
            # Ids and defaults are known only now.
            changes = _changes(obj, "create") | _collection_changes(obj)
        if action == "update" and not changes:
            continue
        district_id = _district_of(obj)
        if district_id is None:
            continue  # users and districts outside any district: nothing to attribute
        rows.append(
            {
                "district_id": district_id,
                "created_at": utcnow(),
                "actor_id": actor_id,
                "actor_label": actor_label,
                "action": action,
                "record_type": type(obj).__name__,
                "record_id": inspect(obj).mapper.primary_key_from_instance(obj)[0],
                "record_label": _label(obj),
                "changes": changes,
            }
        )
    if rows:
        session.connection().execute(sa.insert(AuditEvent.__table__), rows)
        _forget_version(session)


def record(session: Session, action: str, record_type: str, record_id: int | None,
           label: str = "", changes: dict[str, Any] | None = None,
           district_id: int | None = None) -> None:
    """Write an audit event that is not a row change (sign-in, export, bulk action)."""
    actor_id, actor_label = _actor.get()
    district_id = district_id if district_id is not None else current_district_id()
    if district_id is None:
        return
    session.connection().execute(
        sa.insert(AuditEvent.__table__),
        [{"district_id": district_id, "created_at": utcnow(), "actor_id": actor_id,
          "actor_label": actor_label, "action": action, "record_type": record_type,
          "record_id": record_id, "record_label": label[:200], "changes": changes or {}}],
    )
    _forget_version(session)


# The newest audit id of a district is the version of its data (caches are keyed by it).
# It is read once per transaction: only this module writes audit rows, and it forgets the
# value whenever it does, as does the end of the transaction.
_VERSION = "audit_version"


def newest_id(session: Session, district_id: int, read: Callable[[], int | None]) -> int | None:
    """`read()` (the district's newest audit id), remembered until an audit row is written
    or the transaction ends."""
    known = session.info.get(_VERSION)
    if known is not None and known[0] == district_id:
        return known[1]
    value = read()
    session.info[_VERSION] = (district_id, value)
    return value


def _forget_version(session: Session, *_args) -> None:
    session.info.pop(_VERSION, None)


def install() -> None:
    """Register the audit hooks on every ORM session (idempotent)."""
    if not event.contains(Session, "before_flush", _collect):
        event.listen(Session, "before_flush", _collect)
        event.listen(Session, "after_flush", _write)
        event.listen(Session, "after_commit", _forget_version)
        event.listen(Session, "after_rollback", _forget_version)
