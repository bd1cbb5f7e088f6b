"""The stakeholder a form's typeahead chose: by id, or by exact name without JavaScript.

Forms that pick another stakeholder (relationships, affiliations, partner organisations
and contacts) have ``other_id`` (set by static/js/typeahead.js) and ``other_name`` fields;
errors go on ``other_name``.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import Stakeholder

NOT_FOUND = "We couldn't find that stakeholder. Search again and pick one from the list."


def picked_stakeholder(form, kind: str | None = None) -> Stakeholder | None:
    """The chosen stakeholder (of `kind`, when given), or None with an error on the form."""
    if form.other_id.data:
        found = db.session.get(Stakeholder, form.other_id.data)
        if found is None:
            form.other_name.errors.append(NOT_FOUND)
        return found
    name = (form.other_name.data or "").strip()
    if not name:
        form.other_name.errors.append("Type part of a name, then pick from the list.")
        return None
    statement = sa.select(Stakeholder.id).where(Stakeholder.name_key == name.lower())
    if kind:
        statement = statement.where(Stakeholder.kind == kind)
    ids = db.session.scalars(statement.order_by(Stakeholder.id).limit(2)).all()
    if not ids:
        what = "organisation" if kind == "organisation" else "stakeholder"
        form.other_name.errors.append(
            f"No {what} is called “{name}”. Check the spelling, pick one from the "
            "suggestions, or add it to the register first.")
        return None
    if len(ids) > 1:
        form.other_name.errors.append(
            f"More than one stakeholder is called “{name}”; pick one from the suggestions.")
        return None
    return db.session.get(Stakeholder, ids[0])
