"""The other areas' pages pass axe-core's WCAG 2.x A/AA checks too (`axe_violations`,
tests/browser/conftest.py), for an editor of a district with three stakeholders, so
most pages show their forms and empty states."""

import pytest
from playwright.sync_api import Page

from app import tenancy
from app.extensions import db
from app.models import Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text


def _add_people(app, district_id: int) -> None:
    with app.app_context(), tenancy.district_context(district_id):
        for name, group, kind in (("Pat Parent", "parent", "person"),
                                  ("Eli Official", "elected", "person"),
                                  ("Honda Marysville", "business", "organisation")):
            s = Stakeholder(name=name, group=group, kind=kind)
            rate(db.session, s, Ratings(4, 4, "neutral", "supportive", True, True, False),
                 by_user_id=None)
            refresh_search_text(db.session, s)
        db.session.commit()


@pytest.mark.parametrize("path", [
    "/",
    "/champions/",
    "/coverage/",
    "/network/",
    "/outreach/",
    "/outreach/new",
    "/partnerships/",
    "/partnerships/new",
    "/partnerships/pathways",
    "/partnerships/suggestions",
    "/engagement/",
    "/engagement/new",
    "/week/",
])
def test_area_pages_pass_axe(app, page: Page, live_server: str, editor_district: int,
                             sign_in, axe_violations, browser_problems: list[str],
                             path: str):
    _add_people(app, editor_district)
    sign_in()
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations() == []
    assert browser_problems == []
