"""Helpers shared by the partnerships views."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import abort, request

from app.auth.guard import safe_next
from app.extensions import db
from app.models import Partnership, Stakeholder

NOT_FOUND = "That stakeholder no longer exists; pick another."


def fragment() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def now() -> datetime:
    return datetime.now(UTC)


def partnership_or_404(partnership_id: int) -> Partnership:
    return db.session.get(Partnership, partnership_id) or abort(404)


def stakeholder_or_404(stakeholder_id: int) -> Stakeholder:
    return db.session.get(Stakeholder, stakeholder_id) or abort(404)


def back(target: str | None, default: str) -> str:
    """A same-site path to return to, or `default`."""
    target = safe_next(target)
    return target if target and target.isprintable() else default


def page_arg(maximum: int = 100_000) -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), maximum)


def resolve_stakeholder(form, kind: str | None = None) -> Stakeholder | None:
    """The chosen stakeholder: by id (typeahead) or by exact name (JavaScript off).

    Errors go on ``form.other_name``.
    """
    if form.other_id.data:
        found = db.session.get(Stakeholder, form.other_id.data)
        if found is None:
            form.other_name.errors.append(NOT_FOUND)
        return found
    name = (form.other_name.data or "").strip()
    if not name:
        form.other_name.errors.append("Type part of a name, then pick from the list.")
        return None
    statement = sa.select(Stakeholder.id).where(Stakeholder.name_key == name.lower())
    if kind:
        statement = statement.where(Stakeholder.kind == kind)
    ids = db.session.scalars(statement.order_by(Stakeholder.id).limit(2)).all()
    if not ids:
        form.other_name.errors.append(
            f"No {'organisation' if kind == 'organisation' else 'stakeholder'} is called "
            f"“{name}”. Check the spelling, pick one from the suggestions, or add it to "
            "the register first.")
        return None
    if len(ids) > 1:
        form.other_name.errors.append(
            f"More than one stakeholder is called “{name}”; pick one from the suggestions.")
        return None
    return db.session.get(Stakeholder, ids[0])
