"""A profile's other panels catch up when a relationship or an affiliation changes in
place: adding a tie changes the network, so the Network position card says it is being
recomputed rather than showing the old figures until the page is reloaded."""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services import network
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser


def _stakeholders(app, district_id: int) -> dict[str, int]:
    """A person and an organisation, with the network computed (no job pending)."""
    with app.app_context():
        with tenancy.district_context(district_id):
            made = {}
            for name, kind in (("Pat Parent", "person"), ("Ana Ruiz", "person"),
                               ("Honda Marysville", "organisation")):
                s = Stakeholder(name=name, group="parent", kind=kind)
                rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
                     by_user_id=None)
                refresh_search_text(db.session, s)
                made[name] = s
            db.session.commit()
            ids = {name: s.id for name, s in made.items()}
        network.run_pending_jobs(db.session)
        return ids


def _network_card_is_current(page: Page) -> None:
    card = page.locator("#network-panel")
    expect(card).to_contain_text("Ties (degree)")
    expect(card).not_to_contain_text("recomputing now")


def test_adding_a_relationship_refreshes_the_network_card(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = _stakeholders(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{ids['Pat Parent']}")
    _network_card_is_current(page)

    page.get_by_role("link", name="Add a relationship").click()
    page.get_by_label("Stakeholder").press_sequentially("Ana", delay=30)
    page.locator(".typeahead-option").filter(has_text="Ana Ruiz").click()
    page.get_by_role("button", name="Add relationship").click()
    expect(page.locator("#relationships")).to_contain_text("Relationship added.")

    expect(page.locator("#network-panel")).to_contain_text("recomputing now")
    assert browser_problems == []


def test_adding_an_affiliation_refreshes_the_network_card(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = _stakeholders(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{ids['Pat Parent']}")
    _network_card_is_current(page)
    with page.expect_request(lambda r: r.url.endswith(
            f"/network/stakeholders/{ids['Pat Parent']}/panel")):
        page.get_by_role("link", name="Add an organisation").click()
        page.get_by_label("Organisation", exact=True).press_sequentially("Hon", delay=30)
        page.locator(".typeahead-option").filter(has_text="Honda Marysville").click()
        page.get_by_role("button", name="Add affiliation").click()
        expect(page.locator("#affiliations")).to_contain_text("Honda Marysville")
    assert browser_problems == []


def test_renaming_in_place_renames_the_browser_tab(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = _stakeholders(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{ids['Pat Parent']}")
    expect(page).to_have_title("Pat Parent · Groundwork")
    page.get_by_role("link", name="Edit profile of Pat Parent").click()
    page.get_by_label("Name", exact=True).fill("Pat Parent-Lopez")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("h1")).to_have_text("Pat Parent-Lopez")
    expect(page).to_have_title("Pat Parent-Lopez · Groundwork")
    assert browser_problems == []
