"""Stakeholder profiles: create, view, edit in place and delete.

Ratings and their history live in rating_routes, relationships in relationship_routes,
affiliations in affiliation_routes, and what those two share (with the typeahead) in
link_routes. They are imported at the bottom and render their own cards of the detail
page. What they all share is in profile_shared; the form's list fields in profile_fields.
"""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm.exc import StaleDataError

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain.ratings import UNASSESSED
from app.extensions import db
from app.models import Affiliation, Stakeholder
from app.services.stakeholder_removal import delete_stakeholders
from app.services.stakeholders import (
    Ratings,
    StaleVersion,
    ensure_current,
    rate,
    refresh_derived,
    refresh_search_text,
)
from app.stakeholders import bp, profile_fields
from app.stakeholders.profile_forms import EditProfileForm, NewStakeholderForm
from app.stakeholders.profile_shared import (
    card_context,
    detail_url,
    duplicates,
    is_fragment,
    key_messages_context,
    stakeholder_or_404,
)


def _detail_context(s: Stakeholder, overrides: dict) -> dict:
    context = card_context(s, duplicates=duplicates(s))
    context |= rating_routes.history_context(s)
    context |= rating_routes.ratings_context(s, history=context["history"])
    context |= relationship_routes.relationships_context(s)
    context |= affiliation_routes.affiliations_context(s)
    context |= key_messages_context(s)
    context |= overrides
    return context


def render_detail(s: Stakeholder, status: int = 200, overrides: dict | None = None):
    """The full detail page (e.g. re-rendered with a form's errors when JS is off)."""
    context = _detail_context(s, overrides or {})
    return render_template("stakeholders/detail.html", **context), status


# Cards of the detail page an htmx request can ask for by HX-Target (e.g. a Cancel link).
_CARDS = {
    "profile-card": ("stakeholders/_profile_card.html", card_context),
    "ratings-card": ("stakeholders/_profile_ratings.html",
                     lambda s: rating_routes.ratings_context(s)),
    "rating-history": ("stakeholders/_profile_history.html",
                       lambda s: rating_routes.history_context(s)),
    "relationships": ("stakeholders/_link_relationships.html",
                      lambda s: relationship_routes.relationships_context(s)),
    "affiliations": ("stakeholders/_link_affiliations.html",
                     lambda s: affiliation_routes.affiliations_context(s)),
    "key-messages": ("stakeholders/_key_messages.html", key_messages_context),
}


def _prepare(form, stakeholder: Stakeholder | None = None) -> None:
    form.set_choices(profile_fields.school_choices(),
                     profile_fields.owner_choices(stakeholder and stakeholder.owner_id))
    rating_routes.rating_inputs(form)


# --- Create --------------------------------------------------------------------------


@bp.get("/new")
@role_required("editor")
def new():
    """The form for a new person or organisation, with its first ratings."""
    form = NewStakeholderForm(formdata=None, data={
        "owner_id": current_user.id, "influence": UNASSESSED, "interest": UNASSESSED,
        "engagement_current": "unaware", "engagement_desired": "supportive",
        "kind": request.args.get("kind", "person"),
    })
    _prepare(form)
    return render_template("stakeholders/new.html", form=form)


@bp.post("/new")
def create():
    """Add the stakeholder, record the first assessment and open their page."""
    form = NewStakeholderForm()
    _prepare(form)
    if not form.validate_on_submit():
        return render_template("stakeholders/new.html", form=form), 422
    s = Stakeholder(**form.profile_values())
    profile_fields.apply_labels(form, s)
    rate(db.session, s, Ratings(**form.ratings_kwargs()), by_user_id=current_user.id,
         note=form.note.data or "")
    refresh_search_text(db.session, s)
    db.session.commit()
    flash(f"Added {s.name}.", "success")
    return redirect(detail_url(s))


# --- Detail ----------------------------------------------------------------------------


@bp.get("/<int:stakeholder_id>")
def detail(stakeholder_id: int):
    """Everything about one stakeholder; htmx may ask for one card by its id."""
    s = stakeholder_or_404(stakeholder_id)
    if is_fragment() and request.htmx.target in _CARDS:
        template, context = _CARDS[request.htmx.target]
        return render_template(template, **context(s))
    return render_detail(s)


# --- Edit the profile in place -----------------------------------------------------------


def _profile_form_page(s: Stakeholder, form, status: int = 200,
                       conflict: list[tuple[str, str]] | None = None):
    context = {"s": s, "form": form, "conflict": conflict}
    if is_fragment():
        return render_template("stakeholders/_profile_form.html", inline=True, **context), status
    return render_template("stakeholders/edit.html", inline=False, **context), status


def _profile_conflict(stakeholder_id: int, form: EditProfileForm):
    """After a lost race (409): nothing is saved, and nothing typed is lost. The form stays
    open with what was typed and lists the saved values that differ from it; its version
    moves on, so saving again replaces the other save knowingly."""
    db.session.rollback()
    s = stakeholder_or_404(stakeholder_id)
    theirs = profile_fields.profile_data(s)
    changed = [(field.label.text, _shown(field, theirs[field.name])) for field in form
               if field.name in theirs and field.name != "version"
               and _comparable(field.data) != _comparable(theirs[field.name])]
    form.version.data, form.version.raw_data = s.version, [str(s.version)]
    form.seen.data, form.seen.raw_data = profile_fields.profile_fingerprint(s), None
    _prepare(form, s)
    return _profile_form_page(s, form, 409, conflict=changed)


def _comparable(value):
    if isinstance(value, str):
        return " ".join(value.split())
    return sorted(value) if isinstance(value, list) else value


def _shown(field, value) -> str:
    """A saved value as the form would show it: choices by their label."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    labels = {str(v): label for v, label, *_ in field.iter_choices()} \
        if hasattr(field, "iter_choices") else {}
    values = value if isinstance(value, list) else [value]
    shown = ", ".join(labels.get(str(v), str(v)) for v in values if v not in (None, ""))
    return shown or "empty"


@bp.get("/<int:stakeholder_id>/edit")
@role_required("editor")
def edit(stakeholder_id: int):
    """The profile form: a card fragment for htmx, a page otherwise."""
    s = stakeholder_or_404(stakeholder_id)
    form = EditProfileForm(formdata=None, data=profile_fields.profile_data(s))
    form.seen.data = profile_fields.profile_fingerprint(s)
    _prepare(form, s)
    return _profile_form_page(s, form)


def _kind_problem(s: Stakeholder, new_kind: str) -> str | None:
    """Refuse a kind change that would leave affiliations pointing the wrong way."""
    if new_kind == s.kind:
        return None
    column = Affiliation.organisation_id if s.kind == "organisation" else Affiliation.person_id
    linked = db.session.scalar(sa.select(sa.func.count(Affiliation.id)).where(column == s.id))
    if not linked:
        return None
    what = "people affiliated with it" if s.kind == "organisation" else "organisation affiliations"
    return (f"{s.name} has {linked} {what}. Remove those affiliations before changing "
            f"the kind.")


def _refresh_people_of(organisation_id: int) -> None:
    """An organisation's name is part of its people's search text: rebuild theirs."""
    people = db.session.scalars(
        sa.select(Stakeholder).join(Affiliation, Affiliation.person_id == Stakeholder.id)
        .where(Affiliation.organisation_id == organisation_id)
    ).all()
    for person in people:
        refresh_search_text(db.session, person)


@bp.post("/<int:stakeholder_id>")
def update(stakeholder_id: int):
    """Save the profile; htmx gets the display card back, a browser the page."""
    s = stakeholder_or_404(stakeholder_id)
    form = EditProfileForm()
    _prepare(form, s)
    if not form.validate_on_submit():
        return _profile_form_page(s, form, 422)
    try:
        ensure_current(s, form.version.data, form.seen.data,
                       profile_fields.profile_fingerprint(s))
    except StaleVersion:
        return _profile_conflict(stakeholder_id, form)
    problem = _kind_problem(s, form.kind.data)
    if problem:
        form.kind.errors.append(problem)
        return _profile_form_page(s, form, 422)
    renamed = form.name.data != s.name
    with db.session.no_autoflush:  # one UPDATE (one version step) for the whole save
        for key, value in form.profile_values().items():
            setattr(s, key, value)
        profile_fields.apply_labels(form, s)
        refresh_derived(s)
        refresh_search_text(db.session, s)
    if renamed and s.kind == "organisation":
        db.session.flush()  # the people's search text reads the new name from the database
        _refresh_people_of(s.id)
    try:
        db.session.commit()
    except StaleDataError:
        return _profile_conflict(stakeholder_id, form)
    if is_fragment():
        html = render_template("stakeholders/_profile_card.html",
                               **card_context(s, notice="Saved.")) + \
            render_template("stakeholders/_profile_head.html", s=s, oob=True)
        return make_response(html, trigger={"stakeholder-changed": {"id": s.id}})
    flash(f"Saved changes to {s.name}.", "success")
    return redirect(detail_url(s))


# --- Delete ------------------------------------------------------------------------------


@bp.post("/<int:stakeholder_id>/delete")
def delete(stakeholder_id: int):
    """Delete a stakeholder with their relationships, affiliations and rating history."""
    s = stakeholder_or_404(stakeholder_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = s.name
    delete_stakeholders(db.session, [s])
    db.session.commit()
    flash(f"Deleted {name}, with their relationships, affiliations and rating history.",
          "success")
    if is_fragment():
        return make_response("", 204, redirect=url_for("stakeholders.index"))
    return redirect(url_for("stakeholders.index"))


from app.stakeholders import (  # noqa: E402
    affiliation_routes,
    link_routes,  # noqa: F401 - its routes (the typeahead) register on import
    rating_routes,
    relationship_routes,
)
