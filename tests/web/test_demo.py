"""`flask demo`: the demo districts and the seeded benchmark district."""

from datetime import UTC, datetime

import sqlalchemy as sa
import time_machine

from app import tenancy
from app.domain import ratings
from app.domain.vocab import GROUPS, RELATIONSHIP_TYPES
from app.extensions import db
from app.models import (
    Assessment,
    AuditEvent,
    District,
    Membership,
    Relationship,
    Stakeholder,
    StakeholderLanguage,
    User,
)
from app.models.search import matches
from app.services.demo_data import DEMO_PASSWORD

DEMO = "Maple Valley School District"


def _district_id(name: str) -> int | None:
    return db.session.scalar(sa.select(District.id).where(District.name == name))


def _count(model, district_id: int) -> int:
    with tenancy.district_context(district_id):
        return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_demo_loads_a_realistic_district(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5000" in result.output and DEMO_PASSWORD in result.output
    with app.app_context():
        district_id = _district_id(DEMO)
        with tenancy.district_context(district_id):
            groups = set(db.session.scalars(sa.select(Stakeholder.group).distinct()))
            assert groups >= {value for value, _label in GROUPS}
            assert 300 <= _count(Stakeholder, district_id) <= 400
            names = set(db.session.scalars(
                sa.select(Stakeholder.name).where(Stakeholder.kind == "organisation")))
            for org in ("Maple Valley Precision Manufacturing", "Maple Valley Regional Hospital",
                        "Maple Valley Community College", "Northern State University",
                        "Maple Valley Chamber of Commerce"):
                assert org in names
            languages = set(db.session.scalars(sa.select(StakeholderLanguage.language)))
            assert {"English", "Spanish", "Somali"} <= languages
        assert 30 <= _count(Stakeholder, _district_id("Lakeshore Unified")) <= 50


def test_demo_logins_work(runner, auth, app):
    runner.invoke(args=["demo"])
    for email in ("admin@example.org", "partnerships@example.org", "comms@example.org",
                  "viewer@example.org"):
        assert auth.login(email, password=DEMO_PASSWORD).status_code == 302
        auth.logout()
    with app.app_context():
        roles = dict(db.session.execute(
            sa.select(District.name, Membership.role).join(Membership).join(User)
            .where(User.email == "admin@example.org")).all())
    assert roles == {DEMO: "admin", "Lakeshore Unified": "editor"}


def test_demo_rows_are_consistent(runner, app):
    runner.invoke(args=["demo"])
    with app.app_context(), tenancy.district_context(_district_id(DEMO)):
        district_id = _district_id(DEMO)
        latest = {}
        for a in db.session.scalars(sa.select(Assessment).order_by(Assessment.assessed_at)):
            latest[a.stakeholder_id] = a
        for s in db.session.scalars(sa.select(Stakeholder)):
            assert s.quadrant == ratings.quadrant(s.influence, s.interest).key
            assert s.engagement_gap == ratings.engagement_gap(s.engagement_current,
                                                              s.engagement_desired)
            assert s.salience == ratings.salience_class(s.has_power, s.has_legitimacy,
                                                        s.has_urgency)
            assert (s.name_key, s.version) == (s.name.lower(), 1)
            last = latest[s.id]
            assert (last.engagement_current, last.influence) == (s.engagement_current, s.influence)
            assert s.updated_at == last.assessed_at
        assert _count(Assessment, district_id) > _count(Stakeholder, district_id)
        average_degree = 2 * _count(Relationship, district_id) / _count(Stakeholder, district_id)
        assert 3 <= average_degree <= 6
    source, target = sa.orm.aliased(Stakeholder), sa.orm.aliased(Stakeholder)
    types = {value for value, _label in RELATIONSHIP_TYPES}
    with app.app_context(), tenancy.unscoped():  # every district's ties, unfiltered
        ties = db.session.execute(
            sa.select(Relationship, source.district_id, target.district_id)
            .join(source, source.id == Relationship.source_id)
            .join(target, target.id == Relationship.target_id)).all()
        assert len(ties) == db.session.scalar(sa.select(sa.func.count(Relationship.id)))
        for tie, source_district, target_district in ties:
            assert tie.source_id < tie.target_id and 1 <= tie.strength <= 3
            assert tie.type in types
            assert source_district == target_district == tie.district_id


def test_nothing_in_the_demo_happened_after_it_was_loaded(runner, app):
    # Early in the morning, today's meetings (recorded at mid-afternoon) were still to
    # come, and the list said "just now" of a last contact hours in the future.
    loaded_at = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    with time_machine.travel(loaded_at, tick=False):
        result = runner.invoke(args=["demo", "--stakeholders", "500", "--relationships", "2000"])
    assert result.exit_code == 0, result.output
    with app.app_context(), tenancy.district_context(_district_id("Benchmark District")):
        latest = db.session.scalar(sa.select(sa.func.max(Stakeholder.last_contact_at)))
        contacted_today = db.session.scalar(sa.select(sa.func.count(Stakeholder.id)).where(
            Stakeholder.last_contact_at >= datetime(2026, 12, 3, tzinfo=UTC)))
    assert latest <= loaded_at
    assert contacted_today, "the demo still has people contacted today"


def test_demo_twice_changes_nothing_and_reset_reloads(runner, app):
    runner.invoke(args=["demo"])
    with app.app_context():
        first_id = _district_id(DEMO)
        counts = (_count(Stakeholder, first_id), _count(Relationship, first_id))
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already exists" in again.output
    with app.app_context():
        assert (_count(Stakeholder, first_id), _count(Relationship, first_id)) == counts
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 4
    reset = runner.invoke(args=["demo", "--reset"])
    assert reset.exit_code == 0, reset.output
    with app.app_context():
        new_id = _district_id(DEMO)
        assert new_id != first_id
        assert (_count(Stakeholder, new_id), _count(Relationship, new_id)) == counts
        expected = sum(_count(Stakeholder, _district_id(n)) for n in (DEMO, "Lakeshore Unified"))
        with tenancy.unscoped():  # nothing is left behind from the deleted district
            assert db.session.scalar(sa.select(sa.func.count(Stakeholder.id))) == expected


def test_small_benchmark_has_exactly_the_counts_asked_for(runner, app):
    result = runner.invoke(args=["demo", "--stakeholders", "500", "--relationships", "2000"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        district_id = _district_id("Benchmark District")
        assert _count(Stakeholder, district_id) == 500
        assert _count(Relationship, district_id) == 2000
        with tenancy.district_context(district_id):
            assert db.session.scalar(sa.select(sa.func.count(Relationship.id))
                                     .where(Relationship.source_id >= Relationship.target_id)) == 0
            events = db.session.scalars(sa.select(AuditEvent.action)).all()
            assert events.count("demo_load") == 1
            name = db.session.scalars(sa.select(Stakeholder.name).where(
                Stakeholder.kind == "person")).first()
            found = db.session.scalars(sa.select(Stakeholder.name).where(
                matches(name, db.engine.dialect.name))).all()
            assert name in found  # the search index covers the bulk-loaded rows
        role = db.session.scalar(
            sa.select(Membership.role).join(User).where(User.email == "admin@example.org",
                                                        Membership.district_id == district_id))
        assert role == "admin"


def test_benchmark_options_need_stakeholders(runner):
    result = runner.invoke(args=["demo", "--relationships", "10"])
    assert result.exit_code == 2
    assert "--stakeholders" in result.output


def test_demo_computes_the_network_so_champions_have_figures(app, runner):
    import sqlalchemy as sa

    from app import tenancy
    from app.extensions import db
    from app.models import District, StakeholderMetrics
    from app.services import network

    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        with tenancy.unscoped():
            district = db.session.scalar(
                sa.select(District).where(District.name == "Maple Valley School District"))
        with tenancy.district_context(district.id):
            job = network.latest_result(db.session)
            assert job is not None and job.nodes > 300
            top = db.session.scalar(sa.select(sa.func.max(StakeholderMetrics.brokerage_pct)))
            assert top > 90


def test_demo_seats_a_table_with_gaps_left_to_fill(app, runner):
    import sqlalchemy as sa

    from app import tenancy
    from app.extensions import db
    from app.models import District, Stakeholder, TableSeat

    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        with tenancy.unscoped():
            district = db.session.scalar(
                sa.select(District).where(District.name == "Maple Valley School District"))
        with tenancy.district_context(district.id):
            seated = db.session.execute(
                sa.select(Stakeholder.name, Stakeholder.group, TableSeat.body)
                .join(TableSeat, TableSeat.stakeholder_id == Stakeholder.id)).all()
    assert ("Renee Alvarez", "district_staff", "visioning_team") in seated
    assert {"business", "higher_ed", "educator"} <= {g for _n, g, _b in seated}
    assert "parent" not in {g for _n, g, _b in seated}, "parents are the visible gap"


def test_demo_speaks_with_one_voice(app, runner):
    """The glossary, key messages and answered concerns: pages have something true to show."""
    from app.domain import glossary
    from app.models import Concern, GlossaryTerm, KeyMessage

    runner.invoke(args=["demo"])
    with app.app_context(), tenancy.district_context(_district_id(DEMO)):
        terms = db.session.scalars(sa.select(GlossaryTerm)).all()
        assert "personalized learning" in {t.term for t in terms}
        audiences = set(db.session.scalars(sa.select(KeyMessage.audience)))
        assert {"all", "parent", "business", "higher_ed"} <= audiences
        concerns = db.session.scalars(sa.select(Concern)).all()
        answered = [c for c in concerns if not c.is_open]
        assert answered and all(c.answer for c in answered)
        assert all(c.answer == "" for c in concerns if c.is_open)
        texts = db.session.scalars(sa.select(KeyMessage.text)).all()
        flagged = [t for t in texts if glossary.check(t, terms)]
        assert len(flagged) == 1  # one draft still says "individualized learning"
