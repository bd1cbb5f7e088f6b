"""Helpers shared by the partnerships views."""

from datetime import UTC, datetime

from flask import abort, request

from app.auth.guard import safe_next
from app.extensions import db
from app.models import Partnership, Stakeholder
from app.services.stakeholder_query import stakeholder_by_id


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
    return stakeholder_by_id(db.session, stakeholder_id) or abort(404)


def back(target: str | None, default: str) -> str:
    """A same-site path to return to, or `default`."""
    target = safe_next(target)
    return target if target and target.isprintable() else default


def page_arg(maximum: int = 100_000) -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), maximum)


