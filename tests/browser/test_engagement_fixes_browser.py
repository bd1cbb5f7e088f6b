"""The engagement log in a real browser: nothing typed or ticked is lost. A name typed in
the participant picker but not picked stops the save; Enter never submits a half-typed
name; ticks on the attendance page survive Remove; the page fits a phone; Enter in the
log's "With stakeholder" box filters."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Interaction, InteractionParticipant, OutreachList, Stakeholder
from app.services import stakeholders as svc

pytestmark = pytest.mark.browser

NAMES = ("Rosa Diaz", "Maple Ortiz", "Maple Nguyen", "Bartholomew Featherstonehaugh-Smythe")


def _people(app, district_id: int) -> list[int]:
    with app.app_context(), tenancy.district_context(district_id):
        people = [Stakeholder(name=name, name_key=name.lower(), kind="person", group="parent")
                  for name in NAMES]
        db.session.add_all(people)
        db.session.flush()
        for person in people:
            svc.refresh_search_text(db.session, person)
        db.session.commit()
        return [p.id for p in people]


def _event(app, district_id: int, invited: list[int]) -> int:
    """A community meeting in the past with `invited` invited (nobody came yet), and an
    outreach list with a long name."""
    with app.app_context(), tenancy.district_context(district_id):
        event = Interaction(kind="community_meeting", title="Northwood spring meeting",
                            occurred_on=date(2026, 1, 15), with_attendance=True)
        db.session.add(event)
        db.session.add(OutreachList(name="Spanish-speaking families at Northwood Elementary"))
        db.session.flush()
        db.session.add_all(InteractionParticipant(
            interaction_id=event.id, stakeholder_id=sid, occurred_on=event.occurred_on,
            attended=False) for sid in invited)
        db.session.commit()
        return event.id


def _attended(app, district_id: int, event_id: int) -> set[int]:
    with app.app_context(), tenancy.district_context(district_id):
        return set(db.session.scalars(db.select(InteractionParticipant.stakeholder_id).where(
            InteractionParticipant.interaction_id == event_id,
            InteractionParticipant.attended.is_(True))))


def test_a_typed_but_unpicked_participant_stops_the_save(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    _people(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/engagement/new")
    page.get_by_label("Title").fill("Coffee with Rosa")
    search = page.get_by_role("combobox", name="Add a stakeholder")
    search.fill("Rosa")
    expect(page.locator(".typeahead-option", has_text="Rosa Diaz")).to_be_visible()
    search.press("Enter")  # the matches are for "Rosa": picks Rosa Diaz
    expect(page.get_by_role("checkbox", name="Rosa Diaz")).to_be_checked()
    # A second name typed and Enter pressed at once, before its matches came: nothing is
    # picked and the form is not sent.
    search.fill("Jane Do")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an interaction")
    expect(search).to_have_value("Jane Do")
    page.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an interaction")
    expect(page.locator(".picker .error")).to_have_text(
        "Pick \u201cJane Do\u201d from the suggestions, or clear it.")
    expect(page.get_by_role("combobox", name="Add a stakeholder")).to_have_value("Jane Do")
    expect(page.get_by_label("Title")).to_have_value("Coffee with Rosa")
    expect(page.get_by_role("checkbox", name="Rosa Diaz")).to_be_checked()
    # The only thing the browser reports is the 422 the refused save was answered with.
    assert [p for p in browser_problems if "status of 422" not in p] == []


def test_attendance_ticks_survive_removing_someone_else(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    rosa, maple_o, maple_n, _ = _people(app, editor_district)
    event = _event(app, editor_district, [rosa, maple_o, maple_n])
    sign_in()
    page.goto(f"{live_server}/engagement/{event}/attendance")
    page.get_by_role("checkbox", name="Rosa Diaz came").check()
    page.get_by_role("checkbox", name="Maple Ortiz came").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove Maple Nguyen").click()
    expect(page.locator(".flash-success").last).to_have_text(
        "Maple Nguyen is no longer on this event.")
    expect(page.get_by_role("checkbox", name="Rosa Diaz came")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Maple Ortiz came")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Maple Nguyen came")).to_have_count(0)
    assert _attended(app, editor_district, event) == {rosa, maple_o}
    assert browser_problems == []


def test_the_attendance_page_fits_a_phone(
        app, page: Page, live_server: str, editor_district: int, sign_in):
    ids = _people(app, editor_district)
    event = _event(app, editor_district, ids)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in()
    page.goto(f"{live_server}/engagement/{event}/attendance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitees and attendance")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scroll"
    for name in ("Save attendance", "Invite", "Invite everyone on the list",
                 f"Remove {NAMES[3]}"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{name} is cut off"


def test_enter_in_the_log_filter_filters_by_the_typed_name(
        app, page: Page, live_server: str, editor_district: int, sign_in,
        browser_problems: list[str]):
    rosa, maple_o, *_ = _people(app, editor_district)
    with app.app_context(), tenancy.district_context(editor_district):
        for title, sid in (("Call with Rosa", rosa), ("Call with Maple", maple_o)):
            call = Interaction(kind="call", title=title, occurred_on=date(2026, 1, 10))
            db.session.add(call)
            db.session.flush()
            db.session.add(InteractionParticipant(interaction_id=call.id, stakeholder_id=sid,
                                                  occurred_on=call.occurred_on))
        db.session.commit()
    sign_in()
    page.goto(f"{live_server}/engagement/")
    expect(page.locator(".log-table tbody tr")).to_have_count(2)
    box = page.get_by_role("combobox", name="With stakeholder")
    box.fill("rosa")
    box.press("Enter")
    expect(page.locator(".log-table tbody tr")).to_have_count(1)
    expect(page.locator(".log-table")).to_contain_text("Call with Rosa")
    expect(page.locator("#log-results [role=status]")).to_contain_text("rosa")
    assert "with_other_name=rosa" in page.url
    assert browser_problems == []
