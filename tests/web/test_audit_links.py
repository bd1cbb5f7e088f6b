"""The audit log records many-to-many links too: tags, partner contacts, interaction users."""

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Partnership, Stakeholder, Tag


def _events(record_type: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.record_type == record_type).order_by(AuditEvent.id)))


def test_adding_and_removing_a_partner_contact_is_audited(app, district, in_district):
    with app.app_context(), in_district(district):
        org = Stakeholder(name="Acme Tools", kind="organisation", name_key="acme tools",
                          version=1)
        ann = Stakeholder(name="Ann Lee", name_key="ann lee", version=1)
        db.session.add_all([org, ann])
        db.session.flush()
        p = Partnership(organisation_id=org.id, title="Internships", start_on=date(2026, 9, 1))
        db.session.add(p)
        db.session.commit()

        p.contacts.append(ann)
        db.session.commit()
        p.contacts.remove(ann)
        db.session.commit()

        changes = [e.changes for e in _events("Partnership") if e.action == "update"]
        assert changes == [{"contacts": {"before": [], "after": ["Ann Lee"]}},
                           {"contacts": {"before": ["Ann Lee"], "after": []}}]


def test_tags_given_at_creation_are_in_the_create_row(app, district, in_district):
    with app.app_context(), in_district(district):
        tag = Tag(name="PTA")
        s = Stakeholder(name="Pat Parent", name_key="pat parent", version=1, tags=[tag])
        db.session.add(s)
        db.session.commit()
        created = _events("Stakeholder")[0]
        assert created.action == "create"
        assert created.changes["tags"] == {"before": [], "after": ["PTA"]}


def test_the_audit_log_page_shows_links_added(app, client, login_as, district, in_district):
    with app.app_context(), in_district(district):
        tag = Tag(name="PTA")
        db.session.add(Stakeholder(name="Pat Parent", name_key="pat parent", version=1,
                                   tags=[tag]))
        db.session.commit()
    login_as("admin")
    page = client.get("/settings/audit")
    assert page.status_code == 200
    assert "<dt>tags</dt>" in page.text
    assert "<ins>PTA</ins>" in page.text, "the tags given, as names"
