"""Marking a follow-up done (and undoing it): full page, htmx, roles, CSRF, districts."""

import re
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, FollowUp, Stakeholder

HX = {"HX-Request": "true"}


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/week/").text).group(1)


def _follow_up(app, district, in_district, owner_id, description="Send the FAQ") -> int:
    with app.app_context(), in_district(district):
        s = Stakeholder(name="Maria Lopez", name_key="maria lopez")
        db.session.add(s)
        db.session.flush()
        f = FollowUp(description=description, owner_id=owner_id, stakeholder_id=s.id,
                     due_on=datetime.now(UTC).date() - timedelta(days=2))
        db.session.add(f)
        db.session.commit()
        return f.id


def _state(app, district, in_district, follow_up_id):
    with app.app_context(), in_district(district):
        f = db.session.get(FollowUp, follow_up_id)
        return f.done_at, f.done_by_id


def test_done_marks_it_done_by_me_and_goes_back(app, client, district, in_district, login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me)
    response = client.post(f"/week/follow-ups/{fid}/done",
                           data={"csrf_token": _csrf(client), "next": "/week/?fu_page=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/week/?fu_page=1"
    done_at, done_by = _state(app, district, in_district, fid)
    assert done_at is not None and done_by == me
    page = client.get("/week/").text
    assert "Done: “Send the FAQ”." in page
    assert f'id="follow-up-{fid}"' not in page
    with app.app_context(), in_district(district):
        audit = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.record_type == "FollowUp", AuditEvent.action == "update")).all()
    assert audit and "done_at" in audit[-1].changes


def test_an_off_site_next_is_ignored(app, client, district, in_district, login_as):
    fid = _follow_up(app, district, in_district, login_as("editor"))
    response = client.post(f"/week/follow-ups/{fid}/done",
                           data={"csrf_token": _csrf(client), "next": "https://evil.example/"})
    assert response.headers["Location"] == "/week/"


def test_htmx_done_returns_the_row_and_refreshes_counts(app, client, district, in_district,
                                                        login_as):
    fid = _follow_up(app, district, in_district, login_as("editor"))
    token = _csrf(client)
    response = client.post(f"/week/follow-ups/{fid}/done",
                           data={"csrf_token": token, "next": "/week/"},
                           headers={**HX, "HX-Target": f"follow-up-{fid}"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li id="follow-up-{fid}" class="week-item is-done"')
    assert "Undo" in response.text and "Done: “Send the FAQ”." in response.text
    assert response.headers["HX-Trigger"] == "week-changed"
    again = client.post(f"/week/follow-ups/{fid}/done", data={"csrf_token": token},
                        headers={**HX, "HX-Target": f"follow-up-{fid}"})
    assert "was already done" in again.text
    undo = client.post(f"/week/follow-ups/{fid}/reopen", data={"csrf_token": token},
                       headers={**HX, "HX-Target": f"follow-up-{fid}"})
    assert "Open again" in undo.text and "is-done" not in undo.text
    assert _state(app, district, in_district, fid) == (None, None)
    assert f'id="follow-up-{fid}"' in client.get("/week/").text


def test_htmx_done_from_another_page_redirects_to_next(app, client, district, in_district,
                                                      login_as):
    fid = _follow_up(app, district, in_district, login_as("editor"))
    response = client.post(f"/week/follow-ups/{fid}/done",
                           data={"csrf_token": _csrf(client), "next": "/engagement/"},
                           headers={**HX, "HX-Target": "interaction-follow-ups"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/engagement/"


def test_an_editor_can_complete_a_colleagues_follow_up(app, client, district, in_district,
                                                       login_as, make_user):
    colleague = make_user("colleague@example.org", "editor", district)
    fid = _follow_up(app, district, in_district, colleague)
    me = login_as("editor")
    client.post(f"/week/follow-ups/{fid}/done", data={"csrf_token": _csrf(client)})
    assert _state(app, district, in_district, fid)[1] == me


def test_viewer_cannot_complete(app, client, district, in_district, login_as):
    fid = _follow_up(app, district, in_district, login_as("viewer"))
    response = client.post(f"/week/follow-ups/{fid}/done", data={"csrf_token": _csrf(client)})
    assert response.status_code == 403
    assert _state(app, district, in_district, fid) == (None, None)


def test_without_csrf_nothing_changes(app, client, district, in_district, login_as):
    fid = _follow_up(app, district, in_district, login_as("editor"))
    response = client.post(f"/week/follow-ups/{fid}/done", data={})
    assert response.status_code == 400
    assert _state(app, district, in_district, fid) == (None, None)


def test_another_districts_follow_up_is_404(app, client, district, other_district,
                                             in_district, login_as):
    login_as("editor")
    fid = _follow_up(app, other_district, in_district, None)
    token = _csrf(client)
    for action in ("done", "reopen"):
        response = client.post(f"/week/follow-ups/{fid}/{action}", data={"csrf_token": token})
        assert response.status_code == 404
    assert _state(app, other_district, in_district, fid) == (None, None)
    assert client.post("/week/follow-ups/999999/done",
                       data={"csrf_token": token}).status_code == 404


def test_due_date_is_unchanged_by_done_and_undo(app, client, district, in_district, login_as):
    fid = _follow_up(app, district, in_district, login_as("editor"))
    token = _csrf(client)
    client.post(f"/week/follow-ups/{fid}/done", data={"csrf_token": token})
    client.post(f"/week/follow-ups/{fid}/reopen", data={"csrf_token": token})
    with app.app_context(), in_district(district):
        due: date = db.session.get(FollowUp, fid).due_on
    assert due == datetime.now(UTC).date() - timedelta(days=2)


def _heading_count(html: str) -> tuple[str, str]:
    """The count next to the "Follow-ups" heading, and the tag that shows it."""
    found = re.search(r'<h2 id="week-follow-ups-title">Follow-ups (<span[^>]*>)([\d,]+)</span>',
                      html)
    return found.group(1), found.group(2)


def test_done_refreshes_the_count_next_to_the_follow_ups_heading(
        app, client, district, in_district, login_as):
    me = login_as("editor")
    fid = _follow_up(app, district, in_district, me)
    _follow_up(app, district, in_district, me, "Call the PTA chair")
    tag, count = _heading_count(client.get("/week/").text)
    assert count == "2"
    assert 'hx-trigger="week-changed from:body"' in tag, "listens for the change"
    done = client.post(f"/week/follow-ups/{fid}/done",
                       data={"csrf_token": _csrf(client), "next": "/week/"},
                       headers={**HX, "HX-Target": f"follow-up-{fid}"})
    assert done.headers["HX-Trigger"] == "week-changed"
    target = re.search(r'id="([^"]+)"', tag).group(1)
    refreshed = client.get("/week/", headers={**HX, "HX-Target": target})
    assert refreshed.text.lstrip().startswith(f'<span id="{target}"')
    assert re.search(r">1</span>\s*$", refreshed.text), "the heading now counts one"
    assert "HX-Push-Url" not in refreshed.headers
