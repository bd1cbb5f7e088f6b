"""Who can own an outreach list or member: only editors and admins are offered (viewers
can change nothing); a viewer who already owns one stays shown, marked, and saving the
form unchanged keeps them."""

import re
from html import unescape

import sqlalchemy as sa

from app.extensions import db
from app.models import OutreachList, OutreachMember, Stakeholder, User
from app.services import outreach as outreach_svc
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/outreach/").text).group(1)


def _owner_options(html: str) -> dict[str, str]:
    """{value: label} of the owner select on a page or fragment."""
    select = re.search(r'<select[^>]*name="owner_id".*?</select>', html, re.S).group(0)
    return {value: unescape(text) for value, text in
            re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)}


def _people(make_user, district) -> dict[str, int]:
    return {"viewer": make_user("vera@example.org", "viewer", district, name="Vera Viewer"),
            "admin": make_user("ada@example.org", "admin", district, name="Ada Admin")}


def _list_owned_by(app, district, in_district, owner_id: int) -> tuple[int, int]:
    """A list and its one member, both owned by `owner_id`: (list id, member id)."""
    with app.app_context(), in_district(district):
        s = Stakeholder(name="Ann Lee", kind="person", group="parent")
        svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "leading", False, True, False),
                 by_user_id=None)
        lst, _ = outreach_svc.create_list(db.session, name="Spring", owner_id=owner_id)
        outreach_svc.add_members(db.session, lst, [s.id])
        member = db.session.scalar(sa.select(OutreachMember))
        member.owner_id = owner_id
        db.session.commit()
        return lst.id, member.id


def test_only_editors_and_admins_are_offered_as_owners(
        client, login_as, make_user, app, district, in_district):
    me = login_as("editor")
    people = _people(make_user, district)
    options = _owner_options(client.get("/outreach/new").text)
    assert set(options) == {"", str(me), str(people["admin"])}
    assert "Vera Viewer" not in options.values()

    list_id, member_id = _list_owned_by(app, district, in_district, me)
    member_options = _owner_options(client.get(f"/outreach/members/{member_id}/edit",
                                               headers=HX).text)
    assert str(people["viewer"]) not in member_options
    refused = client.post("/outreach/new", data={
        "name": "Autumn", "owner_id": str(people["viewer"]), "csrf_token": _csrf(client)})
    assert refused.status_code == 422
    assert "who can edit (an editor or admin)" in unescape(refused.text)
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(OutreachList.id))) == 1


def test_a_viewer_who_owns_a_list_stays_shown_marked_and_is_kept_on_save(
        client, login_as, make_user, app, district, in_district):
    login_as("editor")
    viewer = _people(make_user, district)["viewer"]
    list_id, member_id = _list_owned_by(app, district, in_district, viewer)
    token = _csrf(client)

    edit = client.get(f"/outreach/{list_id}/edit").text
    assert _owner_options(edit)[str(viewer)] == "Vera Viewer (viewer: cannot edit)"
    assert re.search(rf'<option[^>]*selected[^>]*value="{viewer}"|'
                     rf'<option[^>]*value="{viewer}"[^>]*selected', edit)
    saved = client.post(f"/outreach/{list_id}/edit", data={
        "name": "Spring renamed", "owner_id": str(viewer), "csrf_token": token})
    assert saved.status_code == 302

    row = client.get(f"/outreach/members/{member_id}/edit", headers=HX).text
    assert _owner_options(row)[str(viewer)] == "Vera Viewer (viewer: cannot edit)"
    kept = client.post(f"/outreach/members/{member_id}", headers={**HX, "X-CSRFToken": token},
                       data={"owner_id": str(viewer), "next_step": "Call"})
    assert kept.status_code == 200
    with app.app_context(), in_district(district):
        assert db.session.get(OutreachList, list_id).owner_id == viewer
        assert db.session.get(OutreachMember, member_id).owner_id == viewer


def test_an_owner_no_longer_active_stays_shown_marked(
        client, login_as, make_user, app, district, in_district):
    login_as("editor")
    admin = _people(make_user, district)["admin"]
    list_id, _ = _list_owned_by(app, district, in_district, admin)
    with app.app_context():
        db.session.get(User, admin).is_enabled = False
        db.session.commit()
    options = _owner_options(client.get(f"/outreach/{list_id}/edit").text)
    assert options[str(admin)] == "Ada Admin (no longer active in this district)"
