"""Helpers shared by the partnerships views."""

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import abort, flash, request, session

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


MOVE_PROBLEM = "partnership_move_problem"  # session key: see carry_move_problem


def carry_move_problem(partnership_id: int, message: str, to: str) -> None:
    """Keep why a move was refused (no JavaScript) for the page the user is sent back to,
    which shows it on the partnership's card or stage box rather than only at the top."""
    session[MOVE_PROBLEM] = [partnership_id, message, urlsplit(to).path]


def carried_move_problem(shown: set[int]) -> dict[int, tuple[str, int]]:
    """The message carried to this page, for a card among `shown`; otherwise it is
    flashed at the top (the card is filtered out, say). Read once."""
    if MOVE_PROBLEM not in session:  # a pop would mark the session changed: a new cookie
        return {}
    carried = session.pop(MOVE_PROBLEM)
    if carried[2] != request.path:
        return {}
    partnership_id, message = carried[0], carried[1]
    if partnership_id in shown:
        return {partnership_id: (message, 422)}
    flash(message, "error")
    return {}
