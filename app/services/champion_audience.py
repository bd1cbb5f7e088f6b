"""Audience reach for the champion finder ("who can reach Spanish-speaking parents at
Northwood"): one grouped query per direction over relationships, cached per audience
and ranking.
"""

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import champions as domain
from app.models import Relationship, School, Stakeholder, StakeholderLanguage
from app.models.stakeholder import stakeholder_schools
from app.services.champion_pool import _plausible
from app.services.champion_ranking import AUDIENCES_KEPT, Ranking, _lock

AUDIENCE_TTL = 600.0  # seconds; a safety net for label changes that write no audit row


@dataclass(frozen=True)
class Audience:
    """Stakeholders matching a group, school and language (any may be empty)."""

    group: str = ""
    school_id: int | None = None
    school_name: str = ""
    language: str = ""

    @property
    def label(self) -> str:
        return domain.audience_label(self.group, self.school_name, self.language)

    def reach_text(self, ties: int, is_member: bool) -> str:
        return domain.audience_reach_text(ties, is_member, self.group, self.school_name,
                                          self.language)


def audience_for(session: Session, f: domain.ChampionFilter) -> Audience | None:
    """The audience a filter names (a school of another district is ignored)."""
    if not f.has_audience:
        return None
    school = session.get(School, f.audience_school) if f.audience_school else None
    audience = Audience(f.audience_group, school.id if school else None,
                        school.name if school else "", f.audience_language)
    return audience if (audience.group or audience.school_id or audience.language) else None


def _audience_ids(audience: Audience) -> sa.Select:
    statement = sa.select(Stakeholder.id)
    if audience.group:
        statement = statement.where(Stakeholder.group == audience.group)
    if audience.school_id:
        statement = statement.where(Stakeholder.id.in_(
            sa.select(stakeholder_schools.c.stakeholder_id)
            .where(stakeholder_schools.c.school_id == audience.school_id)))
    if audience.language:
        statement = statement.where(Stakeholder.id.in_(
            sa.select(StakeholderLanguage.stakeholder_id)
            .where(StakeholderLanguage.language == audience.language)))
    return statement


def audience_reach(session: Session, ranking: Ranking,
                   audience: Audience) -> dict[int, tuple[int, bool]]:
    """Ranked candidates who reach the audience: id -> (ties to its members, is a member).

    Ties are counted by two grouped queries over relationships (each pair is stored
    once, so a count is a count of distinct audience members); cached per audience.
    """
    key = (audience.group, audience.school_id, audience.language)
    cached = ranking.audiences.get(key)
    if cached is not None and time.monotonic() - cached[0] < AUDIENCE_TTL:
        return cached[1]
    members = _audience_ids(audience)
    plausible = sa.select(Stakeholder.id).where(_plausible())  # fewer rows to read back
    candidates = ranking.pool.candidates
    ties: dict[int, int] = {}
    for near, far in ((Relationship.source_id, Relationship.target_id),
                      (Relationship.target_id, Relationship.source_id)):
        rows = session.execute(sa.select(far, sa.func.count())
                               .where(near.in_(members), far.in_(plausible)).group_by(far))
        for other, n in rows.tuples():
            if other in candidates:
                ties[other] = ties.get(other, 0) + n
    member_ids = {i for i in session.scalars(members.where(_plausible())) if i in candidates}
    reach = {i: (ties.get(i, 0), i in member_ids) for i in ties.keys() | member_ids}
    with _lock:
        ranking.audiences[key] = (time.monotonic(), reach)
        while len(ranking.audiences) > AUDIENCES_KEPT:
            ranking.audiences.popitem(last=False)
    return reach
