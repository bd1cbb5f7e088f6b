"""Engagement movement in a real browser, on a phone-sized screen and by keyboard: from
the list to the transition table, then the people behind one count."""

from datetime import UTC, datetime

import pytest
import time_machine
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate

pytestmark = pytest.mark.browser

JULY, SEPT = datetime(2026, 7, 1, 12, tzinfo=UTC), datetime(2026, 9, 10, 12, tzinfo=UTC)


def rated(app, district_id: int, name: str, *steps) -> None:
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name=name, group="parent", kind="person")
        for when, level in steps:
            with time_machine.travel(when, tick=False):
                rate(db.session, s, Ratings(3, 3, level, "leading", True, False, True),
                     by_user_id=None)
                db.session.commit()


def test_who_moved_from_resistant_to_supportive_on_a_phone(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    rated(app, editor_district, "Pat Parent", (JULY, "resistant"), (SEPT, "supportive"))
    rated(app, editor_district, "Quinn Q", (JULY, "resistant"), (SEPT, "neutral"))
    page.set_viewport_size({"width": 420, "height": 900})
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    page.get_by_role("link", name="Engagement movement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement movement")

    page.get_by_label("Since").fill("2026-09-01")
    page.get_by_role("button", name="Show").click()
    # (Waits for the answer for the day typed: this term's already says 2 moved.)
    expect(page.get_by_role("status").first).to_contain_text(
        "2 stakeholders changed level since 1 Sep 2026")
    # The table scrolls inside its card; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 420

    cell = page.get_by_role("link", name="1 moved from Resistant to Supportive")
    cell.focus()
    page.keyboard.press("Enter")
    people = page.locator("#movement-people")
    expect(people.get_by_role("heading")).to_contain_text("Resistant → Supportive")
    expect(people.get_by_role("link", name="Pat Parent", exact=True)).to_be_visible()
    expect(people).not_to_contain_text("Quinn Q")
    expect(page.locator("#moved-resistant-supportive")).to_be_focused()  # the place is kept
    assert "from=resistant&to=supportive" in page.url  # so the answer can be shared
    assert browser_problems == []
