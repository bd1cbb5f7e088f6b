"""The dashboard's "Recent changes" reads as plain English: who by name, a past-tense
verb, a readable noun and the record's name, escaped."""

from app import audit
from app.extensions import db
from app.models import Partnership, PartnershipStageChange, Stakeholder

MALICIOUS = "<img src=x onerror=alert(1)>"


def _recent(client) -> str:
    page = client.get("/")
    assert page.status_code == 200
    return page.text.split("<h2>Recent changes</h2>")[1].split("</section>")[0]


def test_recent_changes_read_as_plain_english(
    app, client, login_as, make_user, district, in_district
):
    ana = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    with app.app_context(), in_district(district):
        with audit.acting_as(None, "demo loader"):
            audit.record(db.session, "demo_load", "District", district.id, district.name,
                         {"stakeholders": {"after": 1}})
        with audit.acting_as(ana, "ana@example.org"):
            org = Stakeholder(name="Acme Tools", kind="organisation", name_key="acme tools")
            db.session.add(org)
            db.session.flush()
            partnership = Partnership(organisation_id=org.id)
            db.session.add(partnership)
            db.session.flush()
            db.session.add(PartnershipStageChange(partnership_id=partnership.id,
                                                  from_stage="prospect", to_stage="exploring",
                                                  changed_by_id=ana))
            db.session.flush()
        db.session.commit()
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
