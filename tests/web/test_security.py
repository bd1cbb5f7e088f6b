"""Cross-cutting promises: headers, CSRF, cookies, error pages, tenancy and the audit log."""

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import AuditEvent, District, Stakeholder
from app.services import stakeholder_query
from app.services import stakeholders as svc

DEFAULT_RATINGS = svc.Ratings(3, 3, "neutral", "supportive", False, True, False)


def add_stakeholder(app, name: str, district: District) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name=name)
        svc.rate(db.session, s, DEFAULT_RATINGS, by_user_id=None)
        db.session.commit()
        return s.id


def test_pages_carry_security_headers(client, login_as):
    login_as("viewer")
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "script-src 'self'"):
        assert directive in csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_https_adds_hsts_and_secure_httponly_lax_cookie(client, make_user, district):
    make_user("ana@example.org", "editor", district)
    page = client.get("/login", base_url="https://localhost")
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    cookie = page.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_same_origin_https_post_passes_the_referrer_check(client, make_user, district):
    make_user("ana@example.org", "editor", district)
    page = client.get("/login", base_url="https://localhost")
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/login", base_url="https://localhost",
        data={"email": "ana@example.org", "password": "correct horse battery",
              "csrf_token": token},
        headers={"Referer": "https://localhost/login"},
    )
    assert response.status_code == 302


def test_htmx_is_hardened_and_served_locally(client):
    page = client.get("/login").text
    for setting in ('"allowEval":false', '"selfRequestsOnly":true', '"allowScriptTags":false',
                    '"historyCacheSize":0'):
        assert setting in page
    assert "/static/vendor/htmx-2.0.11.min.js" in page
    assert "https://" not in page.split("<body")[0], "no CDN links in the head"
    script = client.get("/static/vendor/htmx-2.0.11.min.js")
    script.close()
    assert script.status_code == 200


def test_csrf_token_is_in_hx_headers_on_body(client, login_as):
    login_as("editor")
    page = client.get("/").text
    assert "<body hx-headers='{\"X-CSRFToken\": \"" in page


def test_write_without_csrf_token_is_refused(client, login_as):
    login_as("editor")
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/").status_code == 200, "still signed in: the forged POST did nothing"


def test_write_with_token_in_header_succeeds(client, login_as, auth):
    login_as("editor")
    response = client.post("/logout", headers={"X-CSRFToken": auth.csrf(), "HX-Request": "true"})
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_unknown_page_gets_friendly_404(client, login_as):
    login_as("viewer")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.text


def test_unhandled_error_shows_generic_500_without_trace(app, client, login_as):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    login_as("viewer")
    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_production_config_has_debug_off(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.db")
    app = create_app()
    assert app.debug is False and app.testing is False
    assert len(app.config["SECRET_KEY"]) >= 32


def test_query_outside_a_district_context_fails_loudly(app):
    with app.app_context():
        with pytest.raises(tenancy.MissingDistrictContext):
            db.session.scalars(sa.select(Stakeholder)).all()
        with pytest.raises(tenancy.MissingDistrictContext):
            db.session.execute(sa.update(Stakeholder).values(name="x"))


def test_core_reads_name_the_current_district_or_refuse(app, district, other_district):
    """Hot reads that run as Core (no ORM hook) take their district condition from here."""
    add_stakeholder(app, "Ana Ruiz", district)
    add_stakeholder(app, "Ben Okafor", other_district)
    with app.app_context():
        with pytest.raises(tenancy.MissingDistrictContext):
            tenancy.in_district(Stakeholder)
        with pytest.raises(tenancy.MissingDistrictContext):
            tenancy.district_param()
        with tenancy.district_context(other_district.id):
            assert tenancy.district_param() == other_district.id
            names = db.session.connection().execute(
                sa.select(Stakeholder.name).where(*tenancy.in_district(Stakeholder))).scalars()
            assert list(names) == ["Ben Okafor"]


def test_a_stakeholder_by_id_is_found_only_in_its_own_district(app, district, other_district):
    """The loader every profile route starts from scopes itself (it runs unscoped by the
    ORM hook): another district's id, or one too large for a column, finds nobody."""
    ours = add_stakeholder(app, "Ana Ruiz", district)
    theirs = add_stakeholder(app, "Ben Okafor", other_district)
    with app.app_context():
        with pytest.raises(tenancy.MissingDistrictContext):
            stakeholder_query.stakeholder_by_id(db.session, ours)
        with tenancy.district_context(district.id):
            assert stakeholder_query.stakeholder_by_id(db.session, ours).name == "Ana Ruiz"
            for nobody in (theirs, 0, -1, 2**63, 10**30):
                assert stakeholder_query.stakeholder_by_id(db.session, nobody) is None, nobody


def test_queries_see_only_the_current_district(app, district, other_district):
    a = add_stakeholder(app, "Ana Ruiz", district)
    b = add_stakeholder(app, "Ben Okafor", other_district)
    with app.app_context(), tenancy.district_context(district.id):
        assert [s.name for s in db.session.scalars(sa.select(Stakeholder))] == ["Ana Ruiz"]
        assert db.session.get(Stakeholder, b) is None
        assert db.session.get(Stakeholder, a).name == "Ana Ruiz"
        # Bulk updates are scoped too: district B's row is untouched.
        db.session.execute(sa.update(Stakeholder).values(notes="touched"))
        db.session.commit()
    with app.app_context(), tenancy.district_context(other_district.id):
        assert db.session.get(Stakeholder, b).notes == ""


def test_writing_a_row_for_another_district_is_refused(app, district, other_district):
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(Stakeholder(name="Intruder", name_key="intruder",
                                   district_id=other_district.id))
        with pytest.raises(tenancy.CrossDistrictWrite):
            db.session.flush()
        db.session.rollback()


def test_every_change_is_audited_with_before_and_after(app, district):
    sid = add_stakeholder(app, "Ana Ruiz", district)
    with app.app_context(), tenancy.district_context(district.id):
        s = db.session.get(Stakeholder, sid)
        s.notes = "Runs the Northwood PTA"
        db.session.commit()
        db.session.delete(s)
        db.session.commit()
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.record_type == "Stakeholder")
            .order_by(AuditEvent.id)
        ).all()
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].changes["notes"] == {"before": "", "after": "Runs the Northwood PTA"}
    assert events[2].changes["name"] == {"before": "Ana Ruiz"}
    assert [(e.record_id, e.record_label) for e in events] == [(sid, "Ana Ruiz")] * 3


def test_audit_events_cannot_be_edited_or_deleted(app, district):
    add_stakeholder(app, "Ana Ruiz", district)
    with app.app_context(), tenancy.district_context(district.id):
        event = db.session.scalars(sa.select(AuditEvent)).first()
        event.action = "forged"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        event = db.session.scalars(sa.select(AuditEvent)).first()
        db.session.delete(event)
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()


def test_the_database_refuses_to_change_or_delete_audit_events(app, district,
                                                                other_district):
    """Not only the ORM: a Core UPDATE or DELETE (or a SQL console) is refused too. Only
    deleting a whole district takes its audit rows with it."""
    add_stakeholder(app, "Ana Ruiz", district)
    add_stakeholder(app, "Ben Okafor", other_district)
    table = AuditEvent.__table__
    with app.app_context(), tenancy.district_context(district.id):
        before = db.session.execute(sa.select(table).order_by(table.c.id)).all()
        assert {row.district_id for row in before} == {district.id, other_district.id}
        for statement in (table.update().values(action="forged"), table.delete(),
                          table.delete().where(table.c.district_id == district.id)):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.execute(sa.select(table).order_by(table.c.id)).all() == before

        districts = District.__table__
        db.session.execute(sa.delete(districts).where(districts.c.id == other_district.id))
        db.session.commit()
        left = db.session.execute(sa.select(table).order_by(table.c.id)).all()
        assert left == [row for row in before if row.district_id == district.id]


def test_counts_via_select_from_are_scoped_too(app, district, other_district):
    add_stakeholder(app, "Ana Ruiz", district)
    add_stakeholder(app, "Ben Okafor", other_district)
    count_all = sa.select(sa.func.count()).select_from(Stakeholder)
    with app.app_context():
        with pytest.raises(tenancy.MissingDistrictContext):
            db.session.scalar(count_all)
        with tenancy.district_context(district.id):
            assert db.session.scalar(count_all) == 1
            joined = sa.select(sa.func.count()).select_from(Stakeholder).join(
                AuditEvent, sa.and_(AuditEvent.record_id == Stakeholder.id,
                                    AuditEvent.record_type == "Stakeholder"))
            assert db.session.scalar(joined) == 1
