"""Events with attendance, and the Engagement card (timeline) of a stakeholder's profile."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from app.extensions import db
from app.models import (
    FollowUp,
    Interaction,
    InteractionParticipant,
    OutreachList,
    OutreachMember,
    Stakeholder,
)
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"
TODAY = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def add_stakeholder(name: str) -> int:
    s = Stakeholder(name=name, group="parent")
    svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
    db.session.flush()
    return s.id


def csrf(client) -> str:
    page = client.get("/engagement/")
    return re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)


def make_event(app, district, in_district, names, day=date(2026, 3, 1), list_name=None):
    """An event (nobody invited) and stakeholders, optionally on an outreach list."""
    with app.app_context(), in_district(district):
        ids = [add_stakeholder(n) for n in names]
        event = Interaction(kind="community_meeting", title="Northwood meeting",
                            occurred_on=day, with_attendance=True)
        db.session.add(event)
        list_id = None
        if list_name:
            outreach = OutreachList(name=list_name)
            db.session.add(outreach)
            db.session.flush()
            db.session.add_all(OutreachMember(list_id=outreach.id, stakeholder_id=i)
                               for i in ids)
            list_id = outreach.id
        db.session.commit()
        return event.id, ids, list_id


def contact(app, district, in_district, sid):
    with app.app_context(), in_district(district):
        return db.session.get(Stakeholder, sid).last_contact_at


def test_invite_a_list_then_record_who_came(app, client, login_as, district, in_district):
    login_as("editor")
    event, (ana, ben, cy), list_id = make_event(app, district, in_district,
                                                ["Ana", "Ben", "Cy"], list_name="Parents")
    page = client.get(f"/engagement/{event}/attendance")
    assert page.status_code == 200 and "Nobody is invited yet" in page.text
    assert "Parents (3 members)" in page.text
    token = csrf(client)
    response = client.post(f"/engagement/{event}/invite-list",
                           data={"list_id": list_id, "csrf_token": token, "confirmed": "yes"})
    assert response.status_code == 302
    again = client.post(f"/engagement/{event}/invite-list",
                        data={"list_id": list_id, "csrf_token": token}, follow_redirects=True)
    assert "already invited" in again.text
    page = client.get(f"/engagement/{event}/attendance")
    assert re.search(r'stat-value">3</span> <span class="stat-label">invited', page.text)
    assert re.search(r'stat-value">0</span> <span class="stat-label">attended', page.text)
    assert contact(app, district, in_district, ana) is None  # invited is not contacted
    response = client.post(f"/engagement/{event}/attendance", data={
        "shown": [ana, ben, cy], "attended": [ana, ben], "csrf_token": token, "page": 1})
    assert response.status_code == 302
    page = client.get(f"/engagement/{event}/attendance")
    assert re.search(r'stat-value">2</span> <span class="stat-label">attended', page.text)
    assert contact(app, district, in_district, ana) == datetime(2026, 3, 1, tzinfo=UTC)
    assert contact(app, district, in_district, cy) is None
    counts = client.get(f"/engagement/{event}/attendance",
                        headers={**HX, "HX-Target": "attendance-counts"})
    assert counts.text.lstrip().startswith('<p id="attendance-counts"')
    # Un-marking Ben recomputes his last contact from what remains.
    client.post(f"/engagement/{event}/attendance", data={
        "shown": [ana, ben, cy], "attended": [ana], "csrf_token": token})
    assert contact(app, district, in_district, ben) is None
    assert contact(app, district, in_district, ana) is not None
    log = client.get("/engagement/")
    assert "1 of 3 invited came" in log.text


def test_invite_one_by_one_and_remove(app, client, login_as, district, in_district):
    login_as("editor")
    event, (ana, ben), _ = make_event(app, district, in_district, ["Ana", "Ben"])
    token = csrf(client)
    bad = client.post(f"/engagement/{event}/invitees", data={"csrf_token": token})
    assert bad.status_code == 422 and "Choose at least one person" in bad.text
    client.post(f"/engagement/{event}/invitees",
                data={"participant_ids": [ana, ben], "csrf_token": token})
    client.post(f"/engagement/{event}/attendance",
                data={"shown": [ana, ben], "attended": [ana], "csrf_token": token})
    response = client.post(f"/engagement/{event}/invitees/{ana}/remove",
                           data={"csrf_token": token})
    assert response.status_code == 302
    assert contact(app, district, in_district, ana) is None
    with app.app_context(), in_district(district):
        assert db.session.scalars(sa.select(InteractionParticipant.stakeholder_id)).all() == [ben]


def test_a_planned_event_takes_invitees_but_not_attendance(app, client, login_as, district,
                                                           in_district):
    login_as("editor")
    event, (ana,), _ = make_event(app, district, in_district, ["Ana"], day=date(2026, 4, 1))
    token = csrf(client)
    client.post(f"/engagement/{event}/invitees", data={"participant_ids": [ana],
                                                      "csrf_token": token})
    page = client.get(f"/engagement/{event}/attendance")
    assert "record who came on the day or after" in page.text
    response = client.post(f"/engagement/{event}/attendance",
                           data={"shown": [ana], "attended": [ana], "csrf_token": token})
    assert response.status_code == 422
    assert contact(app, district, in_district, ana) is None


def test_logging_a_focus_group_with_everyone_attending(app, client, login_as, district,
                                                       in_district):
    user_id = login_as("editor")
    with app.app_context(), in_district(district):
        ids = [add_stakeholder(n) for n in ("Ana", "Ben", "Cy")]
        db.session.commit()
    response = client.post("/engagement/new", data={
        "kind": "focus_group", "occurred_on": "2026-03-09", "title": "Grading focus group",
        "participant_ids": ids, "all_attended": "y", "csrf_token": csrf(client),
        "fu_description": "Share notes", "fu_due_on": "2026-03-16", "fu_owner_id": user_id,
        "fu_stakeholder_id": "0"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert re.search(r'stat-value">3</span> <span class="stat-label">attended', page.text)
    assert contact(app, district, in_district, ids[0]) == datetime(2026, 3, 9, tzinfo=UTC)
    # Planned ahead: a future event invites without counting anyone as contacted.
    response = client.post("/engagement/new", data={
        "kind": "event", "occurred_on": "2026-05-01", "participant_ids": ids[:1],
        "all_attended": "y", "csrf_token": csrf(client), "fu_owner_id": "0",
        "fu_stakeholder_id": "0"})
    assert response.headers["Location"].endswith("/attendance")
    assert contact(app, district, in_district, ids[0]) == datetime(2026, 3, 9, tzinfo=UTC)


def test_viewer_sees_attendance_but_cannot_change_it(app, client, login_as, district,
                                                     in_district):
    login_as("viewer")
    event, (ana,), list_id = make_event(app, district, in_district, ["Ana"], list_name="L")
    page = client.get(f"/engagement/{event}/attendance")
    assert page.status_code == 200 and "Invite everyone" not in page.text
    token = csrf(client)
    for url in (f"/engagement/{event}/attendance", f"/engagement/{event}/invite-list",
                f"/engagement/{event}/invitees", f"/engagement/{event}/invitees/{ana}/remove"):
        assert client.post(url, data={"csrf_token": token, "list_id": list_id}).status_code == 403


def test_attendance_of_a_meeting_is_not_found(app, client, login_as, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        meeting = Interaction(kind="meeting", occurred_on=date(2026, 3, 1))
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    assert client.get(f"/engagement/{meeting_id}/attendance").status_code == 404


def test_the_panel_shows_the_timeline_newest_first_and_pages(app, client, login_as, district,
                                                             in_district):
    user_id = login_as("editor")
    with app.app_context(), in_district(district):
        sid = add_stakeholder(XSS)
        start = date(2025, 9, 1)
        for n in range(45):
            day = start + timedelta(days=4 * n)  # up to 2026-02-24; 14 this term
            i = Interaction(kind="call", title=f"Call {n:02}", occurred_on=day)
            db.session.add(i)
            db.session.flush()
            db.session.add(InteractionParticipant(interaction_id=i.id, stakeholder_id=sid,
                                                  occurred_on=day))
        db.session.add(FollowUp(description="Send the FAQ", due_on=date(2026, 3, 1),
                                stakeholder_id=sid, owner_id=user_id))
        db.session.commit()
    panel = client.get(f"/engagement/panel/{sid}", headers={**HX,
                                                            "HX-Target": "engagement-panel"})
    assert panel.status_code == 200
    text = panel.text
    assert text.lstrip().startswith('<section id="engagement-panel"')
    assert XSS not in text
    assert text.index("Call 44") < text.index("Call 43") and "Call 24" not in text
    assert "Send the FAQ" in text and "Overdue" in text
    assert f"/engagement/new?stakeholder_id={sid}" in text
    assert re.search(r"This term \(spring 2026\)</span> <span class=\"stat-value\">14<", text)
    assert re.search(r"All time</span> <span class=\"stat-value\">45<", text)
    more = re.search(r'hx-get="([^"]+before[^"]+)"', text).group(1).replace("&amp;", "&")
    second = client.get(more, headers={**HX, "HX-Target": "timeline-more"})
    assert "Call 24" in second.text and "Call 05" in second.text
    assert "Call 25" not in second.text and "Call 04" not in second.text
    assert "<html" not in second.text
    third = client.get(re.search(r'hx-get="([^"]+)"', second.text).group(1).replace("&amp;", "&"))
    assert "Call 04" in third.text and "Call 00" in third.text and "Show more" not in third.text
    assert "<html" in third.text  # without htmx, a page of its own


def test_the_panel_for_a_viewer_has_no_log_button(app, client, login_as, district, in_district):
    login_as("viewer")
    with app.app_context(), in_district(district):
        sid = add_stakeholder("Quiet person")
        db.session.commit()
    panel = client.get(f"/engagement/panel/{sid}")
    assert "No interactions logged with Quiet person yet" in panel.text
    assert "Log an interaction" not in panel.text
    assert client.get("/engagement/panel/999999").status_code == 404
