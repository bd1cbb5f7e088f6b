"""The champion finder: ranked suggestions, the score's weights, champion questions."""

from flask import Blueprint

bp = Blueprint("champions", __name__)

from app.champions import routes  # noqa: E402,F401
