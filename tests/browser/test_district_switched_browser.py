"""Two tabs: a form left open on Northwood's page, a switch to Riverside in the other.

Saving the Northwood form must not add the stakeholder to Riverside; the page says what
happened and offers to switch back. An htmx save (the list's inline ratings) likewise.
"""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import District, Membership, Stakeholder, User
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser


def _second_district(app, first_id: int) -> int:
    """Riverside, where Ana (editor of the first district) is an editor too."""
    with app.app_context():
        ana = db.session.scalars(sa.select(User)).one()
        riverside = District(name="Riverside City Schools")
        db.session.add_all([riverside, Membership(user=ana, district=riverside, role="editor")])
        db.session.commit()
        with tenancy.district_context(first_id):
            s = Stakeholder(name="Pat Parent", group="parent", kind="person")
            rate(db.session, s, Ratings(2, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
            refresh_search_text(db.session, s)
            db.session.commit()
        return riverside.id


def _switch_in_another_tab(page: Page, live_server: str) -> None:
    other = page.context.new_page()
    other.goto(f"{live_server}/")
    other.get_by_label("Switch district: Northwood Unified").click()
    other.get_by_role("button", name="Riverside City Schools").click()
    expect(other.get_by_text("Now working in Riverside City Schools")).to_be_visible()
    other.close()


def _unexpected(problems: list[str]) -> list[str]:
    """Problems other than the refused request's own (the browser and htmx log it)."""
    return [p for p in problems if "status of 412" not in p and "Code 412 from" not in p]


def _names(app, district_id: int) -> list[str]:
    with app.app_context(), tenancy.district_context(district_id):
        return sorted(db.session.scalars(sa.select(Stakeholder.name)))


def test_a_form_left_open_in_one_district_saves_nothing_after_a_switch(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    riverside = _second_district(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/new")
    page.get_by_label("Name", exact=True).fill("Ana Ruiz")
    _switch_in_another_tab(page, live_server)

    page.get_by_role("button", name="Add stakeholder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You switched district in another tab")
    assert _names(app, riverside) == []
    assert _names(app, editor_district) == ["Pat Parent"]
    page.get_by_role("button", name="Switch back to Northwood Unified").click()
    expect(page.get_by_text("Now working in Northwood Unified")).to_be_visible()
    assert _unexpected(browser_problems) == []


def test_an_inline_save_left_open_in_one_district_is_refused_after_a_switch(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    _second_district(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/")
    page.get_by_role("link", name="Edit ratings of Pat Parent").click()
    influence = page.get_by_label("Influence (power)")
    influence.fill("5")
    _switch_in_another_tab(page, live_server)

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("You switched district in another tab")
    with app.app_context(), tenancy.district_context(editor_district):
        assert db.session.scalars(sa.select(Stakeholder.influence)).one() == 2
    assert _unexpected(browser_problems) == []
