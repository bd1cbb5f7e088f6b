"""The foundation in a real browser: sign in, switch district, sign out, keyboard only.

Every flow also checks that the browser reported no console error, no uncaught script
error and no Content-Security-Policy violation along the way (`browser_problems`).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import District, Membership, User

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"  # noqa: S105 - test fixture


def add_user(app, email: str, name: str, *district_names: str) -> None:
    """A user who is an editor in each of the named districts, all created here."""
    with app.app_context():
        user = User(email=email, name=name, password_hash=hash_password(PASSWORD))
        db.session.add(user)
        for district_name in district_names:
            district = District(name=district_name)
            db.session.add(district)
            db.session.add(Membership(user=user, district=district, role="editor"))
        db.session.commit()


def test_two_district_user_switches_district_and_signs_out(
    app, live_server: str, page: Page, browser_problems: list[str]
):
    add_user(app, "ana@example.org", "Ana Ruiz", "Northwood Unified", "Riverside City Schools")

    page.goto(f"{live_server}/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The overview of the first district (by name), with a switcher to the other one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwood Unified")
    switcher = page.get_by_label("Switch district")
    expect(switcher).to_contain_text("Northwood Unified")
    switcher.click()
    page.get_by_role("button", name="Riverside City Schools").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside City Schools")
    expect(page.get_by_role("status")).to_contain_text("Now working in Riverside City Schools")
    expect(page.get_by_label("Switch district")).to_contain_text("Riverside City Schools")

    page.get_by_label("Account").click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_contain_text("You have signed out.")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    # The session really ended: the overview sends us back to sign in.
    page.goto(f"{live_server}/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_label("Switch district")).to_have_count(0)

    assert browser_problems == []


def test_sign_in_with_the_keyboard_alone(
    app, live_server: str, page: Page, browser_problems: list[str]
):
    add_user(app, "kim@example.org", "Kim Osei", "Northwood Unified")

    page.goto(f"{live_server}/login")
    email = page.get_by_label("Email")
    password = page.get_by_label("Password")
    expect(email).to_be_focused()  # autofocus: typing can start at once
    page.keyboard.type("kim@example.org")
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Northwood Unified")
    expect(page.get_by_label("Account")).to_contain_text("Kim Osei")

    assert browser_problems == []
