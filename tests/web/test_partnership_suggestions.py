"""Suggested partners: matching organisations ranked and explained, with the warmest
introduction path, filtered by pathway, paged, and "Open a prospect partnership"."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Affiliation,
    Partnership,
    PartnershipStageChange,
    Pathway,
    Relationship,
    Stakeholder,
)
from app.services import partner_matching
from app.services import stakeholders as svc

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def _fresh_cache():
    partner_matching.clear_cache()
    yield
    partner_matching.clear_cache()


def _add(name, kind="organisation", engagement="neutral", group="business", tags=(), **kw):
    s = Stakeholder(name=name, kind=kind, group=group, **kw)
    svc.rate(db.session, s, svc.Ratings(3, 3, engagement, "supportive", False, True, False),
             by_user_id=None)
    if tags:
        svc.set_labels(db.session, s, tags=list(tags))
    db.session.flush()
    return s


def _tie(a, b, type_="colleague", strength=3):
    db.session.add(Relationship(source_id=min(a.id, b.id), target_id=max(a.id, b.id),
                                type=type_, strength=strength))


@pytest.fixture
def town(app, district, in_district) -> dict:
    with app.app_context(), in_district(district):
        health = Pathway(name="Health sciences", keywords="nursing, clinical",
                         sectors="Health care")
        making = Pathway(name="Advanced manufacturing", keywords="welding, machining",
                         sectors="Manufacturing")
        db.session.add_all([health, making])
        mercy = _add("Mercy Hospital", sector="Hospital & health care",
                     tags=["nursing", "clinical"], notes="Runs a CNA programme")
        acme = _add("Acme Welding", sector="Manufacturing", notes="Machining and welding shop")
        _add("Start Party Co", sector="Events", notes="We start every party with art")
        active = _add("Already Active Clinic", sector="Health care", tags=["nursing"])
        db.session.add(Partnership(organisation_id=active.id, title="Running", stage="active"))
        # Warm path: Dana (district staff) -> colleague Pat -> Pat works at Mercy (affiliation)
        dana = _add("Dana Staff", kind="person", group="district_staff")
        pat = _add("Pat Manager", kind="person", group="health")
        db.session.add(Affiliation(person_id=pat.id, organisation_id=mercy.id,
                                   title="Nurse manager"))
        _tie(dana, pat, "alumni", 3)
        db.session.commit()
        return {"health": health.id, "making": making.id, "mercy": mercy.id, "acme": acme.id,
                "active": active.id}


def test_suggestions_are_ranked_and_explained(client, login_as, town):
    login_as("viewer")
    page = client.get("/partnerships/suggestions")
    assert page.status_code == 200
    text = page.text
    assert text.index("Mercy Hospital") < text.index("Acme Welding")
    assert ("Sector ‘Hospital &amp; health care’ matches Health sciences (Health care); "
            "tags: clinical, nursing") in text
    assert "Sector ‘Manufacturing’ matches Advanced manufacturing" in text
    assert "Already Active Clinic" not in text  # in the pipeline already
    assert "Start Party Co" not in text  # 'art' inside 'start'/'party' is not a match
    assert "Open a prospect partnership" not in text  # viewers cannot open one


def test_filter_by_pathway(client, login_as, town):
    login_as("editor")
    page = client.get(f"/partnerships/suggestions?pathway={town['making']}")
    assert "Acme Welding" in page.text and "Mercy Hospital" not in page.text
    unknown = client.get("/partnerships/suggestions?pathway=99999")
    assert unknown.status_code == 200 and "Mercy Hospital" in unknown.text


def test_best_introduction_path_is_shown_with_relationship_names(client, login_as, town):
    login_as("editor")
    page = client.get("/partnerships/suggestions")
    card = page.text.split(f'id="suggestion-{town["mercy"]}"')[1].split("</li>\n  \n")[0]
    assert "Warm introduction" in card and "to Pat Manager, Nurse manager" in card
    assert "Dana Staff" in card and "Alumni, strong tie" in card


def test_opening_a_prospect_creates_it_with_history_and_drops_it_from_suggestions(
        app, client, auth, login_as, district, in_district, town):
    user_id = login_as("editor")
    response = client.post(f"/partnerships/suggestions/{town['mercy']}/open",
                           data={"csrf_token": auth.csrf(), "pathway_id": town["health"]})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Opened a prospect partnership with Mercy Hospital" in page.text
    assert "Health sciences partnership" in page.text
    with app.app_context(), in_district(district):
        p = db.session.scalar(sa.select(Partnership)
                              .where(Partnership.organisation_id == town["mercy"]))
        assert (p.stage, p.pathway_id) == ("prospect", town["health"])
        change = db.session.scalars(sa.select(PartnershipStageChange)).one()
        assert (change.to_stage, change.changed_by_id) == ("prospect", user_id)
    assert "Mercy Hospital" not in client.get("/partnerships/suggestions").text
    again = client.post(f"/partnerships/suggestions/{town['mercy']}/open",
                        data={"csrf_token": auth.csrf()})
    assert again.headers["Location"] == f"/partnerships/{p.id}"


def test_a_person_cannot_be_opened_as_a_prospect(app, client, auth, login_as, district,
                                                 in_district, town):
    login_as("editor")
    with app.app_context(), in_district(district):
        person = db.session.scalar(sa.select(Stakeholder.id)
                                   .where(Stakeholder.name == "Pat Manager"))
    response = client.post(f"/partnerships/suggestions/{person}/open",
                           data={"csrf_token": auth.csrf()}, follow_redirects=True)
    assert "Pat Manager is a person, not an organisation" in response.text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(Partnership.id))) == 1


def test_viewer_cannot_open_and_other_district_is_404(app, client, auth, login_as,
                                                      other_district, in_district, town):
    login_as("viewer")
    assert client.post(f"/partnerships/suggestions/{town['acme']}/open",
                       data={"csrf_token": auth.csrf()}).status_code == 403
    client.post("/logout", data={"csrf_token": auth.csrf()})
    login_as("editor")
    with app.app_context(), in_district(other_district):
        other = _add("Foreign Welding", sector="Manufacturing").id
        db.session.commit()
    assert client.post(f"/partnerships/suggestions/{other}/open",
                       data={"csrf_token": auth.csrf()}).status_code == 404
    assert "Foreign Welding" not in client.get("/partnerships/suggestions").text


def test_no_pathways_says_to_record_them(client, login_as):
    login_as("editor")
    page = client.get("/partnerships/suggestions")
    assert "No pathways yet" in page.text and "/partnerships/pathways" in page.text


def test_suggestions_page_through_matches(app, client, login_as, district, in_district, town):
    login_as("viewer")
    with app.app_context(), in_district(district):
        for i in range(30):
            _add(f"Weld Shop {i:02d}", notes="welding")
        db.session.commit()
    first = client.get(f"/partnerships/suggestions?pathway={town['making']}")
    assert "31 organisations match." in first.text and "Page 1 of 2" in first.text
    second = client.get(f"/partnerships/suggestions?pathway={town['making']}&page=2")
    assert second.text.count('class="card suggestion"') == 6


def test_an_edit_refreshes_the_cached_matches(app, client, login_as, district, in_district,
                                              town):
    login_as("editor")
    assert "Lab Partners" not in client.get("/partnerships/suggestions").text
    with app.app_context(), in_district(district):
        _add("Lab Partners", notes="clinical research")
        db.session.commit()
    assert "Lab Partners" in client.get("/partnerships/suggestions").text


def test_xss_named_organisation_is_inert_in_suggestions(app, client, login_as, district,
                                                        in_district, town):
    login_as("editor")
    with app.app_context(), in_district(district):
        _add(XSS, sector="Manufacturing", tags=[XSS + " welding"])
        db.session.commit()
    page = client.get("/partnerships/suggestions")
    assert XSS not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
