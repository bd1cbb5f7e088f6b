"""The demo generator's network: seeded weighted choices, and the ties between drafts
(fixed ones, brokers' ties, then random ties mostly inside a school or group)."""

import random
from bisect import bisect_right
from itertools import accumulate

import click

from app.demo_drafts import Draft
from app.domain.vocab import RELATIONSHIP_TYPES
from app.services import demo_data as data

TIE_TYPES = {value for value, _label in RELATIONSHIP_TYPES}
WITHIN_CLUSTER = 0.75  # share of random ties inside a school or group
NEAR, FAR = ((1, 2), (2, 6), (3, 2)), ((1, 6), (2, 3), (3, 1))  # tie strength inside/across


def _cum(pairs) -> tuple[list, list[float]]:
    values, weights = zip(*pairs, strict=True)
    return list(values), list(accumulate(weights))


class DraftNetwork:
    """Drafts (the Generator adds them), the ties among them, and the seeded choices both
    are made with."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311  (demo data)
        self.drafts: list[Draft] = []
        self.index: dict[str, int] = {}  # named stakeholders and organisations by name
        self.ties: dict[tuple[int, int], tuple[str, int]] = {}
        self._tables: dict[int, tuple] = {}

    def pick(self, pairs):
        """A weighted choice from (value, weight) pairs that live as long as the generator."""
        table = self._tables.get(id(pairs))
        if table is None or table[0] is not pairs:
            table = self._tables[id(pairs)] = (pairs, *_cum(pairs))
        values, cum = table[1], table[2]
        return values[bisect_right(cum, self.rng.random() * cum[-1])]

    def tie(self, a: int, b: int, kind: str, strength: int) -> bool:
        """Link two stakeholders once (either order); False if already linked or the same."""
        if kind not in TIE_TYPES:
            raise ValueError(f"Unknown relationship type {kind!r}")
        key = (a, b) if a < b else (b, a)
        if a == b or key in self.ties:
            return False
        self.ties[key] = (kind, strength)
        return True

    def brokers(self, rules, school_names: dict[str, str]) -> None:
        """Ties from a broker to people matching "group=... language=... school=a,b"."""
        for broker, selector, count, kind, strength in rules:
            want = dict(part.split("=", 1) for part in selector.split())
            schools = {school_names[k] for k in want.get("school", "").split(",") if k}
            pool = [i for i, d in enumerate(self.drafts) if d.kind == "person"
                    and d.group == want.get("group", d.group)
                    and want.get("language", "") in ("", *d.languages)
                    and (not schools or schools.intersection(d.schools))]
            for i in self.rng.sample(pool, min(count, len(pool))):
                self.tie(self.index[broker], i, kind, strength)

    def _kind_of_tie(self, a: int, b: int, same_cluster: bool) -> tuple[str, int]:
        rng, da, db_ = self.rng, self.drafts[a], self.drafts[b]
        if da.kind == "organisation" or db_.kind == "organisation":
            kind = "partner" if da.kind == db_.kind or rng.random() < 0.7 else "board_member"
        elif da.org is not None and da.org == db_.org and da.group == db_.group:
            kind = "colleague"
        elif da.last_name == db_.last_name and {da.group, db_.group} <= {"parent", "student"}:
            return "family", 3
        else:
            key = (da.group, db_.group) if da.group <= db_.group else (db_.group, da.group)
            kind = self.pick(data.PAIR_TYPES.get(key) or data.PAIR_TYPES[("*", "*")])
        strength = self.pick(NEAR if same_cluster else FAR)
        return kind, strength

    def fill_ties(self, total: int) -> None:
        """Random ties up to `total`: mostly inside a cluster, heavy-tailed by weight (hubs)."""
        rng, drafts, ties = self.rng, self.drafts, self.ties
        members: dict[str, list[int]] = {}
        for i, d in enumerate(drafts):
            members.setdefault(d.cluster, []).append(i)
        clusters = {c: (ids, list(accumulate(drafts[i].weight for i in ids)))
                    for c, ids in members.items()}
        of_draft = [clusters[d.cluster] for d in drafts]
        cum = list(accumulate(d.weight for d in drafts))
        everyone, random, kind_of = range(len(drafts)), rng.random, self._kind_of_tie
        attempts, limit = 0, 50 * total + 1000
        while len(ties) < total:
            batch = total - len(ties)
            attempts += batch
            if attempts > limit:
                raise click.ClickException("Too many relationships for this many stakeholders.")
            for a in rng.choices(everyone, cum_weights=cum, k=batch):
                ids, weights = of_draft[a]
                same = len(ids) > 1 and random() < WITHIN_CLUSTER
                if same:
                    b = ids[bisect_right(weights, random() * weights[-1])]
                else:
                    b = bisect_right(cum, random() * cum[-1])
                key = (a, b) if a < b else (b, a)
                if a != b and key not in ties:
                    ties[key] = kind_of(a, b, same)

