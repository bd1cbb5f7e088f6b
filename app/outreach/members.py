"""List members: one-click status changes, inline edits and removal. (Adding
stakeholders and the profile panel: app.outreach.adding.)"""

from math import ceil
from urllib.parse import parse_qsl, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import MultiDict

from app.auth.forms import EmptyForm
from app.auth.guard import role_required, safe_next
from app.domain import outreach as rules
from app.extensions import db
from app.models import OutreachList, OutreachMember, Stakeholder
from app.outreach import bp
from app.outreach.forms import MemberForm, StatusForm
from app.outreach.routes import CHANGED, fragment, members_context, owner_options
from app.services import clock
from app.services import outreach as svc
from app.services import outreach_views as views


def _member(member_id: int) -> OutreachMember:
    return db.session.get(OutreachMember, member_id) or abort(404)


def back_to(target: str | None, default: str) -> str:
    """`target` when it is a printable local path, else `default`."""
    target = safe_next(target)
    return target if target and target.isprintable() else default


def _list_url(m: OutreachMember) -> str:
    return url_for("outreach.detail", list_id=m.list_id)


def _row(member_id: int, status: int = 200, error: str = "", trigger: str | None = None,
         confirm_move: str = ""):
    """The member's display row. After a change, when the page it is on is filtered (its
    address is the form's `next`), the count of members matching is sent along (htmx
    out-of-band), and a row that no longer matches says so: it stays until the list is
    next loaded, so the reader sees what happened."""
    m = views.member_row(db.session, member_id)
    here = request.form.get("next") or ""
    notice, count = "", ""
    if status == 200 and trigger:
        notice, count = _filter_effect(m, here)
    html = render_template("outreach/_member_row.html", m=m, today=clock.today(),
                           action_form=EmptyForm(), here=here, row_error=error,
                           row_notice=notice, confirm_move=confirm_move)
    return make_response(html + count, status, trigger=trigger)


def _filter_effect(m, here: str) -> tuple[str, str]:
    """(a note for a row that left the filter, the members count to swap in) for a
    change made on the list page at `here`; nothing when that page is not filtered."""
    parts = urlsplit(here)
    if parts.path != url_for("outreach.detail", list_id=m.list_id):
        return "", ""
    mf = views.parse_member_filter(MultiDict(parse_qsl(parts.query)))
    if not (mf.status or mf.owner):
        return "", ""
    total = views.member_count(db.session, m.list_id, mf)
    count = render_block("outreach/detail.html", "member_count", total=total, mf=mf,
                         pages=max(1, ceil(total / views.PAGE_SIZE)), oob=True)
    owner = "" if m.owner_id is None else str(m.owner_id)
    left = (mf.status and m.status != mf.status) or (
        mf.owner and owner != ("" if mf.owner == views.OWNER_NONE else mf.owner))
    return ("No longer matches the filters (it leaves when the list reloads)."
            if left else ""), count


# --- Status --------------------------------------------------------------------------------


# Moves that record that someone was reached: for a member marked "do not contact" on
# their profile, they are made only when confirmed (see _needs_confirming).
REACHED = frozenset(rules.STATUSES) - {rules.INITIAL, "declined"}


def _needs_confirming(from_status: str, to_status: str, contact_permitted: bool) -> bool:
    """True when the move would record contact with someone who must not be contacted
    (a first contact: later moves follow one already confirmed)."""
    return not contact_permitted and from_status == rules.INITIAL and to_status in REACHED


def _do_not_contact_warning(name: str, to_status: str) -> str:
    return (f"{name} is marked \u201cDo not contact\u201d on their profile: leave them out "
            "of direct outreach and work through people they trust. Nothing was changed. "
            "If they were reached anyway (for example, they got in touch themselves), "
            f"confirm to record \u201c{rules.LABELS[to_status]}\u201d.")


@bp.post("/members/<int:member_id>/status")
def set_status(member_id: int):
    """Move a member to another status in one click; the change is logged."""
    m = _member(member_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    to = form.status.data
    stakeholder = db.session.get(Stakeholder, m.stakeholder_id)
    if _needs_confirming(m.status, to, stakeholder.contact_permitted) \
            and request.form.get("confirm") != "yes":
        # A question, not an error (200, as the register's delete confirmation): the row
        # (or, without JavaScript, a page) says why and offers to record it anyway.
        warning = _do_not_contact_warning(stakeholder.name, to)
        if fragment() is not None:
            return _row(member_id, error=warning, confirm_move=to)
        return render_template("outreach/confirm_status.html", m=m, name=stakeholder.name,
                               to=to, warning=warning,
                               back=back_to(form.next.data, _list_url(m)))
    try:
        svc.set_status(db.session, m, to, current_user.id)
    except rules.MoveNotAllowed as exc:
        db.session.rollback()
        if fragment() is not None:
            return _row(member_id, 422, str(exc))
        flash(str(exc), "error")
        return redirect(back_to(form.next.data, _list_url(m)))
    db.session.commit()
    label = rules.LABELS[m.status]
    if fragment() is not None:
        return _row(member_id, trigger=CHANGED)
    flash(f"Status set to \u201c{label}\u201d.", "success")
    return redirect(back_to(form.next.data, _list_url(m)))


# --- Inline edit of owner, next step, due date -------------------------------------------


@bp.get("/members/<int:member_id>")
def member(member_id: int):
    """A member's row (htmx: cancelling an edit); without htmx, the list page."""
    m = _member(member_id)
    if fragment() is None:
        return redirect(_list_url(m))
    return _row(m.id)


@bp.get("/members/<int:member_id>/edit")
@role_required("editor")
def edit_member(member_id: int):
    """Edit a member's owner, next step and due date; shows their status history."""
    m = _member(member_id)
    form = MemberForm(formdata=None, members=owner_options(keep=m.owner_id), data={
        "owner_id": str(m.owner_id or ""), "next_step": m.next_step, "due_on": m.due_on,
        "next": back_to(request.args.get("next"), _list_url(m))})
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
    return redirect(back_to(form.next.data, _list_url(m)))


@bp.post("/members/<int:member_id>/remove")
def remove_member(member_id: int):
    """Take a member off the list (the stakeholder stays in the register)."""
    m = _member(member_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    back = back_to(request.form.get("next"), _list_url(m))
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
