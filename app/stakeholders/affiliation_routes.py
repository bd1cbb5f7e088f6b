"""The affiliations card of a profile: a person's ties to organisations (title, since
when), shown on both the person's and the organisation's page, added with the typeahead,
edited in place and removed. Search looks in a person's organisations' names, so it is
kept up to date."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template
from htmx_flask import make_response
from sqlalchemy.exc import IntegrityError

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain.text import fold
from app.extensions import db
from app.models import Affiliation, Stakeholder
from app.services.stakeholders import refresh_search_text
from app.stakeholders import bp
from app.stakeholders.link_routes import DISTRICT, LINK_CAP, OTHER, SID, capped, links_page
from app.stakeholders.pick import picked_stakeholder
from app.stakeholders.profile_forms import AffiliationForm, EditAffiliationForm
from app.stakeholders.profile_routes import render_detail
from app.stakeholders.profile_shared import (
    detail_url,
    is_fragment,
    read,
    stakeholder_or_404,
)
from app.tenancy import district_param

# --- Loading (one query each, joined to the other stakeholder) ----------------------------


def _affiliation_rows(s: Stakeholder, limit: int, offset: int = 0) -> list:
    """A person's organisations, or an organisation's people (id, title, since and the
    other side): one query of plain columns."""
    return read(_AFFILIATIONS[s.kind == "person"],
                {"sid": s.id, "district_id": district_param(), "limit": limit,
                 "offset": offset}).all()


def _affiliation_count(s: Stakeholder) -> int:
    return read(_AFFILIATION_COUNT[s.kind == "person"],
                {"sid": s.id, "district_id": district_param()}).scalar()


def _affiliations_of(of_person: bool) -> sa.Select:
    mine, theirs = ((Affiliation.person_id, Affiliation.organisation_id) if of_person
                    else (Affiliation.organisation_id, Affiliation.person_id))
    return (
        sa.select(Affiliation.id, Affiliation.title, Affiliation.since,
                  OTHER.id.label("other_id"), OTHER.name.label("other_name"),
                  OTHER.group.label("other_group"),
                  OTHER.engagement_current.label("other_engagement"))
        .join(OTHER, OTHER.id == theirs)
        .where(mine == SID, Affiliation.district_id == DISTRICT,
               OTHER.district_id == DISTRICT)
        .order_by(OTHER.name_key, Affiliation.id)
        .offset(sa.bindparam("offset")).limit(sa.bindparam("limit"))
    )


_AFFILIATIONS = {of_person: _affiliations_of(of_person) for of_person in (True, False)}
_AFFILIATION = {of_person: _affiliations_of(of_person).where(Affiliation.id == sa.bindparam("aid"))
                for of_person in (True, False)}
_AFFILIATION_COUNT = {
    of_person: sa.select(sa.func.count(Affiliation.id)).where(
        (Affiliation.person_id if of_person else Affiliation.organisation_id) == SID,
        Affiliation.district_id == DISTRICT)
    for of_person in (True, False)
}


def _affiliation_form(s: Stakeholder, **kwargs) -> AffiliationForm:
    form = AffiliationForm(prefix="aff", **kwargs)
    form.other_name.label.text = "Organisation" if s.kind == "person" else "Person"
    return form


def affiliations_context(s: Stakeholder, form: AffiliationForm | None = None,
                         notice: str | None = None, focus: bool = False,
                         adding: bool = False) -> dict:
    """What the affiliations card shows; its add form is open as in relationships."""
    rows, total = capped(_affiliation_rows(s, LINK_CAP + 1), lambda: _affiliation_count(s))
    if form is None and adding:
        form = _affiliation_form(s, formdata=None)
    return {"s": s, "affiliations": rows, "affiliations_total": total,
            "aff_form": form, "aff_notice": notice, "aff_focus": focus}


# --- Routes -------------------------------------------------------------------------------


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


def _title_taken(person_id: int, organisation_id: int, title: str,
                 other_than: int | None = None) -> bool:
    """Whether the person is already affiliated with the organisation under `title`
    (leaving out the affiliation `other_than`, the one being edited)."""
    statement = sa.select(Affiliation.title).where(
        Affiliation.person_id == person_id, Affiliation.organisation_id == organisation_id)
    if other_than is not None:
        statement = statement.where(Affiliation.id != other_than)
    # "Plant Manager" and "plant manager" are the same role (a pair has a few titles).
    return fold(title) in {fold(t) for t in db.session.scalars(statement)}


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
    if _title_taken(person.id, organisation.id, title):
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


def _affiliation_or_404(s: Stakeholder, affiliation_id: int) -> Affiliation:
    affiliation = db.session.get(Affiliation, affiliation_id)
    if affiliation is None or s.id not in (affiliation.person_id, affiliation.organisation_id):
        abort(404)
    return affiliation


def _affiliation_edit_page(s: Stakeholder, affiliation: Affiliation, form: EditAffiliationForm,
                           status: int = 200):
    row = read(_AFFILIATION[s.kind == "person"],
               {"sid": s.id, "district_id": district_param(), "limit": 1, "offset": 0,
                "aid": affiliation.id}).one()
    context = {"s": s, "row": row, "form": form}
    if is_fragment():
        return render_template("stakeholders/_link_affiliation_edit.html", inline=True,
                               **context), status
    return render_template("stakeholders/affiliation_edit.html", inline=False,
                           **context), status


@bp.get("/<int:stakeholder_id>/affiliations/<int:affiliation_id>/edit")
@role_required("editor")
def edit_affiliation(stakeholder_id: int, affiliation_id: int):
    """The form to change an affiliation's title or since when."""
    s = stakeholder_or_404(stakeholder_id)
    affiliation = _affiliation_or_404(s, affiliation_id)
    form = EditAffiliationForm(formdata=None, obj=affiliation, prefix=f"aff{affiliation.id}")
    return _affiliation_edit_page(s, affiliation, form)


@bp.post("/<int:stakeholder_id>/affiliations/<int:affiliation_id>")
def update_affiliation(stakeholder_id: int, affiliation_id: int):
    """Save an affiliation's title and since when; the same title twice is refused."""
    s = stakeholder_or_404(stakeholder_id)
    affiliation = _affiliation_or_404(s, affiliation_id)
    form = EditAffiliationForm(prefix=f"aff{affiliation.id}")
    if not form.validate_on_submit():
        return _affiliation_edit_page(s, affiliation, form, 422)
    title = form.title.data or ""
    if _title_taken(affiliation.person_id, affiliation.organisation_id, title,
                    other_than=affiliation.id):
        as_title = f" as {title}" if title else " without a title"
        form.title.errors.append(f"This affiliation is already recorded{as_title}.")
        return _affiliation_edit_page(s, affiliation, form, 422)
    affiliation.title, affiliation.since = title, form.since.data
    db.session.commit()
    if is_fragment():
        return _affiliations_response(s, notice="Affiliation saved.")
    flash("Affiliation saved.", "success")
    return redirect(detail_url(s, "affiliations"))


@bp.post("/<int:stakeholder_id>/affiliations/<int:affiliation_id>/delete")
def remove_affiliation(stakeholder_id: int, affiliation_id: int):
    """Remove an affiliation (from the person's or the organisation's page)."""
    s = stakeholder_or_404(stakeholder_id)
    affiliation = _affiliation_or_404(s, affiliation_id)
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
    return links_page(s, "affiliations", _affiliation_count(s),
                      lambda limit, offset: _affiliation_rows(s, limit, offset))

