"""The stakeholder register: list, search, profiles, ratings, relationships."""

from flask import Blueprint

bp = Blueprint("stakeholders", __name__)

from app.stakeholders import (  # noqa: E402,F401
    export_routes,
    list_routes,
    movement_routes,
    profile_routes,
)
