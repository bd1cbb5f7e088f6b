"""Suggested partners: organisations that fit a pathway, and opening a prospect for one."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import matching
from app.domain.ids import record_id
from app.extensions import db
from app.models import Pathway
from app.partnerships import bp
from app.partnerships.common import page_arg, stakeholder_or_404
from app.services import network_views
from app.services import partner_matching as matching_svc
from app.services import partnerships as svc

PAGE_SIZE = 25
STRENGTH_WORDS = {1: "weak", 2: "medium", 3: "strong"}


@bp.get("/suggestions")
def suggestions():
    """Organisations not in the pipeline that match a pathway, ranked and explained."""
    pathway_id = request.args.get("pathway", type=record_id)
    page = page_arg()
    result = matching_svc.current_matches(db.session, g.district.id)
    if pathway_id not in {p.id for p in result.pathways}:
        pathway_id = None
    rows, total, result = matching_svc.suggestions(db.session, g.district, pathway_id, page,
                                                   PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    return render_template(
        "partnerships/suggestions.html", rows=rows, total=total, page=page, pages=pages,
        pathways=result.pathways, pathway_id=pathway_id, form=EmptyForm(),
        weights_text=matching.WEIGHTS_TEXT, strength_words=STRENGTH_WORDS,
        max_hops=network_views.MAX_HOPS,
        has_terms=any(p.keywords or p.sectors for p in result.pathways))


@bp.post("/suggestions/<int:stakeholder_id>/open")
@role_required("editor")
def open_prospect(stakeholder_id: int):
    """Open a prospect partnership for a suggested organisation (and its pathway)."""
    org = stakeholder_or_404(stakeholder_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    problem = svc.organisation_problem(org)
    if problem:
        flash(problem, "error")
        return redirect(url_for("partnerships.suggestions"))
    existing = svc.open_partnership_of(db.session, org.id)
    if existing is not None:
        flash(f"{org.name} is already in the pipeline; here is that partnership.", "info")
        return redirect(url_for("partnerships.detail", partnership_id=existing.id))
    pathway_id = request.form.get("pathway_id", type=record_id)
    pathway = db.session.get(Pathway, pathway_id) if pathway_id else None
    p = svc.open_prospect(db.session, org, pathway, current_user.id)
    db.session.commit()
    flash(f"Opened a prospect partnership with {org.name}. Add the lead, contacts and "
          "next steps below.", "success")
    return redirect(url_for("partnerships.detail", partnership_id=p.id))
