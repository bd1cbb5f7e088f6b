"""Events with attendance: invite from an outreach list or one by one, record who came."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from htmx_flask import make_response
from jinja2_fragments.flask import render_block

from app.auth.forms import EmptyForm
from app.auth.guard import role_required, safe_next
from app.domain import engagement as rules
from app.engagement import bp
from app.engagement.common import (
    CHANGED,
    fragment,
    interaction_or_404,
    page_arg,
    stakeholder_or_404,
    today,
)
from app.engagement.forms import IdListField, InviteForm, InviteListForm
from app.extensions import db
from app.models import Interaction, InteractionParticipant, OutreachList, OutreachMember
from app.services import engagement as svc
from app.services import engagement_events as events
from app.services import engagement_queries as queries

ATTENDANCE_PAGE = 50


def _event_or_404(interaction_id: int) -> Interaction:
    interaction = interaction_or_404(interaction_id)
    if not interaction.with_attendance:
        abort(404)
    return interaction


def _lists() -> list[tuple[int, str]]:
    size = sa.func.count(OutreachMember.id)
    rows = db.session.execute(
        sa.select(OutreachList.id, OutreachList.name, size)
        .outerjoin(OutreachMember, OutreachMember.list_id == OutreachList.id)
        .group_by(OutreachList.id, OutreachList.name).order_by(OutreachList.name).limit(300))
    return [(r.id, f"{r.name} ({r[2]:,} member{'s' if r[2] != 1 else ''})") for r in rows]


def _attendance_url(interaction: Interaction, page: int = 1) -> str:
    return url_for("engagement.attendance", interaction_id=interaction.id,
                   page=page if page > 1 else None)


def _render(interaction: Interaction, page: int, status: int = 200,
            list_form: InviteListForm | None = None, invite_form: InviteForm | None = None,
            notice: str = ""):
    total, came = queries.counts(db.session, interaction.id)
    pages = max(1, -(-total // ATTENDANCE_PAGE))
    page = min(max(page, 1), pages)
    list_form = list_form or InviteListForm(formdata=None)
    list_form.list_id.choices = _lists()
    context = {
        "i": interaction, "total": total, "came": came, "page": page, "pages": pages,
        "people": queries.people(db.session, interaction.id, ATTENDANCE_PAGE,
                                 (page - 1) * ATTENDANCE_PAGE, attended_first=False),
        "list_form": list_form, "invite_form": invite_form or InviteForm(formdata=None),
        "form": EmptyForm(), "notice": notice,
        "can_record": rules.can_record_attendance(interaction.occurred_on, today()),
        "page_url": lambda p: _attendance_url(interaction, p),
    }
    if fragment() == "attendance-counts":
        return render_block("engagement/attendance.html", "counts", **context)
    return render_template("engagement/attendance.html", **context), status


@bp.get("/<int:interaction_id>/attendance")
def attendance(interaction_id: int):
    """An event's invitees, with who came; counts invited and attended."""
    return _render(_event_or_404(interaction_id), page_arg())


class _AttendanceForm(EmptyForm):
    shown = IdListField()
    attended = IdListField()


@bp.post("/<int:interaction_id>/attendance")
@role_required("editor")
def save_attendance(interaction_id: int):
    """Record who came among the invitees on this page, in one POST."""
    interaction = _event_or_404(interaction_id)
    form = _AttendanceForm()
    if not form.validate_on_submit():
        abort(400)
    page = request.form.get("page", 1, type=int) or 1
    if not rules.can_record_attendance(interaction.occurred_on, today()):
        flash("The event has not happened yet: record who came on the day or after.", "error")
        return _render(interaction, page, 422)
    changed = events.set_attendance(db.session, interaction, form.shown.data, form.attended.data)
    db.session.commit()
    flash(f"Attendance saved ({changed} change{'s' if changed != 1 else ''}).", "success")
    return redirect(_attendance_url(interaction, page))


@bp.post("/<int:interaction_id>/invite-list")
@role_required("editor")
def invite_list(interaction_id: int):
    """Invite every member of an outreach list (people already invited are skipped)."""
    interaction = _event_or_404(interaction_id)
    form = InviteListForm()
    form.list_id.choices = _lists()
    if not form.validate_on_submit():
        form.list_id.errors[:] = form.list_id.errors or ["Choose a list to invite."]
        return _render(interaction, 1, 422, list_form=form)
    added = events.invite_list(db.session, interaction, form.list_id.data)
    db.session.commit()
    flash(f"Invited {added:,} more from the list." if added
          else "Everyone on that list was already invited.", "success")
    return redirect(_attendance_url(interaction))


@bp.post("/<int:interaction_id>/invitees")
@role_required("editor")
def invite(interaction_id: int):
    """Invite people chosen one by one (typeahead)."""
    interaction = _event_or_404(interaction_id)
    form = InviteForm()
    valid = form.validate_on_submit()
    chosen = svc.existing_stakeholders(db.session, form.participant_ids.data or [])
    if valid and len(chosen) != len(form.participant_ids.data):
        form.participant_ids.errors.append("Some chosen people are no longer in the register.")
        valid = False
    if not valid:
        return _render(interaction, 1, 422, invite_form=form)
    added = events.invite(db.session, interaction, chosen)
    db.session.commit()
    flash(f"Invited {added} more." if added else "They were already invited.", "success")
    return redirect(_attendance_url(interaction))


@bp.post("/<int:interaction_id>/invitees/<int:stakeholder_id>/remove")
@role_required("editor")
def remove_invitee(interaction_id: int, stakeholder_id: int):
    """Take someone off the invitees of an event."""
    interaction = interaction_or_404(interaction_id)
    stakeholder = stakeholder_or_404(stakeholder_id)
    participant = db.session.scalar(sa.select(InteractionParticipant).where(
        InteractionParticipant.interaction_id == interaction.id,
        InteractionParticipant.stakeholder_id == stakeholder.id)) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    events.remove_invitee(db.session, interaction, participant)
    db.session.commit()
    if fragment() is not None:
        return make_response("", 200, trigger=CHANGED)
    flash(f"{stakeholder.name} is no longer on this event.", "success")
    back = safe_next(request.form.get("next"))
    return redirect(back if back and back.isprintable() else _attendance_url(interaction))
