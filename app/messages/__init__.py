"""Key messages per audience and the district's glossary, with a wording check."""

from flask import Blueprint

bp = Blueprint("messages", __name__)

from app.messages import glossary_routes, routes  # noqa: E402,F401
