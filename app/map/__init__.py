"""The power/interest map (Mendelow grid) drawn as server-rendered SVG."""

from flask import Blueprint

bp = Blueprint("map", __name__)

from app.map import routes  # noqa: E402,F401
