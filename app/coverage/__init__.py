"""Coverage: who sits at the decision-making table, and whose voice is missing."""

from flask import Blueprint

bp = Blueprint("coverage", __name__)

from app.coverage import routes  # noqa: E402,F401
