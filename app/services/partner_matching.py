"""Suggested partners: organisations not in the pipeline that fit the district's pathways,
ranked and explained (app.domain.matching), with the warmest introduction path.

Speed at 100,000 stakeholders: organisations are read as plain columns (one query, plus
one for their tags), matched once, and the result is kept per process and district,
keyed by the newest audit event (every change to a stakeholder, tag, pathway or
partnership writes one), so a warm page only slices the cached ranking. Introduction
paths are computed for the rows of the page shown only.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import matching, pipeline
from app.models import AuditEvent, District, Partnership, Pathway, Stakeholder, Tag
from app.models.stakeholder import Affiliation, stakeholder_tags
from app.services import network, network_views
from app.tenancy import district_epoch

DISTRICTS_KEPT = 8
AFFILIATES_TRIED = 5  # people of the organisation an introduction may go through


@dataclass(frozen=True)
class MatchResult:
    """The district's matches for one data version."""

    token: tuple
    pathways: tuple[matching.PathwayTerms, ...]
    by_pathway: dict[int, list[matching.Match]]
    best: list[matching.Match]  # each organisation's best pathway, ranked
    past: dict[int, str]  # organisation id -> stage of its latest paused/ended partnership

    def ranked(self, pathway_id: int | None) -> list[matching.Match]:
        return self.best if pathway_id is None else self.by_pathway.get(pathway_id, [])


_cache: "OrderedDict[int, MatchResult]" = OrderedDict()
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every cached match result (tests, benchmarks)."""
    with _lock:
        _cache.clear()


def data_token(session: Session, district_id: int) -> tuple:
    """(district and its epoch, newest audit event): one indexed lookup."""
    return (district_id, district_epoch(), session.scalar(sa.select(sa.func.max(AuditEvent.id))))


def pathway_terms(session: Session) -> tuple[matching.PathwayTerms, ...]:
    rows = session.execute(sa.select(Pathway.id, Pathway.name, Pathway.keywords, Pathway.sectors)
                           .order_by(Pathway.name, Pathway.id))
    return tuple(matching.PathwayTerms(r.id, r.name, matching.terms(r.keywords),
                                       matching.terms(r.sectors)) for r in rows)


def _organisations(session: Session, skip: set[int]) -> list[matching.Organisation]:
    """Every organisation not in `skip`: id, name, sector, notes and tag names."""
    tags: dict[int, list[str]] = {}
    for sid, name in session.execute(
            sa.select(stakeholder_tags.c.stakeholder_id, Tag.name)
            .join(Tag, Tag.id == stakeholder_tags.c.tag_id)
            .join(Stakeholder, Stakeholder.id == stakeholder_tags.c.stakeholder_id)
            .where(Stakeholder.kind == "organisation").order_by(Tag.name)):
        tags.setdefault(sid, []).append(name)
    rows = session.execute(sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.sector,
                                     Stakeholder.notes)
                           .where(Stakeholder.kind == "organisation"))
    return [matching.Organisation(i, name, sector or "", notes or "", tuple(tags.get(i, ())))
            for i, name, sector, notes in rows if i not in skip]


def _build(session: Session, token: tuple) -> MatchResult:
    pathways = pathway_terms(session)
    in_pipeline: set[int] = set()
    past: dict[int, str] = {}
    for org_id, stage in session.execute(
            sa.select(Partnership.organisation_id, Partnership.stage)
            .order_by(Partnership.stage_changed_at, Partnership.id)):
        if stage in pipeline.OPEN_STAGES:
            in_pipeline.add(org_id)
        else:
            past[org_id] = stage
    by_pathway: dict[int, list[matching.Match]] = {p.id: [] for p in pathways}
    if any(p.keywords or p.sectors for p in pathways):
        by_pathway = matching.match_all(_organisations(session, in_pipeline), pathways)
    best = matching.best_per_organisation(by_pathway, [p.id for p in pathways])
    return MatchResult(token, pathways, by_pathway, best, past)


def current_matches(session: Session, district_id: int) -> MatchResult:
    """The district's matches, from this process's cache when nothing changed since."""
    token = data_token(session, district_id)
    cached = _cache.get(district_id)
    if cached is not None and cached.token == token:
        return cached
    result = _build(session, token)
    with _lock:
        _cache[district_id] = result
        _cache.move_to_end(district_id)
        while len(_cache) > DISTRICTS_KEPT:
            _cache.popitem(last=False)
    return result


# ---------------------------------------------------------------- a page, with intro paths


@dataclass(frozen=True)
class Suggestion:
    match: matching.Match
    intro: network_views.IntroView | None
    via: str  # "" when the path reaches the organisation; else "Name, title"
    is_introducer: bool  # the organisation itself is supportive or leading
    direct: str  # one of its people who is supportive, leading or district staff
    past_stage: str


def _affiliates(session: Session, org_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """A few people affiliated with each organisation: (person id, 'Name, title')."""
    found: dict[int, list[tuple[int, str]]] = {}
    if not org_ids:
        return found
    rows = session.execute(
        sa.select(Affiliation.organisation_id, Stakeholder.id, Stakeholder.name,
                  Affiliation.title)
        .join(Stakeholder, Stakeholder.id == Affiliation.person_id)
        .where(Affiliation.organisation_id.in_(org_ids))
        .order_by(Affiliation.organisation_id, Stakeholder.influence.desc(), Stakeholder.id))
    for org_id, person_id, name, title in rows:
        people = found.setdefault(org_id, [])
        if len(people) < AFFILIATES_TRIED:
            people.append((person_id, f"{name}, {title}" if title else name))
    return found


def _best_intro(session: Session, district: District, graph, targets: list[tuple[int, str]],
                introducers: frozenset[int]) -> tuple[network_views.IntroView | None, str]:
    """The warmest path to the organisation or one of its people, and through whom."""
    best = None
    for target, via in targets:
        paths = graph.best_paths(target, introducers, max_hops=network_views.MAX_HOPS, limit=1)
        if paths and (best is None or (paths[0].cost, paths[0].hops) < best[0]):
            best = ((paths[0].cost, paths[0].hops), target, via)
    if best is None:
        return None, ""
    _, views = network_views.intro_paths(session, district, best[1], introducers, limit=1)
    return (views[0], best[2]) if views else (None, "")


def suggestions(session: Session, district: District, pathway_id: int | None, page: int,
                size: int) -> tuple[list[Suggestion], int, MatchResult]:
    """One page of suggested partners (each with its best introduction path) and the total."""
    result = current_matches(session, district.id)
    ranked = result.ranked(pathway_id)
    shown = ranked[(page - 1) * size:page * size]
    if not shown:
        return [], len(ranked), result
    introducers = network_views.introducer_ids(session)
    graph = network.intro_graph(session, district)
    affiliates = _affiliates(session, [m.organisation_id for m in shown])
    rows = []
    for m in shown:
        targets = [(m.organisation_id, ""), *affiliates.get(m.organisation_id, [])]
        is_introducer = m.organisation_id in introducers
        direct = next((via for pid, via in targets[1:] if pid in introducers), "")
        intro, via = (None, "") if is_introducer or direct else \
            _best_intro(session, district, graph, targets, introducers)
        rows.append(Suggestion(m, intro, via, is_introducer, direct,
                               result.past.get(m.organisation_id, "")))
    return rows, len(ranked), result
