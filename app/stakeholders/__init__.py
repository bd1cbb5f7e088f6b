"""The stakeholder register: list, search, profiles, ratings, relationships."""

from flask import Blueprint

bp = Blueprint("stakeholders", __name__)

from app.stakeholders import list_routes, movement_routes, profile_routes  # noqa: E402,F401
