"""Relationships on a profile, in a real browser: link two people with the typeahead,
change the link's strength in place, then remove it after confirming, with JavaScript
and without it (the Remove buttons share one form that carries the CSRF token).

Every flow also checks that the browser reported no console error, no uncaught script
error and no Content-Security-Policy violation along the way (`browser_problems`).
"""

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from app import tenancy
from app.extensions import db
from app.models import Affiliation, Relationship, Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text
from tests.browser.conftest import EDITOR_EMAIL, PASSWORD

pytestmark = pytest.mark.browser


def two_people(app, district_id: int, linked: bool = False) -> dict[str, int]:
    """Pat Parent and Tess Teacher, optionally already colleagues."""
    with app.app_context(), tenancy.district_context(district_id):
        ids = {}
        for key, name, group in (("pat", "Pat Parent", "parent"),
                                 ("tess", "Tess Teacher", "educator")):
            s = Stakeholder(name=name, group=group, kind="person")
            rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
            refresh_search_text(db.session, s)
            ids[key] = s.id
        if linked:
            db.session.add(Relationship(source_id=ids["pat"], target_id=ids["tess"],
                                        type="colleague", strength=2))
        db.session.commit()
    return ids


def pat_volunteers_at_riverside(app, district_id: int, pat: int, title: str) -> int:
    """Riverside Works, an organisation Pat is affiliated with as `title`; its id."""
    with app.app_context(), tenancy.district_context(district_id):
        org = Stakeholder(name="Riverside Works", group="business", kind="organisation")
        rate(db.session, org, Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
        db.session.flush()
        db.session.add(Affiliation(person_id=pat, organisation_id=org.id, title=title))
        db.session.commit()
        return org.id


def test_link_edit_and_remove_a_relationship(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = two_people(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{ids['pat']}")
    card = page.locator("#relationships")
    expect(card).to_contain_text("No relationships recorded yet.")

    # --- Add: the button opens the form, the typeahead finds Tess.
    card.get_by_role("link", name="Add a relationship").click()
    who = card.get_by_role("combobox", name="Stakeholder")
    expect(who).to_be_focused()
    who.press_sequentially("Tess", delay=30)
    card.get_by_role("button", name="Tess Teacher").click()
    card.get_by_label("Type").select_option(label="Friend/neighbour")
    card.get_by_role("radio", name="Strong").check()
    card.get_by_role("button", name="Add relationship").click()
    row = card.locator(".link-row").filter(has_text="Tess Teacher")
    expect(row).to_contain_text("Friend/neighbour")
    expect(row).to_contain_text("Strong")

    # --- Edit in place: the row turns into a form, saving redraws the card.
    row.get_by_role("link", name="Edit relationship with Tess Teacher").click()
    editing = card.locator(".link-row.is-editing")
    editing.get_by_role("radio", name="Weak").check()
    editing.get_by_role("button", name="Save relationship with Tess Teacher").click()
    expect(card.get_by_role("status")).to_have_text("Relationship saved.")
    expect(row).to_contain_text("Weak")

    # --- Remove: dismissing the question keeps it; accepting removes it.
    asked: list[str] = []

    def answer(accept: bool):
        def on_dialog(dialog: Dialog) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()
        return on_dialog

    page.once("dialog", answer(False))
    row.get_by_role("button", name="Remove relationship with Tess Teacher").click()
    expect(row).to_be_visible()
    page.once("dialog", answer(True))
    row.get_by_role("button", name="Remove relationship with Tess Teacher").click()
    expect(card.get_by_role("status")).to_have_text("Relationship removed.")
    expect(card).to_contain_text("No relationships recorded yet.")
    assert asked == ["Remove the relationship between Pat Parent and Tess Teacher?"] * 2
    with app.app_context(), tenancy.district_context(editor_district):
        assert db.session.query(Relationship).count() == 0
    assert browser_problems == []


def test_remove_a_relationship_without_javascript(
    app, browser: Browser, live_server: str, editor_district: int,
):
    ids = two_people(app, editor_district, linked=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.get_by_label("Email").fill(EDITOR_EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server}/stakeholders/{ids['tess']}")
        card = page.locator("#relationships")
        card.get_by_role("button", name="Remove relationship with Pat Parent").click()
        expect(page.get_by_role("status").filter(has_text="Relationship removed.")).to_be_visible()
        expect(card).to_contain_text("No relationships recorded yet.")
    finally:
        context.close()


def test_a_long_unbroken_affiliation_title_wraps_inside_the_card(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = two_people(app, editor_district)
    org_id = pat_volunteers_at_riverside(app, editor_district, ids["pat"], "Volunteer" + "v" * 110)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in()
    for sid in (ids["pat"], org_id):  # the person's organisations, the organisation's people
        page.goto(f"{live_server}/stakeholders/{sid}")
        expect(page.locator("#affiliations")).to_contain_text("Volunteervvv")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, sid
    assert browser_problems == []


def test_edit_an_affiliations_title_by_keyboard(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = two_people(app, editor_district)
    pat_volunteers_at_riverside(app, editor_district, ids["pat"], "Volunteer")
    sign_in()
    page.goto(f"{live_server}/stakeholders/{ids['pat']}")
    card = page.locator("#affiliations")
    card.get_by_role("link", name="Edit affiliation with Riverside Works").focus()
    page.keyboard.press("Enter")
    title = card.get_by_label("Title or role")
    expect(title).to_be_focused()
    title.fill("Board chair")
    page.keyboard.press("Enter")
    expect(card).to_contain_text("Affiliation saved.")
    expect(card.locator(".link-row")).to_contain_text("Board chair")
    assert browser_problems == []
