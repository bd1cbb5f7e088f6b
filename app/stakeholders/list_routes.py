"""Stakeholder list, search, filters, bulk actions and inline rating edits."""

from math import ceil
from urllib.parse import parse_qsl, urlsplit

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from app import audit
from app.auth.guard import role_required, safe_next
from app.domain.filters import StakeholderFilter, parse_filter
from app.domain.vocab import GROUPS, label
from app.extensions import db
from app.models import Membership, School, Stakeholder, StakeholderLanguage, Tag, User
from app.services import stakeholder_query
from app.services.stakeholders import (
    Ratings,
    StaleVersion,
    ensure_current,
    rate,
    refresh_search_text,
)
from app.stakeholders import bp
from app.stakeholders.forms import RatingForm
from app.stakeholders.list_forms import BulkActionForm

OPTION_CAP = 300  # longest option list a filter select shows
MAX_PAGE = 1_000_000
# Columns whose first click sorts highest first (biggest gap, most influence).
DESC_FIRST = frozenset({"influence", "interest", "gap"})
ROWS_TARGET = "stakeholder-rows"
CONFLICT = ("Someone else changed this first — your ratings were not saved. "
            "The row now shows the latest ratings; edit again if needed.")


# --- The list ------------------------------------------------------------------------


@bp.get("/")
def index():
    """The stakeholder register: search, filter, sort and page through it."""
    return _render_list(request.args)


def _render_list(args, *, bulk_form: BulkActionForm | None = None,
                 selected: frozenset[int] = frozenset(), status: int = 200):
    f = parse_filter(args)
    per_page = current_app.config["PAGE_SIZE"]
    page = min(max(args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    total = stakeholder_query.cached_count(db.session, f)
    pages = max(1, ceil(total / per_page))
    offset = (page - 1) * per_page
    rows = _page_rows(f, offset, per_page) if offset < total else []
    list_url = _list_url(f, page)
    context = {
        "f": f, "rows": rows, "total": total, "page": page, "pages": pages,
        "first": offset + 1, "last": offset + len(rows), "page_links": _page_links(page, pages),
        "list_url": list_url, "selected": selected,
        "district_empty": total == 0 and (f.is_empty or not _district_has_stakeholders()),
        "sort_url": lambda key: _sort_url(f, key), "page_url": lambda n: _list_url(f, n),
    }
    if request.htmx and request.htmx.target == ROWS_TARGET \
            and not request.htmx.history_restore_request:
        html = render_template("stakeholders/_list_rows.html", **context)
        return make_response(html, status, push_url=list_url)
    form = bulk_form or BulkActionForm(formdata=None, members=_members())
    return render_template("stakeholders/list.html", **context, options=_options(f),
                           bulk_form=form), status


def _page_rows(f: StakeholderFilter, offset: int, limit: int) -> list[Stakeholder]:
    """One page of stakeholders in the filter's order.

    The ids are paged first (LIMIT/OFFSET over the sort index alone), then only those
    rows are loaded with their owner, so a deep page doesn't read the skipped rows.
    """
    dialect = db.session.get_bind().dialect.name
    page_ids = stakeholder_query.ordered(
        stakeholder_query.filtered(f, dialect, Stakeholder.id), f
    ).limit(limit).offset(offset)
    statement = sa.select(Stakeholder).where(Stakeholder.id.in_(page_ids))
    return db.session.scalars(stakeholder_query.ordered(statement, f)).all()


def _list_url(f: StakeholderFilter, page: int = 1) -> str:
    return url_for("stakeholders.index", **f.to_args(), page=page if page > 1 else None)


def _sort_url(f: StakeholderFilter, key: str) -> str:
    desc = (not f.desc) if f.sort == key else key in DESC_FIRST
    return url_for("stakeholders.index", **f.to_args(sort=key, desc=desc))


def _page_links(page: int, pages: int) -> list[int | None]:
    """Page numbers to offer: first, last and two either side of the current (None: gap)."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links: list[int | None] = []
    for n in wanted:
        if links and n - links[-1] > 1:
            links.append(None)
        links.append(n)
    return links


def _district_has_stakeholders() -> bool:
    return db.session.scalar(sa.select(Stakeholder.id).limit(1)) is not None


def _members() -> list[User]:
    """The current district's members (owners), cached for the request."""
    if "list_members" not in g:
        g.list_members = db.session.scalars(
            sa.select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.district_id == g.district.id)
            .order_by(sa.func.lower(User.name), User.id).limit(OPTION_CAP)
        ).all()
    return g.list_members


def _members_with(user_id: int | str | None) -> list[User]:
    """The capped member list, plus `user_id` when it is a member beyond the cap."""
    members = _members()
    if not str(user_id or "").isdigit() or int(user_id) in {m.id for m in members}:
        return members
    extra = db.session.scalar(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == g.district.id, User.id == int(user_id))
    )
    return [*members, extra] if extra else members


def _options(f: StakeholderFilter) -> dict:
    """Choices for the filter selects (capped; a chosen value is always offered)."""
    if "list_options" in g:
        return g.list_options
    schools = db.session.scalars(sa.select(School).order_by(School.name).limit(OPTION_CAP)).all()
    tags = db.session.scalars(sa.select(Tag).order_by(Tag.name).limit(OPTION_CAP)).all()
    languages = db.session.scalars(
        sa.select(StakeholderLanguage.language).distinct()
        .order_by(StakeholderLanguage.language).limit(OPTION_CAP)
    ).all()
    owners = [(m.id, m.name) for m in _members_with(f.owner)]
    school_opts = [(s.id, s.name) for s in schools]
    tag_opts = [(t.id, t.name) for t in tags]
    for chosen, opts, model in ((f.school, school_opts, School), (f.tag, tag_opts, Tag)):
        if chosen and chosen not in dict(opts) and (row := db.session.get(model, chosen)):
            opts.append((row.id, row.name))
    if f.language and f.language not in languages:
        languages = [*languages, f.language]
    g.list_options = {"schools": school_opts, "tags": tag_opts, "languages": languages,
                      "owners": owners}
    return g.list_options


# --- Bulk actions ----------------------------------------------------------------------


@bp.post("/bulk")
@role_required("editor")
def bulk():
    """Tag, untag, assign an owner, set the group of, or delete the selected stakeholders."""
    form = BulkActionForm(members=_members_with(request.form.get("owner")))
    next_url = _safe_list_url(form.next.data)
    if not form.validate_on_submit():
        args = MultiDict(parse_qsl(urlsplit(next_url).query))
        return _render_list(args, bulk_form=form, selected=frozenset(form.ids.data or ()),
                            status=422)
    ids = form.selected_ids
    people = db.session.scalars(
        sa.select(Stakeholder).where(Stakeholder.id.in_(ids)).order_by(Stakeholder.name_key)
    ).all()
    if len(people) != len(ids):
        abort(404)  # another district's, or deleted meanwhile: change nothing
    if form.action.data == "delete" and not form.confirmed:
        return render_template("stakeholders/_list_confirm_delete.html", form=form,
                               people=people, next_url=next_url)
    with db.session.no_autoflush:
        message = _BULK_ACTIONS[form.action.data](form, people)
    db.session.commit()
    flash(message, "success")
    return redirect(next_url)


def _safe_list_url(target: str | None) -> str:
    """`target` when it is a local path inside the list, else the list itself."""
    base = url_for("stakeholders.index")
    target = safe_next(target)
    if target and target.startswith(base) and target.isprintable():
        return target
    return base


def _count(n: int) -> str:
    return f"{n:,} stakeholder{'' if n == 1 else 's'}"


def _find_tag(name: str) -> Tag | None:
    exact = db.session.scalar(sa.select(Tag).where(Tag.name == name))
    return exact or db.session.scalar(
        sa.select(Tag).where(sa.func.lower(Tag.name) == name.lower()).order_by(Tag.id).limit(1)
    )


def _retag(people: list[Stakeholder], tag: Tag, add: bool) -> int:
    """Add or remove `tag`, keep search text current, audit each change; returns how many."""
    changed = 0
    for s in people:
        if (tag in s.tags) == add:
            continue
        before = sorted(t.name for t in s.tags)
        if add:
            s.tags.append(tag)
        else:
            s.tags.remove(tag)
        refresh_search_text(db.session, s)
        after = sorted(t.name for t in s.tags)
        # Collection changes are not row changes: record them ourselves.
        audit.record(db.session, "update", "Stakeholder", s.id, s.name,
                     {"tags": {"before": before, "after": after}})
        changed += 1
    return changed


def _add_tag(form: BulkActionForm, people: list[Stakeholder]) -> str:
    name = form.tag.data
    tag = _find_tag(name)
    if tag is None:
        tag = Tag(name=name)
        db.session.add(tag)
    changed = _retag(people, tag, add=True)
    already = len(people) - changed
    extra = f" ({already:,} already had it)" if already else ""
    return f"Tagged {_count(changed)} '{tag.name}'{extra}."


def _remove_tag(form: BulkActionForm, people: list[Stakeholder]) -> str:
    tag = _find_tag(form.tag.data)
    changed = _retag(people, tag, add=False) if tag else 0
    if not changed:
        return f"None of the selected stakeholders had the tag '{form.tag.data}'; nothing changed."
    return f"Removed the tag '{tag.name}' from {_count(changed)}."


def _assign_owner(form: BulkActionForm, people: list[Stakeholder]) -> str:
    owner = form.owner_user
    for s in people:
        s.owner_id = owner.id  # the column, so the audit sees before and after
    return f"Assigned {_count(len(people))} to {owner.name}."


def _set_group(form: BulkActionForm, people: list[Stakeholder]) -> str:
    for s in people:
        s.group = form.group.data
    return f"Moved {_count(len(people))} to the group {label(GROUPS, form.group.data)}."


def _delete(_form: BulkActionForm, people: list[Stakeholder]) -> str:
    for s in people:
        db.session.delete(s)
    return f"Deleted {_count(len(people))}."


_BULK_ACTIONS = {"add_tag": _add_tag, "remove_tag": _remove_tag,
                 "assign_owner": _assign_owner, "set_group": _set_group, "delete": _delete}


# --- Inline rating edits ---------------------------------------------------------------


def _stakeholder_or_404(stakeholder_id: int) -> Stakeholder:
    return db.session.get(Stakeholder, stakeholder_id) or abort(404)


def _display_row(s: Stakeholder, status: int = 200, notice: str | None = None,
                 error: str | None = None, trigger: str | None = None):
    html = render_template("stakeholders/_list_row.html", s=s, notice=notice, error=error)
    return make_response(html, status, trigger=trigger)


@bp.get("/<int:stakeholder_id>/row")
def row(stakeholder_id: int):
    """One stakeholder's list row (htmx: cancel an inline edit)."""
    return _display_row(_stakeholder_or_404(stakeholder_id))


@bp.get("/<int:stakeholder_id>/ratings/edit")
@role_required("editor")
def edit_ratings(stakeholder_id: int):
    """The compact rating form: a table row for htmx, a page without JavaScript."""
    s = _stakeholder_or_404(stakeholder_id)
    return _rating_editor(s, RatingForm(formdata=None, obj=s))


def _rating_editor(s: Stakeholder, form: RatingForm, status: int = 200):
    next_url = _safe_list_url(request.values.get("next"))
    if request.htmx and not request.htmx.history_restore_request:
        template = "stakeholders/_list_rating_edit_row.html"
    else:
        template = "stakeholders/_list_ratings_page.html"
    return render_template(template, s=s, form=form, next_url=next_url), status


@bp.post("/<int:stakeholder_id>/ratings")
@role_required("editor")
def update_ratings(stakeholder_id: int):
    """Save new ratings (dated in the history); htmx gets the display row back."""
    s = _stakeholder_or_404(stakeholder_id)
    form = RatingForm()
    if not form.validate_on_submit():
        return _rating_editor(s, form, 422)
    try:
        ensure_current(s, form.version.data)
        rate(db.session, s, Ratings(**form.ratings_kwargs()), by_user_id=current_user.id,
             note=form.note.data or "")
        db.session.commit()
    except (StaleVersion, StaleDataError):
        if not request.htmx:
            raise  # the app's 409 page
        db.session.rollback()
        return _display_row(_stakeholder_or_404(stakeholder_id), 409, error=CONFLICT)
    if request.htmx:
        return _display_row(s, notice="Saved", trigger="stakeholders-changed")
    flash(f"Saved the ratings of {s.name}.", "success")
    return redirect(_safe_list_url(request.form.get("next")))
