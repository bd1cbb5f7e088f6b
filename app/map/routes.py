"""Map views: the Mendelow power/interest grid as SVG, and re-rating by moving a dot."""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import NamedTuple

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.domain import grid_layout as grid
from app.domain.filters import StakeholderFilter, parse_filter
from app.domain.ratings import QUADRANT_BY_KEY, QUADRANTS, RATING_MAX, RATING_MIN, quadrant
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, label
from app.extensions import db
from app.map import bp
from app.models import Stakeholder
from app.services.stakeholder_query import (
    by_name,
    cell_counts,
    data_version,
    filter_options,
    filtered,
    stakeholder_by_id,
)
from app.services.stakeholders import Ratings, StaleVersion, ensure_current, rate
from app.templating import url_pattern

PANEL_ID = "map-panel"
MOVED_NOTE = "Moved on the map"
TIP_NAME_CHARS = 40
LEVEL_ORDER = tuple(value for value, _ in ENGAGEMENT_LEVELS)


class MoveForm(FlaskForm):
    """A dot moved to another cell: the new influence and interest, and the version seen."""

    influence = IntegerField(
        "Influence (power)",
        validators=[
            InputRequired("Influence runs from 1 to 5."),
            NumberRange(RATING_MIN, RATING_MAX, "Influence runs from 1 to 5."),
        ],
    )
    interest = IntegerField(
        "Interest",
        validators=[
            InputRequired("Interest runs from 1 to 5."),
            NumberRange(RATING_MIN, RATING_MAX, "Interest runs from 1 to 5."),
        ],
    )
    version = IntegerField(validators=[InputRequired("Reload the map and try again.")])


class DotView(NamedTuple):
    """One stakeholder as drawn, in the order the dot macro (map/_dots.html) unpacks it:
    its links, what moving it needs, its mark and letter, its texts and its tooltip box
    (absolute SVG units)."""

    id: int
    name: str
    tip_name: str  # the name cut to fit the tooltip; `cut`: the template adds an ellipsis
    cut: bool
    detail_url: str
    move_url: str
    influence: int
    interest: int
    version: int
    organisation: bool  # drawn as a square; a person as a circle
    level: str
    cx: float
    cy: float
    x: float  # the square's corner
    y: float
    letter: str | None
    letter_size: float
    tail: str  # "Business, marked B, influence 4, interest 5, supportive": after the name
    detail: Markup  # group, ratings and level: the title and tooltip after the name
    tip_x: float
    tip_y: float
    tip_width: float


@dataclass
class CellView:
    """One of the 25 cells: its count, and either dots or a count bubble."""

    influence: int
    interest: int
    box: grid.Box
    count: int = 0
    aggregated: bool = False
    heat: int = 0
    by_level: dict = field(default_factory=dict)
    dots: list[DotView] = field(default_factory=list)
    dot_r: float = 0.0  # the cell's dots share a size: a circle's radius, a square's side
    dot_side: float = 0.0
    dot_rx: float = 0.0
    bubble_html: Markup = Markup("")  # an aggregated cell's count bubble (`_bubble_html`)
    cell_html: Markup = Markup("")  # its background, shaded by `heat` (`_cell_html`)

    @property
    def quadrant(self):
        return quadrant(self.influence, self.interest)


def _dot(placed: grid.PlacedDot, box: grid.Box, urls) -> DotView:
    row = placed.item
    cx, cy, r = round(box.x + placed.x, 2), round(box.y + placed.y, 2), placed.r
    tail, detail, detail_chars = _dot_texts(row.group, row.influence, row.interest,
                                            row.engagement_current)
    cut = len(row.name) > TIP_NAME_CHARS
    tip_name = row.name[: TIP_NAME_CHARS - 1].rstrip() if cut else row.name
    # The name is bold, so it runs about a tenth wider than the detail line.
    tip = grid.tip_box(cx, cy, r, max(round((len(tip_name) + cut) * 1.1), detail_chars))
    half = _square_half(r)
    letter = grid.group_letter(row.group) if r >= grid.LETTER_MIN_RADIUS else None
    (detail_prefix, detail_suffix), (move_prefix, move_suffix) = urls
    return DotView(
        row.id, row.name, tip_name, cut, f"{detail_prefix}{row.id}{detail_suffix}",
        f"{move_prefix}{row.id}{move_suffix}", row.influence, row.interest, row.version,
        row.kind == "organisation", row.engagement_current, cx, cy,
        round(cx - half, 2), round(cy - half, 2),
        letter, round(r * (0.85 if letter and len(letter) > 1 else 1.1), 1),
        tail, detail, tip.x, tip.y, tip.width,
    )


def _square_half(r: float) -> float:
    """Half the side of an organisation's square of a cell's dot radius `r`: a little
    smaller than the circle, so the two marks look the same size."""
    return r * 0.88


@lru_cache(maxsize=len(GROUPS) * len(grid.CELLS) * len(ENGAGEMENT_LEVELS))
def _dot_texts(group: str, influence: int, interest: int, level: str
               ) -> tuple[str, Markup, int]:
    """(label after the name, detail after the name, the detail's length in characters):
    the same for every dot of a group, rating pair and level, so written once."""
    level_label = label(ENGAGEMENT_LEVELS, level)
    group_label = label(GROUPS, group)
    ratings = f"influence {influence}, interest {interest}"
    detail = get_template_attribute(_DOTS, "dot_detail")(group_label, ratings, level_label)
    # The label holds the group's letter too, as the dot may show it (WCAG 2.5.3).
    group_text = f"{group_label}, marked {grid.group_letter(group)}"
    return (f"{group_text}, {ratings}, {level_label.lower()}", detail,
            len(group_label) + len(ratings) + len(level_label) + 6)  # two " . " separators


_DOTS = "map/_dots.html"


# --- The grid's frame: the same for every map, so drawn once ---------------------------------

_FRAME = "map/_frame.html"


@lru_cache(maxsize=1)
def _frame() -> SimpleNamespace:
    """The quadrant areas (under the cells), and the lines, names, strategies, ticks and
    axis titles (over them): drawn by the macros of map/_frame.html, so escaped as any
    template output, from the layout's constants alone."""
    boxes = grid.quadrant_boxes()
    return SimpleNamespace(
        back=get_template_attribute(_FRAME, "back")(grid, boxes),
        front=get_template_attribute(_FRAME, "front")(grid, boxes, QUADRANTS),
    )


@lru_cache(maxsize=len(grid.CELLS) * (grid.HEAT_LEVELS + 1))
def _cell_html(influence: int, interest: int, heat: int) -> Markup:
    return get_template_attribute(_FRAME, "cell")(grid, grid.cell_box(influence, interest), heat)


def _cells(f: StakeholderFilter, version: int | None) -> tuple[list[CellView], int, bool]:
    """The 25 cells for a filter; (cells, total, whole map shows counts).

    One grouped COUNT decides the mode; rows (a few columns, never ORM objects) are
    loaded only when few enough match to draw them.
    """
    dialect = db.session.get_bind().dialect.name
    summaries = grid.summarize(cell_counts(db.session, f, version))
    counts = {cell: s.count for cell, s in summaries.items()}
    max_dots = current_app.config.get("MAP_MAX_DOTS", grid.MAX_DOTS)
    per_cell = current_app.config.get("MAP_MAX_DOTS_PER_CELL", grid.MAX_DOTS_PER_CELL)
    aggregated = grid.aggregated_cells(counts, max_dots=max_dots, max_per_cell=per_cell)
    counts_only = grid.shows_counts_only(counts, max_dots=max_dots)

    rows_by_cell: dict[grid.Cell, list[sa.Row]] = {}
    if len(aggregated) < len(counts):
        rows = db.session.execute(
            filtered(
                f,
                dialect,
                Stakeholder.id,
                Stakeholder.name,
                Stakeholder.kind,
                Stakeholder.group,
                Stakeholder.engagement_current,
                Stakeholder.influence,
                Stakeholder.interest,
                Stakeholder.version,
            )
            .order_by(*by_name(f, dialect))
            .limit(max_dots)
        )
        for row in rows:
            cell = (row.influence, row.interest)
            if cell in counts and cell not in aggregated:
                rows_by_cell.setdefault(cell, []).append(row)

    largest = max([counts[c] for c in aggregated] or [0])
    urls = None  # the dots' link patterns (`url_pattern`): built for the first dot
    cells = []
    for influence, interest in grid.CELLS:
        box = grid.cell_box(influence, interest)
        view = CellView(influence, interest, box)
        summary = summaries.get((influence, interest))
        if summary is not None:
            view.count, view.by_level = summary.count, summary.by_level
        if (influence, interest) in aggregated:
            view.aggregated = True
            view.heat = grid.heat_level(view.count, largest)
            # The list of what was clicked: this cell, with the map's other filters.
            list_url = url_for("stakeholders.index",
                               **f.to_args(influence=influence, interest=interest))
            view.bubble_html = _bubble_html(influence, interest, tuple(view.by_level.items()),
                                            largest, list_url)
        else:
            placed = grid.place(rows_by_cell.get((influence, interest), []))
            if placed:
                half = _square_half(placed[0].r)
                view.dot_r, view.dot_side, view.dot_rx = (
                    placed[0].r, round(2 * half, 2), round(half * 0.3, 2))
                urls = urls or (url_pattern("stakeholders.detail"), url_pattern("map.move"))
                view.dots = [_dot(p, box, urls) for p in placed]
        view.cell_html = _cell_html(influence, interest, view.heat)
        cells.append(view)
    return cells, sum(counts.values()), counts_only


# Five cells hold most stakeholders (the high-interest column and row); each keeps a
# bubble per count, so a few versions of the data fit.
@lru_cache(maxsize=len(grid.CELLS) * 8)
def _bubble_html(influence: int, interest: int, by_level: tuple[tuple[str, int], ...],
                 largest: int, list_url: str) -> Markup:
    """An aggregated cell's count bubble and engagement bar, linking to `list_url`: the
    same for the same counts, so drawn once while the data stays as it is."""
    box, q = grid.cell_box(influence, interest), quadrant(influence, interest)
    levels = dict(by_level)
    count = sum(levels.values())
    where = f"influence {influence}, interest {interest}"
    count_text = f"{count:,}"
    described = ",".join(f" {levels[value]:,} {text.lower()}"
                         for value, text in ENGAGEMENT_LEVELS if levels.get(value))
    bars = [(level, round(box.x + 12 + offset, 2), width)
            for level, offset, width in grid.level_segments(levels, LEVEL_ORDER, box.width - 24)]
    return get_template_attribute(_FRAME, "bubble")(SimpleNamespace(
        influence=influence, interest=interest, list_url=list_url, count_text=count_text,
        aria_label=f"{count_text} stakeholders at {where} ({q.label}); open them as a list",
        title=f"{count_text} stakeholders at {where} ({q.label}):{described}",
        cx=box.cx, y=box.cy - grid.BAR_ROOM, r=grid.bubble_radius(count, largest),
        bar_y=box.y + grid.CELL - 12, bars=bars,
    ))


def _panel_context(f: StakeholderFilter, notice: str = "",
                   version: int | None = None) -> dict:
    cells, total, counts_only = _cells(f, version)
    by_quadrant = {q.key: 0 for q in QUADRANTS}
    for cell in cells:
        by_quadrant[cell.quadrant.key] += cell.count
    return {
        "filter": f,
        "cells": cells,
        "total": total,
        "counts_only": counts_only,
        "any_aggregated": any(c.aggregated for c in cells),
        "by_quadrant": by_quadrant,
        "quadrants": QUADRANTS,
        "frame": _frame(),
        "geo": grid,
        "group_letters": [(v, lbl, grid.group_letter(v)) for v, lbl in GROUPS],
        "per_cell_cap": current_app.config.get("MAP_MAX_DOTS_PER_CELL", grid.MAX_DOTS_PER_CELL),
        "notice": notice,
    }


def _filter_choices(version: int | None = None) -> dict:
    """Options for the filter form: this district's schools, languages, tags, members."""
    return filter_options(db.session, g.district.id, version=version)


def _wants_panel() -> bool:
    return bool(
        request.htmx
        and not request.htmx.history_restore_request
        and request.htmx.target == PANEL_ID
    )


@bp.get("/")
def index():
    """The power/interest grid for the current filter (the panel alone for htmx)."""
    # A grid cell (influence and interest) is honoured like any filter, not ignored: the
    # list a count bubble opened links back here with it ("Show on the map"), and a
    # reader expects the same people in both. The map then shows that cell alone, as
    # dots once few enough match, which is how to look into a crowded cell; the panel
    # says so and links back to every cell (map/_panel.html).
    f = parse_filter(request.args)
    if _wants_panel():
        response = current_app.make_response(
            render_template("map/_panel.html", **_panel_context(f))
        )
        # The address bar shows the filter without the form's empty fields.
        response.headers["HX-Push-Url"] = url_for("map.index", **f.to_args())
        return response
    version = data_version(db.session)
    return render_template("map/index.html", **_panel_context(f, version=version),
                           **_filter_choices(version))


def _after_move(f: StakeholderFilter, message: str, focus: str, status: int):
    """Answer a move: the refreshed panel for htmx, else a page (or redirect on success)."""
    notice = message if status != 200 else ""
    if request.htmx:
        response = current_app.make_response(
            (render_template("map/_panel.html", **_panel_context(f, notice)), status)
        )
        # ASCII-only JSON: a header must survive any name, and the event carries the
        # announcement for the live region, the dot to focus after the swap, and whether
        # it moved (map.js then sends the arrow presses made meanwhile, or drops them).
        response.headers["HX-Trigger-After-Swap"] = json.dumps(
            {"mapMoved": {"message": message, "focus": focus, "moved": status == 200}}
        )
        return response
    if status == 200:
        flash(message, "success")
        return redirect(url_for("map.index", **f.to_args()))
    context = _panel_context(f, notice) | _filter_choices()
    return render_template("map/index.html", **context), status


@bp.post("/stakeholders/<int:stakeholder_id>/move")
def move(stakeholder_id: int):
    """Re-rate influence and interest by moving a dot to another cell."""
    stakeholder = stakeholder_by_id(db.session, stakeholder_id) or abort(404)
    f = parse_filter(request.args)
    focus = f"map-dot-{stakeholder.id}"
    name = stakeholder.name
    form = MoveForm()
    if not form.validate_on_submit():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        message = f"{name} was not moved: {' '.join(errors)}"
        return _after_move(f, message, focus, 422)
    try:
        ensure_current(stakeholder, form.version.data)
        new = Ratings.of(stakeholder).replace(
            influence=form.influence.data, interest=form.interest.data
        )
        rate(db.session, stakeholder, new, by_user_id=current_user.id, note=MOVED_NOTE)
        db.session.commit()
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        message = (
            f"Someone else changed {name} first, so it was not moved. "
            "The map now shows the latest ratings."
        )
        return _after_move(f, message, focus, 409)
    q = QUADRANT_BY_KEY[stakeholder.quadrant]
    message = (
        f"{name} moved to {q.label}: influence {stakeholder.influence}, "
        f"interest {stakeholder.interest}"
    )
    return _after_move(f, message, focus, 200)
