"""The rows of the relationships card, written in one pass.

A busy stakeholder shows a hundred relationships; as a Jinja loop each row (its links,
labels, strength marks and the remove form) cost ~25 µs, more than the rest of the
card. Here each row is one Markup format that escapes every value it places.
"""

from flask import g, get_template_attribute
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, RELATIONSHIP_TYPES, label, role_at_least
from app.models import Stakeholder
from app.templating import url_pattern

_ROW = Markup(
    '<li class="link-row" id="relationship-%(id)s">'
    '<div class="link-main"><a class="link-name" href="%(other_href)s">%(other_name)s</a> '
    '<span class="badge">%(group)s</span> '
    '<span class="chip level-%(level)s" title="PMBOK engagement level">%(level_label)s</span>'
    '</div><div class="link-meta"><span>%(type)s</span> %(strength)s%(note)s</div>'
    '%(actions)s</li>\n'
)
_ACTIONS = Markup(
    '<div class="actions link-actions">'
    '<a class="btn btn-small" href="%(edit)s" hx-get="%(edit)s" hx-target="#relationship-%(id)s" '
    'hx-swap="outerHTML">Edit<span class="sr-only"> relationship with %(other_name)s</span></a> '
    '<form class="inline-form" method="post" action="%(remove)s" hx-post="%(remove)s" '
    'hx-target="#relationships" hx-swap="outerHTML" '
    'data-confirm="Remove the relationship between %(name)s and %(other_name)s?">'
    '<input type="hidden" name="csrf_token" value="%(token)s">'
    '<button class="btn btn-small btn-danger" type="submit">Remove<span class="sr-only"> '
    'relationship with %(other_name)s</span></button></form></div>'
)
_NOTE = Markup(' <span class="link-note">%s</span>')
_EMPTY = Markup("")


def render_relationship_rows(s: Stakeholder, rows: list) -> Markup:
    """The <li> of each relationship of `s` (rows from link_routes._relationship_rows).

    Written with Markup constants filled by `%`, which escapes every value placed."""
    if not rows:
        return _EMPTY
    can_edit = role_at_least(g.get("role"), "editor")
    strength = get_template_attribute("stakeholders/_link_macros.html", "strength")
    marks = {n: strength(n) for n in (1, 2, 3)}
    detail = url_pattern("stakeholders.detail")
    edit = url_pattern("stakeholders.edit_relationship", "relationship_id", stakeholder_id=s.id)
    remove = url_pattern("stakeholders.remove_relationship", "relationship_id",
                         stakeholder_id=s.id)
    token = generate_csrf() if can_edit else ""
    html = []
    for row in rows:
        rid = int(row.id)
        actions = _ACTIONS % {
            "id": rid, "edit": f"{edit[0]}{rid}{edit[1]}",
            "remove": f"{remove[0]}{rid}{remove[1]}", "name": s.name,
            "other_name": row.other_name, "token": token,
        } if can_edit else _EMPTY
        html.append(_ROW % {
            "id": rid, "other_href": f"{detail[0]}{int(row.other_id)}{detail[1]}",
            "other_name": row.other_name, "group": label(GROUPS, row.other_group),
            "level": row.other_engagement,
            "level_label": label(ENGAGEMENT_LEVELS, row.other_engagement),
            "type": label(RELATIONSHIP_TYPES, row.type),
            "strength": marks.get(row.strength) or strength(row.strength),
            "note": _NOTE % row.note if row.note else _EMPTY, "actions": actions,
        })
    return _EMPTY.join(html)
