"""Which coverage gaps a champion's relationships reach, and how that reads on the page."""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain import champions as champ
from app.domain import coverage as domain
from app.models import Relationship
from app.services.coverage_counts import DIMENSIONS, member_of


def _edges(ids: Sequence[int]) -> sa.Subquery:
    """(cand, other) for every relationship of the given stakeholders, both directions."""
    return sa.union_all(
        sa.select(Relationship.source_id.label("cand"), Relationship.target_id.label("other"))
        .where(Relationship.source_id.in_(ids)),
        sa.select(Relationship.target_id, Relationship.source_id)
        .where(Relationship.target_id.in_(ids)),
    ).subquery("edges")


def reach(session: Session, ids: Sequence[int], open_gaps: set[domain.SegmentKey]
          ) -> dict[int, dict[domain.SegmentKey, int]]:
    """candidate id -> {open gap: ties to its members}, one grouped query per dimension.

    The other end is joined by its primary key and the gaps are picked out here: a
    "school IN (...)" in SQL made SQLite probe every gap school for every tie.
    """
    dims = {dim for dim, _ in open_gaps}
    out: dict[int, dict[domain.SegmentKey, int]] = {}
    for dim in DIMENSIONS:
        if dim not in dims:
            continue
        edges = _edges(ids)
        table, member, column = member_of(dim)
        rows = session.execute(sa.select(edges.c.cand, column, sa.func.count())
                               .select_from(edges).join(table, member == edges.c.other)
                               .group_by(edges.c.cand, column))
        for cand, key, ties in rows:
            if (dim, key) in open_gaps:
                out.setdefault(cand, {})[(dim, key)] = ties
    return out


def _members(key: domain.SegmentKey) -> sa.Select:
    dim, value = key
    _table, member, column = member_of(dim)
    return sa.select(member).where(column == value)


def fallback(session: Session, rest: list[champ.Candidate], gaps: dict, open_gaps: set,
             found: dict, *, max_gaps: int, per_gap: int) -> frozenset[domain.SegmentKey]:
    """Gaps the walk left short: one grouped query each over their members' ties (at
    most `max_gaps`), keeping the best-ranked of the candidates not walked yet. Returns
    the gaps beyond the cap, whose lists may be incomplete."""
    position = {c.id: i for i, c in enumerate(rest)}
    todo = sorted(open_gaps, key=lambda k: (str(k[0]), gaps[k].label.lower()))
    for key in todo[:max_gaps]:
        ties: dict[int, int] = {}
        members = _members(key)
        for near, far in ((Relationship.source_id, Relationship.target_id),
                          (Relationship.target_id, Relationship.source_id)):
            for other, n in session.execute(sa.select(far, sa.func.count())
                                            .where(near.in_(members)).group_by(far)):
                if other in position:
                    ties[other] = ties.get(other, 0) + n
        best = sorted(ties, key=position.__getitem__)
        need = per_gap - len(found[key])
        found[key].extend((rest[position[i]], ties[i]) for i in best[:need])
    return frozenset(todo[max_gaps:])


def reach_text(segment: domain.Segment, c: champ.Candidate, ties: int) -> str:
    """What the champion reaches, after "reaches ...": "2 parents/families"."""
    if segment.dimension == "group":
        words = champ.audience_label(group=str(segment.key), count=ties)
        return f"{ties} {words}" + (" (and is one)" if c.group == segment.key else "")
    if segment.dimension == "school":
        return f"{ties} {champ.audience_label(school=segment.label, count=ties)}"
    return f"{ties} {champ.audience_label(language=segment.label, count=ties)}"
