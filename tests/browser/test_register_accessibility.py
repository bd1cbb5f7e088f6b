"""The register's pages pass axe-core's checks (WCAG 2.x A and AA) in Chromium
(`axe_violations`, tests/browser/conftest.py).

The pages are drawn with a stakeholder of each kind of mark on the map: a one-letter
group and a two-letter one (the map shows the letter; its label must hold it too, WCAG
2.5.3). The other areas' pages are test_areas_accessibility.py's.
"""

import pytest
from playwright.sync_api import Page

from app import tenancy
from app.extensions import db
from app.models import Relationship, Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text


def _add_people(app, district_id: int) -> dict[str, int]:
    """A parent, an elected official (two-letter mark) and a business, two of them tied."""
    with app.app_context(), tenancy.district_context(district_id):
        made = {}
        for name, group, kind, ratings in (
            ("Pat Parent", "parent", "person", Ratings(2, 4, "neutral", "supportive",
                                                       False, True, False)),
            ("Eli Official", "elected", "person", Ratings(5, 4, "resistant", "supportive",
                                                         True, True, True)),
            ("Honda Marysville", "business", "organisation", Ratings(4, 2, "unaware",
                                                                     "leading", True, False,
                                                                     False)),
        ):
            s = Stakeholder(name=name, group=group, kind=kind)
            rate(db.session, s, ratings, by_user_id=None)
            refresh_search_text(db.session, s)
            made[name] = s
        db.session.flush()
        a, b = sorted((made["Pat Parent"].id, made["Eli Official"].id))
        db.session.add(Relationship(source_id=a, target_id=b, type="family", strength=3))
        db.session.commit()
        return {name: s.id for name, s in made.items()}


@pytest.mark.parametrize("path", [
    "/stakeholders/",
    "/stakeholders/?q=zzzz",
    "/stakeholders/new",
    "/stakeholders/{pat}",
    "/stakeholders/{pat}/history",
    "/map/",
    "/stakeholders/movement",
])
def test_register_pages_pass_axe(app, page: Page, live_server: str, editor_district: int,
                                 sign_in, axe_violations, browser_problems: list[str],
                                 path: str):
    ids = _add_people(app, editor_district)
    sign_in()
    page.goto(live_server + path.format(pat=ids["Pat Parent"]))
    page.wait_for_load_state("networkidle")  # the detail page fills its cards by htmx
    assert axe_violations() == []
    assert browser_problems == []
