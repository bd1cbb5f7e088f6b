"""`flask demo`: load the fictional demo districts, or a large seeded benchmark district."""

import itertools
import random
import re
import time
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from operator import itemgetter

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from app import audit, demo_outreach, tenancy
from app.auth.passwords import hash_password, verify_password
from app.domain import ratings
from app.domain.text import search_text
from app.domain.vocab import ENGAGEMENT_LEVELS, RELATIONSHIP_TYPES
from app.extensions import db
from app.models import (
    Affiliation,
    Assessment,
    District,
    Membership,
    Relationship,
    School,
    Stakeholder,
    StakeholderLanguage,
    TableSeat,
    Tag,
    User,
)
from app.models.search import create_search_index
from app.models.stakeholder import stakeholder_schools, stakeholder_tags
from app.services import demo_data as data
from app.services import network

LEVELS = [value for value, _label in ENGAGEMENT_LEVELS]
TIE_TYPES = {value for value, _label in RELATIONSHIP_TYPES}
CHUNK = 5000  # rows per executemany
WITHIN_CLUSTER = 0.75  # share of random ties inside a school or group
DEFAULT_SEED = 2026
SCALE = (1, 2, 3, 4, 5)
NEAR, FAR = ((1, 2), (2, 6), (3, 2)), ((1, 6), (2, 3), (3, 1))  # tie strength inside/across


@dataclass(slots=True)
class Draft:
    """A stakeholder to insert, with its labels, dated assessments and place in the network."""

    kind: str
    name: str
    group: str
    cluster: str
    weight: float
    sector: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    contact_permitted: bool = True
    preferred_contact: str = ""
    owner_id: int | None = None
    notes: str = ""
    schools: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    history: list[tuple[datetime, dict, str]] = field(default_factory=list)
    last_contact_at: datetime | None = None
    org: int | None = None  # index of the organisation the person is affiliated with
    title: str = ""
    last_name: str = ""
    domain: str = ""  # organisations: their fictional web domain


def parse_rating(text: str) -> dict:
    """"4 3 neutral>supportive PL" -> the rating fields."""
    influence, interest, levels, *flags = text.split()
    current, desired = levels.split(">")
    flags = flags[0] if flags else ""
    return {"influence": int(influence), "interest": int(interest),
            "engagement_current": current, "engagement_desired": desired,
            "has_power": "P" in flags, "has_legitimacy": "L" in flags, "has_urgency": "U" in flags}


def _split(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def _slug(text: str, sep: str = "") -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, ascii_text.lower()).strip(sep)


def _cum(pairs) -> tuple[list, list[float]]:
    values, weights = zip(*pairs, strict=True)
    return list(values), list(accumulate(weights))


class Generator:
    """Seeded stakeholders and ties for one district: the same rules for demo and benchmark."""

    def __init__(self, seed: int, *, now: datetime, cities, area_codes, owner_for,
                 weight_cap: float, movers: float, middle_initials: bool = False):
        self.rng = random.Random(seed)  # noqa: S311  # nosec B311  (demo data)
        self.now, self.cities, self.area_codes = now, tuple(cities), tuple(area_codes)
        self.owner_for, self.weight_cap, self.movers = owner_for, weight_cap, movers
        self.middle_initials = middle_initials
        self.drafts: list[Draft] = []
        self.index: dict[str, int] = {}  # named stakeholders and organisations by name
        self.ties: dict[tuple[int, int], tuple[str, int]] = {}
        self.orgs_by_group: dict[str, list[int]] = {}
        self.pta_by_school: dict[str, int] = {}
        self.district_org: int | None = None
        # (languages, surname, schools, parent index): one-parent households, and all of them
        self.households: list[tuple[tuple[str, ...], str, tuple[str, ...], int]] = []
        self.families: list[tuple[tuple[str, ...], str, tuple[str, ...], int]] = []
        self.schools: list[str] = []
        self.secondary: list[str] = []  # middle and high schools, where students are mapped
        self._emails: set[str] = set()
        self._domains: set[str] = set()
        self._phones = 0
        self._tables: dict[int, tuple] = {}
        self._profiles = {
            group: (tuple(zip(SCALE, influence, strict=True)),
                    tuple(zip(SCALE, interest, strict=True)),
                    tuple(zip(LEVELS, levels, strict=True)), *chances)
            for group, (influence, interest, levels, *chances) in data.PROFILES.items()}

    def set_schools(self, names) -> None:
        self.schools = list(names)
        self.secondary = [s for s in self.schools if "Elementary" not in s] or self.schools

    def pick(self, pairs):
        """A weighted choice from (value, weight) pairs that live as long as the generator."""
        table = self._tables.get(id(pairs))
        if table is None or table[0] is not pairs:
            table = self._tables[id(pairs)] = (pairs, *_cum(pairs))
        values, cum = table[1], table[2]
        return values[bisect_right(cum, self.rng.random() * cum[-1])]

    # -- ratings and their history ------------------------------------------------------
    def ratings_for(self, group: str) -> dict:
        influence_w, interest_w, level_w, power, legitimacy, urgency = self._profiles[group]
        rng = self.rng
        influence, interest = self.pick(influence_w), self.pick(interest_w)
        current = self.pick(level_w)
        if influence >= 4 and interest >= 3:
            want = "leading" if rng.random() < 0.5 else "supportive"
        elif influence <= 2 and interest <= 2:
            want = "neutral" if rng.random() < 0.4 else "supportive"
        else:
            want = "supportive"
        return {"influence": influence, "interest": interest, "engagement_current": current,
                "engagement_desired": max(want, current, key=LEVELS.index),
                "has_power": rng.random() < power, "has_legitimacy": rng.random() < legitimacy,
                "has_urgency": rng.random() < urgency}

    def _earlier_levels(self, current: str) -> list[str]:
        rng, i = self.rng, LEVELS.index(current)
        if rng.random() >= self.movers or i == 0:
            return []
        if rng.random() < 0.15 and i < len(LEVELS) - 1:
            return [LEVELS[i + 1]]  # a sceptic hardening: was more positive before
        steps = min(i, 1 if rng.random() < 0.6 else 2)
        return [LEVELS[max(0, i - steps + k)] for k in range(steps)]

    def history(self, current: dict, earlier: list[str] | None = None):
        """Dated assessments over the last ~9 months, the latest equal to `current`."""
        rng = self.rng
        if earlier is None:
            earlier = self._earlier_levels(current["engagement_current"])
        first = rng.uniform(14, 270)
        days = [first] + sorted((rng.uniform(1, first - 1) for _ in earlier), reverse=True)
        states = [{**current, "engagement_current": level,
                   "interest": max(1, current["interest"] - rng.choice((0, 0, 1)))}
                  for level in earlier] + [current]
        later = data.ASSESSMENT_NOTES[1:]
        notes = [data.ASSESSMENT_NOTES[0], *(rng.choice(later) for _ in earlier)]
        stamps = [self.now - timedelta(days=d, minutes=rng.randrange(600)) for d in days]
        return list(zip(stamps, states, notes, strict=True))

    # -- stakeholders ---------------------------------------------------------------------
    def _contact(self, draft: Draft, local: str, domain: str, email_chance: float) -> None:
        rng = self.rng
        if local and rng.random() < email_chance:
            email, n = f"{local}@{domain}", 1
            while email in self._emails:
                n += 1
                email = f"{local}{n}@{domain}"
            self._emails.add(email)
            draft.email = email
        if rng.random() < (0.3 if draft.group == "student" else 0.75):
            n, self._phones = self._phones, self._phones + 1
            area = self.area_codes[(n // 100) % len(self.area_codes)]
            draft.phone = f"({area}) 555-{100 + n % 100:04d}"  # 555-0100..0199: fictional
        contact_w = data.CONTACT_PREFS.get(draft.group, data.CONTACT_PREFS["*"])
        draft.preferred_contact = self.pick(contact_w)
        opt_out = 0.35 if draft.group == "student" else 0.08
        draft.contact_permitted = rng.random() >= opt_out

    def _add(self, draft: Draft, rating: dict, earlier: list[str] | None) -> int:
        draft.history = self.history(rating, earlier)
        draft.owner_id = self.owner_for(draft.group)
        if draft.kind == "person" and self.rng.random() < 0.55:
            since = draft.history[0][0]
            span = max(1.0, (self.now - since).total_seconds())
            draft.last_contact_at = since + timedelta(seconds=self.rng.uniform(0, span))
        self.drafts.append(draft)
        return len(self.drafts) - 1

    def _domain(self, name: str) -> str:
        """A fictional, unique web domain: "mvrh.example.com" for Maple Valley Regional Hospital."""
        words = [w for w in _slug(name, " ").split() if w not in ("of", "and", "the")]
        initials = "".join(w[0] for w in words)
        candidates = ["".join(words)] if len("".join(words)) <= 20 else [
            initials, initials[:-1] + words[-1]]
        numbered = (f"{candidates[-1]}{n}" for n in itertools.count(2))
        domain = next(c for c in itertools.chain(candidates, numbered) if c not in self._domains)
        self._domains.add(domain)
        return f"{domain}.example.com"

    def organisation(self, name, group, sector, rating, *, tags=(), schools=(), notes="") -> int:
        domain = self._domain(name)
        draft = Draft("organisation", name, group, "group:" + group, 0.4, sector=sector,
                      city=self.cities[0], website=f"https://www.{domain}", tags=tuple(tags),
                      schools=tuple(schools), notes=notes, domain=domain)
        self._contact(draft, "info", domain, 0.9)
        i = self._add(draft, rating, [])
        self.index[name] = i
        self.orgs_by_group.setdefault(group, []).append(i)
        if group == "parent" and schools:
            self.pta_by_school[schools[0]] = i
        return i

    def person(self, first, last, group, *, langs, schools=(), org=None, title="", tags=(),
               rating=None, earlier=None, notes="", weight=None) -> int:
        rng = self.rng
        languages = tuple(data.LANGUAGES[code] for code in langs)
        tags = set(tags) | ({"bilingual"} if len(languages) > 1 else set())
        tags |= {tag for tag, chance in data.GROUP_TAGS.get(group, ()) if rng.random() < chance}
        rating = rating or self.ratings_for(group)
        if weight is None:
            weight = min(self.weight_cap, rng.paretovariate(1.6)) * (0.6 + rating["influence"] / 5)
        cluster = "school:" + schools[0] if schools else "group:" + group
        city = self.cities[0] if rng.random() < 0.7 else rng.choice(self.cities)
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if self.middle_initials and \
            rng.random() < 0.5 else ""
        draft = Draft("person", f"{first}{middle} {last}", group, cluster, weight, city=city,
                      schools=tuple(schools), languages=languages, tags=tuple(sorted(tags)),
                      notes=notes, last_name=last)
        draft.org, draft.title = org, title if org is not None else ""
        work = org is not None and group not in ("parent", "student")
        self._contact(draft, _slug(f"{first}.{last}", "."),
                      self.drafts[org].domain if work else "example.org",
                      0.3 if group == "student" else 0.9)
        return self._add(draft, rating, earlier)

    def named(self, p: data.Person, org_keys: dict[str, int], school_names: dict[str, str]) -> int:
        """A person from the fixed tables."""
        parts = p.name.split()
        rating = parse_rating(p.rating)
        i = self.person(parts[0], parts[-1], p.group, langs=_split(p.langs),
                        schools=[school_names[k] for k in _split(p.schools)],
                        org=org_keys.get(p.org), title=p.title, tags=_split(p.tags, ","),
                        rating=rating, earlier=list(_split(p.history)), notes=p.notes,
                        weight=1.5 + rating["influence"] / 2)
        self.drafts[i].name = p.name
        self.index[p.name] = i
        return i

    def generated(self, group: str) -> int:
        """A generated person of `group`, with plausible school, language, organisation."""
        rng = self.rng
        langs = _split(self.pick(data.LANGUAGE_MIX.get(group, data.LANGUAGE_MIX["*"])))
        last, schools, family = rng.choice(data.NAME_POOLS[langs[0]][1]), (), None
        if group == "parent":
            if self.households and rng.random() < 0.25:  # the second parent of a household
                at = rng.randrange(len(self.households))
                langs, last, schools, family = self.households[at]
                self.households[at] = self.households[-1]
                self.households.pop()
            else:
                schools = tuple(rng.sample(self.schools, 2 if rng.random() < 0.2 else 1))
        elif group == "student":
            if self.families and rng.random() < 0.4:  # a child of a parent on the register
                langs, last, _, family = rng.choice(self.families)
            schools = (rng.choice(self.secondary),)
        elif group == "educator" or (self.schools and rng.random() < 0.15):
            schools = (rng.choice(self.schools),)
        first = rng.choice(data.NAME_POOLS[langs[0]][0])
        title = rng.choice(data.TITLES.get(group, ("",))).format(
            school=schools[0] if schools else "the district")
        org = None
        if group in ("educator", "district_staff", "student"):
            org = self.district_org if group != "student" or rng.random() < 0.5 else None
        elif group == "parent":
            org = self.pta_by_school.get(schools[0]) if rng.random() < 0.25 else None
        elif self.orgs_by_group.get(group):
            org = rng.choice(self.orgs_by_group[group])
        notes_pool = data.NOTES.get(group, data.NOTES["*"])
        notes = rng.choice(notes_pool) if rng.random() < 0.4 else ""
        i = self.person(first, last, group, langs=langs, schools=schools, org=org,
                        title=title if org is not None else "", notes=notes,
                        tags=("PTA",) if group == "parent" and org is not None else ())
        if org is None and title and group not in ("parent", "student"):
            self.drafts[i].notes = f"{title}. {notes}".strip()
        if family is not None:
            self.tie(i, family, "family", 3)
        elif group == "parent":
            self.households.append((langs, last, schools, i))
            self.families.append((langs, last, schools, i))
        return i

    # -- ties -----------------------------------------------------------------------------
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


# -- building districts -------------------------------------------------------------------
def build_demo(spec: data.DistrictSpec, seed: int, user_ids: dict[str, int],
               now: datetime) -> Generator:
    """The named organisations and people of `spec`, generated people, and their ties."""
    gen = Generator(seed, now=now, cities=spec.cities, area_codes=spec.area_codes,
                    owner_for=lambda g: user_ids[spec.owners.get(g, "admin")],
                    weight_cap=6, movers=0.2)
    gen.set_schools(spec.schools.values())
    org_keys = {}
    for org in spec.organisations:
        org_keys[org.key] = gen.organisation(
            org.name, org.group, org.sector, parse_rating(org.rating), tags=_split(org.tags, ","),
            schools=[spec.schools[k] for k in _split(org.schools)], notes=org.notes)
    gen.district_org = org_keys.get("district")
    for person in spec.people:
        gen.named(person, org_keys, spec.schools)
    for group, count in spec.generated.items():
        for _ in range(count):
            gen.generated(group)
    for a, b, kind, strength in spec.ties:
        gen.tie(gen.index[a], gen.index[b], kind, strength)
    gen.brokers(spec.brokers, spec.schools)
    people = sum(d.kind == "person" for d in gen.drafts)
    gen.fill_ties(max(len(gen.ties), int(people * 2.5)))
    return gen


def _school_names(rng: random.Random, count: int) -> list[str]:
    words = list(dict.fromkeys(data.SCHOOL_WORDS + data.TOWNS))
    names = []
    for level, share in (("Elementary", 0.6), ("Middle", 0.2), ("High School", 0.2)):
        rng.shuffle(words)
        wanted = max(1, round(count * share))
        names += [f"{words[i % len(words)]} {level}" + (f" {i // len(words) + 1}"
                  if i >= len(words) else "") for i in range(wanted)]
    return names


def build_benchmark(name: str, stakeholders: int, relationships: int, seed: int,
                    owner_id: int, now: datetime) -> Generator:
    """A large district of generated names, by the same rules as the demo."""
    gen = Generator(seed, now=now, cities=data.TOWNS, area_codes=("612", "763", "952", "651",
                    "320", "507"), owner_for=lambda g: owner_id, weight_cap=300, movers=0.08,
                    middle_initials=True)
    rng = gen.rng
    gen.set_schools(_school_names(rng, max(8, stakeholders // 1600)))
    rating = gen.ratings_for
    gen.district_org = gen.organisation(name, "district_staff", "K-12 public education",
                                        rating("district_staff"))
    for school in gen.schools:
        gen.organisation(f"{school} PTA", "parent", "Parent-teacher organisation",
                         rating("parent"), tags=("PTA",), schools=(school,))
    taken = set(gen.index)
    for _ in range(max(0, int(stakeholders * data.ORG_SHARE) - len(gen.drafts))):
        group = gen.pick(data.ORG_MIX)
        org_name = rng.choice(data.ORG_PATTERNS[group]).format(
            last=rng.choice(data.LAST_EN), town=rng.choice(data.TOWNS),
            first=rng.choice(data.FIRST_EN), letters="".join(rng.sample("BCDKLMNRTWXZ", 3)))
        n = 1
        while f"{org_name}{f' {n}' if n > 1 else ''}" in taken:
            n += 1
        org_name += f" {n}" if n > 1 else ""
        taken.add(org_name)
        gen.organisation(org_name, group, rng.choice(data.SECTORS[group]), rating(group))
    while len(gen.drafts) < stakeholders:
        gen.generated(gen.pick(data.GROUP_MIX))
    if len(gen.ties) > relationships:  # family ties made on the way, when asked for very few
        gen.ties = dict(list(gen.ties.items())[:relationships])
    gen.fill_ties(relationships)
    return gen


# -- writing ------------------------------------------------------------------------------
def _insert(table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(table), rows[start:start + CHUNK])


def _stakeholder_row(d: Draft, drafts: list[Draft], district_id: int) -> dict:
    current = d.history[-1][1]
    parts = [d.name, drafts[d.org].name if d.org is not None else "", d.email, d.sector,
             d.city, *d.tags]  # what app.services.stakeholders.refresh_search_text builds
    return {
        "district_id": district_id, "version": 1, "kind": d.kind, "name": d.name,
        "name_key": d.name.strip().lower(), "group": d.group, "sector": d.sector,
        "email": d.email, "phone": d.phone, "address": "", "city": d.city, "website": d.website,
        "contact_permitted": d.contact_permitted, "preferred_contact": d.preferred_contact,
        "owner_id": d.owner_id, "notes": d.notes,
        "search_text": search_text(parts),
        **current,
        "quadrant": ratings.quadrant(current["influence"], current["interest"]).key,
        "engagement_gap": ratings.engagement_gap(current["engagement_current"],
                                                 current["engagement_desired"]),
        "salience": ratings.salience_class(current["has_power"], current["has_legitimacy"],
                                           current["has_urgency"]),
        "last_contact_at": d.last_contact_at, "created_at": d.history[0][0],
        "updated_at": d.history[-1][0],
    }


def _insert_stakeholders(rows: list[dict], district_id: int) -> list[int]:
    """Insert in name order (index-friendly); return the new ids in the order of `rows`."""
    order = sorted(range(len(rows)), key=lambda i: rows[i]["name_key"])
    connection = db.session.connection()
    # SQLite: one bulk FTS insert instead of the per-row trigger (about 4x faster). Dropping
    # the trigger is part of this transaction, so other writers never see it missing.
    fts = connection.dialect.name == "sqlite" and connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'stakeholder_fts_ai'"
    ).first() is not None
    if fts:
        connection.exec_driver_sql("DROP TRIGGER stakeholder_fts_ai")
    _insert(Stakeholder.__table__, [rows[i] for i in order])
    if fts:
        connection.execute(sa.text(
            "INSERT INTO stakeholder_fts(rowid, search_text) "
            "SELECT id, search_text FROM stakeholders WHERE district_id = :d"), {"d": district_id})
        create_search_index(connection)
    # The district is new and ours alone until commit, so its ids ascend in insertion order
    # (SQLite rowids; PostgreSQL sequence values taken one after another by this session).
    new_ids = list(db.session.scalars(sa.select(Stakeholder.id).order_by(Stakeholder.id)))
    if len(new_ids) != len(rows):
        raise click.ClickException(f"Expected {len(rows)} stakeholders, found {len(new_ids)}.")
    ids = [0] * len(rows)
    for position, i in enumerate(order):
        ids[i] = new_ids[position]
    return ids


def write(district_id: int, gen: Generator) -> dict[str, int]:
    """Insert everything `gen` made with Core bulk inserts (no per-row ORM work)."""
    session, drafts, scoped = db.session, gen.drafts, {"district_id": district_id}
    _insert(School.__table__, [{**scoped, "name": n} for n in gen.schools])
    school_ids = dict(session.execute(sa.select(School.name, School.id)).all())
    _insert(Tag.__table__, [{**scoped, "name": n} for n in sorted({t for d in drafts
                                                                     for t in d.tags})])
    tag_ids = dict(session.execute(sa.select(Tag.name, Tag.id)).all())
    ids = _insert_stakeholders([_stakeholder_row(d, drafts, district_id) for d in drafts],
                               district_id)
    links = {
        StakeholderLanguage.__table__: [{**scoped, "stakeholder_id": ids[i], "language": lang}
                                        for i, d in enumerate(drafts) for lang in d.languages],
        stakeholder_schools: [{"stakeholder_id": ids[i], "school_id": school_ids[s]}
                              for i, d in enumerate(drafts) for s in d.schools],
        stakeholder_tags: [{"stakeholder_id": ids[i], "tag_id": tag_ids[t]}
                           for i, d in enumerate(drafts) for t in d.tags],
        Affiliation.__table__: [{**scoped, "person_id": ids[i], "organisation_id": ids[d.org],
                                 "title": d.title, "since": None}
                                for i, d in enumerate(drafts) if d.org is not None],
        Assessment.__table__: [{**scoped, "stakeholder_id": ids[i], "assessed_by_id": d.owner_id,
                                "assessed_at": at, "note": note, **state}
                               for i, d in enumerate(drafts) for at, state, note in d.history],
    }
    first_seen = [d.history[0][0] for d in drafts]
    ties = []
    for (a, b), (kind, strength) in gen.ties.items():
        source, target = (ids[a], ids[b]) if ids[a] < ids[b] else (ids[b], ids[a])
        ties.append({**scoped, "source_id": source, "target_id": target, "type": kind,
                     "strength": strength, "note": "",
                     "created_at": max(first_seen[a], first_seen[b])})
    ties.sort(key=itemgetter("source_id", "target_id"))
    links[Relationship.__table__] = ties
    for table, rows in links.items():
        _insert(table, rows)
    return {"stakeholders": len(ids), "relationships": len(ties),
            "assessments": len(links[Assessment.__table__]),
            "affiliations": len(links[Affiliation.__table__]), "schools": len(school_ids),
            "tags": len(tag_ids)}


# -- the command --------------------------------------------------------------------------
def _fresh_district(name: str, reset: bool) -> District | None:
    """A new, empty district called `name`; None when it exists and no reset was asked for."""
    existing = db.session.scalar(sa.select(District).where(District.name == name))
    if existing is not None:
        if not reset:
            click.echo(f"{name!r} already exists; nothing changed (use --reset to reload it).")
            return None
        click.echo(f"Deleting {name!r} and everything in it ...")
        districts = District.__table__
        # The database cascades the delete to every row of the district (ON DELETE CASCADE).
        db.session.execute(sa.delete(districts).where(districts.c.id == existing.id))
        db.session.expunge(existing)
        db.session.expire_all()
    district = District(name=name)
    db.session.add(district)
    db.session.flush()
    return district


def _member(key: str, district_id: int, role: str) -> int:
    """The demo user `key` (created with the demo password if new), given `role`."""
    demo_user = next(u for u in data.USERS if u.key == key)
    user = db.session.scalar(sa.select(User).where(User.email == demo_user.email))
    if user is None:
        user = User(email=demo_user.email, name=demo_user.name,
                    password_hash=hash_password(data.DEMO_PASSWORD))
        db.session.add(user)
        db.session.flush()
    db.session.add(Membership(user_id=user.id, district_id=district_id, role=role))
    db.session.flush()
    return user.id


# A demo district's network metrics are computed during the load (a second or so);
# a benchmark district's are left queued for the background worker or
# `flask network recompute`.
SMALL_ENOUGH_TO_COMPUTE_NOW = 5000


def _load(name: str, reset: bool, members, build, seed: int, outreach) -> None:
    """Create (or re-create) district `name`, its demo memberships, and what `build` makes."""
    started = time.perf_counter()
    district = _fresh_district(name, reset)
    if district is None:
        return
    user_ids = {key: _member(key, district.id, role) for key, role in members}
    with tenancy.district_context(district.id):
        prepared = time.perf_counter()
        gen = build(user_ids)
        generated = time.perf_counter()
        counts = write(district.id, gen)
        counts["seats"] = _seat_table(district.id, data.SEATS.get(name, ()))
        counts.update(outreach(district.id, user_ids, datetime.now(UTC), seed))
        audit.record(db.session, "demo_load", "District", district.id, name,
                     changes={"seed": {"after": seed},
                              **{k: {"after": v} for k, v in counts.items()}})
        # Bulk inserts bypass the ORM hooks: queue the network recomputation explicitly.
        network.mark_changed(db.session, district.id)
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # Fresh statistics, so the planner picks the district-leading indexes at once.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    if counts["stakeholders"] <= SMALL_ENOUGH_TO_COMPUTE_NOW:
        network.run_pending_jobs(db.session, worker="flask demo")
    done = time.perf_counter()
    click.echo(f"{name}: {counts['stakeholders']:,} stakeholders, "
               f"{counts['relationships']:,} relationships, {counts['assessments']:,} "
               f"assessments, {counts['affiliations']:,} affiliations, {counts['schools']} "
               f"schools, {counts.get('interactions', 0):,} interactions, "
               f"{counts.get('partnerships', 0):,} partnerships, "
               f"{counts.get('list_members', 0):,} list members in {done - started:.1f} s "
               "(reset and logins "
               f"{prepared - started:.1f} s, generate {generated - prepared:.1f} s, "
               f"insert {done - generated:.1f} s).")


def _seat_table(district_id: int, seats) -> int:
    """Seat the named people at the district's table (visioning team, advisory board)."""
    if not seats:
        return 0
    names = [n for n, _body, _role in seats]
    ids = dict(db.session.execute(
        sa.select(Stakeholder.name, Stakeholder.id).where(Stakeholder.name.in_(names))
    ).all())
    since = datetime.now(UTC) - timedelta(days=120)
    rows = [{"district_id": district_id, "stakeholder_id": ids[n], "body": body, "role": role,
             "since": since} for n, body, role in seats if n in ids]
    _insert(TableSeat.__table__, rows)
    return len(rows)


def _print_logins(district_names: list[str]) -> None:
    emails = [u.email for u in data.USERS]
    rows = db.session.execute(
        sa.select(User.email, User.password_hash, Membership.role, District.name)
        .join(Membership, Membership.user_id == User.id)
        .join(District, District.id == Membership.district_id)
        .where(User.email.in_(emails), District.name.in_(district_names))
        .order_by(District.name.desc(), Membership.id)
    ).all()
    works = {e: verify_password(h, data.DEMO_PASSWORD) for e, h, _r, _d in rows}
    table = [("Email", "Role", "District", "Password")] + [
        (e, r, d, data.DEMO_PASSWORD if works[e] else "(changed since; not reset)")
        for e, _h, r, d in rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    click.echo(f"\nRun `flask run` and open {data.DEMO_URL}. Demo logins:")
    for row in table:
        cells = (cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        click.echo(("  " + "  ".join(cells)).rstrip())


@click.command("demo")
@click.option("--reset", is_flag=True,
              help="Delete the district and all its data first, then load it again.")
@click.option("--stakeholders", type=click.IntRange(min=50),
              help="Build a benchmark district of this many stakeholders instead of the demo.")
@click.option("--relationships", type=click.IntRange(min=0),
              help="Relationships in the benchmark district [default: 5 per stakeholder].")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
              help="Random seed: the same seed gives the same data.")
@click.option("--district", "district_name",
              help=f"Benchmark district name [default: {data.BENCHMARK_DISTRICT}].")
@with_appcontext
def demo_command(reset: bool, stakeholders: int | None, relationships: int | None, seed: int,
                 district_name: str | None) -> None:
    """Load the Maple Valley demo district (and Lakeshore Unified), or a benchmark district."""
    if stakeholders is None and (relationships is not None or district_name):
        raise click.UsageError("--relationships and --district go with --stakeholders.")
    started, now = time.perf_counter(), datetime.now(UTC)
    with audit.acting_as(None, "demo loader"):
        if stakeholders is None:
            names = []
            for offset, spec in enumerate((data.MAPLE_VALLEY, data.LAKESHORE)):
                _load(spec.name, reset, spec.members,
                      lambda ids, spec=spec, s=seed + offset: build_demo(spec, s, ids, now),
                      seed + offset, demo_outreach.seed_demo)
                names.append(spec.name)
        else:
            relationships = 5 * stakeholders if relationships is None else relationships
            if relationships > stakeholders * (stakeholders - 1) // 4:
                raise click.UsageError("Too many relationships for that many stakeholders.")
            name = (district_name or data.BENCHMARK_DISTRICT).strip()
            if db.session.get_bind().dialect.name == "sqlite":
                db.session.execute(sa.text("PRAGMA cache_size=-262144"))  # 256 MB for the indexes
            _load(name, reset, (("admin", "admin"),),
                  lambda ids: build_benchmark(name, stakeholders, relationships, seed,
                                              ids["admin"], now), seed,
                  demo_outreach.seed_benchmark)
            names = [name]
    click.echo(f"Finished in {time.perf_counter() - started:.1f} s.")
    _print_logins(names)
