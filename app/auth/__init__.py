"""Sign-in, sign-out, district switching and the per-request session guard."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import routes  # noqa: E402,F401
