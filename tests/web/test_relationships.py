"""Relationships and affiliations on the profile page, and the stakeholder typeahead."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import Affiliation, AuditEvent, Relationship, Stakeholder
from app.services import stakeholders as svc
from app.stakeholders import relationship_routes

RATINGS = svc.Ratings(3, 4, "neutral", "supportive", False, True, False)
HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


def add(app, district, name, kind="person", **fields) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name=name, kind=kind, **fields)
        svc.rate(db.session, s, RATINGS, by_user_id=None)
        svc.refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def rows(app, district, model):
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.scalars(sa.select(model).order_by(model.id)).all()


def search_text(app, district, sid) -> str:
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.get(Stakeholder, sid).search_text


def link(token, other_id="", other_name="", type_="colleague", strength="2", note="") -> dict:
    return {"csrf_token": token, "rel-other_id": other_id, "rel-other_name": other_name,
            "rel-type": type_, "rel-strength": strength, "rel-note": note}


def affiliate(token, other_id="", other_name="", title="", since="") -> dict:
    return {"csrf_token": token, "aff-other_id": other_id, "aff-other_name": other_name,
            "aff-title": title, "aff-since": since}


@pytest.fixture
def people(app, district):
    """Ana (person), Ben (person) and Honda (organisation) in the district."""
    return {"ana": add(app, district, "Ana Ruiz", group="parent"),
            "ben": add(app, district, "Ben Okafor", group="educator"),
            "honda": add(app, district, "Honda", kind="organisation", group="business")}


# --- Relationships ----------------------------------------------------------------------------


def test_relationship_added_with_the_typeahead_shows_on_both_sides(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    response = client.post(f"/stakeholders/{honda}/relationships", headers=HX, data=link(
        auth.csrf(), ana, "Ana Ruiz", "partner", "3", "Met at the career fair"))
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="relationships"' in response.text
    assert "Relationship added." in response.text
    assert "relationships-changed" in response.headers["HX-Trigger"]
    (rel,) = rows(app, district, Relationship)
    assert (rel.source_id, rel.target_id) == (ana, honda), "stored once, lower id first"
    assert (rel.type, rel.strength, rel.note) == ("partner", 3, "Met at the career fair")
    for page_of, other in ((ana, "Honda"), (honda, "Ana Ruiz")):
        page = client.get(f"/stakeholders/{page_of}").text
        section = page[page.index('id="relationships"'):page.index('id="rating-history"')]
        assert f">{other}</a>" in section and "Partner" in section and "Strong" in section
        assert "Met at the career fair" in section


@pytest.mark.parametrize("card, button, field", [
    ("relationships", "Add a relationship", "rel-other_name"),
    ("affiliations", "Add an organisation", "aff-other_name"),
])
def test_add_forms_open_from_their_button_with_or_without_javascript(
    client, login_as, people, card, button, field
):
    login_as("editor")
    ana = people["ana"]
    page = client.get(f"/stakeholders/{ana}").text
    assert f">{button}</a>" in page and f'name="{field}"' not in page, "closed at first"
    opened = client.get(f"/stakeholders/{ana}/{card}/new", headers=HX | {"HX-Target": card})
    assert opened.status_code == 200 and "<html" not in opened.text
    assert f'id="{card}"' in opened.text and f'name="{field}"' in opened.text
    assert "autofocus" in opened.text, "the typing starts in the name field"
    closed = client.get(f"/stakeholders/{ana}", headers=HX | {"HX-Target": card}).text
    assert f'name="{field}"' not in closed and f">{button}</a>" in closed, "Close closes it"
    full = client.get(f"/stakeholders/{ana}/{card}/new")
    assert "<html" in full.text and f'name="{field}"' in full.text, "a page without JS"


def test_the_form_stays_open_to_add_another(app, client, login_as, auth, district, people):
    login_as("editor")
    response = client.post(f"/stakeholders/{people['honda']}/relationships", headers=HX,
                           data=link(auth.csrf(), people["ana"], "Ana Ruiz"))
    assert "Relationship added." in response.text and 'name="rel-other_name"' in response.text


def test_relationship_can_be_added_by_exact_name_without_javascript(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    response = client.post(f"/stakeholders/{people['ana']}/relationships",
                           data=link(auth.csrf(), other_name="  ben okafor "))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stakeholders/{people['ana']}#relationships"
    assert "Relationship added." in client.get(f"/stakeholders/{people['ana']}").text
    assert len(rows(app, district, Relationship)) == 1


def test_unknown_or_ambiguous_names_are_explained(app, client, login_as, auth, district, people):
    add(app, district, "Ben Okafor")
    login_as("editor")
    unknown = client.post(f"/stakeholders/{people['ana']}/relationships",
                          data=link(auth.csrf(), other_name="Nobody Here"))
    assert unknown.status_code == 422 and "<html" in unknown.text
    assert "No stakeholder is called “Nobody Here”" in unknown.text
    ambiguous = client.post(f"/stakeholders/{people['ana']}/relationships", headers=HX,
                            data=link(auth.csrf(), other_name="Ben Okafor"))
    assert ambiguous.status_code == 422
    assert "More than one stakeholder is called “Ben Okafor”" in ambiguous.text
    assert rows(app, district, Relationship) == []


def test_a_stakeholder_cannot_be_linked_to_themselves(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    response = client.post(f"/stakeholders/{people['ana']}/relationships", headers=HX,
                           data=link(auth.csrf(), people["ana"], "Ana Ruiz"))
    assert response.status_code == 422
    assert "A stakeholder can&#39;t have a relationship with themselves." in response.text
    assert rows(app, district, Relationship) == []


def test_a_pair_is_linked_only_once_whichever_side_adds_it(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    client.post(f"/stakeholders/{ana}/relationships", headers=HX,
                data=link(auth.csrf(), honda, "Honda"))
    again = client.post(f"/stakeholders/{honda}/relationships", headers=HX,
                        data=link(auth.csrf(), ana, "Ana Ruiz", "family"))
    assert again.status_code == 422
    assert "Honda and Ana Ruiz are already linked as colleague; edit that relationship " \
           "instead." in again.text
    assert len(rows(app, district, Relationship)) == 1


def test_a_duplicate_racing_past_the_check_gets_the_same_message(
    app, client, login_as, auth, district, people, monkeypatch
):
    login_as("editor")
    ana, ben = people["ana"], people["ben"]
    client.post(f"/stakeholders/{ana}/relationships", data=link(auth.csrf(), ben, "Ben Okafor"))
    monkeypatch.setattr(relationship_routes, "existing_relationship", lambda *_: None)
    response = client.post(f"/stakeholders/{ben}/relationships", headers=HX,
                           data=link(auth.csrf(), ana, "Ana Ruiz", "friend"))
    assert response.status_code == 422
    assert "Ben Okafor and Ana Ruiz are already linked as friend/neighbour" in response.text
    assert len(rows(app, district, Relationship)) == 1


def test_another_districts_stakeholder_id_in_the_form_is_not_found(
    app, client, login_as, auth, district, other_district, people
):
    stranger = add(app, other_district, "Stranger")
    login_as("editor")
    response = client.post(f"/stakeholders/{people['ana']}/relationships", headers=HX,
                           data=link(auth.csrf(), stranger, "Stranger"))
    assert response.status_code == 422
    assert "We couldn&#39;t find that stakeholder." in response.text
    aff = client.post(f"/stakeholders/{people['ana']}/affiliations", headers=HX,
                      data=affiliate(auth.csrf(), stranger, "Stranger"))
    assert aff.status_code == 422 and "We couldn&#39;t find that stakeholder." in aff.text
    assert rows(app, district, Relationship) == [] and rows(app, district, Affiliation) == []
    assert rows(app, other_district, Relationship) == []


def test_relationship_can_be_edited_in_place(app, client, login_as, auth, district, people):
    login_as("editor")
    ana, ben = people["ana"], people["ben"]
    client.post(f"/stakeholders/{ana}/relationships", data=link(auth.csrf(), ben, "Ben Okafor"))
    (rel,) = rows(app, district, Relationship)
    form = client.get(f"/stakeholders/{ben}/relationships/{rel.id}/edit", headers=HX)
    assert "<html" not in form.text and f'id="relationship-{rel.id}"' in form.text
    assert client.get(f"/stakeholders/{ben}/relationships/{rel.id}/edit").text.count("<html") == 1
    prefix = f"rel{rel.id}-"
    bad = client.post(f"/stakeholders/{ben}/relationships/{rel.id}", headers=HX, data={
        "csrf_token": auth.csrf(), prefix + "type": "enemy", prefix + "strength": "7"})
    assert bad.status_code == 422 and "Not a valid choice" in bad.text
    saved = client.post(f"/stakeholders/{ben}/relationships/{rel.id}", headers=HX, data={
        "csrf_token": auth.csrf(), prefix + "type": "mentor", prefix + "strength": "1",
        prefix + "note": "Mentors on Fridays"})
    assert saved.status_code == 200 and "Relationship saved." in saved.text
    assert "Mentors on Fridays" in saved.text and "Weak" in saved.text
    (rel,) = rows(app, district, Relationship)
    assert (rel.type, rel.strength) == ("mentor", 1)


def test_removing_a_relationship_asks_first_and_clears_both_sides(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana, ben = people["ana"], people["ben"]
    client.post(f"/stakeholders/{ana}/relationships", data=link(auth.csrf(), ben, "Ben Okafor"))
    (rel,) = rows(app, district, Relationship)
    page = client.get(f"/stakeholders/{ben}").text
    assert 'data-confirm="Remove the relationship between Ben Okafor and Ana Ruiz?"' in page
    response = client.post(f"/stakeholders/{ben}/relationships/{rel.id}/delete", headers=HX,
                           data={"csrf_token": auth.csrf()})
    assert response.status_code == 200 and "Relationship removed." in response.text
    assert rows(app, district, Relationship) == []
    assert "No relationships recorded yet." in client.get(f"/stakeholders/{ana}").text
    with app.app_context(), tenancy.district_context(district.id):
        actions = db.session.execute(sa.select(AuditEvent.action).where(
            AuditEvent.record_type == "Relationship")).scalars().all()
    assert actions == ["create", "delete"]


def test_detail_page_loads_many_relationships_in_constant_queries(
    app, client, login_as, district, counted
):
    hub = add(app, district, "Hub Person")
    with app.app_context(), tenancy.district_context(district.id):
        others = [Stakeholder(name=f"Contact {i:03}", name_key=f"contact {i:03}",
                              engagement_current="supportive") for i in range(105)]
        db.session.add_all(others)
        db.session.flush()
        db.session.add_all([Relationship(source_id=hub, target_id=o.id, strength=1 + i % 3)
                            for i, o in enumerate(others[:55])])
        db.session.commit()
        ids = [o.id for o in others]
    login_as("viewer")

    with app.app_context():
        with counted() as with_55:
            page = client.get(f"/stakeholders/{hub}")
        assert page.text.count('class="link-row"') == 55
        assert "Supportive" in page.text and "Strong" in page.text
        with app.app_context(), tenancy.district_context(district.id):
            db.session.add_all([Relationship(source_id=hub, target_id=i) for i in ids[55:]])
            db.session.commit()
        with counted() as with_105:
            page = client.get(f"/stakeholders/{hub}")
    assert page.text.count('class="link-row"') == 100
    assert "Show all 105 relationships" in page.text
    assert len(with_105) <= len(with_55) + 1, "only a COUNT is added beyond the cap"
    assert len(with_55) < 25
    second = client.get(f"/stakeholders/{hub}/relationships?page=2").text
    assert second.count('class="link-row"') == 5 and "Page 2 of 2" in second


# --- Affiliations -----------------------------------------------------------------------------


def test_person_is_affiliated_with_an_organisation_and_search_finds_them_by_it(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    response = client.post(f"/stakeholders/{ana}/affiliations", headers=HX, data=affiliate(
        auth.csrf(), honda, "Honda", "Plant manager", "2019-03-01"))
    assert response.status_code == 200 and "Affiliation added." in response.text
    assert "Plant manager" in response.text and "1 Mar 2019" in response.text
    assert "honda" in search_text(app, district, ana)
    org_page = client.get(f"/stakeholders/{honda}").text
    section = org_page[org_page.index('id="affiliations"'):org_page.index('id="relationships"')]
    assert "People" in section and ">Ana Ruiz</a>" in section and "Plant manager" in section
    matches = client.get("/stakeholders/search?q=honda", headers=HX).text
    assert "Ana Ruiz" in matches, "search looks in organisation names"


def test_an_affiliations_title_and_since_are_edited_in_place_from_either_side(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    client.post(f"/stakeholders/{ana}/affiliations", headers=HX,
                data=affiliate(auth.csrf(), honda, "Honda", "Plant manager", "2019-03-01"))
    client.post(f"/stakeholders/{ana}/affiliations", headers=HX,
                data=affiliate(auth.csrf(), honda, "Honda", "Mentor", ""))
    manager = next(a for a in rows(app, district, Affiliation) if a.title == "Plant manager")
    editor = client.get(f"/stakeholders/{honda}/affiliations/{manager.id}/edit", headers=HX)
    assert editor.status_code == 200 and "<html" not in editor.text
    assert f'id="affiliation-{manager.id}"' in editor.text
    assert 'value="Plant manager"' in editor.text
    url = f"/stakeholders/{honda}/affiliations/{manager.id}"
    taken = client.post(url, headers=HX, data={
        "csrf_token": auth.csrf(), f"aff{manager.id}-title": "Mentor"})
    assert taken.status_code == 422
    assert "This affiliation is already recorded as Mentor." in taken.text
    saved = client.post(url, headers=HX, data={
        "csrf_token": auth.csrf(), f"aff{manager.id}-title": "Site director",
        f"aff{manager.id}-since": "2021-09-01"})
    assert saved.status_code == 200 and "Affiliation saved." in saved.text
    assert "Site director" in saved.text and "1 Sep 2021" in saved.text
    edited = next(a for a in rows(app, district, Affiliation) if a.id == manager.id)
    assert (edited.title, edited.since.isoformat()) == ("Site director", "2021-09-01")
    changes = [e.changes for e in rows(app, district, AuditEvent)
               if e.record_type == "Affiliation" and e.action == "update"]
    assert changes and changes[-1]["title"] == {"before": "Plant manager",
                                                "after": "Site director"}
    # Without JavaScript: a page of its own, and back to the profile.
    page = client.get(f"/stakeholders/{ana}/affiliations/{manager.id}/edit")
    assert "<html" in page.text and "Edit affiliation" in page.text
    back = client.post(f"/stakeholders/{ana}/affiliations/{manager.id}", data={
        "csrf_token": auth.csrf(), f"aff{manager.id}-title": "Director"})
    assert back.status_code == 302 and back.headers["Location"].endswith("#affiliations")
    assert client.get(f"/stakeholders/{people['ben']}/affiliations/{manager.id}/edit",
                      headers=HX).status_code == 404, "someone else's affiliation"


def test_organisation_page_can_add_its_people(app, client, login_as, auth, district, people):
    login_as("editor")
    response = client.post(f"/stakeholders/{people['honda']}/affiliations",
                           data=affiliate(auth.csrf(), other_name="Ben Okafor", title="Engineer"))
    assert response.status_code == 302
    (aff,) = rows(app, district, Affiliation)
    assert (aff.person_id, aff.organisation_id) == (people["ben"], people["honda"])
    assert "honda" in search_text(app, district, people["ben"])


def test_affiliation_must_join_a_person_and_an_organisation(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana = people["ana"]
    to_person = client.post(f"/stakeholders/{ana}/affiliations", headers=HX,
                            data=affiliate(auth.csrf(), people["ben"], "Ben Okafor"))
    assert to_person.status_code == 422
    assert "Ben Okafor is a person. Affiliations link a person to an organisation" in \
        to_person.text
    to_self = client.post(f"/stakeholders/{ana}/affiliations", headers=HX,
                          data=affiliate(auth.csrf(), ana, "Ana Ruiz"))
    assert "A stakeholder can&#39;t be affiliated with themselves." in to_self.text
    org = add(app, district, "Acme", kind="organisation")
    to_org = client.post(f"/stakeholders/{people['honda']}/affiliations", headers=HX,
                         data=affiliate(auth.csrf(), org, "Acme"))
    assert "Acme is an organisation." in to_org.text
    assert rows(app, district, Affiliation) == []


def test_duplicate_affiliation_is_refused(app, client, login_as, auth, district, people):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    data = affiliate(auth.csrf(), honda, "Honda", "Engineer")
    client.post(f"/stakeholders/{ana}/affiliations", data=data)
    again = client.post(f"/stakeholders/{ana}/affiliations", headers=HX, data=data)
    assert again.status_code == 422
    assert "Ana Ruiz is already affiliated with Honda as Engineer." in again.text
    assert len(rows(app, district, Affiliation)) == 1
    # The same role in other letters is the same role.
    shouted = client.post(f"/stakeholders/{ana}/affiliations", headers=HX,
                          data=affiliate(auth.csrf(), honda, "Honda", "ENGINEER"))
    assert shouted.status_code == 422
    assert "Ana Ruiz is already affiliated with Honda as ENGINEER." in shouted.text
    assert len(rows(app, district, Affiliation)) == 1


def test_an_affiliation_cannot_start_in_the_future(app, client, login_as, auth, district,
                                                   people):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    later = client.post(f"/stakeholders/{ana}/affiliations", headers=HX,
                        data=affiliate(auth.csrf(), honda, "Honda", "Engineer", "2999-01-01"))
    assert later.status_code == 422
    assert "Since can&#39;t be a day in the future." in later.text
    assert rows(app, district, Affiliation) == []


def test_removing_an_affiliation_updates_search_text(
    app, client, login_as, auth, district, people
):
    login_as("editor")
    ana, honda = people["ana"], people["honda"]
    client.post(f"/stakeholders/{ana}/affiliations", data=affiliate(auth.csrf(), honda, "Honda"))
    (aff,) = rows(app, district, Affiliation)
    page = client.get(f"/stakeholders/{honda}").text
    assert 'data-confirm="Remove the affiliation between Honda and Ana Ruiz?"' in page
    response = client.post(f"/stakeholders/{honda}/affiliations/{aff.id}/delete", headers=HX,
                           data={"csrf_token": auth.csrf()})
    assert response.status_code == 200 and "Affiliation removed." in response.text
    assert rows(app, district, Affiliation) == []
    assert "honda" not in search_text(app, district, ana)


# --- Typeahead --------------------------------------------------------------------------------


def test_typeahead_returns_matches_of_this_district_only(
    app, client, login_as, district, other_district, people
):
    add(app, other_district, "Ana Other District")
    for i in range(12):
        add(app, district, f"Anabel {i:02}")
    login_as("viewer")
    response = client.get(f"/stakeholders/search?rel-other_name=ana&exclude={people['ana']}",
                          headers=HX)
    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.count('class="typeahead-option"') == 10
    assert "Other District" not in response.text
    assert ">Ana Ruiz<" not in response.text, "the stakeholder itself is left out"
    assert 'data-name="Anabel 00"' in response.text and "Anabel 11" not in response.text
    orgs = client.get("/stakeholders/search?q=hon&kind=organisation", headers=HX).text
    assert 'data-name="Honda"' in orgs
    people_only = client.get("/stakeholders/search?q=hon&kind=person", headers=HX).text
    assert "No matches for “hon”" in unescape(people_only)
    assert client.get("/stakeholders/search?q=", headers=HX).text.strip() == ""


def test_typeahead_lists_names_that_start_with_the_text_first(app, client, login_as, district):
    add(app, district, "Abby Stone", email="mary.stone@example.org")  # found by her email
    add(app, district, "Tamara Wills")
    add(app, district, "Ana Marquez")
    add(app, district, "Marcus Chen")
    login_as("viewer")
    page = client.get("/stakeholders/search?q=mar", headers=HX).text
    shown = re.findall(r'data-name="([^"]+)"', page)
    assert shown == ["Marcus Chen", "Ana Marquez", "Tamara Wills", "Abby Stone"]


def test_search_page_works_without_javascript(app, client, login_as, district, people):
    login_as("viewer")
    page = client.get("/stakeholders/search?q=okafor")
    assert "<html" in page.text and f'href="/stakeholders/{people["ben"]}"' in page.text


def test_typeahead_and_relationship_lists_keep_hostile_names_inert(
    app, client, login_as, auth, district
):
    evil = add(app, district, XSS)
    attr = add(app, district, '" hx-get="/x')
    ana = add(app, district, "Ana Ruiz")
    login_as("editor")
    client.post(f"/stakeholders/{ana}/relationships", data=link(auth.csrf(), evil, XSS,
                                                                 note=XSS))
    client.post(f"/stakeholders/{ana}/relationships", data=link(auth.csrf(), attr, "x"))
    texts = [client.get("/stakeholders/search?q=img", headers=HX).text,
             client.get("/stakeholders/search?q=hx-get", headers=HX).text,
             client.get("/stakeholders/search?q=img").text,
             client.get(f"/stakeholders/{ana}").text,
             client.get(f"/stakeholders/{ana}/relationships").text]
    assert "&lt;img src=x onerror=alert(1)&gt;" in texts[0]
    assert 'data-name="&#34; hx-get=&#34;/x"' in texts[1]
    for text in texts:
        assert "<img src=x" not in text and 'hx-get="/x"' not in text


def test_viewer_cannot_add_or_remove_links(app, client, login_as, auth, district, people):
    login_as("viewer")
    token = auth.csrf()
    assert client.post(f"/stakeholders/{people['ana']}/relationships",
                       data=link(token, people["ben"], "Ben Okafor")).status_code == 403
    assert client.post(f"/stakeholders/{people['ana']}/affiliations",
                       data=affiliate(token, people["honda"], "Honda")).status_code == 403
    assert rows(app, district, Relationship) == [] and rows(app, district, Affiliation) == []
    for card in ("relationships", "affiliations"):
        assert client.get(f"/stakeholders/{people['ana']}/{card}/new").status_code == 403
    page = client.get(f"/stakeholders/{people['ana']}").text
    assert "Add a relationship" not in page and "Add an organisation" not in page
