"""Importing a CSV file in a real browser, by keyboard: from the empty register to the
file, the columns, the check (an error blocks everything; fixed by leaving the column
out) and the added records on the list, at laptop and phone widths."""

import re

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

CSV = ("Full Name,E-mail,Company,Job title,Group\n"
       "Lucía Fernández,lucia@example.org,Riverside Health,Nurse manager,Health\n"
       "Tom Becker,not-an-email,,,Parent\n").encode()


@pytest.mark.parametrize("width", [1280, 390])
def test_import_a_file_by_keyboard(page: Page, live_server: str, sign_in, width: int,
                                   browser_problems: list[str]):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in()
    page.goto(live_server + "/stakeholders/")
    page.get_by_role("link", name="Import a CSV file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import stakeholders from a CSV file")
    file_input = page.get_by_label("CSV file")
    expect(file_input).to_be_focused()
    file_input.set_input_files(files=[{"name": "contacts.csv", "mimeType": "text/csv",
                                       "buffer": CSV}])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Upload and continue")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Which column is which?")
    email = page.get_by_label("E-mail")
    expect(email).to_have_value("email")
    page.get_by_role("button", name="Check the rows").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the rows")
    expect(page.get_by_text("Email: Enter an email address like name@example.org.")).to_be_visible()
    expect(page.get_by_role("button", name="Add 2 stakeholders")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="change which column is which").click()
    page.get_by_label("E-mail").select_option("")  # leave the bad column out
    page.get_by_role("button", name="Check the rows").press("Enter")
    add = page.get_by_role("button", name="Add 2 stakeholders")
    page.once("dialog", lambda dialog: dialog.accept())
    add.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Added 2 stakeholders to Northwood Unified, with 1 new "
                            "organisation.")).to_be_visible()
    rows = page.locator("#stakeholder-rows")
    expect(rows.get_by_role("link", name="Lucía Fernández", exact=True)).to_be_visible()
    expect(rows.get_by_role("link", name="Tom Becker", exact=True)).to_be_visible()
    assert browser_problems == []


def test_a_mapping_without_a_name_column_says_so_and_the_keyboard_starts_at_the_columns(
        page: Page, live_server: str, sign_in, browser_problems: list[str]):
    sign_in()
    page.goto(live_server + "/import/")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "contacts.csv", "mimeType": "text/csv", "buffer": CSV}])
    page.get_by_role("button", name="Upload and continue").press("Enter")
    page.get_by_label("Full Name").select_option("")  # no column holds the name now
    page.get_by_role("button", name="Check the rows").press("Enter")

    expect(page.get_by_role("alert")).to_contain_text(
        "Choose the column that holds the name (or first and last name).")
    expect(page.get_by_label("Full Name")).to_be_focused()
    assert [p for p in browser_problems if "status of 422" not in p] == []


def test_export_follows_a_live_search(app, page: Page, live_server: str, editor_district: int,
                                      sign_in, browser_problems: list[str]):
    with app.app_context(), tenancy.district_context(editor_district):
        s = Stakeholder(name="Maple Valley Rotary", kind="organisation", group="community")
        rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
        refresh_search_text(db.session, s)
        db.session.commit()
    sign_in()
    page.goto(live_server + "/stakeholders/")
    export = page.get_by_role("link", name="Export CSV")
    expect(export).to_have_attribute("href", "/stakeholders/export.csv")
    page.get_by_label("Search").fill("maple")
    expect(page).to_have_url(re.compile(r"q=maple"))
    expect(export).to_have_attribute("href", re.compile(r"^/stakeholders/export\.csv\?.*q=maple"))
    assert browser_problems == []
