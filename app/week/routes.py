"""My week: the signed-in user's follow-ups, list members waiting on them and contacts
overdue by the district's cadence. Each section pages on its own (page in the URL); htmx
swaps just the section, or the counts after a follow-up is done."""

from flask import render_template, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from jinja2_fragments.flask import render_block

from app.extensions import db
from app.services import cadence as cadence_svc
from app.services import clock
from app.services import week as svc
from app.services.next_steps import suggestions_for
from app.week import bp
from app.week.forms import FollowUpButtonForm

# Query parameters of the page: each section's page, and whether later follow-ups show.
PARAMS = ("fu_page", "later", "om_page", "ov_page")
SECTIONS = {"week-follow-ups": "follow_ups", "week-waiting": "waiting",
            "week-overdue": "overdue", "week-counts": "counts",
            "week-fu-summary": "fu_summary", "week-fu-count": "fu_count"}
CHANGED = "week-changed"  # HX-Trigger after a follow-up is done or reopened


def fragment() -> str | None:
    """The HX-Target of an htmx request for part of a page (not a history restore)."""
    if request.htmx and not request.htmx.history_restore_request:
        return request.htmx.target or ""
    return None


def _state() -> dict:
    args = request.args
    return {
        "fu_page": svc.clamp_page(args.get("fu_page", type=int)),
        "later": args.get("later") == "1",
        "om_page": svc.clamp_page(args.get("om_page", type=int)),
        "ov_page": svc.clamp_page(args.get("ov_page", type=int)),
    }


def week_url(state: dict, **changes) -> str:
    """This page's URL with `changes`, keeping the other sections' pages (defaults dropped)."""
    merged = {**state, **changes}
    args = {k: v for k, v in merged.items() if k in PARAMS and v not in (1, False, None)}
    if args.get("later") is True:
        args["later"] = "1"
    return url_for("week.index", **args)


@bp.get("/")
def index():
    """My week: what is due, who is waiting on me, who is overdue for contact."""
    state = _state()
    day = clock.today()
    user_id = current_user.id
    cadence = cadence_svc.current_cadence(db.session)
    target = fragment()
    block = SECTIONS.get(target) if target is not None else None
    follow_ups, fu_counts = svc.follow_up_section(db.session, user_id, day, state["fu_page"],
                                                  state["later"])
    context = {"state": state, "today": day, "cadence": cadence, "fu_counts": fu_counts,
               "follow_ups": follow_ups, "button_form": FollowUpButtonForm(formdata=None),
               "week_url": lambda **changes: week_url(state, **changes)}
    context["here"] = context["week_url"]()
    if block in (None, "waiting", "counts"):
        context["waiting"] = svc.waiting_section(db.session, user_id, state["om_page"])
    if block in (None, "overdue", "counts"):
        overdue = svc.overdue_section(db.session, user_id, day, state["ov_page"], cadence)
        context["overdue"] = overdue
        context["suggestions"] = suggestions_for(db.session, [r.id for r in overdue.rows],
                                                 day) if block != "counts" else {}
    if block is not None:
        html = render_block("week/index.html", block, **context)
        if block in ("counts", "fu_summary", "fu_count"):  # refreshed in place: the URL stays
            return html
        return make_response(html, push_url=context["here"])
    return render_template("week/index.html", **context)
