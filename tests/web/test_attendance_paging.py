"""Paging through a long invitee list keeps the "Came" ticks of the page left behind."""

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import time_machine

from app.engagement.attendance_routes import ATTENDANCE_PAGE
from app.extensions import db
from app.models import InteractionParticipant
from tests.web.test_engagement_events import csrf, make_event

NAMES = [f"Invitee {n:03d}" for n in range(ATTENDANCE_PAGE + 5)]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 3, 10, 15, 0, tzinfo=UTC), tick=False):
        yield


def _invite_everyone(app, client, district, in_district):
    event, ids, list_id = make_event(app, district, in_district, NAMES, list_name="Everyone")
    client.post(f"/engagement/{event}/invite-list",
                data={"list_id": list_id, "csrf_token": csrf(client), "confirmed": "yes"})
    return event, ids


def _came(app, district, in_district) -> set[int]:
    with app.app_context(), in_district(district):
        return set(db.session.scalars(sa.select(InteractionParticipant.stakeholder_id)
                                      .where(InteractionParticipant.attended.is_(True))))


def test_next_saves_the_ticks_and_opens_the_next_page(app, client, login_as, district,
                                                      in_district):
    login_as("editor")
    event, ids = _invite_everyone(app, client, district, in_district)
    first = client.get(f"/engagement/{event}/attendance")
    assert "changing page saves this page's ticks" in first.text
    assert re.search(r'<button class="btn btn-small" type="submit" name="go_to" value="2">Next',
                     first.text)
    shown = [int(i) for i in re.findall(r'name="shown" value="(\d+)"', first.text)]
    assert len(shown) == ATTENDANCE_PAGE
    response = client.post(f"/engagement/{event}/attendance", data={
        "shown": shown, "attended": shown[:3], "page": 1, "go_to": 2,
        "csrf_token": csrf(client)})
    assert response.status_code == 302 and response.headers["Location"].endswith("page=2")
    assert _came(app, district, in_district) == set(shown[:3])
    second = client.get(response.headers["Location"])
    assert "Attendance saved (3 changes)." in second.text
    assert "Page 2 of 2" in second.text and 'value="1">Previous' in second.text
    # Paging without a change says nothing was saved, and goes where asked.
    back = client.post(f"/engagement/{event}/attendance", data={
        "shown": [i for i in ids if i not in shown], "page": 2, "go_to": 1,
        "csrf_token": csrf(client)}, follow_redirects=True)
    assert "Page 1 of 2" in back.text and "Attendance saved" not in back.text


def test_viewers_page_with_links(app, auth, client, login_as, district, in_district):
    login_as("editor")
    event, _ids = _invite_everyone(app, client, district, in_district)
    auth.logout()
    login_as("viewer")
    page = client.get(f"/engagement/{event}/attendance")
    assert 'name="go_to"' not in page.text and "saves this page" not in page.text
    assert re.search(r'<a class="btn btn-small" href="[^"]*page=2">Next</a>', page.text)
