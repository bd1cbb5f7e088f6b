"""Helpers shared by the engagement views: htmx targets, today, records or 404."""


from flask import abort, request

from app.extensions import db
from app.models import Concern, Interaction, Stakeholder
from app.services.stakeholder_query import stakeholder_by_id

CHANGED = "engagement-changed"  # HX-Trigger event: counts and panels refresh


def fragment() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def interaction_or_404(interaction_id: int) -> Interaction:
    return db.session.get(Interaction, interaction_id) or abort(404)


def stakeholder_or_404(stakeholder_id: int) -> Stakeholder:
    return stakeholder_by_id(db.session, stakeholder_id) or abort(404)


def concern_or_404(concern_id: int) -> Concern:
    return db.session.get(Concern, concern_id) or abort(404)


def page_arg() -> int:
    return min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
