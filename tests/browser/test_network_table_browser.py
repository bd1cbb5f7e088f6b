"""The network page's table of people and their network metrics, in a real browser: on a
1,280 px laptop screen its column headers wrap and the whole table fits, with nothing to
scroll sideways to."""

import pytest
from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Relationship, Stakeholder
from app.services import network
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

# Long names (an organisation's full name runs to 200 characters), and the longest group
# and engagement labels, as a real district has them.
PEOPLE = (
    ("Maria Fernanda Gonzalez-Whitfield", "person", "community", "leading"),
    ("Northwood Unified Council of Parent Teacher Student Associations of Elementary and "
     "Middle Schools", "organisation", "community", "supportive"),
    ("Northwood Chamber of Commerce and Industry", "organisation", "business", "supportive"),
    ("Dr. Christopher Abernathy-Okonkwo", "person", "higher_ed", "neutral"),
    ("Franklin County Department of Health", "organisation", "government", "resistant"),
    ("Councilmember Alexandra Petrovska", "person", "elected", "unaware"),
    ("Pat Parent", "person", "parent", "neutral"),
    ("Superintendent Evelyn Harrington", "person", "district_staff", "leading"),
)


def _district_with_a_network(app, district_id: int) -> None:
    """The stakeholders above, tied in a chain and to the superintendent, with the network's
    metrics computed (as the background job would)."""
    with app.app_context():
        with tenancy.district_context(district_id):
            ids = []
            for name, kind, group, engagement in PEOPLE:
                s = Stakeholder(name=name, group=group, kind=kind)
                rate(db.session, s, Ratings(4, 3, engagement, "leading", False, True, False),
                     by_user_id=None)
                refresh_search_text(db.session, s)
                db.session.flush()
                ids.append(s.id)
            hub = ids[-1]
            pairs = list(zip(ids, ids[1:], strict=False)) + [(hub, i) for i in ids[:-2]]
            for a, b in pairs:
                db.session.add(Relationship(source_id=min(a, b), target_id=max(a, b),
                                            strength=2, type="colleague"))
            db.session.commit()
        network.run_pending_jobs(db.session)


def test_the_network_table_fits_a_laptop_screen_without_sideways_scrolling(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    _district_with_a_network(app, editor_district)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in()
    page.goto(f"{live_server}/network/")
    table = page.locator("table.net-table")
    expect(table.locator("tbody tr")).to_have_count(len(PEOPLE))
    # The metrics are computed: every row names its leader band instead of "not computed".
    expect(table).not_to_contain_text("not computed yet")
    expect(table.get_by_role("row", name="Superintendent Evelyn Harrington")).to_be_visible()

    wrap = table.locator("xpath=ancestor::div[contains(@class, 'table-wrap')][1]")
    widths = wrap.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert widths["scroll"] <= widths["client"], (
        f"the table scrolls sideways in its card: {widths['scroll']} px of table "
        f"in {widths['client']} px")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 1280, f"the page scrolls sideways: {page_width} px wide"

    box = wrap.bounding_box()
    headers = table.locator("thead th")
    expect(headers).to_have_count(6)
    for i in range(headers.count()):
        header = headers.nth(i)
        cell = header.bounding_box()
        name = header.inner_text()
        assert cell["x"] >= box["x"] - 0.5 and \
            cell["x"] + cell["width"] <= box["x"] + box["width"] + 0.5, \
            f"the {name!r} header is outside the table's visible area"
        assert cell["x"] + cell["width"] <= 1280, f"the {name!r} header is off the screen"
    assert browser_problems == []
