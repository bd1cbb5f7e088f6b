"""Stakeholder list, search, filters, bulk actions and inline rating edits."""

from math import ceil
from urllib.parse import parse_qsl, urlencode, urlsplit

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from htmx_flask import make_response
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict

from app.auth.guard import role_required, safe_next
from app.domain.filters import StakeholderFilter, parse_filter
from app.domain.ids import parse_id
from app.domain.paging import page_links
from app.domain.vocab import GROUPS, label, role_at_least
from app.extensions import db
from app.models import Membership, School, Stakeholder, Tag, User
from app.outreach.routes import outreach_list_options
from app.services import stakeholder_query
from app.services.remembered import remembered
from app.services.stakeholder_query import stakeholder_by_id
from app.services.stakeholder_removal import delete_stakeholders
from app.services.stakeholders import (
    Ratings,
    StaleVersion,
    ensure_current,
    rate,
    ratings_fingerprint,
    refresh_search_text,
)
from app.stakeholders import bp, list_rows
from app.stakeholders.forms import RatingForm
from app.stakeholders.list_forms import BulkActionForm

OPTION_CAP = 300  # longest option list a filter select shows
MAX_PAGE = 1_000_000
# Columns whose first click sorts highest first (biggest gap, most influence).
DESC_FIRST = frozenset({"influence", "interest", "gap"})
ROWS_TARGET = "stakeholder-rows"
URL_SAFE = "!$'()*,/:;?@"  # what url_for leaves unquoted in a query string (werkzeug)


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
    version = stakeholder_query.data_version(db.session)
    total = stakeholder_query.cached_count(db.session, f, version)
    pages = max(1, ceil(total / per_page))
    offset = (page - 1) * per_page
    urls = _ListUrls(f)
    list_url = urls.page(page)
    rows = list_rows.page_rows(f, offset, per_page, version, list_url=list_url) \
        if offset < total else []
    context = {
        "f": f, "rows": rows, "total": total, "page": page, "pages": pages,
        "first": offset + 1, "last": offset + len(rows), "page_links": page_links(page, pages),
        "list_url": list_url, "selected": selected,
        "district_empty": total == 0 and (f.is_empty or not stakeholder_query.cached_count(
            db.session, StakeholderFilter(), version)),
        "sort_url": urls.sort, "page_url": urls.page,
        "rows_html": list_rows.render_rows(rows, can_edit=_can_edit(), selected=selected),
        "ignored": _ignored(args, f),
    }
    if request.htmx and request.htmx.target == ROWS_TARGET \
            and not request.htmx.history_restore_request:
        html = render_template("stakeholders/_list_rows.html", oob=True, **context)
        return make_response(html, status, push_url=list_url)
    return render_template("stakeholders/list.html", **context, options=_options(f, version),
                           bulk_fields=_bulk_fields(bulk_form, version)), status


def _ignored(args, f) -> str:
    """A word about a typed filter value the list could not use (the form's number field
    lets anything through while typing), so it is not silently dropped."""
    typed = (args.get("no_contact_days") or "").strip()
    if typed and f.no_contact_days is None:
        return (f"\u201cNo contact in (days)\u201d takes a whole number from 1 to 3,650; "
                f"\u201c{typed[:20]}\u201d is ignored.")
    return ""


def _bulk_fields(form: BulkActionForm | None, version: int | None) -> Markup:
    """The bulk form's fields. A fresh form depends only on the district's data (its
    members, tags and outreach lists), so it is drawn once per data version; a form
    posted back with errors is drawn with them."""
    draw = get_template_attribute("stakeholders/_list_bulk.html", "fields")
    tags = stakeholder_query.filter_options(db.session, g.district.id, OPTION_CAP, version,
                                            with_members=False)["tags"]
    if form is not None:  # posted back with errors: the list chosen or named stays
        return draw(form, tags, outreach_list_options(),
                    parse_id(request.form.get("outreach_list")),
                    request.form.get("new_list_name", ""))
    return remembered(db.session, ("bulk_fields", request.script_root), lambda: draw(
        BulkActionForm(formdata=None, members=_members()), tags, outreach_list_options()))


def _can_edit() -> bool:
    return role_at_least(g.get("role"), "editor")


class _ListUrls:
    """Links of one list page (pages and sorts), from one url_for and one to_args."""

    def __init__(self, f: StakeholderFilter):
        self.f = f
        self.base = url_for("stakeholders.index")
        self.args = f.to_args()
        # The filter without its sort: sort and desc are the last of to_args' keys.
        self._unsorted = {k: v for k, v in self.args.items() if k not in ("sort", "desc")}
        self._pages: dict[int, str] = {}

    def _url(self, args: dict[str, str]) -> str:
        return f"{self.base}?{urlencode(args, safe=URL_SAFE)}" if args else self.base

    def page(self, n: int) -> str:
        if n not in self._pages:
            self._pages[n] = self._url({**self.args, "page": str(n)} if n > 1 else self.args)
        return self._pages[n]

    def sort(self, key: str) -> str:
        """The first page sorted by `key` (clicking the current sort flips its direction)."""
        desc = (not self.f.desc) if self.f.sort == key else key in DESC_FIRST
        args = dict(self._unsorted)
        if key != "name":
            args["sort"] = key
        if desc:
            args["desc"] = "1"
        return self._url(args)


def _members() -> list:
    """The current district's members (owners) as (id, name) rows, cached for the request."""
    if "list_members" not in g:
        g.list_members = stakeholder_query.members(db.session, g.district.id, OPTION_CAP)
    return g.list_members


def list_with_bulk_errors(args, errors: list[str], selected: frozenset[int]):
    """The list (filter and page from `args`) drawn again at 422 with the bulk bar's
    `errors` and the same rows ticked; the bar's fields as posted. For a bulk action
    answered elsewhere (outreach's "Add to outreach list") that failed."""
    form = BulkActionForm(members=_members_with(request.form.get("owner")))
    form.form_errors = list(errors)
    g.nav_area = bp.name  # the register's page, whoever answers
    return _render_list(args, bulk_form=form, selected=selected, status=422)


def _members_with(user_id: int | str | None) -> list:
    """The capped member list, plus `user_id` when it is a member beyond the cap."""
    members = _members()
    user_id = parse_id(user_id)
    if user_id is None or user_id in {m.id for m in members}:
        return members
    extra = db.session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == g.district.id, User.id == user_id)
    ).first()
    return [*members, extra] if extra else members


def _options(f: StakeholderFilter, version: int | None) -> dict:
    """Choices for the filter selects (capped; a chosen value is always offered)."""
    cached = stakeholder_query.filter_options(db.session, g.district.id, OPTION_CAP, version,
                                              with_members=False)
    school_opts = [tuple(r) for r in cached["schools"][:OPTION_CAP]]
    tag_opts = [tuple(r) for r in cached["tags"]]
    languages = cached["languages"][:OPTION_CAP]
    owners = [(m.id, m.name) for m in _members_with(f.owner)]
    for chosen, opts, model in ((f.school, school_opts, School), (f.tag, tag_opts, Tag)):
        if chosen and chosen not in dict(opts) and (row := db.session.get(model, chosen)):
            opts.append((row.id, row.name))
    if f.language and f.language not in languages:
        languages = [*languages, f.language]
    return {"schools": school_opts, "tags": tag_opts,
            "languages": [(lang, lang) for lang in languages], "owners": owners}


# --- Bulk actions ----------------------------------------------------------------------


@bp.get("/bulk")
def bulk_page():
    """Where a bulk action answered with errors: opened again later (from the history or
    a bookmark), it leads back to the list rather than to 405, with the filter it was
    applied to (the form posts to this address with the list's query string)."""
    query = urlencode(list(request.args.items(multi=True)))
    return redirect(url_for("stakeholders.index") + (f"?{query}" if query else ""))


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
        # Deleted meanwhile (in another tab, by a colleague) or another district's: change
        # nothing, and say so on the list with the others still checked, not a bare 404.
        missing = len(ids) - len(people)
        form.ids.errors = [*form.ids.errors,
                           f"{missing:,} of the {len(ids):,} selected stakeholders no longer "
                           f"exist{'s' if missing == 1 else ''} (deleted meanwhile?). Nothing "
                           "was changed; check the selection and apply again."]
        args = MultiDict(parse_qsl(urlsplit(next_url).query))
        return _render_list(args, bulk_form=form, selected=frozenset(s.id for s in people),
                            status=404)
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
        if add:
            s.tags.append(tag)
        else:
            s.tags.remove(tag)
        refresh_search_text(db.session, s)  # the audit hook records the tags before/after
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
    delete_stakeholders(db.session, people)  # as a profile's Delete: links audited too
    return f"Deleted {_count(len(people))}."


_BULK_ACTIONS = {"add_tag": _add_tag, "remove_tag": _remove_tag,
                 "assign_owner": _assign_owner, "set_group": _set_group, "delete": _delete}


# --- Inline rating edits ---------------------------------------------------------------


def _stakeholder_or_404(stakeholder_id: int) -> Stakeholder:
    return stakeholder_by_id(db.session, stakeholder_id) or abort(404)


def _saved_notice(s: Stakeholder) -> str:
    """"Saved", and whether the row still belongs to the list it is on: a re-rating can
    move someone out of a filtered quadrant, grid cell, level or salience class. The row
    stays until the list is next loaded, so the reader sees what happened."""
    f = parse_filter(MultiDict(parse_qsl(urlsplit(
        _safe_list_url(request.values.get("next"))).query)))
    if f.keeps_ratings(s.quadrant, s.engagement_current, s.salience,
                       influence=s.influence, interest=s.interest):
        return "Saved"
    return "Saved; no longer matches this list's filters (it leaves when the list reloads)"


def _display_row(s: Stakeholder, status: int = 200, notice: str | None = None,
                 error: str | None = None, trigger: str | None = None):
    list_url = _safe_list_url(request.values.get("next"))  # the page the row is on
    html = list_rows.render_rows([list_rows.row_of(s, list_url)], can_edit=_can_edit(),
                                 notice=notice, error=error)
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
    return _rating_editor(s, RatingForm(formdata=None, obj=s).drawn_from(s))


def _rating_editor(s: Stakeholder, form: RatingForm, status: int = 200,
                   conflict: str | None = None):
    next_url = _safe_list_url(request.values.get("next"))
    if request.htmx and not request.htmx.history_restore_request:
        template = "stakeholders/_list_rating_edit_row.html"
    else:
        template = "stakeholders/_list_ratings_page.html"
    return render_template(template, s=s, form=form, next_url=next_url,
                           conflict=conflict), status


@bp.post("/<int:stakeholder_id>/ratings")
@role_required("editor")
def update_ratings(stakeholder_id: int):
    """Save new ratings (dated in the history); htmx gets the display row back."""
    s = _stakeholder_or_404(stakeholder_id)
    form = RatingForm()
    if not form.validate_on_submit():
        return _rating_editor(s, form, 422)
    try:
        ensure_current(s, form.version.data, form.seen.data, ratings_fingerprint(s))
        rate(db.session, s, Ratings(**form.ratings_kwargs()), by_user_id=current_user.id,
             note=form.note.data or "")
        db.session.commit()
    except (StaleVersion, StaleDataError):
        # Someone saved first: the editor again, with what the user typed and what is
        # stored now, so nothing typed is lost and overwriting theirs is deliberate.
        db.session.rollback()
        s = _stakeholder_or_404(stakeholder_id)
        return _rating_editor(s, form, 409, conflict=form.after_conflict(s))
    if request.htmx:
        return _display_row(s, notice=_saved_notice(s), trigger="stakeholders-changed")
    flash(f"Saved the ratings of {s.name}.", "success")
    return redirect(_safe_list_url(request.form.get("next")))
