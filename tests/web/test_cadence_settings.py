"""Contact cadence settings: admins only, validation, defaults, and the effect on My week."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, DistrictSetting, Stakeholder
from app.services import cadence as cadence_svc
from app.services import stakeholders as svc

VALUES = {"key_players": "14", "keep_satisfied": "60", "keep_informed": "45", "monitor": "120"}


def _csrf(client, url="/settings/cadence") -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get(url).text).group(1)


def _saved(app, district, in_district):
    with app.app_context(), in_district(district):
        return db.session.scalar(sa.select(DistrictSetting.value)
                                 .where(DistrictSetting.key == "contact_cadence"))


def test_admin_sees_defaults_explained(client, login_as):
    login_as("admin")
    page = client.get("/settings/cadence")
    assert page.status_code == 200
    for text in ("Contact cadence", "Key players: days between contacts", "Manage closely",
                 "due today, not overdue", "never contacted is always overdue"):
        assert text.lower() in page.text.lower()
    assert 'value="30"' in page.text and 'value="120"' in page.text
    assert "Set the cadence" in client.get("/settings/").text


def test_editors_and_viewers_get_403(client, login_as, auth):
    login_as("editor")
    assert client.get("/settings/cadence").status_code == 403
    token = _csrf(client, "/week/")
    assert client.post("/settings/cadence",
                       data={**VALUES, "csrf_token": token}).status_code == 403
    auth.logout()
    login_as("viewer")
    assert client.get("/settings/cadence").status_code == 403


def test_saving_stores_the_cadence_and_audits_it(app, client, district, in_district,
                                                 login_as):
    login_as("admin")
    response = client.post("/settings/cadence",
                           data={**VALUES, "csrf_token": _csrf(client), "save": "Save"},
                           follow_redirects=True)
    assert "Contact cadence saved." in response.text
    assert "saved 14" in response.text
    assert _saved(app, district, in_district) == {
        "key_players": 14, "keep_satisfied": 60, "keep_informed": 45, "monitor": 120}
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id))
                                 .where(AuditEvent.record_type == "DistrictSetting")) == 1


def test_out_of_range_and_missing_values_are_refused_with_messages(app, client, district,
                                                                   in_district, login_as):
    login_as("admin")
    data = {**VALUES, "key_players": "0", "monitor": "400", "keep_informed": "",
            "csrf_token": _csrf(client)}
    response = client.post("/settings/cadence", data=data)
    assert response.status_code == 422
    assert response.text.count("Choose between 1 and 365 days.") == 2
    assert "Give a whole number of days." in response.text
    assert _saved(app, district, in_district) is None


def test_reset_goes_back_to_the_defaults(app, client, district, in_district, login_as):
    login_as("admin")
    token = _csrf(client)
    client.post("/settings/cadence", data={**VALUES, "csrf_token": token})
    assert _saved(app, district, in_district) is not None
    response = client.post("/settings/cadence",
                           data={"reset-csrf_token": token, "reset-submit": "1"},
                           follow_redirects=True)
    assert "back to the defaults" in response.text
    assert _saved(app, district, in_district) is None
    with app.app_context(), in_district(district):
        assert cadence_svc.current_cadence(db.session).key_players == 30


def test_the_overdue_list_follows_the_cadence(app, client, district, in_district, login_as):
    me = login_as("admin")
    with app.app_context(), in_district(district):
        s = Stakeholder(name="Kay Key", owner_id=me)
        svc.rate(db.session, s, svc.Ratings(4, 4, "supportive", "supportive", False, True,
                                            False), by_user_id=None)
        s.last_contact_at = datetime.now(UTC) - timedelta(days=20)
        db.session.commit()
        sid = s.id
    assert f'id="overdue-{sid}"' not in client.get("/week/").text
    client.post("/settings/cadence", data={**VALUES, "csrf_token": _csrf(client)})
    page = client.get("/week/").text
    assert f'id="overdue-{sid}"' in page and "6 days overdue" in page
    assert "key players every 14 days" in page
    settings = client.get("/settings/cadence").text
    assert re.search(r'id="overdue-key_players">1<', settings)


def test_other_districts_setting_does_not_apply(app, client, district, other_district,
                                                in_district, login_as):
    login_as("admin")
    with app.app_context(), in_district(other_district):
        db.session.add(DistrictSetting(key="contact_cadence", value={"key_players": 3}))
        db.session.commit()
    assert 'value="30"' in client.get("/settings/cadence").text
