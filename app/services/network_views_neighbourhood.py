"""A stakeholder's neighbourhood: the people within one or two ties, strongest ties first.

Reads the ties of the centre (and of its direct ties for two steps) through the
relationship indexes, as plain columns.
"""

import math
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.intro_paths import tie_cost
from app.models import Relationship, Stakeholder
from app.services.network_views_graph import (
    NODE_COLUMNS,
    TIE_COLUMNS,
    Node,
    Slice,
    chunks,
    drawn,
    rows_by_id,
)


def _ties_touching(session: Session, ids: Iterable[int]) -> list[tuple[int, int, int, int]]:
    """(relationship id, source, target, strength) of every tie of the given people.

    Two indexed lookups per chunk (by source, by target) rather than an OR over both.
    """
    found: dict[int, tuple[int, int, int, int]] = {}
    ordered = sorted(set(ids))
    for chunk in chunks(ordered):
        for column in (Relationship.source_id, Relationship.target_id):
            for row in session.execute(sa.select(*TIE_COLUMNS).where(column.in_(chunk))):
                found[row[0]] = tuple(row)
    return list(found.values())


def _reach(session: Session, centre_id: int) -> int:
    """How many people are within two ties of the centre, the centre included: counted
    in the database (a well-connected person's ties of ties run to tens of thousands)."""
    near = sa.union_all(
        sa.select(Relationship.target_id).where(Relationship.source_id == centre_id),
        sa.select(Relationship.source_id).where(Relationship.target_id == centre_id),
    ).subquery()
    reach = sa.union(
        sa.select(Relationship.target_id).where(Relationship.source_id.in_(sa.select(near))),
        sa.select(Relationship.source_id).where(Relationship.target_id.in_(sa.select(near))),
        sa.select(near),
    ).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(reach)) or 1


def _kth_cost(best: dict[int, tuple[int, int, int | None]], k: int) -> float:
    """The k-th lowest cost found so far (an upper bound of the final one), or infinity."""
    if len(best) < k:
        return math.inf
    return sorted(cost for cost, _step, _via in best.values())[k - 1]


def neighbourhood(session: Session, centre_id: int, steps: int, cap: int) -> Slice:
    """The centre and the people within 1 or 2 ties of it, at most `cap` in all.

    When there are more, the strongest ties win: a person's cost is the sum of tie costs
    (4 - strength) on their best path from the centre; then direct ties before ties of
    ties, higher influence, lower id. Ties of ties are read only through direct ties
    cheap enough to matter (strong ties first), so a hub costs no more than anyone.
    """
    best: dict[int, tuple[int, int, int | None]] = {}  # id -> (cost, step, via)
    for _rid, a, b, strength in _ties_touching(session, [centre_id]):
        best[b if a == centre_id else a] = (tie_cost(strength), 1, None)
    total = len(best) + 1
    if steps >= 2 and best:
        total = _reach(session, centre_id)
        direct = dict(best)
        for tier in sorted({cost for cost, _step, _via in direct.values()}):
            if tier + 1 > _kth_cost(best, cap - 1):
                break  # anyone reached through this tier ranks below cap - 1 others
            through = [i for i, (cost, _s, _v) in direct.items() if cost == tier]
            for _rid, a, b, strength in _ties_touching(session, through):
                for near, far in ((a, b), (b, a)):
                    if near not in direct or far == centre_id or far in direct:
                        continue
                    candidate = (direct[near][0] + tie_cost(strength), 2, near)
                    current = best.get(far)
                    if current is None or (candidate[0], candidate[2]) < (current[0], current[2]):
                        best[far] = candidate
    chosen = sorted(best, key=lambda i: (best[i][0], best[i][1], i))
    if len(chosen) > cap - 1:
        # Influence breaks ties only among those level with the last place.
        edge = best[chosen[cap - 2]][:2] if cap > 1 else (-1, -1)
        level = [i for i in chosen if best[i][:2] == edge]
        influence = rows_by_id(session, level, Stakeholder.id, Stakeholder.influence)
        chosen.sort(key=lambda i: (*best[i][:2], -influence[i][1] if i in influence else 0, i))
        chosen = chosen[: cap - 1]
    ids = [centre_id, *chosen]
    rows = rows_by_id(session, ids, *NODE_COLUMNS)
    nodes = []
    for i in ids:
        row = rows.get(i)
        if row is None:  # removed since the ties were read
            continue
        cost, step, via = best.get(i, (0, 0, None))
        nodes.append(Node(*row, step=step, cost=cost, via=via))
    return drawn(session, nodes, total, cap)
