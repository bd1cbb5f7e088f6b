"""Input no database can hold never ends in a 500.

- A NUL character in a search or a form is refused with a clear 400, and nothing is
  saved. PostgreSQL refuses NUL in any text value, and SQLite's full-text search stops
  reading a phrase at one ("unterminated string").
- A name of nothing visible (a byte-order mark, a zero-width space, a right-to-left
  override) is no name: the form asks for one instead of saving an invisible link, and
  such characters are dropped around visible text.
- A number too big for an id column, in a query string or a form, counts as no id: the
  drivers fail on them (PostgreSQL past 2**31, SQLite past 2**63). Ids in paths are
  test_access.py's.
"""

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import AuditEvent, Partnership, Stakeholder
from app.services import stakeholders as svc

NUL = "\x00"
MESSAGE = "can&#39;t be stored"


@pytest.mark.parametrize("url", [
    "/stakeholders/?q=ab%00cd",
    "/stakeholders/?q=ab%00cd&page=2",
    "/stakeholders/search?q=ab%00cd",
    "/map/?q=ab%00cd",
    "/stakeholders/?language=Span%00ish",
])
def test_a_nul_in_a_search_is_a_clear_400(client, login_as, url):
    login_as("viewer")
    response = client.get(url)
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert "NUL" in response.text
    assert "Northwood Unified</span>" in response.text, "the page keeps its district"


def _count(app, district, model) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_nul_in_a_form_saves_nothing(app, client, login_as, auth, district):
    login_as("editor")
    audit_rows = _count(app, district, AuditEvent)
    response = client.post("/stakeholders/new", data={
        "csrf_token": auth.csrf(), "name": f"Ana{NUL} Ruiz", "kind": "person",
        "group": "parent", "influence": "3", "interest": "3",
        "engagement_current": "neutral", "engagement_desired": "supportive",
    })
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert _count(app, district, Stakeholder) == 0
    assert _count(app, district, AuditEvent) == audit_rows


def test_other_control_characters_still_search(app, client, login_as, district):
    # Only NUL is refused: a tab is a space to the search, another control character is
    # just not found.
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name="Abe Cdef")
        svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
        svc.refresh_search_text(db.session, s)
        db.session.commit()
    login_as("viewer")
    assert "Abe Cdef</a>" in client.get("/stakeholders/?q=abe%09cdef").text
    response = client.get("/stakeholders/?q=ab%01cdef")
    assert response.status_code == 200
    assert "No one matches" in response.text


HUGE = str(2**63)


@pytest.mark.parametrize("url", [
    f"/engagement/?stakeholder={HUGE}&user={HUGE}",
    f"/engagement/new?stakeholder_id={HUGE}",
    f"/partnerships/new?organisation_id={HUGE}",
    f"/partnerships/?pathway={HUGE}&lead={HUGE}",
    f"/partnerships/suggestions?pathway={HUGE}",
    f"/settings/audit?after={HUGE}",
    f"/settings/audit?before={HUGE}",
    f"/settings/users?page={HUGE}",
    f"/stakeholders/search?q=ana&exclude={HUGE}",
    # Digits that aren't ASCII: str.isdigit() says yes, int() says no.
    "/stakeholders/?school=%C2%B2&tag=%C2%B2&owner=%C2%B2&no_contact_days=%C2%B2",
    "/champions/?audience_school=%C2%B2",
])
def test_a_number_no_id_can_be_counts_as_none(client, login_as, url):
    login_as("admin")
    assert client.get(url).status_code == 200


def test_a_bulk_owner_no_id_can_be_is_a_clear_error(app, client, login_as, auth, district):
    login_as("editor")
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name="Abe Cdef")
        svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
        db.session.commit()
        sid = s.id
    response = client.post("/stakeholders/bulk", data={
        "csrf_token": auth.csrf(), "action": "assign_owner", "ids": str(sid), "owner": HUGE})
    assert response.status_code == 422
    assert "Choose a member of this district as the owner." in response.text


def test_a_picked_organisation_no_id_can_be_falls_back_on_its_name(
    app, client, login_as, auth, district
):
    login_as("editor")
    with app.app_context(), tenancy.district_context(district.id):
        org = Stakeholder(name="Mercy Hospital", kind="organisation", group="health")
        svc.rate(db.session, org, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
        svc.refresh_search_text(db.session, org)
        db.session.commit()
        org_id = org.id
    response = client.post("/partnerships/new", data={
        "csrf_token": auth.csrf(), "other_id": HUGE, "other_name": "Mercy Hospital",
        "title": "Nursing pathway", "type": "work_based_learning", "stage": "prospect",
        "pathway_id": "", "lead_id": ""})
    assert response.status_code == 302, response.text
    with app.app_context(), tenancy.district_context(district.id):
        assert db.session.scalar(sa.select(Partnership.organisation_id)) == org_id


@pytest.mark.parametrize("name", ["\ufeff", "\u200b \u200b", "\u202e", "\t"])
def test_a_name_of_nothing_visible_is_asked_for_again(app, client, login_as, auth, district,
                                                      name):
    login_as("editor")
    response = client.post("/stakeholders/new", data={
        "csrf_token": auth.csrf(), "name": name, "kind": "person", "group": "parent",
        "influence": "3", "interest": "3", "engagement_current": "neutral",
        "engagement_desired": "supportive", "preferred_contact": "email"})
    assert response.status_code == 422
    assert "Enter a name." in response.text
    assert _count(app, district, Stakeholder) == 0
    response = client.post("/outreach/new", data={"csrf_token": auth.csrf(), "name": name})
    assert response.status_code == 422
    assert "Give the list a name" in response.text


def test_invisible_characters_around_a_name_are_dropped(app, client, login_as, auth, district):
    login_as("editor")
    response = client.post("/stakeholders/new", data={
        "csrf_token": auth.csrf(), "name": "\ufeffAna\u202e  Ruiz\u200b", "kind": "person",
        "group": "parent", "influence": "3", "interest": "3", "engagement_current": "neutral",
        "engagement_desired": "supportive", "preferred_contact": "email",
        "notes": "Line one\r\n\u202eLine two"})
    assert response.status_code == 302
    with app.app_context(), tenancy.district_context(district.id):
        s = db.session.scalars(sa.select(Stakeholder)).one()
        assert (s.name, s.notes) == ("Ana Ruiz", "Line one\nLine two")
