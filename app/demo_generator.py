"""The demo generator: seeded organisations and people (named or generated), with
ratings and their history, contact details and household ties."""

import itertools
from datetime import datetime, timedelta

from app.demo_drafts import LEVELS, Draft, parse_rating, slug, split_parts
from app.demo_ties import DraftNetwork
from app.services import demo_data as data

SCALE = (1, 2, 3, 4, 5)


class Generator(DraftNetwork):
    """Seeded stakeholders and ties for one district: the same rules for demo and benchmark."""

    def __init__(self, seed: int, *, now: datetime, cities, area_codes, owner_for,
                 weight_cap: float, movers: float, middle_initials: bool = False):
        super().__init__(seed)
        self.now, self.cities, self.area_codes = now, tuple(cities), tuple(area_codes)
        self.owner_for, self.weight_cap, self.movers = owner_for, weight_cap, movers
        self.middle_initials = middle_initials
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
        self._profiles = {
            group: (tuple(zip(SCALE, influence, strict=True)),
                    tuple(zip(SCALE, interest, strict=True)),
                    tuple(zip(LEVELS, levels, strict=True)), *chances)
            for group, (influence, interest, levels, *chances) in data.PROFILES.items()}

    def set_schools(self, names) -> None:
        self.schools = list(names)
        self.secondary = [s for s in self.schools if "Elementary" not in s] or self.schools

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
        words = [w for w in slug(name, " ").split() if w not in ("of", "and", "the")]
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
        self._contact(draft, slug(f"{first}.{last}", "."),
                      self.drafts[org].domain if work else "example.org",
                      0.3 if group == "student" else 0.9)
        return self._add(draft, rating, earlier)

    def named(self, p: data.Person, org_keys: dict[str, int], school_names: dict[str, str]) -> int:
        """A person from the fixed tables."""
        parts = p.name.split()
        rating = parse_rating(p.rating)
        i = self.person(parts[0], parts[-1], p.group, langs=split_parts(p.langs),
                        schools=[school_names[k] for k in split_parts(p.schools)],
                        org=org_keys.get(p.org), title=p.title, tags=split_parts(p.tags, ","),
                        rating=rating, earlier=list(split_parts(p.history)), notes=p.notes,
                        weight=1.5 + rating["influence"] / 2)
        self.drafts[i].name = p.name
        self.index[p.name] = i
        return i

    def generated(self, group: str) -> int:
        """A generated person of `group`, with plausible school, language, organisation."""
        rng = self.rng
        langs = split_parts(self.pick(data.LANGUAGE_MIX.get(group, data.LANGUAGE_MIX["*"])))
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
