"""Champion finder views: the ranked suggestions, "not a fit", the weights (admins) and
the champion questions panel of a stakeholder's profile."""

from urllib.parse import parse_qsl, urlsplit

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from jinja2_fragments.flask import render_block
from werkzeug.datastructures import MultiDict

from app.auth.forms import EmptyForm
from app.auth.guard import role_required, safe_next
from app.champions import bp
from app.champions.forms import NotAFitForm, QuestionsForm, WeightsForm, answer_choice
from app.domain import champions as domain
from app.extensions import db
from app.models import ChampionProfile, School, Stakeholder, StakeholderLanguage, User
from app.services import champions as svc
from app.services.stakeholder_query import stakeholder_by_id

PAGE_SIZE = 25
MAX_PAGES = 40  # "show more" stops at 1,000 suggestions; filters narrow further
NOT_A_FIT_PAGE = 50
OPTION_CAP = 300
PREVIEW_TOP = 10
CHANGED = "champions-changed"  # HX-Trigger event: counts and lists refresh


@bp.context_processor
def _champion_labels() -> dict:
    return {"component_labels": domain.COMPONENT_LABELS, "short": svc.SHORT_LABELS,
            "questions": domain.QUESTIONS, "pool_rule": svc.POOL_RULE}


def _fragment() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def _stakeholder(stakeholder_id: int) -> Stakeholder:
    return stakeholder_by_id(db.session, stakeholder_id) or abort(404)


# --- The ranked suggestions ----------------------------------------------------------------


@bp.get("/")
def index():
    """Suggested champions, ranked by the district's champion score, with filters."""
    return _render_index(request.args)


def _page(args) -> int:
    return min(max(args.get("page", 1, type=int) or 1, 1), MAX_PAGES)


def _index_url(f: svc.ChampionFilter, page: int = 1) -> str:
    return url_for("champions.index", **f.to_args(), page=page if page > 1 else None)


def _render_index(args, status: int = 200, errors: dict | None = None):
    f = svc.parse_filter(args)
    page = _page(args)
    target = _fragment()
    more = target == "champion-more"
    offset, limit = ((page - 1) * PAGE_SIZE, PAGE_SIZE) if more else (0, page * PAGE_SIZE)
    results = svc.suggestions(db.session, g.district.id, f, offset, limit)
    shown = offset + len(results.rows)
    context = {
        "f": f, "results": results, "rows": results.rows, "page": page, "shown": shown,
        "next_url": _index_url(f, page + 1) if shown < results.total and page < MAX_PAGES
        else None,
        "here": _index_url(f, page), "errors": errors or {},
        "not_a_fit_count": _not_a_fit_count(), "title": _title(f, results.audience),
    }
    if target == "champion-count":
        return render_block("champions/index.html", "count", **context)
    if more:
        # The count ("Showing 50 of 211") and the URL it refreshes from follow the rows.
        html = render_template("champions/_rows.html", **context) + render_block(
            "champions/index.html", "count", **context, oob=True)
        return make_response(html, push_url=context["here"])
    if target == "champion-results":
        return make_response(render_block("champions/index.html", "results", **context),
                             status, push_url=context["here"])
    latest, pending = svc.network_status(db.session)
    return render_template(
        "champions/index.html", **context, options=_options(f), latest=latest, pending=pending,
        weights=results.ranking.weights, defaults=domain.Weights(),
        help=svc.COMPONENT_HELP,
    ), status


def _title(f: svc.ChampionFilter, audience: svc.Audience | None) -> str:
    if audience is None:
        return "Suggested champions"
    if (audience.group, audience.school_id, audience.language) == ("business", None, ""):
        return "Champions for business partnerships"
    return f"Champions who can reach {audience.label}"


def _not_a_fit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(ChampionProfile.id))
                             .where(ChampionProfile.not_a_fit.is_(True)))


def _options(f: svc.ChampionFilter) -> dict:
    """Schools and languages for the audience selects (capped; the chosen one kept)."""
    schools = db.session.execute(
        sa.select(School.id, School.name).order_by(School.name).limit(OPTION_CAP)).all()
    schools = [(s.id, s.name) for s in schools]
    if f.audience_school and f.audience_school not in dict(schools):
        chosen = db.session.get(School, f.audience_school)
        if chosen:
            schools.append((chosen.id, chosen.name))
    languages = db.session.scalars(
        sa.select(StakeholderLanguage.language).distinct()
        .order_by(StakeholderLanguage.language).limit(OPTION_CAP)).all()
    if f.audience_language and f.audience_language not in languages:
        languages = [*languages, f.audience_language]
    return {"schools": schools, "languages": languages}


# --- Not a fit -------------------------------------------------------------------------------


def _back(target: str | None, default: str) -> str:
    target = safe_next(target)
    return target if target and target.isprintable() else default


@bp.post("/<int:stakeholder_id>/not-a-fit")
@role_required("editor")
def not_a_fit(stakeholder_id: int):
    """Mark a suggestion "not a fit" with a reason; they drop out of the ranking."""
    s = _stakeholder(stakeholder_id)
    form = NotAFitForm()
    target = _fragment()
    if not form.validate_on_submit():
        if target == "champion-panel":
            return _panel(s, status=422, not_a_fit_form=form)
        if target is not None:
            row = svc.row_for(db.session, g.district.id, s.id)
            if row is None:
                return make_response(_gone(s), 422)
            html = render_template("champions/_row.html", row=row, errors=form.reason.errors,
                                   here=_back(form.next.data, url_for("champions.index")))
            return make_response(html, 422)
        back = urlsplit(_back(form.next.data, url_for("champions.index")))
        if back.path != url_for("champions.index"):
            return _panel(s, status=422, not_a_fit_form=form)
        return _render_index(MultiDict(parse_qsl(back.query)), 422,
                             errors={s.id: form.reason.errors})
    svc.mark_not_a_fit(db.session, s, form.reason.data, current_user.id)
    db.session.commit()
    if target == "champion-panel":
        return _panel(s, trigger=CHANGED)
    if target is not None:
        html = render_template("champions/_marked.html", s=s, reason=form.reason.data,
                               here=_back(form.next.data, url_for("champions.index")))
        return make_response(html, 200, trigger=CHANGED)
    flash(f"{s.name} is marked not a fit and no longer suggested. "
          "The list of people marked not a fit can restore them.", "success")
    return redirect(_back(form.next.data, url_for("champions.index")))


def _gone(s: Stakeholder, notice: str = "") -> str:
    return render_template("champions/_gone.html", s=s, notice=notice)


def _restored_row(s: Stakeholder) -> str:
    """The suggestion back in place with a note, or the note alone if they no longer rank."""
    notice = f"{s.name} is back among the suggested champions."
    row = svc.row_for(db.session, g.district.id, s.id)
    if row is None:
        return _gone(s, notice)
    return render_template("champions/_row.html", row=row, notice=notice,
                           here=_back(request.form.get("next"), url_for("champions.index")))


@bp.post("/<int:stakeholder_id>/restore")
@role_required("editor")
def restore(stakeholder_id: int):
    """Bring someone marked "not a fit" back into the suggestions."""
    s = _stakeholder(stakeholder_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    svc.restore(db.session, s, current_user.id)
    db.session.commit()
    target = _fragment()
    if target == "champion-panel":
        return _panel(s, trigger=CHANGED)
    if target == f"champion-{s.id}":  # undone in place on the suggestions
        return make_response(_restored_row(s), 200, trigger=CHANGED)
    if target is not None:
        return make_response("", 200, trigger=CHANGED)
    flash(f"{s.name} is back among the suggested champions.", "success")
    return redirect(_back(request.form.get("next"), url_for("champions.not_a_fit_list")))


@bp.get("/not-a-fit")
def not_a_fit_list():
    """People marked "not a fit", with why, by whom and when; editors can restore them."""
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), 100_000)
    total = _not_a_fit_count()
    rows = db.session.execute(
        sa.select(ChampionProfile, Stakeholder.name, Stakeholder.group, Stakeholder.kind,
                  User.name.label("by_name"))
        .join(Stakeholder, Stakeholder.id == ChampionProfile.stakeholder_id)
        .outerjoin(User, User.id == ChampionProfile.updated_by_id)
        .where(ChampionProfile.not_a_fit.is_(True))
        .order_by(ChampionProfile.updated_at.desc(), ChampionProfile.id.desc())
        .limit(NOT_A_FIT_PAGE).offset((page - 1) * NOT_A_FIT_PAGE)
    ).all()
    if _fragment() == "not-a-fit-count":
        return render_block("champions/not_a_fit.html", "count", total=total)
    pages = max(1, -(-total // NOT_A_FIT_PAGE))
    return render_template("champions/not_a_fit.html", rows=rows, total=total, page=page,
                           pages=pages, form=EmptyForm())


# --- Weights (admins) ------------------------------------------------------------------------


@bp.route("/weights", methods=["GET", "POST"])
@role_required("admin")
def weights():
    """Adjust the champion score's weights, preview the ranking, save or reset."""
    saved = svc.current_weights(db.session)
    reset_form = EmptyForm(prefix="reset")
    if request.method == "POST" and request.form.get("reset-submit") is not None:
        if not reset_form.validate_on_submit():
            abort(400)
        svc.reset_weights(db.session)
        db.session.commit()
        flash("The champion score uses the default weights again.", "success")
        return redirect(url_for("champions.weights"))
    form = WeightsForm(data=saved.as_dict())
    preview = None
    if request.method == "POST":
        if not form.validate_on_submit():
            return _render_weights(form, reset_form, saved, None, 422)
        new = form.weights()
        if form.save.data:
            svc.save_weights(db.session, new)
            db.session.commit()
            flash("Weights saved. The ranking below uses them.", "success")
            return redirect(url_for("champions.index"))
        preview = _compare(saved, new)
    return _render_weights(form, reset_form, saved, preview, 200)


def _compare(before: domain.Weights, after: domain.Weights) -> dict:
    """Top suggestions with the saved weights and with `after`, and who moved."""
    old = svc.current_ranking(db.session, g.district.id)
    new = svc.current_ranking(db.session, g.district.id, weights=after)
    rows = []
    for i, (score, c) in enumerate(new.order[:PREVIEW_TOP], start=1):
        was = old.position(c.id)
        rows.append({"rank": i, "c": c, "score": score, "was": was,
                     "moved": (was - i) if was else None})
    return {"before": old.order[:PREVIEW_TOP], "after": rows, "weights": after,
            "changed": before != after}


def _render_weights(form, reset_form, saved, preview, status):
    return render_template(
        "champions/weights.html", form=form, reset_form=reset_form, saved=saved,
        defaults=domain.Weights(), preview=preview, help=svc.COMPONENT_HELP,
        current=svc.current_ranking(db.session, g.district.id).order[:PREVIEW_TOP]
        if preview is None else None,
    ), status


# --- The champion questions panel of a profile ---------------------------------------------


@bp.get("/stakeholders/<int:stakeholder_id>/panel")
def panel(stakeholder_id: int):
    """A stakeholder's champion score, rank, reasons and champion questions."""
    return _panel(_stakeholder(stakeholder_id))


@bp.post("/stakeholders/<int:stakeholder_id>/questions")
@role_required("editor")
def questions(stakeholder_id: int):
    """Record the four champion questions; returns the panel."""
    s = _stakeholder(stakeholder_id)
    form = QuestionsForm()
    if not form.validate_on_submit():
        return _panel(s, status=422, questions_form=form)
    svc.save_answers(db.session, s, form.answers(), current_user.id)
    db.session.commit()
    if _fragment() is not None:
        return _panel(s, notice="Champion questions saved.", trigger=CHANGED)
    flash("Champion questions saved.", "success")
    return redirect(url_for("stakeholders.detail", stakeholder_id=s.id))


def _panel(s: Stakeholder, status: int = 200, questions_form: QuestionsForm | None = None,
           not_a_fit_form: NotAFitForm | None = None, notice: str = "",
           trigger: str | None = None):
    profile = svc.profile_of(db.session, s.id)
    if questions_form is None:
        questions_form = QuestionsForm(formdata=None, data={
            key: answer_choice(getattr(profile, key) if profile else None)
            for key, _ in domain.QUESTIONS})
    context = {
        "s": s, "profile": profile, "view": svc.panel_view(db.session, g.district.id, s.id),
        "questions_form": questions_form, "notice": notice,
        "not_a_fit_form": not_a_fit_form or NotAFitForm(formdata=None),
        "detail_url": url_for("stakeholders.detail", stakeholder_id=s.id),
        "marked_by": db.session.scalar(sa.select(User.name)
                                       .where(User.id == profile.updated_by_id))
        if profile and profile.not_a_fit and profile.updated_by_id else None,
    }
    if _fragment() is not None:
        return make_response(render_template("champions/_panel.html", **context), status,
                             trigger=trigger)
    return render_template("champions/panel.html", **context), status
