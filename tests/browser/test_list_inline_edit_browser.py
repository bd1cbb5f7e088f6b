"""Editing a row's ratings in the stakeholder list, by keyboard, on a narrow screen.

The list's table fits a laptop's 1,280 px; narrower, it scrolls sideways, and a row's
"Edit ratings" link stays in view at its right edge (on a phone, the names stay in view
at its left edge instead). The editor that replaces the row must show whole where the
reader is, take the focus, and give it back to the row's link when saved or cancelled.
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
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the table scrolls sideways"
    _assert_inside(edit.bounding_box(), wrap.bounding_box())

    # Opening: the editor takes the focus and shows whole, where the table is scrolled to.
    page.keyboard.press("Enter")
    influence = page.get_by_label("Influence (power)")
    expect(influence).to_be_focused()
    _wait_until_inside(page, "form.rating-edit", ".list-table-wrap")

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


def _assert_inside(box: dict, seen: dict) -> None:
    """`box` is wholly inside the visible part `seen`, left to right."""
    assert seen["x"] <= box["x"] and box["x"] + box["width"] <= seen["x"] + seen["width"], \
        (box, seen)


def _wait_until_inside(page: Page, inner: str, outer: str) -> None:
    """Wait (up to 5 s) for `inner` to lie wholly inside `outer`, left to right.

    The editor sizes itself by a container query on the table's wrapper; a busy machine
    has been seen to measure it once before that query settled, so this polls."""
    fits = """([inner, outer]) => {
        const a = document.querySelector(inner), b = document.querySelector(outer);
        if (!a || !b) return false;
        const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
        return s.left <= r.left && r.right <= s.right;
    }"""
    try:
        page.wait_for_function(fits, arg=[inner, outer], timeout=5000)
    except Exception:
        _assert_inside(page.locator(inner).bounding_box(), page.locator(outer).bounding_box())
        raise


def _open_list(app, page: Page, live_server: str, district_id: int, sign_in,
               width: int) -> str:
    """A parent with a long name, and the list at `width` px; the parent's name."""
    sid = add_parent(app, district_id)
    name = "Patricia Alexandra Parent-Villanueva"
    with app.app_context(), tenancy.district_context(district_id):
        db.session.get(Stakeholder, sid).name = name
        db.session.commit()
    page.set_viewport_size({"width": width, "height": 800 if width > 800 else 844})
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    return name


def test_the_whole_table_fits_a_laptop_screen(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    # 1,280 px: headings and the engagement chips wrap, so no column hides under another.
    name = _open_list(app, page, live_server, editor_district, sign_in, 1280)
    wrap = page.locator(".list-table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), "no sideways scrolling"
    row = page.locator("tr", has=page.get_by_role("link", name=name, exact=True))
    seen = wrap.bounding_box()
    for cell in row.locator("td").all():
        _assert_inside(cell.bounding_box(), seen)
    edit = page.get_by_role("link", name=f"Edit ratings of {name}")
    edit.click()
    expect(page.get_by_label("Influence (power)")).to_be_focused()
    assert browser_problems == []


def test_every_rows_edit_link_stays_in_view_on_a_smaller_screen(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    # 1,024 px: the table scrolls sideways; the actions column stays at its visible
    # right edge instead of past it.
    name = _open_list(app, page, live_server, editor_district, sign_in, 1024)
    wrap = page.locator(".list-table-wrap")
    edit = page.get_by_role("link", name=f"Edit ratings of {name}")
    _assert_inside(edit.bounding_box(), wrap.bounding_box())
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the table scrolls sideways"
    assert wrap.evaluate("el => el.scrollLeft") == 0, "nothing had to scroll to show it"
    assert browser_problems == []


def test_names_stay_in_view_as_the_table_scrolls_on_a_phone(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    name = _open_list(app, page, live_server, editor_district, sign_in, 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page fits"
    wrap = page.locator(".list-table-wrap")
    link = page.get_by_role("link", name=name, exact=True)
    link.evaluate("el => el.scrollIntoView({block: 'center'})")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    _assert_inside(link.bounding_box(), wrap.bounding_box())
    box = link.bounding_box()
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).textContent",
                           [box["x"] + 4, box["y"] + box["height"] / 2])
    assert name in on_top, "nothing covers the name"
    edit = page.get_by_role("link", name=f"Edit ratings of {name}")
    _assert_inside(edit.bounding_box(), wrap.bounding_box())  # scrolled to the end
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
