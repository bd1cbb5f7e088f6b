"""A partnership's record: new, detail (with the stage history), edit and delete."""

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import pipeline
from app.domain.ids import record_id
from app.extensions import db
from app.models import Partnership, PartnershipStageChange, Stakeholder
from app.partnerships import bp, conflicts
from app.partnerships.common import carried_move_problem, now, partnership_or_404
from app.partnerships.forms import (
    CHOOSE_STAGE,
    CommitmentForm,
    ContactForm,
    MoveForm,
    PartnershipForm,
)
from app.services import partnership_board as board_svc
from app.services import partnerships as svc
from app.stakeholders.pick import picked_stakeholder

STALE = ("Someone else saved this partnership while you were editing it, so nothing was "
         "saved yet.")


def _set_choices(form: PartnershipForm, p: Partnership | None) -> None:
    """Pathways, and leads: the district's editors and admins (plus `p`'s saved lead)."""
    leads = svc.lead_choices(db.session, g.district.id, p.lead if p is not None else None)
    form.set_choices(svc.pathway_choices(db.session), leads.offered, leads.refused)


def _form(p: Partnership | None = None, **kwargs) -> PartnershipForm:
    form = PartnershipForm(**kwargs)
    _set_choices(form, p)
    return form


def _fields(form: PartnershipForm, org: Stakeholder) -> svc.Fields:
    return svc.Fields(
        organisation_id=org.id, title=form.title.data or "", type=form.type.data,
        stage=form.stage.data, pathway_id=int(form.pathway_id.data) if form.pathway_id.data
        else None, lead_id=int(form.lead_id.data) if form.lead_id.data else None,
        start_on=form.start_on.data, end_on=form.end_on.data, notes=form.notes.data or "")


def _organisation(form: PartnershipForm) -> Stakeholder | None:
    org = picked_stakeholder(form)
    if org is not None:
        problem = svc.organisation_problem(org)
        if problem:
            form.other_name.errors.append(problem)
            return None
    return org


def _render_form(form: PartnershipForm, p: Partnership | None, status: int = 200,
                 notice: str = "", conflict: conflicts.Conflict | None = None):
    return render_template("partnerships/form.html", form=form, p=p, notice=notice,
                           conflict=conflict), status


@bp.route("/new", methods=["GET", "POST"])
@role_required("editor")
def new():
    """Start a partnership (organisation prefilled from ?organisation_id=)."""
    if request.method == "GET":
        form = _form(formdata=None, data={"stage": "prospect"})
        org_id = request.args.get("organisation_id", type=record_id)
        org = db.session.get(Stakeholder, org_id) if org_id else None
        if org is not None:
            form.other_name.data = org.name
            problem = svc.organisation_problem(org)
            if problem:
                form.other_name.errors = [problem]
            else:
                form.other_id.data = org.id
                form.title.data = f"Partnership with {org.name}"[:200]
        return _render_form(form, None)
    form = _form()
    valid = form.validate_on_submit()
    org = _organisation(form)
    if not valid or org is None:
        return _render_form(form, None, 422)
    p = svc.create(db.session, _fields(form, org), current_user.id)
    db.session.commit()
    flash(f"Partnership with {org.name} started in {pipeline.LABELS[p.stage]}.", "success")
    return redirect(url_for("partnerships.detail", partnership_id=p.id))


def render_detail(p: Partnership, status: int = 200, move_error: str = "",
                  commitment_form: CommitmentForm | None = None,
                  contact_form: ContactForm | None = None):
    """The partnership's page (also answers non-htmx form errors, with `status`)."""
    move_form = MoveForm(formdata=None, data={"version": p.version})
    move_form.stage.choices = {"": CHOOSE_STAGE, **{s: pipeline.LABELS[s]
                                                    for s in pipeline.allowed_moves(p.stage)}}
    context = {**contacts_context(p, contact_form), **commitments_context(p, commitment_form)}
    return render_template(
        "partnerships/detail.html", move_form=move_form, move_error=move_error,
        history=board_svc.history(db.session, p.id),
        days=pipeline.days_label(pipeline.days_in_stage(p.stage_changed_at, now())),
        delete_form=EmptyForm(), **context), status


def contacts_context(p: Partnership, form: ContactForm | None = None, notice: str = "") -> dict:
    return {"p": p, "contacts": svc.contacts(db.session, p),
            "suggested_contacts": svc.suggested_contacts(db.session, p),
            "contact_form": form or ContactForm(formdata=None, prefix="contact"),
            "contact_notice": notice, "remove_form": EmptyForm()}


def commitments_context(p: Partnership, form: CommitmentForm | None = None,
                        notice: str = "") -> dict:
    return {"p": p, "commitments": p.commitments,
            "commitment_form": form or CommitmentForm(formdata=None, prefix="commitment"),
            "commitment_notice": notice, "remove_form": EmptyForm()}


@bp.get("/<int:partnership_id>")
def detail(partnership_id: int):
    """A partnership: organisation, stage, people, commitments and the stage history."""
    p = partnership_or_404(partnership_id)
    problem = carried_move_problem({p.id}).get(p.id)
    return render_detail(p, move_error=problem[0] if problem else "")


def _stale(form: PartnershipForm, p: Partnership, org: Stakeholder):
    """409: what the user changed is kept, what they left alone shows the value saved now
    (a second save must not undo the other person's change, such as a stage move), and the
    version and `seen` move on so that second save is deliberate."""
    saved = conflicts.saved_values(p)
    result = conflicts.merge(form.seen.data, conflicts.form_values(form, org.id), saved)
    _set_choices(form, p)  # the saved lead may be new to the list
    conflicts.take_saved(form, p, result.taken)
    form.version.data, form.version.raw_data = p.version, [str(p.version)]
    form.seen.data, form.seen.raw_data = conflicts.fingerprint(saved), None
    moves = board_svc.history(db.session, p.id)
    moved_by = moves[0].by_name if moves and moves[0].to_stage == p.stage else None
    return _render_form(form, p, 409, STALE, conflicts.describe(p, result, moved_by))


@bp.route("/<int:partnership_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def edit(partnership_id: int):
    """Edit a partnership; a save based on an older version is refused (409)."""
    p = partnership_or_404(partnership_id)
    if request.method == "GET":
        form = _form(p, formdata=None, obj=p)
        form.other_name.data, form.other_id.data = p.organisation.name, p.organisation_id
        form.pathway_id.data = str(p.pathway_id or "")
        form.lead_id.data = str(p.lead_id or "")
        form.seen.data = conflicts.fingerprint(conflicts.saved_values(p))
        return _render_form(form, p)
    form = _form(p)
    valid = form.validate_on_submit()
    org = _organisation(form)
    if not valid or org is None:
        return _render_form(form, p, 422)
    if form.version.data != p.version:
        return _stale(form, p, org)
    try:
        svc.update(db.session, p, _fields(form, org), current_user.id)
        db.session.commit()
    except svc.MoveRefused as refused:
        db.session.rollback()
        form.stage.errors.append(str(refused))
        return _render_form(form, partnership_or_404(partnership_id), 422)
    except StaleDataError:
        db.session.rollback()
        return _stale(form, partnership_or_404(partnership_id), org)
    flash("Partnership saved.", "success")
    return redirect(url_for("partnerships.detail", partnership_id=p.id))


@bp.post("/<int:partnership_id>/delete")
@role_required("editor")
def delete(partnership_id: int):
    """Delete a partnership with its commitments and stage history."""
    p = partnership_or_404(partnership_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    for change in db.session.scalars(sa.select(PartnershipStageChange)
                                     .where(PartnershipStageChange.partnership_id == p.id)):
        db.session.delete(change)  # one audit row each, like every other delete
    title = p.title or "The partnership"
    db.session.delete(p)
    db.session.commit()
    flash(f"{title} was deleted.", "success")
    return redirect(url_for("partnerships.index"))
