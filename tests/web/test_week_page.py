"""My week: follow-ups, list members waiting on me and contacts overdue by cadence."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.extensions import db
from app.models import FollowUp, Interaction, OutreachList, OutreachMember, Stakeholder
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"
# influence, interest per Mendelow quadrant
GRID = {"key_players": (4, 4), "keep_satisfied": (4, 1), "keep_informed": (1, 4),
        "monitor": (1, 1)}


def today() -> date:
    return datetime.now(UTC).date()


def person(name, owner_id=None, quadrant="key_players", days_ago=None, group="parent",
           engagement="supportive") -> Stakeholder:
    influence, interest = GRID[quadrant]
    s = Stakeholder(name=name, group=group, owner_id=owner_id)
    svc.rate(db.session, s, svc.Ratings(influence, interest, engagement, "supportive", False,
                                        True, False), by_user_id=None)
    if days_ago is not None:
        s.last_contact_at = datetime.now(UTC) - timedelta(days=days_ago)
    db.session.flush()
    return s


def follow_up(description, owner_id, due_in, stakeholder=None, interaction=None,
              done=False) -> FollowUp:
    f = FollowUp(description=description, owner_id=owner_id,
                 due_on=today() + timedelta(days=due_in),
                 stakeholder_id=stakeholder.id if stakeholder else None,
                 interaction_id=interaction.id if interaction else None,
                 done_at=datetime.now(UTC) if done else None)
    db.session.add(f)
    db.session.flush()
    return f


def ids(html: str, prefix: str) -> list[int]:
    return [int(i) for i in re.findall(rf'<li id="{prefix}-(\d+)"', html)]


@pytest.fixture
def me(login_as):
    return login_as("editor")


@pytest.fixture
def colleague(make_user, district):
    return make_user("colleague@example.org", "editor", district)


def test_my_week_needs_sign_in(client):
    assert client.get("/week/").status_code == 302


def test_empty_week_says_what_good_looks_like(client, me):
    page = client.get("/week/")
    assert page.status_code == 200
    assert "Nothing overdue or due this week." in page.text
    assert "Nobody on an outreach list is waiting on you." in page.text
    assert "Nothing overdue." in page.text
    assert "key players every 30 days" in page.text


def test_follow_ups_overdue_and_this_week_in_due_order_with_links(
        app, client, district, in_district, me, colleague):
    with app.app_context(), in_district(district):
        maria = person("Maria Lopez")
        meeting = Interaction(kind="focus_group", title="Parents focus group",
                              occurred_on=today() - timedelta(days=9))
        db.session.add(meeting)
        db.session.flush()
        late = follow_up("Send the FAQ", me, -3, maria, meeting).id
        soon = follow_up("Call Maria back", me, 2, maria).id
        due_today = follow_up("Book the hall", me, 0).id
        later = follow_up("Plan the spring event", me, 30).id
        follow_up("Already sent", me, -1, done=True)
        follow_up("Colleague's task", colleague, -2)
        db.session.commit()
    page = client.get("/week/").text
    assert ids(page, "follow-up") == [late, due_today, soon]
    assert later not in ids(page, "follow-up")
    assert "3 days overdue" in page and "due today" in page and "in 2 days" in page
    assert "Maria Lopez" in page and "Parents focus group" in page
    assert "Already sent" not in page and "Colleague&#39;s task" not in page
    assert "1 more due later: show all" in page
    everything = client.get("/week/?later=1").text
    assert ids(everything, "follow-up") == [late, due_today, soon, later]


def test_follow_ups_page_fifty_at_a_time(app, client, district, in_district, me):
    with app.app_context(), in_district(district):
        made = [follow_up(f"Task {i:02}", me, -60 + i).id for i in range(55)]
        db.session.commit()
    first = client.get("/week/").text
    assert ids(first, "follow-up") == made[:50]
    assert "Page 1 of 2" in first and 'href="/week/?fu_page=2"' in first
    second = client.get("/week/?fu_page=2", headers={**HX, "HX-Target": "week-follow-ups"})
    assert second.text.lstrip().startswith('<section id="week-follow-ups"')
    assert "<html" not in second.text
    assert ids(second.text, "follow-up") == made[50:]
    assert second.headers["HX-Push-Url"] == "/week/?fu_page=2"


def test_list_members_waiting_on_me_dated_first(app, client, district, in_district, me,
                                                colleague):
    with app.app_context(), in_district(district):
        lst = OutreachList(name="Spring parent outreach")
        db.session.add(lst)
        db.session.flush()

        def member(name, status="to_contact", due_in=None, owner=me):
            m = OutreachMember(list_id=lst.id, stakeholder_id=person(name).id, status=status,
                               owner_id=owner, next_step=f"Next for {name}",
                               due_on=today() + timedelta(days=due_in) if due_in is not None
                               else None)
            db.session.add(m)
            db.session.flush()
            return m.id

        undated = member("Una Dated")
        overdue = member("Olga Overdue", "contacted", -4)
        soon = member("Sam Soon", "meeting_set", 5)
        member("Carl Committed", "committed", -9)
        member("Dora Declined", "declined", -9)
        member("Theirs Only", due_in=-9, owner=colleague)
        db.session.commit()
    page = client.get("/week/").text
    assert ids(page, "waiting") == [overdue, soon, undated]
    assert "Spring parent outreach" in page and "Next for Olga Overdue" in page
    assert "Meeting set" in page and "4 days overdue" in page and "No due date" in page
    for absent in ("Carl Committed", "Dora Declined", "Theirs Only"):
        assert absent not in page


def test_overdue_contacts_by_quadrant_most_overdue_first(app, client, district, in_district,
                                                         me, colleague):
    with app.app_context(), in_district(district):
        never = person("Nina Never", me, "monitor").id
        kp = person("Kay Key", me, "key_players", days_ago=40).id  # 10 overdue
        ki = person("Ian Informed", me, "keep_informed", days_ago=70).id  # 25 overdue
        person("Kim Keyfresh", me, "key_players", days_ago=30)  # due today: not overdue
        person("Sid Satisfied", me, "keep_satisfied", days_ago=59)
        person("Mo Monitor", me, "monitor", days_ago=119)
        person("Theo Theirs", colleague, "key_players", days_ago=300)
        person("Nobody's", None, "key_players")
        db.session.commit()
    page = client.get("/week/").text
    assert ids(page, "overdue") == [never, ki, kp]
    assert "Never contacted" in page and "25 days overdue" in page and "10 days overdue" in page
    assert "every 45 days" in page
    for absent in ("Kim Keyfresh", "Sid Satisfied", "Mo Monitor", "Theo Theirs"):
        assert absent not in page
    assert "Suggested:" in page


def test_overdue_contacts_page_across_quadrants(app, client, district, in_district, me):
    with app.app_context(), in_district(district):
        expected = []
        for i in range(60):  # interleaved due dates across two quadrants
            quadrant = "key_players" if i % 2 else "monitor"
            cadence = 30 if i % 2 else 120
            expected.append(person(f"P{i:02}", me, quadrant, days_ago=cadence + 100 - i).id)
        db.session.commit()
    first = client.get("/week/").text
    assert ids(first, "overdue") == expected[:50]
    second = client.get("/week/?ov_page=2&fu_page=1",
                        headers={**HX, "HX-Target": "week-overdue"}).text
    assert ids(second, "overdue") == expected[50:]
    assert second.lstrip().startswith('<section id="week-overdue"')


def test_other_districts_items_never_show(app, client, district, other_district, in_district,
                                          me):
    with app.app_context(), in_district(other_district):
        s = person("Other Town Person", me, "key_players")
        follow_up("Other district task", me, -1, s)
        lst = OutreachList(name="Other list")
        db.session.add(lst)
        db.session.flush()
        db.session.add(OutreachMember(list_id=lst.id, stakeholder_id=s.id, owner_id=me))
        db.session.commit()
    page = client.get("/week/").text
    assert "Other Town Person" not in page and "Other district task" not in page
    assert "Other list" not in page


def test_counts_fragment_and_names_render_inert(app, client, district, in_district, me):
    with app.app_context(), in_district(district):
        s = person(XSS, me, "key_players")
        follow_up(XSS, me, -1, s)
        db.session.commit()
    page = client.get("/week/").text
    assert XSS not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    counts = client.get("/week/", headers={**HX, "HX-Target": "week-counts"})
    assert counts.text.lstrip().startswith('<div id="week-counts"')
    assert re.search(r'stat-value">1</span><span class="stat-label">follow-up overdue',
                     counts.text)
    assert re.search(r'stat-value">1</span><span class="stat-label">person overdue',
                     counts.text)


def test_viewers_see_their_week_without_done_buttons(app, client, district, in_district,
                                                     login_as):
    viewer = login_as("viewer")
    with app.app_context(), in_district(district):
        follow_up("Viewer's reminder", viewer, 1)
        db.session.commit()
    page = client.get("/week/").text
    assert "Viewer&#39;s reminder" in page
    assert "/done" not in page
