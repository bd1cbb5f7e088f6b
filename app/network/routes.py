"""Network views: a stakeholder's neighbourhood, a filtered set, the metrics panel on every
profile, and "Who can introduce us?"."""

from flask import abort, current_app, g, render_template, request, url_for

from app.domain.filters import StakeholderFilter, parse_filter
from app.domain.vocab import GROUPS, RELATIONSHIP_TYPES, label
from app.extensions import db
from app.models import Stakeholder
from app.network import bp
from app.services import network_views as views
from app.services.stakeholder_query import filter_options, stakeholder_by_id

VIEW_ID = "network-view"
MAX_NEIGHBOURHOOD = 150
MAX_SET = 300
LABEL_CHARS = 32

# One colour per group (legend, nodes); distinct on white and readable beside dark text.
GROUP_COLOURS = {
    "parent": "#4e79a7",
    "student": "#76b7b2",
    "educator": "#59a14f",
    "district_staff": "#1f5f4a",
    "business": "#f28e2b",
    "higher_ed": "#b07aa1",
    "elected": "#e15759",
    "government": "#9c755f",
    "community": "#edc948",
    "faith": "#d37295",
    "philanthropy": "#b6992d",
    "media": "#499894",
    "health": "#ff9d9a",
    "other": "#a0a0a0",
}
NODE_SIZE = {1: 18, 2: 24, 3: 30, 4: 38, 5: 46}  # diameter in px by influence 1-5
EDGE_WIDTH = {1: 1.5, 2: 3, 3: 5}  # px by tie strength
STRENGTH_WORDS = {1: "weak", 2: "medium", 3: "strong"}


def _stakeholder_or_404(stakeholder_id: int) -> Stakeholder:
    """The stakeholder in the current district, or 404 (another district's ids too)."""
    return stakeholder_by_id(db.session, stakeholder_id) or abort(404)


def _is_fragment() -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _cap(key: str, default: int) -> int:
    return max(2, int(current_app.config.get(key, default)))


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def graph_data(sl: views.Slice, centre_id: int | None = None) -> dict:
    """What network-graph.js draws: nodes with colour, size and profile URL; edges with
    width. Plain data (names are text drawn on a canvas, never HTML)."""
    return {
        "nodes": [
            {
                "id": f"n{n.id}",
                "label": _short(n.name),
                "group": n.group,
                "groupLabel": label(GROUPS, n.group),
                "colour": GROUP_COLOURS.get(n.group, GROUP_COLOURS["other"]),
                "size": NODE_SIZE.get(n.influence, NODE_SIZE[3]),
                "url": url_for("stakeholders.detail", stakeholder_id=n.id),
                "centre": n.id == centre_id,
            }
            for n in sl.nodes
        ],
        "edges": [
            {
                "id": f"e{e.id}",
                "source": f"n{e.source}",
                "target": f"n{e.target}",
                "strength": e.strength,
                "width": EDGE_WIDTH.get(e.strength, EDGE_WIDTH[2]),
                "type": label(RELATIONSHIP_TYPES, e.type),
            }
            for e in sl.edges
        ],
    }


def _legend(sl: views.Slice) -> list[tuple[str, str, str, int]]:
    """(group, label, colour, how many shown) for the groups present, in vocabulary order."""
    counts: dict[str, int] = {}
    for n in sl.nodes:
        counts[n.group] = counts.get(n.group, 0) + 1
    return [
        (value, text, GROUP_COLOURS.get(value, GROUP_COLOURS["other"]), counts[value])
        for value, text in GROUPS
        if value in counts
    ]


def _common(sl: views.Slice, centre_id: int | None = None) -> dict:
    return {
        "sl": sl,
        "graph": graph_data(sl, centre_id),
        "legend_items": _legend(sl),
        "strength_words": STRENGTH_WORDS,
    }


# ---------------------------------------------------------------- a filtered set


def _filter_choices() -> dict:
    """Options for the filter form: this district's schools, languages, tags, members."""
    return filter_options(db.session, g.district.id)


def _set_context(f: StakeholderFilter) -> dict:
    sl = views.stakeholder_set(db.session, f, _cap("NETWORK_MAX_SET_NODES", MAX_SET))
    ranked_by_pagerank = any(n.pagerank_pct is not None for n in sl.nodes)
    return {"filter": f, "ranked_by_pagerank": ranked_by_pagerank, **_common(sl)}


@bp.get("/")
def index():
    """The relationship graph among the stakeholders matching a filter."""
    f = parse_filter(request.args)
    if _is_fragment() and request.htmx.target == VIEW_ID:
        response = current_app.make_response(
            render_template("network/_set.html", **_set_context(f))
        )
        response.headers["HX-Push-Url"] = url_for("network.index", **f.to_args())
        return response
    return render_template("network/index.html", **_set_context(f), **_filter_choices())


# ---------------------------------------------------------------- a neighbourhood


@bp.get("/stakeholders/<int:stakeholder_id>")
def neighbourhood(stakeholder_id: int):
    """The graph of a stakeholder's ties (1 or 2 steps out), strongest ties first."""
    s = _stakeholder_or_404(stakeholder_id)
    steps = 1 if request.args.get("steps") == "1" else 2
    sl = views.neighbourhood(
        db.session, s.id, steps, _cap("NETWORK_MAX_NEIGHBOURHOOD_NODES", MAX_NEIGHBOURHOOD)
    )
    return render_template(
        "network/neighbourhood.html", s=s, steps=steps, **_common(sl, centre_id=s.id)
    )


# ---------------------------------------------------------------- the metrics panel


@bp.get("/stakeholders/<int:stakeholder_id>/panel")
def panel(stakeholder_id: int):
    """Network position on the profile: the card for htmx, a page without it."""
    s = _stakeholder_or_404(stakeholder_id)
    context = {"s": s, "pos": views.position(db.session, s.id)}
    if _is_fragment():
        return render_template("network/_panel.html", **context)
    return render_template("network/panel.html", **context)


# ---------------------------------------------------------------- warm introductions


def _introducers() -> frozenset[int]:
    """Ids of everyone who can introduce (loaded once per request)."""
    if "network_introducers" not in g:
        g.network_introducers = views.introducer_ids(db.session)
    return g.network_introducers


@bp.get("/stakeholders/<int:stakeholder_id>/intros")
def intros(stakeholder_id: int):
    """Who can introduce us? The warmest short paths from our people to the stakeholder."""
    s = _stakeholder_or_404(stakeholder_id)
    introducers = _introducers()
    has_ties, paths = views.intro_paths(db.session, g.district, s.id, introducers)
    return render_template(
        "network/intros.html",
        s=s,
        has_ties=has_ties,
        paths=paths,
        is_introducer=s.id in introducers,
        strength_words=STRENGTH_WORDS,
    )
