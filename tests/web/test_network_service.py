"""Network metrics: change detection queues one job, one worker claims it, results switch
over whole, and the introduction graph cache follows changes."""

import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import (
    Affiliation,
    District,
    NetworkJob,
    Relationship,
    Stakeholder,
    StakeholderMetrics,
)
from app.services import network
from app.services import stakeholders as svc

RATINGS = svc.Ratings(3, 3, "neutral", "supportive", False, True, False)


def _people(names_groups):
    ids = []
    for name, group in names_groups:
        s = Stakeholder(name=name, group=group)
        svc.rate(db.session, s, RATINGS, by_user_id=None)
        ids.append(s.id)
    return ids


def _tie(a, b, strength=2):
    db.session.add(Relationship(source_id=min(a, b), target_id=max(a, b), strength=strength))


def _jobs(status=None):
    query = sa.select(NetworkJob)
    if status:
        query = query.where(NetworkJob.status == status)
    return db.session.scalars(query).all()


def test_adding_people_and_ties_queues_exactly_one_recomputation(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        a, b, c = _people([("Ana", "parent"), ("Ben", "educator"), ("Cy", "business")])
        _tie(a, b)
        db.session.commit()
        _tie(b, c)
        db.session.commit()
        assert len(_jobs("pending")) == 1
        assert db.session.get(District, district.id).network_changed_at is not None


def test_rating_changes_do_not_queue_recomputation(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        (a,) = _people([("Ana", "parent")])
        db.session.commit()
        network.run_pending_jobs(db.session)
        s = db.session.get(Stakeholder, a)
        svc.rate(db.session, s, RATINGS.replace(influence=5), by_user_id=None)
        db.session.commit()
        assert _jobs("pending") == []
        s.group = "business"
        db.session.commit()
        assert len(_jobs("pending")) == 1, "a new group changes which groups ties reach"


def test_recomputation_publishes_metrics_the_bridge_is_the_top_broker(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        left = _people([(f"Parent {i}", "parent") for i in range(4)])
        right = _people([(f"Employer {i}", "business") for i in range(4)])
        (bridge,) = _people([("Maria, parent liaison", "community")])
        for group in (left, right):
            for i, x in enumerate(group):
                for y in group[i + 1:]:
                    _tie(x, y, 3)
        _tie(bridge, left[0], 2)
        _tie(bridge, right[0], 2)
        db.session.commit()
        assert network.run_pending_jobs(db.session) == 1
        job = network.latest_result(db.session)
        assert (job.nodes, job.edges) == (9, 14)
        ranked = db.session.scalars(
            sa.select(StakeholderMetrics.stakeholder_id)
            .where(StakeholderMetrics.job_id == job.id)
            .order_by(StakeholderMetrics.brokerage.desc())
        ).all()
        assert ranked[0] == bridge
        bridge_metrics = network.metrics_for(db.session, bridge)
        assert bridge_metrics.degree == 2
        assert bridge_metrics.groups_reached == "business,parent"


def test_a_new_generation_replaces_the_old_one(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        a, b = _people([("Ana", "parent"), ("Ben", "educator")])
        db.session.commit()
        network.run_pending_jobs(db.session)
        first = network.latest_result(db.session)
        _tie(a, b)
        db.session.commit()
        network.run_pending_jobs(db.session)
        second = network.latest_result(db.session)
        assert second.id > first.id
        generations = db.session.scalars(
            sa.select(sa.distinct(StakeholderMetrics.job_id))).all()
        assert generations == [second.id]
        assert network.metrics_for(db.session, a).degree == 1


def test_only_one_worker_claims_a_job(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        _people([("Ana", "parent")])
        db.session.commit()
    with app.app_context():
        first = network.claim_next_job(db.session, "worker-1")
        second = network.claim_next_job(db.session, "worker-2")
    assert first is not None and second is None


def test_a_failed_recomputation_keeps_the_last_result(app, district, monkeypatch):
    with app.app_context(), tenancy.district_context(district.id):
        a, b = _people([("Ana", "parent"), ("Ben", "educator")])
        db.session.commit()
        network.run_pending_jobs(db.session)
        good = network.latest_result(db.session)
        _tie(a, b)
        db.session.commit()

        def broken(*_args, **_kwargs):
            raise MemoryError("out of memory")

        monkeypatch.setattr(network, "compute_metrics", broken)
        network.run_pending_jobs(db.session)
        assert network.latest_result(db.session).id == good.id
        failed = _jobs("failed")
        assert [j.error for j in failed] == ["out of memory"]
        assert network.metrics_for(db.session, a).degree == 0


def test_intro_graph_cache_follows_changes(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        a, b, c = _people([("Ana", "parent"), ("Ben", "educator"), ("Cy", "business")])
        _tie(a, b)
        db.session.commit()
        d = db.session.get(District, district.id)
        graph = network.intro_graph(db.session, d)
        assert network.intro_graph(db.session, d) is graph, "cached while nothing changes"
        _tie(b, c)
        db.session.commit()
        assert network.intro_graph(db.session, d) is not graph


def test_intro_graph_has_affiliations_as_ties_and_follows_their_changes(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        a, b = _people([("Ana", "parent"), ("Ben", "educator")])
        firm = Stakeholder(name="Firm", group="business", kind="organisation")
        svc.rate(db.session, firm, RATINGS, by_user_id=None)
        _tie(a, b, 3)
        db.session.commit()
        network.run_pending_jobs(db.session)
        d = db.session.get(District, district.id)
        graph = network.intro_graph(db.session, d)
        assert firm.id not in graph.ids.tolist()
        job = Affiliation(person_id=b, organisation_id=firm.id, title="Owner")
        db.session.add(job)
        db.session.commit()
        assert _jobs("pending") == [], "metrics use relationships only: nothing to recompute"
        with_job = network.intro_graph(db.session, d)
        assert with_job is not graph, "an affiliation changes the introduction graph"
        [path] = with_job.best_paths(firm.id, {a})
        assert path.nodes == (a, b, firm.id) and path.edge_ids[-1] == -job.id
        db.session.delete(job)
        db.session.commit()
        assert firm.id not in network.intro_graph(db.session, d).ids.tolist()


def test_recompute_command(app, runner, district):
    with app.app_context(), tenancy.district_context(district.id):
        _people([("Ana", "parent")])
        db.session.commit()
    result = runner.invoke(args=["network", "recompute", "--district", "Northwood Unified"])
    assert result.exit_code == 0, result.output
    assert "1 stakeholders, 0 relationships" in result.output
