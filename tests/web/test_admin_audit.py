"""The audit log and the dashboard's "Recent changes" read as plain English: actions,
records and fields in words, people and records by name instead of ids, found a page at a
time, and escaped."""

import re

from app import audit
from app.domain import audit_wording
from app.extensions import db
from app.models import (
    OutreachList,
    OutreachMember,
    Partnership,
    PartnershipStageChange,
    Stakeholder,
)


def _row(page: str, contains: str) -> str:
    rows = re.findall(r'<tr id="audit-\d+">.*?</tr>', page, re.S)
    found = [r for r in rows if contains in r]
    assert found, f"no row with {contains!r}"
    return found[0]


def _partnership_moved_by_ana(app, make_user, district, in_district,
                              title: str = "Summer internships") -> int:
    ana = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    with app.app_context(), in_district(district):
        with audit.acting_as(None, "demo loader"):
            audit.record(db.session, "demo_load", "District", district.id, district.name,
                         {"stakeholders": {"after": 1}})
        with audit.acting_as(ana, "ana@example.org"):
            org = Stakeholder(name="Acme Tools", kind="organisation", name_key="acme tools")
            db.session.add(org)
            db.session.flush()
            partnership = Partnership(organisation_id=org.id, title=title, lead_id=ana)
            db.session.add(partnership)
            db.session.flush()
            db.session.add(PartnershipStageChange(partnership_id=partnership.id,
                                                  from_stage="prospect", to_stage="exploring",
                                                  changed_by_id=ana))
            db.session.flush()
        db.session.commit()
    return ana


def test_audit_log_names_people_and_records_instead_of_ids(
    app, client, login_as, make_user, district, in_district
):
    _partnership_moved_by_ana(app, make_user, district, in_district)
    login_as("admin")
    page = client.get("/settings/audit").text
    moved = _row(page, "Partnership stage")
    assert "<td>Ana Ruiz<br>" in moved, "who, by name"
    assert "<dt>changed by</dt>" in moved and "<ins>Ana Ruiz</ins>" in moved
    assert "<dt>partnership</dt>" in moved and "<ins>Summer internships</ins>" in moved
    assert "<dt>to stage</dt>" in moved and "<ins>Exploring</ins>" in moved
    added = _row(page, "<dt>organisation</dt>")
    assert "<ins>Acme Tools</ins>" in added and "<dt>lead</dt>" in added
    assert " id</dt>" not in page and "<dt>id</dt>" not in page, "no id columns"
    demo = _row(page, "Demo loader")
    assert '<span class="badge">Loaded demo data</span>' in demo


def test_audit_filters_offer_words_not_codes(
    app, client, login_as, make_user, district, in_district
):
    _partnership_moved_by_ana(app, make_user, district, in_district)
    login_as("admin")
    page = client.get("/settings/audit").text
    assert '<option value="demo_load">Loaded demo data</option>' in page
    assert '<option value="PartnershipStageChange">Partnership stage</option>' in page
    assert '<option value="ana@example.org">Ana Ruiz (ana@example.org)</option>' in page
    assert '<option value="demo loader">Demo loader</option>' in page
    assert ">demo_load<" not in page and ">PartnershipStageChange<" not in page
    filtered = client.get("/settings/audit?action=demo_load&record_type=District").text
    assert '<span class="badge">Loaded demo data</span> <span class="badge">District</span>' \
        in filtered


def test_actions_and_records_nobody_named_yet_still_read_as_words(
    app, client, login_as, district, in_district
):
    with app.app_context(), in_district(district), audit.acting_as(None, "importer"):
        audit.record(db.session, "archive_everything", "FancyNewThing", 3, "",
                     {"widget_owner_id": {"after": 5}, "colour": "teal"})
        db.session.commit()
    login_as("admin")
    page = client.get("/settings/audit")
    assert page.status_code == 200
    row = _row(page.text, "importer")
    assert '<span class="badge">Archive everything</span>' in row
    assert "Fancy new thing" in row and "#3" in row
    assert "<dt>widget owner</dt>" in row and "<dt>colour</dt>" in row
    option = '<option value="archive_everything">Archive everything</option>'
    assert option in page.text
    assert "importer archive everything fancy new thing" in client.get("/").text


def test_every_audited_model_has_a_readable_noun():
    audited = {m.class_.__name__ for m in db.Model.registry.mappers} - audit._NOT_AUDITED
    missing = audited - set(audit_wording.RECORDS)
    assert not missing, f"no title or noun for {sorted(missing)}"


def test_names_are_looked_up_per_page_not_per_row(
    app, client, login_as, make_user, district, in_district, counted
):
    """Fifty entries naming fifty people and records cost the same queries as five."""
    users = [make_user(f"u{i}@example.org", "editor", district, name=f"User {i}")
             for i in range(3)]
    with app.app_context(), in_district(district):
        people = [Stakeholder(name=f"Person {i:02d}", name_key=f"person {i:02d}")
                  for i in range(60)]
        lst = OutreachList(name="Spring parents")
        db.session.add_all([*people, lst])
        db.session.flush()
        members = [OutreachMember(list_id=lst.id, stakeholder_id=p.id) for p in people]
        db.session.add_all(members)
        db.session.flush()
        for actor, count in (("few", 5), ("many", 55)):
            with audit.acting_as(users[count % 3], actor):
                for i in range(count):
                    p, m = people[i], members[i]
                    audit.record(db.session, "update", "OutreachMember", m.id, "", {
                        "owner_id": {"before": users[i % 3], "after": users[(i + 1) % 3]},
                        "status": {"before": "to_contact", "after": "contacted"}})
                    audit.record(db.session, "update", "Relationship", None, "",
                                 {"target_id": {"before": p.id, "after": people[-1].id}})
        db.session.commit()
    login_as("admin")
    with app.app_context(), counted() as few:
        small = client.get("/settings/audit?actor=few").text
    with app.app_context(), counted() as many:
        large = client.get("/settings/audit?actor=many").text
    assert small.count('<tr id="audit-') == 10 and large.count('<tr id="audit-') == 50
    member = _row(large, "Outreach list member")
    assert re.search(r'<span class="muted">Person \d\d</span>', member), "named, not ids"
    assert "<ins>Contacted</ins>" in member and "<ins>User " in member
    assert "Person 59" in _row(large, "<dt>related to</dt>")
    assert len(many) == len(few), "no query per row"


def test_ids_of_another_districts_records_are_not_named(
    app, client, login_as, district, other_district, in_district
):
    with app.app_context(), in_district(other_district):
        theirs = Stakeholder(name="Their Secret Contact", name_key="their secret contact")
        db.session.add(theirs)
        db.session.commit()
        their_id = theirs.id
    with app.app_context(), in_district(district), audit.acting_as(None, "importer"):
        audit.record(db.session, "update", "Partnership", None, "Odd entry",
                     {"organisation_id": {"after": their_id}})
        db.session.commit()
    login_as("admin")
    row = _row(client.get("/settings/audit").text, "Odd entry")
    assert "Their Secret Contact" not in row and f"#{their_id} (deleted)" in row


# --- The dashboard's "Recent changes" -------------------------------------------------

MALICIOUS = "<img src=x onerror=alert(1)>"


def _recent(client) -> str:
    page = client.get("/")
    assert page.status_code == 200
    return page.text.split("<h2>Recent changes</h2>")[1].split("</section>")[0]


def test_recent_changes_read_as_plain_english(
    app, client, login_as, make_user, district, in_district
):
    _partnership_moved_by_ana(app, make_user, district, in_district, title="")
    login_as("viewer")
    recent = _recent(client)
    ana_name = '<span title="ana@example.org">Ana Ruiz</span>'
    assert "Demo loader loaded demo data into <strong>Northwood Unified</strong>" in recent
    assert f"{ana_name} added stakeholder <strong>Acme Tools</strong>" in recent
    assert f"{ana_name} added partnership <strong>Acme Tools</strong>" in recent, \
        "an untitled partnership is called by its organisation, not #id"
    assert f"{ana_name} moved partnership <strong>Acme Tools</strong> to Exploring" in recent
    for raw in ("demo_load", "loadd", "partnershipstagechange", "Partnership #",
                "ana@example.org <", "> ana@example.org"):
        assert raw not in recent, raw


def test_someone_without_an_account_any_more_shows_as_their_email(
    app, client, login_as, district, in_district
):
    with app.app_context(), in_district(district), audit.acting_as(None, "gone@example.org"):
        db.session.add(Stakeholder(name="Pat Parent", name_key="pat parent"))
        db.session.commit()
    login_as("viewer")
    assert "gone@example.org added stakeholder <strong>Pat Parent</strong>" in _recent(client)


def test_recent_changes_escape_names(app, client, login_as, make_user, district, in_district):
    evil = make_user("evil@example.org", "editor", district, name=MALICIOUS)
    with app.app_context(), in_district(district), audit.acting_as(evil, "evil@example.org"):
        db.session.add(Stakeholder(name=MALICIOUS, name_key="x"))
        db.session.commit()
    login_as("viewer")
    recent = _recent(client)
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    assert MALICIOUS not in recent
    assert (f'<span title="evil@example.org">{escaped}</span> added stakeholder '
            f"<strong>{escaped}</strong>") in recent
