"""Contact cadence settings (admins): days between contacts per Mendelow quadrant.

Stored as the district's "contact_cadence" setting; My week's overdue list and the next
step suggestions read it.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from app.admin import bp
from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import cadence as domain
from app.domain.ratings import QUADRANT_BY_KEY
from app.extensions import db
from app.services import cadence as svc
from app.services import clock

# Why each quadrant gets the attention it does (shown beside each field).
HELP = {
    "key_players": "High influence, high interest: manage closely. Regular personal contact.",
    "keep_satisfied": "High influence, lower interest: keep them satisfied without "
                      "overloading them.",
    "keep_informed": "Lower influence, high interest: keep them informed; they often "
                     "carry the word.",
    "monitor": "Lower influence and interest: monitor, with minimum effort.",
}


class CadenceForm(FlaskForm):
    """Days between contacts for each quadrant, 1-365."""

    save = SubmitField("Save cadence")

    def cadence(self) -> domain.Cadence:
        return domain.validate({key: getattr(self, key).data for key in domain.QUADRANT_KEYS})


for _key in domain.QUADRANT_KEYS:
    setattr(CadenceForm, _key, IntegerField(
        f"{QUADRANT_BY_KEY[_key].label}: days between contacts",
        default=getattr(domain.DEFAULT_CADENCE, _key),
        validators=[
            InputRequired("Give a whole number of days."),
            NumberRange(domain.MIN_DAYS, domain.MAX_DAYS,
                        f"Choose between {domain.MIN_DAYS} and {domain.MAX_DAYS} days."),
        ],
    ))


@bp.route("/cadence", methods=["GET", "POST"])
@role_required("admin")
def cadence():
    """Set how often each quadrant should be contacted; save or reset to the defaults."""
    saved = svc.current_cadence(db.session)
    reset_form = EmptyForm(prefix="reset")
    if request.method == "POST" and request.form.get("reset-submit") is not None:
        if not reset_form.validate_on_submit():
            abort(400)
        svc.reset_cadence(db.session)
        db.session.commit()
        flash("The contact cadence is back to the defaults.", "success")
        return redirect(url_for("admin.cadence"))
    form = CadenceForm(data=saved.as_dict())
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render(form, reset_form, saved, 422)
        svc.save_cadence(db.session, form.cadence())
        db.session.commit()
        flash("Contact cadence saved. My week's overdue lists use it now.", "success")
        return redirect(url_for("admin.cadence"))
    return _render(form, reset_form, saved, 200)


def _render(form: CadenceForm, reset_form: EmptyForm, saved: domain.Cadence, status: int):
    day = clock.today()
    return render_template(
        "admin/cadence.html", form=form, reset_form=reset_form, saved=saved,
        defaults=domain.DEFAULT_CADENCE, help=HELP, keys=domain.QUADRANT_KEYS,
        overdue=svc.overdue_counts(db.session, saved, day),
    ), status
