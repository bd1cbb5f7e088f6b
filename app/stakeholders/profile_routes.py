"""Stakeholder profiles: create, view, edit, delete; affiliations and relationships."""

from flask import abort

from app.extensions import db
from app.models import Stakeholder
from app.stakeholders import bp


@bp.get("/<int:stakeholder_id>")
def detail(stakeholder_id: int):
    """Everything about one stakeholder."""
    stakeholder = db.session.get(Stakeholder, stakeholder_id) or abort(404)
    return stakeholder.name
