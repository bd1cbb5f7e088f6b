"""The district's pathways and Portrait of a Graduate focus areas (what matching uses)."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.extensions import db
from app.models import Partnership, Pathway
from app.partnerships import bp
from app.partnerships.forms import PathwayForm
from app.services import partnerships as svc


def _pathway_or_404(pathway_id: int) -> Pathway:
    return db.session.get(Pathway, pathway_id) or abort(404)


def _name_free(form: PathwayForm, except_id: int | None = None) -> bool:
    if svc.pathway_name_taken(db.session, form.name.data or "", except_id):
        form.name.errors.append(f"There is already a pathway called “{form.name.data}”.")
        return False
    return True


def _apply(form: PathwayForm, pathway: Pathway) -> None:
    pathway.name = form.name.data
    pathway.kind = form.kind.data
    pathway.description = form.description.data or ""
    pathway.keywords = form.keywords.data or ""
    pathway.sectors = form.sectors.data or ""


def _render_list(form: PathwayForm, status: int = 200):
    return render_template("partnerships/pathways.html", pathways=svc.pathways(db.session),
                           form=form, delete_form=EmptyForm()), status


@bp.route("/pathways", methods=["GET", "POST"])
def pathways():
    """The district's pathways and focus areas; editors add them here."""
    if request.method == "GET":
        return _render_list(PathwayForm(formdata=None))
    form = PathwayForm()
    if not form.validate_on_submit() or not _name_free(form):
        return _render_list(form, 422)
    pathway = Pathway()
    _apply(form, pathway)
    db.session.add(pathway)
    db.session.commit()
    flash(f"Added “{pathway.name}”. Suggested partners now match on it.", "success")
    return redirect(url_for("partnerships.pathways"))


@bp.route("/pathways/<int:pathway_id>", methods=["GET", "POST"])
@role_required("editor")
def pathway_edit(pathway_id: int):
    """Edit a pathway's name, kind, description, keywords and sectors."""
    pathway = _pathway_or_404(pathway_id)
    if request.method == "GET":
        form = PathwayForm(formdata=None, obj=pathway)
        return render_template("partnerships/pathway_edit.html", form=form, pathway=pathway)
    form = PathwayForm()
    if not form.validate_on_submit() or not _name_free(form, pathway.id):
        return render_template("partnerships/pathway_edit.html", form=form,
                               pathway=pathway), 422
    _apply(form, pathway)
    db.session.commit()
    flash(f"Saved “{pathway.name}”.", "success")
    return redirect(url_for("partnerships.pathways"))


@bp.post("/pathways/<int:pathway_id>/delete")
@role_required("editor")
def pathway_delete(pathway_id: int):
    """Delete a pathway (its partnerships keep going, without a pathway)."""
    pathway = _pathway_or_404(pathway_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = pathway.name
    for p in db.session.scalars(sa.select(Partnership).where(Partnership.pathway_id == pathway.id)):
        p.pathway_id = None  # audited per partnership, rather than left to the database
    db.session.delete(pathway)
    db.session.commit()
    flash(f"Deleted “{name}”. Partnerships on it now have no pathway.", "success")
    return redirect(url_for("partnerships.pathways"))
