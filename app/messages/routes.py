"""Key messages: per audience, in order; added, edited in place, moved and deleted by
editors, each checked against the glossary."""

from flask import abort, flash, redirect, render_template, request, url_for
from htmx_flask import make_response

from app.auth.forms import EmptyForm
from app.auth.guard import role_required
from app.domain import glossary
from app.domain.vocab import GROUPS
from app.extensions import db
from app.messages import bp
from app.messages.forms import KeyMessageForm, MoveForm
from app.models import KeyMessage
from app.models.messages import EVERYONE
from app.services import messages as svc

SECTIONS_ID = "message-sections"


def fragment() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def _message_or_404(message_id: int) -> KeyMessage:
    return db.session.get(KeyMessage, message_id) or abort(404)


def _shown(value: str | None) -> str:
    """The audience the page is filtered to ("" for all of them); unknown ones ignored."""
    return value if value in svc.AUDIENCE_LABELS else ""


def _index_url(shown: str = "", message_id: int | None = None) -> str:
    return url_for("messages.index", audience=shown or None,
                   _anchor=f"message-{message_id}" if message_id else None)


def warning_words(findings: list[glossary.Finding]) -> str:
    """The glossary warnings as one sentence, for a flash message."""
    return " ".join(f"It says \u201c{f.phrase}\u201d: the district says \u201c{f.preferred}\u201d."
                    for f in findings)


def _sections_context(shown: str, notice: str = "", focus: tuple[int, str] | None = None):
    sections = svc.sections(db.session, shown or None)
    terms = svc.checker_terms(db.session)
    present = {s.key for s in sections if s.messages}
    return {
        "sections": sections, "shown": shown, "notice": notice, "focus": focus,
        "findings": {m.id: glossary.check(m.text, terms) for s in sections for m in s.messages},
        "has_glossary": bool(terms),
        "without_messages": [label for key, label in GROUPS if key not in present],
    }


def _index_page(form: KeyMessageForm, shown: str, status: int = 200):
    context = _sections_context(shown)
    return render_template("messages/index.html", form=form, audiences=svc.AUDIENCES,
                           **context), status


def _sections_fragment(shown: str, notice: str = "", focus=None, **headers):
    return make_response(render_template("messages/_sections.html",
                                         **_sections_context(shown, notice, focus))
                         + render_template("messages/_clear_flashes.html"), **headers)


@bp.get("/")
def index():
    """Key messages, grouped by audience: everyone first, then each stakeholder group."""
    shown = _shown(request.args.get("audience"))
    form = KeyMessageForm(formdata=None, data={"audience": shown or EVERYONE, "shown": shown})
    return _index_page(form, shown)


@bp.post("/")
def add():
    """Add a message, last of its audience; a glossary warning does not stop it."""
    form = KeyMessageForm()
    shown = _shown(form.shown.data)
    if not form.validate_on_submit():
        return _index_page(form, shown, 422)
    message = svc.add_message(db.session, form.audience.data, form.text.data)
    db.session.commit()
    label = svc.AUDIENCE_LABELS[message.audience]
    findings = glossary.check(message.text, svc.checker_terms(db.session))
    if findings:
        flash(f"Added the message for {label}. {warning_words(findings)}", "warning")
    else:
        flash(f"Added the message for {label}.", "success")
    back = shown if shown == message.audience else ""
    return redirect(_index_url(back, message.id))


def _item(message: KeyMessage, shown: str, notice: str = ""):
    """One message as the list shows it (for htmx), with its glossary warnings."""
    findings = glossary.check(message.text, svc.checker_terms(db.session))
    ordered = [m.id for m in svc.audience_messages(db.session, message.audience)]
    return render_template("messages/_message.html", m=message, findings=findings,
                           notice=notice, first=ordered[0] == message.id,
                           last=ordered[-1] == message.id, shown=shown
                           ) + render_template("messages/_clear_flashes.html")


@bp.get("/<int:message_id>")
def show(message_id: int):
    """One message (an editor's Cancel); without htmx, the list at that message."""
    message = _message_or_404(message_id)
    shown = _shown(request.args.get("shown"))
    if fragment() is not None:
        return _item(message, shown)
    return redirect(_index_url(shown, message.id))


def _prefix(message: KeyMessage) -> str:
    """Field names of a message's editor: unique on a page where several may be open."""
    return f"message-{message.id}"


def _edit_page(message: KeyMessage, form: KeyMessageForm, status: int = 200):
    template = "messages/_message_form.html" if fragment() is not None else "messages/edit.html"
    return render_template(template, m=message, form=form,
                           shown=_shown(form.shown.data)), status


@bp.get("/<int:message_id>/edit")
@role_required("editor")
def edit(message_id: int):
    """The message's editor: in place for htmx, a page without JavaScript."""
    message = _message_or_404(message_id)
    form = KeyMessageForm(formdata=None, obj=message, prefix=_prefix(message),
                          data={"shown": _shown(request.args.get("shown"))})
    return _edit_page(message, form)


@bp.post("/<int:message_id>")
def update(message_id: int):
    """Save a message's wording (and audience); answers with the message and any glossary
    warning, or the editor with what to fix."""
    message = _message_or_404(message_id)
    form = KeyMessageForm(prefix=_prefix(message))
    if not form.validate_on_submit():
        return _edit_page(message, form, 422)
    moved = svc.update_message(db.session, message, form.audience.data, form.text.data)
    db.session.commit()
    shown = _shown(form.shown.data)
    label = svc.AUDIENCE_LABELS[message.audience]
    if fragment() is not None:
        if moved:  # it belongs to another section now: draw the list again
            return _sections_fragment(shown, f"Saved. The message is now for {label}.",
                                      focus=(message.id, "edit"),
                                      retarget=f"#{SECTIONS_ID}", reswap="outerHTML")
        return _item(message, shown, notice="Saved.")
    findings = glossary.check(message.text, svc.checker_terms(db.session))
    if findings:
        flash(f"Saved the message for {label}. {warning_words(findings)}", "warning")
    else:
        flash(f"Saved the message for {label}.", "success")
    return redirect(_index_url(shown if shown == message.audience else "", message.id))


@bp.post("/<int:message_id>/move")
def move(message_id: int):
    """Move a message one place up or down within its audience."""
    message = _message_or_404(message_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    svc.move(db.session, message, form.direction.data)
    db.session.commit()
    shown = _shown(form.shown.data)
    if fragment() is not None:
        return _sections_fragment(shown, focus=(message.id, form.direction.data))
    return redirect(_index_url(shown, message.id))


@bp.route("/<int:message_id>/delete", methods=["GET", "POST"])
@role_required("editor")
def delete(message_id: int):
    """Ask first (a page, without JavaScript), then delete the message."""
    message = _message_or_404(message_id)
    shown = _shown(request.values.get("shown"))
    if request.method == "GET":
        return render_template(
            "messages/confirm_delete.html", form=EmptyForm(), quote=message.text,
            what=f"this message for {svc.AUDIENCE_LABELS.get(message.audience, 'everyone')}",
            action=url_for("messages.delete", message_id=message.id, shown=shown or None),
            cancel=_index_url(shown, message.id))
    if not EmptyForm().validate_on_submit():
        abort(400)
    db.session.delete(message)
    db.session.commit()
    if fragment() is not None:
        return _sections_fragment(shown, "Deleted the message.", focus=(0, "notice"))
    flash("Deleted the message.", "success")
    return redirect(_index_url(shown))
