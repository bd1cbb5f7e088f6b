"""The district's time zone (admins): what "today", due and overdue mean.

Stored as the district's "time_zone" setting (services/clock.py); the log form's day,
My week, cadence and next steps all read it.
"""

from datetime import UTC, datetime

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from app.admin import bp
from app.auth.guard import role_required
from app.domain import clock as domain
from app.extensions import db
from app.services import clock


class TimeZoneForm(FlaskForm):
    zone = SelectField("Time zone", choices=dict(domain.ZONES),
                       description="Dates such as today, due and overdue follow this zone.")
    save = SubmitField("Save time zone")


@bp.route("/time-zone", methods=["GET", "POST"])
@role_required("admin")
def time_zone():
    """Choose the district's time zone; its today shows as it would be saved."""
    current = clock.district_zone()
    form = TimeZoneForm(data={"zone": current})
    if form.validate_on_submit():
        clock.save_zone(db.session, form.zone.data)
        db.session.commit()
        label = dict(domain.ZONES)[form.zone.data]
        flash(f"Time zone saved: {label}. Today is {clock.today():%A %-d %B} there.",
              "success")
        return redirect(url_for("admin.time_zone"))
    now = datetime.now(UTC)
    days = {name: domain.local_today(now, name) for name, _label in domain.ZONES}
    return render_template("admin/time_zone.html", form=form, current=current,
                           current_label=dict(domain.ZONES)[current], today=days[current],
                           utc_today=now.date()), 422 if form.errors else 200
