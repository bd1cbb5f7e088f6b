"""CSV export of the register as filtered on the list: streamed in batches, safe in Excel,
in the columns the CSV import reads (so an export can be edited and imported again)."""


from flask import Response, g, request, stream_with_context
from flask_login import current_user

from app import audit
from app.auth.guard import role_required
from app.domain.csv_export import REGISTER_COLUMNS, csv_chunks, safe_filename
from app.domain.filters import parse_filter
from app.extensions import db
from app.services import clock, register_export, stakeholder_query
from app.stakeholders import bp


@bp.get("/export.csv")
@role_required("editor")
def export():
    """Download every stakeholder matching the list's filter (all pages), by name."""
    f = parse_filter(request.args)
    rows = stakeholder_query.count(db.session, f)
    audit.record(db.session, "export", "Stakeholder", None, "the stakeholder register",
                 {"rows": rows, "filter": request.query_string.decode()[:500],
                  "by": current_user.email})
    db.session.commit()
    district_id, district_name = g.district.id, g.district.name

    def generate():
        with db.engine.connect() as connection:
            batches = register_export.export_batches(connection, district_id, f)
            for chunk in csv_chunks(REGISTER_COLUMNS, batches):
                yield chunk.encode("utf-8", errors="replace")

    filename = safe_filename(f"{district_name} stakeholders {clock.today():%Y-%m-%d}",
                             fallback="stakeholders")
    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})
