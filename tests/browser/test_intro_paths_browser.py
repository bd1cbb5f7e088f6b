"""Warm introductions and the network graph in a real browser: from a business's profile,
ask "Who can introduce us?", follow the path, then open a neighbourhood graph.

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
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser



def small_district(app, district_id: int) -> dict[str, int]:
    """A business reachable from a supportive teacher through a parent
    and the business's owner; network metrics computed."""
    with app.app_context():
        with tenancy.district_context(district_id):
            ids = {}
            for key, name, group, kind, engagement in (
                ("acme", "Acme Plastics", "business", "organisation", "unaware"),
                ("owen", "Owen Owner", "business", "person", "neutral"),
                ("pat", "Pat Parent", "parent", "person", "neutral"),
                ("tess", "Tess Teacher", "educator", "person", "supportive"),
            ):
                s = Stakeholder(name=name, group=group, kind=kind)
                rate(
                    db.session,
                    s,
                    Ratings(3, 3, engagement, "supportive", False, True, False),
                    by_user_id=None,
                )
                refresh_search_text(db.session, s)
                ids[key] = s.id
            for a, b, kind in (
                ("tess", "pat", "friend"),
                ("pat", "owen", "family"),
                ("owen", "acme", "employment"),
            ):
                low, high = sorted((ids[a], ids[b]))
                db.session.add(Relationship(source_id=low, target_id=high, strength=3, type=kind))
            db.session.commit()
        network.run_pending_jobs(db.session)
    return ids


def test_follow_a_warm_introduction_path_from_a_business_profile(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = small_district(app, editor_district)
    sign_in()

    page.goto(f"{live_server}/stakeholders/{ids['acme']}")
    panel = page.locator("#network-panel")
    expect(panel.get_by_role("heading", name="Network position")).to_be_visible()
    expect(panel).to_contain_text("Ties (degree)")
    panel.get_by_role("link", name="Who can introduce us?").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Who can introduce us to Acme Plastics?"
    )
    path = page.locator("#intro-path-1")
    expect(path).to_contain_text("Tess Teacher")
    expect(path.locator(".intro-tie")).to_have_text(
        [
            re.compile(r"Friend/neighbour, strong tie"),
            re.compile(r"Family, strong tie"),
            re.compile(r"Employer/employee, strong tie"),
        ]
    )
    expect(path.locator(".net-name")).to_have_text(
        ["Tess Teacher", "Pat Parent", "Owen Owner", "Acme Plastics"]
    )

    # Follow the path: the next person after the introducer.
    path.get_by_role("link", name="Pat Parent").click()
    expect(page).to_have_url(re.compile(rf"/stakeholders/{ids['pat']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Parent")

    assert browser_problems == []


def test_neighbourhood_graph_draws_on_a_canvas(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    ids = small_district(app, editor_district)
    sign_in()

    page.goto(f"{live_server}/stakeholders/{ids['pat']}")
    page.locator("#network-panel").get_by_role("link", name=re.compile("See their network")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Network around Pat Parent")
    graph = page.locator(".net-graph")
    expect(graph.locator("canvas").first).to_be_attached()
    expect(page.locator(".net-graph-fallback")).to_be_hidden()
    box = graph.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, "the drawing has room"
    # Selecting a person on the drawing opens their profile.
    expect(graph).to_have_attribute("data-ready", "1")
    where = graph.evaluate(
        "(el, id) => el.cy.getElementById(id).renderedPosition()", f"n{ids['tess']}"
    )
    box = graph.bounding_box()
    page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
    expect(page).to_have_url(re.compile(rf"/stakeholders/{ids['tess']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tess Teacher")
    page.go_back()

    # The text alternative lists the same people, strongest ties first, each linked.
    names = page.locator(".net-table").get_by_role("rowheader")
    expect(names).to_have_text(["Pat Parent", "Owen Owner", "Tess Teacher", "Acme Plastics"])
    expect(names.get_by_role("link")).to_have_count(4)

    assert browser_problems == []


def test_filtering_the_network_redraws_the_graph(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    small_district(app, editor_district)
    sign_in()

    page.goto(f"{live_server}/network/")
    expect(page.locator(".net-graph canvas").first).to_be_attached()
    page.get_by_label("Group", exact=True).select_option("business")

    # htmx swaps in the narrowed graph and table, and the address bar keeps the filter.
    expect(page).to_have_url(re.compile(r"/network/\?group=business$"))
    names = page.locator(".net-table").get_by_role("rowheader")
    expect(names).to_have_text(["Owen Owner", "Acme Plastics"])
    expect(page.locator(".net-graph canvas").first).to_be_attached()
    expect(page.locator(".net-graph-fallback")).to_be_hidden()

    assert browser_problems == []
