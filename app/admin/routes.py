"""Settings views for district admins."""

from flask import render_template

from app.admin import bp
from app.auth.guard import role_required


@bp.get("/")
@role_required("admin")
def index():
    """Settings overview."""
    return render_template("admin/index.html")
