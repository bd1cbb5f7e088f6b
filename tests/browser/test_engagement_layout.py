"""The interaction form in a real browser: on a phone it fits the screen, no sideways scroll."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_interaction_form_fits_a_phone(page: Page, live_server: str, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    page.goto(f"{live_server}/engagement/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an interaction")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scroll"
    for label in ("Date", "Title", "Follow-up", "Owner"):
        box = page.get_by_label(label, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{label} is cut off"
