"""The concern register, the district's answers written in place, and "you said, we
did" for sharing with the community."""

from urllib.parse import parse_qs, urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from htmx_flask import make_response
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import MultiDict

from app.auth.forms import EmptyForm
from app.auth.guard import role_required, safe_next
from app.domain import concerns as rules
from app.domain.paging import page_links
from app.engagement import bp
from app.engagement.common import CHANGED, concern_or_404, fragment, page_arg
from app.engagement.forms import AnswerForm
from app.extensions import db
from app.models import Concern
from app.services import concern_register as register
from app.services import engagement as svc
from app.services import engagement_queries as queries
from app.services.clock import today

REGISTER = "register"  # the view drawing a concern with its interaction and who raised it


@bp.context_processor
def _concern_helpers() -> dict:
    return {"theme_key": rules.theme_key, "answer_max": rules.ANSWER_MAX}


def register_url(f: rules.ConcernFilter, page: int = 1) -> str:
    return url_for("engagement.concerns", **f.to_args(), page=page if page > 1 else None)


@bp.get("/concerns")
def concerns():
    """The concern register: the district's concerns by theme, with its answers."""
    f = rules.parse_concern_filter(request.args)
    result = register.register_page(db.session, f, page_arg())
    here = register_url(f, result.page)
    context = {
        "f": f, "result": result, "here": here, "form": EmptyForm(),
        "page_url": lambda p: register_url(f, p),
        "page_links": page_links(result.page, result.pages),
        "theme_counts": register.theme_counts(db.session, f, [g.theme for g in result.groups]),
        "answers": queries.answers(db.session, [r for g in result.groups for r in g.rows]),
        "any_concerns": result.total > 0 or register.any_concerns(db.session),
        "theme_url": lambda theme: register_url(rules.ConcernFilter(status=f.status,
                                                                    theme=theme)),
        "view": REGISTER, "back": here,
    }
    if fragment() == "concern-results":
        return make_response(render_block("engagement/concerns.html", "results", **context),
                             push_url=here)
    return render_template("engagement/concerns.html", **context,
                           themes=queries.themes(db.session), statuses=rules.STATUSES)


# --- One concern: shown, answered ----------------------------------------------------------


def _back(concern: Concern, target: str | None) -> str:
    """The page a form without JavaScript returns to: the one it came from (a local
    path), else the concern on its interaction's page."""
    back = safe_next(target)
    if back and back.isprintable():
        return back
    return url_for("engagement.detail", interaction_id=concern.interaction_id)


def _view(value: str | None) -> str:
    return REGISTER if value == REGISTER else ""


def _concern_context(concern: Concern, view: str, back: str) -> dict:
    row = register.rows_by_id(db.session, [concern.id])[0] if view == REGISTER else concern
    return {"c": row, "view": view, "back": back, "form": EmptyForm(),
            "answers": queries.answers(db.session, [concern])}


def _theme_counts_oob(concern: Concern, back: str) -> str:
    """The register's heading counts of the concern's theme, redrawn out of band after a
    change, for the filters of the page the change came from."""
    f = rules.parse_concern_filter(MultiDict(
        [(k, v) for k, values in parse_qs(urlsplit(back).query).items() for v in values]))
    counts = register.theme_counts(db.session, f, [concern.theme])
    return render_template("engagement/_concern_theme_counts.html", theme=concern.theme,
                           counts=counts.get(concern.theme, (0, 0)), oob=True)


def _shown(concern: Concern, view: str, back: str, status: int = 200):
    """The concern as a fragment (with its theme's counts on the register)."""
    body = render_template("engagement/_concern.html", **_concern_context(concern, view, back))
    if view == REGISTER:
        body += _theme_counts_oob(concern, back)
    return make_response(body, status, trigger=CHANGED)


@bp.get("/concerns/<int:concern_id>")
def concern(concern_id: int):
    """One concern as its list shows it (an answer's Cancel); without htmx, its page."""
    c = concern_or_404(concern_id)
    back = _back(c, request.args.get("next"))
    if fragment() is None:
        return redirect(url_for("engagement.detail", interaction_id=c.interaction_id,
                                _anchor=f"concern-{c.id}"))
    body = render_template("engagement/_concern.html",
                           **_concern_context(c, _view(request.args.get("view")), back))
    return body


def _answer_form(concern: Concern, form: AnswerForm, status: int = 200,
                 conflict: str | None = None):
    context = {"c": concern, "form": form, "conflict": conflict,
               "view": _view(form.view.data), "back": _back(concern, form.next.data)}
    if fragment() is not None:
        return render_template("engagement/_concern_answer_form.html", inline=True,
                               **context), status
    interaction = concern.interaction
    return render_template("engagement/concern_answer.html", inline=False,
                           i=interaction, **context), status


@bp.get("/concerns/<int:concern_id>/answer")
@role_required("editor")
def answer_form(concern_id: int):
    """The answer's editor, in place of the concern (htmx) or as a page."""
    c = concern_or_404(concern_id)
    form = AnswerForm(formdata=None, answer=c.answer, seen=rules.answer_fingerprint(c.answer),
                      view=_view(request.args.get("view")),
                      next=_back(c, request.args.get("next")))
    return _answer_form(c, form)


@bp.post("/concerns/<int:concern_id>/answer")
@role_required("editor")
def save_answer(concern_id: int):
    """Save the district's answer; words mark the concern answered. An answer saved by
    someone else since the form was drawn is not overwritten unseen (409)."""
    c = concern_or_404(concern_id)
    form = AnswerForm()
    form.concern_is_open = c.is_open
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _answer_form(c, form, 422)
    if form.seen.data != rules.answer_fingerprint(c.answer) and form.answer.data != c.answer:
        form.seen.data = rules.answer_fingerprint(c.answer)  # saving again replaces it
        return _answer_form(c, form, 409, conflict=c.answer)
    was_open = c.is_open
    svc.set_concern_answer(db.session, c, form.answer.data)
    db.session.commit()
    back = _back(c, form.next.data)
    if fragment() is not None:
        return _shown(c, _view(form.view.data), back)
    flash(_saved_message(was_open, c), "success")
    return redirect(f"{back}#concern-{c.id}")


def _saved_message(was_open: bool, c: Concern) -> str:
    if not c.answer:
        return ("Answer cleared. The concern stays answered; reopen it if the district "
                "still owes one.")
    return "Answer saved; the concern is marked answered." if was_open else "Answer saved."


@bp.post("/concerns/<int:concern_id>/answered")
@role_required("editor")
def toggle_concern(concern_id: int):
    """Mark a concern answered (by me, now: the audit log keeps both), or open again
    (one click, htmx)."""
    c = concern_or_404(concern_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    svc.set_concern_open(db.session, c, not c.is_open)
    db.session.commit()
    back = _back(c, request.form.get("next"))
    if fragment() is not None:
        return _shown(c, _view(request.form.get("view")), back)
    flash("Concern marked answered." if not c.is_open else "Concern reopened.", "success")
    if safe_next(request.form.get("next")):
        return redirect(f"{back}#concern-{c.id}")
    return redirect(url_for("engagement.detail", interaction_id=c.interaction_id,
                            _anchor="concerns"))


# --- You said, we did ----------------------------------------------------------------------


@bp.get("/concerns/you-said-we-did")
def you_said_we_did():
    """What the community said and what the district did, by theme, for sharing."""
    f = rules.parse_concern_filter(request.args)
    period = rules.period(f.date_from, f.date_to, today())
    report = register.you_said_we_did(db.session, period, f.theme)
    return render_template(
        "engagement/you_said_we_did.html", f=f, period=period, report=report,
        themes=queries.themes(db.session), limit=register.YOU_SAID_MAX,
        unwritten_url=url_for("engagement.concerns", status="unwritten", theme=f.theme or None,
                              **{"from": period.start.isoformat() if period.start else None,
                                 "to": period.end.isoformat() if period.end else None}))
