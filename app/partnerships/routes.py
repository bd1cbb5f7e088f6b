"""Views of the partnerships area, one module per concern."""

from app.partnerships import board, details, panel, pathways, records, suggestions  # noqa: F401
