"""CSV export of an outreach list: editors only, streamed, BOM, attachment, mail-merge
columns, do-not-contact members left out, formulas neutralised, audited."""

import csv
import io
import re
from html import unescape

import sqlalchemy as sa

from app.domain.csv_export import FORMULA_START, OUTREACH_COLUMNS
from app.extensions import db
from app.models import Affiliation, AuditEvent, OutreachMember, Stakeholder
from app.services import outreach as outreach_svc
from app.services import outreach_export
from app.services import stakeholders as svc

XSS = "<img src=x onerror=alert(1)>"


def _person(name, permitted=True, kind="person", **fields) -> Stakeholder:
    s = Stakeholder(name=name, kind=kind, contact_permitted=permitted, **fields)
    svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
    return s


def _list_with(app, district, in_district, people) -> int:
    with app.app_context(), in_district(district):
        made = [_person(**p) for p in people]
        lst, _ = outreach_svc.create_list(db.session, name='Spring "roundtable"; 2026')
        outreach_svc.add_members(db.session, lst, [s.id for s in made])
        db.session.commit()
        return lst.id


def _rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_export_is_an_attachment_with_bom_and_mail_merge_columns(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id = _list_with(app, district, in_district, [
        {"name": "Maria de la Cruz", "email": "maria@example.org", "phone": "555 0100",
         "city": "Northwood", "group": "parent", "preferred_contact": "email"},
        {"name": "Acme Tools", "kind": "organisation", "group": "business"},
    ])
    with app.app_context(), in_district(district):
        maria = db.session.scalar(sa.select(Stakeholder).where(
            Stakeholder.name == "Maria de la Cruz"))
        acme = db.session.scalar(sa.select(Stakeholder.id).where(
            Stakeholder.name == "Acme Tools"))
        db.session.add(Affiliation(person_id=maria.id, organisation_id=acme,
                                   title="Plant manager"))
        svc.set_labels(db.session, maria, languages=["Spanish", "English"])
        db.session.commit()
    response = client.get(f"/outreach/{list_id}/export.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="spring-roundtable-2026.csv"')
    rows = _rows(response)
    assert tuple(rows[0]) == OUTREACH_COLUMNS
    by_name = {r[2]: dict(zip(OUTREACH_COLUMNS, r, strict=True)) for r in rows[1:]}
    maria_row = by_name["Maria de la Cruz"]
    assert (maria_row["First name"], maria_row["Last name"]) == ("Maria", "de la Cruz")
    assert (maria_row["Organisation"], maria_row["Title"]) == ("Acme Tools", "Plant manager")
    assert maria_row["Language"] == "English, Spanish"
    assert maria_row["Preferred contact"] == "Email" and maria_row["Group"] == "Parent/family"
    assert maria_row["Status"] == "To contact"
    assert by_name["Acme Tools"]["Organisation"] == "Acme Tools"
    assert by_name["Acme Tools"]["First name"] == ""


def test_export_leaves_out_do_not_contact_members_and_writes_an_audit_row(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id = _list_with(app, district, in_district, [
        {"name": "Ann Open"}, {"name": "Dee Private", "permitted": False}])
    page = client.get(f"/outreach/{list_id}")
    assert "1 member is marked “Do not contact”" in unescape(page.text)
    rows = _rows(client.get(f"/outreach/{list_id}/export.csv"))
    names = [r[2] for r in rows[1:]]
    assert names == ["Ann Open"]
    with app.app_context(), in_district(district):
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export"))
        assert event.record_type == "OutreachList" and event.record_id == list_id
        assert event.changes["rows"] == 1 and event.changes["excluded_do_not_contact"] == 1
        assert event.actor_label.startswith("editor")


def test_formulas_and_xss_names_are_neutralised_in_the_csv(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id = _list_with(app, district, in_district, [
        {"name": "=HYPERLINK(\"http://evil\")"}, {"name": XSS},
        {"name": "Quote \"Q\", comma", "phone": "+1 555 0100", "address": "1 Main\nSt"}])
    rows = _rows(client.get(f"/outreach/{list_id}/export.csv"))
    cells = [c for r in rows for c in r]
    assert all(not c or c[0] not in FORMULA_START for c in cells)
    full_names = {r[2] for r in rows[1:]}
    assert "'=HYPERLINK(\"http://evil\")" in full_names
    assert XSS in full_names  # text in a CSV; nothing renders it as HTML
    quoted = next(r for r in rows[1:] if r[2].startswith("Quote"))
    assert quoted[6] == "'+1 555 0100" and quoted[7] == "1 Main\nSt"
    assert len(quoted) == len(OUTREACH_COLUMNS)


def test_viewers_cannot_export(client, login_as, app, district, in_district):
    list_id = _list_with(app, district, in_district, [{"name": "Ann"}])
    login_as("viewer")
    assert client.get(f"/outreach/{list_id}/export.csv").status_code == 403


def test_another_districts_list_cannot_be_exported(
        client, login_as, app, other_district, in_district):
    list_id = _list_with(app, other_district, in_district, [{"name": "Theirs"}])
    login_as("admin")
    assert client.get(f"/outreach/{list_id}/export.csv").status_code == 404


def test_batches_are_keyset_paged_in_name_order(app, district, in_district):
    with app.app_context(), in_district(district):
        people = [_person(f"P {i:02}") for i in range(7)]
        lst, _ = outreach_svc.create_list(db.session, name="Batch")
        outreach_svc.add_members(db.session, lst, [p.id for p in people])
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(OutreachMember.id))) == 7
        with db.engine.connect() as connection:
            batches = list(outreach_export.export_batches(connection, district.id, lst.id,
                                                          size=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [r[2] for b in batches for r in b] == [f"P {i:02}" for i in range(7)]


def test_export_link_is_on_the_list_page_for_editors(client, login_as, app, district,
                                                     in_district):
    login_as("editor")
    list_id = _list_with(app, district, in_district, [{"name": "Ann"}])
    page = client.get(f"/outreach/{list_id}")
    assert re.search(rf'href="/outreach/{list_id}/export.csv"', page.text)
