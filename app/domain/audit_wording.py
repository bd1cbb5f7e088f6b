"""The audit log in plain words: a past-tense verb per action, a noun per kind of record,
a label per field and values as the rest of the app shows them.

Pure Python. What the stored ids stand for is looked up by the caller (one query per
kind of record, app.services.audit_view) and handed in as ``names``: a mapping from
(reference kind, id) to a name. Actions, records and fields missing from the tables
below still read as words (``outreach_archive`` -> "outreach archive"), never as code.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from app.domain import vocab
from app.domain.coverage import BODIES
from app.domain.ids import parse_id
from app.domain.ratings import QUADRANTS, SALIENCE_CLASSES


@dataclass(frozen=True)
class Action:
    """What was done: `label` on the log's badge and filter, `verb` in a sentence."""

    label: str
    verb: str
    tail: str = ""  # after the record's name: "refreshed outreach list X from its filter"
    names_record: bool = True  # False: said without the record ("Ana Ruiz signed in")


ACTIONS: Final = {
    "create": Action("Added", "added"),
    "update": Action("Changed", "changed"),
    "delete": Action("Deleted", "deleted"),
    "sign_in": Action("Signed in", "signed in", names_record=False),
    "export": Action("Exported", "exported"),
    "import": Action("Imported", "imported"),
    "demo_load": Action("Loaded demo data", "loaded demo data into"),
    "outreach_build": Action("Filled from its filter", "filled", "from its filter"),
    "outreach_refresh": Action("Refreshed from its filter", "refreshed", "from its filter"),
    "outreach_add": Action("Added people", "added people to"),
    "outreach_delete_members": Action("Emptied", "emptied"),
}


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: `title` in the log's table and filter, `noun` in a sentence
    (before the record's name). `named_from`: the fields its name is made of (see
    `compose_name`) when its recorded label is empty or, with `relabel`, may be made of
    ids and codes ("#1 – #2 (friend)", "meeting on 2026-03-09")."""

    title: str
    noun: str
    named_from: tuple[str, ...] = ()
    relabel: bool = False


RECORDS: Final = {
    "District": RecordKind("District", "district"),
    "User": RecordKind("User account", "user account"),
    "Membership": RecordKind("Member", "member", ("user_id",)),
    "Tag": RecordKind("Tag", "tag"),
    "School": RecordKind("School", "school"),
    "Stakeholder": RecordKind("Stakeholder", "stakeholder"),
    "StakeholderLanguage": RecordKind("Language spoken", "a language spoken by",
                                      ("stakeholder_id",)),
    "Affiliation": RecordKind("Affiliation", "affiliation",
                              ("person_id", "organisation_id", "title"), relabel=True),
    "Assessment": RecordKind("Rating", "a rating of", ("stakeholder_id",)),
    "Relationship": RecordKind("Relationship", "relationship",
                               ("source_id", "target_id", "type"), relabel=True),
    "Interaction": RecordKind("Interaction", "interaction", ("title", "kind", "occurred_on"),
                              relabel=True),
    "InteractionParticipant": RecordKind("Participants", "participants in",
                                         ("interaction_id",)),
    "Concern": RecordKind("Concern", "a concern raised in", ("interaction_id",)),
    "FollowUp": RecordKind("Follow-up", "follow-up"),
    "KeyMessage": RecordKind("Key message", "key message"),
    "GlossaryTerm": RecordKind("Glossary term", "glossary term"),
    "OutreachList": RecordKind("Outreach list", "outreach list"),
    "OutreachMember": RecordKind("Outreach list member", "list member", ("stakeholder_id",),
                                 relabel=True),
    "OutreachStatusChange": RecordKind("Outreach status", "the outreach status of",
                                       ("member_id",)),
    "Pathway": RecordKind("Pathway", "pathway"),
    "Partnership": RecordKind("Partnership", "partnership", ("title", "organisation_id"),
                              relabel=True),
    "Commitment": RecordKind("Commitment", "a commitment to", ("partnership_id",)),
    "PartnershipStageChange": RecordKind("Partnership stage", "the stage of",
                                         ("partnership_id",)),
    "ChampionProfile": RecordKind("Champion profile", "the champion profile of",
                                  ("stakeholder_id",), relabel=True),
    "TableSeat": RecordKind("Seat at the table", "a seat at the table for",
                            ("stakeholder_id",)),
    "DistrictSetting": RecordKind("District setting", "the setting", ("key",)),
    "CsvImport": RecordKind("CSV import", "the file"),
}

# (verb, noun) where a kind of record reads better with its own: "moved partnership X".
PHRASES: Final = {
    ("delete", "Membership"): ("removed", "member"),
    ("create", "InteractionParticipant"): ("added", "participants to"),
    ("delete", "InteractionParticipant"): ("removed", "participants from"),
    ("create", "Assessment"): ("rated", ""),
    ("create", "PartnershipStageChange"): ("moved", "partnership"),
    ("create", "OutreachStatusChange"): ("moved", "list member"),
    ("demo_load", "District"): ("loaded demo data into", ""),
    ("export", "Stakeholder"): ("exported", ""),
}
# The field whose new value ends the sentence: "moved partnership X to Active".
DESTINATIONS: Final = {"PartnershipStageChange": "to_stage", "OutreachStatusChange": "to_status"}

# What an id in a field refers to (the caller looks the names up by these kinds).
USER, STAKEHOLDER, PARTNERSHIP, INTERACTION = "user", "stakeholder", "partnership", "interaction"
OUTREACH_LIST, OUTREACH_MEMBER, PATHWAY = "outreach list", "list member", "pathway"
REFERENCES: Final = {
    "user_id": USER, "owner_id": USER, "lead_id": USER, "created_by_id": USER,
    "changed_by_id": USER, "done_by_id": USER, "assessed_by_id": USER,
    "updated_by_id": USER,
    "stakeholder_id": STAKEHOLDER, "person_id": STAKEHOLDER, "organisation_id": STAKEHOLDER,
    "source_id": STAKEHOLDER, "target_id": STAKEHOLDER,
    "partnership_id": PARTNERSHIP, "interaction_id": INTERACTION, "pathway_id": PATHWAY,
    "list_id": OUTREACH_LIST, "invited_from_list": OUTREACH_LIST, "member_id": OUTREACH_MEMBER,
}

FIELD_LABELS: Final = {
    "user_id": "user", "stakeholder_id": "stakeholder", "person_id": "person",
    "organisation_id": "organisation", "source_id": "stakeholder", "target_id": "related to",
    "partnership_id": "partnership", "interaction_id": "interaction",
    "list_id": "outreach list", "member_id": "list member", "pathway_id": "pathway",
    "owner_id": "owner", "lead_id": "lead", "created_by_id": "created by",
    "changed_by_id": "changed by", "done_by_id": "done by", "assessed_by_id": "rated by",
    "updated_by_id": "updated by", "engagement_current": "engagement now",
    "engagement_desired": "engagement wanted", "filter_query": "filter",
    "is_enabled": "account enabled", "is_open": "open", "contact_permitted": "may be contacted",
    "with_attendance": "records attendance", "not_a_fit_reason": "why not a fit",
    "excluded_do_not_contact": "left out (do not contact)", "users": "district people",
}

_QUADRANTS = tuple((q.key, q.label) for q in QUADRANTS)
_SALIENCE = tuple((value, text) for value, text, _means in SALIENCE_CLASSES)
_SETTINGS = (("champion_weights", "champion score weights"),
             ("contact_cadence", "contact cadence"))
# Stored values shown with their labels, by field (any record) or (record type, field).
VALUE_LABELS: Final = {
    "stage": vocab.PARTNERSHIP_STAGES, "from_stage": vocab.PARTNERSHIP_STAGES,
    "to_stage": vocab.PARTNERSHIP_STAGES, "status": vocab.OUTREACH_STATUSES,
    "from_status": vocab.OUTREACH_STATUSES, "to_status": vocab.OUTREACH_STATUSES,
    "group": vocab.GROUPS, "engagement_current": vocab.ENGAGEMENT_LEVELS,
    "engagement_desired": vocab.ENGAGEMENT_LEVELS, "quadrant": _QUADRANTS,
    "salience": _SALIENCE, "preferred_contact": vocab.CONTACT_METHODS,
    ("Membership", "role"): vocab.ROLES, ("TableSeat", "body"): BODIES,
    ("Stakeholder", "kind"): vocab.STAKEHOLDER_KINDS,
    ("Interaction", "kind"): vocab.INTERACTION_KINDS, ("Pathway", "kind"): vocab.PATHWAY_KINDS,
    ("Relationship", "type"): vocab.RELATIONSHIP_TYPES,
    ("KeyMessage", "audience"): (("all", "Everyone"), *vocab.GROUPS),
    ("Partnership", "type"): vocab.PARTNERSHIP_TYPES, ("DistrictSetting", "key"): _SETTINGS,
}

# Who acted when no user did (app.audit's labels for commands and the demo loader).
SYSTEM_ACTORS: Final = {"system": "Groundwork", "command line": "Command line",
                        "demo loader": "Demo loader"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2}|Z)?)?")


def humanise(name: str) -> str:
    """Code words as plain words: "PartnershipStageChange" -> "partnership stage change",
    "outreach_archive" -> "outreach archive"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name or "")
    return " ".join(spaced.replace("_", " ").split()).lower()


def action(name: str) -> Action:
    """How an action reads; an unknown one as its words."""
    known = ACTIONS.get(name)
    if known:
        return known
    words = humanise(name) or "changed"
    return Action(words[:1].upper() + words[1:], words)


def record_kind(record_type: str) -> RecordKind:
    """How a kind of record reads; an unknown one as its words."""
    known = RECORDS.get(record_type)
    if known:
        return known
    words = humanise(record_type) or "record"
    return RecordKind(words[:1].upper() + words[1:], words)


def field_label(field: str) -> str:
    """A change's field as words: "changed_by_id" -> "changed by"."""
    return FIELD_LABELS.get(field) or humanise(field.removesuffix("_id"))


def actor_name(label: str) -> str:
    """Who acted, when no user account names them (a command, the demo loader, or a user
    since deleted: their email as recorded)."""
    return SYSTEM_ACTORS.get(label, label) or "Someone"


def reference_id(value: Any) -> int | None:
    """A stored reference as an id, or None (not a whole number in the id range)."""
    return parse_id(value) if isinstance(value, int) else None


def references(changes: Mapping[str, Any] | None) -> set[tuple[str, int]]:
    """The (kind, id) of every record the changes refer to by id."""
    found = set()
    for field, change in _fields(changes):
        kind = REFERENCES.get(field)
        if kind is None:
            continue
        values = [change.get("before"), change.get("after")] \
            if isinstance(change, Mapping) else [change]
        found |= {(kind, i) for i in map(reference_id, values) if i is not None}
    return found


def recorded_value(changes: Mapping[str, Any] | None, field: str) -> Any:
    """A field's value in the changes: the new one, else the old one."""
    change = changes.get(field) if isinstance(changes, Mapping) else None
    if isinstance(change, Mapping):
        return change.get("after") if change.get("after") is not None else change.get("before")
    return change


def word(record_type: str, field: str, value: Any,
         names: Mapping[tuple[str, int], str]) -> Any:
    """A stored value as the app shows it: a name for an id, a label for a code, yes/no,
    a readable date. Lists are worded item by item; None and "" stay as they are."""
    if isinstance(value, list):
        return [word(record_type, field, v, names) for v in value]
    if value is None or value == "":
        return value
    kind = REFERENCES.get(field)
    if kind is not None and reference_id(value) is not None:
        return names.get((kind, value)) or f"#{value} (deleted)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):  # a setting's value: {"influence": 3, ...}
        return ", ".join(f"{humanise(str(k))}: {word(record_type, str(k), v, names)}"
                         for k, v in value.items())
    choices = VALUE_LABELS.get((record_type, field)) or VALUE_LABELS.get(field)
    if choices and isinstance(value, str):
        return vocab.label(choices, value)
    if isinstance(value, date) or isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return _when(value)
    return value


def _fields(changes: Any) -> list[tuple[str, Any]]:
    """An entry's (field, change) pairs; anything but a mapping (a hand-written entry)
    as one plain detail."""
    if isinstance(changes, Mapping):
        return [(str(field), change) for field, change in changes.items()]
    return [("details", changes)] if changes not in (None, "", [], ()) else []


def _when(value: str | date) -> str:
    """A date or time (or its ISO text) as "1 Sep 2026" or "1 Sep 2026, 09:30 UTC"."""
    try:
        if isinstance(value, str):
            value = datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value \
                else date.fromisoformat(value)
    except ValueError:
        return value
    if not isinstance(value, datetime):
        return f"{value.day} {value:%b %Y}"
    zone = " UTC" if value.utcoffset() is not None and not value.utcoffset() else ""
    return f"{value.day} {value:%b %Y, %H:%M}{zone}"


def compose_name(record_type: str, values: Mapping[str, Any]) -> str:
    """A record's name from its `named_from` fields, already worded (a reference whose
    record was not found is None): "Ann Lee – Bob Ray (Friend/neighbour)". "" when a
    part it needs is missing."""
    v = {field: value for field, value in values.items() if value not in (None, "")}
    if record_type == "Relationship":
        if "source_id" in v and "target_id" in v:
            kind = f" ({v['type']})" if "type" in v else ""
            return f"{v['source_id']} – {v['target_id']}{kind}"
        return ""
    if record_type == "Affiliation":
        if "person_id" in v and "organisation_id" in v:
            role = f": {v['title']}" if "title" in v else ""
            return f"{v['person_id']}{role} at {v['organisation_id']}"
        return ""
    if record_type == "Interaction":
        if "title" in v:
            return str(v["title"])
        return f"{v['kind']} on {v['occurred_on']}" if "kind" in v and "occurred_on" in v \
            else ""
    if record_type == "Partnership":
        return str(v.get("title") or v.get("organisation_id") or "")
    fields = record_kind(record_type).named_from
    return str(v[fields[0]]) if len(fields) == 1 and fields[0] in v else ""


@dataclass(frozen=True)
class Sentence:
    """One line of "Recent changes", after who did it: "moved partnership" + name +
    "to Active". The name is the user's data: the template escapes and emphasises it."""

    verb: str
    noun: str
    name: str
    tail: str


def sentence(action_name: str, record_type: str, name: str,
             changes: Mapping[str, Any] | None) -> Sentence:
    """What was done to which record, in words (`name`: the record's, already found)."""
    done = action(action_name)
    if not done.names_record:
        return Sentence(done.verb, "", "", "")
    verb, noun = PHRASES.get((action_name, record_type),
                             (done.verb, record_kind(record_type).noun))
    tail = done.tail
    destination = DESTINATIONS.get(record_type)
    if destination:
        to = recorded_value(changes, destination)
        if isinstance(to, str) and to:
            tail = f"to {word(record_type, destination, to, {})}"
    return Sentence(verb, noun, name, tail)


@dataclass(frozen=True)
class Change:
    """One field of an audit entry, worded. `shows` is "both" (before and after),
    "after", "before" or "value" (an entry's plain detail, such as a count)."""

    label: str
    shows: str
    before: Any = None
    after: Any = None


def changes(record_type: str, recorded: Mapping[str, Any] | None,
            names: Mapping[tuple[str, int], str], hidden=()) -> list[Change]:
    """An entry's fields worded, by label; bookkeeping fields in `hidden` left out."""
    rows = []
    for field, change in _fields(recorded):
        if field in hidden:
            continue
        label = field_label(field)
        if isinstance(change, Mapping) and ("before" in change or "after" in change):
            before = word(record_type, field, change.get("before"), names)
            after = word(record_type, field, change.get("after"), names)
            shows = "both" if "before" in change and "after" in change \
                else "after" if "after" in change else "before"
            rows.append(Change(label, shows, before, after))
        else:
            rows.append(Change(label, "value", after=word(record_type, field, change, names)))
    return sorted(rows, key=lambda c: c.label)
