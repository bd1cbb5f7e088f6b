"""A partnership's record: new (with prefill), validation, detail, edit with a stale
version, delete, commitments and partner contacts."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Affiliation,
    Commitment,
    Partnership,
    PartnershipStageChange,
    Pathway,
    Stakeholder,
)

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


def _stakeholder(name: str, kind: str = "organisation", **kw) -> Stakeholder:
    s = Stakeholder(name=name, name_key=name.lower(), kind=kind, **kw)
    db.session.add(s)
    db.session.flush()
    return s


@pytest.fixture
def town(app, district, in_district) -> dict:
    with app.app_context(), in_district(district):
        org = _stakeholder("Mercy Hospital", sector="Hospital & health care")
        nora = _stakeholder("Nora Nurse", "person")
        db.session.add(Affiliation(person_id=nora.id, organisation_id=org.id,
                                   title="Nurse educator"))
        pathway = Pathway(name="Health sciences", keywords="nursing")
        db.session.add(pathway)
        p = Partnership(organisation_id=org.id, title="Clinical placements")
        db.session.add(p)
        db.session.commit()
        return {"org": org.id, "nora": nora.id, "pathway": pathway.id, "p": p.id}


def _form(town, token, **overrides) -> dict:
    data = {"csrf_token": token, "other_name": "Mercy Hospital", "other_id": town["org"],
            "title": "Summer internships", "type": "work_based_learning", "stage": "exploring",
            "pathway_id": str(town["pathway"]), "lead_id": "", "start_on": "2026-06-01",
            "end_on": "2026-08-31", "notes": "Ask about badges"}
    data.update(overrides)
    return data


def test_new_form_prefills_the_organisation(client, login_as, town):
    login_as("editor")
    page = client.get(f"/partnerships/new?organisation_id={town['org']}")
    assert page.status_code == 200
    assert 'value="Mercy Hospital"' in page.text and f'value="{town["org"]}"' in page.text
    assert "/stakeholders/search?kind=organisation" in page.text


def test_new_form_refuses_a_prefilled_person(client, login_as, town):
    login_as("editor")
    page = client.get(f"/partnerships/new?organisation_id={town['nora']}")
    assert "Nora Nurse is a person, not an organisation" in page.text


def test_creating_a_partnership_records_its_first_stage(app, client, auth, login_as, district,
                                                        in_district, town):
    user_id = login_as("editor")
    response = client.post("/partnerships/new", data=_form(town, auth.csrf(),
                                                           lead_id=str(user_id)))
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Summer internships" in page.text and "Started in Exploring" in page.text
    assert "Health sciences" in page.text and "Ask about badges" in page.text
    with app.app_context(), in_district(district):
        p = db.session.scalar(sa.select(Partnership).where(Partnership.title ==
                                                           "Summer internships"))
        assert (p.stage, p.lead_id, p.pathway_id) == ("exploring", user_id, town["pathway"])
        change = db.session.scalars(sa.select(PartnershipStageChange)
                                    .where(PartnershipStageChange.partnership_id == p.id)).one()
        assert (change.from_stage, change.to_stage) == ("", "exploring")


def test_organisation_can_be_typed_by_name_without_javascript(client, auth, login_as, town):
    login_as("editor")
    response = client.post("/partnerships/new", data=_form(town, auth.csrf(), other_id="",
                                                           other_name="mercy hospital"))
    assert response.status_code == 302


def test_a_person_is_refused_as_the_organisation(app, client, auth, login_as, district,
                                                 in_district, town):
    login_as("editor")
    response = client.post("/partnerships/new", data=_form(town, auth.csrf(),
                                                           other_id=town["nora"]))
    assert response.status_code == 422
    assert "Nora Nurse is a person, not an organisation" in response.text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(Partnership.id))) == 1


def test_end_date_before_start_is_refused(client, auth, login_as, town):
    login_as("editor")
    response = client.post("/partnerships/new", data=_form(town, auth.csrf(),
                                                           end_on="2026-05-01"))
    assert response.status_code == 422
    assert "The end date cannot be before the start date." in response.text


def test_unknown_organisation_name_says_so(client, auth, login_as, town):
    login_as("editor")
    response = client.post("/partnerships/new", data=_form(town, auth.csrf(), other_id="",
                                                           other_name="Nowhere Ltd"))
    assert response.status_code == 422 and "called “Nowhere Ltd”" in response.text


def test_another_districts_organisation_cannot_be_chosen(app, client, auth, login_as,
                                                         other_district, in_district, town):
    login_as("editor")
    with app.app_context(), in_district(other_district):
        other = _stakeholder("Foreign Org").id
        db.session.commit()
    response = client.post("/partnerships/new", data=_form(town, auth.csrf(), other_id=other))
    assert response.status_code == 422


def test_edit_saves_and_a_stale_version_gets_409_keeping_the_other_save(
        app, client, auth, login_as, district, in_district, town):
    login_as("editor")
    form = client.get(f"/partnerships/{town['p']}/edit")
    assert 'value="Clinical placements"' in form.text
    with app.app_context(), in_district(district):
        version = db.session.get(Partnership, town["p"]).version
        db.session.get(Partnership, town["p"]).title = "Renamed by a colleague"
        db.session.commit()
    stale = client.post(f"/partnerships/{town['p']}/edit",
                        data=_form(town, auth.csrf(), stage="prospect", title="Mine",
                                   version=version))
    assert stale.status_code == 409
    assert "Someone else saved this partnership" in stale.text
    assert 'value="Mine"' in stale.text  # the user's input is kept
    with app.app_context(), in_district(district):
        assert db.session.get(Partnership, town["p"]).title == "Renamed by a colleague"
        current = db.session.get(Partnership, town["p"]).version
    assert f'name="version" type="hidden" value="{current}"' in stale.text
    saved = client.post(f"/partnerships/{town['p']}/edit",
                        data=_form(town, auth.csrf(), stage="active", title="Mine",
                                   version=current))
    assert saved.status_code == 302
    with app.app_context(), in_district(district):
        p = db.session.get(Partnership, town["p"])
        assert (p.title, p.stage) == ("Mine", "active")
        assert db.session.scalar(sa.select(PartnershipStageChange.to_stage)) == "active"


def test_delete_asks_first_and_removes_it(app, client, auth, login_as, district, in_district,
                                          town):
    login_as("editor")
    page = client.get(f"/partnerships/{town['p']}")
    assert 'data-confirm="Delete this partnership' in page.text
    response = client.post(f"/partnerships/{town['p']}/delete", data={"csrf_token": auth.csrf()})
    assert response.status_code == 302
    assert "Clinical placements was deleted." in client.get("/partnerships/").text
    with app.app_context(), in_district(district):
        assert db.session.get(Partnership, town["p"]) is None


def test_commitments_are_added_and_removed_with_htmx(app, client, auth, login_as, district,
                                                     in_district, town):
    login_as("editor")
    token = auth.csrf()
    added = client.post(f"/partnerships/{town['p']}/commitments", headers=HX,
                        data={"csrf_token": token, "commitment-quantity": "20",
                              "commitment-description": "internship places"})
    assert added.status_code == 200
    assert added.text.lstrip().startswith('{#') is False
    assert '<section class="card" id="commitments"' in added.text
    assert "Added “20 internship places”." in added.text
    bad = client.post(f"/partnerships/{town['p']}/commitments", headers=HX,
                      data={"csrf_token": token, "commitment-quantity": "-3",
                            "commitment-description": ""})
    assert bad.status_code == 422 and "Say what is committed." in bad.text
    with app.app_context(), in_district(district):
        cid = db.session.scalar(sa.select(Commitment.id))
    removed = client.post(f"/partnerships/commitments/{cid}/delete", headers=HX,
                          data={"csrf_token": token})
    assert removed.status_code == 200 and "Commitment removed." in removed.text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(Commitment.id))) == 0


def test_commitment_without_javascript_redirects_to_the_record(client, auth, login_as, town):
    login_as("editor")
    response = client.post(f"/partnerships/{town['p']}/commitments",
                           data={"csrf_token": auth.csrf(), "commitment-quantity": "2",
                                 "commitment-description": "mentors"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#commitments")
    assert "2 mentors" in client.get(f"/partnerships/{town['p']}").text


def test_contacts_suggest_affiliated_people_and_refuse_organisations(
        app, client, auth, login_as, district, in_district, town):
    login_as("editor")
    page = client.get(f"/partnerships/{town['p']}")
    assert "People at Mercy Hospital" in page.text and "Nurse educator" in page.text
    token = auth.csrf()
    added = client.post(f"/partnerships/{town['p']}/contacts", headers=HX,
                        data={"csrf_token": token, "contact-other_id": town["nora"]})
    assert added.status_code == 200 and "Nora Nurse is now a contact." in added.text
    org = client.post(f"/partnerships/{town['p']}/contacts", headers=HX,
                      data={"csrf_token": token, "contact-other_id": town["org"]})
    assert org.status_code == 422 and "is an organisation; choose a person" in org.text
    removed = client.post(f"/partnerships/{town['p']}/contacts/{town['nora']}/delete",
                          headers=HX, data={"csrf_token": token})
    assert removed.status_code == 200 and "no longer a contact" in removed.text


def test_viewer_sees_the_record_but_cannot_change_it(client, auth, login_as, town):
    login_as("viewer")
    page = client.get(f"/partnerships/{town['p']}")
    assert page.status_code == 200 and "Clinical placements" in page.text
    assert "Add commitment" not in page.text and "Delete" not in page.text
    assert client.get("/partnerships/new").status_code == 403
    token = auth.csrf()
    for url in (f"/partnerships/{town['p']}/commitments", f"/partnerships/{town['p']}/delete",
                f"/partnerships/{town['p']}/edit", "/partnerships/new"):
        assert client.post(url, data={"csrf_token": token}).status_code == 403


def test_xss_named_organisation_is_inert_on_the_record(app, client, login_as, district,
                                                       in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        org = _stakeholder(XSS)
        p = Partnership(organisation_id=org.id, title=XSS, notes=XSS)
        db.session.add(p)
        db.session.commit()
        pid = p.id
    page = client.get(f"/partnerships/{pid}")
    assert XSS not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text


def _stage_select(page_text: str) -> str:
    return re.search(r'<select[^>]*name="stage"[^>]*>(.*?)</select>', page_text, re.S).group(1)


def test_the_stage_picker_preselects_no_move(app, client, auth, login_as, district,
                                             in_district, town):
    with app.app_context(), in_district(district):
        p = db.session.get(Partnership, town["p"])
        p.stage = "active"
        db.session.commit()
    login_as("editor")
    options = re.findall(r"<option([^>]*)>([^<]*)</option>",
                         _stage_select(client.get(f"/partnerships/{town['p']}").text))
    assert options[0][1] == "Choose a stage", "the first choice is the placeholder"
    assert not any("selected" in attrs for attrs, label in options if label != "Choose a stage")
    board = client.get("/partnerships/").text
    assert _stage_select(board).lstrip().startswith('<option value="">Choose a stage</option>')
    empty = client.post(f"/partnerships/{town['p']}/stage", data={
        "csrf_token": auth.csrf(), "stage": "", "version": _version(app, district, in_district,
                                                                    town["p"])})
    assert empty.status_code == 422
    assert "Choose the stage to move this partnership to." in empty.text
    assert "Not a valid choice" not in empty.text
    with app.app_context(), in_district(district):
        assert db.session.get(Partnership, town["p"]).stage == "active"


def _version(app, district, in_district, pid: int) -> int:
    with app.app_context(), in_district(district):
        return db.session.get(Partnership, pid).version


def test_a_commitment_of_zero_is_refused_with_a_clear_message(app, client, auth, login_as,
                                                              district, in_district, town):
    login_as("editor")
    response = client.post(f"/partnerships/{town['p']}/commitments", headers=HX,
                           data={"csrf_token": auth.csrf(), "commitment-quantity": "0",
                                 "commitment-description": "x"})
    assert response.status_code == 422
    assert "Enter how many, from 1 to 1,000,000, or leave it blank." in response.text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(Commitment.id))) == 0
