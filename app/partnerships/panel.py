"""The "Partnerships" card of a stakeholder's profile."""

from flask import render_template

from app.extensions import db
from app.partnerships import bp
from app.partnerships.common import stakeholder_or_404
from app.services import partnership_board as board_svc


@bp.get("/panel/<int:stakeholder_id>")
def panel(stakeholder_id: int):
    """An organisation's partnerships, or the partnerships a person is a contact for."""
    s = stakeholder_or_404(stakeholder_id)
    if s.kind == "organisation":
        rows = board_svc.of_organisation(db.session, s.id)
    else:
        rows = board_svc.as_contact(db.session, s.id)
    return render_template("partnerships/_panel.html", s=s, rows=rows,
                           limit=board_svc.PANEL_LIMIT)
