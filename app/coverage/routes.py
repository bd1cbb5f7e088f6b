"""Coverage views: the table (who sits on the visioning team and the advisory board), the
seat panel of a stakeholder's profile, and the coverage picture with each gap's best
champions."""

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from htmx_flask import make_response

from app.auth.forms import EmptyForm
from app.auth.guard import safe_next
from app.coverage import bp
from app.coverage.forms import SeatEditForm, SeatForm, StakeholderSeatForm
from app.domain import coverage as domain
from app.domain.filters import parse_filter
from app.extensions import db
from app.models import Stakeholder, TableSeat
from app.services import coverage as svc
from app.services import stakeholder_query
from app.services.stakeholder_query import stakeholder_by_id
from app.stakeholders.pick import NOT_FOUND

TABLE_ID = "coverage-table"
PANEL_ID = "coverage-panel"
CHANGED = "coverage-changed"  # HX-Trigger event after a seat changes
PICK_LIMIT = 10
OPEN_GAPS_UP_TO = 12  # a dimension with more gaps starts folded (its summary says how many)


@bp.context_processor
def _coverage_helpers() -> dict:
    return {"bodies": domain.BODIES, "body_labels": svc.BODY_LABELS,
            "seat_roles": domain.SEAT_ROLES, "recent_days": domain.RECENT_CONTACT_DAYS,
            "bar_width": domain.bar_width, "open_gaps_up_to": OPEN_GAPS_UP_TO}


def _target() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def _stakeholder(stakeholder_id: int) -> Stakeholder:
    return stakeholder_by_id(db.session, stakeholder_id) or abort(404)


def _seat(seat_id: int) -> TableSeat:
    return db.session.get(TableSeat, seat_id) or abort(404)


def _seat_words(seat: TableSeat) -> str:
    words = f"{svc.BODY_LABELS.get(seat.body, seat.body)} as {seat.role}"
    return words + (f" since {seat.since:%b %Y}" if seat.since else "")


def _duplicate_message(name: str, seat: TableSeat) -> str:
    return (f"{name} already sits on the {_seat_words(seat)}. "
            "Change that seat's role instead.")


# --- The coverage picture ---------------------------------------------------------------------


@bp.get("/")
def index():
    """Which groups, schools and languages sit at the table, which are missing, and who
    could reach each gap."""
    report = svc.report(db.session, g.district.id)
    return render_template("coverage/index.html", report=report, cov=report.coverage,
                           dimensions=domain.DIMENSIONS)


# --- The table ----------------------------------------------------------------------------------


@bp.get("/table")
def table():
    """The members of the visioning team and the advisory board."""
    return _table_page()


def _table_context(form: SeatForm | None = None, edit: tuple[int, SeatEditForm] | None = None,
                   matches: list | None = None, notice: str = "") -> dict:
    seats = svc.seats_by_body(db.session)
    edit_forms = {
        seat.id: SeatEditForm(formdata=None, prefix=f"seat-{seat.id}",
                              data={"role": seat.role,
                                    "since": seat.since.date() if seat.since else None})
        for body_seats in seats.values() for seat in body_seats
    }
    if edit is not None:
        edit_forms[edit[0]] = edit[1]
    return {"seats": seats, "counts": svc.seat_counts(db.session),
            "form": form or SeatForm(formdata=None, prefix="seat"), "edit_forms": edit_forms,
            "open_edit": edit[0] if edit else None, "matches": matches or [],
            "notice": notice}


def _table_page(status: int = 200, trigger: str | None = None, **kwargs):
    context = _table_context(**kwargs)
    if _target() == TABLE_ID:
        return make_response(render_template("coverage/_table.html", **context), status,
                             trigger=trigger)
    return render_template("coverage/table.html", **context), status


def _resolve(form: SeatForm) -> tuple[Stakeholder | None, list]:
    """The chosen stakeholder: a pick among matches, the typeahead's id, or an exact
    name. Otherwise an error on the form and up to ten matches to pick from."""
    chosen = form.pick.data or form.other_id.data
    if chosen:
        s = db.session.get(Stakeholder, chosen)
        if s is None:
            form.other_name.errors.append(NOT_FOUND)
        return s, []
    name = form.other_name.data or ""
    ids = db.session.scalars(sa.select(Stakeholder.id)
                             .where(Stakeholder.name_key == name.lower())
                             .order_by(Stakeholder.id).limit(2)).all()
    if len(ids) == 1:
        return db.session.get(Stakeholder, ids[0]), []
    f = parse_filter({"q": name})
    matches = []
    if f.q:
        statement = stakeholder_query.filtered(
            f, db.session.get_bind().dialect.name, Stakeholder.id, Stakeholder.name,
            Stakeholder.group, Stakeholder.city)
        matches = db.session.execute(
            stakeholder_query.ordered(statement, f).limit(PICK_LIMIT)).all()
    if len(ids) > 1:
        form.other_name.errors.append(
            f"More than one stakeholder is called “{name}”; choose one below.")
    elif matches:
        form.other_name.errors.append(
            f"No stakeholder is called exactly “{name}”; choose one of the matches below.")
    else:
        form.other_name.errors.append(
            f"No stakeholder is called “{name}”. Check the spelling, or add them to the "
            "register first.")
    return None, matches


@bp.post("/table")
def add_seat():
    """Seat a stakeholder on the visioning team or the advisory board."""
    form = SeatForm(prefix="seat")
    if not form.validate_on_submit():
        matches = []
        if form.other_name.data and not form.other_name.errors and not form.csrf_token.errors:
            _, matches = _resolve(form)  # say at once, too, if nobody has that name
        return _table_page(422, form=form, matches=matches)
    s, matches = _resolve(form)
    if s is None:
        return _table_page(422, form=form, matches=matches)
    try:
        seat = svc.add_seat(db.session, s, form.body.data, form.role.data, form.since_value())
    except svc.DuplicateSeat as dup:
        form.other_name.errors.append(_duplicate_message(s.name, dup.seat))
        return _table_page(422, form=form)
    db.session.commit()
    message = f"{s.name} now sits on the {_seat_words(seat)}."
    if _target() is not None:
        return _table_page(notice=message, trigger=CHANGED)
    flash(message, "success")
    return redirect(url_for("coverage.table"))


@bp.post("/seats/<int:seat_id>")
def update_seat(seat_id: int):
    """Change a seat's role or since date."""
    seat = _seat(seat_id)
    form = SeatEditForm(prefix=f"seat-{seat.id}")
    if not form.validate_on_submit():
        return _table_page(422, edit=(seat.id, form))
    svc.update_seat(seat, form.role.data, form.since_value())
    name = seat.stakeholder.name
    db.session.commit()
    message = f"{name} sits on the {_seat_words(seat)}."
    if _target() is not None:
        return _table_page(notice=message, trigger=CHANGED)
    flash(message, "success")
    return redirect(url_for("coverage.table"))


@bp.post("/seats/<int:seat_id>/delete")
def remove_seat(seat_id: int):
    """Take a seat away; answers with the panel or the table that asked."""
    seat = _seat(seat_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    s = seat.stakeholder
    message = f"{s.name} no longer sits on the {svc.BODY_LABELS.get(seat.body, seat.body)}."
    db.session.delete(seat)
    db.session.commit()
    target = _target()
    if target == PANEL_ID:
        return _panel(s, notice=message, trigger=CHANGED)
    if target is not None:
        return _table_page(notice=message, trigger=CHANGED)
    flash(message, "success")
    back = safe_next(request.form.get("next"))
    return redirect(back if back and back.isprintable() else url_for("coverage.table"))


# --- The seat panel of a stakeholder's profile -----------------------------------------------


@bp.get("/stakeholders/<int:stakeholder_id>/panel")
def panel(stakeholder_id: int):
    """A stakeholder's seats at the table: the card for htmx, a page without it."""
    return _panel(_stakeholder(stakeholder_id))


@bp.post("/stakeholders/<int:stakeholder_id>/seats")
def add_stakeholder_seat(stakeholder_id: int):
    """Seat this stakeholder on a body; answers with the panel."""
    s = _stakeholder(stakeholder_id)
    form = StakeholderSeatForm(prefix="coverage")
    if not form.validate_on_submit():
        return _panel(s, form=form, status=422)
    try:
        seat = svc.add_seat(db.session, s, form.body.data, form.role.data, form.since_value())
    except svc.DuplicateSeat as dup:
        form.body.errors.append(_duplicate_message(s.name, dup.seat))
        return _panel(s, form=form, status=422)
    db.session.commit()
    message = f"{s.name} now sits on the {_seat_words(seat)}."
    if _target() is not None:
        return _panel(s, notice=message, trigger=CHANGED)
    flash(message, "success")
    return redirect(url_for("stakeholders.detail", stakeholder_id=s.id))


def _panel(s: Stakeholder, form: StakeholderSeatForm | None = None, notice: str = "",
           status: int = 200, trigger: str | None = None):
    seats = svc.seats_of(db.session, s.id)
    taken = {seat.body for seat in seats}
    free = [(key, text) for key, text in domain.BODIES if key not in taken]
    if form is None:
        form = StakeholderSeatForm(formdata=None, prefix="coverage")
    form.body.choices = dict(free) or dict(domain.BODIES)
    context = {"s": s, "seats": seats, "form": form, "free_bodies": free, "notice": notice,
               "detail_url": url_for("stakeholders.detail", stakeholder_id=s.id)}
    if _target() is not None:
        return make_response(render_template("coverage/_panel.html", **context), status,
                             trigger=trigger)
    return render_template("coverage/panel.html", **context), status
