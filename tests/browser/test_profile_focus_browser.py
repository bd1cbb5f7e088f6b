"""Where the keyboard goes when a card on a stakeholder's page is edited in place, in a real
browser: a save refused with errors starts at the first field in error and the error
summary is announced; a save or a cancel comes back to the card's Edit button."""

import pytest
from playwright.sync_api import Locator, Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser


def _pat(app, district_id: int) -> int:
    """Pat Parent, rated; Pat's id."""
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name="Pat Parent", group="parent", kind="person")
        rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
        refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def _settled(page: Page) -> None:
    """htmx has swapped and settled, and the page's focus handlers have run."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    page.wait_for_timeout(100)


def _opened(page: Page, first_field: Locator) -> None:
    """The editor is open with the keyboard on its first field (before anything is typed:
    htmx moves the focus there as the swap settles)."""
    expect(first_field).to_be_focused()
    _settled(page)


def _refused(problems: list[str]) -> list[str]:
    """The browser's problems, less the 422 a refused save is answered with, as it should."""
    return [p for p in problems if "status of 422" not in p]


@pytest.mark.parametrize(("field", "typed"), [
    ("Email", "not-an-email"),
    ("Phone", "call me maybe"),
])
def test_a_refused_profile_save_starts_at_the_field_in_error(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str], field: str, typed: str,
):
    sid = _pat(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    page.get_by_role("link", name="Edit profile of Pat Parent").click()
    card = page.locator("#profile-card")
    _opened(page, card.get_by_label("Name", exact=True))
    card.get_by_label(field, exact=True).fill(typed)
    card.get_by_role("button", name="Save changes").focus()
    page.keyboard.press("Enter")
    expect(card.get_by_role("alert")).to_have_text("Please correct the fields marked below.")
    _settled(page)
    expect(card.get_by_label(field, exact=True)).to_be_focused()
    expect(card.get_by_label(field, exact=True)).to_have_attribute("aria-invalid", "true")
    expect(card.get_by_label(field, exact=True)).to_have_value(typed)
    assert _refused(browser_problems) == []


@pytest.mark.parametrize("field", ["Influence (power)", "Interest"])
def test_a_refused_ratings_save_starts_at_the_rating_left_empty(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str], field: str,
):
    sid = _pat(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    page.get_by_role("link", name="Edit ratings of Pat Parent").click()
    card = page.locator("#ratings-card")
    _opened(page, card.get_by_label("Influence (power)"))
    card.get_by_label(field, exact=True).fill("")
    card.get_by_role("button", name="Save ratings").focus()
    page.keyboard.press("Enter")
    expect(card.get_by_role("alert")).to_have_text("Please correct the fields marked below.")
    _settled(page)
    expect(card.get_by_label(field, exact=True)).to_be_focused()
    expect(card.get_by_label(field, exact=True)).to_have_attribute("aria-invalid", "true")
    assert _refused(browser_problems) == []


def test_fixing_the_error_and_saving_returns_to_the_profile_edit_button(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = _pat(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    page.get_by_role("link", name="Edit profile of Pat Parent").click()
    card = page.locator("#profile-card")
    _opened(page, card.get_by_label("Name", exact=True))
    card.get_by_label("Email").fill("not-an-email")
    card.get_by_role("button", name="Save changes").click()
    _settled(page)
    expect(card.get_by_label("Email")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("pat@example.org")
    page.keyboard.press("Enter")
    expect(card.get_by_role("status")).to_have_text("Saved.")
    _settled(page)
    expect(page.get_by_role("link", name="Edit profile of Pat Parent")).to_be_focused()
    expect(card).to_contain_text("pat@example.org")
    assert _refused(browser_problems) == []


def test_saving_and_cancelling_the_ratings_return_to_its_edit_button(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = _pat(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    edit = page.get_by_role("link", name="Edit ratings of Pat Parent")
    edit.click()
    card = page.locator("#ratings-card")
    _opened(page, card.get_by_label("Influence (power)"))
    card.get_by_label("Influence (power)").fill("5")
    card.get_by_role("button", name="Save ratings").focus()
    page.keyboard.press("Enter")
    expect(card.get_by_role("status")).to_have_text("Saved a new assessment.")
    _settled(page)
    expect(edit).to_be_focused()
    page.keyboard.press("Enter")
    cancel = card.get_by_role("link", name="Cancel")
    expect(cancel).to_be_visible()
    _settled(page)
    cancel.focus()
    page.keyboard.press("Enter")
    expect(card.get_by_role("heading", name="Ratings")).to_be_visible()
    _settled(page)
    expect(edit).to_be_focused()
    assert browser_problems == []


# Saving one card draws the others again; one the reader is working in is left alone,
# so nothing typed in it is lost.


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
