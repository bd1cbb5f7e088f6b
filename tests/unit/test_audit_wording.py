"""The audit log in plain words: verbs, nouns, field labels and values a district leader
reads, for every action and record the app writes, and sensible words for any other."""

import re
from pathlib import Path

import pytest

from app.domain import audit_wording as wording

APP = Path(__file__).resolve().parents[2] / "app"
# The explicit audit.record(...) calls, and the actions their f-strings can make.
RECORD_CALL = re.compile(r'audit\.record\(\s*[\w.]+,\s*(f?)"([^"]+)",\s*"(\w+)"')
F_STRING_ACTIONS = {"outreach_{action}": {"outreach_build", "outreach_refresh"}}


def _recorded_actions() -> set[tuple[str, str]]:
    found = set()
    for path in APP.rglob("*.py"):
        for is_f, action, record_type in RECORD_CALL.findall(path.read_text()):
            for name in F_STRING_ACTIONS[action] if is_f else {action}:
                found.add((name, record_type))
    return found


def test_every_action_the_app_records_has_its_own_words():
    recorded = _recorded_actions()
    assert ("demo_load", "District") in recorded and ("sign_in", "User") in recorded
    for action, record_type in recorded:
        assert action in wording.ACTIONS, f"{action} has no past tense"
        assert record_type in wording.RECORDS, f"{record_type} has no noun"
    for action in ("create", "update", "delete"):  # what app.audit writes for row changes
        assert action in wording.ACTIONS


def test_demo_load_reads_as_a_sentence_not_a_doubled_d():
    said = wording.sentence("demo_load", "District", "Maple Valley School District", {})
    line = f"{said.verb} {said.noun} {said.name}".replace("  ", " ")
    assert line == "loaded demo data into Maple Valley School District"
    assert wording.action("demo_load").label == "Loaded demo data"


def test_a_stage_change_says_where_the_partnership_moved():
    said = wording.sentence("create", "PartnershipStageChange", "Acme internships",
                            {"from_stage": {"after": "prospect"},
                             "to_stage": {"after": "exploring"}})
    assert (said.verb, said.noun, said.name, said.tail) == (
        "moved", "partnership", "Acme internships", "to Exploring")
    assert wording.record_kind("PartnershipStageChange").title == "Partnership stage"


def test_signing_in_names_no_record():
    said = wording.sentence("sign_in", "User", "ana@example.org", {})
    assert (said.verb, said.noun, said.name) == ("signed in", "", "")


@pytest.mark.parametrize(("name", "label", "verb"), [
    ("archive_list", "Archive list", "archive list"),
    ("", "Changed", "changed"),
])
def test_unknown_actions_read_as_words(name, label, verb):
    assert wording.action(name) == wording.Action(label, verb)


@pytest.mark.parametrize(("record_type", "title", "noun"), [
    ("FancyNewThing", "Fancy new thing", "fancy new thing"),
    ("Thing2Widget", "Thing2 widget", "thing2 widget"),
    ("", "Record", "record"),
])
def test_unknown_record_types_read_as_words(record_type, title, noun):
    kind = wording.record_kind(record_type)
    assert (kind.title, kind.noun) == (title, noun)


@pytest.mark.parametrize(("field", "label"), [
    ("changed_by_id", "changed by"), ("organisation_id", "organisation"),
    ("engagement_current", "engagement now"), ("stage_changed_at", "stage changed at"),
    ("brand_new_thing_id", "brand new thing"), ("tags", "tags"),
])
def test_fields_read_as_words_not_column_names(field, label):
    assert wording.field_label(field) == label


def test_ids_become_names_and_codes_become_labels():
    names = {("user", 1): "Ana Ruiz", ("stakeholder", 40): "Acme Tools"}
    rows = wording.changes("PartnershipStageChange", {
        "changed_by_id": {"after": 1}, "partnership_id": {"after": 9},
        "from_stage": {"after": "prospect"}, "to_stage": {"after": "active"},
        "changed_at": {"after": "2026-03-04T09:30:00+00:00"}, "id": {"after": 3},
    }, names | {("partnership", 9): "Acme internships"}, hidden=("id",))
    assert [(r.label, r.after) for r in rows] == [
        ("changed at", "4 Mar 2026, 09:30 UTC"), ("changed by", "Ana Ruiz"),
        ("from stage", "Prospect"), ("partnership", "Acme internships"),
        ("to stage", "Active"),
    ]
    org = wording.changes("Partnership", {"organisation_id": {"before": 40, "after": 41}},
                          names)
    assert org == [wording.Change("organisation", "both", "Acme Tools", "#41 (deleted)")]


def test_values_read_as_people_say_them():
    assert wording.word("Stakeholder", "contact_permitted", False, {}) == "no"
    assert wording.word("Relationship", "type", "friend", {}) == "Friend/neighbour"
    assert wording.word("Partnership", "type", "mentoring", {}) == "Mentoring"
    assert wording.word("Membership", "role", "admin", {}) == "Admin"
    assert wording.word("Affiliation", "since", "2019-09-01", {}) == "1 Sep 2019"
    assert wording.word("Stakeholder", "tags", ["PTA", "STEM"], {}) == ["PTA", "STEM"]
    assert wording.word("Stakeholder", "group", "made_up_group", {}) == "made_up_group"
    assert wording.word("DistrictSetting", "key", "champion_weights", {}) == \
        "champion score weights"
    assert wording.word("Stakeholder", "notes", "", {}) == ""


def test_plain_details_of_an_entry_stay_values():
    rows = wording.changes("OutreachList", {"added": 12, "invited_from_list": 3},
                           {("outreach list", 3): "Spring parents"})
    assert rows == [wording.Change("added", "value", after=12),
                    wording.Change("invited from list", "value", after="Spring parents")]


def test_references_collects_ids_from_before_and_after_only_where_they_are_ids():
    found = wording.references({
        "owner_id": {"before": 1, "after": 2}, "organisation_id": {"after": 40},
        "stakeholder_id": 7, "lead_id": {"after": None}, "user_id": {"after": True},
        "target_id": {"after": 2**40}, "notes": {"after": 5},
    })
    assert found == {("user", 1), ("user", 2), ("stakeholder", 40), ("stakeholder", 7)}


@pytest.mark.parametrize(("record_type", "values", "name"), [
    ("Relationship", {"source_id": "Ann Lee", "target_id": "Bob Ray", "type": "Friend"},
     "Ann Lee – Bob Ray (Friend)"),
    ("Relationship", {"source_id": "Ann Lee", "target_id": None, "type": "Friend"}, ""),
    ("Affiliation", {"person_id": "Ann Lee", "organisation_id": "Acme", "title": "CEO"},
     "Ann Lee: CEO at Acme"),
    ("Affiliation", {"person_id": "Ann Lee", "organisation_id": "Acme", "title": ""},
     "Ann Lee at Acme"),
    ("Interaction", {"title": "", "kind": "Meeting", "occurred_on": "9 Mar 2026"},
     "Meeting on 9 Mar 2026"),
    ("Partnership", {"title": "", "organisation_id": "Acme"}, "Acme"),
    ("ChampionProfile", {"stakeholder_id": "Ann Lee"}, "Ann Lee"),
    ("ChampionProfile", {"stakeholder_id": None}, ""),
    ("Stakeholder", {}, ""),
])
def test_records_without_a_name_of_their_own_are_named_by_what_they_belong_to(
    record_type, values, name
):
    assert wording.compose_name(record_type, values) == name


@pytest.mark.parametrize(("label", "shown"), [
    ("demo loader", "Demo loader"), ("command line", "Command line"),
    ("gone@example.org", "gone@example.org"), ("", "Someone"),
])
def test_actors_without_an_account_keep_a_readable_name(label, shown):
    assert wording.actor_name(label) == shown


@pytest.mark.parametrize(("recorded", "rows"), [
    (None, []), ({}, []),
    (["odd", "entry"], [wording.Change("details", "value", after=["odd", "entry"])]),
    ({"note": {"unexpected": 1}}, [wording.Change("note", "value", after="unexpected: 1")]),
])
def test_entries_of_any_shape_are_shown_without_failing(recorded, rows):
    assert wording.changes("Stakeholder", recorded, {}) == rows
    assert wording.references(recorded) == set()
    assert wording.sentence("update", "Stakeholder", "Ann", recorded).verb == "changed"
