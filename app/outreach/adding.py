"""Adding stakeholders to an outreach list (from the stakeholder list's bulk bar, the
movement page, the champions page or a profile) and a profile's "Outreach" panel."""

from urllib.parse import parse_qsl, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from app.domain.ids import parse_id
from app.extensions import db
from app.models import OutreachList, Stakeholder
from app.outreach import bp
from app.outreach.forms import AddMembersForm
from app.outreach.members import back_to
from app.outreach.routes import CHANGED, fragment
from app.services import outreach as svc
from app.services import outreach_views as views
from app.services.stakeholder_query import stakeholder_by_id


@bp.get("/add")
def add_page():
    """Where "Add selected to outreach list" answered with errors (the stakeholder list,
    drawn again with the rows still ticked): opened again from the history, it leads back
    to the stakeholder list rather than to 405."""
    return redirect(url_for("stakeholders.index"))


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
    back = back_to(form.next.data, url_for("outreach.index"))
    if urlsplit(back).path == url_for("stakeholders.index"):
        return _stakeholder_list_again(form, back)
    for errors in form.errors.values():
        for e in errors:
            flash(e, "error")
    return redirect(back)


def _stakeholder_list_again(form: AddMembersForm, back: str):
    """The stakeholder list the bulk bar posted from (`back`: its filter and page),
    drawn again with the errors and the same rows ticked, as its own bulk actions answer
    errors: redirecting would lose the selection. The bulk bar's other fields come back
    as they were posted (they share the form)."""
    # Imported here: the stakeholder list imports this blueprint's routes at load time.
    from app.stakeholders import list_routes

    errors = [e for field_errors in form.errors.values() for e in field_errors]
    args = MultiDict(parse_qsl(urlsplit(back).query))
    return list_routes.list_with_bulk_errors(args, errors, frozenset(form.selected_ids))


def _add_response(form: AddMembersForm, target: str, status: int = 200, notice: str = "",
                  lst: OutreachList | None = None, trigger: str | None = None):
    """The panel or the champion row's widget, for the single stakeholder posted."""
    ids = form.selected_ids
    s = db.session.get(Stakeholder, ids[0]) if len(ids) == 1 else None
    if s is None:
        abort(404 if status == 200 else 422)
    errors = [e for errs in form.errors.values() for e in errs]
    kept = {} if status == 200 else {"selected": form.list_id,
                                      "new_name": form.new_list_name.data or ""}
    if target == "outreach-panel":
        return _panel(s, status, notice=notice, errors=errors, trigger=trigger, **kept)
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
           trigger: str | None = None, selected: int | None = None, new_name: str = ""):
    on = views.lists_of(db.session, s.id)
    html = render_template(
        "outreach/_panel.html", s=s, on=on, notice=notice, errors=list(errors),
        selected=selected, new_name=new_name,
        options=views.list_options(db.session, exclude={r.id for r in on}),
        detail_url=url_for("stakeholders.detail", stakeholder_id=s.id))
    return make_response(html, status, trigger=trigger)

