"""CSV export of an outreach list: streamed in batches, mail-merge columns, safe in Excel.

The list's page offers the whole list ("Export CSV (all members)", for a mail merge to
everyone on it) and, when its members are filtered by status or owner, only those it
shows ("Export only these members"): the same address with the filter's arguments.
"""


from flask import Response, request, stream_with_context
from flask_login import current_user

from app import audit
from app.auth.guard import role_required
from app.domain import outreach as rules
from app.domain.csv_export import OUTREACH_COLUMNS, csv_chunks, safe_filename
from app.extensions import db
from app.outreach import bp
from app.outreach.routes import get_list
from app.services import outreach, outreach_export
from app.services import outreach_views as views


@bp.get("/<int:list_id>/export.csv")
@role_required("editor")
def export(list_id: int):
    """Download the list as CSV (UTF-8 with BOM); do-not-contact members are left out.
    With `status` or `owner` (the list page's members filter), only the members it shows."""
    lst = get_list(list_id)
    mf = views.parse_member_filter(request.args)
    filtered = bool(mf.status or mf.owner)
    rows = outreach_export.export_count(db.session, lst.id, mf)
    excluded = outreach.do_not_contact_count(db.session, lst.id)
    details = {"rows": rows, "excluded_do_not_contact": excluded, "by": current_user.email}
    if filtered:
        details["filter"] = mf.to_args(page=1)
    audit.record(db.session, "export", "OutreachList", lst.id, lst.name, details)
    db.session.commit()
    district_id, name = lst.district_id, lst.name

    def generate():
        with db.engine.connect() as connection:
            batches = outreach_export.export_batches(connection, district_id, list_id,
                                                     mf=mf if filtered else None)
            for chunk in csv_chunks(OUTREACH_COLUMNS, batches):
                yield chunk.encode("utf-8", errors="replace")

    filename = safe_filename(_file_stem(name, mf))
    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store",
                             "X-Content-Type-Options": "nosniff"})


def _file_stem(name: str, mf: views.MemberFilter) -> str:
    """The list's name, and what the export was filtered on (a filtered file says so)."""
    parts = [name]
    if mf.status:
        parts.append(rules.LABELS[mf.status])
    if mf.owner:
        parts.append("no owner" if mf.owner == views.OWNER_NONE else "one owner")
    return " ".join(parts)
