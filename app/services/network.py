"""Network metrics per district: change detection, a job queue, and recomputation.

A change to stakeholders (added, removed, regrouped) or relationships marks the
district's network changed and queues one pending job, in the same transaction as
the change. Any worker may claim a pending job with a conditional UPDATE, so on many
workers and hosts exactly one computes it. A recomputation writes a new generation
of metric rows in short transactions and switches readers over when it marks the job
done, so pages always show a complete result, with its age, and never wait for one.
"""

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app import tenancy
from app.domain.intro_paths import IntroGraph, with_affiliations
from app.domain.network import compute_metrics
from app.extensions import db
from app.models import (
    Affiliation,
    District,
    NetworkJob,
    Relationship,
    Stakeholder,
    StakeholderMetrics,
)

log = logging.getLogger("groundwork.network")

STALE_RUNNING = timedelta(minutes=15)  # a claimed job whose worker died is retried after this
KEEP_DONE_JOBS = 3
_CHUNK = 10_000
_STAKEHOLDER_FIELDS = ("group", "kind")


def _now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- change detection


def _affiliation_changes(session: Session) -> set[int]:
    """Districts whose affiliations (ties of the introduction graph) change in this flush."""
    districts = {obj.district_id for obj in session.new | session.deleted
                 if isinstance(obj, Affiliation)}
    for obj in session.dirty:
        if isinstance(obj, Affiliation):
            state = inspect(obj)
            if any(state.attrs[f].history.has_changes()
                   for f in ("person_id", "organisation_id")):
                districts.add(obj.district_id)
    return {d for d in districts if d is not None}


def _network_changes(session: Session) -> set[int]:
    districts: set[int] = set()
    for obj in session.new | session.deleted:
        if isinstance(obj, Stakeholder | Relationship):
            districts.add(obj.district_id)
    for obj in session.dirty:
        if isinstance(obj, Relationship):
            if inspect(obj).attrs.strength.history.has_changes():
                districts.add(obj.district_id)
        elif isinstance(obj, Stakeholder):
            state = inspect(obj)
            if any(state.attrs[f].history.has_changes() for f in _STAKEHOLDER_FIELDS):
                districts.add(obj.district_id)
    return {d for d in districts if d is not None}


def _before_flush(session: Session, _context, _instances) -> None:
    changed = _network_changes(session)
    if changed:
        session.info.setdefault("network_changed", set()).update(changed)
    affiliations = _affiliation_changes(session)
    if affiliations:
        session.info.setdefault("affiliations_changed", set()).update(affiliations)


def _after_flush(session: Session, _context) -> None:
    changed = session.info.pop("network_changed", set())
    for district_id in changed:
        mark_changed(session, district_id)
    for district_id in session.info.pop("affiliations_changed", set()) - changed:
        mark_ties_changed(session, district_id)


def mark_changed(session: Session, district_id: int) -> None:
    """Record that a district's network changed and queue a recomputation (once).

    Call it after Core bulk writes, which bypass the ORM hooks.
    """
    conn = session.connection()
    now = _now()
    conn.execute(sa.update(District.__table__).where(District.__table__.c.id == district_id)
                 .values(network_changed_at=now))
    jobs = NetworkJob.__table__
    pending = sa.select(jobs.c.id).where(jobs.c.district_id == district_id,
                                         jobs.c.status == "pending")
    if conn.execute(pending.limit(1)).first() is None:
        conn.execute(sa.insert(jobs).values(district_id=district_id, status="pending",
                                            requested_at=now, claimed_by="", nodes=0,
                                            edges=0, seconds=0.0, error="", method=""))


def mark_ties_changed(session: Session, district_id: int) -> None:
    """Record that a district's affiliations changed: the introduction graph (which has
    them as ties) is rebuilt. The metrics are computed from relationships only, so no
    recomputation is queued."""
    session.connection().execute(
        sa.update(District.__table__).where(District.__table__.c.id == district_id)
        .values(network_changed_at=_now()))


def install() -> None:
    """Register the change detection hooks (idempotent)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)


# ---------------------------------------------------------------- reading results


def latest_result(session: Session) -> NetworkJob | None:
    """The current district's last finished recomputation, if any."""
    return session.scalar(
        sa.select(NetworkJob).where(NetworkJob.status == "done")
        .order_by(NetworkJob.id.desc()).limit(1)
    )


def pending_job(session: Session) -> NetworkJob | None:
    """A queued or running recomputation of the current district, if any."""
    return session.scalar(
        sa.select(NetworkJob).where(NetworkJob.status.in_(("pending", "running")))
        .order_by(NetworkJob.id.desc()).limit(1)
    )


def metrics_for(session: Session, stakeholder_id: int) -> StakeholderMetrics | None:
    """One stakeholder's metrics from the last finished recomputation."""
    job = latest_result(session)
    if job is None:
        return None
    return session.get(StakeholderMetrics, (job.id, stakeholder_id))


# ---------------------------------------------------------------- computing


def load_graph(session: Session) -> tuple[list[int], list[tuple[int, int, int]], dict[int, str]]:
    """The current district's stakeholders, ties and groups as plain data."""
    people = session.execute(sa.select(Stakeholder.id, Stakeholder.group)).all()
    edges = session.execute(
        sa.select(Relationship.source_id, Relationship.target_id, Relationship.strength)
    ).all()
    return ([p.id for p in people], [tuple(e) for e in edges], {p.id: p.group for p in people})


def run_job(session: Session, job_id: int) -> None:
    """Compute the metrics for a claimed job and publish them (district from the job)."""
    with tenancy.unscoped():
        district_id = session.scalar(sa.select(NetworkJob.district_id)
                                     .where(NetworkJob.id == job_id))
    with tenancy.district_context(district_id):
        started = time.perf_counter()
        try:
            nodes, edges, groups = load_graph(session)
            session.commit()  # end the read transaction before the long computation
            result = compute_metrics(nodes, edges, groups)
            rows = [
                {"job_id": job_id, "district_id": district_id, "stakeholder_id": m.node,
                 "degree": m.degree, "weighted_degree": m.weighted_degree,
                 "pagerank": m.pagerank, "pagerank_pct": m.pagerank_percentile,
                 "brokerage": m.brokerage, "brokerage_pct": m.brokerage_percentile,
                 "cross_group_ties": m.cross_group_ties,
                 "groups_reached": ",".join(sorted(m.groups_reached))[:400]}
                for m in result.by_node.values()
            ]
            table = StakeholderMetrics.__table__
            for start in range(0, len(rows), _CHUNK):
                session.execute(sa.insert(table), rows[start:start + _CHUNK])
                session.commit()
            session.execute(
                sa.update(NetworkJob).where(NetworkJob.id == job_id).values(
                    status="done", finished_at=_now(), nodes=len(nodes), edges=len(edges),
                    seconds=round(time.perf_counter() - started, 3),
                    method=result.brokerage_method[:200])
            )
            session.commit()
            _prune(session, job_id)
        except Exception as exc:  # record the failure; the page keeps the last result
            session.rollback()
            log.exception("network recomputation %s failed", job_id)
            session.execute(sa.update(NetworkJob).where(NetworkJob.id == job_id).values(
                status="failed", finished_at=_now(), error=str(exc)[:500]))
            session.commit()


def _prune(session: Session, current_job_id: int) -> None:
    """Delete older generations of metrics, and all but the last few finished jobs."""
    session.execute(sa.delete(StakeholderMetrics)
                    .where(StakeholderMetrics.job_id < current_job_id))
    old = session.scalars(
        sa.select(NetworkJob.id).where(NetworkJob.status.in_(("done", "failed")),
                                       NetworkJob.id < current_job_id)
        .order_by(NetworkJob.id.desc()).offset(KEEP_DONE_JOBS - 1)
    ).all()
    if old:
        session.execute(sa.delete(NetworkJob).where(NetworkJob.id.in_(old)))
    session.commit()


def claim_next_job(session: Session, worker: str) -> int | None:
    """Atomically take the oldest pending job of any district; None when there is none."""
    with tenancy.unscoped():
        session.execute(
            sa.update(NetworkJob)
            .where(NetworkJob.status == "running", NetworkJob.started_at < _now() - STALE_RUNNING)
            .values(status="pending")
        )
        job_id = session.scalar(sa.select(NetworkJob.id).where(NetworkJob.status == "pending")
                                .order_by(NetworkJob.id).limit(1))
        if job_id is None:
            session.commit()
            return None
        claimed = session.execute(
            sa.update(NetworkJob)
            .where(NetworkJob.id == job_id, NetworkJob.status == "pending")
            .values(status="running", claimed_by=worker[:120], started_at=_now())
        ).rowcount
        session.commit()
    return job_id if claimed == 1 else None


def run_pending_jobs(session: Session, worker: str = "inline") -> int:
    """Claim and run pending jobs until none is left; returns how many ran."""
    ran = 0
    while (job_id := claim_next_job(session, worker)) is not None:
        run_job(session, job_id)
        ran += 1
    return ran


def recompute_now(session: Session, district_id: int) -> NetworkJob:
    """Queue and run a recomputation of one district synchronously (CLI, benchmarks)."""
    with tenancy.district_context(district_id):
        mark_changed(session, district_id)
        session.commit()
    run_pending_jobs(session, worker=f"cli@{socket.gethostname()}")
    with tenancy.district_context(district_id):
        return latest_result(session)


# ---------------------------------------------------------------- background worker

_worker_started = False
_worker_lock = threading.Lock()


def start_background_worker(app: Flask, poll_seconds: float = 2.0) -> None:
    """Start this process's daemon thread that runs queued recomputations (once)."""
    global _worker_started
    if _worker_started:
        return
    with _worker_lock:
        if _worker_started:
            return
        _worker_started = True
    worker = f"{socket.gethostname()}:{os.getpid()}"

    def loop() -> None:
        while True:
            try:
                with app.app_context():
                    if run_pending_jobs(db.session, worker) == 0:
                        db.session.remove()
                        time.sleep(poll_seconds)
                    db.session.remove()
            except Exception:  # keep the worker alive; the error is logged
                log.exception("network worker error")
                time.sleep(poll_seconds * 5)

    threading.Thread(target=loop, name="network-worker", daemon=True).start()


# ---------------------------------------------------------------- introduction graph cache

_intro_graphs: dict[int, tuple[tuple, IntroGraph]] = {}
_intro_lock = threading.Lock()


def intro_graph(session: Session, district: District) -> IntroGraph:
    """The district's whole graph for introduction paths: relationships, and affiliations
    as strong ties (edge id: the affiliation's id negated). Cached per process until the
    district's network or affiliations change."""
    changed_at = session.scalar(sa.select(District.network_changed_at)
                                .where(District.id == district.id))
    token = (district.created_at, changed_at)  # ids outlive a deleted district on SQLite
    cached = _intro_graphs.get(district.id)
    if cached is not None and cached[0] == token:
        return cached[1]
    edges = session.execute(sa.select(Relationship.source_id, Relationship.target_id,
                                      Relationship.strength, Relationship.id)).all()
    affiliations = session.execute(sa.select(Affiliation.person_id, Affiliation.organisation_id,
                                             Affiliation.id)).all()
    graph = IntroGraph.from_edges(with_affiliations([tuple(e) for e in edges],
                                                    [tuple(a) for a in affiliations]))
    with _intro_lock:
        _intro_graphs[district.id] = (token, graph)
    return graph
