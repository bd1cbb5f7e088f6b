"""The district's time zone: "today" is a day on the district's calendar, not UTC's."""

import re

import sqlalchemy as sa
import time_machine

from app.extensions import db
from app.models import AuditEvent, DistrictSetting

# 7:30 pm on Monday 2 March in Ohio; already Tuesday 3 March in UTC.
OHIO_EVENING = "2026-03-03 00:30 +0000"


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/settings/").text).group(1)


def _log_form_day(client) -> str:
    page = client.get("/engagement/new").text
    field = re.search(r'<input[^>]*name="occurred_on"[^>]*>', page).group(0)
    return re.search(r'value="([^"]*)"', field).group(1)


def test_an_evening_entry_lands_on_the_districts_day_and_admins_can_change_the_zone(
        app, client, district, in_district, login_as):
    with time_machine.travel(OHIO_EVENING, tick=False):
        login_as("admin")
        settings = client.get("/settings/").text
        assert "Now: Eastern (New York, Ohio, Florida)." in settings
        page = client.get("/settings/time-zone").text
        assert "today is <strong>Monday 2 March 2026</strong>" in page
        assert "(in UTC it is already Tuesday 3 March)" in page
        assert _log_form_day(client) == "2026-03-02"

        saved = client.post("/settings/time-zone", data={
            "csrf_token": _csrf(client), "zone": "UTC"}, follow_redirects=True)
        assert "Time zone saved: UTC (Coordinated Universal Time). " \
               "Today is Tuesday 3 March there." in saved.text
        assert _log_form_day(client) == "2026-03-03"

    with app.app_context(), in_district(district):
        assert db.session.scalars(sa.select(DistrictSetting.value).where(
            DistrictSetting.key == "time_zone")).one() == {"zone": "UTC"}
        audited = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.record_type == "DistrictSetting")).all()
    assert audited, "the change is in the audit log"


def test_a_zone_not_offered_is_refused(app, client, district, in_district, login_as):
    login_as("admin")
    response = client.post("/settings/time-zone", data={
        "csrf_token": _csrf(client), "zone": "Mars/Olympus_Mons"})
    assert response.status_code == 422
    assert "Choose a time zone from the list." in response.text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(DistrictSetting.id))) == 0


def test_only_admins_set_the_time_zone(client, login_as, auth):
    for role in ("editor", "viewer"):
        login_as(role)
        assert client.get("/settings/time-zone").status_code == 403
        token = re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/").text).group(1)
        assert client.post("/settings/time-zone", data={
            "csrf_token": token, "zone": "UTC"}).status_code == 403
        auth.logout()
