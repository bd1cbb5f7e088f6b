"""The header on a phone (390 px wide): every main navigation link shows without sideways
scrolling, the page itself does not scroll sideways, and the district switcher's menu
opens on screen."""

import re

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from app.models import District, Membership, User

pytestmark = pytest.mark.browser

LINKS = ["Stakeholders", "Map", "Champions", "Outreach", "Partnerships", "Engagement",
         "My week", "Settings"]


def _admin_of_two_districts(app, district_id: int) -> None:
    """Ana administers her district (so Settings shows) and belongs to a second one."""
    with app.app_context():
        membership = db.session.scalars(db.select(Membership).filter_by(
            district_id=district_id)).one()
        membership.role = "admin"
        ana = db.session.get(User, membership.user_id)
        db.session.add(Membership(user=ana, district=District(name="Lakeshore Unified"),
                                  role="viewer"))
        db.session.commit()


@pytest.mark.parametrize("path", ["/", "/map/", "/partnerships/"])
def test_every_nav_link_shows_on_a_phone_without_sideways_scrolling(
        app, page: Page, live_server: str, editor_district: int, sign_in, path: str,
        browser_problems: list[str]):
    _admin_of_two_districts(app, editor_district)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    page.goto(live_server + path)
    nav = page.get_by_role("navigation", name="Main")
    assert nav.evaluate("el => el.scrollWidth <= el.clientWidth"), "the nav scrolls sideways"
    for label in LINKS:
        link = nav.get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{label} is off screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page fits"

    # Keyboard: Tab walks the links in order.
    nav.get_by_role("link", name=LINKS[0]).focus()
    for label in LINKS[1:]:
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_focused()
    assert browser_problems == []


def test_the_district_menu_opens_on_screen_on_a_phone(
        app, page: Page, live_server: str, editor_district: int, sign_in):
    _admin_of_two_districts(app, editor_district)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    page.locator(".district-switcher summary").click()
    lakeshore = page.get_by_role("button", name="Lakeshore Unified")
    expect(lakeshore).to_be_visible()
    menu = page.locator(".district-switcher .menu-list").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390, "the menu is cut off"


@pytest.mark.parametrize("two_districts", [True, False])
def test_the_phone_header_is_compact_and_its_menus_fit(
        app, page: Page, live_server: str, editor_district: int, sign_in, two_districts: bool):
    """The mark, the district and the account share the first row; the links take two
    more. Long names end in an ellipsis on screen but stay whole for assistive tech."""
    if two_districts:
        _admin_of_two_districts(app, editor_district)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    header = page.locator(".topbar").bounding_box()
    assert header["height"] <= 130, f"the header is {header['height']:.0f} px tall"
    brand = page.get_by_role("link", name="Groundwork home").bounding_box()
    account = page.locator(".account").bounding_box()
    assert abs(account["y"] - brand["y"]) < brand["height"], "the account is on another row"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    user_menu = page.locator(".user-menu summary")
    expect(user_menu).to_have_attribute("aria-label", re.compile(r"^Account: \S+ .*"))
    user_menu.click()
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    box = page.locator(".user-menu .menu-list").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the account menu is cut off"
