"""Table-driven access checks over every route in app.url_map (SECURITY.md 1-4).

Adding a route with a new kind of id parameter fails `test_every_id_parameter_has_a_factory`
until a factory below says how to make such a record in another district, so no route
escapes the isolation check.
"""

import hashlib
import re
from datetime import date

import pytest
import sqlalchemy as sa

from app import create_app, tenancy
from app.auth.guard import PUBLIC_ENDPOINTS, READS_BY_POST, SELF_SERVICE_WRITES
from app.auth.passwords import hash_password
from app.extensions import db
from app.models import (
    Affiliation,
    Commitment,
    Concern,
    CsvImport,
    FollowUp,
    GlossaryTerm,
    Interaction,
    InteractionParticipant,
    KeyMessage,
    Membership,
    OutreachList,
    OutreachMember,
    Partnership,
    Pathway,
    Relationship,
    Stakeholder,
    TableSeat,
    User,
)
from app.services import stakeholders as svc

_RULES_APP = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _routes():
    for rule in sorted(_RULES_APP.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule.endpoint, rule.rule, method, sorted(rule.arguments),
                               id=f"{method} {rule.rule}")


ROUTES = list(_routes())


def _stakeholder(name: str, kind: str = "person") -> Stakeholder:
    s = Stakeholder(name=name, kind=kind)
    svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
    return s


def _make_stakeholder() -> int:
    return _stakeholder("Other district person").id


def _make_relationship() -> int:
    a, b = _stakeholder("Rel A"), _stakeholder("Rel B")
    rel = Relationship(source_id=min(a.id, b.id), target_id=max(a.id, b.id), type="colleague",
                       strength=2)
    db.session.add(rel)
    db.session.flush()
    return rel.id


def _make_affiliation() -> int:
    person, org = _stakeholder("Aff person"), _stakeholder("Aff org", kind="organisation")
    aff = Affiliation(person_id=person.id, organisation_id=org.id, title="Member")
    db.session.add(aff)
    db.session.flush()
    return aff.id


def _make_member(district_id: int) -> int:
    user = User(email="member.b@example.org", name="Member B",
                password_hash=hash_password("correct horse battery"))
    db.session.add(user)
    db.session.flush()
    db.session.add(Membership(user_id=user.id, district_id=district_id, role="editor"))
    db.session.flush()
    return user.id


def _make_seat() -> int:
    seat = TableSeat(stakeholder_id=_stakeholder("Seat holder").id, body="advisory_board",
                     role="Chair")
    db.session.add(seat)
    db.session.flush()
    return seat.id


def _flushed(row):
    db.session.add(row)
    db.session.flush()
    return row.id


def _make_list() -> int:
    return _flushed(OutreachList(name="Other district list"))


def _make_list_member() -> int:
    return _flushed(OutreachMember(list_id=_make_list(),
                                   stakeholder_id=_stakeholder("Listed").id))


def _make_interaction() -> int:
    interaction_id = _flushed(Interaction(kind="meeting", title="Other meeting",
                                          occurred_on=date(2026, 1, 5)))
    _flushed(InteractionParticipant(interaction_id=interaction_id, occurred_on=date(2026, 1, 5),
                                    stakeholder_id=_stakeholder("Participant").id))
    return interaction_id


def _make_concern() -> int:
    return _flushed(Concern(interaction_id=_make_interaction(), theme="grading",
                            text="Worried about transcripts"))


def _make_follow_up() -> int:
    return _flushed(FollowUp(description="Call back", due_on=date(2026, 1, 9),
                             stakeholder_id=_stakeholder("Follow-up person").id))


def _make_pathway() -> int:
    return _flushed(Pathway(name="Health sciences", keywords="health, nursing"))


def _make_partnership() -> int:
    org = _stakeholder("Partner org", kind="organisation")
    return _flushed(Partnership(organisation_id=org.id, title="Internships"))


def _make_commitment() -> int:
    return _flushed(Commitment(partnership_id=_make_partnership(), quantity=20,
                               description="internship places"))


def _make_key_message() -> int:
    return _flushed(KeyMessage(audience="parent", text="Other district's message"))


def _make_glossary_term() -> int:
    return _flushed(GlossaryTerm(term="Other district's term", avoid="adaptive learning"))


def _make_import() -> int:
    uploader = User(email="importer.b@example.org", name="Importer B",
                    password_hash=hash_password("correct horse battery"))
    db.session.add(uploader)
    db.session.flush()
    return _flushed(CsvImport(created_by_id=uploader.id, filename="b.csv",
                              content="Name\nAna\n", mapping=["name"], report=[]))


# How to make a record of each id parameter in *another* district.
ID_FACTORIES = {
    "stakeholder_id": lambda district_id: _make_stakeholder(),
    "other_id": lambda district_id: _make_stakeholder(),
    "relationship_id": lambda district_id: _make_relationship(),
    "affiliation_id": lambda district_id: _make_affiliation(),
    "seat_id": lambda district_id: _make_seat(),
    "list_id": lambda district_id: _make_list(),
    "member_id": lambda district_id: _make_list_member(),
    "interaction_id": lambda district_id: _make_interaction(),
    "concern_id": lambda district_id: _make_concern(),
    "follow_up_id": lambda district_id: _make_follow_up(),
    "pathway_id": lambda district_id: _make_pathway(),
    "partnership_id": lambda district_id: _make_partnership(),
    "commitment_id": lambda district_id: _make_commitment(),
    "import_id": lambda district_id: _make_import(),
    "message_id": lambda district_id: _make_key_message(),
    "term_id": lambda district_id: _make_glossary_term(),
    "user_id": _make_member,
    "district_id": lambda district_id: district_id,
}


def _snapshot() -> dict[str, str]:
    """A checksum of every table's rows, to prove a request changed nothing."""
    digest = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        digest[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digest


def _csrf(client) -> str:
    page = client.get("/", follow_redirects=True).text
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def _url(endpoint: str, arguments: list[str], value: int = 1) -> str:
    with _RULES_APP.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{name: value for name in arguments})


def test_every_id_parameter_has_a_factory():
    params = {a for _e, _r, _m, args in (p.values for p in ROUTES) for a in args}
    missing = params - set(ID_FACTORIES)
    assert not missing, f"add isolation factories for route parameters: {sorted(missing)}"


PROTECTED = [p for p in ROUTES if p.values[0] not in PUBLIC_ENDPOINTS]


@pytest.mark.parametrize(("endpoint", "rule", "method", "arguments"), PROTECTED)
def test_anonymous_users_are_sent_to_sign_in(client, endpoint, rule, method, arguments):
    response = client.open(_url(endpoint, arguments), method=method,
                           headers={"X-CSRFToken": "none"})
    if method in WRITE_METHODS:
        assert response.status_code in (302, 400)  # no session: no valid CSRF token either
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_the_public_allow_list_is_exactly_sign_in_health_and_static():
    assert PUBLIC_ENDPOINTS == {"auth.login", "main.health", "static"}


# A viewer may sign out, switch district and change their own password; nothing else.
# (A read sent as a POST, such as the wording check, is not a write: checked below.)
WRITES = [p for p in ROUTES if p.values[2] in WRITE_METHODS
          and p.values[0] not in SELF_SERVICE_WRITES | PUBLIC_ENDPOINTS | READS_BY_POST]
POSTED_READS = [p for p in ROUTES if p.values[2] in WRITE_METHODS
                and p.values[0] in READS_BY_POST]


def test_every_read_by_post_is_a_route():
    assert {p.values[0] for p in POSTED_READS} == READS_BY_POST


@pytest.mark.parametrize(("endpoint", "rule", "method", "arguments"), POSTED_READS)
def test_reads_sent_as_a_post_write_nothing(app, client, login_as, endpoint, rule, method,
                                            arguments):
    login_as("viewer")
    token = _csrf(client)
    with app.app_context(), tenancy.unscoped():
        before = _snapshot()
    response = client.open(_url(endpoint, arguments), method=method,
                           headers={"X-CSRFToken": token},
                           data={"text": "customized learning " * 50})
    assert response.status_code == 200
    with app.app_context(), tenancy.unscoped():
        assert _snapshot() == before


@pytest.mark.parametrize(("endpoint", "rule", "method", "arguments"), WRITES)
def test_viewers_cannot_write(app, client, login_as, endpoint, rule, method, arguments):
    login_as("viewer")
    token = _csrf(client)
    with app.app_context(), tenancy.unscoped():
        before = _snapshot()
    response = client.open(_url(endpoint, arguments), method=method,
                           headers={"X-CSRFToken": token})
    assert response.status_code == 403
    with app.app_context(), tenancy.unscoped():
        assert _snapshot() == before


ADMIN_ROUTES = [p for p in ROUTES if p.values[0].startswith("admin.")]


@pytest.mark.parametrize(("endpoint", "rule", "method", "arguments"), ADMIN_ROUTES)
def test_editors_cannot_manage_users_or_settings(client, login_as, endpoint, rule, method,
                                                 arguments):
    login_as("editor")
    token = _csrf(client)
    response = client.open(_url(endpoint, arguments), method=method,
                           headers={"X-CSRFToken": token})
    assert response.status_code == 403


ID_ROUTES = [p for p in ROUTES if p.values[3]]


@pytest.mark.parametrize(("endpoint", "rule", "method", "arguments"), ID_ROUTES)
def test_another_districts_ids_answer_404_and_change_nothing(
    app, client, login_as, other_district, endpoint, rule, method, arguments
):
    login_as("admin")
    token = _csrf(client)
    with app.app_context(), tenancy.district_context(other_district.id):
        values = {name: ID_FACTORIES[name](other_district.id) for name in arguments}
        db.session.commit()
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **values)
    with app.app_context(), tenancy.unscoped():
        before = _snapshot()
    response = client.open(url, method=method, headers={"X-CSRFToken": token},
                           data={"district_id": other_district.id})
    assert response.status_code == 404
    with app.app_context(), tenancy.unscoped():
        assert _snapshot() == before


@pytest.mark.parametrize(("endpoint", "rule", "method", "arguments"), ID_ROUTES)
def test_an_id_too_big_for_the_database_answers_404(
    client, login_as, endpoint, rule, method, arguments
):
    # 2**63 is past SQLite's integers and PostgreSQL's: the driver would fail (500).
    login_as("admin")
    token = _csrf(client)
    with _RULES_APP.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **dict.fromkeys(arguments, 2**63))
    response = client.open(url, method=method, headers={"X-CSRFToken": token})
    assert response.status_code == 404


def test_district_id_in_a_form_or_query_is_ignored(app, client, login_as, other_district):
    login_as("admin")
    with app.app_context(), tenancy.district_context(other_district.id):
        _make_stakeholder()
        db.session.commit()
    page = client.get(f"/?district_id={other_district.id}")
    assert "Northwood Unified" in page.text
    assert "Riverside City Schools" not in page.text
