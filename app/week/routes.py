"""Views of the week area (being built)."""

from app.week import bp  # noqa: F401
