"""Shared fixtures: a fresh database per test, users in districts, and sign-in helpers.

Runs on in-memory SQLite by default, or on the database in TEST_DATABASE_URL
(PostgreSQL in CI), where the schema is built once and every table is emptied after
each test.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from app import create_app, tenancy
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import District, Membership, User

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
PASSWORD = "correct horse battery"  # noqa: S105 - test fixture


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[None]:
    """Build the schema once per run on PostgreSQL (from the models)."""
    if not ON_POSTGRES:
        yield
        return
    app = create_app({"SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL})
    with app.app_context():
        _drop_every_table()
        db.create_all()
        db.session.remove()
        db.engine.dispose()
    yield


def _drop_every_table() -> None:
    """Drop every table in the database, not only the ones today's models know.

    A table left by another branch's models (or a migration run) would hold a foreign
    key to ours, and a plain drop_all() would then refuse to drop ``districts``.
    """
    with db.engine.begin() as conn:
        for name in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


def _empty_all_tables() -> None:
    names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def app(_postgres_schema):
    """A fresh app with an empty database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL})
    with app.app_context():
        if not ON_POSTGRES:
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()  # end the session first: drop/truncate would wait on it
        if ON_POSTGRES:
            _empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_district(app):
    """Create a district by name."""

    def make(name: str) -> District:
        with app.app_context():
            district = District(name=name)
            db.session.add(district)
            db.session.commit()
            db.session.refresh(district)
            db.session.expunge(district)
            return district

    return make


@pytest.fixture
def district(make_district) -> District:
    return make_district("Northwood Unified")


@pytest.fixture
def other_district(make_district) -> District:
    return make_district("Riverside City Schools")


@pytest.fixture
def make_user(app):
    """Create a user with a role in one or more districts."""

    def make(email: str, role: str = "editor", *districts: District, name: str | None = None,
             password: str = PASSWORD) -> User:
        with app.app_context():
            user = User(email=email, name=name or email.split("@")[0].title(),
                        password_hash=hash_password(password))
            db.session.add(user)
            db.session.flush()
            for d in districts:
                db.session.add(Membership(user_id=user.id, district_id=d.id, role=role))
            db.session.commit()
            user_id = user.id
        return user_id

    return make


class Auth:
    """Sign in and out through the real forms (flaskr's AuthActions)."""

    def __init__(self, client, app):
        self.client = client
        self.app = app

    def login(self, email: str, password: str = PASSWORD, follow: bool = False):
        self.client.get("/login")
        return self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": self.csrf()},
            follow_redirects=follow,
        )

    def logout(self):
        return self.client.post("/logout", data={"csrf_token": self.csrf()})

    def csrf(self) -> str:
        """The CSRF token of the current session, read from a rendered page."""
        page = self.client.get("/login", follow_redirects=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or \
            re.search(r'"X-CSRFToken": "([^"]+)"', page.text)
        assert match, "no CSRF token on the page"
        return match.group(1)


@pytest.fixture
def auth(client, app):
    return Auth(client, app)


@pytest.fixture
def login_as(auth, make_user, district):
    """Create a user with `role` in `district` (default: the `district` fixture) and sign in."""
    counter = iter(range(1, 10_000))

    def login(role: str = "editor", in_district: District | None = None) -> int:
        target = in_district or district
        email = f"{role}{next(counter)}@example.org"
        user_id = make_user(email, role, target)
        response = auth.login(email)
        assert response.status_code == 302, "sign-in failed"
        return user_id

    return login


@pytest.fixture
def in_district(app):
    """Work inside a district's context (for creating or reading data in tests)."""

    def enter(d: District):
        return tenancy.district_context(d.id)

    return enter


@pytest.fixture
def counted(app):
    """`with counted() as statements:` lists one entry per SQL statement run inside."""

    @contextmanager
    def count_statements():
        statements: list[int] = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", count)

    return count_statements
