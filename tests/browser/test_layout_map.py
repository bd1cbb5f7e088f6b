"""The map on a phone (390 px wide): the grid keeps a readable size and scrolls sideways in
its own frame, the filters fold away so the grid comes first, the list is a link away, and
dots still move with the arrow keys. On a wide screen the filters stay out."""

import re

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

PEOPLE = {  # name: (influence, interest)
    "Pat Parent": (2, 4),
    "Eli Official": (5, 5),
    "Rosa Teacher": (4, 1),
}


def _rated_people(app, district_id: int) -> dict[str, int]:
    """Three people in three corners of the grid; their ids by name."""
    with app.app_context(), tenancy.district_context(district_id):
        made = {}
        for name, (influence, interest) in PEOPLE.items():
            s = Stakeholder(name=name, group="parent", kind="person")
            rate(db.session, s, Ratings(influence, interest, "neutral", "supportive",
                                        False, True, False), by_user_id=None)
            refresh_search_text(db.session, s)
            made[name] = s
        db.session.commit()
        return {name: s.id for name, s in made.items()}


def test_the_map_is_usable_on_a_phone(app, page: Page, live_server: str, editor_district: int,
                                      sign_in, browser_problems: list[str]):
    ids = _rated_people(app, editor_district)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    page.goto(f"{live_server}/map/")

    # The grid starts on the first screen, not below a screenful of filters.
    grid = page.locator("#map-svg")
    assert grid.bounding_box()["y"] < 844, "the grid is below the first screen"
    search = page.get_by_role("searchbox", name="Search")
    expect(search).to_be_hidden()

    # Dots are big enough to see and tap; the grid scrolls in its frame, the page doesn't.
    eli = page.locator(f"#map-dot-{ids['Eli Official']}")
    assert eli.bounding_box()["width"] >= 16, "dots are too small to see or tap"
    frame_scrolls = grid.evaluate("svg => svg.parentElement.scrollWidth > "
                                  "svg.parentElement.clientWidth")
    assert frame_scrolls, "the grid is shrunk to the screen instead of scrolling"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page fits"
    list_link = page.get_by_role("link", name="show them as a list")
    expect(list_link).to_be_visible()
    expect(list_link).to_have_attribute("href", re.compile(r"^/stakeholders/"))

    # The arrow keys still move a dot, even one scrolled out of view at first; the redrawn
    # grid keeps the frame where it was scrolled, so the moved dot stays in sight.
    eli.focus()
    scrolled = page.locator(".map-scroll").evaluate("f => f.scrollLeft")
    assert scrolled > 0, "focusing the dot scrolled the frame to it"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#map-status")).to_have_text(
        re.compile(r"Eli Official moved to .*influence 4, interest 5"))
    expect(page.locator(f"#map-dot-{ids['Eli Official']}")).to_be_focused()
    assert page.locator(".map-scroll").evaluate("f => f.scrollLeft") == scrolled

    # The filters unfold, and still filter the grid as you type.
    page.locator("summary").filter(has_text="Filters").click()
    expect(search).to_be_visible()
    search.fill("Rosa")
    expect(page.locator("#map-svg .dot")).to_have_count(1)
    expect(page.locator(f"#map-dot-{ids['Rosa Teacher']}")).to_be_visible()
    assert browser_problems == []


def test_the_filters_stay_out_on_a_wide_screen(app, page: Page, live_server: str,
                                               editor_district: int, sign_in):
    _rated_people(app, editor_district)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in()
    page.goto(f"{live_server}/map/")
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    expect(page.get_by_label("Group")).to_be_visible()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    expect(page.locator("summary").filter(has_text="Filters")).to_be_hidden()
    expect(page.get_by_role("link", name="show them as a list")).to_be_hidden()
    assert page.locator("#map-svg .dot").first.bounding_box()["width"] >= 16
