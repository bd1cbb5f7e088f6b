"""An editor's week in a real browser: build an outreach list from a stakeholder filter,
move two members through their statuses in one click, export the list for a mail merge,
log a focus group with three parents and a follow-up, and tick it off on "My week".

The flow also checks that the browser reported no console error, no uncaught script
error and no Content-Security-Policy violation along the way (`browser_problems`).
"""

import csv
import io
import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text, set_labels

pytestmark = pytest.mark.browser

SCHOOL = "Lincoln Elementary"
LIST_NAME = "Lincoln families: spring listening"
FOCUS_GROUP = "Lincoln families focus group"
FOLLOW_UP = "Send the transcript FAQ in Spanish"
BOM = b"\xef\xbb\xbf"
HOSTILE = "=1+2 <img src=x onerror=alert(1)>"
MAIL_MERGE_COLUMNS = [
    "First name",
    "Last name",
    "Full name",
    "Organisation",
    "Title",
    "Email",
    "Phone",
    "Address",
    "City",
    "Preferred contact",
    "Language",
    "Group",
    "Status",
    "Owner",
    "Next step",
    "Due date",
]

# key: name, group, kind, email, languages, schools, contact permitted
PEOPLE = {
    "maria": ("María López", "parent", "person", "maria@example.org", ["Spanish"], [SCHOOL], True),
    "jose": ("José Ramírez", "parent", "person", "jose@example.org", ["Spanish"], [SCHOOL], True),
    "grace": ("Grace Kim", "parent", "person", "grace@example.org", ["English"], [SCHOOL], True),
    # Asked not to be contacted: on the list, flagged, never exported.
    "carmen": (
        "Carmen Ortiz",
        "parent",
        "person",
        "carmen@example.org",
        ["Spanish"],
        [SCHOOL],
        False,
    ),
    # A hostile name from an imported spreadsheet: inert on every page, and not a formula
    # in the export.
    "mallory": (HOSTILE, "parent", "person", "", ["English"], [SCHOOL], True),
    # A parent at another school and a business: outside the filter.
    "peter": (
        "Peter Novak",
        "parent",
        "person",
        "peter@example.org",
        ["English"],
        ["Roosevelt Middle"],
        True,
    ),
    "cedar": (
        "Cedar Ridge Logistics",
        "business",
        "organisation",
        "hello@cedar.example",
        [],
        [],
        True,
    ),
}


@pytest.fixture
def today():
    """Noon (UTC) of the real day, frozen but ticking: dates on the pages are predictable
    and the browser's clock stays within hours of the server's (cookie lifetimes)."""
    noon = datetime.combine(datetime.now(UTC).date(), time(12), tzinfo=UTC)
    with time_machine.travel(noon, tick=True):
        yield noon.date()


def district_with_parents(app, district_id: int) -> dict[str, int]:
    """The people above, in Ana's district."""
    with app.app_context():
        with tenancy.district_context(district_id):
            ids = {}
            for key, (name, group, kind, email, langs, schools, allowed) in PEOPLE.items():
                s = Stakeholder(
                    name=name, group=group, kind=kind, email=email, contact_permitted=allowed
                )
                rate(
                    db.session,
                    s,
                    Ratings(2, 4, "neutral", "supportive", False, True, False),
                    by_user_id=None,
                )
                set_labels(db.session, s, languages=langs, schools=schools)
                refresh_search_text(db.session, s)
                db.session.flush()
                ids[key] = s.id
            db.session.commit()
    return ids


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def long_date(day) -> str:
    """A date as the pages print it: "5 Mar 2026"."""
    return f"{day.day} {day:%b %Y}"


def build_list_from_filter(page: Page, ids: dict[str, int]) -> None:
    """Stakeholders -> filter to Lincoln parents -> "Save these as an outreach list"."""
    nav(page, "Stakeholders")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholders")
    count = page.locator("#stakeholder-rows .list-count")
    expect(count).to_contain_text("Showing 1–7 of 7 stakeholders")

    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    filters = page.locator("#stakeholder-filters")
    filters.locator("summary", has_text="Filters").click()
    filters.get_by_label("Group").select_option(label="Parent/family")
    expect(count).to_contain_text("Showing 1–6 of 6 stakeholders matching the filters")
    filters.get_by_label("School or area").select_option(label=SCHOOL)
    expect(count).to_contain_text("Showing 1–5 of 5 stakeholders matching the filters")
    rows = page.locator("#stakeholder-rows tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.filter(has_text=HOSTILE)).to_have_count(1)  # shown as text, not markup
    expect(page.locator("#stakeholder-rows img")).to_have_count(0)
    expect(page.locator("#stakeholder-rows")).not_to_contain_text("Peter Novak")
    expect(page.locator("#stakeholder-rows")).not_to_contain_text("Cedar Ridge Logistics")
    expect(page).to_have_url(re.compile(r"/stakeholders/?\?(?=.*group=parent)(?=.*school=\d)"))
    assert page.evaluate("window.__sameDocument === true"), "filtering reloaded the page"

    count.get_by_role("link", name="Save these as an outreach list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New outreach list")
    summary = page.locator(".filter-summary")
    expect(summary.get_by_role("heading", name="Built from this filter")).to_be_visible()
    expect(summary.locator("dt")).to_have_text(["Group", "School or area"])
    expect(summary.locator("dd")).to_have_text(["Parent/family", SCHOOL])
    expect(summary.get_by_role("status")).to_contain_text("5 stakeholders match now")

    page.get_by_label("Name").fill(LIST_NAME)
    page.get_by_label("Description").fill("Families to hear from before the board vote")
    expect(page.get_by_label("Owner")).to_have_value(ana_option(page))  # hers by default
    page.get_by_role("button", name="Create the list with 5 members").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(LIST_NAME)
    expect(page.locator(".flash-success")).to_contain_text(
        f"Outreach list \u201c{LIST_NAME}\u201d created with 5 members from the filter."
    )
    expect(page.locator(".page-head")).to_contain_text(
        f"Built from a filter: Group Parent/family; School or area {SCHOOL}"
    )
    members = page.locator("#member-rows > tr")
    expect(members).to_have_count(5)
    expect(members.filter(has_text=HOSTILE)).to_have_count(1)
    expect(page.locator("#member-rows img")).to_have_count(0)
    for key in ("maria", "jose", "grace", "carmen", "mallory"):
        expect(
            page.locator(f"#member-rows tr:has(a[href$='/stakeholders/{ids[key]}'])")
        ).to_contain_text("To contact")
    # The parent who asked not to be contacted is on the list, flagged.
    carmen = members.filter(has_text="Carmen Ortiz")
    expect(carmen.locator(".badge", has_text="Do not contact")).to_be_visible()
    expect(page.locator(".do-not-contact-note")).to_contain_text(
        "1 member is marked \u201cDo not contact\u201d"
    )
    expect(page.locator("#outreach-progress .status-counts li")).to_have_text(
        ["To contact 5", "Contacted 0", "Responded 0", "Meeting set 0", "Committed 0", "Declined 0"]
    )


def ana_option(page: Page) -> str:
    """The value of Ana's option in the form's "Owner" select (her user id)."""
    return page.get_by_label("Owner").locator("option", has_text="Ana Ruiz").get_attribute("value")


def move(page: Page, member: str, to: str) -> None:
    """Click the one-click status button of `member` and wait for the new chip."""
    row = page.locator("#member-rows > tr", has_text=member)
    row.get_by_role("button", name=f"{to} ({member})", exact=True).click()
    expect(row.locator(".status-chip")).to_have_text(to)


def move_two_members(page: Page) -> None:
    page.evaluate("window.__sameDocument = true")
    counts = page.locator("#outreach-progress .status-counts li")
    move(page, "María López", "Contacted")
    expect(counts).to_have_text(
        ["To contact 4", "Contacted 1", "Responded 0", "Meeting set 0", "Committed 0", "Declined 0"]
    )
    move(page, "María López", "Responded")
    move(page, "José Ramírez", "Contacted")
    move(page, "José Ramírez", "Meeting set")
    expect(counts).to_have_text(
        ["To contact 3", "Contacted 0", "Responded 1", "Meeting set 1", "Committed 0", "Declined 0"]
    )
    expect(page.locator("#outreach-progress [role=status]")).to_contain_text(
        "5 members · 40% reached · 0 answered"
    )
    expect(page.locator("#outreach-progress svg.progress-svg")).to_have_attribute(
        "aria-label", re.compile(r"Responded 1.*Meeting set 1")
    )
    # Only the moves that make sense from the new status are offered.
    maria = page.locator("#member-rows > tr", has_text="María López")
    expect(maria.get_by_role("button", name="Meeting set (María López)")).to_be_visible()
    expect(maria.get_by_role("button", name="Responded (María López)")).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true"), "a status change reloaded the page"
    expect(page.locator(".flash")).to_have_count(1)  # only the "created" message


def export_list(page: Page) -> None:
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    data = download.path().read_bytes()
    assert data.startswith(BOM), "Excel needs the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"))))
    assert rows[0] == MAIL_MERGE_COLUMNS
    by_name = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    # The do-not-contact parent is left out; everyone else is there, in name order.
    hostile = "'" + HOSTILE  # the quote makes a spreadsheet show it as text
    assert list(by_name) == [hostile, "Grace Kim", "José Ramírez", "María López"]
    assert by_name[hostile]["First name"] == "'=1+2"
    for row in rows:
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") for cell in row)
    maria, jose, grace = by_name["María López"], by_name["José Ramírez"], by_name["Grace Kim"]
    assert (maria["First name"], maria["Last name"]) == ("María", "López")
    assert maria["Email"] == "maria@example.org"
    assert maria["Language"] == "Spanish"
    assert maria["Group"] == "Parent/family"
    assert maria["Owner"] == "Ana Ruiz"
    assert maria["Status"] == "Responded"
    assert jose["Status"] == "Meeting set"
    assert grace["Status"] == "To contact"
    assert "Carmen Ortiz" not in data.decode("utf-8")


def pick(page: Page, typed: str, name: str, how: str) -> None:
    """Choose a participant with the typeahead: by click, arrow keys or Enter."""
    search = page.get_by_label("Add a stakeholder")
    search.fill(typed)
    option = page.locator(".typeahead-option", has_text=name)
    expect(option).to_be_visible()
    if how == "click":
        option.click()
    elif how == "arrows":
        search.press("ArrowDown")
        expect(page.locator(".typeahead-option").first).to_be_focused()
        page.keyboard.press("Enter")
    else:
        search.press("Enter")  # picks the first match, does not submit the form
    chosen = page.locator("[data-picker-chosen]")
    expect(chosen.get_by_role("checkbox", name=name)).to_be_checked()
    expect(search).to_have_value("")
    expect(page.locator(".typeahead-option")).to_have_count(0)


def log_focus_group(page: Page, today, due) -> None:
    nav(page, "Engagement")
    expect(page.get_by_role("heading", level=1)).to_have_text("Engagement log")
    page.get_by_role("link", name="Log an interaction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an interaction")

    page.get_by_label("Kind").select_option(label="Focus group")
    expect(page.get_by_label("Date", exact=True)).to_have_value(today.isoformat())
    page.get_by_label("Title").fill(FOCUS_GROUP)
    expect(page.locator("[data-picker-none]")).to_have_text("Nobody chosen yet.")
    pick(page, "Maria", "María López", "click")  # accents are optional when searching
    pick(page, "Jose Ram", "José Ramírez", "arrows")
    pick(page, "Grace", "Grace Kim", "enter")
    expect(page.locator("[data-picker-chosen] li")).to_have_count(3)
    expect(page.locator("[data-picker-none]")).to_be_hidden()
    expect(page.get_by_role("checkbox", name="Everyone chosen here came")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Ana Ruiz")).to_be_checked()

    page.get_by_label("Summary").fill("Six families came; most questions were about grades.")
    page.get_by_label("Concerns raised").fill(
        "grading: worried colleges won't understand the new transcripts"
    )
    page.get_by_label("Follow-up", exact=True).fill(FOLLOW_UP)
    page.get_by_label("Due", exact=True).fill(due.isoformat())
    expect(page.get_by_label("Owner")).to_have_value(ana_option(page))  # yours by default
    # The participants just chosen are offered as whom the follow-up is about.
    page.get_by_label("About").select_option(label="María López")
    page.get_by_role("button", name="Log interaction").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(FOCUS_GROUP)
    expect(page.locator(".flash-success")).to_have_text(f"Logged: {FOCUS_GROUP}.")
    head = page.locator(".page-head")
    expect(head.locator(".badge.kind-focus_group")).to_have_text("Focus group")
    expect(head.locator("time")).to_have_text(long_date(today))
    people = page.locator(".people-list > li")
    expect(people).to_have_count(3)
    for name in ("María López", "José Ramírez", "Grace Kim"):
        expect(people.filter(has_text=name).locator(".badge")).to_have_text("Came")
    expect(page.locator(".stats")).to_contain_text("3 invited")
    expect(page.locator(".stats")).to_contain_text("3 attended")
    expect(page.locator("#concerns")).to_contain_text(
        "worried colleges won't understand the new transcripts"
    )
    follow_up = page.locator(".follow-up-list > li", has_text=FOLLOW_UP)
    expect(follow_up).to_contain_text(f"Ana Ruiz · due {long_date(due)} · about María López")
    expect(follow_up.locator(".badge")).to_have_text("Open")


def tick_off_on_my_week(page: Page, due) -> None:
    nav(page, "My week")
    expect(page.get_by_role("heading", level=1)).to_have_text("My week")
    counts = page.locator("#week-counts")
    expect(counts.locator(".stat")).to_have_text(
        [
            "0 follow-ups overdue",
            "1 due in the next 7 days",
            "5 list members waiting on you",
            "0 people overdue for contact",
        ],
        use_inner_text=True,  # value and label are separate blocks, no space between
    )
    section = page.locator("#week-follow-ups")
    row = section.locator(".week-item", has_text=FOLLOW_UP)
    expect(row).to_be_visible()
    expect(row.locator(".week-when")).to_contain_text(long_date(due))
    expect(row.locator(".week-when")).to_contain_text("in 2 days")
    expect(row.get_by_role("link", name="María López")).to_be_visible()
    focus_group = row.get_by_role("link", name=FOCUS_GROUP)
    expect(focus_group).to_have_attribute("href", re.compile(r"/engagement/\d+$"))
    # The list members Ana owns wait on her too, with the statuses she just set.
    waiting = page.locator("#week-waiting")
    expect(waiting.locator(".week-item", has_text="María López")).to_contain_text("Responded")
    expect(waiting.locator(".week-item", has_text="José Ramírez")).to_contain_text("Meeting set")
    expect(waiting.locator(".week-item", has_text="Carmen Ortiz")).to_contain_text("Do not contact")
    expect(waiting.locator(".week-item", has_text=HOSTILE)).to_be_visible()
    expect(waiting.locator("img")).to_have_count(0)

    page.evaluate("window.__sameDocument = true")
    # Chromium names it "Done : <description>" (the description is a visually hidden span).
    row.get_by_role("button", name=re.compile(rf"^Done\W+{re.escape(FOLLOW_UP)}$")).click()
    expect(row.get_by_role("status")).to_have_text(f"Done: \u201c{FOLLOW_UP}\u201d.")
    expect(row.locator(".badge")).to_have_text("Done")
    expect(row.get_by_role("button", name=re.compile(r"^Undo"))).to_be_visible()
    expect(row.locator(".week-when")).to_have_text("")
    expect(counts.locator(".stat").nth(1)).to_have_text(
        "0 due in the next 7 days", use_inner_text=True
    )
    expect(page.locator("#week-fu-summary")).to_contain_text(
        "0 overdue · 0 due in the next 7 days · 0 later"
    )
    assert page.evaluate("window.__sameDocument === true"), "marking done reloaded the page"

    # Next time the page opens, the follow-up is off the due list.
    page.reload()
    expect(section.locator(".week-item")).to_have_count(0)
    expect(section).to_contain_text("Nothing overdue or due this week.")

    # The focus group's page shows it done as well.
    nav(page, "Engagement")
    page.get_by_role("link", name=FOCUS_GROUP).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FOCUS_GROUP)
    done = page.locator(".follow-up-list > li", has_text=FOLLOW_UP)
    expect(done.locator(".badge")).to_have_text(re.compile(r"^Done "))


def test_outreach_list_focus_group_and_my_week(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str], today,
):
    ids = district_with_parents(app, editor_district)
    sign_in()

    build_list_from_filter(page, ids)
    move_two_members(page)
    export_list(page)
    log_focus_group(page, today, due=today + timedelta(days=2))
    tick_off_on_my_week(page, due=today + timedelta(days=2))

    assert browser_problems == []
