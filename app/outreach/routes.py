"""Views of the outreach area (being built)."""

from app.outreach import bp  # noqa: F401
