"""Settings: users and roles, the audit log (admins only)."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import cadence, routes  # noqa: E402,F401
