"""Partnerships in a real browser: the stakeholder typeahead is styled like everywhere else,
and long labels and names wrap inside the board's cards at desktop and phone widths."""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Partnership, PartnershipStageChange, Stakeholder
from app.services import stakeholders as svc

pytestmark = pytest.mark.browser

COLLEGE = "Maple Valley Community College"


def _organisations_and_partnerships(app, district_id: int) -> int:
    """Two organisations with long names, a person, and long-labelled partnerships."""
    with app.app_context(), tenancy.district_context(district_id):
        college = Stakeholder(name=COLLEGE, name_key=COLLEGE.lower(), kind="organisation")
        plant = Stakeholder(name="Maple Valley Precision Manufacturing", kind="organisation",
                            name_key="maple valley precision manufacturing")
        person = Stakeholder(name="Mateo Gomez", name_key="mateo gomez", kind="person")
        db.session.add_all([college, plant, person])
        db.session.flush()
        for s in (college, plant, person):
            svc.refresh_search_text(db.session, s)
        first = None
        for org, stage in ((college, "active"), (plant, "active"), (college, "prospect")):
            p = Partnership(organisation_id=org.id, title="Dual-credit courses in the high school",
                            type="work_based_learning", stage=stage)
            db.session.add(p)
            db.session.flush()
            db.session.add(PartnershipStageChange(partnership_id=p.id, to_stage=stage))
            first = first or p.id
        db.session.commit()
        return first


def _typeahead_looks_like_a_menu(page: Page, results: str) -> None:
    options = page.locator(f"{results} .typeahead-option")
    expect(options.first).to_be_visible()
    style = page.eval_on_selector(results, """box => {
        const list = box.querySelector("ul"), option = box.querySelector(".typeahead-option");
        const s = getComputedStyle(option);
        return {bullets: getComputedStyle(list).listStyleType, border: s.borderTopWidth,
                background: s.backgroundColor, maxHeight: getComputedStyle(box).maxHeight};
    }""")
    assert style["bullets"] == "none", "matches are not a bulleted list"
    assert style["border"] == "0px", "matches are not grey browser buttons"
    assert style["background"] == "rgba(0, 0, 0, 0)"
    assert style["maxHeight"] != "none", "a long list scrolls in its box"


def test_the_stakeholder_typeahead_is_styled_on_partnership_pages(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    partnership_id = _organisations_and_partnerships(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/partnerships/new")
    page.get_by_role("combobox", name="Organisation").fill("Maple")
    _typeahead_looks_like_a_menu(page, "#other_name-matches")
    page.get_by_role("button", name=COLLEGE).click()
    expect(page.get_by_role("combobox", name="Organisation")).to_have_value(COLLEGE)

    page.goto(f"{live_server}/partnerships/{partnership_id}")
    page.get_by_role("combobox", name="Person").fill("Mateo")
    _typeahead_looks_like_a_menu(page, "#contact-other_name-matches")
    assert browser_problems == []


# Every element of a card, and the card itself, ends inside its box (1px for rounding).
OVERFLOWING = """() => {
    const out = [];
    for (const card of document.querySelectorAll("[data-partnership-card]")) {
        const column = card.closest(".pipeline-column").getBoundingClientRect();
        const box = card.getBoundingClientRect();
        if (box.right > column.right + 1) out.push("card past its column: " + card.id);
        for (const el of card.querySelectorAll("*")) {
            const r = el.getBoundingClientRect();
            if (r.width && r.right > box.right + 1) out.push(card.id + ": " + el.textContent);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_long_labels_and_names_wrap_inside_the_board_cards(
        app, page: Page, live_server: str, editor_district: int, sign_in, width: int):
    _organisations_and_partnerships(app, editor_district)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in()
    page.goto(f"{live_server}/partnerships/")
    expect(page.locator("[data-partnership-card]")).to_have_count(3)
    assert page.evaluate(OVERFLOWING) == []
