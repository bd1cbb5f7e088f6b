"""A partnership's district lead is an editor or admin: viewers are not offered and a form
naming one is refused with a clear message; a lead who later became a viewer still shows
and is kept when the form is saved unchanged."""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Membership, Partnership, Stakeholder

VIEWER_REFUSED = ("Vic Viewer is a viewer in this district and cannot act on partnerships. "
                  "Choose an editor or admin as the lead.")


@pytest.fixture
def team(make_user, district, other_district) -> dict:
    return {"admin": make_user("ada@example.org", "admin", district, name="Ada Admin"),
            "editor": make_user("eve@example.org", "editor", district, name="Eve Editor"),
            "viewer": make_user("vic@example.org", "viewer", district, name="Vic Viewer"),
            "outsider": make_user("oz@example.org", "editor", other_district,
                                  name="Oz Outsider")}


@pytest.fixture
def mercy(app, district, in_district) -> dict:
    with app.app_context(), in_district(district):
        org = Stakeholder(name="Mercy Hospital", name_key="mercy hospital", kind="organisation")
        db.session.add(org)
        db.session.flush()
        p = Partnership(organisation_id=org.id, title="Clinical placements")
        db.session.add(p)
        db.session.commit()
        return {"org": org.id, "p": p.id}


def _lead_options(html: str) -> dict[str, str]:
    select = re.search(r'<select[^>]*name="lead_id"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {value: label for value, label in re.findall(
        r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)}


def _selected_lead(html: str) -> str:
    select = re.search(r'<select[^>]*name="lead_id"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option selected value="([^"]*)"', select).group(1)


def _form(mercy, token, **overrides) -> dict:
    """The partnership form's fields (pass `version` when editing)."""
    return {"csrf_token": token, "other_name": "Mercy Hospital", "other_id": mercy["org"],
            "title": "Clinical placements", "type": "work_based_learning",
            "stage": "prospect", "pathway_id": "", "lead_id": "", "start_on": "",
            "end_on": "", "notes": "", **overrides}


def _version(app, district, in_district, pid: int) -> int:
    with app.app_context(), in_district(district):
        return db.session.get(Partnership, pid).version


@pytest.fixture
def save(app, client, auth, district, in_district, mercy):
    """Save the edit form (based on the version saved now) with `overrides`."""

    def post(**overrides):
        version = _version(app, district, in_district, mercy["p"])
        return client.post(f"/partnerships/{mercy['p']}/edit",
                           data=_form(mercy, auth.csrf(), version=version, **overrides))

    return post


def _lead(app, district, in_district, pid: int) -> int | None:
    with app.app_context(), in_district(district):
        return db.session.get(Partnership, pid).lead_id


def test_only_editors_and_admins_are_offered_as_leads(client, login_as, team, mercy):
    me = login_as("editor")
    for url in ("/partnerships/new", f"/partnerships/{mercy['p']}/edit"):
        options = _lead_options(client.get(url).text)
        assert options[str(team["admin"])] == "Ada Admin"
        assert options[str(team["editor"])] == "Eve Editor"
        assert str(me) in options
        assert str(team["viewer"]) not in options, "a viewer cannot act on a partnership"
        assert str(team["outsider"]) not in options


def test_a_viewer_named_as_lead_is_refused_with_a_clear_message(
        app, client, auth, login_as, district, in_district, team, mercy, save):
    login_as("editor")
    new = client.post("/partnerships/new", data=_form(mercy, auth.csrf(),
                                                      lead_id=str(team["viewer"])))
    assert new.status_code == 422 and VIEWER_REFUSED in new.text
    edit = save(lead_id=str(team["viewer"]))
    assert edit.status_code == 422 and VIEWER_REFUSED in edit.text
    outsider = save(lead_id=str(team["outsider"]))
    assert outsider.status_code == 422
    assert "Choose the district lead from the list." in outsider.text
    assert _lead(app, district, in_district, mercy["p"]) is None
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(Partnership.id))) == 1
    editor = save(lead_id=str(team["editor"]))
    assert editor.status_code == 302
    assert _lead(app, district, in_district, mercy["p"]) == team["editor"]


def test_a_lead_who_became_a_viewer_still_shows_and_is_kept_unchanged(
        app, client, login_as, district, in_district, team, mercy, save):
    with app.app_context(), in_district(district):
        db.session.get(Partnership, mercy["p"]).lead_id = team["editor"]
        db.session.execute(sa.update(Membership).where(Membership.user_id == team["editor"])
                           .values(role="viewer"))
        db.session.commit()
    login_as("editor")
    assert "Eve Editor" in client.get(f"/partnerships/{mercy['p']}").text
    assert "Eve Editor" in client.get("/partnerships/").text
    form = client.get(f"/partnerships/{mercy['p']}/edit")
    assert form.status_code == 200
    assert _selected_lead(form.text) == str(team["editor"])
    assert _lead_options(form.text)[str(team["editor"])] == "Eve Editor (viewer: cannot act on it)"
    kept = save(lead_id=str(team["editor"]), notes="Kept")
    assert kept.status_code == 302
    assert _lead(app, district, in_district, mercy["p"]) == team["editor"]
    other_viewer = save(lead_id=str(team["viewer"]))
    assert other_viewer.status_code == 422 and VIEWER_REFUSED in other_viewer.text
