"""CSV export of an outreach list: streamed in batches, mail-merge columns, safe in Excel."""

from flask import Response, stream_with_context
from flask_login import current_user

from app import audit
from app.auth.guard import role_required
from app.domain.csv_export import OUTREACH_COLUMNS, csv_chunks, safe_filename
from app.extensions import db
from app.outreach import bp
from app.outreach.routes import get_list
from app.services import outreach, outreach_export


@bp.get("/<int:list_id>/export.csv")
@role_required("editor")
def export(list_id: int):
    """Download the list as CSV (UTF-8 with BOM); do-not-contact members are left out."""
    lst = get_list(list_id)
    rows = outreach_export.export_count(db.session, lst.id)
    excluded = outreach.do_not_contact_count(db.session, lst.id)
    audit.record(db.session, "export", "OutreachList", lst.id, lst.name,
                 {"rows": rows, "excluded_do_not_contact": excluded,
                  "by": current_user.email})
    db.session.commit()
    district_id, name = lst.district_id, lst.name

    def generate():
        with db.engine.connect() as connection:
            batches = outreach_export.export_batches(connection, district_id, list_id)
            for chunk in csv_chunks(OUTREACH_COLUMNS, batches):
                yield chunk.encode("utf-8", errors="replace")

    filename = safe_filename(name)
    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})
