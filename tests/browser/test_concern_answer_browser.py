"""The concern register in a real browser: an editor answers a concern in place, a blank
answer is refused without losing the editor, Escape cancels, and the answer reaches
"you said, we did", which prints without the app around it."""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Concern, Interaction, InteractionParticipant, Stakeholder
from app.services import clock

pytestmark = pytest.mark.browser

SAID = "Colleges won't read the new transcripts"
ANSWER_SAFETY = "Answer \u201cBus stops are unlit\u201d"  # the link's accessible name
DID = "We met twelve admissions offices; all accept the new transcript."


def _concerns(app, district_id: int) -> None:
    """A focus group this term where Rosa raised two concerns."""
    with app.app_context(), tenancy.district_context(district_id):
        rosa = Stakeholder(name="Rosa Diaz", name_key="rosa diaz", kind="person", group="parent")
        today = clock.today()
        group = Interaction(kind="focus_group", title="Northwood PTA focus group",
                            occurred_on=today, with_attendance=True)
        db.session.add_all([rosa, group])
        db.session.flush()
        db.session.add(InteractionParticipant(interaction_id=group.id, stakeholder_id=rosa.id,
                                              occurred_on=today))
        db.session.add_all([Concern(interaction_id=group.id, theme="grading", text=SAID),
                            Concern(interaction_id=group.id, theme="safety",
                                    text="Bus stops are unlit")])
        db.session.commit()


def test_an_editor_answers_a_concern_in_place_and_shares_it(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str], axe_violations):
    _concerns(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/engagement/")
    page.get_by_role("navigation", name="Engagement").get_by_role(
        "link", name="Concerns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern register")
    grading = page.locator(".concern", has_text=SAID)
    expect(grading).to_contain_text("Raised by Rosa Diaz")

    # A blank answer is refused in place; the editor stays open with the focus in it.
    safety = page.locator(".concern", has_text="Bus stops are unlit")
    safety.get_by_role("link", name=ANSWER_SAFETY).click()
    field = safety.get_by_label("The district's answer")
    expect(field).to_be_focused()
    field.fill("   ")
    safety.get_by_role("button", name="Save answer").click()
    expect(safety.locator(".error")).to_have_text(
        "Write what the district did, or leave it open.")
    expect(safety.get_by_label("The district's answer")).to_be_focused()
    page.keyboard.press("Escape")  # cancels, as the Cancel link does
    expect(safety.get_by_label("The district's answer")).to_have_count(0)
    expect(safety.get_by_role("link", name=ANSWER_SAFETY)).to_be_visible()

    grading.get_by_role("link", name=f"Answer \u201c{SAID}\u201d").click()
    assert axe_violations() == []  # the register, with an answer's editor open
    grading.get_by_label("The district's answer").fill(DID)
    grading.get_by_role("button", name="Save answer").click()
    expect(grading.locator(".badge-ok")).to_have_text("Answered")
    expect(grading).to_contain_text("by Ana Ruiz")
    expect(grading.locator(".concern-answer")).to_contain_text(DID)
    expect(page.locator(".concern-theme", has_text="grading").locator(".theme-counts")) \
        .to_have_text("0 open \u00b7 1 answered")

    # Out of the open concerns, once the page is drawn again.
    page.reload()
    expect(page.locator(".concern", has_text=SAID)).to_have_count(0)
    expect(page.locator(".concern", has_text="Bus stops are unlit")).to_be_visible()

    page.get_by_role("link", name="You said, we did").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did")
    item = page.locator(".ysd-item", has_text=SAID)
    expect(item.locator(".ysd-did")).to_have_text(f"We did: {DID}")
    expect(page.locator(".ysd-theme", has_text="safety")).to_contain_text(
        "We are still working on 1 concern about safety.")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert axe_violations() == []
    page.emulate_media(media="print")
    for hidden in (page.locator(".topbar"), page.get_by_role("button", name="Print"),
                   page.locator("form.log-filters")):
        expect(hidden).to_be_hidden()
    expect(item).to_be_visible()
    # The only thing the browser reports is the 422 the blank answer was answered with.
    assert [p for p in browser_problems if "status of 422" not in p] == []
