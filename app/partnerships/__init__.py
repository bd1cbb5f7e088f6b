"""Partnerships: the pipeline by stage, pathways and suggested partners."""

from flask import Blueprint

bp = Blueprint("partnerships", __name__)

from app.partnerships import routes  # noqa: E402,F401
