"""Outreach lists: the index, creating one (by hand or from a filter), a list's page,
editing, refreshing and deleting it."""

from dataclasses import replace
from math import ceil

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from jinja2_fragments.flask import render_block
from sqlalchemy.exc import IntegrityError

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain.filters import parse_filter
from app.domain.paging import page_links
from app.domain.vocab import role_at_least
from app.extensions import db
from app.models import Membership, OutreachList, User
from app.outreach import bp
from app.outreach.forms import ListForm
from app.services import clock
from app.services import outreach as svc
from app.services import outreach_views as views
from app.services.remembered import remembered

CHANGED = "outreach-changed"  # HX-Trigger: the progress bar and counts refresh
DNC_NOTE = "outreach-dnc-note"  # the "N members are marked do not contact" note


def fragment() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def get_list(list_id: int) -> OutreachList:
    """The list, or 404 (unknown or another district's: scoping hides those)."""
    return db.session.get(OutreachList, list_id) or abort(404)


def owners() -> list[tuple[int, str]]:
    """The district's members (cached for the request)."""
    if "outreach_owners" not in g:
        g.outreach_owners = svc.owner_choices(db.session, g.district.id)
    return g.outreach_owners


def owner_options(keep: int | None = None) -> list[tuple[int, str]]:
    """Who a list or member can be given to: the district's editors and admins (viewers
    can change nothing on a list). `keep`, the current owner, stays offered, marked, when
    they do not qualify (a viewer, or no longer in the district), so saving the form
    unchanged does not silently take their list or member away."""
    roles = _member_roles()
    choices = [(i, name) for i, name in owners() if role_at_least(roles.get(i), "editor")]
    if keep and keep not in dict(choices):
        name = dict(owners()).get(keep) or db.session.scalar(
            sa.select(User.name).where(User.id == keep))
        role = roles.get(keep)
        if name is not None:
            choices.append((keep, name if role_at_least(role, "editor")
                            else f"{name} (viewer: cannot edit)" if role
                            else f"{name} (no longer active in this district)"))
    return choices


def _member_roles() -> dict[int, str]:
    """Each enabled member's role in the district (cached for the request)."""
    if "outreach_member_roles" not in g:
        g.outreach_member_roles = dict(db.session.execute(
            sa.select(Membership.user_id, Membership.role)
            .join(User, User.id == Membership.user_id)
            .where(Membership.district_id == g.district.id, User.is_enabled.is_(True))).all())
    return g.outreach_member_roles


def outreach_list_options() -> list[tuple[int, str]]:
    """The district's outreach lists for "add to list" controls on other areas' pages.

    Remembered per data version: creating, renaming or deleting a list is audited in
    the district (the stakeholder list draws this on every page)."""
    if g.get("district") is None:
        return []
    if "outreach_list_options" not in g:
        g.outreach_list_options = remembered(
            db.session, ("outreach_list_options",), lambda: views.list_options(db.session))
    return g.outreach_list_options


@bp.app_context_processor
def _outreach_helpers() -> dict:
    """`outreach_list_options()` for templates."""
    return {"outreach_list_options": outreach_list_options}


@bp.app_template_global()
def outreach_page_links(page: int, pages: int) -> list[int | None]:
    """Page numbers to offer (None marks a gap)."""
    return page_links(page, pages)


# --- The index -----------------------------------------------------------------------------


@bp.get("/")
def index():
    """All outreach lists of the district with their progress."""
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
    rows, total = views.list_page(db.session, page)
    pages = max(1, ceil(total / views.PAGE_SIZE))
    return render_template("outreach/index.html", rows=rows, total=total, page=page,
                           pages=pages)


# --- Creating a list -------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@role_required("editor")
def new():
    """Create a list; with filter arguments (?group=parent&school=3) it is built from them."""
    if request.method == "POST":
        form = ListForm(members=owner_options())
        f = svc.filter_of(form.filter_query.data or "")
    else:
        f = parse_filter(request.args)
        form = ListForm(formdata=None, members=owner_options(),
                        data={"owner_id": str(current_user.id),
                              "filter_query": svc.normalised_query(f)})
    taken_id = None
    if request.method == "POST" and form.validate_on_submit():
        taken_id = svc.list_named(db.session, form.name.data)
        if taken_id is not None:
            form.name.errors.append(_taken(form.name.data))
        else:
            try:
                lst, added = svc.create_list(
                    db.session, name=form.name.data, description=form.description.data or "",
                    owner_id=form.owner_value, created_by_id=current_user.id,
                    f=None if f.is_empty else f)
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.name.errors.append(_taken(form.name.data))
                taken_id = svc.list_named(db.session, form.name.data)
            else:
                flash(f"Outreach list \u201c{lst.name}\u201d created"
                      + (f" with {added:,} members from the filter. "
                         + owners_note(lst.owner_id) if lst.filter_query
                         else ". Add stakeholders from the stakeholder list, the map, the "
                              "champions page or a profile."), "success")
                return redirect(url_for("outreach.detail", list_id=lst.id))
    status = 422 if request.method == "POST" else 200
    summary = [] if f.is_empty else views.describe_filter(db.session, f)
    matches = None if f.is_empty else svc.match_count(db.session, f)
    return render_template("outreach/new.html", form=form, f=f, summary=summary,
                           matches=matches, taken=_list_or_none(taken_id)), status


def _list_or_none(list_id: int | None) -> OutreachList | None:
    """The list whose name was taken, for the form's link to it."""
    return db.session.get(OutreachList, list_id) if list_id else None


def _taken(name: str) -> str:
    return (f"There is already a list named \u201c{name}\u201d in this district; "
            "choose another name or open that list.")


def owners_note(list_owner_id: int | None) -> str:
    """Who the members added from a filter were given to (services.outreach gives each
    the stakeholder's owner in the register, else the list's owner), said plainly: the
    list page and My week then show them as theirs."""
    fallback = list_owner_id and (_owner_name(list_owner_id) or db.session.scalar(
        sa.select(User.name).where(User.id == list_owner_id)))
    return ("Each member is assigned to the stakeholder's owner in the register"
            + (f", or to the list's owner, {fallback}, where they have none."
               if fallback else "; those without one are owned by nobody yet."))


# --- A list's page -------------------------------------------------------------------------


@bp.get("/<int:list_id>")
def detail(list_id: int):
    """A list: progress, members (filter by status and owner, 50 a page) and actions."""
    lst = get_list(list_id)
    target = fragment()
    context = {"lst": lst, "progress": svc.progress_of(db.session, lst.id)}
    if target == "outreach-progress":
        return render_block("outreach/detail.html", "progress", **context)
    if target == DNC_NOTE:
        return render_block("outreach/detail.html", "dnc_note", lst=lst,
                            excluded=svc.do_not_contact_count(db.session, lst.id))
    context |= members_context(lst, request.args)
    if target == "outreach-members":
        return make_response(render_block("outreach/detail.html", "members", **context),
                             push_url=context["here"])
    context |= {"excluded": svc.do_not_contact_count(db.session, lst.id),
                "owner_name": _owner_name(lst.owner_id),
                "summary": views.describe_filter(db.session, svc.filter_of(lst.filter_query))
                if lst.filter_query else []}
    return render_template("outreach/detail.html", **context)


def members_context(lst: OutreachList, args, clamp: bool = False) -> dict:
    """What the members section of a list's page shows for these query arguments (with
    `clamp`, a page past the end, after a removal, becomes the last one)."""
    mf = views.parse_member_filter(args)
    members, total = views.member_page(db.session, lst.id, mf)
    pages = max(1, ceil(total / views.PAGE_SIZE))
    if clamp and not members and mf.page > pages:
        mf = replace(mf, page=pages)
        members, total = views.member_page(db.session, lst.id, mf)
    return {"members": members, "total": total, "mf": mf, "pages": pages,
            "here": url_for("outreach.detail", list_id=lst.id, **mf.to_args()),
            "page_url": lambda n: url_for("outreach.detail", list_id=lst.id,
                                          **mf.to_args(page=n)),
            "owners": owners(), "owner_none": views.OWNER_NONE,
            "owner_label": _filter_owner_label(mf.owner),
            "today": clock.today(), "action_form": EmptyForm()}


def _filter_owner_label(owner: str) -> str:
    """Who the owner filter chose, in words ("" for anyone)."""
    if owner == views.OWNER_NONE:
        return "nobody"
    return (dict(owners()).get(int(owner)) or "the chosen owner") if owner else ""


def _owner_name(user_id: int | None) -> str | None:
    return dict(owners()).get(user_id) if user_id else None


# --- Editing, refreshing, deleting -------------------------------------------------------


@bp.route("/<int:list_id>/edit", methods=["GET", "POST"])
@role_required("editor")
def edit(list_id: int):
    """Rename a list, change its description or owner."""
    lst = get_list(list_id)
    members = owner_options(keep=lst.owner_id)
    form = ListForm(members=members) if request.method == "POST" else ListForm(
        formdata=None, members=members,
        data={"name": lst.name, "description": lst.description,
              "owner_id": str(lst.owner_id or "")})
    taken_id = None
    if request.method == "POST" and form.validate_on_submit():
        taken_id = svc.list_named(db.session, form.name.data, exclude_id=lst.id)
        if taken_id is not None:
            form.name.errors.append(_taken(form.name.data))
        else:
            lst.name = form.name.data
            lst.description = form.description.data or ""
            lst.owner_id = form.owner_value
            db.session.commit()
            flash("List saved.", "success")
            return redirect(url_for("outreach.detail", list_id=lst.id))
    status = 422 if request.method == "POST" else 200
    return render_template("outreach/edit.html", form=form, lst=lst,
                           taken=_list_or_none(taken_id), delete_form=EmptyForm()), status


@bp.post("/<int:list_id>/refresh")
def refresh(list_id: int):
    """Re-run the saved filter and add only the new matches."""
    lst = get_list(list_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not lst.filter_query:
        flash("This list was built by hand, so there is no filter to re-run.", "info")
        return redirect(url_for("outreach.detail", list_id=lst.id))
    try:
        added = svc.refresh(db.session, lst)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        flash("Someone refreshed this list at the same moment; refresh again.", "error")
        return redirect(url_for("outreach.detail", list_id=lst.id))
    flash(f"{added:,} new member{'s' if added != 1 else ''} added from the saved filter. "
          + owners_note(lst.owner_id) if added
          else "No new matches: everyone the filter finds is already on the list.",
          "success")
    return redirect(url_for("outreach.detail", list_id=lst.id))


@bp.post("/<int:list_id>/delete")
def delete(list_id: int):
    """Delete a list, its members and their status history (stakeholders stay)."""
    lst = get_list(list_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = lst.name
    members = svc.delete_list(db.session, lst)
    db.session.commit()
    flash(f"Outreach list \u201c{name}\u201d deleted ({members:,} member"
          f"{'s' if members != 1 else ''} taken off; the stakeholders themselves stay).",
          "success")
    return redirect(url_for("outreach.index"))


