"""A partnership's commitments and partner contacts (htmx cards on the detail page)."""

from flask import abort, flash, redirect, render_template, url_for
from htmx_flask import make_response

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.extensions import db
from app.models import Commitment
from app.partnerships import bp
from app.partnerships.common import (
    fragment,
    partnership_or_404,
    stakeholder_or_404,
)
from app.partnerships.forms import CommitmentForm, ContactForm
from app.partnerships.records import commitments_context, contacts_context, render_detail
from app.services import partnerships as svc
from app.stakeholders.pick import picked_stakeholder

CHANGED = "partnerships-changed"


def _detail(p, anchor: str):
    return redirect(url_for("partnerships.detail", partnership_id=p.id, _anchor=anchor))


# ---------------------------------------------------------------- commitments


def _commitments(p, status: int = 200, form: CommitmentForm | None = None, notice: str = ""):
    html = render_template("partnerships/_commitments.html", **commitments_context(p, form, notice))
    return make_response(html, status, trigger=CHANGED if status == 200 and notice else None)


@bp.post("/<int:partnership_id>/commitments")
@role_required("editor")
def add_commitment(partnership_id: int):
    """Add a commitment (e.g. 20 internship places)."""
    p = partnership_or_404(partnership_id)
    form = CommitmentForm(prefix="commitment")
    if not form.validate_on_submit():
        if fragment() is not None:
            return _commitments(p, 422, form)
        return render_detail(p, 422, commitment_form=form)
    c = svc.add_commitment(db.session, p, form.quantity.data, form.description.data)
    db.session.commit()
    text = f"{c.quantity:,} {c.description}" if c.quantity is not None else c.description
    if fragment() is not None:
        return _commitments(p, notice=f"Added “{text}”.")
    flash(f"Added the commitment “{text}”.", "success")
    return _detail(p, "commitments")


@bp.post("/commitments/<int:commitment_id>/delete")
@role_required("editor")
def remove_commitment(commitment_id: int):
    """Remove a commitment."""
    c = db.session.get(Commitment, commitment_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    p = partnership_or_404(c.partnership_id)
    db.session.delete(c)
    db.session.commit()
    db.session.expire(p, ["commitments"])
    if fragment() is not None:
        return _commitments(p, notice="Commitment removed.")
    flash("Commitment removed.", "success")
    return _detail(p, "commitments")


# ---------------------------------------------------------------- contacts


def _contacts(p, status: int = 200, form: ContactForm | None = None, notice: str = ""):
    html = render_template("partnerships/_contacts.html", **contacts_context(p, form, notice))
    return make_response(html, status, trigger=CHANGED if status == 200 and notice else None)


def _contact_failed(p, form: ContactForm):
    if fragment() is not None:
        return _contacts(p, 422, form)
    return render_detail(p, 422, contact_form=form)


@bp.post("/<int:partnership_id>/contacts")
@role_required("editor")
def add_contact(partnership_id: int):
    """Add a partner contact: a person from the register."""
    p = partnership_or_404(partnership_id)
    form = ContactForm(prefix="contact")
    if not form.validate_on_submit():
        return _contact_failed(p, form)
    person = picked_stakeholder(form)
    if person is None:
        return _contact_failed(p, form)
    if person.kind != "person":
        form.other_name.errors.append(
            f"{person.name} is an organisation; choose a person who works there.")
        return _contact_failed(p, form)
    added = svc.add_contact(p, person)
    db.session.commit()
    notice = f"{person.name} is now a contact." if added else \
        f"{person.name} is already a contact."
    if fragment() is not None:
        return _contacts(p, notice=notice)
    flash(notice, "success" if added else "info")
    return _detail(p, "contacts")


@bp.post("/<int:partnership_id>/contacts/<int:stakeholder_id>/delete")
@role_required("editor")
def remove_contact(partnership_id: int, stakeholder_id: int):
    """Remove a partner contact (the person stays in the register)."""
    p = partnership_or_404(partnership_id)
    person = stakeholder_or_404(stakeholder_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    svc.remove_contact(p, person.id)
    db.session.commit()
    notice = f"{person.name} is no longer a contact."
    if fragment() is not None:
        return _contacts(p, notice=notice)
    flash(notice, "success")
    return _detail(p, "contacts")
