"""The stakeholder typeahead looks the same wherever it is used: its matches drop down as a
list box of plain rows (no bullets, no grey browser buttons, the page's own font), styled
once in app.css rather than by whichever area's stylesheet a page happens to load."""

import pytest
from playwright.sync_api import Locator, Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services import stakeholders as svc

pytestmark = pytest.mark.browser


def _people(app, district_id: int) -> int:
    """Rosa Diaz and two people a search for "Maple" finds; Rosa's id."""
    with app.app_context(), tenancy.district_context(district_id):
        people = [Stakeholder(name=name, name_key=name.lower(), kind="person")
                  for name in ("Rosa Diaz", "Maple Ortiz", "Maple Nguyen")]
        db.session.add_all(people)
        db.session.flush()
        for person in people:
            svc.refresh_search_text(db.session, person)
        db.session.commit()
        return people[0].id


LIST_BOX_STYLE = """box => {
    const list = box.querySelector("ul"), option = box.querySelector(".typeahead-option");
    const s = getComputedStyle(option), body = getComputedStyle(document.body);
    return {bullets: getComputedStyle(list).listStyleType, border: s.borderTopWidth,
            background: s.backgroundColor, fontSize: s.fontSize, bodyFontSize: body.fontSize,
            fontFamily: s.fontFamily, bodyFontFamily: body.fontFamily,
            optionWidth: option.getBoundingClientRect().width,
            listWidth: list.getBoundingClientRect().width,
            boxBorder: getComputedStyle(box).borderTopWidth,
            maxHeight: getComputedStyle(box).maxHeight};
}"""


def _matches_are_a_list_box(page: Page, combobox: Locator) -> None:
    combobox.press_sequentially("Maple", delay=20)
    results = page.locator("#" + combobox.get_attribute("aria-controls"))
    expect(results.locator(".typeahead-option")).to_have_count(2)
    style = results.evaluate(LIST_BOX_STYLE)
    assert style["bullets"] == "none", "matches are not a bulleted list"
    assert style["border"] == "0px", "matches are not grey browser buttons"
    assert style["background"] == "rgba(0, 0, 0, 0)"
    assert style["fontSize"] == style["bodyFontSize"], "matches use the page's type size"
    assert style["fontFamily"] == style["bodyFontFamily"], "matches use the page's font"
    assert style["optionWidth"] >= style["listWidth"] - 10, "each match is a full-width row"
    assert style["boxBorder"] != "0px", "the matches sit in a bordered box"
    assert style["maxHeight"] != "none", "a long list scrolls in its box"


def test_the_typeahead_is_a_list_box_when_logging_an_interaction(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    _people(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/engagement/new")
    _matches_are_a_list_box(page, page.get_by_role("combobox", name="Add a stakeholder"))
    assert browser_problems == []


def test_the_typeahead_is_a_list_box_when_seating_someone_at_the_table(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    _people(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/coverage/table")
    _matches_are_a_list_box(page, page.get_by_role("combobox", name="Stakeholder"))
    assert browser_problems == []


def test_the_typeahead_is_a_list_box_when_adding_a_relationship(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    rosa = _people(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/stakeholders/{rosa}")
    page.get_by_role("link", name="Add a relationship").click()
    combobox = page.locator("#relationships").get_by_role("combobox", name="Stakeholder")
    _matches_are_a_list_box(page, combobox)
    assert browser_problems == []
