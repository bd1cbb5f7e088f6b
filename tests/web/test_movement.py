"""Engagement movement: "who moved from resistant to supportive this term", answered from
the dated assessments, with the transition table and the people behind each count."""

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import sqlalchemy as sa
import time_machine

from app.domain.engagement import term_start
from app.extensions import db
from app.models import OutreachList, OutreachMember, Stakeholder
from app.services.stakeholders import Ratings, rate
from app.stakeholders import movement_routes

HX = {"HX-Request": "true"}
SINCE = "2026-09-01"
JULY, SEPT, OCT = (datetime(2026, 7, 1, 12, tzinfo=UTC), datetime(2026, 9, 10, 12, tzinfo=UTC),
                   datetime(2026, 10, 5, 12, tzinfo=UTC))


@pytest.fixture
def rated(app, district, in_district, make_user):
    """rated(name, (when, level), ...): a stakeholder rated at those times, by Rita Rater."""
    rater = make_user("rita@example.org", "editor", district, name="Rita Rater")

    def make(name, *steps, within=None, group="parent"):
        with app.app_context(), in_district(within or district):
            s = Stakeholder(name=name, group=group, kind="person")
            for when, level in steps:
                with time_machine.travel(when, tick=False):
                    rate(db.session, s, Ratings(3, 3, level, "leading", True, False, True),
                         by_user_id=rater)
                    db.session.commit()
            return s.id

    return make


@pytest.fixture
def term(rated, other_district):
    """Five people of the district whose levels changed around September 1st, and one of
    another district."""
    return {
        "pat": rated("Pat Parent", (JULY, "resistant"), (SEPT, "supportive")),
        "quinn": rated("Quinn Q", (JULY, "resistant"), (SEPT, "neutral"), (OCT, "supportive")),
        "rae": rated("Rae R", (JULY, "resistant"), (SEPT, "supportive"), (OCT, "resistant")),
        "sam": rated("Sam New", (SEPT, "supportive")),
        "tess": rated("Tess Teacher", (JULY, "neutral"), (OCT, "supportive"), group="educator"),
        "theirs": rated("Their Person", (JULY, "resistant"), (SEPT, "supportive"),
                        within=other_district),
    }


def cells(page: str) -> dict[str, int]:
    """The transition table's counts by link id (moved-<from>-<to>)."""
    return {key: int(n.replace(",", "")) for key, n in
            re.findall(r'<a id="moved-([a-z]+-[a-z]+)"[^>]*>([\d,]+)<', page)}


def movers(page: str) -> list[str]:
    return [unescape(name) for name in re.findall(
        r'<tr id="mover-\d+">\s*<td><a href="/stakeholders/\d+">([^<]+)</a>', page)]


def visible(page: str) -> str:
    """The page's text as read: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_who_moved_from_resistant_to_supportive(client, login_as, term):
    login_as("viewer")
    page = client.get(f"/stakeholders/movement?since={SINCE}")
    assert page.status_code == 200
    text = visible(page.text)
    assert "3 stakeholders changed level since 1 Sep 2026." in text
    assert "3 are now supportive or leading and were not; 0 no longer are." in text
    # Rae went up and came back; Sam was first rated in September; Their Person is not ours.
    assert cells(page.text) == {"resistant-supportive": 2, "neutral-supportive": 1,
                                "resistant-away": 2, "neutral-away": 1, "here-supportive": 3}

    chosen = client.get(f"/stakeholders/movement?since={SINCE}&from=resistant&to=supportive")
    assert movers(chosen.text) == ["Pat Parent", "Quinn Q"]
    text = visible(chosen.text)
    assert "Resistant → Supportive since 1 Sep 2026" in text
    assert "2 stakeholders." in text
    assert "5 Oct 2026 by Rita Rater" in text  # Quinn's last rating, and who made it
    assert 'id="moved-resistant-supportive" ' in chosen.text
    assert 'aria-current="true">2<' in chosen.text

    everyone_now_supportive = client.get(f"/stakeholders/movement?since={SINCE}&to=supportive")
    assert movers(everyone_now_supportive.text) == ["Pat Parent", "Quinn Q", "Tess Teacher"]


def test_a_change_on_the_first_day_counts(client, login_as, rated):
    rated("Ada Early", (JULY, "unaware"), (datetime(2026, 9, 1, 0, 0, tzinfo=UTC), "neutral"))
    login_as("viewer")
    assert cells(client.get("/stakeholders/movement?since=2026-09-01").text) == {
        "unaware-neutral": 1, "unaware-away": 1, "here-neutral": 1}
    assert cells(client.get("/stakeholders/movement?since=2026-09-02").text) == {}


def test_a_new_rating_shows_at_once(client, login_as, app, district, in_district, term):
    login_as("editor")
    assert cells(client.get(f"/stakeholders/movement?since={SINCE}").text)[
        "resistant-supportive"] == 2
    with app.app_context(), in_district(district):
        rae = db.session.get(Stakeholder, term["rae"])
        rate(db.session, rae, Ratings(3, 3, "supportive", "leading", True, False, True),
             by_user_id=None)
        db.session.commit()
    # Any change moves the district's data version, which the remembered answer is kept by.
    assert cells(client.get(f"/stakeholders/movement?since={SINCE}").text)[
        "resistant-supportive"] == 3


def test_defaults_to_this_term(client, login_as):
    login_as("viewer")
    page = client.get("/stakeholders/movement")
    start = term_start(datetime.now(UTC).date())
    assert f'name="since" value="{start.isoformat()}"' in page.text
    assert 'aria-current="true">This term (' in page.text


def test_nothing_moved_says_what_changes_a_level(client, login_as, rated):
    rated("Pat Parent", (JULY, "resistant"))
    login_as("viewer")
    text = visible(client.get(f"/stakeholders/movement?since={SINCE}").text)
    assert "Nobody's PMBOK engagement level has changed since 1 Sep 2026." in text
    assert "edits a stakeholder's ratings" in text
    assert "Moved away" not in text


@pytest.mark.parametrize(("query", "message", "typed"), [
    ("since=2999-01-01", "Choose a day on or before today.", "2999-01-01"),
    ("since=1999-12-31", "Choose 1 January 2000 or later.", "1999-12-31"),
    ("since=yesterday", "Enter a day as year-month-day, like 2026-08-01.", "yesterday"),
    ("from=resistant&to=resistant", "Choose two different levels", None),
    ("from=furious", "Not a valid choice.", None),
])
def test_bad_input_is_explained(client, login_as, query, message, typed):
    login_as("viewer")
    page = client.get(f"/stakeholders/movement?{query}")
    assert page.status_code == 422
    assert message in visible(page.text)
    # The answer shown is this term's; a day in error stays in its field as typed.
    assert 'aria-current="true">This term (' in page.text
    shown = typed or term_start(datetime.now(UTC).date()).isoformat()
    assert f'name="since" value="{shown}"' in page.text


def test_a_bad_level_keeps_the_day_asked_for(client, login_as, term):
    login_as("viewer")
    page = client.get(f"/stakeholders/movement?since={SINCE}&from=furious&to=supportive")
    assert page.status_code == 422
    assert "Not a valid choice." in visible(page.text)
    assert f'name="since" value="{SINCE}"' in page.text
    assert "3 stakeholders changed level since 1 Sep 2026." in visible(page.text)


def test_htmx_gets_the_results_or_the_people_alone(client, login_as, term):
    login_as("viewer")
    url = f"/stakeholders/movement?since={SINCE}&from=resistant&to=supportive"
    full = client.get(url)
    assert "<html" in full.text and 'id="movement-results"' in full.text
    results = client.get(url, headers={**HX, "HX-Target": "movement-results"})
    assert "<html" not in results.text
    assert results.text.lstrip().startswith('<div id="movement-results">')
    assert movers(results.text) == ["Pat Parent", "Quinn Q"]
    assert results.headers["HX-Push-Url"] == url
    people = client.get(url, headers={**HX, "HX-Target": "movement-people"})
    assert people.text.lstrip().startswith('<section id="movement-people"')
    assert "movement-table" not in people.text
    assert movers(people.text) == ["Pat Parent", "Quinn Q"]


def test_long_lists_are_paged(client, login_as, rated, monkeypatch):
    for name in ("Ann", "Ben", "Cal", "Dee", "Eve"):
        rated(name, (JULY, "neutral"), (SEPT, "leading"))
    monkeypatch.setattr(movement_routes, "PER_PAGE", 2)
    login_as("viewer")
    url = f"/stakeholders/movement?since={SINCE}&from=neutral&to=leading"
    assert movers(client.get(url).text) == ["Ann", "Ben"]
    last = client.get(url + "&page=3")
    assert movers(last.text) == ["Eve"]
    assert "Page 3 of 3" in last.text
    assert movers(client.get(url + "&page=99").text) == ["Eve"]  # past the end: the last


def test_names_are_escaped(client, login_as, rated):
    rated("<img src=x onerror=alert(1)>", (JULY, "resistant"), (SEPT, "supportive"))
    login_as("viewer")
    page = client.get(f"/stakeholders/movement?since={SINCE}&from=resistant")
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_the_list_links_to_movement(client, login_as):
    login_as("viewer")
    assert 'href="/stakeholders/movement"' in client.get("/stakeholders/").text


def test_since_is_read_as_a_date_not_trusted(client, login_as, term):
    login_as("viewer")
    page = client.get("/stakeholders/movement?since=2026-09-01T00:00:00")
    assert page.status_code == 422
    assert date(2026, 9, 1).isoformat() not in re.findall(r'name="since" value="([^"]+)"',
                                                          page.text)


def test_an_editor_puts_everyone_behind_a_count_on_an_outreach_list(client, login_as, term,
                                                                     auth, app, district,
                                                                     in_district):
    login_as("editor")
    url = f"/stakeholders/movement?since={SINCE}&from=resistant&to=supportive"
    page = client.get(url)
    ids = re.search(r'name="ids" value="([\d,]+)"', page.text).group(1)
    assert sorted(int(i) for i in ids.split(",")) == sorted([term["pat"], term["quinn"]])
    assert "Add all 2 to the outreach list" in page.text
    response = client.post("/outreach/add", data={
        "csrf_token": auth.csrf(), "ids": ids, "new_list_name": "Thank the new supporters",
        "next": url})
    assert response.status_code == 302
    with app.app_context(), in_district(district):
        lst = db.session.scalar(sa.select(OutreachList).where(
            OutreachList.name == "Thank the new supporters"))
        members = set(db.session.scalars(sa.select(OutreachMember.stakeholder_id)
                                         .where(OutreachMember.list_id == lst.id)))
    assert response.headers["Location"].endswith(f"/outreach/{lst.id}")
    assert members == {term["pat"], term["quinn"]}
    # Refused (no list chosen or named): back to the same answer, with the reason.
    refused = client.post("/outreach/add", data={"csrf_token": auth.csrf(), "ids": ids,
                                                 "next": url})
    assert refused.headers["Location"].endswith(url)
    assert "Choose a list, or type a name" in visible(client.get(url).text)


def test_viewers_see_who_moved_but_add_no_one(client, login_as, term):
    login_as("viewer")
    page = client.get(f"/stakeholders/movement?since={SINCE}&from=resistant&to=supportive")
    assert movers(page.text) == ["Pat Parent", "Quinn Q"]
    assert "/outreach/add" not in page.text


def test_too_many_to_add_at_once_says_how_to_narrow(client, login_as, term, monkeypatch):
    monkeypatch.setattr(movement_routes, "MAX_ADD", 1)
    login_as("editor")
    page = client.get(f"/stakeholders/movement?since={SINCE}&from=resistant&to=supportive",
                      headers={**HX, "HX-Target": "movement-people"})
    assert "/outreach/add" not in page.text
    assert "narrow the period or the levels to at most 1 people" in visible(page.text)
