"""Rows of the register's CSV export: the stakeholders matching a filter, in name order,
fetched in keyset batches (never all at once), in the columns the CSV import reads.

The batches run on a plain connection after the request's session is done, so they do
not rely on the automatic district scoping: every statement filters ``district_id``.
"""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.domain import ratings
from app.domain.filters import StakeholderFilter
from app.domain.vocab import CONTACT_METHODS, ENGAGEMENT_LEVELS, GROUPS, STAKEHOLDER_KINDS
from app.models import School, Stakeholder, StakeholderLanguage, Tag, User
from app.models.stakeholder import stakeholder_schools, stakeholder_tags
from app.services.outreach_views import organisations
from app.services.stakeholder_query import where_clauses

BATCH = 1000
S = Stakeholder
_COLUMNS = (S.id, S.name, S.name_key, S.kind, S.group, S.sector, S.email, S.phone, S.address,
            S.city, S.website, S.contact_permitted, S.preferred_contact, S.notes, S.influence,
            S.interest, S.engagement_current, S.engagement_desired, S.quadrant, S.salience,
            S.owner_id)


def _names_by_stakeholder(connection: Connection, statement, ids: list[int]) -> dict:
    found: dict[int, list[str]] = {}
    for stakeholder_id, name in connection.execute(statement, {"ids": ids}):
        found.setdefault(stakeholder_id, []).append(name)
    return {sid: ", ".join(sorted(names, key=str.casefold)) for sid, names in found.items()}


def _lists(district_id: int):
    ids = sa.bindparam("ids", expanding=True)
    return {
        "tags": sa.select(stakeholder_tags.c.stakeholder_id, Tag.name)
        .join(Tag, Tag.id == stakeholder_tags.c.tag_id)
        .where(stakeholder_tags.c.stakeholder_id.in_(ids), Tag.district_id == district_id),
        "schools": sa.select(stakeholder_schools.c.stakeholder_id, School.name)
        .join(School, School.id == stakeholder_schools.c.school_id)
        .where(stakeholder_schools.c.stakeholder_id.in_(ids),
               School.district_id == district_id),
        "languages": sa.select(StakeholderLanguage.stakeholder_id, StakeholderLanguage.language)
        .where(StakeholderLanguage.stakeholder_id.in_(ids),
               StakeholderLanguage.district_id == district_id),
    }


def export_batches(connection: Connection, district_id: int, f: StakeholderFilter,
                   size: int = BATCH) -> Iterator[list[tuple]]:
    """Rows of the stakeholders matching `f` (csv_export.REGISTER_COLUMNS order), by
    name, `size` at a time."""
    labels = {"kind": dict(STAKEHOLDER_KINDS), "group": dict(GROUPS),
              "contact": dict(CONTACT_METHODS), "level": dict(ENGAGEMENT_LEVELS),
              "salience": {key: label for key, label, _ in ratings.SALIENCE_CLASSES}}
    lists = _lists(district_id)
    owners: dict[int, str] = {}
    clauses = where_clauses(f, connection.dialect.name, district_id)
    after: tuple[str, int] | None = None
    while True:
        statement = sa.select(*_COLUMNS).where(*clauses)
        if after is not None:
            statement = statement.where(sa.tuple_(S.name_key, S.id) > sa.tuple_(*after))
        rows = connection.execute(statement.order_by(S.name_key, S.id).limit(size)).all()
        if not rows:
            return
        ids = [r.id for r in rows]
        found = {what: _names_by_stakeholder(connection, statement_, ids)
                 for what, statement_ in lists.items()}
        orgs = organisations(connection, [r.id for r in rows if r.kind == "person"],
                             district_id=district_id)
        missing = {r.owner_id for r in rows if r.owner_id} - owners.keys()
        if missing:
            owners.update(connection.execute(
                sa.select(User.id, User.name).where(User.id.in_(missing))).tuples().all())
        batch = []
        for r in rows:
            organisation, title = orgs.get(r.id, ("", ""))
            quadrant = ratings.QUADRANT_BY_KEY.get(r.quadrant)
            batch.append((
                r.name, labels["kind"].get(r.kind, r.kind),
                labels["group"].get(r.group, r.group), r.sector, organisation, title,
                found["schools"].get(r.id, ""), found["languages"].get(r.id, ""),
                found["tags"].get(r.id, ""), r.email, r.phone, r.address, r.city, r.website,
                "Yes" if r.contact_permitted else "No",
                labels["contact"].get(r.preferred_contact, "") if r.preferred_contact else "",
                r.notes, r.influence, r.interest,
                labels["level"].get(r.engagement_current, r.engagement_current),
                labels["level"].get(r.engagement_desired, r.engagement_desired),
                quadrant.label if quadrant else "",
                labels["salience"].get(r.salience, "") if r.salience else "None",
                owners.get(r.owner_id, "") if r.owner_id else "",
            ))
        yield batch
        after = (rows[-1].name_key, rows[-1].id)
