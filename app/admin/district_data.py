"""District data (admins): download everything the district holds, or delete the district.

SECURITY.md: a district owns its data, can export all of it and can have it deleted.
The export is a ZIP of one CSV per table, streamed (services.district_data); deleting
takes the district's row and, by the database's cascades, every row with its id. The
district's own audit log goes with it, so the deletion is written to the app's log.
"""

from datetime import UTC, datetime

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    session,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from app import audit
from app.admin import bp
from app.admin.forms import DeleteDistrictForm
from app.auth.guard import role_required
from app.domain import district_data as rules
from app.domain.csv_export import safe_filename
from app.extensions import db
from app.services import clock
from app.services import district_data as svc


def _files() -> list[tuple[str, str]]:
    """(file name, what it holds) of each CSV file in the export."""
    return [(rules.csv_name(t.name), rules.FILE_NOTES.get(t.name, ""))
            for t in svc.exported_tables()]


@bp.get("/data")
@role_required("admin")
def district_data():
    """What the district holds: download all of it, or delete the district."""
    connection = db.session.connection()
    counts = svc.headline_counts(connection, g.district.id)
    members, _alone = svc.member_counts(connection, g.district.id)
    return render_template("admin/data.html", phrases=rules.counted_phrases(counts),
                           members=members, files=_files())


@bp.get("/data/export.zip")
@role_required("admin")
def export_district_data():
    """Download everything the district holds: a ZIP of CSV files, one per table."""
    district_id, name = g.district.id, g.district.name
    counts = svc.headline_counts(db.session.connection(), district_id)
    audit.record(db.session, "export", "District", district_id, name,
                 {"files": len(svc.exported_tables()), **counts, "by": current_user.email})
    day = clock.today()
    db.session.commit()
    exported_at, by = datetime.now(UTC), current_user.email
    filename = safe_filename(f"{name} data {day:%Y-%m-%d}", suffix=".zip",
                             fallback="district-data")
    return Response(stream_with_context(svc.export_zip(district_id, name, exported_at, by)),
                    mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})


@bp.route("/data/delete", methods=["GET", "POST"])
@role_required("admin")
def delete_district():
    """Delete the district and everything in it, once its name is typed to confirm."""
    form = DeleteDistrictForm(g.district.name)
    if form.validate_on_submit():
        return _delete()
    connection = db.session.connection()
    counts = svc.headline_counts(connection, g.district.id)
    members, alone = svc.member_counts(connection, g.district.id)
    next_id = _next_district()
    next_name = next((d.name for d in current_user.districts if d.id == next_id), None)
    return render_template(
        "admin/delete_district.html", form=form, phrases=rules.counted_phrases(counts),
        members=members, alone=alone, next_name=next_name,
    ), 422 if form.errors else 200


def _next_district() -> int | None:
    return rules.next_district(
        ((m.district_id, m.role, m.district.name) for m in current_user.memberships),
        g.district.id,
    )


def _delete():
    """Delete the current district, log it, and move the admin on to another district
    (or to the page for people without one)."""
    district_id, name = g.district.id, g.district.name
    connection = db.session.connection()
    counts = svc.headline_counts(connection, district_id)
    members, _alone = svc.member_counts(connection, district_id)
    svc.delete_district(connection, district_id)  # refuses if any row is left
    db.session.commit()
    current_app.logger.warning(
        "district deleted: %s (id %s) by %s (user %s); %s; %s lost access",
        rules.log_text(name), district_id, rules.log_text(current_user.email),
        current_user.id, rules.log_text(", ".join(rules.counted_phrases(counts))),
        rules.members_phrase(members),
    )
    flash(rules.deletion_message(name, counts, members), "success")
    next_id = _next_district()
    if next_id is None:
        session.pop("district_id", None)
        return redirect(url_for("main.no_district"))
    session["district_id"] = next_id
    next_name = next(d.name for d in current_user.districts if d.id == next_id)
    flash(f"Now working in {next_name}.", "info")
    return redirect(url_for("main.dashboard"))
