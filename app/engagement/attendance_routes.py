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
)
from app.engagement.forms import IdListField, InviteForm, InviteListForm
from app.extensions import db
from app.models import Interaction, InteractionParticipant, OutreachList, OutreachMember
from app.services import engagement as svc
from app.services import engagement_events as events
from app.services import engagement_queries as queries
from app.services.clock import today

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


def _posted_page() -> int:
    return min(max(request.form.get("page", 1, type=int) or 1, 1), 100_000)


def _render(interaction: Interaction, page: int, status: int = 200,
            list_form: InviteListForm | None = None, invite_form: InviteForm | None = None,
            notice: str = ""):
    total, came = queries.counts(db.session, interaction.id)
    pages = max(1, -(-total // ATTENDANCE_PAGE))
    page = min(max(page, 1), pages)
    list_form = list_form or InviteListForm(formdata=None)
    list_form.list_id.choices = _lists()
    invite_form = invite_form or InviteForm(formdata=None)
    picked = svc.existing_stakeholders(db.session, invite_form.participant_ids.data or [])
    context = {
        "i": interaction, "total": total, "came": came, "page": page, "pages": pages,
        "people": queries.people(db.session, interaction.id, ATTENDANCE_PAGE,
                                 (page - 1) * ATTENDANCE_PAGE, attended_first=False),
        "list_form": list_form, "invite_form": invite_form,
        "invite_chosen": {i: picked[i] for i in invite_form.participant_ids.data or []
                          if i in picked},
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
    """The "Came" ticks of one page of invitees. Every button of the attendance page posts
    them (it is one form), so ticks not yet saved are kept whichever button is pressed."""

    shown = IdListField()
    attended = IdListField()


def _ticks() -> _AttendanceForm:
    form = _AttendanceForm()
    if not form.validate_on_submit():
        abort(400)
    return form


def _save_ticks(interaction: Interaction, ticks: _AttendanceForm,
                leaving: int | None = None) -> int:
    """Save the ticks sent along with another action (invite, remove); how many changed.
    Nothing is recorded before the event has happened (the boxes are disabled then)."""
    if not rules.can_record_attendance(interaction.occurred_on, today()):
        return 0
    shown = [sid for sid in ticks.shown.data or [] if sid != leaving]
    return events.set_attendance(db.session, interaction, shown, ticks.attended.data or [])


def _saved(changed: int) -> str:
    return f"Attendance saved ({changed} change{'s' if changed != 1 else ''})."


def _back_to_page(interaction: Interaction, page: int, invite_form: InviteForm | None = None):
    """Back to the attendance page. People chosen under "Invite people" but not invited by
    the button pressed stay chosen, with a word, instead of being dropped."""
    invite_form = invite_form or InviteForm()
    if not invite_form.pending:
        return redirect(_attendance_url(interaction, page))
    invite_form.participant_search.validate(invite_form)  # a name typed, never picked
    if invite_form.participant_ids.data:
        invite_form.participant_ids.errors = [
            "Not invited yet: press Invite to invite the people chosen here, or untick them."]
    return _render(interaction, page, invite_form=invite_form)


@bp.post("/<int:interaction_id>/attendance")
@role_required("editor")
def save_attendance(interaction_id: int):
    """Record who came among the invitees on this page, in one POST."""
    interaction = _event_or_404(interaction_id)
    form = _ticks()
    page = _posted_page()
    if not rules.can_record_attendance(interaction.occurred_on, today()):
        flash("The event has not happened yet: record who came on the day or after.", "error")
        return _render(interaction, page, 422, invite_form=InviteForm())
    changed = events.set_attendance(db.session, interaction, form.shown.data, form.attended.data)
    db.session.commit()
    going = request.form.get("go_to", type=int)  # Previous/Next save the page's ticks too
    if changed or going is None:
        flash(_saved(changed), "success")
    return _back_to_page(interaction, page if going is None else min(max(going, 1), 100_000))


@bp.post("/<int:interaction_id>/invite-list")
@role_required("editor")
def invite_list(interaction_id: int):
    """Invite every member of an outreach list (people already invited are skipped); more
    than one new invitee is confirmed first, saying how many."""
    interaction = _event_or_404(interaction_id)
    ticks = _ticks()
    page = _posted_page()
    form = InviteListForm()
    form.list_id.choices = _lists()
    changed = _save_ticks(interaction, ticks)
    if not form.validate_on_submit():
        db.session.commit()  # the ticks sent along are kept
        form.list_id.errors[:] = form.list_id.errors or ["Choose a list to invite."]
        return _render(interaction, page, 422, list_form=form, invite_form=InviteForm(),
                       notice=_saved(changed) if changed else "")
    new = events.not_yet_invited(db.session, interaction, form.list_id.data)
    if new > 1 and form.confirmed.data != "yes":
        db.session.commit()
        return render_template(
            "engagement/invite_confirm.html", i=interaction, count=new, form=form,
            list_name=_list_name(form), page=page, invite_form=InviteForm(),
            saved=_saved(changed) if changed else "")
    added = events.invite_list(db.session, interaction, form.list_id.data)
    db.session.commit()
    if changed:
        flash(_saved(changed), "success")
    flash(f"Invited {added:,} more from the list." if added
          else "Everyone on that list was already invited.", "success")
    return _back_to_page(interaction, page)


def _list_name(form: InviteListForm) -> str:
    """The chosen list's name, without the member count its option shows."""
    name = db.session.scalar(sa.select(OutreachList.name)
                             .where(OutreachList.id == form.list_id.data))
    return name or ""


@bp.post("/<int:interaction_id>/invitees")
@role_required("editor")
def invite(interaction_id: int):
    """Invite people chosen one by one (typeahead)."""
    interaction = _event_or_404(interaction_id)
    ticks = _ticks()
    page = _posted_page()
    form = InviteForm()
    valid = form.validate_on_submit()
    chosen = svc.existing_stakeholders(db.session, form.participant_ids.data or [])
    if valid and len(chosen) != len(form.participant_ids.data):
        form.participant_ids.errors.append("Some chosen people are no longer in the register.")
        valid = False
    changed = _save_ticks(interaction, ticks)
    if not valid:
        db.session.commit()  # the ticks sent along are kept
        return _render(interaction, page, 422, invite_form=form,
                       notice=_saved(changed) if changed else "")
    added = events.invite(db.session, interaction, chosen)
    db.session.commit()
    if changed:
        flash(_saved(changed), "success")
    flash(f"Invited {added} more." if added else "They were already invited.", "success")
    return redirect(_attendance_url(interaction, page))


@bp.post("/<int:interaction_id>/invitees/<int:stakeholder_id>/remove")
@role_required("editor")
def remove_invitee(interaction_id: int, stakeholder_id: int):
    """Take someone off the invitees of an event (the page's ticks are saved too)."""
    interaction = interaction_or_404(interaction_id)
    stakeholder = stakeholder_or_404(stakeholder_id)
    participant = db.session.scalar(sa.select(InteractionParticipant).where(
        InteractionParticipant.interaction_id == interaction.id,
        InteractionParticipant.stakeholder_id == stakeholder.id)) or abort(404)
    ticks = _ticks()
    changed = _save_ticks(interaction, ticks, leaving=stakeholder.id)
    events.remove_invitee(db.session, interaction, participant)
    db.session.commit()
    if fragment() is not None:
        return make_response("", 200, trigger=CHANGED)
    if changed:
        flash(_saved(changed), "success")
    flash(f"{stakeholder.name} is no longer on this event.", "success")
    back = safe_next(request.form.get("next"))
    if back and back.isprintable():
        return redirect(back)
    return _back_to_page(interaction, _posted_page())
