"""The district's engagement log: newest first, filtered, with open concerns by theme."""

from flask import render_template, request, url_for
from htmx_flask import make_response
from jinja2_fragments.flask import render_block

from app.domain.engagement import term_label
from app.domain.vocab import INTERACTION_KINDS
from app.engagement import bp
from app.engagement.common import fragment, page_arg
from app.extensions import db
from app.services import engagement_queries as queries
from app.services.clock import today


@bp.context_processor
def _engagement_helpers() -> dict:
    return {"kinds": INTERACTION_KINDS}


def log_url(f: queries.LogFilter, page: int = 1) -> str:
    return url_for("engagement.index", **f.to_args(), page=page if page > 1 else None)


@bp.get("/")
def index():
    """The log of meetings, calls, events... with filters and open concerns by theme."""
    f = queries.parse_filter(request.args)
    result = queries.log_page(db.session, f, page_arg())
    context = {
        "f": f, "log": result, "here": log_url(f, result.page),
        "prev_url": log_url(f, result.page - 1) if result.page > 1 else None,
        "next_url": log_url(f, result.page + 1) if result.page < result.pages else None,
        "stakeholder_name": queries.stakeholder_name(db.session, f.stakeholder),
        # A theme's open concerns, in the concern register.
        "theme_url": lambda theme: url_for("engagement.concerns", theme=theme),
        "today_date": today(),
    }
    if fragment() == "log-results":
        return make_response(render_block("engagement/index.html", "results", **context),
                             push_url=context["here"])
    return render_template(
        "engagement/index.html", **context, members=queries.members(db.session),
        themes=queries.themes(db.session), term=term_label(today()),
        open_themes=queries.open_concerns_by_theme(db.session))
