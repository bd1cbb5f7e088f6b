"""The pipeline board: partnerships by stage, a stage's full list, and moving a card."""

from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm.exc import StaleDataError

from app.auth.guard import role_required
from app.domain import pipeline
from app.domain.vocab import PARTNERSHIP_TYPES
from app.extensions import db
from app.partnerships import bp
from app.partnerships.common import (
    back,
    carried_move_problem,
    carry_move_problem,
    fragment,
    now,
    page_arg,
    partnership_or_404,
)
from app.partnerships.forms import MoveForm
from app.partnerships.records import render_detail
from app.services import partnership_board as board_svc
from app.services import partnerships as svc

BOARD = "pipeline-board"
CHANGED = "partnerships-changed"  # HX-Trigger: panels and counts refresh


def _options() -> dict:
    return {"type_options": list(PARTNERSHIP_TYPES),
            "pathway_options": svc.pathway_choices(db.session),
            "lead_options": svc.members(db.session, g.district.id)}


def _board_context(f: board_svc.BoardFilter, messages: dict | None = None,
                   moved: int | None = None) -> dict:
    return {"f": f, "board": board_svc.board(db.session, f, now()),
            "here": url_for("partnerships.index", **f.to_args()),
            "messages": messages or {}, "moved": moved, "move_target": "#" + BOARD,
            "stages": pipeline.LABELS}


@bp.get("/")
def index():
    """The partnership pipeline: a column per stage, filters in the URL."""
    f = board_svc.parse_filter(request.args)
    context = _board_context(f)
    if fragment() == BOARD:
        return make_response(render_template("partnerships/_board.html", **context),
                             push_url=context["here"])
    context["messages"] = carried_move_problem(context["board"].ids)
    return render_template("partnerships/index.html", **context, **_options())


@bp.get("/list")
def stage_list():
    """Every partnership in one stage, paged (the board shows the first 50 per stage)."""
    f = board_svc.parse_filter(request.args)
    stage = request.args.get("stage", "")
    if stage not in pipeline.LABELS:
        stage = pipeline.STAGES[0]
    page = page_arg()
    cards, total = board_svc.stage_page(db.session, f, stage, page, now())
    pages = max(1, -(-total // board_svc.PER_STAGE))
    return render_template(
        "partnerships/stage_list.html", f=f, stage=stage, cards=cards, total=total,
        page=page, pages=pages, stages=pipeline.LABELS, moved=None,
        messages=carried_move_problem({c.id for c in cards}),
        here=url_for("partnerships.stage_list", stage=stage, page=page if page > 1 else None,
                     **f.to_args()), **_options())


def _conflict_message(current_stage: str) -> str:
    return (f"Someone else changed this partnership while you were looking: it is in "
            f"{pipeline.LABELS.get(current_stage, current_stage)} now. It is shown as it is; "
            "move it again if you still want to.")


def _move_response(partnership_id: int, status: int, message: str = "",
                   moved: int | None = None):
    """What a move answers with, for the board, a single card, or a full page."""
    target = fragment()
    if target == BOARD:
        f = board_svc.parse_filter(request.args)
        messages = {partnership_id: (message, status)} if message else {}
        html = render_template("partnerships/_board.html",
                               **_board_context(f, messages, moved))
        return make_response(html, status, trigger=CHANGED if status == 200 else None)
    if target is not None:
        card = board_svc.card(db.session, partnership_id, now())
        html = render_template("partnerships/_card.html", c=card, stages=pipeline.LABELS,
                               messages={partnership_id: (message, status)} if message else {},
                               move_target="#partnership-" + str(partnership_id),
                               here=request.form.get("next", ""), moved=moved)
        return make_response(html, status, trigger=CHANGED if status == 200 else None)
    p = partnership_or_404(partnership_id)
    return render_detail(p, status, move_error=message)


def _refused(partnership_id: int, message: str):
    """A move refused as invalid (422). Without JavaScript the user goes back to the page
    they moved from (`next`): a page at this POST-only URL would be a dead end. The board,
    a stage's list and the record show the message on the card (or the stage box), which
    the link's fragment scrolls to; any other page shows it at the top."""
    if fragment() is not None or not request.form.get("next"):
        return _move_response(partnership_id, 422, message)
    record = url_for("partnerships.detail", partnership_id=partnership_id)
    to = urlsplit(back(request.form.get("next"), record))._replace(fragment="").geturl()
    path = urlsplit(to).path
    if path == record:
        anchor = "#stage"
    elif path in (url_for("partnerships.index"), url_for("partnerships.stage_list")):
        anchor = f"#partnership-{partnership_id}"
    else:
        flash(message, "error")
        return redirect(to, 303)
    carry_move_problem(partnership_id, message, to)
    return redirect(to + anchor, 303)


@bp.post("/<int:partnership_id>/stage")
@role_required("editor")
def move(partnership_id: int):
    """Move a partnership to another stage; the move is recorded in its stage history."""
    p = partnership_or_404(partnership_id)
    form = MoveForm()
    if not form.validate_on_submit():
        errors = [e for field in (form.stage, form.version, form.note) for e in field.errors]
        return _refused(p.id, " ".join(errors) or "Reload the page and try again.")
    if form.version.data != p.version:
        return _move_response(p.id, 409, _conflict_message(p.stage))
    from_stage = p.stage
    try:
        svc.move(db.session, p, form.stage.data, current_user.id, form.note.data or "")
        db.session.commit()
    except svc.MoveRefused as refused:
        db.session.rollback()
        return _refused(partnership_id, str(refused))
    except StaleDataError:
        db.session.rollback()
        current = partnership_or_404(partnership_id)
        return _move_response(partnership_id, 409, _conflict_message(current.stage))
    to = pipeline.LABELS[p.stage]
    notice = f"Moved from {pipeline.LABELS.get(from_stage, from_stage)} to {to}."
    if fragment() is not None:
        return _move_response(p.id, 200, notice, moved=p.id)
    flash(f"{p.title or 'The partnership'} moved to {to}.", "success")
    return redirect(back(form.next.data,
                         url_for("partnerships.detail", partnership_id=p.id)))
