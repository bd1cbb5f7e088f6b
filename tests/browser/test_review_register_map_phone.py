"""The map on a phone, keyboard only: a dot moved with the arrow keys into a column that
lies outside the grid's scrolled frame comes into view, so the reader still sees the dot
that has the focus (WCAG 2.4.11, focus not obscured) instead of a frame with no focus."""

import re

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

IN_VIEW = """dot => {
  const frame = dot.closest(".map-scroll").getBoundingClientRect();
  const r = dot.getBoundingClientRect();
  return r.left >= frame.left && r.right <= frame.right;
}"""


def _person(app, district_id: int, name: str, influence: int, interest: int) -> int:
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name=name, group="parent", kind="person")
        rate(db.session, s, Ratings(influence, interest, "neutral", "supportive",
                                    False, True, False), by_user_id=None)
        refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def test_a_dot_moved_out_of_the_frame_by_keyboard_stays_in_sight(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    pat = _person(app, editor_district, "Pat Parent", 3, 1)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    page.goto(f"{live_server}/map/")
    dot = page.locator(f"#map-dot-{pat}")
    dot.focus()
    assert page.locator(".map-scroll").evaluate("f => f.scrollLeft") == 0
    assert dot.evaluate(IN_VIEW)

    for interest in (2, 3, 4, 5):
        page.keyboard.press("ArrowRight")
        expect(page.locator("#map-status")).to_have_text(
            re.compile(rf"Pat Parent moved to .*interest {interest}$"))
        expect(dot).to_be_focused()
        assert dot.evaluate(IN_VIEW), f"the focused dot at interest {interest} is out of sight"

    for interest in (4, 3, 2, 1):  # and back again, to the frame's left edge
        page.keyboard.press("ArrowLeft")
        expect(page.locator("#map-status")).to_have_text(
            re.compile(rf"Pat Parent moved to .*interest {interest}$"))
        expect(dot).to_be_focused()
        assert dot.evaluate(IN_VIEW), f"the focused dot at interest {interest} is out of sight"
    assert browser_problems == []
