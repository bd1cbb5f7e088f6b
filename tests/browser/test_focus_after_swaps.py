"""Where the keyboard focus goes after htmx replaces part of a page, in a real browser.

When a card, row or list is swapped, the element that had focus goes with it; focus must
land in the new content (its first control, a field in error, or the control that
undoes what was just done), not fall back to the top of the page.
"""

import re
from datetime import date

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import FollowUp, Interaction, Relationship, Stakeholder, User
from app.services.stakeholders import Ratings, rate, refresh_search_text
from tests.browser.conftest import EDITOR_EMAIL

pytestmark = pytest.mark.browser


def people(app, district_id: int, count: int) -> list[int]:
    with app.app_context(), tenancy.district_context(district_id):
        ids = []
        for n in range(count):
            s = Stakeholder(name=f"Person {n:03d}", group="parent", kind="person")
            rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
            refresh_search_text(db.session, s)
            db.session.flush()
            ids.append(s.id)
        db.session.commit()
        return ids


def settled(page: Page) -> None:
    """Wait until htmx has finished swapping and settling (focus moves as it settles)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    page.wait_for_timeout(50)  # the focus keeper runs just after the settle handlers


def focus_inside(page: Page, selector: str) -> None:
    page.wait_for_function(
        "s => document.querySelector(s).contains(document.activeElement)", arg=selector)


def test_profile_card_keeps_the_focus_through_edit_and_cancel(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = people(app, editor_district, 1)[0]
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    page.get_by_role("link", name="Edit profile of Person 000").focus()
    page.keyboard.press("Enter")
    card = page.locator("#profile-card")
    expect(card.get_by_role("heading", name="Edit profile and contact")).to_be_visible()
    focus_inside(page, "#profile-card")
    card.get_by_role("link", name="Cancel").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Edit profile of Person 000")).to_be_focused()
    assert browser_problems == []


def test_a_relationships_edit_form_takes_the_focus_and_remove_keeps_it_in_the_card(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    pat, tess = people(app, editor_district, 2)
    with app.app_context(), tenancy.district_context(editor_district):
        db.session.add(Relationship(source_id=pat, target_id=tess, type="colleague"))
        db.session.commit()
    sign_in()
    page.goto(f"{live_server}/stakeholders/{pat}")
    card = page.locator("#relationships")
    card.get_by_role("link", name="Edit relationship with Person 001").focus()
    page.keyboard.press("Enter")
    expect(card.get_by_label("Type")).to_be_visible()
    focus_inside(page, "#relationships")
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT", "TEXTAREA")
    page.goto(f"{live_server}/stakeholders/{pat}")
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Remove relationship with Person 001").focus()
    page.keyboard.press("Enter")
    expect(card).to_contain_text("No relationships recorded yet.")
    focus_inside(page, "#relationships")
    assert browser_problems == []


def test_list_sorting_and_paging_keep_the_focus_where_the_reader_is(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    people(app, editor_district, 60)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    page.get_by_role("link", name="Group", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/stakeholders/?sort=group")
    expect(page.get_by_role("link", name="Group", exact=True)).to_be_focused()
    next_page = page.get_by_role("link", name="Next ›")
    next_page.focus()
    page.keyboard.press("Enter")
    count = page.locator(".list-count")
    expect(count).to_contain_text("Showing 51–60 of 60")
    expect(count).to_be_focused()
    top = count.bounding_box()["y"]
    assert -2 <= top < 200, f"the new page's first rows are in view (count at y={top})"
    assert browser_problems == []


@pytest.mark.parametrize(("opener", "card", "field"), [
    ("Edit profile of Person 000", "#profile-card", "Name"),
    ("Edit ratings of Person 000", "#ratings-card", "Influence (power)"),
])
def test_escape_closes_an_editor_opened_in_place_on_the_profile(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str], opener: str, card: str, field: str,
):
    sid = people(app, editor_district, 1)[0]
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    page.get_by_role("link", name=opener).click()
    focus_inside(page, card)
    settled(page)
    page.locator(card).get_by_label(field, exact=True).focus()
    page.keyboard.press("Escape")
    expect(page.locator(card).get_by_label(field, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=opener)).to_be_focused()
    assert browser_problems == []


def test_escape_closes_the_lists_rating_editor_and_gives_the_focus_back(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    people(app, editor_district, 1)
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    page.get_by_role("link", name="Edit ratings of Person 000").click()
    expect(page.get_by_label("Influence (power)")).to_be_focused()
    settled(page)
    page.keyboard.press("Escape")
    expect(page.get_by_label("Influence (power)")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit ratings of Person 000")).to_be_focused()
    assert browser_problems == []


def test_done_on_my_week_leaves_the_focus_on_its_undo(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = people(app, editor_district, 1)[0]
    with app.app_context(), tenancy.district_context(editor_district):
        me = db.session.scalar(sa.select(User.id).where(User.email == EDITOR_EMAIL))
        meeting = Interaction(kind="meeting", title="Coffee", occurred_on=date.today(),
                              created_by_id=me)
        db.session.add(meeting)
        db.session.flush()
        db.session.add(FollowUp(interaction_id=meeting.id, description="Send the FAQ",
                                due_on=date.today(), owner_id=me, stakeholder_id=sid))
        db.session.commit()
    sign_in()
    page.goto(f"{live_server}/week/")
    page.get_by_role("button", name=re.compile(r"^Done\W+Send the FAQ$")).focus()
    page.keyboard.press("Enter")
    undo = page.get_by_role("button", name=re.compile(r"^Undo\W+reopen\W+Send the FAQ\W+$"))
    expect(undo).to_be_focused()
    settled(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile(r"^Done\W+Send the FAQ$"))).to_be_focused()
    assert browser_problems == []


def test_saving_the_profile_in_place_brings_the_other_panels_up_to_date(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = people(app, editor_district, 1)[0]
    with app.app_context(), tenancy.district_context(editor_district):
        db.session.get(Stakeholder, sid).contact_permitted = False
        db.session.commit()
    sign_in()
    page.goto(f"{live_server}/stakeholders/{sid}")
    next_step = page.locator("#next-step-panel")
    expect(next_step).to_contain_text("contact not permitted")
    page.get_by_role("link", name="Edit profile of Person 000").click()
    form = page.locator("#profile-card")
    form.get_by_label("Name", exact=True).fill("Pat Renamed")
    form.get_by_label("Contact permitted").check()
    form.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="Edit profile of Pat Renamed")).to_be_visible()
    expect(next_step).not_to_contain_text("contact not permitted")
    expect(page.locator("#ratings-card")).to_contain_text("Edit ratings of Pat Renamed")
    # New ratings: the champion score and the next step are computed from them.
    page.get_by_role("link", name="Edit ratings of Pat Renamed").click()
    with page.expect_request(f"**/champions/stakeholders/{sid}/panel"), \
            page.expect_request(f"**/week/next-step/{sid}"):
        page.get_by_role("button", name="Save ratings").click()
    assert browser_problems == []


def test_the_new_stakeholder_form_starts_at_the_name_and_returns_to_the_first_error(
    page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sign_in()
    page.goto(f"{live_server}/stakeholders/new")
    expect(page.get_by_label("Name", exact=True)).to_be_focused()
    page.keyboard.type("Pat Parent")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Add stakeholder").click()
    expect(page.get_by_text("Please correct the fields marked below.")).to_be_visible()
    expect(page.get_by_label("Email")).to_be_focused()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Pat Parent")
    # The only thing the browser reports is the 422 it was answered with, as it should.
    assert [p for p in browser_problems if "status of 422" not in p] == []
