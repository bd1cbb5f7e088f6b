"""Saving one card of a stakeholder's page draws the others again; one the reader is
working in is left alone, so nothing typed in it is lost."""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser


def _pat(app, district_id: int) -> int:
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name="Pat Parent", group="parent", kind="person")
        rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
        refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def test_a_profile_save_keeps_the_ratings_being_edited(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = _pat(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    page.get_by_role("link", name="Edit ratings of Pat Parent").click()
    ratings = page.locator("#ratings-card")
    ratings.get_by_label("Influence (power)").fill("5")

    page.get_by_role("link", name="Edit profile of Pat Parent").click()
    profile = page.locator("#profile-card")
    profile.get_by_label("Name", exact=True).fill("Pat Parent-Lee")
    profile.get_by_role("button", name="Save changes").click()
    expect(profile).to_contain_text("Saved.")
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    page.wait_for_timeout(300)
    expect(ratings.get_by_label("Influence (power)")).to_have_value("5")

    ratings.get_by_role("button", name="Save ratings").click()
    expect(ratings).to_contain_text("Saved a new assessment.")
    with app.app_context(), tenancy.district_context(editor_district):
        s = db.session.get(Stakeholder, sid)
        assert (s.name, s.influence) == ("Pat Parent-Lee", 5)
    assert browser_problems == []
