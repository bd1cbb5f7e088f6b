"""Outreach lists: build from a filter or by hand, track each member's status, export."""

from flask import Blueprint

bp = Blueprint("outreach", __name__)

from app.outreach import adding, export, members, routes  # noqa: E402,F401
