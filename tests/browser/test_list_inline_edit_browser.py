"""Editing a row's ratings in the stakeholder list, by keyboard, on a narrow screen.

The list's table is wider than a phone or a small window, so it scrolls sideways, and a
reader reaches a row's "Edit ratings" link at its right-hand end. The editor that
replaces the row must show whole where the reader is, take the focus, and give it back
to the row's link when saved or cancelled.
"""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser


def add_parent(app, district_id: int) -> int:
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name="Pat Parent", group="parent", kind="person")
        rate(db.session, s, Ratings(2, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
        refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def test_inline_rating_editor_by_keyboard_on_a_narrow_screen(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = add_parent(app, editor_district)
    page.set_viewport_size({"width": 640, "height": 800})
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    row = page.locator(f"#stakeholder-{sid}")
    edit = row.get_by_role("link", name="Edit ratings of Pat Parent")
    edit.focus()
    wrap = page.locator(".list-table-wrap")
    assert wrap.evaluate("el => el.scrollLeft") > 0, "the link sits past the screen's edge"

    # Opening: the editor takes the focus and shows whole, where the table is scrolled to.
    page.keyboard.press("Enter")
    influence = page.get_by_label("Influence (power)")
    expect(influence).to_be_focused()
    seen, editor = wrap.bounding_box(), page.locator("form.rating-edit").bounding_box()
    assert seen["x"] <= editor["x"]
    assert editor["x"] + editor["width"] <= seen["x"] + seen["width"]

    # Saving: the row shows the new rating and its link has the focus again.
    influence.fill("5")
    page.keyboard.press("Enter")
    expect(row.locator("td.num").first).to_have_text("5")
    expect(edit).to_be_focused()

    # Cancelling, likewise.
    page.keyboard.press("Enter")
    expect(influence).to_be_focused()
    page.get_by_role("link", name="Cancel").focus()
    page.keyboard.press("Enter")
    expect(row.locator("td.num").first).to_have_text("5")
    expect(edit).to_be_focused()
    assert browser_problems == []


def test_the_ratings_page_of_its_own_fits_a_narrow_screen(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    # The page the "Edit ratings" link opens without JavaScript: the inline editor's
    # sticky, table-wide layout must not apply outside the table.
    sid = add_parent(app, editor_district)
    page.set_viewport_size({"width": 640, "height": 800})
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}/ratings/edit?next=/stakeholders/")
    expect(page.get_by_label("Influence (power)")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert browser_problems == []
