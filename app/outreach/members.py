"""List members: one-click status changes, inline edits, removal, adding stakeholders
(from the stakeholder list, the champions page or a profile) and the profile panel."""

from urllib.parse import parse_qsl, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from jinja2_fragments.flask import render_block
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from app.auth.forms import EmptyForm
from app.auth.guard import safe_next
from app.domain import outreach as rules
from app.domain.ids import parse_id
from app.extensions import db
from app.models import OutreachList, OutreachMember, Stakeholder
from app.outreach import bp
from app.outreach.forms import AddMembersForm, MemberForm, StatusForm
from app.outreach.routes import CHANGED, fragment, members_context, owner_options
from app.services import outreach as svc
from app.services import outreach_views as views
from app.services.stakeholder_query import stakeholder_by_id


def _member(member_id: int) -> OutreachMember:
    return db.session.get(OutreachMember, member_id) or abort(404)


def _back(target: str | None, default: str) -> str:
    target = safe_next(target)
    return target if target and target.isprintable() else default


def _list_url(m: OutreachMember) -> str:
    return url_for("outreach.detail", list_id=m.list_id)


def _row(member_id: int, status: int = 200, error: str = "", trigger: str | None = None):
    m = views.member_row(db.session, member_id)
    html = render_template("outreach/_member_row.html", m=m, today=views.today(),
                           action_form=EmptyForm(), here=request.form.get("next") or "",
                           row_error=error)
    return make_response(html, status, trigger=trigger)


# --- Status --------------------------------------------------------------------------------


@bp.post("/members/<int:member_id>/status")
def set_status(member_id: int):
    """Move a member to another status in one click; the change is logged."""
    m = _member(member_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        svc.set_status(db.session, m, form.status.data, current_user.id)
    except rules.MoveNotAllowed as exc:
        db.session.rollback()
        if fragment() is not None:
            return _row(member_id, 422, str(exc))
        flash(str(exc), "error")
        return redirect(_back(form.next.data, _list_url(m)))
    db.session.commit()
    label = rules.LABELS[m.status]
    if fragment() is not None:
        return _row(member_id, trigger=CHANGED)
    flash(f"Status set to \u201c{label}\u201d.", "success")
    return redirect(_back(form.next.data, _list_url(m)))


# --- Inline edit of owner, next step, due date -------------------------------------------


@bp.get("/members/<int:member_id>")
def member(member_id: int):
    """A member's row (htmx: cancelling an edit); without htmx, the list page."""
    m = _member(member_id)
    if fragment() is None:
        return redirect(_list_url(m))
    return _row(m.id)


@bp.get("/members/<int:member_id>/edit")
def edit_member(member_id: int):
    """Edit a member's owner, next step and due date; shows their status history."""
    m = _member(member_id)
    form = MemberForm(formdata=None, members=owner_options(keep=m.owner_id), data={
        "owner_id": str(m.owner_id or ""), "next_step": m.next_step, "due_on": m.due_on,
        "next": _back(request.args.get("next"), _list_url(m))})
    return _edit(m, form)


def _edit(m: OutreachMember, form: MemberForm, status: int = 200):
    # Several rows can be open at once: each field's id (and its label's for) is the
    # row's own; the names stay, as the form posts them.
    for f in form:
        if f.type != "CSRFTokenField":
            f.id = f.label.field_id = f"m{m.id}-{f.name}"
    context = {"m": views.member_row(db.session, m.id), "form": form,
               "history": svc.history(db.session, m.id)}
    if fragment() is not None:
        return make_response(render_template("outreach/_member_edit_row.html", **context),
                             status)
    lst = db.session.get(OutreachList, m.list_id)
    return render_template("outreach/member_edit.html", lst=lst, **context), status


@bp.post("/members/<int:member_id>")
def save_member(member_id: int):
    """Save a member's owner, next step and due date; returns the row."""
    m = _member(member_id)
    form = MemberForm(members=owner_options(keep=m.owner_id))
    if not form.validate_on_submit():
        return _edit(m, form, 422)
    m.owner_id = form.owner_value
    m.next_step = form.next_step.data or ""
    m.due_on = form.due_on.data
    db.session.commit()
    if fragment() is not None:
        return _row(m.id, trigger=CHANGED)
    flash("Member saved.", "success")
    return redirect(_back(form.next.data, _list_url(m)))


@bp.post("/members/<int:member_id>/remove")
def remove_member(member_id: int):
    """Take a member off the list (the stakeholder stays in the register)."""
    m = _member(member_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    back = _back(request.form.get("next"), _list_url(m))
    name = db.session.get(Stakeholder, m.stakeholder_id).name
    lst, row = db.session.get(OutreachList, m.list_id), f"member-{m.id}"
    svc.remove_member(db.session, m)
    db.session.commit()
    if fragment() == row:
        # The members section again, as the page showed it (filters, page): its count,
        # an empty state when it was the last, and a note that takes the focus.
        args = MultiDict(parse_qsl(urlsplit(back).query))
        context = {"lst": lst, "progress": svc.progress_of(db.session, lst.id),
                   **members_context(lst, args, clamp=True),
                   "removed": f"{name} was taken off the list."}
        response = make_response(render_block("outreach/detail.html", "members", **context),
                                 trigger=CHANGED)
        response.headers["HX-Retarget"] = "#outreach-members"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    if fragment() is not None:
        return make_response("", 200, trigger=CHANGED)
    flash(f"{name} was taken off the list.", "success")
    return redirect(back)


# --- Adding stakeholders -------------------------------------------------------------------


@bp.post("/add")
def add_members():
    """Add stakeholders to an existing list or a new one; members already on it are
    skipped, ids outside the district ignored."""
    form = AddMembersForm()
    form.outreach_list.choices = []
    target = fragment() or ""
    lst = None
    if form.validate_on_submit():
        lst, error = _target_list(form)
        if error:
            form.outreach_list.errors.append(error)
    if lst is None:
        return _add_failed(form, target)
    try:
        result = svc.add_members(db.session, lst, form.selected_ids)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.outreach_list.errors.append("Someone changed this list at the same moment; "
                                         "try again.")
        return _add_failed(form, target)
    message = result.message(lst.name)
    if target == "outreach-panel" or target.startswith("outreach-add-"):
        return _add_response(form, target, notice=message, lst=lst, trigger=CHANGED)
    flash(message, "success")
    return redirect(url_for("outreach.detail", list_id=lst.id))


def _target_list(form: AddMembersForm) -> tuple[OutreachList | None, str]:
    if form.list_id:
        lst = db.session.get(OutreachList, form.list_id)
        return (lst, "") if lst else (None, "That list no longer exists; choose another.")
    name = form.new_list_name.data
    if svc.name_taken(db.session, name):
        # Offered chosen when the form comes back, in place of the name typed.
        form.outreach_list.data = str(svc.list_named(db.session, name) or "")
        form.new_list_name.data = ""
        return None, (f"There is already a list named \u201c{name}\u201d; choose it from "
                      "the lists instead.")
    lst, _ = svc.create_list(db.session, name=name, owner_id=current_user.id,
                             created_by_id=current_user.id)
    return lst, ""


def _add_failed(form: AddMembersForm, target: str):
    if target == "outreach-panel" or target.startswith("outreach-add-"):
        return _add_response(form, target, status=422)
    for errors in form.errors.values():
        for e in errors:
            flash(e, "error")
    return redirect(_back(form.next.data, url_for("outreach.index")))


def _add_response(form: AddMembersForm, target: str, status: int = 200, notice: str = "",
                  lst: OutreachList | None = None, trigger: str | None = None):
    """The panel or the champion row's widget, for the single stakeholder posted."""
    ids = form.selected_ids
    s = db.session.get(Stakeholder, ids[0]) if len(ids) == 1 else None
    if s is None:
        abort(404 if status == 200 else 422)
    errors = [e for errs in form.errors.values() for e in errs]
    if target == "outreach-panel":
        return _panel(s, status, notice=notice, errors=errors, trigger=trigger)
    kept = {} if status == 200 else {"selected": form.list_id,
                                      "new_name": form.new_list_name.data or ""}
    html = render_template("outreach/_add_widget.html", sid=s.id, sname=s.name,
                           next_url=form.next.data or "", notice=notice, added_to=lst,
                           errors=errors, **kept)
    return make_response(html, status, trigger=trigger)


@bp.get("/list-select/<int:stakeholder_id>")
def list_select(stakeholder_id: int):
    """The lists of a champion row's "add to list" widget, fresh (htmx, when it opens):
    a list made from another row since the page loaded is offered too."""
    s = stakeholder_by_id(db.session, stakeholder_id) or abort(404)
    if fragment() is None:
        return redirect(url_for("outreach.index"))
    html = render_template("outreach/_list_select.html", sid=s.id,
                           selected=parse_id(request.args.get("outreach_list", "")))
    return make_response(html)


# --- The profile panel ---------------------------------------------------------------------


@bp.get("/panel/<int:stakeholder_id>")
def panel(stakeholder_id: int):
    """The "Outreach" card of a profile: the lists they are on, and "add to list"."""
    s = stakeholder_by_id(db.session, stakeholder_id) or abort(404)
    return _panel(s)


def _panel(s: Stakeholder, status: int = 200, notice: str = "", errors=(),
           trigger: str | None = None):
    on = views.lists_of(db.session, s.id)
    html = render_template(
        "outreach/_panel.html", s=s, on=on, notice=notice, errors=list(errors),
        options=views.list_options(db.session, exclude={r.id for r in on}),
        detail_url=url_for("stakeholders.detail", stakeholder_id=s.id))
    return make_response(html, status, trigger=trigger)

