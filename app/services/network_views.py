"""What the network pages show: neighbourhoods, a filtered set's graph, a stakeholder's
network position, and warm introduction paths (district scoping is automatic).

Queries load plain columns, never ORM objects for whole tables: a neighbourhood reads the
ties of the centre (and of its direct ties for two steps) through the relationship
indexes; introductions use the cached whole-district IntroGraph.

This module holds the filtered set and the metrics panel; the drawing's shapes live in
network_views_graph, neighbourhoods in network_views_neighbourhood and introductions in
network_views_intro. Callers import them all from here.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.filters import StakeholderFilter
from app.domain.intro_paths import MAX_HOPS
from app.models import NetworkJob, Stakeholder, StakeholderMetrics
from app.services import network
from app.services.network_views_graph import (
    NODE_COLUMNS,
    Edge,
    Node,
    Slice,
    chunks,
    drawn,
    rank_words,
    top_share,
)
from app.services.network_views_intro import (
    INTRODUCER_GROUP,
    INTRODUCER_LEVELS,
    MAX_INTRO_PATHS,
    IntroView,
    Step,
    has_ties,
    intro_paths,
    introducer_ids,
)
from app.services.network_views_neighbourhood import neighbourhood
from app.services.stakeholder_query import count, filtered

__all__ = [
    "INTRODUCER_GROUP", "INTRODUCER_LEVELS", "MAX_HOPS", "MAX_INTRO_PATHS", "SMALL_SET", "Edge",
    "IntroView", "Node", "Position", "Slice", "Step", "has_ties", "intro_paths",
    "introducer_ids", "neighbourhood", "position", "rank_words", "stakeholder_set", "top_share",
]

# Up to this many matches, a filtered graph reads them all and ranks them in Python.
SMALL_SET = 5_000


def _pagerank_pct(session: Session, job_id: int, ids: Sequence[int]) -> dict[int, float]:
    result: dict[int, float] = {}
    for chunk in chunks(sorted(ids)):
        result |= dict(
            session.execute(
                sa.select(StakeholderMetrics.stakeholder_id, StakeholderMetrics.pagerank_pct).where(
                    StakeholderMetrics.job_id == job_id,
                    StakeholderMetrics.stakeholder_id.in_(chunk),
                )
            ).all()
        )
    return result


def stakeholder_set(session: Session, f: StakeholderFilter, cap: int) -> Slice:
    """The stakeholders matching a filter and the ties among them, at most `cap`.

    Ranked by PageRank from the last network computation (network leaders first), then
    those not computed yet by influence. A narrow filter (few matches) reads the matches
    and ranks them here; a broad one walks the PageRank index until `cap` match.
    """
    dialect = session.get_bind().dialect.name
    total = count(session, f)
    job = network.latest_result(session)
    if total <= SMALL_SET:
        rows = session.execute(filtered(f, dialect, *NODE_COLUMNS)).all()
        pct = {} if job is None else _pagerank_pct(session, job.id, [r.id for r in rows])
        rows.sort(key=lambda r: (-pct.get(r.id, -1.0), -r.influence, r.id))
        nodes = [Node(*r, pagerank_pct=pct.get(r.id)) for r in rows[:cap]]
    else:
        rows = []
        if job is not None:
            rows = session.execute(
                filtered(f, dialect, *NODE_COLUMNS, StakeholderMetrics.pagerank_pct)
                .join(
                    StakeholderMetrics,
                    sa.and_(
                        StakeholderMetrics.stakeholder_id == Stakeholder.id,
                        StakeholderMetrics.job_id == job.id,
                    ),
                )
                .order_by(StakeholderMetrics.pagerank_pct.desc(), Stakeholder.id)
                .limit(cap)
            ).all()
        if len(rows) < cap:  # not computed yet (new district, or people added since)
            rest = filtered(f, dialect, *NODE_COLUMNS, sa.null().label("pagerank_pct"))
            if job is not None:
                rest = rest.where(
                    ~sa.exists().where(
                        StakeholderMetrics.job_id == job.id,
                        StakeholderMetrics.stakeholder_id == Stakeholder.id,
                    )
                )
            order = (Stakeholder.influence.desc(), Stakeholder.name_key, Stakeholder.id)
            rows += session.execute(rest.order_by(*order).limit(cap - len(rows))).all()
        nodes = [Node(*r[:-1], pagerank_pct=r.pagerank_pct) for r in rows]
    return drawn(session, nodes, total, cap)


# ---------------------------------------------------------------- metrics panel


@dataclass(frozen=True)
class Position:
    """A stakeholder's network position as the metrics panel shows it."""

    result: NetworkJob | None  # the last finished computation
    recomputing: bool
    metrics: StakeholderMetrics | None
    broker: str | None = None  # "top 4%", "lower half", None: no brokerage at all
    leader: str | None = None
    groups_reached: list[str] = field(default_factory=list)

    @property
    def exact_betweenness(self) -> bool:
        return bool(self.result and "exact" in self.result.method)


def position(session: Session, stakeholder_id: int) -> Position:
    """Degree, brokerage and PageRank percentiles and groups reached, with the result's age."""
    result = network.latest_result(session)
    recomputing = network.pending_job(session) is not None
    metrics = None
    if result is not None:
        metrics = session.get(StakeholderMetrics, (result.id, stakeholder_id))
    if metrics is None:
        return Position(result, recomputing, None)
    return Position(
        result,
        recomputing,
        metrics,
        broker=rank_words(metrics.brokerage_pct, metrics.brokerage),
        leader=rank_words(metrics.pagerank_pct, metrics.pagerank),
        groups_reached=[g for g in metrics.groups_reached.split(",") if g],
    )
