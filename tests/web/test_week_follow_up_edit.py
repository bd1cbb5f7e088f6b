"""Changing a follow-up: its description, due date and owner, from My week or an
interaction's page; validation, roles, CSRF and districts."""

import re
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, FollowUp, Interaction, Stakeholder


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/week/").text).group(1)


def _follow_up(app, district, in_district, owner_id, due_on=None, interaction=False) -> int:
    with app.app_context(), in_district(district):
        s = Stakeholder(name="Maria Lopez", name_key="maria lopez")
        db.session.add(s)
        db.session.flush()
        i = None
        if interaction:
            i = Interaction(kind="meeting", occurred_on=date(2026, 11, 2), title="PTA meeting")
            db.session.add(i)
            db.session.flush()
        f = FollowUp(description="Send the FAQ", owner_id=owner_id, stakeholder_id=s.id,
                     due_on=due_on or datetime.now(UTC).date() + timedelta(days=3),
                     interaction_id=i.id if i else None)
        db.session.add(f)
        db.session.commit()
        return f.id


def _saved(app, district, in_district, fid):
    with app.app_context(), in_district(district):
        f = db.session.get(FollowUp, fid)
        return f.description, f.due_on, f.owner_id


def test_my_week_offers_edit_and_the_form_comes_back_to_the_week(
        app, client, district, in_district, login_as, make_user):
    me = login_as("editor")
    colleague = make_user("sam@example.org", "editor", district, name="Sam Okafor")
    fid = _follow_up(app, district, in_district, me)
    week = client.get("/week/").text
    link = re.search(rf'href="(/week/follow-ups/{fid}/edit\?next=[^"]+)"', week).group(1)
    form = client.get(link.replace("&amp;", "&")).text
    assert 'value="Send the FAQ"' in form and "autofocus" in form
    assert f'<option selected value="{me}">' in form
    assert 'name="next" type="hidden" value="/week/"' in form

    new_due = datetime.now(UTC).date() + timedelta(days=10)
    response = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Send the transcript FAQ",
        "due_on": new_due.isoformat(), "owner_id": colleague, "next": "/week/"})
    assert response.status_code == 302 and response.headers["Location"] == "/week/"
    assert _saved(app, district, in_district, fid) == ("Send the transcript FAQ", new_due,
                                                       colleague)
    page = client.get("/week/").text
    assert "Saved “Send the transcript FAQ”." in page
    with app.app_context(), in_district(district):
        event = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.record_type == "FollowUp", AuditEvent.action == "update")).one()
    assert set(event.changes) == {"description", "due_on", "owner_id"}


def test_the_interactions_page_links_to_edit_and_back(app, client, district, in_district,
                                                      login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me, interaction=True)
    with app.app_context(), in_district(district):
        iid = db.session.get(FollowUp, fid).interaction_id
    page = client.get(f"/engagement/{iid}").text
    link = re.search(rf'href="(/week/follow-ups/{fid}/edit\?next=[^"]+)"', page).group(1)
    form = client.get(link.replace("&amp;", "&")).text
    assert f'value="/engagement/{iid}#follow-ups"' in form


def test_bad_input_is_refused_with_reasons_and_nothing_typed_is_lost(
        app, client, district, in_district, login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me)
    before = _saved(app, district, in_district, fid)
    response = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "  ", "due_on": "31/02/2026",
        "owner_id": "0"})
    assert response.status_code == 200
    for message in ("Say what the follow-up is.", "Not a valid date value.",
                    "Choose who owns the follow-up."):
        assert message in response.text
    assert 'value="31/02/2026"' in response.text
    assert _saved(app, district, in_district, fid) == before

    old_year = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Send it", "due_on": "0202-01-05",
        "owner_id": me}).text
    assert "Check the year" in old_year
    stranger = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Send it", "due_on": "2026-12-20",
        "owner_id": "999999"}).text
    assert "Choose an owner from the list" in stranger
    assert _saved(app, district, in_district, fid) == before


def test_a_due_date_in_the_past_is_saved_with_a_warning(app, client, district, in_district,
                                                        login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me)
    past = datetime.now(UTC).date() - timedelta(days=4)
    client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Send the FAQ",
        "due_on": past.isoformat(), "owner_id": me, "next": "/week/"})
    assert _saved(app, district, in_district, fid)[1] == past
    assert "already past, so it shows as overdue" in client.get("/week/").text


def test_viewers_cannot_open_or_post_the_form(app, client, district, in_district, login_as):
    me = login_as("viewer")
    fid = _follow_up(app, district, in_district, me)
    assert f"/week/follow-ups/{fid}/edit" not in client.get("/week/").text
    assert client.get(f"/week/follow-ups/{fid}/edit").status_code == 403
    response = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Changed", "due_on": "2026-12-20",
        "owner_id": me})
    assert response.status_code == 403
    assert _saved(app, district, in_district, fid)[0] == "Send the FAQ"


def test_without_csrf_nothing_changes(app, client, district, in_district, login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me)
    response = client.post(f"/week/follow-ups/{fid}/edit", data={
        "description": "Changed", "due_on": "2026-12-20", "owner_id": me})
    assert response.status_code == 400
    assert _saved(app, district, in_district, fid)[0] == "Send the FAQ"


def test_another_districts_follow_up_is_404(app, client, district, other_district,
                                            in_district, login_as):
    me = login_as("editor")
    fid = _follow_up(app, other_district, in_district, None)
    assert client.get(f"/week/follow-ups/{fid}/edit").status_code == 404
    response = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Changed", "due_on": "2026-12-20",
        "owner_id": me})
    assert response.status_code == 404
    assert _saved(app, other_district, in_district, fid)[0] == "Send the FAQ"


def test_an_off_site_next_is_ignored(app, client, district, in_district, login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me)
    response = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Send it", "due_on": "2026-12-20",
        "owner_id": me, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/week/"


def test_owners_offered_are_those_who_can_mark_it_done(
        app, client, district, in_district, login_as, make_user):
    me = login_as("editor")
    viewer = make_user("vi@example.org", "viewer", district, name="Vi Viewer")
    fid = _follow_up(app, district, in_district, me)
    form = client.get(f"/week/follow-ups/{fid}/edit").text
    assert "Vi Viewer" not in form, "a viewer could not mark it done"
    due = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    refused = client.post(f"/week/follow-ups/{fid}/edit", data={
        "csrf_token": _csrf(client), "description": "Send the FAQ", "due_on": due,
        "owner_id": viewer, "next": "/week/"})
    assert refused.status_code == 200
    assert "Choose an owner from the list: only editors and admins" in refused.text
    assert _saved(app, district, in_district, fid)[2] == me

    # An owner who has since become a viewer still shows, and other changes save.
    owned = _follow_up(app, district, in_district, viewer)
    form = client.get(f"/week/follow-ups/{owned}/edit").text
    assert f'<option selected value="{viewer}">Vi Viewer (viewer: cannot mark it done)' in form
    saved = client.post(f"/week/follow-ups/{owned}/edit", data={
        "csrf_token": _csrf(client), "description": "Send the FAQ again", "due_on": due,
        "owner_id": viewer, "next": "/week/"})
    assert saved.status_code == 302
    assert _saved(app, district, in_district, owned)[0] == "Send the FAQ again"
