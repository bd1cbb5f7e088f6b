"""The rows of the relationships card, written by one macro over plain tuples.

A busy stakeholder shows a hundred relationships. The other side's group and stance,
and the strength marks, depend only on the vocabulary: each is written once per value
and reused. The macro (stakeholders/_link_relationship_items.html) escapes every value.
"""

from functools import lru_cache

from flask import g, get_template_attribute
from markupsafe import Markup

from app.domain.vocab import ENGAGEMENT_LEVELS, GROUPS, RELATIONSHIP_TYPES, label, role_at_least
from app.models import Stakeholder
from app.templating import url_pattern

_MACROS = "stakeholders/_link_relationship_items.html"
_CELLS = 64  # values each cell remembers
_TYPES = dict(RELATIONSHIP_TYPES)


@lru_cache(maxsize=_CELLS)
def _other_html(group: str, level: str) -> Markup:
    return get_template_attribute(_MACROS, "other_cell")(
        label(GROUPS, group), level, label(ENGAGEMENT_LEVELS, level))


@lru_cache(maxsize=_CELLS)
def _strength_html(strength: int) -> Markup:
    return get_template_attribute("stakeholders/_link_macros.html", "strength")(strength)


def render_relationship_rows(s: Stakeholder, rows: list) -> Markup:
    """The <li> of each relationship of `s` (rows from relationship_routes._relationship_rows)."""
    if not rows:
        return Markup("")
    can_edit = role_at_least(g.get("role"), "editor")
    detail = url_pattern("stakeholders.detail")
    edit = url_pattern("stakeholders.edit_relationship", "relationship_id", stakeholder_id=s.id)
    remove = url_pattern("stakeholders.remove_relationship", "relationship_id",
                         stakeholder_id=s.id)
    items = [  # the rows unpacked by position: a Row's attribute lookups cost more
        (rid, f"{detail[0]}{other_id}{detail[1]}", other_name, _other_html(group, engagement),
         _TYPES.get(type_) or label(RELATIONSHIP_TYPES, type_), _strength_html(strength), note,
         f"{edit[0]}{rid}{edit[1]}", f"{remove[0]}{rid}{remove[1]}")
        for rid, type_, strength, note, other_id, other_name, _kind, group, engagement
        in rows
    ]
    return get_template_attribute(_MACROS, "relationship_rows")(
        items, name=s.name, can_edit=can_edit)
