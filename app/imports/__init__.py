"""Importing stakeholders from a CSV file: upload, map the columns, check, add."""

from flask import Blueprint

bp = Blueprint("imports", __name__)

from app.imports import routes  # noqa: E402,F401
