"""Settings: users and roles, the audit log, the district's data (admins only)."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import audit_routes, cadence, district_data, routes, time_zone  # noqa: E402,F401
