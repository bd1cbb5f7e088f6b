"""Outreach pages in a real browser: on a phone (390 x 844) the member table and the
lists index are stacked, so each member's status buttons, owner and Edit button are in
view without sideways scrolling; pagination looks as it does on the stakeholder list;
and a change in place keeps the counts and the do-not-contact note true."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Affiliation, OutreachMember, Stakeholder
from app.services import outreach as outreach_svc
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _stakeholder(name: str, group: str = "parent", kind: str = "person",
                 permitted: bool = True) -> Stakeholder:
    s = Stakeholder(name=name, group=group, kind=kind, contact_permitted=permitted)
    rate(db.session, s, Ratings(3, 3, "neutral", "supportive", False, True, False),
         by_user_id=None)
    refresh_search_text(db.session, s)
    return s


def _list(app, district_id: int, names, not_to_contact=(), name="Spring outreach") -> int:
    """A list with these people on it (an organisation and a job title for the first);
    `not_to_contact`: names marked "do not contact"."""
    with app.app_context(), tenancy.district_context(district_id):
        people = [_stakeholder(n, permitted=n not in not_to_contact) for n in names]
        org = _stakeholder("Cedar Ridge Logistics and Warehousing", "business", "organisation")
        db.session.flush()
        db.session.add(Affiliation(person_id=people[0].id, organisation_id=org.id,
                                   title="Operations manager"))
        lst, _ = outreach_svc.create_list(db.session, name=name,
                                          description="Families at Lincoln Elementary")
        outreach_svc.add_members(db.session, lst, [p.id for p in people])
        db.session.commit()
        return lst.id


def _in_view(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None, "not laid out"
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"off-screen: {box}"


def test_on_a_phone_the_status_owner_and_edit_controls_are_in_view(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str], axe_violations,
):
    list_id = _list(app, editor_district, ["Maria Lopez-Fernandez", "Jose Ramirez"])
    page.set_viewport_size(PHONE)
    sign_in()
    page.goto(f"{live_server}/outreach/{list_id}")
    row = page.locator("tr.member-row", has_text="Maria Lopez-Fernandez")
    status = row.get_by_role("button", name=re.compile(r"^Contacted"))
    edit = row.get_by_role("link", name=re.compile(r"^Edit"))
    for control in (status, edit, row.get_by_role("button", name=re.compile(r"^Remove")),
                    row.locator("td[data-label='Owner']"), row.locator(".status-chip")):
        expect(control).to_be_visible()
        _in_view(page, control)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the page scrolls sideways"
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), "the table scrolls sideways"
    assert axe_violations() == []

    status.click()  # and it works there
    expect(row.locator(".status-chip")).to_have_text("Contacted")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)

    page.goto(f"{live_server}/outreach/")
    item = page.locator("#outreach-list-" + str(list_id))
    for cell in ("Progress", "Members", "Owner", "Built"):
        expect(item.locator(f"td[data-label='{cell}']")).to_be_visible()
        _in_view(page, item.locator(f"td[data-label='{cell}']"))
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the index scrolls sideways"
    assert axe_violations() == []
    assert browser_problems == []


def test_outreach_pagination_looks_like_the_stakeholder_lists(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    list_id = _list(app, editor_district, [f"Parent {i:02}" for i in range(55)])
    sign_in()
    for url in (f"/outreach/{list_id}", "/stakeholders/"):
        page.goto(live_server + url)
        links = page.locator("ul.page-links").first
        expect(links).to_be_visible()
        assert links.evaluate("e => getComputedStyle(e).display") == "flex", url
        current = links.locator("a[aria-current='page']")
        assert current.evaluate("e => getComputedStyle(e).backgroundColor") == \
            "rgb(31, 95, 74)", url  # the brand green, as on the stakeholder list
        assert links.locator("a").first.evaluate(
            "e => getComputedStyle(e).borderTopStyle") == "solid", url
    assert browser_problems == []


def test_a_change_in_place_keeps_the_counts_and_warns_before_contacting(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    list_id = _list(app, editor_district, ["Ann Lee", "Bob Roe", "Dee Private"],
                    not_to_contact={"Dee Private"})
    sign_in()
    page.goto(f"{live_server}/outreach/{list_id}?status=to_contact")
    count = page.locator("#members-count")
    expect(count).to_have_text("3 members matching")
    ann = page.locator("tr.member-row", has_text="Ann Lee")
    ann.get_by_role("button", name=re.compile(r"^Contacted")).click()
    expect(ann.locator(".status-chip")).to_have_text("Contacted")
    expect(count).to_have_text("2 members matching")
    expect(ann).to_contain_text("No longer matches the filters")

    dee = page.locator("tr.member-row", has_text="Dee Private")
    dee.get_by_role("button", name=re.compile(r"^Contacted")).click()
    expect(dee.get_by_role("alert")).to_contain_text("is marked \u201cDo not contact\u201d")
    expect(dee.locator(".status-chip")).to_have_text("To contact")
    expect(count).to_have_text("2 members matching")
    dee.get_by_role("button", name=re.compile("anyway")).click()
    expect(dee.locator(".status-chip")).to_have_text("Contacted")
    expect(count).to_have_text("1 member matching")

    note = page.locator("#outreach-dnc-note")
    expect(note).to_contain_text("1 member is marked")
    page.on("dialog", lambda dialog: dialog.accept())
    dee.get_by_role("button", name=re.compile(r"^Remove")).click()
    expect(page.get_by_text("Dee Private was taken off the list.")).to_be_visible()
    expect(note).to_have_text("")
    with app.app_context(), tenancy.district_context(editor_district):
        statuses = dict(db.session.execute(
            sa.select(Stakeholder.name, OutreachMember.status)
            .join(OutreachMember, OutreachMember.stakeholder_id == Stakeholder.id)).all())
    assert statuses == {"Ann Lee": "contacted", "Bob Roe": "to_contact"}
    assert browser_problems == []
