"""The register's pages pass axe-core's checks (WCAG 2.x A and AA) in Chromium.

axe-core is vendored, pinned, in tests/browser/vendor (npm axe-core 4.14.1, MPL-2.0) and
injected through DevTools, which the pages' CSP does not govern. The pages are drawn with
a stakeholder of each kind of mark on the map: a one-letter group and a two-letter one
(the map shows the letter; its label must hold it too, WCAG 2.5.3).
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from app import tenancy
from app.extensions import db
from app.models import Relationship, Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
# What is checked: WCAG 2.0-2.2, levels A and AA, the rules axe runs by default on them.
RUN = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                             "wcag22aa"]},
       "resultTypes": ["violations"]}


def _people(app, district_id: int) -> dict[str, int]:
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


def _violations(page: Page) -> list[str]:
    page.evaluate(AXE)
    found = page.evaluate("options => axe.run(document, options)", RUN)["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} - {v['nodes'][0]['html'][:160]}"
            for v in found]


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
                                 sign_in, browser_problems: list[str], path: str):
    ids = _people(app, editor_district)
    sign_in()
    page.goto(live_server + path.format(pat=ids["Pat Parent"]))
    page.wait_for_load_state("networkidle")  # the detail page fills its cards by htmx
    assert _violations(page) == []
    assert browser_problems == []
