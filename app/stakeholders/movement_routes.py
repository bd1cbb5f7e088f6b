"""Engagement movement: who moved on the PMBOK scale since a day, as a transition table,
and the people behind each count ("who moved from resistant to supportive this term")."""

from math import ceil

from flask import render_template, request, url_for
from htmx_flask import make_response
from jinja2_fragments.flask import render_block
from wtforms import DateField, Form, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from app.domain import movement
from app.domain.engagement import term_start
from app.domain.vocab import ENGAGEMENT_LEVELS
from app.engagement.common import fragment
from app.extensions import db
from app.outreach.forms import MAX_ADD
from app.services import movement as movement_service
from app.services.clock import today
from app.stakeholders import bp

PER_PAGE = 50
RESULTS, PEOPLE = "movement-results", "movement-people"
_LEVEL_CHOICES = {"": "Any level"} | dict(ENGAGEMENT_LEVELS)


class DayField(DateField):
    """A day written as YYYY-MM-DD (what a date input sends), with a message that says so."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a day as year-month-day, like 2026-08-01.") from None


class MovementForm(Form):
    """The movement page's GET parameters: read-only, so no CSRF token."""

    since = DayField("Since", validators=[Optional()])
    before = SelectField("Level then", choices=_LEVEL_CHOICES, default="", name="from")
    after = SelectField("Level now", choices=_LEVEL_CHOICES, default="", name="to")
    page = IntegerField(validators=[Optional(), NumberRange(1, 100_000, "No such page.")])

    def validate_since(self, field):
        if field.data and (error := movement.since_error(field.data, today())):
            raise ValidationError(error)

    def validate_after(self, field):
        if field.data and field.data == self.before.data:
            raise ValidationError("Choose two different levels: nobody moves to where they were.")


@bp.get("/movement")
def movement_report():
    """Who moved on the PMBOK engagement scale since a day, and from where to where."""
    form = MovementForm(request.args)
    form.validate()  # a value in error is explained and left out; the others still count
    since = (None if form.since.errors else form.since.data) or term_start(today())
    levels_ok = not (form.before.errors or form.after.errors)
    before, after = (form.before.data, form.after.data) if levels_ok else ("", "")
    found = movement_service.moves_since(db.session, since)
    counts = movement.transitions(found)
    moved_away, moved_here = movement.totals(counts)
    context = {"form": form, "since": since, "today": today(),
               "periods": movement.periods(today()), "levels": ENGAGEMENT_LEVELS,
               "level_label": dict(ENGAGEMENT_LEVELS),
               "counts": counts, "moved_away": moved_away, "moved_here": moved_here,
               "shift": movement.shift(found), "before": before, "after": after,
               "direction": movement.direction,
               "cell_url": lambda b="", a="": _url(since, b, a)}
    context |= _people(found, since, before, after,
                       (None if form.page.errors else form.page.data) or 1)
    status = 422 if form.errors else 200
    target = fragment()
    if target in (RESULTS, PEOPLE):
        block = "results" if target == RESULTS else "people"
        html = render_block("stakeholders/movement.html", block, **context)
        return make_response(html, status, push_url=context["here"])
    return render_template("stakeholders/movement.html", **context), status


def _url(since, before: str = "", after: str = "", page: int = 1) -> str:
    return url_for("stakeholders.movement_report", since=since.isoformat(),
                   **{"from": before or None, "to": after or None},
                   page=page if page > 1 else None)


def _people(found, since, before: str, after: str, page: int) -> dict:
    """The movers the chosen count stands for (from a level, to one, or both), a page
    of them, with the links to the other pages."""
    if not (before or after):
        return {"chosen": None, "people": [], "here": _url(since)}
    chosen = movement.chosen(found, before, after)
    pages = max(1, ceil(len(chosen) / PER_PAGE))
    page = min(page, pages)
    start = (page - 1) * PER_PAGE
    return {
        "chosen": len(chosen), "page": page, "pages": pages, "max_add": MAX_ADD,
        # All of them (not only this page) can go onto an outreach list at once.
        "chosen_ids": [m.stakeholder_id for m in chosen] if len(chosen) <= MAX_ADD else None,
        "page_url": lambda n: _url(since, before, after, n),
        "people": movement_service.people(db.session, chosen[start:start + PER_PAGE]),
        "here": _url(since, before, after, page),
    }
