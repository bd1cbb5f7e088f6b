"""Bulk actions on the stakeholder list, in a real browser, after an active search.

The user types a search (the rows and the address bar change without a page load),
checks rows, and applies an action. Success comes back to the same filtered list; an
answer with errors shows the same list with the selection kept, and that page, opened
again from the history, still shows the filter the user was working in.
"""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser


def add_people(app, district_id: int, *names: str) -> dict[str, int]:
    ids = {}
    with app.app_context(), tenancy.district_context(district_id):
        for name in names:
            s = Stakeholder(name=name, group="parent", kind="person")
            rate(db.session, s, Ratings(2, 3, "neutral", "supportive", False, False, False),
                 by_user_id=None)
            refresh_search_text(db.session, s)
            db.session.flush()
            ids[name] = s.id
        db.session.commit()
    return ids


def test_bulk_tag_after_an_active_search_keeps_the_filter(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = add_people(app, editor_district, "Rosa Alvarado", "Rosalind Chen", "Tom Baker")
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    page.get_by_role("searchbox").fill("rosa")
    expect(page).to_have_url(f"{live_server}/stakeholders/?q=rosa")
    expect(page.locator(f"#stakeholder-{ids['Tom Baker']}")).to_have_count(0)

    # A blank tag: refused, the selection kept, the filter still in force.
    page.get_by_role("checkbox", name="Select Rosa Alvarado").check()
    page.get_by_role("checkbox", name="Select Rosalind Chen").check()
    page.get_by_label("Action").select_option(label="Add tag")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_role("alert")).to_contain_text("tag")
    expect(page.get_by_role("checkbox", name="Select Rosa Alvarado")).to_be_checked()
    expect(page.locator(f"#stakeholder-{ids['Tom Baker']}")).to_have_count(0)

    # That answer opened again (a reload from the history, a bookmark) is the same list.
    page.goto(page.url)
    expect(page).to_have_url(f"{live_server}/stakeholders/?q=rosa")
    expect(page.get_by_role("searchbox")).to_have_value("rosa")
    expect(page.locator(f"#stakeholder-{ids['Tom Baker']}")).to_have_count(0)

    # Done properly: tagged, and back on the filtered list.
    page.get_by_role("checkbox", name="Select Rosa Alvarado").check()
    page.get_by_role("checkbox", name="Select Rosalind Chen").check()
    page.get_by_label("Action").select_option(label="Add tag")
    page.locator("#bulk-form").get_by_label("Tag").fill("STEM night")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_role("status").filter(has_text="Tagged 2 stakeholders")).to_be_visible()
    expect(page).to_have_url(f"{live_server}/stakeholders/?q=rosa")
    expect(page.locator(f"#stakeholder-{ids['Rosa Alvarado']}")).to_contain_text("STEM night")
    expect(page.locator(f"#stakeholder-{ids['Tom Baker']}")).to_have_count(0)
    # The only thing the browser reports is the 422 the blank tag was answered with.
    assert [p for p in browser_problems if "status of 422" not in p] == []
