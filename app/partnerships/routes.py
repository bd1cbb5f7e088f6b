"""Views of the partnerships area (being built)."""

from app.partnerships import bp  # noqa: F401
