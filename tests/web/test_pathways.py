"""The district's pathways and focus areas: list, add (terms normalised), edit, delete."""

import sqlalchemy as sa

from app.extensions import db
from app.models import Partnership, Pathway, Stakeholder

XSS = "<img src=x onerror=alert(1)>"


def _pathway(app, district, in_district, **kw) -> int:
    with app.app_context(), in_district(district):
        p = Pathway(**{"name": "Health sciences", "keywords": "nursing", **kw})
        db.session.add(p)
        db.session.commit()
        return p.id


def test_empty_pathways_page_says_what_to_record(client, login_as):
    login_as("editor")
    page = client.get("/partnerships/pathways")
    assert "No pathways yet" in page.text and "Add a pathway or focus area" in page.text


def test_adding_a_pathway_normalises_keywords_and_sectors(app, client, auth, login_as, district,
                                                          in_district):
    login_as("editor")
    response = client.post("/partnerships/pathways", data={
        "csrf_token": auth.csrf(), "name": "  Health   sciences ", "kind": "pathway",
        "description": "Nursing and allied health", "keywords": " nursing ,Clinical,,NURSING ",
        "sectors": "Hospital & health care,  medical practice"})
    assert response.status_code == 302
    page = client.get("/partnerships/pathways")
    assert "Added “Health sciences”" in page.text
    with app.app_context(), in_district(district):
        p = db.session.scalars(sa.select(Pathway)).one()
        assert (p.name, p.keywords, p.sectors) == (
            "Health sciences", "nursing, Clinical", "Hospital & health care, medical practice")


def test_a_duplicate_or_empty_name_is_refused(app, client, auth, login_as, district,
                                              in_district):
    login_as("editor")
    _pathway(app, district, in_district)
    token = auth.csrf()
    dup = client.post("/partnerships/pathways", data={"csrf_token": token,
                                                      "name": "health SCIENCES", "kind": "pathway"})
    assert dup.status_code == 422 and "already a pathway called" in dup.text
    empty = client.post("/partnerships/pathways", data={"csrf_token": token, "name": " ",
                                                        "kind": "portrait"})
    assert empty.status_code == 422 and "Give the pathway a name." in empty.text


def test_editing_a_pathway(app, client, auth, login_as, district, in_district):
    login_as("editor")
    pid = _pathway(app, district, in_district)
    form = client.get(f"/partnerships/pathways/{pid}")
    assert 'value="Health sciences"' in form.text
    response = client.post(f"/partnerships/pathways/{pid}", data={
        "csrf_token": auth.csrf(), "name": "Health sciences", "kind": "portrait",
        "keywords": "nursing, patient care", "sectors": ""})
    assert response.status_code == 302
    with app.app_context(), in_district(district):
        p = db.session.get(Pathway, pid)
        assert (p.kind, p.keywords) == ("portrait", "nursing, patient care")


def test_deleting_a_pathway_keeps_its_partnerships(app, client, auth, login_as, district,
                                                   in_district):
    login_as("editor")
    pid = _pathway(app, district, in_district)
    with app.app_context(), in_district(district):
        org = Stakeholder(name="Mercy", name_key="mercy", kind="organisation")
        db.session.add(org)
        db.session.flush()
        partnership = Partnership(organisation_id=org.id, title="Placements", pathway_id=pid)
        db.session.add(partnership)
        db.session.commit()
        partnership_id = partnership.id
    page = client.get("/partnerships/pathways")
    assert 'data-confirm="Delete Health sciences?' in page.text
    response = client.post(f"/partnerships/pathways/{pid}/delete",
                           data={"csrf_token": auth.csrf()})
    assert response.status_code == 302
    with app.app_context(), in_district(district):
        assert db.session.get(Pathway, pid) is None
        assert db.session.get(Partnership, partnership_id).pathway_id is None


def test_viewer_sees_pathways_but_cannot_change_them(app, client, auth, login_as, district,
                                                     in_district):
    login_as("viewer")
    pid = _pathway(app, district, in_district)
    page = client.get("/partnerships/pathways")
    assert "Health sciences" in page.text and "Add a pathway" not in page.text
    token = auth.csrf()
    assert client.post("/partnerships/pathways", data={"csrf_token": token, "name": "X",
                                                       "kind": "pathway"}).status_code == 403
    assert client.post(f"/partnerships/pathways/{pid}/delete",
                       data={"csrf_token": token}).status_code == 403
    assert client.get(f"/partnerships/pathways/{pid}").status_code == 403


def test_another_districts_pathway_is_404(app, client, auth, login_as, other_district,
                                          in_district):
    login_as("editor")
    pid = _pathway(app, other_district, in_district)
    assert client.get(f"/partnerships/pathways/{pid}").status_code == 404
    assert client.post(f"/partnerships/pathways/{pid}/delete",
                       data={"csrf_token": auth.csrf()}).status_code == 404
    assert "Health sciences" not in client.get("/partnerships/pathways").text


def test_xss_pathway_name_is_inert(app, client, login_as, district, in_district):
    login_as("editor")
    _pathway(app, district, in_district, name=XSS, keywords=XSS)
    page = client.get("/partnerships/pathways")
    assert XSS not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
