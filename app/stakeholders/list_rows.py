"""What one row of the stakeholder list shows, loaded as plain columns.

A page of the list is 50 rows. Loading them as ORM objects (with their tags, schools
and languages collections) and formatting each value in the template cost most of a
request; here a page is two queries of plain columns (the rows with their owner's
name, then the tags of those rows) and each row's labels are looked up once in Python.
The rows are then written by `render_rows`, one Markup format per row that escapes every
value it places: a Jinja loop spent ~40 µs a row on escaping and generator steps alone.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import get_template_attribute
from markupsafe import Markup, escape

from app.domain.filters import StakeholderFilter
from app.domain.ratings import QUADRANT_BY_KEY, SALIENCE_CLASSES
from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS
from app.extensions import db
from app.models import Stakeholder, Tag, User
from app.models.stakeholder import stakeholder_tags
from app.services import stakeholder_query
from app.templating import ago, url_pattern

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


@dataclass(slots=True)
class ListRow:
    """One stakeholder as the list shows it (values already labelled)."""

    id: int
    kind: str
    name: str
    group: str
    quadrant: str
    quadrant_label: str
    influence: int
    interest: int
    engagement_current: str
    current_label: str
    engagement_desired: str
    desired_label: str
    gap: int | None
    salience: str | None
    salience_label: str
    salience_means: str
    owner_name: str | None
    last_contact: datetime | None
    contact_iso: str = ""
    contact_date: str = ""
    contact_ago: str = ""
    tags: tuple[str, ...] = ()
    more_tags: int = 0

    def set_tags(self, names: list[str]) -> None:
        self.tags = tuple(names[:TAGS_SHOWN])
        self.more_tags = max(0, len(names) - TAGS_SHOWN)


def _row(values, owner_name: str | None) -> ListRow:
    (sid, kind, name, group, quadrant, influence, interest, current, desired, gap,
     salience, last_contact) = values
    q = QUADRANT_BY_KEY.get(quadrant)
    salience_label, salience_means = _SALIENCE.get(salience, (salience or "", ""))
    row = ListRow(
        sid, kind, name, _GROUPS.get(group, group or ""), quadrant, q.label if q else quadrant,
        influence, interest, current, _LEVELS.get(current, current or ""),
        desired, _LEVELS.get(desired, desired or ""), gap, salience, salience_label,
        salience_means, owner_name, last_contact,
    )
    if last_contact is not None:
        row.contact_iso = last_contact.isoformat()
        row.contact_date = last_contact.strftime("%-d %b %Y")
        row.contact_ago = ago(last_contact)
    return row


def page_rows(f: StakeholderFilter, offset: int, limit: int,
              version: int | None = None) -> list[ListRow]:
    """One page of the list in the filter's order: two queries, no ORM objects.

    The ids are paged first (LIMIT/OFFSET over the sort index alone), then only those
    rows are read, so a deep page doesn't read the skipped rows.
    """
    page_ids = stakeholder_query.page_ids(db.session, f, offset, limit, version)
    statement = (
        sa.select(*_COLUMNS, User.name)
        .outerjoin(User, User.id == Stakeholder.owner_id)
        .where(Stakeholder.id.in_(page_ids))
    )
    rows = [_row(r[:-1], r[-1])
            for r in db.session.execute(stakeholder_query.ordered(statement, f))]
    if rows:
        tags: dict[int, list[str]] = {}
        for sid, tag in db.session.execute(
            sa.select(stakeholder_tags.c.stakeholder_id, Tag.name)
            .join(Tag, Tag.id == stakeholder_tags.c.tag_id)
            .where(stakeholder_tags.c.stakeholder_id.in_([r.id for r in rows]))
            .order_by(Tag.name)
        ):
            tags.setdefault(sid, []).append(tag)
        for row in rows:
            if row.id in tags:
                row.set_tags(tags[row.id])
    return rows


def row_of(s: Stakeholder) -> ListRow:
    """The list row of a loaded stakeholder (one row re-rendered after an edit)."""
    row = _row(tuple(getattr(s, c.key) for c in _COLUMNS), s.owner.name if s.owner else None)
    row.set_tags([t.name for t in s.tags])
    return row


# --- Rendering ---------------------------------------------------------------------------
# The markup of one row. Each is a Markup constant filled with `%`: markupsafe escapes
# every value placed in it unless the value is already Markup (the pieces built here).

_SELECT_CELL = Markup(
    '<td class="col-select"><input type="checkbox" name="ids" value="%(id)s" form="bulk-form" '
    'id="select-%(id)s" class="row-select"%(checked)s><label for="select-%(id)s" class="sr-only">'
    'Select %(name)s</label></td>'
)
_CHECKED = Markup(" checked")
_ROW = Markup(
    '<tr id="stakeholder-%(id)s">%(select)s<td class="col-name">'
    '<span class="kind kind-%(kind)s">%(icon)s</span> <a href="%(detail)s">%(name)s</a>'
    '%(tags)s%(message)s'
    '</td><td>%(group)s</td>'
    '<td><span class="badge quad-badge quad-%(quadrant)s">%(quadrant_label)s</span></td>'
    '<td class="num">%(influence)s</td><td class="num">%(interest)s</td>'
    '<td class="col-engagement"><span class="chip level-%(current)s">%(current_label)s</span> '
    '<span class="arrow" aria-hidden="true">→</span><span class="sr-only">desired</span> '
    '<span class="chip level-%(desired)s">%(desired_label)s</span></td>'
    '<td class="num">%(gap)s</td><td>%(salience)s</td><td>%(owner)s</td>'
    '<td class="col-contact">%(contact)s</td>%(actions)s</tr>\n'
)
_ACTIONS_CELL = Markup(
    '<td class="col-actions"><a class="btn btn-small" href="%(edit)s?%(edit_query)s" '
    'hx-get="%(edit)s" hx-target="#stakeholder-%(id)s" hx-swap="outerHTML">Edit ratings'
    '<span class="sr-only"> of %(name)s</span></a></td>'
)
_MUTED = Markup('<span class="muted">%s</span>')
_TAG = Markup('<span class="tag">%s</span>')
_MORE_TAGS = Markup('<span class="muted small">+%s</span>')
_TAGS = Markup(' <span class="row-tags">%s</span>')
_CONTACT = Markup('<time datetime="%s" title="%s">%s</time>')
_GAP = Markup('<span class="badge %s" title="%s">+%s</span>')
_GAP_ABOVE = Markup('<span class="badge" title="Above the desired level">%s</span>')
_GAP_NONE = Markup('<span class="badge badge-ok" title="At the desired level">0</span>')
_SALIENCE_HTML = Markup('<span title="%s">%s</span>')
_ERROR = Markup('<p class="row-message row-error" role="alert">%s</p>')
_NOTICE = Markup('<p class="row-message row-notice" role="status">%s</p>')
_EMPTY = Markup("")


def _gap_html(gap: int | None) -> Markup:
    if gap is None:
        return _MUTED % "–"
    if gap > 0:
        kind = "badge-danger" if gap >= 3 else "badge-warn"
        steps = "step" if gap == 1 else "steps"
        return _GAP % (kind, f"{gap} {steps} to the desired level", gap)
    if gap < 0:
        return _GAP_ABOVE % gap
    return _GAP_NONE


def _salience_html(r: ListRow) -> Markup:
    if not r.salience:
        return _MUTED % "none"
    if r.salience_means:
        return _SALIENCE_HTML % (r.salience_means, r.salience_label)
    return escape(r.salience_label)


def _row_html(r: ListRow, page: "_Page") -> Markup:
    tags = _EMPTY
    if r.tags:
        tags = _EMPTY.join([_TAG % t for t in r.tags])
        if r.more_tags:
            tags += _MORE_TAGS % r.more_tags
        tags = _TAGS % tags
    contact = _MUTED % "never"
    if r.last_contact is not None:
        contact = _CONTACT % (r.contact_iso, r.contact_date, r.contact_ago)
    sid = int(r.id)
    return _ROW % {
        "id": sid, "kind": r.kind, "name": r.name,
        "select": _SELECT_CELL % {"id": sid, "name": r.name,
                                  "checked": _CHECKED if sid in page.selected else _EMPTY}
        if page.can_edit else _EMPTY,
        "icon": page.icons.get(r.kind, page.icons["person"]),
        "detail": f"{page.detail[0]}{sid}{page.detail[1]}", "tags": tags,
        "message": page.message, "group": r.group, "quadrant": r.quadrant,
        "quadrant_label": r.quadrant_label, "influence": r.influence,
        "interest": r.interest, "current": r.engagement_current,
        "current_label": r.current_label, "desired": r.engagement_desired,
        "desired_label": r.desired_label, "gap": _gap_html(r.gap),
        "salience": _salience_html(r),
        "owner": _MUTED % "nobody" if r.owner_name is None else r.owner_name,
        "contact": contact,
        "actions": _ACTIONS_CELL % {"edit": f"{page.edit[0]}{sid}{page.edit[1]}",
                                    "edit_query": page.edit_query, "id": sid, "name": r.name}
        if page.can_edit else _EMPTY,
    }


@dataclass(slots=True)
class _Page:
    """What every row of one rendering shares."""

    can_edit: bool
    selected: frozenset
    icons: dict
    detail: tuple[str, str]
    edit: tuple[str, str]
    edit_query: str
    message: Markup


def render_rows(rows: list[ListRow], *, can_edit: bool, list_url: str,
                selected=frozenset(), notice: str | None = None,
                error: str | None = None) -> Markup:
    """The <tr> elements of `rows` (notice/error: a message under a single row's name)."""
    kind_icon = get_template_attribute("stakeholders/_list_macros.html", "kind_icon")
    message = _EMPTY
    if error:
        message += _ERROR % error
    if notice:
        message += _NOTICE % notice
    page = _Page(
        can_edit=can_edit, selected=frozenset(selected or ()),
        icons={"organisation": kind_icon("organisation"), "person": kind_icon("person")},
        detail=url_pattern("stakeholders.detail"), edit=url_pattern("stakeholders.edit_ratings"),
        edit_query=urlencode({"next": list_url}), message=message,
    )
    return _EMPTY.join([_row_html(r, page) for r in rows])
