"""Deleting from the list's bulk bar does what deleting from a profile does: the people
who worked at a deleted organisation are no longer found by its name, and the links that
go with the stakeholders are in the audit log."""

import re

import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import Affiliation, AuditEvent, Relationship, Stakeholder
from app.services import stakeholders as svc

NEUTRAL = svc.Ratings(3, 3, "neutral", "supportive", False, True, False)
ROWS = {"HX-Request": "true", "HX-Target": "stakeholder-rows"}


def add(app, district, name, **attrs) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name=name, **attrs)
        svc.rate(db.session, s, NEUTRAL, by_user_id=None)
        svc.refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def link(app, district, *rows) -> None:
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add_all(rows)
        db.session.flush()
        for person_id in {r.person_id for r in rows if isinstance(r, Affiliation)}:
            svc.refresh_search_text(db.session, db.session.get(Stakeholder, person_id))
        db.session.commit()


def found(client, q: str) -> list[int]:
    page = client.get("/stakeholders/", query_string={"q": q}, headers=ROWS).text
    return [int(n) for n in re.findall(r'<tr id="stakeholder-(\d+)"', page)]


def deleted_links(app, district) -> set[tuple[str, str]]:
    with app.app_context(), tenancy.district_context(district.id):
        return {(e.record_type, e.record_label) for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "delete",
                                        AuditEvent.record_type != "Stakeholder"))}


def test_bulk_deleting_an_organisation_stops_its_people_matching_its_name(
    app, client, auth, login_as, district
):
    org = add(app, district, "Brightline Software", kind="organisation", group="business")
    jason = add(app, district, "Jason Miller")
    ana = add(app, district, "Ana Ruiz")
    link(app, district, Affiliation(person_id=jason, organisation_id=org, title="Engineer"),
         Relationship(source_id=org, target_id=ana, type="partner"))
    login_as("editor")
    assert found(client, "Brightline") == [org, jason]

    response = client.post("/stakeholders/bulk", data={
        "csrf_token": auth.csrf(), "action": "delete", "ids": [org], "confirm": "1"})

    assert response.status_code == 302
    assert found(client, "Brightline") == [], "Jason no longer works at a deleted organisation"
    assert found(client, "Jason") == [jason]
    assert ("Relationship", "Brightline Software – Ana Ruiz") in deleted_links(app, district)
    assert ("Affiliation", "Brightline Software") in deleted_links(app, district)


def test_deleting_one_organisation_from_its_profile_does_the_same(
    app, client, auth, login_as, district
):
    org = add(app, district, "Brightline Software", kind="organisation", group="business")
    jason = add(app, district, "Jason Miller")
    link(app, district, Affiliation(person_id=jason, organisation_id=org, title="Engineer"))
    login_as("editor")

    response = client.post(f"/stakeholders/{org}/delete", data={"csrf_token": auth.csrf()})

    assert response.status_code == 302
    assert found(client, "Brightline") == []
    assert ("Affiliation", "Brightline Software") in deleted_links(app, district)


def test_a_bulk_action_on_someone_deleted_meanwhile_says_so_and_keeps_the_rest_selected(
    app, client, auth, login_as, district
):
    """Two tabs: a colleague deleted one of the checked rows. The user gets the list back
    with a clear word and the others still checked, not a bare "Not found" page."""
    ana = add(app, district, "Ana Ruiz")
    ben = add(app, district, "Ben Okafor")
    login_as("editor")
    client.post(f"/stakeholders/{ben}/delete", data={"csrf_token": auth.csrf()})

    response = client.post("/stakeholders/bulk", data={
        "csrf_token": auth.csrf(), "action": "set_group", "group": "media",
        "ids": [ana, ben], "next": "/stakeholders/?q=a"})

    assert response.status_code == 404
    assert "1 of the 2 selected stakeholders no longer exists" in response.text
    assert "Nothing was changed" in response.text
    assert re.search(rf'<input[^>]*value="{ana}"[^>]*checked', response.text), \
        "the one still there stays checked"
    assert 'id="filter-q" name="q" value="a"' in response.text, "the list keeps its filter"
    with app.app_context(), tenancy.district_context(district.id):
        assert db.session.get(Stakeholder, ana).group == "other"
