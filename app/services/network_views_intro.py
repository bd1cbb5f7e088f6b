"""Warm introductions: who can introduce, and the best paths from them to a stakeholder,
found in the cached whole-district IntroGraph and dressed with the ties and people on them."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.intro_paths import AFFILIATION_STRENGTH, MAX_HOPS, IntroGraph, is_affiliation
from app.models import Affiliation, District, Relationship, Stakeholder
from app.services import network
from app.services.network_views_graph import NODE_COLUMNS, rows_by_id

INTRODUCER_LEVELS = ("supportive", "leading")
INTRODUCER_GROUP = "district_staff"
MAX_INTRO_PATHS = 5
# A step along an affiliation, not a relationship type: shown as is ("Affiliation, strong tie").
AFFILIATION = "Affiliation"


def introducer_ids(session: Session) -> frozenset[int]:
    """Everyone who can make an introduction: supportive or leading, or district staff.

    One query returning one aggregated value: building a result row per id cost ~100 ms
    for 40,000 ids in SQLAlchemy; the aggregate takes ~10 ms.
    """
    who = sa.or_(
        Stakeholder.engagement_current.in_(INTRODUCER_LEVELS), Stakeholder.group == INTRODUCER_GROUP
    )
    if session.get_bind().dialect.name == "postgresql":
        ids = session.scalar(sa.select(sa.func.array_agg(Stakeholder.id)).where(who))
        return frozenset(ids or ())
    text = session.scalar(sa.select(sa.func.group_concat(Stakeholder.id)).where(who))
    return frozenset(map(int, text.split(","))) if text else frozenset()


@dataclass(frozen=True)
class Step:
    """One tie of a path: from the previous person to `person`. An affiliation's step has
    relationship_type AFFILIATION and the person's title at the organisation."""

    relationship_type: str
    strength: int
    person: sa.Row
    title: str = ""

    @property
    def is_affiliation(self) -> bool:
        return self.relationship_type == AFFILIATION


@dataclass(frozen=True)
class IntroView:
    """A path ready to show: the introducer, then each tie and the person it reaches."""

    introducer: sa.Row
    steps: list[Step]
    cost: int

    @property
    def hops(self) -> int:
        return len(self.steps)

    @property
    def warmth(self) -> int:
        """1-9, higher is warmer: 10 minus the path's cost (1 strong tie: 9; 3 weak: 1)."""
        return 3 * MAX_HOPS + 1 - self.cost

    @property
    def warmth_word(self) -> str:
        """Very warm (8-9), warm (6-7), lukewarm (4-5) or cool (1-3)."""
        for floor, word in ((8, "Very warm"), (6, "Warm"), (4, "Lukewarm")):
            if self.warmth >= floor:
                return word
        return "Cool"


def has_ties(graph: IntroGraph, stakeholder_id: int) -> bool:
    """True when the stakeholder has at least one relationship or affiliation in the graph."""
    pos = int(graph.ids.searchsorted(stakeholder_id))
    return (
        pos < len(graph.ids)
        and int(graph.ids[pos]) == stakeholder_id
        and int(graph.degree[pos]) > 0
    )


def _ties(session: Session, edge_ids: set[int]) -> dict[int, tuple[str, int, str]]:
    """Edge id -> (type, strength, title) of the relationships and affiliations (edge id:
    the affiliation id negated) on the paths: one query for each kind present."""
    found: dict[int, tuple[str, int, str]] = {}
    relationship_ids = [e for e in edge_ids if not is_affiliation(e)]
    affiliation_ids = [-e for e in edge_ids if is_affiliation(e)]
    if relationship_ids:
        for r in session.execute(
            sa.select(Relationship.id, Relationship.type, Relationship.strength).where(
                Relationship.id.in_(relationship_ids)
            )
        ):
            found[r.id] = (r.type, r.strength, "")
    if affiliation_ids:
        for a in session.execute(
            sa.select(Affiliation.id, Affiliation.title).where(Affiliation.id.in_(affiliation_ids))
        ):
            found[-a.id] = (AFFILIATION, AFFILIATION_STRENGTH, a.title or "")
    return found


def intro_paths(
    session: Session,
    district: District,
    target_id: int,
    sources: frozenset[int],
    limit: int = MAX_INTRO_PATHS,
) -> tuple[bool, list[IntroView]]:
    """(target has any tie, the best paths to them), one per introducer, best first.

    A few small queries after the cached graph: none when no path exists, else the
    relationships and the affiliations on the paths (a query for each kind present) and
    the people on them (one query).
    """
    graph = network.intro_graph(session, district)
    if not has_ties(graph, target_id):
        return False, []
    paths = graph.best_paths(target_id, sources, max_hops=MAX_HOPS, limit=limit)
    if not paths:
        return True, []
    ties = _ties(session, {e for p in paths for e in p.edge_ids})
    people = rows_by_id(session, {n for p in paths for n in p.nodes}, *NODE_COLUMNS)
    views = []
    for p in paths:
        if any(e not in ties for e in p.edge_ids) or any(n not in people for n in p.nodes):
            continue  # a tie or person removed a moment ago (the graph cache follows)
        steps = [
            Step(ties[e][0], ties[e][1], people[n], ties[e][2])
            for e, n in zip(p.edge_ids, p.nodes[1:], strict=True)
        ]
        views.append(IntroView(people[p.nodes[0]], steps, p.cost))
    return True, views
