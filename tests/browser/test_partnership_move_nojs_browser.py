"""With JavaScript off, pressing a card's "Move" without choosing a stage brings the user
back to the board (not to the POST-only move URL), the message on that card."""

from playwright.sync_api import Browser, expect

from app import tenancy
from app.extensions import db
from app.models import Partnership, Stakeholder

ORG = "Birch Lane Bakery"
PASSWORD = "correct horse battery"  # noqa: S105 - the browser fixtures' test user


def _a_prospect(app, district_id: int) -> int:
    with app.app_context(), tenancy.district_context(district_id):
        org = Stakeholder(name=ORG, name_key=ORG.lower(), kind="organisation")
        db.session.add(org)
        db.session.flush()
        p = Partnership(organisation_id=org.id, title="Baking apprenticeships",
                        type="mentoring")
        db.session.add(p)
        db.session.commit()
        return p.id


def test_move_without_a_stage_and_without_javascript_returns_to_the_board(
        app, browser: Browser, live_server: str, editor_district: int):
    partnership_id = _a_prospect(app, editor_district)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.get_by_label("Email").fill("ana@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server}/partnerships/?type=mentoring")

        card = page.locator(f"#partnership-{partnership_id}")
        card.locator("summary", has_text="Move to").click()
        card.get_by_role("button", name="Move", exact=True).click()

        expect(page).to_have_url(
            f"{live_server}/partnerships/?type=mentoring#partnership-{partnership_id}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Partnership pipeline")
        card = page.locator(f"#partnership-{partnership_id}")
        expect(card.get_by_role("alert")).to_have_text(
            "Choose the stage to move this partnership to.")
        expect(card).to_be_in_viewport()
        expect(card.get_by_label("Stage")).to_be_visible()  # the picker is open again
        prospect = page.locator('[data-drop-stage][data-stage="prospect"]')
        expect(prospect.locator(f"#partnership-{partnership_id}")).to_be_visible()
    finally:
        context.close()
