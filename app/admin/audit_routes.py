"""The district's audit log for admins: newest first, filtered, paged by id.

Audit events are district-scoped (the tenancy hook adds the district to every query);
memberships are not, so their lookups here filter by ``g.district`` explicitly.
"""

import sqlalchemy as sa
from flask import g, render_template, request
from jinja2_fragments.flask import render_block

from app.admin import bp
from app.admin.forms import AuditFilterForm
from app.auth.guard import role_required
from app.domain.ids import record_id
from app.extensions import db
from app.models import AuditEvent, Membership, User

AUDIT_PAGE_SIZE = 50
ACTION_LABELS = {
    "create": "Created",
    "update": "Changed",
    "delete": "Deleted",
    "sign_in": "Signed in",
    "export": "Exported",
    "import": "Imported",
}
# Bookkeeping columns the audit page does not show: the record and district are known.
HIDDEN_FIELDS = ("id", "district_id")


def _distinct(column) -> list[str]:
    return list(db.session.scalars(sa.select(column).distinct().order_by(column)))


@bp.get("/audit")
@role_required("admin")
def audit_log():
    """The district's audit log, newest first, filtered by record type, action and actor."""
    form = AuditFilterForm(request.args)
    form.record_type.choices = {"": "All records"} | {
        t: t for t in _distinct(AuditEvent.record_type)
    }
    form.action.choices = {"": "All actions"} | {
        a: ACTION_LABELS.get(a, a) for a in _distinct(AuditEvent.action)
    }
    form.actor.choices = {"": "Anyone"} | {a: a for a in _distinct(AuditEvent.actor_label)}
    filters, query = {}, sa.select(AuditEvent)
    for field, column in (
        (form.record_type, AuditEvent.record_type),
        (form.action, AuditEvent.action),
        (form.actor, AuditEvent.actor_label),
    ):
        if field.data and field.data in field.choices:
            filters[field.name] = field.data
            query = query.where(column == field.data)
    events, newer, older = _audit_page(query)
    context = {
        "form": form,
        "events": events,
        "filters": filters,
        "newer": newer,
        "older": older,
        "labels": _membership_labels(events),
        "action_labels": ACTION_LABELS,
        "hidden_fields": HIDDEN_FIELDS,
    }
    if (
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == "audit-results"
    ):
        return render_block("admin/audit.html", "results", **context)
    return render_template("admin/audit.html", **context)


def _audit_page(query) -> tuple[list[AuditEvent], int | None, int | None]:
    """Keyset pagination on id: a page of events and the cursors for newer and older."""
    after = request.args.get("after", type=record_id)
    before = request.args.get("before", type=record_id)
    if after is not None:
        rows = list(
            db.session.scalars(
                query.where(AuditEvent.id > after)
                .order_by(AuditEvent.id)
                .limit(AUDIT_PAGE_SIZE + 1)
            )
        )
        more_newer, rows = len(rows) > AUDIT_PAGE_SIZE, rows[:AUDIT_PAGE_SIZE][::-1]
        return rows, (rows[0].id if rows and more_newer else None), (rows[-1].id if rows else None)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = list(db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(AUDIT_PAGE_SIZE + 1)))
    more_older, rows = len(rows) > AUDIT_PAGE_SIZE, rows[:AUDIT_PAGE_SIZE]
    newer = rows[0].id if rows and before is not None else None
    return rows, newer, (rows[-1].id if rows and more_older else None)


def _membership_labels(events: list[AuditEvent]) -> dict[int, str]:
    """Whose membership an event is about (membership rows carry no label of their own)."""
    wanted = [e for e in events if e.record_type == "Membership" and not e.record_label]
    if not wanted:
        return {}
    current = dict(
        db.session.execute(
            sa.select(Membership.id, Membership.user_id).where(
                Membership.district_id == g.district.id,
                Membership.id.in_({e.record_id for e in wanted if e.record_id}),
            )
        ).all()
    )
    user_of = {}
    for e in wanted:
        change = (e.changes or {}).get("user_id")
        recorded = (
            (change.get("after") or change.get("before")) if isinstance(change, dict) else None
        )
        user_id = current.get(e.record_id) or recorded
        if isinstance(user_id, int):
            user_of[e.id] = user_id
    users = {
        u.id: u
        for u in db.session.scalars(sa.select(User).where(User.id.in_(set(user_of.values()))))
    }
    return {
        event_id: f"{users[uid].name} ({users[uid].email})"
        for event_id, uid in user_of.items()
        if uid in users
    }
