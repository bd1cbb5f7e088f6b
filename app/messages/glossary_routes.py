"""The glossary: the district's terms with what they mean and the phrases to avoid; and
the wording check, which anyone may use on a draft."""

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import glossary
from app.extensions import db
from app.messages import bp
from app.messages.forms import GlossaryTermForm, WordingCheckForm
from app.messages.routes import fragment
from app.models import GlossaryTerm
from app.services import messages as svc

CHECK_MAX = 4000  # characters of a draft the wording check reads
RESULT_ID = "wording-result"


def _term_or_404(term_id: int) -> GlossaryTerm:
    return db.session.get(GlossaryTerm, term_id) or abort(404)


def _others(except_id: int | None = None) -> tuple[glossary.Term, ...]:
    return svc.as_domain([t for t in svc.glossary_terms(db.session) if t.id != except_id])


def _apply(form: GlossaryTermForm, term: GlossaryTerm) -> None:
    term.term = form.term.data
    term.meaning = form.meaning.data or ""
    term.avoid = form.avoid.data or ""


def _saved(form: GlossaryTermForm, term: GlossaryTerm) -> bool:
    """Commit; a term saved at the same moment by someone else is a form error."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        form.term.errors.append(f"There is already a term \u201c{form.term.data}\u201d.")
        return False
    return True


def _glossary_page(form: GlossaryTermForm, status: int = 200):
    terms = svc.glossary_terms(db.session)
    return render_template("messages/glossary.html", terms=terms, form=form,
                           check_max=CHECK_MAX, draft="", result=None,
                           avoid_lists={t.id: glossary.parse_avoid(t.avoid) for t in terms}
                           ), status


@bp.get("/glossary", endpoint="glossary")
def glossary_index():
    """The district's terms, alphabetically, with the wording check."""
    return _glossary_page(GlossaryTermForm(formdata=None))


@bp.post("/glossary")
def add_term():
    """Add a term; it may not clash with the district's other terms."""
    form = GlossaryTermForm()
    if not form.validate_on_submit() or not form.check_against(_others()):
        return _glossary_page(form, 422)
    term = GlossaryTerm()
    _apply(form, term)
    db.session.add(term)
    if not _saved(form, term):
        return _glossary_page(form, 422)
    flash(f"Added \u201c{term.term}\u201d to the glossary.", "success")
    return redirect(url_for("messages.glossary", _anchor=f"term-{term.id}"))


@bp.route("/glossary/<int:term_id>", methods=["GET", "POST"])
@role_required("editor")
def edit_term(term_id: int):
    """Edit a term, its meaning and the phrases to avoid."""
    term = _term_or_404(term_id)
    if request.method == "GET":
        form = GlossaryTermForm(formdata=None, obj=term)
        return render_template("messages/term_edit.html", form=form, term=term)
    form = GlossaryTermForm()
    if not form.validate_on_submit() or not form.check_against(_others(term.id)):
        return render_template("messages/term_edit.html", form=form, term=term), 422
    _apply(form, term)
    if not _saved(form, term):
        return render_template("messages/term_edit.html", form=form,
                               term=_term_or_404(term_id)), 422
    flash(f"Saved \u201c{term.term}\u201d.", "success")
    return redirect(url_for("messages.glossary", _anchor=f"term-{term.id}"))


@bp.route("/glossary/<int:term_id>/delete", methods=["GET", "POST"])
@role_required("editor")
def delete_term(term_id: int):
    """Ask first, then take a term out of the glossary."""
    term = _term_or_404(term_id)
    if request.method == "GET":
        return render_template(
            "messages/confirm_delete.html", form=EmptyForm(), quote=term.term,
            what="this glossary term",
            action=url_for("messages.delete_term", term_id=term.id),
            cancel=url_for("messages.glossary", _anchor=f"term-{term.id}"))
    if not EmptyForm().validate_on_submit():
        abort(400)
    name = term.term
    db.session.delete(term)
    db.session.commit()
    flash(f"Deleted \u201c{name}\u201d from the glossary.", "success")
    return redirect(url_for("messages.glossary"))


@bp.route("/check", methods=["GET", "POST"])
def check():
    """Check a draft's wording against the glossary. A POST that writes nothing (viewers
    may use it: READS_BY_POST), so the draft stays out of URLs and logs: the result for
    htmx, a page without JavaScript."""
    form = WordingCheckForm()
    result = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)  # only the CSRF token can fail: the draft's length is told below
        result = _check_result(form.text.data or "")
    if fragment() == RESULT_ID:
        return render_template("messages/_wording_result.html", result=result,
                               check_max=CHECK_MAX)
    return render_template("messages/check.html", draft=form.text.data or "", result=result,
                           check_max=CHECK_MAX)


def _check_result(draft: str) -> dict:
    """What the check found; `empty` for a blank draft, `too_long` past the limit."""
    draft = draft.replace("\r\n", "\n")
    if not draft.strip():
        return {"empty": True}
    if len(draft) > CHECK_MAX:
        return {"too_long": len(draft)}
    terms = svc.checker_terms(db.session)
    findings = glossary.check(draft, terms)
    return {"findings": findings, "segments": glossary.segments(draft, findings),
            "has_glossary": any(t.avoid for t in terms)}
