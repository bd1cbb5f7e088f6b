"""CSV export of an outreach list: streamed in batches, mail-merge columns, safe in Excel.

The list's page offers the whole list ("Export CSV (all members)", for a mail merge to
everyone on it) and, when its members are filtered by status or owner, only those it
shows ("Export only these members"): the same address with the filter's arguments.
"""

from collections.abc import Callable, Generator, Iterator

import sqlalchemy as sa
from flask import Response, request, stream_with_context
from flask_login import current_user

from app import audit
from app.auth.guard import role_required
from app.domain import outreach as rules
from app.domain.csv_export import OUTREACH_COLUMNS, csv_chunks, safe_filename
from app.extensions import db
from app.models import User
from app.outreach import bp
from app.outreach.member_filter import exportable_count
from app.outreach.routes import get_list
from app.services import outreach, outreach_export
from app.services import outreach_views as views

STATUS_COLUMN = OUTREACH_COLUMNS.index("Status")
OWNER_COLUMN = OUTREACH_COLUMNS.index("Owner")


@bp.get("/<int:list_id>/export.csv")
@role_required("editor")
def export(list_id: int):
    """Download the list as CSV (UTF-8 with BOM); do-not-contact members are left out.
    With `status` or `owner` (the list page's members filter), only the members it shows."""
    lst = get_list(list_id)
    mf = views.parse_member_filter(request.args)
    filtered = bool(mf.status or mf.owner)
    rows = exportable_count(lst.id, mf) if filtered else outreach_export.export_count(
        db.session, lst.id)
    excluded = outreach.do_not_contact_count(db.session, lst.id)
    details = {"rows": rows, "excluded_do_not_contact": excluded, "by": current_user.email}
    if filtered:
        details["filter"] = mf.to_args(page=1)
    audit.record(db.session, "export", "OutreachList", lst.id, lst.name, details)
    keep = _row_filter(mf) if filtered else None
    db.session.commit()
    district_id, name = lst.district_id, lst.name

    def generate():
        with db.engine.connect() as connection:
            batches = outreach_export.export_batches(connection, district_id, list_id)
            if keep is not None:
                batches = _only(batches, keep)
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


def _row_filter(mf: views.MemberFilter) -> Callable[[tuple], bool]:
    """Which export rows the members filter keeps, told by their Status and Owner cells.

    The batches (services.outreach_export) read the whole list; the rows carry the
    status's label (one per status) and the owner's name, so the filter is checked on
    those. Two owners with the very same name on one list cannot be told apart this way:
    the export then holds both one's members.
    """
    status = rules.LABELS[mf.status] if mf.status else None
    if mf.owner == views.OWNER_NONE:
        owner = ""
    elif mf.owner:
        owner = db.session.scalar(sa.select(User.name).where(User.id == int(mf.owner)))
        owner = "\0" if owner is None else owner  # an unknown owner owns nobody
    else:
        owner = None

    def keep(row: tuple) -> bool:
        return ((status is None or row[STATUS_COLUMN] == status)
                and (owner is None or row[OWNER_COLUMN] == owner))

    return keep


def _only(batches: Generator[list[tuple], None, None], keep: Callable[[tuple], bool]) \
        -> Iterator[list[tuple]]:
    """The batches' rows that `keep` keeps (closing the batches when stopped early)."""
    try:
        for batch in batches:
            kept = [row for row in batch if keep(row)]
            if kept:
                yield kept
    finally:
        batches.close()
