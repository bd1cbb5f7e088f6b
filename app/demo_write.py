"""Writing what the demo generator made: Core bulk inserts, no per-row ORM work."""

from datetime import UTC, datetime, timedelta
from operator import itemgetter

import click
import sqlalchemy as sa

from app.demo_drafts import Draft
from app.demo_generator import Generator
from app.domain import ratings
from app.domain.text import search_text
from app.extensions import db
from app.models import (
    Affiliation,
    Assessment,
    Relationship,
    School,
    Stakeholder,
    StakeholderLanguage,
    TableSeat,
    Tag,
)
from app.models.search import create_search_index
from app.models.stakeholder import stakeholder_schools, stakeholder_tags

CHUNK = 5000  # rows per executemany


def insert_rows(table, rows: list[dict]) -> None:
    """Insert `rows` into `table` in executemany batches of CHUNK."""
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(table), rows[start:start + CHUNK])


def _stakeholder_row(d: Draft, drafts: list[Draft], district_id: int) -> dict:
    current = d.history[-1][1]
    parts = [d.name, drafts[d.org].name if d.org is not None else "", d.email, d.sector,
             d.city, *d.tags]  # what app.services.stakeholders.refresh_search_text builds
    return {
        "district_id": district_id, "version": 1, "kind": d.kind, "name": d.name,
        "name_key": d.name.strip().lower(), "group": d.group, "sector": d.sector,
        "email": d.email, "phone": d.phone, "address": "", "city": d.city, "website": d.website,
        "contact_permitted": d.contact_permitted, "preferred_contact": d.preferred_contact,
        "owner_id": d.owner_id, "notes": d.notes,
        "search_text": search_text(parts),
        **current,
        "quadrant": ratings.quadrant(current["influence"], current["interest"]).key,
        "engagement_gap": ratings.engagement_gap(current["engagement_current"],
                                                 current["engagement_desired"]),
        "salience": ratings.salience_class(current["has_power"], current["has_legitimacy"],
                                           current["has_urgency"]),
        "last_contact_at": d.last_contact_at, "created_at": d.history[0][0],
        "updated_at": d.history[-1][0],
    }


def _insert_stakeholders(rows: list[dict], district_id: int) -> list[int]:
    """Insert in name order (index-friendly); return the new ids in the order of `rows`."""
    order = sorted(range(len(rows)), key=lambda i: rows[i]["name_key"])
    connection = db.session.connection()
    # SQLite: one bulk FTS insert instead of the per-row trigger (about 4x faster). Dropping
    # the trigger is part of this transaction, so other writers never see it missing.
    fts = connection.dialect.name == "sqlite" and connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'stakeholder_fts_ai'"
    ).first() is not None
    if fts:
        connection.exec_driver_sql("DROP TRIGGER stakeholder_fts_ai")
    insert_rows(Stakeholder.__table__, [rows[i] for i in order])
    if fts:
        connection.execute(sa.text(
            "INSERT INTO stakeholder_fts(rowid, search_text) "
            "SELECT id, search_text FROM stakeholders WHERE district_id = :d"), {"d": district_id})
        create_search_index(connection)
    # The district is new and ours alone until commit, so its ids ascend in insertion order
    # (SQLite rowids; PostgreSQL sequence values taken one after another by this session).
    new_ids = list(db.session.scalars(sa.select(Stakeholder.id).order_by(Stakeholder.id)))
    if len(new_ids) != len(rows):
        raise click.ClickException(f"Expected {len(rows)} stakeholders, found {len(new_ids)}.")
    ids = [0] * len(rows)
    for position, i in enumerate(order):
        ids[i] = new_ids[position]
    return ids


def write(district_id: int, gen: Generator) -> dict[str, int]:
    """Insert everything `gen` made with Core bulk inserts (no per-row ORM work)."""
    session, drafts, scoped = db.session, gen.drafts, {"district_id": district_id}
    insert_rows(School.__table__, [{**scoped, "name": n} for n in gen.schools])
    school_ids = dict(session.execute(sa.select(School.name, School.id)).all())
    insert_rows(Tag.__table__, [{**scoped, "name": n} for n in sorted({t for d in drafts
                                                                     for t in d.tags})])
    tag_ids = dict(session.execute(sa.select(Tag.name, Tag.id)).all())
    ids = _insert_stakeholders([_stakeholder_row(d, drafts, district_id) for d in drafts],
                               district_id)
    links = {
        StakeholderLanguage.__table__: [{**scoped, "stakeholder_id": ids[i], "language": lang}
                                        for i, d in enumerate(drafts) for lang in d.languages],
        stakeholder_schools: [{"stakeholder_id": ids[i], "school_id": school_ids[s]}
                              for i, d in enumerate(drafts) for s in d.schools],
        stakeholder_tags: [{"stakeholder_id": ids[i], "tag_id": tag_ids[t]}
                           for i, d in enumerate(drafts) for t in d.tags],
        Affiliation.__table__: [{**scoped, "person_id": ids[i], "organisation_id": ids[d.org],
                                 "title": d.title, "since": None}
                                for i, d in enumerate(drafts) if d.org is not None],
        Assessment.__table__: [{**scoped, "stakeholder_id": ids[i], "assessed_by_id": d.owner_id,
                                "assessed_at": at, "note": note, **state}
                               for i, d in enumerate(drafts) for at, state, note in d.history],
    }
    first_seen = [d.history[0][0] for d in drafts]
    ties = []
    for (a, b), (kind, strength) in gen.ties.items():
        source, target = (ids[a], ids[b]) if ids[a] < ids[b] else (ids[b], ids[a])
        ties.append({**scoped, "source_id": source, "target_id": target, "type": kind,
                     "strength": strength, "note": "",
                     "created_at": max(first_seen[a], first_seen[b])})
    ties.sort(key=itemgetter("source_id", "target_id"))
    links[Relationship.__table__] = ties
    for table, rows in links.items():
        insert_rows(table, rows)
    return {"stakeholders": len(ids), "relationships": len(ties),
            "assessments": len(links[Assessment.__table__]),
            "affiliations": len(links[Affiliation.__table__]), "schools": len(school_ids),
            "tags": len(tag_ids)}


def seat_table(district_id: int, seats) -> int:
    """Seat the named people at the district's table (visioning team, advisory board)."""
    if not seats:
        return 0
    names = [n for n, _body, _role in seats]
    ids = dict(db.session.execute(
        sa.select(Stakeholder.name, Stakeholder.id).where(Stakeholder.name.in_(names))
    ).all())
    since = datetime.now(UTC) - timedelta(days=120)
    rows = [{"district_id": district_id, "stakeholder_id": ids[n], "body": body, "role": role,
             "since": since} for n, body, role in seats if n in ids]
    insert_rows(TableSeat.__table__, rows)
    return len(rows)
