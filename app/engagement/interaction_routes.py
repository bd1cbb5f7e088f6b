"""Log, show, edit and delete an interaction (its concerns: concern_routes)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import engagement as rules
from app.domain.ids import record_id
from app.domain.vocab import INTERACTION_KINDS, label
from app.engagement import bp
from app.engagement.common import interaction_or_404
from app.engagement.forms import InteractionForm
from app.extensions import db
from app.models import Interaction
from app.services import engagement as svc
from app.services import engagement_queries as queries
from app.services.clock import today

PEOPLE_SHOWN = 50


def _validate(form: InteractionForm, interaction: Interaction | None) -> dict[int, str] | None:
    """Check what the form refers to; returns the chosen participants {id: name}, or None
    after adding messages to the form."""
    ok = form.validate_on_submit()
    chosen = svc.existing_stakeholders(db.session, form.participant_ids.data or [])
    missing = len(set(form.participant_ids.data or [])) - len(chosen)
    if missing:
        form.participant_ids.errors.append(
            f"{missing} chosen stakeholder{'s are' if missing != 1 else ' is'} no longer in "
            "the register; choose again.")
        ok = False
    if set(form.user_ids.data or []) - svc.member_ids(db.session):
        form.user_ids.errors.append("Choose people who are members of this district.")
        ok = False
    if form.occurred_on.data and form.kind.data:
        problem = rules.date_problem(form.occurred_on.data, today(), form.kind.data)
        if problem:
            form.occurred_on.errors.append(problem)
            ok = False
    if interaction is not None and ok:
        ok = _check_edit(form, interaction)
    if not ok:
        return None
    return chosen


def _check_edit(form: InteractionForm, interaction: Interaction) -> bool:
    """An event's attendance must stay meaningful after an edit."""
    if interaction.with_attendance and not rules.has_attendance(form.kind.data):
        waiting = svc.non_attendees(db.session, interaction.id)
        if waiting:
            form.kind.errors.append(
                f"{waiting} invitee{'s' if waiting != 1 else ''} did not attend. Remove them on "
                "the attendance page first, or keep a kind that records attendance.")
            return False
    if not rules.can_record_attendance(form.occurred_on.data, today()) \
            and svc.attendees(db.session, interaction.id):
        form.occurred_on.errors.append(
            "People are recorded as having come, so the date cannot move into the future.")
        return False
    return True


def _data(form: InteractionForm, editing_event: bool) -> svc.InteractionData:
    return svc.InteractionData(
        kind=form.kind.data, occurred_on=form.occurred_on.data, title=form.title.data or "",
        summary=form.summary.data or "", outcome=form.outcome.data or "",
        participant_ids=None if editing_event else list(form.participant_ids.data or []),
        user_ids=list(form.user_ids.data or []), concerns=form.parsed_concerns,
        all_attended=form.all_attended.data)


def _set_choices(form: InteractionForm) -> None:
    form.set_choices(queries.owners(db.session),
                     svc.existing_stakeholders(db.session, form.participant_ids.data or []),
                     queries.members(db.session))


def _render_form(form: InteractionForm, interaction: Interaction | None, status: int = 200):
    chosen = svc.existing_stakeholders(db.session, form.participant_ids.data or [])
    ordered = {i: chosen[i] for i in form.participant_ids.data or [] if i in chosen}
    members = queries.members(db.session)  # owners can edit; anyone may take part
    form.set_choices(queries.owners(db.session), ordered, members)
    return render_template(
        "engagement/form.html", form=form, interaction=interaction, chosen=ordered,
        members=members, editing_event=bool(interaction and interaction.with_attendance),
        attendance_kinds=sorted(rules.ATTENDANCE_KINDS)), status


@bp.route("/new", methods=["GET", "POST"])
@role_required("editor")
def new():
    """Log an interaction (participants may be prefilled with ?stakeholder_id=...)."""
    form = InteractionForm()
    if request.method == "GET":
        form.occurred_on.data = today()
        form.user_ids.data = [current_user.id]
        form.fu_owner_id.data = current_user.id
        prefill = request.args.get("stakeholder_id", type=record_id)
        if prefill and svc.existing_stakeholders(db.session, [prefill]):
            form.participant_ids.data = [prefill]
        return _render_form(form, None)
    _set_choices(form)
    if _validate(form, None) is None:
        return _render_form(form, None, 422)
    interaction = svc.create_interaction(db.session, _data(form, False),
                                         by_user_id=current_user.id, today=today())
    _maybe_follow_up(form, interaction)
    db.session.commit()
    flash(f"Logged: {_name(interaction)}.", "success")
    _note_late_follow_up(form)
    if interaction.with_attendance and not svc.attendees(db.session, interaction.id):
        return redirect(url_for("engagement.attendance", interaction_id=interaction.id))
    return redirect(url_for("engagement.detail", interaction_id=interaction.id))


def _maybe_follow_up(form: InteractionForm, interaction: Interaction) -> None:
    if form.has_follow_up:
        svc.add_follow_up(db.session, interaction, description=form.fu_description.data,
                          due_on=form.fu_due_on.data, owner_id=form.fu_owner_id.data or None,
                          stakeholder_id=form.fu_stakeholder_id.data or None)


def _note_late_follow_up(form: InteractionForm) -> None:
    """A follow-up due before today is kept (logging one late is legitimate), but said, so
    a mistyped date does not slip by: it is overdue from the start."""
    due = form.fu_due_on.data
    if form.has_follow_up and due and due < today():
        flash(f"The follow-up \u201c{form.fu_description.data}\u201d was due "
              f"{due:%-d %b %Y}, already past, so it shows as overdue. If the date is a "
              "mistake, change it with the follow-up's Edit button.",
              "warning")


def _name(interaction: Interaction) -> str:
    kind = label(INTERACTION_KINDS, interaction.kind)
    return interaction.title or f"{kind} on {interaction.occurred_on:%-d %b %Y}"


@bp.get("/<int:interaction_id>")
def detail(interaction_id: int):
    """Everything about one interaction: people, concerns, outcome, follow-ups."""
    interaction = interaction_or_404(interaction_id)
    total, came = queries.counts(db.session, interaction.id)
    concerns = queries.concerns(db.session, interaction.id)
    return render_template(
        "engagement/detail.html", i=interaction, title=_name(interaction), total=total,
        came=came, people=queries.people(db.session, interaction.id, PEOPLE_SHOWN),
        concerns=concerns, answers=queries.answers(db.session, concerns),
        follow_ups=queries.follow_ups(db.session, interaction.id), form=EmptyForm(),
        today=today(), can_record=rules.can_record_attendance(interaction.occurred_on, today()))


@bp.route("/<int:interaction_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def edit(interaction_id: int):
    """Edit an interaction; everyone's last contact follows."""
    interaction = interaction_or_404(interaction_id)
    editing_event = interaction.with_attendance
    if request.method == "GET":
        form = InteractionForm(formdata=None, obj=interaction)
        form.participant_ids.data = [] if editing_event else [
            row.stakeholder_id for row in queries.people(db.session, interaction.id, 500)]
        form.user_ids.data = [u.id for u in interaction.users]
        form.concerns.data = rules.format_concerns(
            (c.theme, c.text) for c in queries.concerns(db.session, interaction.id))
        form.fu_owner_id.data = current_user.id
        return _render_form(form, interaction)
    form = InteractionForm()
    _set_choices(form)
    if _validate(form, interaction) is None:
        return _render_form(form, interaction, 422)
    svc.update_interaction(db.session, interaction, _data(form, editing_event))
    _maybe_follow_up(form, interaction)
    db.session.commit()
    flash(f"Saved: {_name(interaction)}.", "success")
    _note_late_follow_up(form)
    return redirect(url_for("engagement.detail", interaction_id=interaction.id))


@bp.post("/<int:interaction_id>/delete")
@role_required("editor")
def delete(interaction_id: int):
    """Delete an interaction with its concerns and follow-ups."""
    interaction = interaction_or_404(interaction_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = _name(interaction)
    svc.delete_interaction(db.session, interaction)
    db.session.commit()
    flash(f"Deleted: {name}. Participants' last contact dates were recomputed.", "success")
    return redirect(url_for("engagement.index"))
