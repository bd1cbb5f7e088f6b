"""Review fixes in a real browser, with the keyboard only: a champion added to a new
outreach list keeps the focus on what happened and the next row's widget offers that list;
"Show more" updates the count; adding a seat to the table keeps the focus on the page."""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services import network
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement && document.activeElement !== document.body"


def _supporters(app, district_id: int, n: int) -> None:
    with app.app_context(), tenancy.district_context(district_id):
        for i in range(n):
            s = Stakeholder(name=f"Supporter {i:02d}", name_key=f"supporter {i:02d}",
                            group="educator", kind="person")
            rate(db.session, s, Ratings(3, 3, "supportive", "leading", False, True, False),
                 by_user_id=None)
            refresh_search_text(db.session, s)
        db.session.commit()
        network.run_pending_jobs(db.session)


def _focused_text(page: Page) -> str:
    return page.evaluate("() => document.activeElement.textContent")


@pytest.mark.parametrize("width", [1280, 390])
def test_adding_champions_to_a_new_list_by_keyboard(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str], width: int):
    _supporters(app, editor_district, 30)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in()
    page.goto(f"{live_server}/champions/")
    count = page.locator("#champion-count")
    expect(count).to_contain_text("Showing 25 of 30")
    more = page.get_by_role("link", name="Show more suggestions")
    more.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".champion-item")).to_have_count(30)
    expect(count).to_contain_text("Showing all of 30")

    first, last = page.locator(".champion-item").first, page.locator(".champion-item").last
    first.locator("summary", has_text="Add to outreach list").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the list select
    page.keyboard.press("Tab")  # "or a new list named"
    page.keyboard.type("Autumn visits")
    page.keyboard.press("Enter")
    expect(first.locator(".row-notice")).to_contain_text("added to “Autumn visits”")
    page.wait_for_function(FOCUSED)
    assert "Autumn visits" in _focused_text(page)  # not thrown back to the page's top

    last.locator("summary", has_text="Add to outreach list").focus()
    page.keyboard.press("Enter")
    select = last.locator("select[name=outreach_list]")
    expect(select.locator("option", has_text="Autumn visits")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")  # the newest list comes first
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the Add button
    page.keyboard.press("Enter")
    expect(last.locator(".row-notice")).to_contain_text("added to “Autumn visits”")
    assert browser_problems == []


def test_adding_a_seat_by_keyboard_keeps_the_focus(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    with app.app_context(), tenancy.district_context(editor_district):
        for name in ("Rosa Delgado", "Owen Park"):
            s = Stakeholder(name=name, name_key=name.lower(), group="parent", kind="person")
            db.session.add(s)
            db.session.flush()
            refresh_search_text(db.session, s)
        db.session.commit()
    sign_in()
    page.goto(f"{live_server}/coverage/table")
    for name in ("Rosa Delgado", "Owen Park"):
        box = page.get_by_role("combobox", name="Stakeholder")
        box.focus()
        page.keyboard.type(name.split()[0])
        option = page.get_by_role("button", name=name)
        expect(option).to_be_visible()
        option.focus()
        page.keyboard.press("Enter")
        page.locator(".seat-form").get_by_role("button", name="Add to the table").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".seat-table")).to_contain_text(name)
        page.wait_for_function(FOCUSED)
        assert name in _focused_text(page)
    assert browser_problems == []
