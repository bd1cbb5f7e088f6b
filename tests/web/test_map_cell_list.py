"""A map's count bubble opens the list of that grid cell (influence and interest), with the
map's other filters; the list shows the cell as a filter that can be removed; the map
honours a cell filter too."""

import re
from html import unescape

import pytest

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services import stakeholders as svc

ROWS = {"HX-Request": "true", "HX-Target": "stakeholder-rows"}
PANEL = {"HX-Request": "true", "HX-Target": "map-panel"}


@pytest.fixture
def add(app, district):
    """Create a stakeholder at (influence, interest) through the services; its id."""

    def make(name, influence, interest, group="parent"):
        with app.app_context(), tenancy.district_context(district.id):
            s = Stakeholder(name=name, group=group, kind="person")
            svc.rate(db.session, s, svc.Ratings(influence, interest, "neutral", "supportive",
                                                False, True, False), by_user_id=None)
            svc.refresh_search_text(db.session, s)
            db.session.commit()
            return s.id

    return make


def row_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="stakeholder-(\d+)"', html)]


def bubble_href(page: str, influence: int, interest: int) -> str:
    found = re.search(rf'<a id="map-cell-{influence}-{interest}" class="cell-link" '
                      r'href="([^"]*)"', page)
    assert found, f"no count bubble at influence {influence}, interest {interest}"
    return unescape(found.group(1))


def text(html: str) -> str:
    """What a reader sees: the tags dropped, the spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def row_names(html: str) -> list[str]:
    return [unescape(n) for n in re.findall(
        r'<td class="col-name">.*?<a href="/stakeholders/\d+">([^<]*)</a>', html)]


def test_a_count_bubble_opens_the_list_of_its_cell_with_the_maps_filters(
        app, client, login_as, add):
    ana = add("Ana Ruiz", 4, 5)
    cho = add("Cho Lee", 4, 5)
    add("Dee Park", 4, 4)  # the same quadrant (Key players), another cell
    add("Eve Stone", 4, 5, group="business")  # the same cell, filtered out on the map
    app.config["MAP_MAX_DOTS"] = 1  # counts only
    login_as("viewer")

    the_map = client.get("/map/", query_string={"group": "parent"}).text
    assert "2 stakeholders at influence 4, interest 5 (Key players); open them as a list" \
        in the_map
    href = bubble_href(the_map, 4, 5)
    assert href == "/stakeholders/?group=parent&influence=4&interest=5"

    listed = client.get(href)
    assert row_ids(listed.text) == [ana, cho], "that cell's parents, nobody else"
    shown = text(listed.text)
    assert "Showing 1–2 of 2 stakeholders matching the filters" in shown
    assert "Grid cell: Influence 4, interest 5 (Key players) Remove the grid cell filter" \
        in shown
    assert 'href="/stakeholders/?group=parent" hx-get="/stakeholders/?group=parent"' \
        in listed.text, "removing the cell keeps the other filters"
    assert len(row_ids(client.get("/stakeholders/?group=parent").text)) == 3


def test_the_cell_stays_through_search_sort_and_paging(app, client, login_as, add):
    for name in ("Ana Ruiz", "Ben Okafor", "Cho Lee"):
        add(name, 2, 5)
    add("Ana Other", 5, 5)
    app.config["PAGE_SIZE"] = 2
    login_as("viewer")

    rows = client.get("/stakeholders/", query_string={"influence": "2", "interest": "5"},
                      headers=ROWS).text
    # The filter form sends the cell along with whatever is typed next.
    assert '<input type="hidden" name="influence" value="2" form="stakeholder-filters">' in rows
    assert '<input type="hidden" name="interest" value="5" form="stakeholder-filters">' in rows
    assert "Grid cell: Influence 2, interest 5 (Keep informed)" in text(rows)
    assert 'href="/stakeholders/?influence=2&amp;interest=5&amp;page=2"' in rows
    assert 'href="/stakeholders/?influence=2&amp;interest=5&amp;sort=interest&amp;desc=1"' \
        in rows
    searched = client.get("/stakeholders/", headers=ROWS, query_string={
        "q": "ana", "influence": "2", "interest": "5"}).text
    assert len(row_ids(searched)) == 1 and "Ana Other" not in searched


def test_every_page_of_a_cell_lists_its_members_once_in_name_order(app, client, login_as, add):
    """Deep pages of a cell are read another way (the cell index's ids): the same rows."""
    names = [f"Person {n:02d}" for n in range(10)]
    for name in reversed(names):
        add(name, 3, 4)
    add("Person 05b", 2, 4)  # the same interest column, another cell
    add("Person 05c", 3, 3)
    app.config["PAGE_SIZE"] = 3
    login_as("viewer")

    def page_names(desc: bool) -> list[str]:
        seen = []
        for page in range(1, 5):
            args = {"influence": "3", "interest": "4", "page": str(page)}
            if desc:
                args["desc"] = "1"
            html = client.get("/stakeholders/", query_string=args, headers=ROWS).text
            seen += row_names(html)
        return seen

    assert page_names(desc=False) == names
    assert page_names(desc=True) == names[::-1]


def test_a_rating_off_the_scale_is_ignored_and_one_rating_alone_filters(
        app, client, login_as, add):
    four = add("Ana Ruiz", 4, 1)
    add("Ben Okafor", 3, 1)
    login_as("viewer")
    listed = client.get("/stakeholders/", query_string={"influence": "4", "interest": "9"})
    assert row_ids(listed.text) == [four]
    assert "Grid cell: Influence 4 Remove" in text(listed.text)


def test_the_map_honours_a_cell_filter_and_says_so(app, client, login_as, add):
    ana = add("Ana Ruiz", 4, 5)
    add("Ben Okafor", 1, 2)
    add("Dee Park", 4, 4)
    login_as("viewer")

    page = client.get("/map/", query_string={"influence": "4", "interest": "5"}).text
    assert set(map(int, re.findall(r'id="map-dot-(\d+)"', page))) == {ana}
    assert "Showing one part of the grid: Influence 4, interest 5 (Key players). " \
        "Show every cell" in text(page)
    assert '<a href="/map/">Show every cell</a>' in page
    # The filter form keeps the cell while other filters change.
    assert '<input type="hidden" name="influence" value="4">' in page
    assert '<input type="hidden" name="interest" value="5">' in page
    panel = client.get("/map/", query_string={"influence": "4", "interest": "5", "q": "ana"},
                       headers=PANEL)
    assert panel.headers["HX-Push-Url"] == "/map/?q=ana&influence=4&interest=5"
    assert "Influence 4, interest 5 (Key players)" in panel.text
    listed = client.get("/stakeholders/", query_string={"influence": "4", "interest": "5"})
    assert 'href="/map/?influence=4&amp;interest=5">Show on the map</a>' in listed.text


def test_inline_rating_edit_out_of_the_cell_says_it_no_longer_matches(
        app, client, auth, login_as, add, district):
    sid = add("Ana Ruiz", 3, 3)
    login_as("editor")
    with app.app_context(), tenancy.district_context(district.id):
        version = db.session.get(Stakeholder, sid).version
    data = {"influence": "3", "interest": "4", "engagement_current": "neutral",
            "engagement_desired": "supportive", "version": str(version),
            "csrf_token": auth.csrf(), "next": "/stakeholders/?influence=3&interest=3"}
    # Still a key player: only the cell tells that the row has left this list.
    saved = client.post(f"/stakeholders/{sid}/ratings", headers={"HX-Request": "true"},
                        data=data)
    assert saved.status_code == 200, saved.text
    assert "no longer matches this list&#39;s filters" in saved.text


def test_a_cell_is_named_where_a_filter_is_summed_up(client, login_as, add):
    add("Kim Key", 4, 5)
    login_as("editor")
    new_list = client.get("/outreach/new?influence=4&interest=5").text
    assert "Grid cell" in new_list and "Influence 4, interest 5 (Key players)" in new_list
    listing = client.get("/stakeholders/?influence=4&interest=5").text
    assert '<span class="badge badge-ok">1 active</span>' in listing
