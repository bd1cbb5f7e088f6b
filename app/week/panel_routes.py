"""The "Suggested next step" card of a stakeholder's profile (loaded lazily by htmx)."""

from flask import abort, render_template

from app.domain.next_steps import suggest
from app.extensions import db
from app.services import cadence as cadence_svc
from app.services.next_steps import profiles_for
from app.services.stakeholder_query import stakeholder_by_id
from app.week import bp


@bp.get("/next-step/<int:stakeholder_id>")
def next_step_panel(stakeholder_id: int):
    """The suggested next action for one stakeholder, with the reason in figures."""
    s = stakeholder_by_id(db.session, stakeholder_id) or abort(404)
    cadence = cadence_svc.current_cadence(db.session)
    profile = profiles_for(db.session, [s.id], cadence=cadence)[s.id]
    return render_template("week/_next_step_panel.html", s=s, step=suggest(profile),
                           profile=profile)
