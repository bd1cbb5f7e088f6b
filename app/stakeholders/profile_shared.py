"""What the profile routes and the detail page's card routes share: finding the
stakeholder, Core reads, telling an htmx fragment request apart, and the profile card's
context (its lists of schools, languages and tags, and possible duplicates)."""

import sqlalchemy as sa
from flask import abort, request, url_for

from app.extensions import db
from app.models import School, Stakeholder, StakeholderLanguage, Tag
from app.models.stakeholder import stakeholder_schools, stakeholder_tags
from app.services import messages as messages_svc
from app.services import stakeholder_query
from app.tenancy import district_param

# --- Helpers -----------------------------------


def stakeholder_or_404(stakeholder_id: int) -> Stakeholder:
    """The stakeholder in the current district, or 404 (another district's ids too)."""
    return stakeholder_query.stakeholder_by_id(db.session, stakeholder_id) or abort(404)


def read(statement, params=None):
    """Run a read of plain columns as Core: its district conditions are in the statement
    (`tenancy.in_district`, or a parameter given `tenancy.district_param()`); the ORM's
    result handling cost more than these queries."""
    return db.session.connection().execute(statement, params)


def is_fragment() -> bool:
    """True when htmx asked for part of a page (not a history restore)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def detail_url(stakeholder: Stakeholder, anchor: str | None = None) -> str:
    return url_for("stakeholders.detail", stakeholder_id=stakeholder.id, _anchor=anchor)


# --- Context for the cards of the detail page ------------------------------------------


def duplicates(s: Stakeholder) -> list:
    """Others in the district with the same name key (a possible duplicate), at most 5."""
    return read(_DUPLICATES, {"name_key": s.name_key, "sid": s.id,
                              "district_id": district_param()}).all()


def profile_lists(s: Stakeholder) -> dict[str, list[str]]:
    """Names of the stakeholder's schools, languages and tags for the profile card.

    One statement, run as Core (scoped by hand): loading the three collections as ORM
    objects took three, and the card only prints the names."""
    lists: dict[str, list[str]] = {"schools": [], "languages": [], "tags": []}
    for what, name in read(_PROFILE_LISTS, {"sid": s.id, "district_id": district_param()}):
        lists[what].append(name)
    return lists


_SID = sa.bindparam("sid")
_LISTED_UNION = sa.union_all(
    sa.select(sa.literal("schools").label("what"), School.name.label("name"),
              School.district_id.label("district_id"))
    .join(stakeholder_schools, stakeholder_schools.c.school_id == School.id)
    .where(stakeholder_schools.c.stakeholder_id == _SID),
    sa.select(sa.literal("languages"), StakeholderLanguage.language,
              StakeholderLanguage.district_id)
    .where(StakeholderLanguage.stakeholder_id == _SID),
    sa.select(sa.literal("tags"), Tag.name, Tag.district_id)
    .join(stakeholder_tags, stakeholder_tags.c.tag_id == Tag.id)
    .where(stakeholder_tags.c.stakeholder_id == _SID),
).subquery()
_LISTED = _LISTED_UNION.c
_DISTRICT = sa.bindparam("district_id")
_PROFILE_LISTS = (sa.select(_LISTED.what, _LISTED.name).where(_LISTED.district_id == _DISTRICT)
                  .order_by(_LISTED.what, _LISTED.name))
_DUPLICATES = (
    sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.city)
    .where(Stakeholder.name_key == sa.bindparam("name_key"), Stakeholder.id != _SID,
           Stakeholder.district_id == _DISTRICT)
    .order_by(Stakeholder.id).limit(5)
)


def key_messages_context(s: Stakeholder) -> dict:
    """The key messages card: a handful for the stakeholder's group and for everyone."""
    messages, more = messages_svc.profile_messages(db.session, s.group)
    return {"s": s, "key_messages": messages, "more_key_messages": more}


def card_context(s: Stakeholder, **extra) -> dict:
    """What the profile card (_profile_card.html) shows."""
    return {"s": s, "lists": profile_lists(s), **extra}
