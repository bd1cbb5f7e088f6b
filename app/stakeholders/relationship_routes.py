"""The relationships card of a profile: two stakeholders linked by a type (colleague,
family, board member...) and a strength, stored once per pair (lower id first), listed
on both sides, added with the typeahead, edited in place and removed."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template
from htmx_flask import make_response
from sqlalchemy.exc import IntegrityError

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain.vocab import RELATIONSHIP_TYPES, label
from app.extensions import db
from app.models import Relationship, Stakeholder
from app.stakeholders import bp
from app.stakeholders.link_routes import DISTRICT, LINK_CAP, OTHER, SID, capped, links_page
from app.stakeholders.link_rows import render_relationship_rows
from app.stakeholders.pick import picked_stakeholder
from app.stakeholders.profile_forms import EditRelationshipForm, RelationshipForm
from app.stakeholders.profile_routes import render_detail
from app.stakeholders.profile_shared import (
    detail_url,
    is_fragment,
    read,
    stakeholder_or_404,
)
from app.tenancy import district_param

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


_RELATIONSHIPS = (
    sa.select(Relationship.id, Relationship.type, Relationship.strength, Relationship.note,
              OTHER.id.label("other_id"), OTHER.name.label("other_name"),
              OTHER.kind.label("other_kind"), OTHER.group.label("other_group"),
              OTHER.engagement_current.label("other_engagement"))
    .join(OTHER, sa.or_(
        sa.and_(Relationship.source_id == SID, OTHER.id == Relationship.target_id),
        sa.and_(Relationship.target_id == SID, OTHER.id == Relationship.source_id),
    ))
    .where(sa.or_(Relationship.source_id == SID, Relationship.target_id == SID),
           Relationship.district_id == DISTRICT, OTHER.district_id == DISTRICT)
    .order_by(Relationship.strength.desc(), OTHER.name_key, Relationship.id)
    .offset(sa.bindparam("offset")).limit(sa.bindparam("limit"))
)
_RELATIONSHIP_COUNT = (
    sa.select(sa.func.count(Relationship.id))
    .where(sa.or_(Relationship.source_id == SID, Relationship.target_id == SID),
           Relationship.district_id == DISTRICT)
)


def _relationship_form(**kwargs) -> RelationshipForm:
    return RelationshipForm(prefix="rel", **kwargs)


def relationships_context(s: Stakeholder, form: RelationshipForm | None = None,
                          notice: str | None = None, focus: bool = False,
                          adding: bool = False) -> dict:
    """What the relationships card shows. Its add form is open when `adding` (or when
    `form` carries what was posted); closed, the card offers an "Add a relationship"
    button that opens it."""
    rows, total = capped(_relationship_rows(s, LINK_CAP + 1), lambda: _relationship_count(s))
    if form is None and adding:
        form = _relationship_form(formdata=None)
    return {"s": s, "relationships": rows, "relationships_total": total,
            "relationship_rows": render_relationship_rows(s, rows),
            "rel_form": form, "rel_notice": notice, "rel_focus": focus}


# --- Routes -------------------------------------------------------------------------------


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
@role_required("editor")
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
    return links_page(s, "relationships", _relationship_count(s),
                      lambda limit, offset: _relationship_rows(s, limit, offset))

