"""What one row of the stakeholder list shows, loaded as plain columns.

A page of the list is 50 rows. Loading them as ORM objects (with their tags, schools
and languages collections) and formatting each value in the template cost most of a
request; here a page is two queries of plain columns (the rows with their owner's
name, then the tags of those rows) and each row's labels are looked up once in Python.
The rows are then written by one Jinja macro over tuples (unpacked by position: no
attribute lookups, filters or url_for per row), with the cells that depend only on the
vocabulary written once per value and reused. Every value is escaped by the template.
"""

from datetime import date
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import get_template_attribute
from markupsafe import Markup

from app.domain.filters import StakeholderFilter
from app.domain.ratings import QUADRANT_BY_KEY, SALIENCE_CLASSES
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS
from app.extensions import db
from app.models import Stakeholder, Tag, User
from app.models.stakeholder import stakeholder_tags
from app.services import stakeholder_query
from app.templating import ago, url_pattern
from app.tenancy import district_param

TAGS_SHOWN = 3
_GROUPS = dict(GROUPS)
_LEVELS = dict(ENGAGEMENT_LEVELS)
_SALIENCE = {value: (text, means) for value, text, means in SALIENCE_CLASSES}

_COLUMNS = (
    Stakeholder.id, Stakeholder.kind, Stakeholder.name, Stakeholder.group,
    Stakeholder.quadrant, Stakeholder.influence, Stakeholder.interest,
    Stakeholder.engagement_current, Stakeholder.engagement_desired,
    Stakeholder.engagement_gap, Stakeholder.salience, Stakeholder.last_contact_at,
)


class ListRow(NamedTuple):
    """One stakeholder as the list shows it: values ready to print, in the order the
    row macro (stakeholders/_list_row_items.html) unpacks them.

    The `*_html` and `*_cells` markup depends only on a few values (the ratings:
    quadrant, influence, interest, engagement now and desired and the gap; a salience
    class; the last contact's day and how long ago it was): each is written once per
    combination of values, not once per row.
    """

    id: int
    name: str
    detail_url: str
    edit_url: str  # with ?next= (the list page to come back to without JavaScript)
    kind_html: Markup
    group: str
    rating_cells: Markup
    salience_html: Markup
    owner_name: str | None
    contact_html: Markup
    tags: tuple[str, ...] = ()
    more_tags: int = 0


def _row(values, owner_name: str | None, tags: list[str] | None, urls) -> ListRow:
    detail, edit = urls
    (sid, kind, name, group, quadrant, influence, interest, current, desired, gap,
     salience, last_contact) = values
    contact = _contact_html(None) if last_contact is None else _contact_html(
        last_contact.date(), ago(last_contact))
    tags = tags or ()
    return ListRow(
        sid, name, f"{detail[0]}{sid}{detail[1]}", f"{edit[0]}{sid}{edit[1]}", _kind_html(kind),
        _GROUPS.get(group, group or ""),
        _rating_cells(quadrant, influence, interest, current, desired, gap),
        _salience_html(salience), owner_name, contact, tuple(tags[:TAGS_SHOWN]),
        max(0, len(tags) - TAGS_SHOWN),
    )


def page_rows(f: StakeholderFilter, offset: int, limit: int, version: int | None = None, *,
              list_url: str) -> list[ListRow]:
    """One page of the list in the filter's order: two statements of plain columns.

    The ids are paged in a subquery (LIMIT/OFFSET over the sort index alone) and only
    those rows are read, so a deep page doesn't read the skipped rows; then their
    tags. Both run as Core, scoped to the district by hand; the first is kept per page
    and filter, the second built once (its values are parameters), which saves
    building and keying a statement on every request.
    """
    district_id = district_param()
    connection = db.session.connection()
    found = connection.execute(stakeholder_query.page_ids(
        db.session, f, offset, limit, version, district_id=district_id,
        rows=_page_rows)).all()
    if not found:
        return []
    params = {"district_id": district_id, "ids": [r[0] for r in found]}
    tags: dict[int, list[str]] = {}
    for sid, tag in connection.execute(_PAGE_TAGS, params).all():
        tags.setdefault(sid, []).append(tag)
    for names in tags.values():
        names.sort(key=str.casefold)  # as `row_of` does, whatever the database's collation
    urls = _urls(list_url)
    return [_row(r[:-1], r[-1], tags.get(r[0]), urls) for r in found]


def _page_rows(ids: sa.Subquery) -> sa.Select:
    """The list's columns and the owner's name of the stakeholders in `ids`."""
    return (sa.select(*_COLUMNS, User.name)
            .join(ids, ids.c.id == Stakeholder.id)
            .outerjoin(User, User.id == Stakeholder.owner_id))


_PAGE_TAGS = (
    sa.select(stakeholder_tags.c.stakeholder_id, Tag.name)
    .join(Tag, Tag.id == stakeholder_tags.c.tag_id)
    .where(Tag.district_id == sa.bindparam("district_id"),
           stakeholder_tags.c.stakeholder_id.in_(sa.bindparam("ids", expanding=True)))
)  # Unordered: ORDER BY name made SQLite walk the district's tags in name order and probe
#    the page's 50 ids for each (0.24 ms) instead of looking up each row's few (0.05 ms).


def row_of(s: Stakeholder, list_url: str) -> ListRow:
    """The list row of a loaded stakeholder (one row re-rendered after an edit)."""
    return _row(tuple(getattr(s, c.key) for c in _COLUMNS), s.owner.name if s.owner else None,
                sorted((t.name for t in s.tags), key=str.casefold), _urls(list_url))


def _urls(list_url: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The detail and edit-ratings URL patterns (see `url_pattern`); the edit form
    leads back to `list_url` when it is a page of its own (no JavaScript)."""
    prefix, suffix = url_pattern("stakeholders.edit_ratings")
    return (url_pattern("stakeholders.detail"),
            (prefix, f"{suffix}?{urlencode({'next': list_url})}"))


# --- The cells that depend only on the vocabulary ------------------------------------------
# Written by the macros of stakeholders/_list_row_items.html (so escaped like any template
# output) the first time a value is seen, then reused: a handful of values each.

_ROW_MACROS = "stakeholders/_list_row_items.html"
_CELLS = 128  # combinations each remembers (25 influence/interest pairs, 25 levels pairs)


def _macro(name: str):
    return get_template_attribute(_ROW_MACROS, name)


@lru_cache(maxsize=_CELLS)
def _kind_html(kind: str) -> Markup:
    return _macro("kind_cell")(kind)


@lru_cache(maxsize=_CELLS * 8)  # 25 influence/interest pairs x 25 engagement pairs
def _rating_cells(quadrant: str, influence: int, interest: int, current: str, desired: str,
                  gap: int | None) -> Markup:
    return _grid_cells(quadrant, influence, interest) + _engagement_cells(current, desired, gap)


@lru_cache(maxsize=_CELLS)
def _grid_cells(quadrant: str, influence: int, interest: int) -> Markup:
    q = QUADRANT_BY_KEY.get(quadrant)
    return _macro("grid_cells")(quadrant, q.label if q else quadrant, influence, interest)


@lru_cache(maxsize=_CELLS)
def _engagement_cells(current: str, desired: str, gap: int | None) -> Markup:
    steps = "step" if gap == 1 else "steps"
    return _macro("engagement_cells")(
        current, _LEVELS.get(current, current or ""), desired, _LEVELS.get(desired, desired or ""),
        gap, f"{gap} {steps} to the desired level")


@lru_cache(maxsize=_CELLS * 8)  # a day per year and how long ago
def _contact_html(day: date | None, how_long_ago: str = "") -> Markup:
    if day is None:
        return _macro("contact_cell")("", "", "")
    return _macro("contact_cell")(day.isoformat(), day.strftime("%-d %b %Y"), how_long_ago)


@lru_cache(maxsize=_CELLS)
def _salience_html(salience: str | None) -> Markup:
    label, means = _SALIENCE.get(salience, (salience or "", ""))
    return _macro("salience_cell")(salience, label, means)


# --- Rendering ---------------------------------------------------------------------------


def render_rows(rows: list[ListRow], *, can_edit: bool, selected=frozenset(),
                notice: str | None = None, error: str | None = None) -> Markup:
    """The <tr> elements of `rows` (notice/error: a message under a single row's name)."""
    return _macro("list_rows")(
        rows, can_edit=can_edit, selected=frozenset(selected or ()), notice=notice,
        error=error,
    )
