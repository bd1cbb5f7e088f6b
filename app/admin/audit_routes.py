"""The district's audit log for admins: newest first, filtered, paged by id.

Audit events are district-scoped (the tenancy hook adds the district to every query).
They are shown worded (app.domain.audit_wording), with the names of people and records
found a page at a time (app.services.audit_view).
"""

import sqlalchemy as sa
from flask import g, render_template, request
from jinja2_fragments.flask import render_block

from app.admin import bp
from app.admin.forms import AuditFilterForm
from app.auth.guard import role_required
from app.domain import audit_wording as wording
from app.domain.ids import record_id
from app.extensions import db
from app.models import AuditEvent
from app.services.audit_view import actor_choices, describe

AUDIT_PAGE_SIZE = 50


def _distinct(column) -> list[str]:
    return list(db.session.scalars(sa.select(column).distinct().order_by(column)))


def _by_text(choices: dict[str, str]) -> dict[str, str]:
    """Filter options in the order people read them: by what they say."""
    return dict(sorted(choices.items(), key=lambda item: item[1].casefold()))


@bp.get("/audit")
@role_required("admin")
def audit_log():
    """The district's audit log, newest first, filtered by record type, action and actor."""
    form = AuditFilterForm(request.args)
    form.record_type.choices = {"": "All records"} | _by_text(
        {t: wording.record_kind(t).title for t in _distinct(AuditEvent.record_type)}
    )
    form.action.choices = {"": "All actions"} | _by_text(
        {a: wording.action(a).label for a in _distinct(AuditEvent.action)}
    )
    form.actor.choices = {"": "Anyone"} | actor_choices(_distinct(AuditEvent.actor_label))
    filters, shown, query = {}, {}, sa.select(AuditEvent)
    for field, column in (
        (form.record_type, AuditEvent.record_type),
        (form.action, AuditEvent.action),
        (form.actor, AuditEvent.actor_label),
    ):
        if field.data and field.data in field.choices:
            filters[field.name] = field.data
            shown[field.name] = field.choices[field.data]
            query = query.where(column == field.data)
    events, newer, older = _audit_page(query)
    context = {
        "form": form,
        "events": describe(events, g.district.id),
        "filters": filters,
        "filters_shown": shown,
        "newer": newer,
        "older": older,
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
