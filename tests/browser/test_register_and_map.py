"""The stakeholder register as a user works with it, in a real browser: add a parent and a
business through the form, find each by active search, re-rate the parent by moving their
dot on the map with the keyboard, and see the new quadrant and its history on the profile.

Every flow also checks that the browser reported no console error, no uncaught script
error and no Content-Security-Policy violation along the way (`browser_problems`).
"""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PARENT = "Lucía Fernández"
BUSINESS = "Maple Valley Precision Manufacturing"


def add_stakeholder(
    page: Page,
    name: str,
    kind: str,
    group: str,
    influence: int,
    interest: int,
    languages: str = "",
) -> int:
    """Fill in the New stakeholder form as a user would; returns the new id."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stakeholders").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholders")
    page.get_by_role("link", name="Add stakeholder").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a stakeholder")

    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("radio", name=kind, exact=True).check()
    page.get_by_label("Group", exact=True).select_option(label=group)
    if languages:
        page.get_by_label("Languages").fill(languages)
    page.get_by_label("Influence (power)").fill(str(influence))
    page.get_by_label("Interest", exact=True).fill(str(interest))
    page.get_by_role("button", name="Add stakeholder").click()

    expect(page).to_have_url(re.compile(r"/stakeholders/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status").filter(has_text=f"Added {name}.")).to_be_visible()
    return int(page.url.rsplit("/", 1)[1])


def test_add_find_and_move_stakeholders_on_the_map(
    app, page: Page, live_server: str, sign_in, browser_problems: list[str],
):
    sign_in()

    parent_id = add_stakeholder(
        page, PARENT, "Person", "Parent/family", influence=2, interest=4, languages="Spanish"
    )
    profile = page.locator("#profile-card")
    expect(profile).to_contain_text("Spanish")
    expect(page.locator("#ratings-card")).to_contain_text("Keep informed")
    business_id = add_stakeholder(
        page, BUSINESS, "Organisation", "Business", influence=4, interest=2
    )
    expect(page.locator("#profile-head")).to_contain_text("Organisation")
    expect(page.locator("#ratings-card")).to_contain_text("Keep satisfied")

    # --- Active search on the list: rows update as we type, with no page load.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Stakeholders").click()
    rows = page.locator("#stakeholder-rows tbody tr")
    expect(rows).to_have_count(2)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    search = page.get_by_role("searchbox", name="Search")

    search.press_sequentially("Fernán", delay=30)
    expect(page).to_have_url(re.compile(r"[?&]q=Fern"))
    expect(rows).to_have_count(1)
    expect(page.locator(f"#stakeholder-{parent_id}")).to_contain_text(PARENT)
    expect(page.locator("#stakeholder-rows")).not_to_contain_text(BUSINESS)
    expect(page.locator("#stakeholder-rows").get_by_role("status")).to_contain_text(
        "of 1 stakeholder matching the filters"
    )

    search.fill("")
    search.press_sequentially("maple valley", delay=30)
    expect(page).to_have_url(re.compile(r"[?&]q=maple"))
    expect(rows).to_have_count(1)
    expect(page.locator(f"#stakeholder-{business_id}")).to_contain_text(BUSINESS)
    expect(page.locator("#stakeholder-rows")).not_to_contain_text(PARENT)
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the page"

    # --- The map: raise the parent's influence with the keyboard.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mendelow power/interest grid")
    dot = page.locator(f"#map-dot-{parent_id}")
    expect(dot).to_have_attribute("aria-label", re.compile(r"influence 2, interest 4"))
    expect(page.locator("#map-summary .quad-key_players .quad-count")).to_have_text("0")
    expect(page.locator("#map-summary .quad-keep_informed .quad-count")).to_have_text("1")

    page.evaluate("window.__sameDocument = true")
    dot.focus()
    expect(dot).to_be_focused()
    page.keyboard.press("ArrowUp")

    # htmx swaps in the panel, the live region announces the move, focus stays on the dot.
    status = page.locator("#map-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(f"{PARENT} moved to Key players: influence 3, interest 4")
    dot = page.locator(f"#map-dot-{parent_id}")
    expect(dot).to_have_attribute("aria-label", re.compile(r"influence 3, interest 4"))
    expect(dot).to_have_attribute("data-influence", "3")
    expect(dot).to_be_focused()
    expect(page.locator("#map-summary .quad-key_players .quad-count")).to_have_text("1")
    expect(page.locator("#map-summary .quad-keep_informed .quad-count")).to_have_text("0")
    # Once more: the swapped-in dot carries the new version, so a second move is accepted.
    page.keyboard.press("ArrowUp")
    expect(status).to_have_text(f"{PARENT} moved to Key players: influence 4, interest 4")
    dot = page.locator(f"#map-dot-{parent_id}")
    expect(dot).to_have_attribute("data-influence", "4")
    expect(dot).to_be_focused()
    expect(page.locator("#map-summary .quad-key_players .quad-count")).to_have_text("1")
    assert page.evaluate("window.__sameDocument === true"), "the move reloaded the page"

    # --- The profile shows the new quadrant, its strategy and the move in the history.
    page.goto(f"{live_server}/stakeholders/{parent_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(PARENT)
    ratings = page.locator("#ratings-card")
    expect(ratings.locator(".method-result").first).to_have_text("Key players: Manage closely.")
    expect(ratings.get_by_role("img")).to_have_attribute(
        "aria-label", "Key players: influence 4 of 5, interest 4 of 5"
    )
    history = page.locator("#rating-history tbody tr")
    expect(history).to_have_count(3)  # newest first: two moves, then the first rating
    expect(history.nth(0)).to_contain_text("influence 3 → 4")
    expect(history.nth(0)).to_contain_text("Moved on the map")
    crossing = history.nth(1)
    expect(crossing).to_contain_text("influence 2 → 3")
    expect(crossing).to_contain_text("quadrant Keep informed → Key players")
    expect(crossing).to_contain_text("Moved on the map")
    expect(crossing).to_contain_text("Ana Ruiz")
    expect(history.nth(2)).to_contain_text("First rating: influence 2, interest 4")

    assert browser_problems == []
