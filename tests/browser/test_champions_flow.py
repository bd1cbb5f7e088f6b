"""The champion finder and warm introductions in a real browser: find who can reach
Spanish-speaking parents, set a suggestion aside as "not a fit", then ask who can introduce
us to a business and follow the path to the next person.

Every flow also checks that the browser reported no console error, no uncaught script
error and no Content-Security-Policy violation along the way (`browser_problems`).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Relationship, Stakeholder
from app.services import network
from app.services.stakeholders import Ratings, rate, refresh_search_text, set_labels

pytestmark = pytest.mark.browser

SCHOOL = "Lincoln Elementary"
AUDIENCE = "Spanish-speaking parents/families"

# key: name, group, kind, engagement, influence, interest, languages, schools
PEOPLE = {
    "maria": ("María López", "parent", "person", "neutral", 2, 3, ["Spanish"], [SCHOOL]),
    "jose": ("José Ramírez", "parent", "person", "unaware", 2, 3, ["Spanish"], [SCHOOL]),
    "carmen": ("Carmen Ortiz", "parent", "person", "neutral", 1, 4, ["Spanish"], [SCHOOL]),
    "grace": ("Grace Kim", "parent", "person", "neutral", 2, 3, ["English"], [SCHOOL]),
    # The bilingual family liaison who knows the Spanish-speaking families.
    "rosa": (
        "Rosa Delgado",
        "district_staff",
        "person",
        "supportive",
        4,
        5,
        ["English", "Spanish"],
        [SCHOOL],
    ),
    # A supportive teacher who knows one of them.
    "tomas": ("Tomás Vega", "educator", "person", "supportive", 2, 4, ["Spanish"], [SCHOOL]),
    # A leading business owner, and a business we want to reach.
    "owen": ("Owen Park", "business", "person", "leading", 4, 4, ["English"], []),
    "diego": ("Diego López", "business", "person", "neutral", 2, 2, ["Spanish"], []),
    "cedar": ("Cedar Ridge Logistics", "business", "organisation", "unaware", 3, 2, [], []),
}
TIES = (  # (a, b, type, strength 1-3)
    ("rosa", "maria", "friend", 3),
    ("rosa", "jose", "colleague", 3),
    ("rosa", "carmen", "friend", 2),
    ("rosa", "grace", "friend", 2),  # English-speaking: not part of the audience
    ("tomas", "jose", "mentor", 2),
    ("maria", "diego", "family", 3),
    ("owen", "diego", "colleague", 3),
    ("diego", "cedar", "employment", 3),
)


def small_district(app, district_id: int) -> dict[str, int]:
    """The people above in the district, with their relationships; network metrics computed."""
    with app.app_context():
        with tenancy.district_context(district_id):
            ids = {}
            for key, row in PEOPLE.items():
                name, group, kind, level, influence, interest, langs, schools = row
                s = Stakeholder(name=name, group=group, kind=kind)
                rate(
                    db.session,
                    s,
                    Ratings(influence, interest, level, "leading", False, True, False),
                    by_user_id=None,
                )
                set_labels(db.session, s, languages=langs, schools=schools)
                refresh_search_text(db.session, s)
                db.session.flush()
                ids[key] = s.id
            for a, b, kind, strength in TIES:
                low, high = sorted((ids[a], ids[b]))
                db.session.add(
                    Relationship(source_id=low, target_id=high, strength=strength, type=kind)
                )
            db.session.commit()
        network.run_pending_jobs(db.session)
    return ids


def test_find_champions_for_spanish_speaking_parents_and_set_one_aside(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = small_district(app, editor_district)
    sign_in()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Champions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Champion finder")
    results = page.locator("#champion-results")
    expect(results.locator(f"#champion-{ids['owen']}")).to_be_visible()

    # Narrow the audience: htmx swaps the results, the address bar keeps the filter.
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    audience = page.get_by_role("group", name="Audience to reach")
    audience.get_by_label("Group").select_option(label="Parent/family")
    expect(page.locator("#champion-results-title")).to_have_text(
        "Champions who can reach parents/families"
    )
    audience.get_by_label("Language").select_option("Spanish")
    expect(page.locator("#champion-results-title")).to_have_text(
        f"Champions who can reach {AUDIENCE}"
    )
    expect(page).to_have_url(
        re.compile(r"/champions/\?(?=.*audience_group=parent)(?=.*audience_language=Spanish)")
    )
    assert page.evaluate("window.__sameDocument === true"), "filtering reloaded the page"

    # The liaison comes first, with a reason that says whom she reaches; the business
    # owner, who knows none of these families, is not suggested for them.
    rows = page.locator("#champion-rows > li.champion-item")
    expect(rows).to_have_count(2)
    top = rows.first
    expect(top).to_have_id(f"champion-{ids['rosa']}")
    expect(top.get_by_role("heading", level=3)).to_have_text("Rosa Delgado")
    expect(top.locator(".champion-reasons")).to_contain_text(f"reaches 3 {AUDIENCE}")
    expect(rows.nth(1)).to_have_id(f"champion-{ids['tomas']}")
    expect(rows.nth(1).locator(".champion-reasons")).to_contain_text(
        "reaches 1 Spanish-speaking parent/family"
    )
    expect(page.locator(f"#champion-{ids['owen']}")).to_have_count(0)
    count = page.locator("#champion-count")
    expect(count).to_contain_text(f"Showing all of 2 suggested champions who reach {AUDIENCE}.")

    # Add the teacher to a new outreach list, without leaving the page.
    second = rows.nth(1)
    second.locator("summary", has_text="Add to outreach list").click()
    second.get_by_label("or a new list named").fill("Spanish family champions")
    second.get_by_role("button", name="Add Tomás Vega").click()
    expect(second.get_by_role("status")).to_contain_text(
        "1 added to \u201cSpanish family champions\u201d"
    )
    expect(second.get_by_role("link", name="Open Spanish family champions")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "adding reloaded the page"

    # "Not a fit", with a reason and Enter: a focused note with Restore takes the row's
    # place, and the count follows.
    top.locator("summary", has_text="Not a fit").click()
    reason = top.get_by_label("Why is Rosa Delgado not a fit?")
    expect(reason).to_be_visible()
    reason.fill("Already leads the family outreach programme")
    reason.press("Enter")

    note = page.locator(f"#champion-{ids['rosa']}")
    expect(note.get_by_role("status")).to_contain_text("Rosa Delgado marked not a fit")
    expect(note.get_by_role("status")).to_be_focused()
    expect(note.get_by_role("button", name="Restore Rosa Delgado")).to_be_visible()
    suggestions = page.locator("#champion-rows > li.champion-item:not(.is-marked)")
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_have_id(f"champion-{ids['tomas']}")
    expect(count).to_contain_text(f"Showing all of 1 suggested champion who reach {AUDIENCE}.")
    expect(count.get_by_role("link", name="1 marked not a fit")).to_be_visible()
    assert page.evaluate("window.__sameDocument === true"), "marking reloaded the page"

    # The reason is remembered in the list of people set aside.
    count.get_by_role("link", name="1 marked not a fit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marked not a fit")
    row = page.locator(f"#notfit-{ids['rosa']}")
    expect(row).to_contain_text("Rosa Delgado")
    expect(row.locator(".reason")).to_have_text("Already leads the family outreach programme")
    expect(row).to_contain_text("Ana Ruiz")

    # The list holds the teacher, waiting to be contacted.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outreach").click()
    page.get_by_role("link", name="Spanish family champions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spanish family champions")
    member = page.locator("tr", has_text="Tomás Vega")
    expect(member).to_contain_text("To contact")

    assert browser_problems == []


def test_follow_a_warm_introduction_to_a_business(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = small_district(app, editor_district)
    sign_in()

    page.goto(f"{live_server}/stakeholders/{ids['cedar']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cedar Ridge Logistics")
    panel = page.locator("#network-panel")
    expect(panel.get_by_role("heading", name="Network position")).to_be_visible()
    panel.get_by_role("link", name="Who can introduce us?").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who can introduce us to Cedar Ridge Logistics?"
    )
    # Warmest first: the business owner through a strong colleague tie (2 ties), then the
    # liaison through a parent and her husband (3 ties).
    expect(page.locator(".intro-path")).to_have_count(2)
    first = page.locator("#intro-path-1")
    expect(first.get_by_role("heading", level=2)).to_have_text("1. Through Owen Park")
    expect(first.locator(".net-name")).to_have_text(
        ["Owen Park", "Diego López", "Cedar Ridge Logistics"]
    )
    expect(first.locator(".intro-tie")).to_have_text(
        [re.compile(r"Colleague, strong tie"), re.compile(r"Employer/employee, strong tie")]
    )
    expect(page.locator("#intro-path-2 .net-name")).to_have_text(
        ["Rosa Delgado", "María López", "Diego López", "Cedar Ridge Logistics"]
    )

    # Follow the path: the next person after the introducer.
    first.get_by_role("link", name="Diego López").click()
    expect(page).to_have_url(re.compile(rf"/stakeholders/{ids['diego']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Diego López")
    expect(page.locator("#network-panel")).to_contain_text("Ties (degree)")

    assert browser_problems == []
