"""My week: follow-ups due and overdue, list members waiting, contacts overdue by cadence."""

from flask import Blueprint

bp = Blueprint("week", __name__)

from app.week import follow_up_routes, panel_routes, routes  # noqa: E402,F401
