"""The rows of the relationships card, written by one macro over plain tuples.

A busy stakeholder shows a hundred relationships. The other side's group and stance,
and the strength marks, depend only on the vocabulary: each is written once per value
and reused. The macro (stakeholders/_link_relationship_items.html) escapes every value.
"""

from functools import lru_cache

from flask import g, get_template_attribute
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, RELATIONSHIP_TYPES, label, role_at_least
from app.models import Stakeholder
from app.templating import url_pattern

_MACROS = "stakeholders/_link_relationship_items.html"
_CELLS = 64  # values each cell remembers


@lru_cache(maxsize=_CELLS)
def _other_html(group: str, level: str) -> Markup:
    return get_template_attribute(_MACROS, "other_cell")(
        label(GROUPS, group), level, label(ENGAGEMENT_LEVELS, level))


@lru_cache(maxsize=_CELLS)
def _strength_html(strength: int) -> Markup:
    return get_template_attribute("stakeholders/_link_macros.html", "strength")(strength)


def render_relationship_rows(s: Stakeholder, rows: list) -> Markup:
    """The <li> of each relationship of `s` (rows from link_routes._relationship_rows)."""
    if not rows:
        return Markup("")
    can_edit = role_at_least(g.get("role"), "editor")
    detail = url_pattern("stakeholders.detail")
    edit = url_pattern("stakeholders.edit_relationship", "relationship_id", stakeholder_id=s.id)
    remove = url_pattern("stakeholders.remove_relationship", "relationship_id",
                         stakeholder_id=s.id)
    items = [
        (row.id, f"{detail[0]}{row.other_id}{detail[1]}", row.other_name,
         _other_html(row.other_group, row.other_engagement), label(RELATIONSHIP_TYPES, row.type),
         _strength_html(row.strength), row.note, f"{edit[0]}{row.id}{edit[1]}",
         f"{remove[0]}{row.id}{remove[1]}")
        for row in rows
    ]
    return get_template_attribute(_MACROS, "relationship_rows")(
        items, name=s.name, can_edit=can_edit, token=generate_csrf() if can_edit else "")
