"""The engagement log: interactions, events with attendance, concerns and follow-ups."""

from flask import Blueprint

bp = Blueprint("engagement", __name__)

from app.engagement import routes  # noqa: E402,F401
