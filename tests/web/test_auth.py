"""Sign-in, sign-out, sessions, timeouts, rate limiting and district switching."""

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from app.extensions import db
from app.models import AuditEvent, User


def test_sign_in_page_renders(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Sign in" in page.text


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_sign_in_address_keeps_the_page_asked_for_and_nothing_more(client):
    assert client.get("/champions/").headers["Location"] == "/login?next=/champions/"
    assert (client.get("/stakeholders/?q=ana").headers["Location"]
            == "/login?next=/stakeholders/?q%3Dana")


def test_anonymous_htmx_request_gets_client_redirect(client):
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/login")


def test_sign_in_lands_on_the_district_overview(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    response = auth.login("ana@example.org", follow=True)
    assert response.status_code == 200
    assert "Northwood Unified" in response.text
    assert "Ana Ruiz" in response.text


def test_sign_in_returns_to_the_page_asked_for(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    client.get("/account/password")
    response = client.post(
        "/login?next=/account/password",
        data={"email": "ana@example.org", "password": "correct horse battery",
              "csrf_token": auth.csrf()},
    )
    assert response.headers["Location"] == "/account/password"


def test_sign_in_never_redirects_off_site(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    token = auth.csrf()
    response = client.post(
        "/login?next=//evil.example/x",
        data={"email": "ana@example.org", "password": "correct horse battery",
              "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_unknown_user_and_wrong_password_look_the_same(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    wrong = auth.login("ana@example.org", password="not the password")
    unknown = auth.login("nobody@example.org", password="not the password")
    assert wrong.status_code == unknown.status_code == 200
    assert "Email or password is incorrect." in wrong.text
    strip = lambda r: r.text.replace("ana@example.org", "X").replace("nobody@example.org", "X")  # noqa: E731
    import re

    token = re.compile(r'value="[^"]{40,}"|"X-CSRFToken": "[^"]+"')
    assert token.sub("", strip(wrong)) == token.sub("", strip(unknown))


def test_session_changes_at_sign_in(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    client.get("/login")
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    auth.login("ana@example.org")
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess["sid"]


def test_replayed_cookie_fails_after_sign_out(app, client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    auth.login("ana@example.org")
    stolen = client.get_cookie("session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_changing_password_ends_other_sessions(app, client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    other_device = app.test_client()
    other_device.get("/login")
    from tests.conftest import Auth

    Auth(other_device, app).login("ana@example.org")
    assert other_device.get("/").status_code == 200
    auth.login("ana@example.org")
    response = client.post(
        "/account/password",
        data={"current_password": "correct horse battery",
              "new_password": "a much longer passphrase", "confirm": "a much longer passphrase",
              "csrf_token": auth.csrf()},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200, "the session that changed it stays signed in"
    assert other_device.get("/").status_code == 302
    assert auth.login("ana@example.org", password="a much longer passphrase").status_code == 302


def test_weak_new_password_is_refused_with_reason(client, login_as, auth):
    login_as("viewer")
    response = client.post(
        "/account/password",
        data={"current_password": "correct horse battery", "new_password": "password1",
              "confirm": "password1", "csrf_token": auth.csrf()},
    )
    assert response.status_code == 200
    assert "commonly used passwords" in response.text


def test_disabled_user_cannot_sign_in_and_is_signed_out(app, client, auth, make_user, district):
    user_id = make_user("ana@example.org", "editor", district)
    auth.login("ana@example.org")
    with app.app_context():
        user = db.session.get(User, user_id)
        user.is_enabled = False
        user.end_other_sessions()
        db.session.commit()
    assert client.get("/").status_code == 302
    assert "Email or password is incorrect." in auth.login("ana@example.org").text


def test_nth_failed_sign_in_gets_429_for_that_account_only(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    make_user("ben@example.org", "editor", district)
    for _ in range(5):
        assert auth.login("ana@example.org", password="wrong password!").status_code == 200
    assert auth.login("ana@example.org", password="wrong password!").status_code == 429
    assert auth.login("ana@example.org").status_code == 429, "locked even with the right one"
    assert auth.login("ben@example.org").status_code == 302, "other accounts are unaffected"


def test_a_locked_account_is_told_when_to_try_again_and_can_after_the_window(
        client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        for _ in range(5):
            auth.login("ana@example.org", password="wrong password!")
        clock.shift(timedelta(minutes=5))
        refused = auth.login("ANA@example.org ")  # the same account, however it is typed
        assert refused.status_code == 429
        assert "Too many failed sign-in attempts for this account" in refused.text
        assert int(refused.headers["Retry-After"]) == 10 * 60, "the first failure leaves at 15"
        clock.shift(timedelta(minutes=10, seconds=1))
        assert auth.login("ana@example.org").status_code == 302


def test_signing_in_does_not_use_up_attempts(client, auth, make_user, district):
    make_user("ana@example.org", "editor", district)
    for _ in range(6):
        assert auth.login("ana@example.org").status_code == 302
        auth.logout()
    for _ in range(5):
        assert auth.login("ana@example.org", password="wrong password!").status_code == 200


def test_idle_session_times_out(client, login_as):
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        login_as("editor")
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=61))
        response = client.get("/")
        assert response.status_code == 302
        assert "inactivity" in client.get("/login").text


def test_activity_keeps_the_session_alive_past_the_idle_timeout(client, login_as):
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        login_as("editor")
        for _ in range(4):  # 4 x 40 minutes of use, never 60 idle
            clock.shift(timedelta(minutes=40))
            assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=59))
        assert client.get("/").status_code == 200


def test_absolute_session_timeout_even_when_active(client, login_as):
    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as clock:
        login_as("editor")
        for _ in range(25):
            clock.shift(timedelta(minutes=30))
            if client.get("/").status_code != 200:
                break
        assert client.get("/").status_code == 302
        assert "time limit" in client.get("/login").text


def test_sign_in_is_audited(app, client, auth, make_user, district, in_district):
    make_user("ana@example.org", "editor", district)
    auth.login("ana@example.org")
    with app.app_context(), in_district(district):
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.record_type, e.actor_label) for e in events] == [
        ("create", "District", "system"),
        ("create", "Membership", "system"),
        ("sign_in", "User", "ana@example.org"),
    ]


def test_user_in_two_districts_switches_between_them(
    client, auth, make_user, district, other_district
):
    make_user("ana@example.org", "editor", district, other_district)
    auth.login("ana@example.org")
    page = client.get("/")
    assert "Northwood Unified" in page.text and "Switch district" in page.text
    response = client.post(
        f"/districts/{other_district.id}/switch", data={"csrf_token": auth.csrf()},
        follow_redirects=True,
    )
    assert "Now working in Riverside City Schools" in response.text
    assert "<h1>Riverside City Schools</h1>" in response.text


def test_cannot_switch_into_a_district_you_do_not_belong_to(
    client, login_as, auth, other_district
):
    login_as("admin")
    response = client.post(
        f"/districts/{other_district.id}/switch", data={"csrf_token": auth.csrf()}
    )
    assert response.status_code == 404
    assert "Northwood Unified" in client.get("/").text


def test_user_without_district_sees_what_to_do(client, auth, make_user):
    make_user("lost@example.org", "editor")
    response = auth.login("lost@example.org", follow=True)
    assert "don't belong to a district" in response.text


def test_hashes_are_argon2id_and_upgraded_at_sign_in(app, auth, make_user, district):
    from argon2 import PasswordHasher

    user_id = make_user("ana@example.org", "editor", district)
    old_hash = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(
        "correct horse battery")
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.password_hash.startswith("$argon2id$")
        user.password_hash = old_hash
        db.session.commit()
    assert auth.login("ana@example.org").status_code == 302
    with app.app_context():
        upgraded = db.session.get(User, user_id).password_hash
    assert upgraded != old_hash and upgraded.startswith("$argon2id$")
    assert "m=1024,t=1,p=1" in upgraded, "rehashed with the current parameters"


def test_no_get_request_changes_data(app, client, login_as):
    """GETs across the app leave every table as it was (sign-in aside, and the audit row
    an export must write: SECURITY.md 23)."""
    login_as("admin")
    from app import tenancy
    from app.models import AuditEvent

    def counts():
        with app.app_context(), tenancy.unscoped():
            found = {t.name: db.session.execute(sa.select(sa.func.count()).select_from(t))
                     .scalar() for t in db.metadata.sorted_tables}
            found["audit_events"] = db.session.scalar(
                sa.select(sa.func.count()).select_from(AuditEvent)
                .where(AuditEvent.action != "export"))
            return found

    before = counts()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            client.get(rule.rule)
    assert counts() == before


def test_new_password_identical_to_the_current_one_is_refused(app, client, login_as, auth):
    user_id = login_as("viewer")
    with app.app_context():
        version = db.session.get(User, user_id).session_version
    response = client.post(
        "/account/password",
        data={"current_password": "correct horse battery",
              "new_password": "correct horse battery", "confirm": "correct horse battery",
              "csrf_token": auth.csrf()},
    )
    assert response.status_code == 200
    assert "same as your current one" in response.text
    with app.app_context():
        assert db.session.get(User, user_id).session_version == version, "nothing saved"
