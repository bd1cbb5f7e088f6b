"""Marking a follow-up done (and undoing it) from My week or any page that lists them,
and changing one (what, when, whose).

Other areas post here too (the engagement log): a plain form comes back to its `next`
page with a message; htmx gets the updated My week row, or a redirect to `next`.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from app.auth.guard import role_required, safe_next
from app.extensions import db
from app.models import FollowUp
from app.services import clock, engagement_queries, followups
from app.week import bp
from app.week.forms import FollowUpButtonForm, FollowUpEditForm
from app.week.routes import CHANGED, fragment


def _follow_up(follow_up_id: int) -> FollowUp:
    return db.session.get(FollowUp, follow_up_id) or abort(404)


def _back(target: str | None) -> str:
    target = safe_next(target)
    return target if target and target.isprintable() else url_for("week.index")


def _result(follow_up_id: int, form: FollowUpButtonForm, message: str, category: str):
    """The row for My week's htmx, a redirect for other htmx pages, else flash + redirect."""
    target = fragment()
    if target == f"follow-up-{follow_up_id}":
        html = render_template(
            "week/_follow_up.html", f=followups.row(db.session, follow_up_id),
            today=clock.today(), button_form=FollowUpButtonForm(formdata=None),
            here=_back(form.next.data), notice=message)
        return make_response(html, trigger=CHANGED)
    flash(message, category)
    if target is not None:
        return make_response("", 204, redirect=_back(form.next.data), trigger=CHANGED)
    return redirect(_back(form.next.data))


@bp.post("/follow-ups/<int:follow_up_id>/done")
@role_required("editor")
def complete_follow_up(follow_up_id: int):
    """Mark a follow-up done, by me, now (recorded in the audit log)."""
    follow_up = _follow_up(follow_up_id)
    form = FollowUpButtonForm()
    if not form.validate_on_submit():
        abort(400)
    description = follow_up.description
    if not followups.complete(follow_up, current_user.id):
        return _result(follow_up_id, form, f"“{description}” was already done.", "info")
    db.session.commit()
    return _result(follow_up_id, form, f"Done: “{description}”.", "success")


@bp.post("/follow-ups/<int:follow_up_id>/reopen")
@role_required("editor")
def reopen_follow_up(follow_up_id: int):
    """Undo "done": the follow-up is open again, with its due date."""
    follow_up = _follow_up(follow_up_id)
    form = FollowUpButtonForm()
    if not form.validate_on_submit():
        abort(400)
    description = follow_up.description
    if not followups.reopen(follow_up):
        return _result(follow_up_id, form, f"“{description}” is open already.", "info")
    db.session.commit()
    return _result(follow_up_id, form, f"Open again: “{description}”.", "success")


def _owner_choices(follow_up) -> list[tuple[int, str]]:
    """Editors and admins (a viewer could not mark the follow-up done), and the current
    owner if they are no longer one, so saving other changes keeps them."""
    owners = engagement_queries.owners(db.session)
    if follow_up.owner_id and follow_up.owner_id not in dict(owners):
        name = dict(engagement_queries.members(db.session)).get(follow_up.owner_id)
        if name is not None:
            owners.append((follow_up.owner_id, f"{name} (viewer: cannot mark it done)"))
    return owners


@bp.route("/follow-ups/<int:follow_up_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def edit_follow_up(follow_up_id: int):
    """Change what a follow-up is, when it is due and who owns it (audited)."""
    follow_up = _follow_up(follow_up_id)
    form = FollowUpEditForm(obj=follow_up if request.method == "GET" else None)
    form.set_owners(_owner_choices(follow_up))
    if request.method == "GET":
        form.next.data = _back(request.args.get("next"))
    elif form.validate_on_submit():
        follow_up.description = form.description.data
        follow_up.due_on = form.due_on.data
        follow_up.owner_id = form.owner_id.data
        db.session.commit()
        late = follow_up.done_at is None and follow_up.due_on < clock.today()
        flash(f"Saved “{follow_up.description}”"
              + (f", due {follow_up.due_on:%-d %b %Y}: already past, so it shows as overdue."
                 if late else "."), "warning" if late else "success")
        return redirect(_back(form.next.data))
    return render_template("week/follow_up_edit.html", form=form, follow_up=follow_up,
                           back=_back(form.next.data))
