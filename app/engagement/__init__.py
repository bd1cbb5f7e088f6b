"""The engagement log: interactions, events with attendance, concerns and follow-ups."""

from flask import Blueprint

bp = Blueprint("engagement", __name__)

from app.engagement import (  # noqa: E402,F401
    attendance_routes,
    concern_routes,
    interaction_routes,
    panel_routes,
    routes,
)
