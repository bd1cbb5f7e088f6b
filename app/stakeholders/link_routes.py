"""What the profile's relationships and affiliations cards share, and the stakeholder
typeahead they pick "the other stakeholder" with.

The cards themselves are in relationship_routes (a relationship is stored once per
pair, lower id first) and affiliation_routes (a person's tie to an organisation). Every
id in a URL or a form is loaded through the district-scoped ORM, so another district's
ids are simply "not found".
"""

from collections.abc import Callable

import sqlalchemy as sa
from flask import render_template, request
from sqlalchemy.orm import aliased

from app.domain.filters import parse_filter
from app.domain.ids import record_id
from app.domain.text import name_match_rank
from app.extensions import db
from app.models import Stakeholder
from app.services import stakeholder_query
from app.stakeholders import bp
from app.stakeholders.profile_shared import is_fragment

LINK_CAP = 100  # relationships/affiliations on the detail page; "show all" pages on
LINK_PAGE = 100
SEARCH_LIMIT = 10
# The first matches in name order are read, and those whose name itself starts with what
# was typed shown first ("mar": Marcus before Daniela of St. Mary's). Reading a few more
# than are shown costs little; ranking every match would sort them all on each keystroke.
SEARCH_READ = 50
# "The other stakeholder" of a relationship or affiliation. Made once: building an alias
# of Stakeholder sets up its ~35 columns (about 1.3 ms a call).
OTHER = aliased(Stakeholder, name="other")
# The cards' statements are built once: their values are parameters, and each is scoped
# to the district by hand (`district_param`), as they run as Core.
SID, DISTRICT = sa.bindparam("sid"), sa.bindparam("district_id")


def capped(rows: list, count: Callable[[], int]) -> tuple[list, int]:
    """The first LINK_CAP of `rows` (read with one more, to know) and how many there are."""
    shown = rows[:LINK_CAP]
    return shown, count() if len(rows) > LINK_CAP else len(shown)


def links_page(s: Stakeholder, what: str, total: int,
               rows: Callable[[int, int], list]):
    """All of a stakeholder's relationships or affiliations, a page at a time:
    `rows(limit, offset)` reads one page."""
    pages = max(1, -(-total // LINK_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    return render_template("stakeholders/links.html", s=s, what=what,
                           rows=rows(LINK_PAGE, (page - 1) * LINK_PAGE), page=page,
                           pages=pages, total=total)


# --- Typeahead ------------------------------------------------------------------------------


def _search_text() -> str:
    """The typed text: `q`, or the typeahead input's own (possibly prefixed) name."""
    if request.args.get("q"):
        return request.args["q"]
    for key, value in request.args.items():
        if key.endswith("other_name") and value:
            return value
    return ""


@bp.get("/search")
def search():
    """Up to ten stakeholders matching the typed text (for the typeahead), names that
    start with it first."""
    kind = request.args.get("kind", "")
    f = parse_filter({"q": _search_text(), "kind": kind})
    exclude = request.args.get("exclude", type=record_id)
    results = []
    if f.q:
        dialect = db.session.get_bind().dialect.name
        statement = stakeholder_query.filtered(
            f, dialect, Stakeholder.id, Stakeholder.name, Stakeholder.kind, Stakeholder.group,
            Stakeholder.city)
        if exclude:
            statement = statement.where(Stakeholder.id != exclude)
        found = db.session.execute(
            stakeholder_query.ordered(statement, f).limit(SEARCH_READ)).all()
        results = sorted(found, key=lambda r: name_match_rank(f.q, r.name))[:SEARCH_LIMIT]
    context = {"results": results, "q": f.q, "kind": f.kind, "exclude": exclude,
               "target": request.args.get("target", "")}
    if is_fragment():
        return render_template("stakeholders/_link_matches.html", **context)
    return render_template("stakeholders/search.html", **context)

