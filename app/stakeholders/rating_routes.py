"""The ratings card of a profile: edit ratings (a dated assessment) and their history."""

from typing import NamedTuple

import sqlalchemy as sa
from flask import flash, redirect, render_template, request
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm.exc import StaleDataError

from app.auth.guard import role_required
from app.domain import ratings
from app.domain.vocab import ENGAGEMENT_LEVELS, label
from app.extensions import db
from app.models import Assessment, Stakeholder, User
from app.services.stakeholders import (
    Ratings,
    StaleVersion,
    ensure_current,
    rate,
    ratings_fingerprint,
)
from app.stakeholders import bp
from app.stakeholders.profile_forms import ProfileRatingForm
from app.stakeholders.profile_shared import (
    detail_url,
    is_fragment,
    read,
    stakeholder_or_404,
)
from app.tenancy import district_param

HISTORY_CAP = 20  # assessments on the detail page; "show all" pages through the rest
HISTORY_PAGE = 50
RATING_PREFIX = "rating"  # form prefix, so field ids never clash with other forms on the page


def rating_inputs(form) -> None:
    """Number inputs for the 1-5 ratings say their range to the browser."""
    for name in ("influence", "interest"):
        if name in form:
            form[name].render_kw = {"min": ratings.RATING_MIN, "max": ratings.RATING_MAX}


def _gap_text(gap: int | None) -> str:
    if gap is None:
        return "Gap unknown"
    if gap == 0:
        return "At the desired level"
    steps = abs(gap)
    plural = "s" if steps != 1 else ""
    if gap > 0:
        return f"{steps} step{plural} to go"
    return f"{steps} step{plural} beyond the desired level"


def ratings_context(s: Stakeholder, notice: str | None = None,
                    history: list[dict] | None = None) -> dict:
    """What the ratings card shows: quadrant and strategy, engagement gap, salience.

    `history` (from history_context, newest first) saves reading the last assessment.
    """
    salience = {key: (name, meaning) for key, name, meaning in ratings.SALIENCE_CLASSES}
    name, meaning = salience.get(s.salience, (None, None))
    if history is not None:
        last = history[0]["a"].assessed_at if history else None
    else:
        last = db.session.scalar(
            sa.select(Assessment.assessed_at).where(Assessment.stakeholder_id == s.id)
            .order_by(Assessment.assessed_at.desc(), Assessment.id.desc()).limit(1)
        )
    return {
        "s": s,
        "rv": {
            "quadrant": ratings.quadrant(s.influence, s.interest),
            "gap_text": _gap_text(s.engagement_gap),
            "salience_label": name,
            "salience_meaning": meaning,
            "last_assessed": last,
        },
        "ratings_notice": notice,
    }


_CHANGE_LABELS = (
    ("influence", "influence"),
    ("interest", "interest"),
    ("engagement_current", "engagement"),
    ("engagement_desired", "desired engagement"),
)
_ATTRIBUTES = (("has_power", "power"), ("has_legitimacy", "legitimacy"),
               ("has_urgency", "urgency"))


def _level(value: str) -> str:
    return label(ENGAGEMENT_LEVELS, value).lower()


class Change(NamedTuple):
    """One thing an assessment changed: `what` alone, or `what` went `before` -> `after`
    (the template draws the arrow, as a character reference: see test_templates_ascii)."""

    what: str
    before: object = None
    after: object = None


def describe_change(newer: Assessment, older: Assessment | None) -> list[Change]:
    """What an assessment changed against the one before it, in words."""
    if older is None:
        attributes = [word for attr, word in _ATTRIBUTES if getattr(newer, attr)]
        return [
            Change(f"First rating: influence {newer.influence}, interest {newer.interest}"),
            Change(f"engagement {_level(newer.engagement_current)}, "
                   f"desired {_level(newer.engagement_desired)}"),
            Change("salience attributes: " + (", ".join(attributes) if attributes else "none")),
        ]
    changes = []
    for attr, word in _CHANGE_LABELS:
        before, after = getattr(older, attr), getattr(newer, attr)
        if before != after:
            if attr.startswith("engagement"):
                before, after = _level(before), _level(after)
            changes.append(Change(word, before, after))
    for attr, word in _ATTRIBUTES:
        before, after = getattr(older, attr), getattr(newer, attr)
        if before != after:
            changes.append(Change(f"gained {word}" if after else f"lost {word}"))
    old_q = ratings.quadrant(older.influence, older.interest)
    new_q = ratings.quadrant(newer.influence, newer.interest)
    if old_q != new_q:
        changes.append(Change("quadrant", old_q.label, new_q.label))
    return changes or [Change("No change in ratings")]


def _history_rows(s: Stakeholder, limit: int, offset: int = 0) -> tuple[list[dict], bool]:
    """Assessments newest first (plain rows, with the assessor's name) with what each
    changed; True when more exist."""
    rows = read(_HISTORY, {  # one more row: the "before" of the last one shown
        "sid": s.id, "district_id": district_param(), "offset": offset, "limit": limit + 1,
    }).all()
    shown = rows[:limit]
    history = [
        {"a": a, "changes": describe_change(a, rows[i + 1] if i + 1 < len(rows) else None)}
        for i, a in enumerate(shown)
    ]
    return history, len(rows) > limit


# Built once (its values are parameters), scoped to the district by hand as it runs as Core.
_HISTORY = (
    sa.select(*Assessment.__table__.c, User.name.label("assessed_by_name"))
    .outerjoin(User, User.id == Assessment.assessed_by_id)
    .where(Assessment.stakeholder_id == sa.bindparam("sid"),
           Assessment.district_id == sa.bindparam("district_id"))
    .order_by(Assessment.assessed_at.desc(), Assessment.id.desc())
    .offset(sa.bindparam("offset")).limit(sa.bindparam("limit"))
)


def _history_count(s: Stakeholder) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Assessment.id)).where(Assessment.stakeholder_id == s.id)
    )


def history_context(s: Stakeholder) -> dict:
    history, more = _history_rows(s, HISTORY_CAP)
    return {"s": s, "history": history, "history_more": more,
            "history_total": _history_count(s) if more else len(history)}


@bp.get("/<int:stakeholder_id>/history")
def history(stakeholder_id: int):
    """Every assessment of a stakeholder, newest first, a page at a time."""
    s = stakeholder_or_404(stakeholder_id)
    total = _history_count(s)
    pages = max(1, -(-total // HISTORY_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    rows, _more = _history_rows(s, HISTORY_PAGE, (page - 1) * HISTORY_PAGE)
    return render_template("stakeholders/history.html", s=s, history=rows, page=page,
                           pages=pages, total=total)


# --- Ratings -----------------------------------------------------------------------------


def _ratings_form_page(s: Stakeholder, form, status: int = 200, conflict: str | None = None):
    context = {"s": s, "form": form, "conflict": conflict}
    if is_fragment():
        return render_template("stakeholders/_profile_ratings_form.html", inline=True,
                               **context), status
    return render_template("stakeholders/ratings.html", inline=False, **context), status


@bp.get("/<int:stakeholder_id>/ratings/form")
@role_required("editor")
def ratings_form(stakeholder_id: int):
    """The ratings form: a card fragment for htmx, a page otherwise."""
    s = stakeholder_or_404(stakeholder_id)
    form = ProfileRatingForm(formdata=None, data=vars(Ratings.of(s)), prefix=RATING_PREFIX)
    form.drawn_from(s)
    rating_inputs(form)
    return _ratings_form_page(s, form)


def _ratings_card_response(s: Stakeholder, notice: str | None, status: int = 200):
    html = render_template("stakeholders/_profile_ratings.html", **ratings_context(s, notice)) + \
        render_template("stakeholders/_profile_history.html", oob=True, **history_context(s))
    return make_response(html, status, trigger={"ratings-changed": {"id": s.id}})


@bp.post("/<int:stakeholder_id>/ratings/save")
def save_ratings(stakeholder_id: int):
    """Record a new assessment; htmx gets the ratings card and the history back."""
    s = stakeholder_or_404(stakeholder_id)
    form = ProfileRatingForm(prefix=RATING_PREFIX)
    rating_inputs(form)
    if not form.validate_on_submit():
        return _ratings_form_page(s, form, 422)
    try:
        ensure_current(s, form.version.data, form.seen.data, ratings_fingerprint(s))
        changed = rate(db.session, s, Ratings(**form.ratings_kwargs()),
                       by_user_id=current_user.id, note=form.note.data or "")
        db.session.commit()
    except (StaleVersion, StaleDataError):
        # Someone saved first: the form again, keeping what the user typed (see
        # RatingForm.after_conflict).
        db.session.rollback()
        s = stakeholder_or_404(stakeholder_id)
        return _ratings_form_page(s, form, 409, conflict=form.after_conflict(s))
    notice = "Saved a new assessment." if changed else \
        "Nothing changed, so no new assessment was recorded."
    if is_fragment():
        return _ratings_card_response(s, notice)
    flash(notice, "success" if changed else "info")
    return redirect(detail_url(s, "ratings-card"))
