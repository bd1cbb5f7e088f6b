"""Districts as tenants: one mechanism scopes every ORM query to the current district.

The current district lives in a context variable set per request from the signed-in
session (never from request parameters). Every ORM SELECT, UPDATE and DELETE that
touches a district-owned model gets ``district_id = <current>`` added through
``with_loader_criteria``; one that runs with no district context raises
``MissingDistrictContext`` instead of silently reading every district. New rows take
the current district, and a row for another district is refused at flush.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.sql import visitors

# A page says which district it was drawn for: htmx requests in this header, plain forms
# in this field (added by app.js as they are sent). A write claiming another district
# than the session's is refused (auth.guard), never applied to the session's district.
DISTRICT_HEADER = "X-Groundwork-District"
DISTRICT_FIELD = "_district"

_current_district: ContextVar[int | None] = ContextVar("current_district", default=None)
_unscoped: ContextVar[bool] = ContextVar("unscoped", default=False)
_district_epoch: ContextVar[object] = ContextVar("district_epoch", default=None)


class MissingDistrictContext(RuntimeError):
    """An ORM query on district-owned data ran without a district context."""


class CrossDistrictWrite(RuntimeError):
    """A district-owned row was written for a district other than the current one."""


# Names of the tables of district-owned models, filled as the models are defined.
_SCOPED_TABLES: set[str] = set()


class DistrictScoped:
    """Mixin for models owned by a district; queries on them are scoped automatically."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "__tablename__" in cls.__dict__:
            _SCOPED_TABLES.add(cls.__tablename__)

    @declared_attr
    def district_id(cls) -> Mapped[int]:  # noqa: N805 - SQLAlchemy declared_attr
        return mapped_column(
            sa.ForeignKey("districts.id", ondelete="CASCADE"), index=True, nullable=False
        )


def current_district_id() -> int | None:
    """The district the current request or task works in, if any."""
    return _current_district.get()


@contextmanager
def district_context(district_id: int) -> Iterator[None]:
    """Run a block of work inside one district (requests, CLI commands, tests)."""
    token = _current_district.set(district_id)
    try:
        yield
    finally:
        _current_district.reset(token)


@contextmanager
def unscoped() -> Iterator[None]:
    """Deliberately work across districts (system tasks such as seeding or purging)."""
    token = _unscoped.set(True)
    try:
        yield
    finally:
        _unscoped.reset(token)


def bind_request_district(district_id: int, epoch: object = None) -> tuple[Token, Token]:
    """Bind the district for the rest of this request; release it at teardown. `epoch`
    tells this district from an earlier one that had its id (district_epoch)."""
    return _current_district.set(district_id), _district_epoch.set(epoch)


def release_request_district(token: tuple[Token, Token]) -> None:
    """Undo bind_request_district, so a reused worker thread starts clean."""
    district, epoch = token
    _district_epoch.reset(epoch)
    _current_district.reset(district)


def district_epoch() -> object:
    """When the request's district was made (None outside a request's district).

    SQLite gives a deleted district's id, and its audit ids, to the next district made,
    so a value remembered by (district id, newest audit id) could come back for the new
    one: every per-process cache keys by this too, so none can.
    """
    return _district_epoch.get()


def in_district(*entities) -> list[sa.ColumnElement[bool]]:
    """``district_id = <current>`` for each of `entities` (models or aliases of them).

    For hot read paths that run a statement as Core (``session.connection().execute``),
    where the ORM's hook does not apply: the statement names its district conditions
    here, by hand, for every district-owned table it reads. Refuses outside a district.
    """
    district_id = district_param()
    return [entity.district_id == district_id for entity in entities]


def district_param() -> int:
    """The current district's id, for a statement built once with its district condition
    as a parameter (and run as Core); refuses outside a district, as `in_district`."""
    district_id = _current_district.get()
    if district_id is None:
        raise MissingDistrictContext("A Core read of district-owned data needs a district")
    return district_id


def _touches_scoped_model(state: ORMExecuteState) -> bool:
    """True when any entity or table in the statement (also only in select_from, a
    join or a subquery) belongs to a district."""
    if any(issubclass(m.class_, DistrictScoped) for m in state.all_mappers):
        return True
    return any(
        isinstance(element, sa.Table) and element.name in _SCOPED_TABLES
        for element in visitors.iterate(state.statement)
    )


def _scope_statement(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or _unscoped.get() or state.execution_options.get("unscoped"):
        return
    if not _touches_scoped_model(state):
        return
    district_id = _current_district.get()
    if district_id is None:
        raise MissingDistrictContext(
            "Query on district-owned data outside a district context; "
            "use district_context(id) or unscoped() deliberately."
        )
    state.statement = state.statement.options(
        with_loader_criteria(
            DistrictScoped,
            lambda cls: cls.district_id == district_id,
            include_aliases=True,
        )
    )


def _stamp_new_rows(session: Session, _flush_context, _instances) -> None:
    if _unscoped.get():
        return
    district_id = _current_district.get()
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, DistrictScoped):
            continue
        if district_id is None:
            raise MissingDistrictContext(f"Writing {type(obj).__name__} outside a district")
        if obj.district_id is None:
            obj.district_id = district_id
        elif obj.district_id != district_id:
            raise CrossDistrictWrite(f"{type(obj).__name__} belongs to another district")


def install() -> None:
    """Register the scoping hooks on every ORM session (idempotent)."""
    if not event.contains(Session, "do_orm_execute", _scope_statement):
        event.listen(Session, "do_orm_execute", _scope_statement)
        event.listen(Session, "before_flush", _stamp_new_rows)
