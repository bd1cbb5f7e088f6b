"""The partnership pipeline in a real browser: move a card with its button, then drag it to
another column; both moves land in the stage history without reloading the board."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import (
    Partnership,
    PartnershipStageChange,
    Stakeholder,
)
from app.services.stakeholders import Ratings, rate

pytestmark = pytest.mark.browser

ORG = "Cedar Ridge Logistics"


def _a_prospect(app, district_id: int) -> int:
    with app.app_context():
        with tenancy.district_context(district_id):
            org = Stakeholder(name=ORG, kind="organisation", group="business")
            rate(db.session, org, Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
            p = Partnership(organisation_id=org.id, title="Logistics internships",
                            start_on=date(2026, 9, 1))
            db.session.add(p)
            db.session.flush()
            db.session.add(PartnershipStageChange(partnership_id=p.id, to_stage="prospect"))
            db.session.commit()
            return p.id


def test_move_a_card_by_button_then_by_dragging(app, page: Page, editor_district: int,
                                                sign_in, browser_problems: list[str]):
    partnership_id = _a_prospect(app, editor_district)
    sign_in()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partnerships").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partnership pipeline")
    page.evaluate("window.__sameDocument = true")

    card = f"#partnership-{partnership_id}"
    prospect = page.locator('[data-drop-stage][data-stage="prospect"]')
    exploring = page.locator('[data-drop-stage][data-stage="exploring"]')
    active = page.locator('[data-drop-stage][data-stage="active"]')
    expect(prospect.locator(card)).to_be_visible()

    # The button moves it one stage on.
    page.get_by_role("button", name=f"Move {ORG} to Exploring").click()
    expect(exploring.locator(card)).to_be_visible()
    expect(prospect.locator(card)).to_have_count(0)
    expect(exploring.locator(".count")).to_have_text("1")

    # Dragging it onto the Active column submits the same move.
    page.locator(card).drag_to(active)
    expect(active.locator(card)).to_be_visible()
    expect(exploring.locator(card)).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true"), "a move reloaded the board"

    # Both moves are in the stage history, by Ana.
    page.locator(card).get_by_role("link", name=ORG).click()
    history = page.locator(".stage-history li")
    expect(history).to_have_count(3)
    expect(page.locator(".stage-history")).to_contain_text("Exploring")
    expect(page.locator(".stage-history")).to_contain_text("Active")
    expect(page.locator(".stage-history")).to_contain_text("Ana Ruiz")

    assert browser_problems == []
