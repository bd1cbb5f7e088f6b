"""Audit events as people read them: who by name, what in words, records by name.

The wording is app.domain.audit_wording's; this module finds the names it needs with
a few batch lookups per page (one per kind of record referenced), never one per row,
since the audit log pages through thousands of events. Used by the audit log and by
the dashboard's "Recent changes".
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from app import models
from app.domain import audit_wording as wording
from app.extensions import db
from app.models import (
    AuditEvent,
    Interaction,
    OutreachList,
    OutreachMember,
    Partnership,
    Pathway,
    Stakeholder,
    User,
)

# Bookkeeping columns the audit page does not show: the record and district are known.
HIDDEN_FIELDS = ("id", "district_id")

Names = dict[tuple[str, int], str]


@dataclass(frozen=True)
class EventView:
    """One audit event, worded: who (`who_email` for a title, when it says more), what
    (the badge `action`, the `sentence`), which record, and the fields changed."""

    event: AuditEvent
    who: str
    who_email: str
    action: str
    sentence: wording.Sentence
    record_title: str
    record_name: str
    changes: list[wording.Change]


def describe(events: list[AuditEvent], district_id: int) -> list[EventView]:
    """`events` worded for people, with the names of users and records looked up."""
    parts = _name_parts(events, district_id)
    wanted: set[tuple[str, int]] = set()
    for e in events:
        if e.actor_id:
            wanted.add((wording.USER, e.actor_id))
        wanted |= wording.references(e.changes)
        wanted |= wording.references(parts.get(e.id))
    names, emails = _names(wanted)
    views = []
    for e in events:
        who, email = _who(e, names, emails)
        name = _record_name(e, parts.get(e.id), names, emails)
        views.append(EventView(
            event=e,
            who=who,
            who_email=email,
            action=wording.action(e.action).label,
            sentence=wording.sentence(e.action, e.record_type, name, e.changes),
            record_title=wording.record_kind(e.record_type).title,
            record_name=name,
            changes=wording.changes(e.record_type, e.changes, names, HIDDEN_FIELDS),
        ))
    return views


def actor_choices(labels: Iterable[str]) -> dict[str, str]:
    """The audit filter's "Who" options: each recorded actor label (an email or a
    command's name), shown as the user's name and email where that account exists."""
    labels = list(labels)
    users = dict(db.session.execute(
        sa.select(User.email, User.name).where(User.email.in_(labels))).tuples().all())
    shown = {a: f"{users[a]} ({a})" if a in users else wording.actor_name(a) for a in labels}
    return dict(sorted(shown.items(), key=lambda item: item[1].casefold()))


def _who(e: AuditEvent, names: Names, emails: dict[int, str]) -> tuple[str, str]:
    """The actor's name (with their email) while the account exists, else as recorded."""
    name = names.get((wording.USER, e.actor_id)) if e.actor_id else None
    if name:
        return name, emails.get(e.actor_id, "")
    return wording.actor_name(e.actor_label), ""


def _record_name(e: AuditEvent, parts: dict | None, names: Names,
                 emails: dict[int, str]) -> str:
    """What the record is called: made of what it belongs to where its own label is
    missing or made of ids, else its label as recorded."""
    if parts is None:
        return e.record_label
    worded = {field: _worded(e.record_type, field, value, names)
              for field, value in parts.items()}
    name = wording.compose_name(e.record_type, worded)
    user_id = parts.get("user_id")
    if name and e.record_type == "Membership" and user_id in emails:
        name = f"{name} ({emails[user_id]})"  # as the membership's own label reads
    return name or e.record_label


def _worded(record_type: str, field: str, value, names: Names):
    """A part of a name, worded; None for a reference to a record not found."""
    kind = wording.REFERENCES.get(field)
    if kind is not None and value is not None and (kind, value) not in names:
        return None
    return wording.word(record_type, field, value, names)


def _name_parts(events: list[AuditEvent], district_id: int) -> dict[int, dict]:
    """The fields each event's record is named from (RecordKind.named_from), for the
    kinds of record named by others: from the changes recorded (a created or deleted
    record's are all there), else from the record as it is now (one query per kind)."""
    found: dict[int, dict] = {}
    missing: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for e in events:
        fields = wording.record_kind(e.record_type).named_from
        if not fields or (e.record_label and not wording.record_kind(e.record_type).relabel):
            continue
        changes = e.changes or {}
        if e.action in ("create", "delete") or all(f in changes for f in fields):
            found[e.id] = {f: wording.recorded_value(changes, f) for f in fields}
        elif wording.reference_id(e.record_id) is not None:
            missing[e.record_type][e.record_id].append(e.id)
    for record_type, by_record in missing.items():
        model = getattr(models, record_type)
        fields = wording.record_kind(record_type).named_from
        rows = db.session.execute(
            sa.select(model.id, *(getattr(model, f) for f in fields))
            .where(model.district_id == district_id, model.id.in_(by_record)))
        for record_id, *values in rows.tuples():
            for event_id in by_record[record_id]:
                found[event_id] = dict(zip(fields, values, strict=True))
    return found


def _names(wanted: set[tuple[str, int]]) -> tuple[Names, dict[int, str]]:
    """The names of the records wanted (one query per kind), and users' emails."""
    ids: dict[str, set[int]] = defaultdict(set)
    for kind, record_id in wanted:
        ids[kind].add(record_id)
    names: Names = {}
    emails: dict[int, str] = {}
    if ids[wording.USER]:
        for uid, name, email in db.session.execute(
            sa.select(User.id, User.name, User.email).where(User.id.in_(ids[wording.USER]))
        ).tuples():
            names[(wording.USER, uid)] = name or email
            emails[uid] = email
    for kind, lookup in _LOOKUPS.items():
        if ids[kind]:
            names |= {(kind, i): text for i, text in lookup(ids[kind]) if text}
    return names, emails


def _stakeholders(ids: set[int]):
    return db.session.execute(
        sa.select(Stakeholder.id, Stakeholder.name).where(Stakeholder.id.in_(ids))).tuples()


def _partnerships(ids: set[int]):
    """A partnership by its title, else by its organisation (as its card shows it)."""
    rows = db.session.execute(
        sa.select(Partnership.id, Partnership.title, Stakeholder.name)
        .join(Stakeholder, Stakeholder.id == Partnership.organisation_id)
        .where(Partnership.id.in_(ids))).tuples()
    return [(pid, wording.compose_name("Partnership",
                                       {"title": title, "organisation_id": organisation}))
            for pid, title, organisation in rows]


def _interactions(ids: set[int]):
    """An interaction by its title, else by its kind and date ("Meeting on 3 Mar 2026")."""
    rows = db.session.execute(
        sa.select(Interaction.id, Interaction.title, Interaction.kind, Interaction.occurred_on)
        .where(Interaction.id.in_(ids))).tuples()
    return [(iid, wording.compose_name("Interaction", {
                "title": title, "kind": wording.word("Interaction", "kind", kind, {}),
                "occurred_on": wording.word("Interaction", "occurred_on", on, {})}))
            for iid, title, kind, on in rows]


def _outreach_lists(ids: set[int]):
    return db.session.execute(
        sa.select(OutreachList.id, OutreachList.name).where(OutreachList.id.in_(ids))).tuples()


def _outreach_members(ids: set[int]):
    """A list member by the stakeholder's name."""
    return db.session.execute(
        sa.select(OutreachMember.id, Stakeholder.name)
        .join(Stakeholder, Stakeholder.id == OutreachMember.stakeholder_id)
        .where(OutreachMember.id.in_(ids))).tuples()


def _pathways(ids: set[int]):
    return db.session.execute(
        sa.select(Pathway.id, Pathway.name).where(Pathway.id.in_(ids))).tuples()


_LOOKUPS = {
    wording.STAKEHOLDER: _stakeholders,
    wording.PARTNERSHIP: _partnerships,
    wording.INTERACTION: _interactions,
    wording.OUTREACH_LIST: _outreach_lists,
    wording.OUTREACH_MEMBER: _outreach_members,
    wording.PATHWAY: _pathways,
}
