"""Affiliations, relationships and the stakeholder typeahead on the profile page.

A relationship is stored once per pair (lower id first); a person's affiliation ties
them to an organisation. Every id in a URL or a form is loaded through the
district-scoped ORM, so another district's ids are simply "not found".
"""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request
from htmx_flask import make_response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain.filters import parse_filter
from app.domain.vocab import RELATIONSHIP_TYPES, label
from app.extensions import db
from app.models import Affiliation, Relationship, Stakeholder
from app.services import stakeholder_query
from app.services.stakeholders import refresh_search_text
from app.stakeholders import bp
from app.stakeholders.link_rows import render_relationship_rows
from app.stakeholders.pick import picked_stakeholder
from app.stakeholders.profile_forms import AffiliationForm, EditRelationshipForm, RelationshipForm
from app.stakeholders.profile_routes import (
    detail_url,
    is_fragment,
    read,
    render_detail,
    stakeholder_or_404,
)
from app.tenancy import district_param

LINK_CAP = 100  # relationships/affiliations on the detail page; "show all" pages on
LINK_PAGE = 100
SEARCH_LIMIT = 10
# "The other stakeholder" of a relationship or affiliation. Made once: building an alias
# of Stakeholder sets up its ~35 columns (about 1.3 ms a call).
_OTHER = aliased(Stakeholder, name="other")


# --- Loading (one query each, joined to the other stakeholder) ----------------------------


def _relationship_rows(s: Stakeholder, limit: int, offset: int = 0,
                       relationship_id: int | None = None) -> list:
    """The stakeholder's relationships in both directions (id, type, strength, note), with
    the other side's name, group and engagement, strongest first: one query of plain
    columns (no ORM objects), no N+1."""
    params = {"sid": s.id, "district_id": district_param(), "limit": limit, "offset": offset}
    if relationship_id is None:
        return read(_RELATIONSHIPS, params).all()
    return read(_RELATIONSHIPS.where(Relationship.id == relationship_id), params).all()


def _relationship_count(s: Stakeholder) -> int:
    return read(_RELATIONSHIP_COUNT, {"sid": s.id, "district_id": district_param()}).scalar()


def _affiliation_rows(s: Stakeholder, limit: int, offset: int = 0) -> list:
    """A person's organisations, or an organisation's people (id, title, since and the
    other side): one query of plain columns."""
    return read(_AFFILIATIONS[s.kind == "person"],
                {"sid": s.id, "district_id": district_param(), "limit": limit,
                 "offset": offset}).all()


def _affiliation_count(s: Stakeholder) -> int:
    return read(_AFFILIATION_COUNT[s.kind == "person"],
                {"sid": s.id, "district_id": district_param()}).scalar()


# The statements above, built once: their values are parameters, and each is scoped to
# the district by hand (`district_param`), as they run as Core.
_SID, _DISTRICT = sa.bindparam("sid"), sa.bindparam("district_id")
_RELATIONSHIPS = (
    sa.select(Relationship.id, Relationship.type, Relationship.strength, Relationship.note,
              _OTHER.id.label("other_id"), _OTHER.name.label("other_name"),
              _OTHER.kind.label("other_kind"), _OTHER.group.label("other_group"),
              _OTHER.engagement_current.label("other_engagement"))
    .join(_OTHER, sa.or_(
        sa.and_(Relationship.source_id == _SID, _OTHER.id == Relationship.target_id),
        sa.and_(Relationship.target_id == _SID, _OTHER.id == Relationship.source_id),
    ))
    .where(sa.or_(Relationship.source_id == _SID, Relationship.target_id == _SID),
           Relationship.district_id == _DISTRICT, _OTHER.district_id == _DISTRICT)
    .order_by(Relationship.strength.desc(), _OTHER.name_key, Relationship.id)
    .offset(sa.bindparam("offset")).limit(sa.bindparam("limit"))
)
_RELATIONSHIP_COUNT = (
    sa.select(sa.func.count(Relationship.id))
    .where(sa.or_(Relationship.source_id == _SID, Relationship.target_id == _SID),
           Relationship.district_id == _DISTRICT)
)


def _affiliations_of(of_person: bool) -> sa.Select:
    mine, theirs = ((Affiliation.person_id, Affiliation.organisation_id) if of_person
                    else (Affiliation.organisation_id, Affiliation.person_id))
    return (
        sa.select(Affiliation.id, Affiliation.title, Affiliation.since,
                  _OTHER.id.label("other_id"), _OTHER.name.label("other_name"),
                  _OTHER.group.label("other_group"),
                  _OTHER.engagement_current.label("other_engagement"))
        .join(_OTHER, _OTHER.id == theirs)
        .where(mine == _SID, Affiliation.district_id == _DISTRICT,
               _OTHER.district_id == _DISTRICT)
        .order_by(_OTHER.name_key, Affiliation.id)
        .offset(sa.bindparam("offset")).limit(sa.bindparam("limit"))
    )


_AFFILIATIONS = {of_person: _affiliations_of(of_person) for of_person in (True, False)}
_AFFILIATION_COUNT = {
    of_person: sa.select(sa.func.count(Affiliation.id)).where(
        (Affiliation.person_id if of_person else Affiliation.organisation_id) == _SID,
        Affiliation.district_id == _DISTRICT)
    for of_person in (True, False)
}


def _capped(rows: list, count) -> tuple[list, int]:
    shown = rows[:LINK_CAP]
    return shown, count() if len(rows) > LINK_CAP else len(shown)


def _relationship_form(**kwargs) -> RelationshipForm:
    return RelationshipForm(prefix="rel", **kwargs)


def _affiliation_form(s: Stakeholder, **kwargs) -> AffiliationForm:
    form = AffiliationForm(prefix="aff", **kwargs)
    form.other_name.label.text = "Organisation" if s.kind == "person" else "Person"
    return form


def relationships_context(s: Stakeholder, form: RelationshipForm | None = None,
                          notice: str | None = None, focus: bool = False,
                          adding: bool = False) -> dict:
    """What the relationships card shows. Its add form is open when `adding` (or when
    `form` carries what was posted); closed, the card offers an "Add a relationship"
    button that opens it."""
    rows, total = _capped(_relationship_rows(s, LINK_CAP + 1), lambda: _relationship_count(s))
    if form is None and adding:
        form = _relationship_form(formdata=None)
    return {"s": s, "relationships": rows, "relationships_total": total,
            "relationship_rows": render_relationship_rows(s, rows),
            "rel_form": form, "rel_notice": notice, "rel_focus": focus}


def affiliations_context(s: Stakeholder, form: AffiliationForm | None = None,
                         notice: str | None = None, focus: bool = False,
                         adding: bool = False) -> dict:
    """What the affiliations card shows; its add form is open as in relationships."""
    rows, total = _capped(_affiliation_rows(s, LINK_CAP + 1), lambda: _affiliation_count(s))
    if form is None and adding:
        form = _affiliation_form(s, formdata=None)
    return {"s": s, "affiliations": rows, "affiliations_total": total,
            "aff_form": form, "aff_notice": notice, "aff_focus": focus}


# --- Resolving "the other stakeholder" from a form -----------------------------------------




# --- Relationships ---------------------------------------------------------------------------


def _type_label(value: str) -> str:
    return label(RELATIONSHIP_TYPES, value).lower()


def _duplicate_message(a: str, b: str, type_: str) -> str:
    return (f"{a} and {b} are already linked as {_type_label(type_)}; "
            "edit that relationship instead.")


def _relationships_response(s: Stakeholder, status: int = 200, **context):
    html = render_template("stakeholders/_link_relationships.html",
                           **relationships_context(s, **context))
    trigger = {"relationships-changed": {"id": s.id}} if status == 200 else None
    return make_response(html, status, trigger=trigger)


def existing_relationship(source_id: int, target_id: int) -> Relationship | None:
    """The relationship already stored for this (ordered) pair, if any."""
    return db.session.scalar(sa.select(Relationship).where(
        Relationship.source_id == source_id, Relationship.target_id == target_id))


def _add_relationship(s: Stakeholder, form: RelationshipForm) -> bool:
    """Validate and insert; False (with a message on the form) when refused."""
    other = picked_stakeholder(form)
    if other is None:
        return False
    if other.id == s.id:
        form.other_name.errors.append("A stakeholder can't have a relationship with themselves.")
        return False
    source_id, target_id = sorted((s.id, other.id))
    existing = existing_relationship(source_id, target_id)
    if existing is not None:
        form.other_name.errors.append(_duplicate_message(s.name, other.name, existing.type))
        return False
    names = (s.name, other.name)
    db.session.add(Relationship(source_id=source_id, target_id=target_id, type=form.type.data,
                                strength=form.strength.data, note=form.note.data or ""))
    try:
        db.session.commit()
    except IntegrityError:  # someone linked the same pair a moment ago
        db.session.rollback()
        form.other_name.errors.append(_duplicate_message(*names, form.type.data))
        return False
    return True


@bp.get("/<int:stakeholder_id>/relationships/new")
@role_required("editor")
def new_relationship(stakeholder_id: int):
    """Open the add-a-relationship form: in its card for htmx, on the page otherwise."""
    s = stakeholder_or_404(stakeholder_id)
    context = relationships_context(s, adding=True, focus=True)
    if is_fragment():
        return render_template("stakeholders/_link_relationships.html", **context)
    return render_detail(s, overrides=context)


@bp.post("/<int:stakeholder_id>/relationships")
def add_relationship(stakeholder_id: int):
    """Link this stakeholder to another one (stored once per pair)."""
    s = stakeholder_or_404(stakeholder_id)
    form = _relationship_form()
    if form.validate_on_submit() and _add_relationship(s, form):
        if is_fragment():
            return _relationships_response(s, notice="Relationship added.", focus=True,
                                           adding=True)
        flash("Relationship added.", "success")
        return redirect(detail_url(s, "relationships"))
    if is_fragment():
        return _relationships_response(s, 422, form=form, focus=True)
    return render_detail(s, 422, relationships_context(s, form=form))


def _relationship_or_404(s: Stakeholder, relationship_id: int) -> Relationship:
    rel = db.session.get(Relationship, relationship_id)
    if rel is None or s.id not in (rel.source_id, rel.target_id):
        abort(404)
    return rel


@bp.get("/<int:stakeholder_id>/relationships/<int:relationship_id>/edit")
def edit_relationship(stakeholder_id: int, relationship_id: int):
    """The form to change a relationship's type, strength or note."""
    s = stakeholder_or_404(stakeholder_id)
    rel = _relationship_or_404(s, relationship_id)
    form = EditRelationshipForm(formdata=None, obj=rel, prefix=f"rel{rel.id}")
    return _relationship_edit_page(s, rel, form)


def _relationship_edit_page(s: Stakeholder, rel: Relationship, form, status: int = 200):
    row = _relationship_rows(s, 1, relationship_id=rel.id)[0]
    context = {"s": s, "row": row, "form": form}
    if is_fragment():
        return render_template("stakeholders/_link_relationship_edit.html", inline=True,
                               **context), status
    return render_template("stakeholders/relationship_edit.html", inline=False,
                           **context), status


@bp.post("/<int:stakeholder_id>/relationships/<int:relationship_id>")
def update_relationship(stakeholder_id: int, relationship_id: int):
    """Save a relationship's type, strength and note."""
    s = stakeholder_or_404(stakeholder_id)
    rel = _relationship_or_404(s, relationship_id)
    form = EditRelationshipForm(prefix=f"rel{rel.id}")
    if not form.validate_on_submit():
        return _relationship_edit_page(s, rel, form, 422)
    rel.type, rel.strength, rel.note = form.type.data, form.strength.data, form.note.data or ""
    db.session.commit()
    if is_fragment():
        return _relationships_response(s, notice="Relationship saved.")
    flash("Relationship saved.", "success")
    return redirect(detail_url(s, "relationships"))


@bp.post("/<int:stakeholder_id>/relationships/<int:relationship_id>/delete")
def remove_relationship(stakeholder_id: int, relationship_id: int):
    """Remove a relationship (from both stakeholders' pages)."""
    s = stakeholder_or_404(stakeholder_id)
    rel = _relationship_or_404(s, relationship_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    db.session.delete(rel)
    db.session.commit()
    if is_fragment():
        return _relationships_response(s, notice="Relationship removed.")
    flash("Relationship removed.", "success")
    return redirect(detail_url(s, "relationships"))


@bp.get("/<int:stakeholder_id>/relationships")
def relationships(stakeholder_id: int):
    """All of a stakeholder's relationships, a page at a time."""
    s = stakeholder_or_404(stakeholder_id)
    total = _relationship_count(s)
    pages = max(1, -(-total // LINK_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    rows = _relationship_rows(s, LINK_PAGE, (page - 1) * LINK_PAGE)
    return render_template("stakeholders/links.html", s=s, what="relationships", rows=rows,
                           page=page, pages=pages, total=total)


# --- Affiliations ----------------------------------------------------------------------------


def _affiliations_response(s: Stakeholder, status: int = 200, **context):
    html = render_template("stakeholders/_link_affiliations.html",
                           **affiliations_context(s, **context))
    trigger = {"affiliations-changed": {"id": s.id}} if status == 200 else None
    return make_response(html, status, trigger=trigger)


def _affiliation_problem(s: Stakeholder, other: Stakeholder) -> str | None:
    if other.id == s.id:
        return "A stakeholder can't be affiliated with themselves."
    if other.kind == s.kind:
        if s.kind == "person":
            return (f"{other.name} is a person. Affiliations link a person to an "
                    "organisation; add a relationship between two people instead.")
        return (f"{other.name} is an organisation. Affiliations link a person to an "
                "organisation; add a relationship between two organisations instead.")
    return None


def _add_affiliation(s: Stakeholder, form: AffiliationForm) -> bool:
    """Validate and insert; False (with a message on the form) when refused."""
    other = picked_stakeholder(form)
    if other is None:
        return False
    problem = _affiliation_problem(s, other)
    if problem:
        form.other_name.errors.append(problem)
        return False
    person, organisation = (s, other) if s.kind == "person" else (other, s)
    title = form.title.data or ""
    as_title = f" as {title}" if title else ""
    duplicate = (f"{person.name} is already affiliated with {organisation.name}{as_title}.")
    exists = db.session.scalar(sa.select(Affiliation.id).where(
        Affiliation.person_id == person.id, Affiliation.organisation_id == organisation.id,
        Affiliation.title == title))
    if exists:
        form.other_name.errors.append(duplicate)
        return False
    db.session.add(Affiliation(person_id=person.id, organisation_id=organisation.id,
                               title=title, since=form.since.data))
    try:
        db.session.flush()
        refresh_search_text(db.session, person)  # search looks in organisation names
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.other_name.errors.append(duplicate)
        return False
    return True


@bp.get("/<int:stakeholder_id>/affiliations/new")
@role_required("editor")
def new_affiliation(stakeholder_id: int):
    """Open the add-an-affiliation form: in its card for htmx, on the page otherwise."""
    s = stakeholder_or_404(stakeholder_id)
    context = affiliations_context(s, adding=True, focus=True)
    if is_fragment():
        return render_template("stakeholders/_link_affiliations.html", **context)
    return render_detail(s, overrides=context)


@bp.post("/<int:stakeholder_id>/affiliations")
def add_affiliation(stakeholder_id: int):
    """Tie a person to an organisation (from either one's page)."""
    s = stakeholder_or_404(stakeholder_id)
    form = _affiliation_form(s)
    if form.validate_on_submit() and _add_affiliation(s, form):
        if is_fragment():
            return _affiliations_response(s, notice="Affiliation added.", focus=True,
                                          adding=True)
        flash("Affiliation added.", "success")
        return redirect(detail_url(s, "affiliations"))
    if is_fragment():
        return _affiliations_response(s, 422, form=form, focus=True)
    return render_detail(s, 422, affiliations_context(s, form=form))


@bp.post("/<int:stakeholder_id>/affiliations/<int:affiliation_id>/delete")
def remove_affiliation(stakeholder_id: int, affiliation_id: int):
    """Remove an affiliation (from the person's or the organisation's page)."""
    s = stakeholder_or_404(stakeholder_id)
    affiliation = db.session.get(Affiliation, affiliation_id)
    if affiliation is None or s.id not in (affiliation.person_id, affiliation.organisation_id):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    person_id = affiliation.person_id
    db.session.delete(affiliation)
    db.session.flush()
    refresh_search_text(db.session, stakeholder_or_404(person_id))
    db.session.commit()
    if is_fragment():
        return _affiliations_response(s, notice="Affiliation removed.")
    flash("Affiliation removed.", "success")
    return redirect(detail_url(s, "affiliations"))


@bp.get("/<int:stakeholder_id>/affiliations")
def affiliations(stakeholder_id: int):
    """All of a stakeholder's affiliations, a page at a time."""
    s = stakeholder_or_404(stakeholder_id)
    total = _affiliation_count(s)
    pages = max(1, -(-total // LINK_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    rows = _affiliation_rows(s, LINK_PAGE, (page - 1) * LINK_PAGE)
    return render_template("stakeholders/links.html", s=s, what="affiliations", rows=rows,
                           page=page, pages=pages, total=total)


# --- Typeahead ------------------------------------------------------------------------------


def _search_text() -> str:
    """The typed text: `q`, or the typeahead input's own (possibly prefixed) name."""
    if request.args.get("q"):
        return request.args["q"]
    for key, value in request.args.items():
        if key.endswith("other_name") and value:
            return value
    return ""


@bp.get("/search")
def search():
    """Up to ten stakeholders matching the typed text (for the typeahead)."""
    kind = request.args.get("kind", "")
    f = parse_filter({"q": _search_text(), "kind": kind})
    exclude = request.args.get("exclude", type=int)
    results = []
    if f.q:
        dialect = db.session.get_bind().dialect.name
        statement = stakeholder_query.filtered(
            f, dialect, Stakeholder.id, Stakeholder.name, Stakeholder.kind, Stakeholder.group,
            Stakeholder.city)
        if exclude:
            statement = statement.where(Stakeholder.id != exclude)
        results = db.session.execute(
            stakeholder_query.ordered(statement, f).limit(SEARCH_LIMIT)).all()
    context = {"results": results, "q": f.q, "kind": f.kind, "exclude": exclude,
               "target": request.args.get("target", "")}
    if is_fragment():
        return render_template("stakeholders/_link_matches.html", **context)
    return render_template("stakeholders/search.html", **context)

