"""Demo and benchmark data for outreach: pathways, partnerships, the engagement log,
follow-ups and outreach lists, written with Core bulk inserts after the register exists.

The demo district gets a realistic, hand-shaped picture (named partners, a focus group,
community meetings with attendance, follow-ups around today for each demo user); the
benchmark district gets the volumes issue 5 measures: a 10,000-member list, a user with
1,000 open follow-ups and one stakeholder with 2,000 interactions.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from app import demo_messages
from app.extensions import db
from app.models import (
    Commitment,
    Concern,
    FollowUp,
    Interaction,
    InteractionParticipant,
    OutreachList,
    OutreachMember,
    OutreachStatusChange,
    Partnership,
    PartnershipStageChange,
    Pathway,
    Stakeholder,
)
from app.models.engagement import interaction_users
from app.models.partnership import partnership_contacts

CHUNK = 5000

PATHWAYS = (
    ("Advanced manufacturing", "pathway", "machining, welding, robotics, CNC, manufacturing",
     "Advanced manufacturing, Construction, Utilities"),
    ("Health sciences", "pathway", "nursing, clinical, health, medical, allied health",
     "Hospital and health system, Community health center, Public health"),
    ("Computer science", "pathway", "software, cybersecurity, coding, IT, STEM",
     "Information technology, Software"),
    ("Early college", "pathway", "dual enrollment, college credit, early college",
     "Community college, Public university"),
    ("Communicates and collaborates", "portrait", "mentoring, public speaking, teamwork", ""),
)

# (organisation, title, type, stage path, pathway, commitments, lead user key)
PARTNERSHIPS = (
    ("Maple Valley Precision Manufacturing", "Machinist internships", "work_based_learning",
     ("prospect", "exploring", "active"), "Advanced manufacturing",
     ((20, "internship places"), (4, "mentors")), "partnerships"),
    ("Maple Valley Community College", "College in the High School", "dual_enrollment",
     ("prospect", "exploring", "active"), "Early college", ((12, "dual-credit courses"),),
     "admin"),
    ("Maple Valley Regional Hospital", "Nursing assistant pathway", "work_based_learning",
     ("prospect", "exploring"), "Health sciences", ((10, "clinical placements"),),
     "partnerships"),
    ("Cedar Tech Solutions", "Cybersecurity mentors", "mentoring", ("prospect", "exploring"),
     "Computer science", ((6, "mentors"),), "partnerships"),
    ("Maple Valley Chamber of Commerce", "Employer advisory board", "advisory_board",
     ("prospect", "active"), None, ((8, "board seats"),), "admin"),
    ("Northstar Logistics", "Logistics internships", "work_based_learning", ("prospect",),
     None, (), "partnerships"),
    ("Maple Valley Community Foundation", "Portrait of a Graduate launch", "sponsorship",
     ("prospect", "active", "paused"), "Communicates and collaborates",
     ((25000, "dollars for family events"),), "admin"),
    ("Northern State University", "Student-teacher residency", "professional_learning",
     ("prospect",), None, (), "partnerships"),
    ("Hendricks Construction", "Site visits", "facilities", ("prospect", "exploring", "ended"),
     "Advanced manufacturing", (), "partnerships"),
)

THEMES = {
    "grading": "Worried that replacing letter grades will hurt college admissions.",
    "workload": "Teachers need time to redesign units; who covers it?",
    "admissions": "Will colleges understand competency-based transcripts?",
    "communication": "Families hear about changes late and only in English.",
    "equity": "Make sure every school gets the same internships, not only the high school.",
    "transport": "Students need buses to reach work-based learning sites.",
}

THEMES_IN_ORDER = tuple(sorted(THEMES))

# The district's answer ("you said, we did") to an answered concern of each theme.
ANSWERS = {
    "grading": "Transcripts keep letter grades beside the competency report through 2028; "
               "the state university's admissions office signed off on the format.",
    "workload": "Two paid planning days a term for every teacher redesigning a unit, "
                "covered by substitutes from the district pool.",
    "admissions": "A one-page guide to our transcripts now goes to every college a student "
                  "applies to; Northern State University helped write it.",
    "communication": "Family updates now go out in English, Spanish and Somali, two weeks "
                     "before any change.",
    "equity": "Internship places are shared across all schools by a published rota.",
    "transport": "A shuttle runs to the three largest work-based learning sites twice a day.",
}

KINDS = ("meeting", "call", "email", "classroom_visit", "principal_chat", "meeting", "call")
TITLES = {
    "meeting": ("Coffee about the Portrait of a Graduate", "Meeting on competency-based grading",
                "Introductory meeting"),
    "call": ("Phone call", "Check-in call"),
    "email": ("Email about the community conversations", "Sent the vision one-pager"),
    "classroom_visit": ("Visit to a personalized-learning classroom",),
    "principal_chat": ("Chat with the principal",),
}


def _insert(table, rows: list[dict]) -> list[int]:
    """Bulk insert rows; returns the new ids in order when the table has an id column."""
    if not rows:
        return []
    if "id" not in table.c:
        for start in range(0, len(rows), CHUNK):
            db.session.execute(sa.insert(table), rows[start:start + CHUNK])
        return []
    ids = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        ids += db.session.scalars(sa.insert(table).returning(table.c.id), chunk).all()
    return ids


class Outreach:
    """Writes one district's outreach data; the register must already be in it."""

    def __init__(self, district_id: int, user_ids: dict[str, int], now: datetime, seed: int):
        self.district_id, self.user_ids, self.now = district_id, user_ids, now
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.today = now.date()
        rows = db.session.execute(sa.select(
            Stakeholder.id, Stakeholder.name, Stakeholder.kind, Stakeholder.group,
            Stakeholder.owner_id).order_by(Stakeholder.id)).all()
        self.by_name = {r.name: r.id for r in rows}
        self.people = [r for r in rows if r.kind == "person"]
        self.orgs = [r for r in rows if r.kind == "organisation"]
        self.by_group: dict[str, list[int]] = {}
        for r in self.people:
            self.by_group.setdefault(r.group, []).append(r.id)
        self.users = list(user_ids.values())
        self.counts: dict[str, int] = {}

    def _scoped(self, **values) -> dict:
        return {"district_id": self.district_id, **values}

    def _at(self, day: date) -> datetime:
        """Mid-afternoon of `day`, or for today, an hour ago if that is earlier: nothing
        the demo records has happened later than now (a last contact "in the future"
        read as "just now")."""
        return min(datetime.combine(day, time(15, 0), tzinfo=UTC), self.now - timedelta(hours=1))

    # -- pathways and partnerships -------------------------------------------------------
    def pathways(self) -> dict[str, int]:
        rows = [self._scoped(name=n, kind=k, keywords=kw, sectors=s, description="")
                for n, k, kw, s in PATHWAYS]
        return dict(zip([n for n, *_ in PATHWAYS], _insert(Pathway.__table__, rows),
                        strict=True))

    def partnerships(self, specs, pathway_ids: dict[str, int]) -> None:
        made, changes, commitments, contacts = [], [], [], []
        for org, title, kind, stages, pathway, promised, lead in specs:
            if org not in self.by_name:
                continue
            days = sorted(self.rng.sample(range(10, 400), len(stages)), reverse=True)
            made.append((org, stages, days, promised, self._scoped(
                version=1, organisation_id=self.by_name[org], title=title, type=kind,
                stage=stages[-1], pathway_id=pathway_ids.get(pathway),
                lead_id=self.user_ids.get(lead), notes="",
                start_on=self.today - timedelta(days=days[-1]) if "active" in stages else None,
                end_on=self.today - timedelta(days=5) if stages[-1] == "ended" else None,
                created_at=self._at(self.today - timedelta(days=days[0])),
                stage_changed_at=self._at(self.today - timedelta(days=days[-1])))))
        ids = _insert(Partnership.__table__, [row for *_, row in made])
        staff = self.by_group.get("business", []) + self.by_group.get("higher_ed", [])
        for pid, (_org, stages, days, promised, row) in zip(ids, made, strict=True):
            previous = ""
            for stage, ago in zip(stages, days, strict=True):
                changes.append(self._scoped(partnership_id=pid, from_stage=previous,
                                            to_stage=stage, changed_by_id=row["lead_id"],
                                            changed_at=self._at(self.today - timedelta(ago)),
                                            note=""))
                previous = stage
            commitments += [self._scoped(partnership_id=pid, quantity=q, description=d)
                            for q, d in promised]
            for person in self.rng.sample(staff, min(2, len(staff))):
                contacts.append({"partnership_id": pid, "stakeholder_id": person})
        _insert(PartnershipStageChange.__table__, changes)
        _insert(Commitment.__table__, commitments)
        _insert(partnership_contacts, contacts)
        self.counts["partnerships"] = len(ids)

    # -- the engagement log --------------------------------------------------------------
    def interactions(self, specs: list[tuple]) -> None:
        """specs: (kind, title, day, participant ids, attended ids or None, user ids,
        concerns [(theme, text)], follow-up (description, due, owner, about) or None)."""
        rows = [self._scoped(kind=k, title=t, occurred_on=day, summary=f"{t}: notes.",
                             outcome="", with_attendance=attended is not None,
                             created_by_id=users[0] if users else None,
                             created_at=self._at(day))
                for k, t, day, _p, attended, users, _c, _f in specs]
        ids = _insert(Interaction.__table__, rows)
        participants, links, concerns, follow_ups = [], [], [], []
        for iid, (_k, _t, day, people, attended, users, said, follow) in zip(ids, specs,
                                                                               strict=True):
            came = set(people if attended is None else attended)
            participants += [self._scoped(interaction_id=iid, stakeholder_id=p, occurred_on=day,
                                          attended=p in came) for p in people]
            links += [{"interaction_id": iid, "user_id": u} for u in users]
            for th, tx in said:
                is_open = self.rng.random() < 0.7
                concerns.append(self._scoped(interaction_id=iid, theme=th, text=tx,
                                             is_open=is_open,
                                             answer="" if is_open else ANSWERS.get(th, "")))
            if follow:
                text, due, owner, about = follow
                done = self._at(due) if due < self.today - timedelta(days=20) else None
                follow_ups.append(self._scoped(
                    interaction_id=iid, stakeholder_id=about, owner_id=owner, description=text,
                    due_on=due, done_at=done, done_by_id=owner if done else None,
                    created_at=self._at(day)))
        _insert(InteractionParticipant.__table__, participants)
        _insert(interaction_users, links)
        _insert(Concern.__table__, concerns)
        _insert(FollowUp.__table__, follow_ups)
        self.counts["interactions"] = self.counts.get("interactions", 0) + len(ids)
        self.counts["follow_ups"] = self.counts.get("follow_ups", 0) + len(follow_ups)

    def touch_last_contact(self) -> None:
        """Last contact = the latest interaction each stakeholder attended (if later)."""
        p, s = InteractionParticipant.__table__, Stakeholder.__table__
        # One grouped read over the participants' district index (a correlated subquery
        # per stakeholder scanned every participant row for each of them at 100,000).
        latest = (sa.select(p.c.stakeholder_id.label("id"),
                            sa.func.max(p.c.occurred_on).label("day"))
                  .where(p.c.district_id == self.district_id, p.c.attended.is_(True))
                  .group_by(p.c.stakeholder_id).subquery())
        rows = db.session.execute(sa.select(s.c.id, s.c.last_contact_at, latest.c.day)
                                  .join(latest, latest.c.id == s.c.id)).all()
        updates = [{"sid": r.id, "at": self._at(r.day)} for r in rows
                   if r.last_contact_at is None or r.last_contact_at < self._at(r.day)]
        if updates:
            db.session.execute(sa.update(s).where(s.c.id == sa.bindparam("sid"))
                               .values(last_contact_at=sa.bindparam("at"),
                                       updated_at=s.c.updated_at), updates)  # not an edit

    # -- outreach lists ------------------------------------------------------------------
    def outreach_list(self, name: str, members: list[int], owner: int | None,
                      filter_query: str = "", description: str = "") -> int:
        list_id = _insert(OutreachList.__table__, [self._scoped(
            name=name, description=description, filter_query=filter_query, owner_id=owner,
            created_by_id=owner, created_at=self._at(self.today - timedelta(days=30)),
            refreshed_at=None)])[0]
        statuses = ("to_contact",) * 5 + ("contacted",) * 3 + ("responded", "meeting_set",
                                                                "committed", "declined")
        rows, moved = [], []
        for sid in members:
            status = self.rng.choice(statuses)
            due = self.today + timedelta(days=self.rng.randint(-10, 20))
            rows.append(self._scoped(
                list_id=list_id, stakeholder_id=sid, status=status,
                owner_id=owner if self.rng.random() < 0.8 else self.rng.choice(self.users),
                # Half the open members have no next step yet: the list suggests one.
                next_step="" if status in ("committed", "declined") or self.rng.random() < 0.5
                else self.rng.choice(("Call to follow up", "Send the one-page vision",
                                      "Invite to the community conversation")),
                due_on=None if status in ("committed", "declined") else due,
                added_at=self._at(self.today - timedelta(days=30)),
                status_changed_at=None if status == "to_contact" else
                self._at(self.today - timedelta(days=self.rng.randint(1, 25)))))
            moved.append(status)
        ids = _insert(OutreachMember.__table__, rows)
        _insert(OutreachStatusChange.__table__, [
            self._scoped(member_id=mid, from_status="to_contact", to_status=status,
                         changed_by_id=owner, changed_at=row["status_changed_at"])
            for mid, status, row in zip(ids, moved, rows, strict=True) if status != "to_contact"])
        self.counts["list_members"] = self.counts.get("list_members", 0) + len(ids)
        return list_id


# -- the demo district -------------------------------------------------------------------
def _filter_members(query: str) -> list[int]:
    from urllib.parse import parse_qsl

    from app.domain.filters import parse_filter
    from app.services import stakeholder_query

    f = parse_filter(dict(parse_qsl(query)))
    statement = stakeholder_query.filtered(f, db.session.get_bind().dialect.name, Stakeholder.id)
    return list(db.session.scalars(statement.order_by(Stakeholder.id)))


def seed_demo(district_id: int, user_ids: dict[str, int], now: datetime, seed: int) -> dict:
    """The demo district's partnerships, engagement log, follow-ups and outreach lists."""
    out = Outreach(district_id, user_ids, now, seed)
    rng, today = out.rng, out.today
    workers = [user_ids[k] for k in ("admin", "partnerships", "comms") if k in user_ids]
    if not out.people or not workers:
        return {}
    out.partnerships(PARTNERSHIPS, out.pathways())
    parents = out.by_group.get("parent", []) or [p.id for p in out.people]
    everyone = [p.id for p in out.people]
    owner_of = {p.id: p.owner_id for p in out.people}
    specs = []
    focus = rng.sample(parents, min(8, len(parents)))
    specs.append(("focus_group", "Parent focus group on grading", today - timedelta(days=20),
                  focus, None, workers[-1:], [("grading", THEMES["grading"]),
                                              ("communication", THEMES["communication"]),
                                              ("admissions", THEMES["admissions"])],
                  ("Send the focus group the grading FAQ in English and Spanish",
                   today + timedelta(days=3), workers[-1], focus[0])))
    for number, ago in enumerate((10, 35, 60, 90), start=1):
        invited = rng.sample(everyone, min(20, len(everyone)))
        specs.append(("community_meeting", f"Community conversation {number}",
                      today - timedelta(days=ago), invited, invited[:12], workers[:2],
                      [(t, THEMES[t]) for t in rng.sample(sorted(THEMES), 2)], None))
    for _ in range(48):
        day = today - timedelta(days=rng.randint(0, 120))
        people = rng.sample(everyone, rng.choice((1, 1, 2)))
        user = owner_of.get(people[0]) or rng.choice(workers)
        said = [(t, THEMES[t]) for t in rng.sample(sorted(THEMES), 1)] if rng.random() < 0.3 \
            else []
        follow = None
        if rng.random() < 0.45:
            follow = (rng.choice(("Send the Portrait of a Graduate draft", "Set up a classroom "
                                  "visit", "Share internship numbers", "Call back with answers")),
                      today + timedelta(days=rng.randint(-12, 14)),
                      user if user in workers else rng.choice(workers), people[0])
        kind = rng.choice(KINDS)
        specs.append((kind, rng.choice(TITLES[kind]), day, people, None, [user], said, follow))
    for worker in workers:  # everyone's week has something overdue and something due
        who = rng.choice(everyone)
        for due, text in ((today - timedelta(days=4), "Return the call about transcripts"),
                          (today + timedelta(days=2), "Confirm the classroom visit")):
            specs.append(("call", "Follow-up call", today - timedelta(days=9), [who], None,
                          [worker], [], (text, due, worker, who)))
    out.interactions(sorted(specs, key=lambda spec: spec[2]))
    out.touch_last_contact()
    schools = dict(db.session.execute(sa.text(
        "SELECT name, id FROM schools WHERE district_id = :d"), {"d": district_id}).all())
    northwood = schools.get("Northwood Elementary")
    query = "language=Spanish" + (f"&school={northwood}" if northwood else "")
    out.outreach_list("Spanish-speaking families at Northwood", _filter_members(query),
                      user_ids.get("comms"), filter_query=query,
                      description="Invite to the October community conversation, in Spanish.")
    partners = [p.id for p in out.people if p.group in ("business", "higher_ed")]
    out.outreach_list("Employers for internships", partners[:25], user_ids.get("partnerships"),
                      description="Ask for summer 2027 internship places.")
    query = "quadrant=key_players&engagement=neutral"
    out.outreach_list("Neutral key players", _filter_members(query), user_ids.get("admin"),
                      filter_query=query, description="One-to-one meetings this term.")
    out.counts.update(demo_messages.seed_messages(district_id, now))
    return out.counts


# -- the benchmark district --------------------------------------------------------------
def seed_benchmark(district_id: int, user_ids: dict[str, int], now: datetime,
                   seed: int) -> dict:
    """Volumes for issue 5's benchmark: a 10,000-member list, 1,000 open follow-ups for
    the admin, a stakeholder with 2,000 interactions, 2,000 partnerships, 5,500 concerns;
    the demo's glossary and key messages."""
    out = Outreach(district_id, user_ids, now, seed)
    rng, today, admin = out.rng, out.today, user_ids["admin"]
    everyone = [p.id for p in out.people]
    partners = [o for o in out.orgs if o.group in ("business", "higher_ed", "health")]
    pathway_ids = out.pathways()
    specs = [(o.name, f"{o.name} partnership", rng.choice(("work_based_learning", "mentoring",
              "advisory_board", "dual_enrollment")),
              rng.choice((("prospect",), ("prospect", "exploring"), ("prospect", "active"))),
              rng.choice(list(pathway_ids)), ((rng.randint(1, 20), "internship places"),),
              "admin") for o in rng.sample(partners, min(2000, len(partners)))]
    out.partnerships(specs, pathway_ids)
    hub, interactions = everyone[0], []
    for n in range(22_000):
        day = today - timedelta(days=rng.randint(0, 700))
        people = rng.sample(everyone, rng.randint(1, min(3, len(everyone))))
        if n < 2000:
            people = [hub, *[p for p in people if p != hub]]
        follow = None
        if n < 2000:  # the admin's 1,000 open and 1,000 done follow-ups
            due = today + timedelta(days=rng.randint(-20, 60)) if n % 2 else \
                today - timedelta(days=rng.randint(21, 300))
            follow = ("Follow up on the conversation", due, admin, people[0])
        kind = rng.choice(KINDS)
        theme = THEMES_IN_ORDER[n // 4 % len(THEMES_IN_ORDER)]  # 5,500 concerns, all themes
        interactions.append((kind, rng.choice(TITLES[kind]), day, people, None, [admin],
                             [(theme, THEMES[theme])] if n % 4 == 0 else [], follow))
    out.interactions(sorted(interactions, key=lambda spec: spec[2]))
    out.touch_last_contact()
    members = rng.sample(everyone, min(10_000, len(everyone)))
    out.outreach_list("Benchmark list (10,000 members)", members, admin)
    out.counts["timeline_stakeholder_id"] = hub
    out.counts.update(demo_messages.seed_messages(district_id, now))  # the glossary checks
    return out.counts
