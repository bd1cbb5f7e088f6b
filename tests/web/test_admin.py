"""Settings: district admins manage members, roles and accounts, and read the audit log."""

import re

import pytest
import sqlalchemy as sa

from app import audit
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import AuditEvent, Membership, User
from tests.conftest import PASSWORD, Auth

PAGES = ["/settings/", "/settings/users", "/settings/users/new", "/settings/audit"]
MALICIOUS = "<img src=x onerror=alert(1)>"


def _admin_rules(app, with_user_id: bool):
    return [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("admin.") and ("user_id" in r.arguments) == with_user_id
    ]


def _url(rule, user_id: int) -> str:
    return rule.rule.replace("<int:user_id>", str(user_id))


def _snapshot(app):
    with app.app_context():
        users = db.session.execute(
            sa.select(
                User.id, User.email, User.name, User.is_enabled, User.session_version
            ).order_by(User.id)
        ).all()
        members = db.session.execute(
            sa.select(Membership.user_id, Membership.district_id, Membership.role).order_by(
                Membership.id
            )
        ).all()
    return users, members


def _role_of(app, user_id: int, district_id: int) -> str | None:
    with app.app_context():
        return db.session.scalar(
            sa.select(Membership.role).where(
                Membership.user_id == user_id, Membership.district_id == district_id
            )
        )


def _signed_in_elsewhere(app, email: str):
    """A second browser signed in as `email`."""
    other = app.test_client()
    assert Auth(other, app).login(email).status_code == 302
    assert other.get("/").status_code == 200
    return other


def _htmx(token: str, target: str | None = None) -> dict:
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    if target:
        headers["HX-Target"] = target
    return headers


# --- Access --------------------------------------------------------------------------


def test_admin_sees_overview_with_district_and_links(client, login_as):
    login_as("admin")
    page = client.get("/settings/")
    assert page.status_code == 200
    assert "Northwood Unified" in page.text
    assert 'href="/settings/users"' in page.text and 'href="/settings/audit"' in page.text


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_get_403_on_every_settings_page_and_post(
    app, client, auth, login_as, make_user, district, role
):
    member = make_user("member@example.org", "editor", district)
    login_as(role)
    token = auth.csrf()
    before = _snapshot(app)
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            "/settings/users/new",
            data={
                "email": "new@example.org",
                "role": "admin",
                "name": "New",
                "password": PASSWORD,
                "csrf_token": token,
            },
        ).status_code
        == 403
    )
    for rule in _admin_rules(app, with_user_id=True):
        response = client.post(_url(rule, member), data={"role": "admin", "csrf_token": token})
        assert response.status_code == 403, rule.rule
    assert _snapshot(app) == before
    assert "/settings/" not in client.get("/").text, "no Settings link for non-admins"


def test_post_without_csrf_token_gets_400(app, client, login_as, make_user, district):
    member = make_user("member@example.org", "editor", district)
    login_as("admin")
    before = _snapshot(app)
    assert client.post(f"/settings/users/{member}/role", data={"role": "admin"}).status_code == 400
    assert client.post(f"/settings/users/{member}/remove").status_code == 400
    htmx_without_token = client.post(
        f"/settings/users/{member}/role", data={"role": "admin"}, headers={"HX-Request": "true"}
    )
    assert htmx_without_token.status_code == 400
    assert (
        client.post(
            "/settings/users/new",
            data={
                "email": "new@example.org",
                "role": "viewer",
                "name": "New",
                "password": PASSWORD,
            },
        ).status_code
        == 400
    )
    assert _snapshot(app) == before


def test_admin_of_one_district_gets_404_for_members_of_another(
    app, client, auth, login_as, make_user, other_district
):
    outsider = make_user("outsider@example.org", "admin", other_district)
    login_as("admin")
    token = auth.csrf()
    before = _snapshot(app)
    rules = _admin_rules(app, with_user_id=True)
    assert {r.endpoint for r in rules} >= {
        "admin.change_role",
        "admin.remove_member",
        "admin.disable_user",
        "admin.enable_user",
    }
    for rule in rules:
        for headers in ({}, _htmx(token)):
            response = client.post(
                _url(rule, outsider),
                headers=headers,
                data={"role": "viewer", "csrf_token": token, "district_id": other_district.id},
            )
            assert response.status_code == 404, rule.rule
    assert _snapshot(app) == before


# --- Members -------------------------------------------------------------------------


def test_users_page_lists_members_of_this_district_only(
    client, login_as, make_user, district, other_district
):
    make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    make_user("zed@example.org", "viewer", other_district, name="Zed Other")
    login_as("admin")
    page = client.get("/settings/users")
    assert "Ana Ruiz" in page.text and "ana@example.org" in page.text
    assert "Zed Other" not in page.text
    assert "never" in page.text, "last sign-in shown for someone who never signed in"


def test_users_list_is_paginated(app, client, login_as, district):
    with app.app_context():
        password_hash = hash_password(PASSWORD)
        for i in range(55):
            user = User(
                email=f"p{i:02d}@example.org", name=f"Person {i:02d}", password_hash=password_hash
            )
            user.memberships.append(Membership(district_id=district.id, role="viewer"))
            db.session.add(user)
        db.session.commit()
    login_as("admin")
    first = client.get("/settings/users")
    assert "Page 1 of 2" in first.text and "Person 00" in first.text
    assert "Person 54" not in first.text
    second = client.get("/settings/users?page=2")
    assert "Person 54" in second.text and "Person 00" not in second.text


def test_admin_adds_a_new_user_who_can_then_sign_in(app, client, auth, login_as, district):
    login_as("admin")
    response = client.post(
        "/settings/users/new",
        data={
            "email": "  New.Person@Example.org ",
            "role": "editor",
            "name": "New Person",
            "password": "a fresh passphrase",
            "csrf_token": auth.csrf(),
        },
        follow_redirects=True,
    )
    assert "Created an account for New Person" in response.text
    assert "new.person@example.org" in response.text
    auth.logout()
    assert auth.login("new.person@example.org", password="a fresh passphrase").status_code == 302
    assert "Northwood Unified" in client.get("/").text
    assert client.get("/settings/").status_code == 403, "an editor, not an admin"


def test_adding_an_existing_account_gives_them_access_here(
    app, client, auth, make_user, district, other_district
):
    existing = make_user("ana@example.org", "editor", other_district, name="Ana Ruiz")
    make_user("both@example.org", "admin", district, other_district)  # runs both districts
    auth.login("both@example.org")
    response = client.post(
        "/settings/users/new",
        data={
            "email": "ana@example.org",
            "role": "viewer",
            "name": "Someone Else",
            "password": "an attempted reset",
            "csrf_token": auth.csrf(),
        },
        follow_redirects=True,
    )
    assert "Added existing account Ana Ruiz" in response.text
    assert _role_of(app, existing, district.id) == "viewer"
    with app.app_context():
        assert db.session.get(User, existing).name == "Ana Ruiz", "name left unchanged"
    auth.logout()
    auth.login("ana@example.org")  # password unchanged
    switched = client.post(
        f"/districts/{district.id}/switch", data={"csrf_token": auth.csrf()}, follow_redirects=True
    )
    assert "<h1>Northwood Unified</h1>" in switched.text


def test_duplicate_membership_is_refused_with_a_clear_message(
    app, client, auth, login_as, make_user, district
):
    make_user("ana@example.org", "editor", district)
    login_as("admin")
    before = _snapshot(app)
    response = client.post(
        "/settings/users/new",
        data={"email": "ana@example.org", "role": "admin", "csrf_token": auth.csrf()},
    )
    assert response.status_code == 200
    assert "already a member of Northwood Unified (as editor)" in response.text
    assert _snapshot(app) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address"}, "must have an @-sign"),
        ({"email": ""}, "Enter the person&#39;s email address."),
        (
            {"email": "new@example.org", "name": "New"},
            "Set an initial password for the new account.",
        ),
        (
            {"email": "new@example.org", "password": "a fresh passphrase"},
            "Enter a name for the new account.",
        ),
        (
            {"email": "new@example.org", "name": "New", "password": "password1"},
            "commonly used passwords",
        ),
    ],
)
def test_add_user_explains_what_is_wrong(app, client, auth, login_as, data, message):
    login_as("admin")
    before = _snapshot(app)
    response = client.post(
        "/settings/users/new", data={"role": "viewer", "csrf_token": auth.csrf(), **data}
    )
    assert response.status_code == 200
    assert message in response.text
    assert _snapshot(app) == before


def test_role_change_via_htmx_returns_the_updated_row_and_is_audited(
    app, client, auth, login_as, make_user, district, in_district
):
    member = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    login_as("admin")
    response = client.post(
        f"/settings/users/{member}/role",
        data={"role": "admin"},
        headers=_htmx(auth.csrf(), target=f"user-{member}"),
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith(f'<tr id="user-{member}"')
    assert re.search(r'<option selected value="admin">', response.text)
    assert "Ana Ruiz is now admin." in response.text
    assert _role_of(app, member, district.id) == "admin"
    with app.app_context(), in_district(district):
        event = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.record_type == "Membership", AuditEvent.action == "update"
            )
        ).one()
    assert event.changes == {"role": {"before": "editor", "after": "admin"}}
    assert event.actor_label.startswith("admin")


def test_role_change_without_htmx_redirects_back_to_users(
    app, client, auth, login_as, make_user, district
):
    member = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    login_as("admin")
    response = client.post(
        f"/settings/users/{member}/role", data={"role": "viewer", "csrf_token": auth.csrf()}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/settings/users"
    assert "Ana Ruiz is now viewer." in client.get("/settings/users").text
    assert _role_of(app, member, district.id) == "viewer"


def test_last_admin_cannot_demote_or_remove_themselves(app, client, auth, login_as, district):
    me = login_as("admin")
    token = auth.csrf()
    fragment = client.post(
        f"/settings/users/{me}/role",
        data={"role": "editor"},
        headers=_htmx(token, target=f"user-{me}"),
    )
    assert "only admin of Northwood Unified" in fragment.text
    assert "<html" not in fragment.text
    page = client.post(
        f"/settings/users/{me}/role",
        data={"role": "viewer", "csrf_token": token},
        follow_redirects=True,
    )
    assert "only admin of Northwood Unified" in page.text
    page = client.post(
        f"/settings/users/{me}/remove", data={"csrf_token": token}, follow_redirects=True
    )
    assert "only admin of Northwood Unified" in page.text
    assert _role_of(app, me, district.id) == "admin"


def test_admin_may_step_down_when_another_admin_remains(
    app, client, auth, login_as, make_user, district
):
    make_user("other-admin@example.org", "admin", district)
    me = login_as("admin")
    response = client.post(
        f"/settings/users/{me}/role",
        data={"role": "editor"},
        headers=_htmx(auth.csrf(), target=f"user-{me}"),
    )
    assert response.headers["HX-Redirect"] == "/"
    assert _role_of(app, me, district.id) == "editor"
    assert client.get("/settings/").status_code == 403


def test_admin_may_leave_the_district_when_another_admin_remains(
    app, client, auth, login_as, make_user, district
):
    make_user("other-admin@example.org", "admin", district)
    me = login_as("admin")
    response = client.post(f"/settings/users/{me}/remove", data={"csrf_token": auth.csrf()})
    assert response.headers["Location"] == "/"
    assert _role_of(app, me, district.id) is None
    assert client.get("/", follow_redirects=True).request.path == "/no-district"


def test_removed_member_loses_access_at_once_and_the_removal_is_audited(
    app, client, auth, login_as, make_user, district, in_district
):
    member = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    ana = _signed_in_elsewhere(app, "ana@example.org")
    login_as("admin")
    page = client.get("/settings/users")
    assert 'data-confirm="Remove Ana Ruiz from Northwood Unified?' in page.text
    response = client.post(
        f"/settings/users/{member}/remove", data={"csrf_token": auth.csrf()}, follow_redirects=True
    )
    assert "Ana Ruiz was removed from Northwood Unified" in response.text
    assert "ana@example.org" not in response.text
    assert _role_of(app, member, district.id) is None
    gone = ana.get("/stakeholders/")
    assert gone.status_code == 302 and gone.headers["Location"] == "/no-district"
    with app.app_context(), in_district(district):
        event = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.record_type == "Membership", AuditEvent.action == "delete"
            )
        ).one()
    assert event.actor_label.startswith("admin")


def test_removing_a_shared_member_leaves_their_other_districts_alone(
    app, client, auth, login_as, make_user, district, other_district
):
    member = make_user("ana@example.org", "editor", district, other_district, name="Ana Ruiz")
    ana = _signed_in_elsewhere(app, "ana@example.org")
    login_as("admin")
    client.post(f"/settings/users/{member}/remove", data={"csrf_token": auth.csrf()})
    assert _role_of(app, member, district.id) is None
    assert _role_of(app, member, other_district.id) == "editor"
    still = ana.get("/", follow_redirects=True)
    assert still.request.path == "/", "still signed in, now in the district they keep"
    assert "Riverside City Schools" in still.text


def test_an_account_of_a_district_the_admin_does_not_run_is_not_added_or_named(
    app, client, auth, login_as, make_user, district, other_district
):
    outsider = make_user("ana@example.org", "editor", other_district, name="Ana Ruiz")
    login_as("admin")
    response = client.post(
        "/settings/users/new",
        data={"email": "ana@example.org", "role": "viewer", "csrf_token": auth.csrf()},
    )
    assert response.status_code == 200
    assert "belongs to an account in a district you do not administer" in response.text
    assert "Ana Ruiz" not in response.text and "Riverside" not in response.text
    assert _role_of(app, outsider, district.id) is None


def test_disabling_ends_sessions_and_blocks_sign_in_until_enabled(
    app, client, auth, login_as, make_user, district
):
    member = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    ana = _signed_in_elsewhere(app, "ana@example.org")
    login_as("admin")
    token = auth.csrf()
    response = client.post(
        f"/settings/users/{member}/disable", data={"csrf_token": token}, follow_redirects=True
    )
    assert "account is disabled" in response.text and "Disabled" in response.text
    assert ana.get("/").headers["Location"].startswith("/login")
    fresh = Auth(app.test_client(), app)
    assert "Email or password is incorrect." in fresh.login("ana@example.org").text
    client.post(f"/settings/users/{member}/enable", data={"csrf_token": token})
    assert ana.get("/").status_code == 302, "the old session stays ended after re-enabling"
    assert fresh.login("ana@example.org").status_code == 302


def test_disabling_is_refused_for_accounts_shared_with_a_district_admin_does_not_run(
    app, client, auth, login_as, make_user, district, other_district
):
    shared = make_user("ana@example.org", "editor", district, other_district)
    login_as("admin")
    page = client.get("/settings/users")
    assert f"/settings/users/{shared}/disable" not in page.text
    assert "Shared account" in page.text
    before = _snapshot(app)
    response = client.post(f"/settings/users/{shared}/disable", data={"csrf_token": auth.csrf()})
    assert response.status_code == 403
    assert _snapshot(app) == before


def test_admin_of_every_district_of_an_account_may_disable_it(
    app, client, auth, make_user, district, other_district
):
    shared = make_user("ana@example.org", "editor", district, other_district)
    make_user("boss@example.org", "admin", district, other_district)
    auth.login("boss@example.org")
    assert f"/settings/users/{shared}/disable" in client.get("/settings/users").text
    client.post(f"/settings/users/{shared}/disable", data={"csrf_token": auth.csrf()})
    with app.app_context():
        assert db.session.get(User, shared).is_enabled is False


def test_admin_cannot_disable_themselves(app, client, auth, login_as):
    me = login_as("admin")
    assert f"/settings/users/{me}/disable" not in client.get("/settings/users").text
    response = client.post(f"/settings/users/{me}/disable", data={"csrf_token": auth.csrf()})
    assert response.status_code == 403
    assert client.get("/settings/").status_code == 200, "still signed in"


# --- Audit log -----------------------------------------------------------------------


def test_audit_log_shows_a_role_change_with_before_and_after(
    client, auth, login_as, make_user, district
):
    member = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    login_as("admin")
    client.post(
        f"/settings/users/{member}/role", data={"role": "viewer", "csrf_token": auth.csrf()}
    )
    page = client.get("/settings/audit")
    assert page.status_code == 200
    row = re.search(
        r"<tr id=\"audit-\d+\">(?:(?!</tr>).)*Changed(?:(?!</tr>).)*</tr>", page.text, re.S
    ).group(0)
    assert "Member" in row and "Ana Ruiz (ana@example.org)" in row
    assert "<del>Editor</del>" in row and "<ins>Viewer</ins>" in row, "roles as the app names them"
    assert "admin1@example.org" in row
    main = page.text.split('id="main"')[1]
    assert 'method="post"' not in main, "no way to edit or delete entries"
    refused = client.post("/settings/audit", data={"csrf_token": auth.csrf()})
    assert refused.status_code == 405
    allowed = set(refused.headers["Allow"].split(", "))
    assert allowed == {"GET", "HEAD", "OPTIONS"}, "a 405 says which methods there are"


def test_audit_log_escapes_malicious_names(client, auth, login_as):
    login_as("admin")
    client.post(
        "/settings/users/new",
        data={
            "email": "evil@example.org",
            "role": "viewer",
            "name": MALICIOUS,
            "password": "a fresh passphrase",
            "csrf_token": auth.csrf(),
        },
    )
    for url in ("/settings/audit", "/settings/users"):
        page = client.get(url)
        assert MALICIOUS not in page.text, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text, url


def test_audit_log_filters_and_htmx_gets_only_the_results(
    client, auth, login_as, make_user, district, other_district
):
    member = make_user("ana@example.org", "editor", district)
    make_user("zed@example.org", "editor", other_district)
    login_as("admin")
    client.post(
        f"/settings/users/{member}/role", data={"role": "viewer", "csrf_token": auth.csrf()}
    )
    full = client.get("/settings/audit?record_type=Membership&action=update")
    assert "<html" in full.text and "<del>Editor</del>" in full.text
    assert "Signed in" not in full.text.split('id="audit-results"')[1]
    assert "zed@example.org" not in full.text, "another district's log stays hidden"
    fragment = client.get(
        "/settings/audit?action=sign_in",
        headers={"HX-Request": "true", "HX-Target": "audit-results"},
    )
    assert "<html" not in fragment.text and "Signed in" in fragment.text
    assert "<del>Editor</del>" not in fragment.text
    restore = client.get(
        "/settings/audit",
        headers={
            "HX-Request": "true",
            "HX-Target": "audit-results",
            "HX-History-Restore-Request": "true",
        },
    )
    assert "<html" in restore.text
    empty = client.get("/settings/audit?record_type=District&action=sign_in")
    assert "No entries match these filters" in empty.text


def test_audit_log_pages_by_fifty_newest_first(app, client, login_as, district, in_district):
    login_as("admin")
    with app.app_context(), in_district(district), audit.acting_as(None, "importer"):
        for i in range(60):
            audit.record(db.session, "import", "Stakeholder", i, f"Row {i:02d}")
        db.session.commit()
    first = client.get("/settings/audit?actor=importer")
    assert first.text.count('<tr id="audit-') == 50
    assert first.text.index("Row 59") < first.text.index("Row 58")
    assert "Row 09" not in first.text
    older = re.search(r'href="(/settings/audit\?[^"]*before=\d+[^"]*)"', first.text).group(1)
    second = client.get(older.replace("&amp;", "&"))
    assert second.text.count('<tr id="audit-') == 10 and "Row 09" in second.text
    assert "Row 10" not in second.text and "Older" not in second.text
    newer = re.search(r'href="(/settings/audit\?[^"]*after=\d+[^"]*)"', second.text).group(1)
    back = client.get(newer.replace("&amp;", "&"))
    assert back.text.count('<tr id="audit-') == 50 and "Row 59" in back.text


def test_the_only_admin_is_told_why_instead_of_offered_leave_district(
        client, login_as, make_user, district):
    me = login_as("admin")
    page = client.get("/settings/users").text
    my_row = page[page.index(f'id="user-{me}"'):]
    my_row = my_row[:my_row.index("</tr>")]
    assert "Leave district" not in my_row
    assert f"/settings/users/{me}/remove" not in my_row
    assert "You are the only admin, so you cannot leave Northwood Unified." in my_row

    make_user("other@example.org", "admin", district)
    page = client.get("/settings/users").text
    my_row = page[page.index(f'id="user-{me}"'):]
    assert "Leave district" in my_row[:my_row.index("</tr>")]


def test_making_another_admin_in_place_refreshes_your_own_leave_button(
        client, auth, login_as, make_user, district):
    me = login_as("admin")
    member = make_user("ana@example.org", "editor", district, name="Ana Ruiz")
    promoted = client.post(
        f"/settings/users/{member}/role",
        data={"role": "admin"},
        headers=_htmx(auth.csrf(), target=f"user-{member}"),
    ).text
    assert promoted.lstrip().startswith(f'<tr id="user-{member}">')
    mine = promoted[promoted.index(f'<tr id="user-{me}" hx-swap-oob="true">'):]
    assert "Leave district" in mine and "cannot leave" not in mine

    demoted = client.post(
        f"/settings/users/{member}/role",
        data={"role": "viewer"},
        headers=_htmx(auth.csrf(), target=f"user-{member}"),
    ).text
    mine = demoted[demoted.index(f'<tr id="user-{me}" hx-swap-oob="true">'):]
    assert "You are the only admin, so you cannot leave" in mine

    # A change that leaves your standing as it was sends only the changed row.
    unchanged = client.post(
        f"/settings/users/{member}/role",
        data={"role": "editor"},
        headers=_htmx(auth.csrf(), target=f"user-{member}"),
    ).text
    assert f'id="user-{me}"' not in unchanged
