"""Views of the engagement area (being built)."""

from app.engagement import bp  # noqa: F401
