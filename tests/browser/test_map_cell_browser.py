"""Moving a dot with quick arrow presses, in a real browser: presses made while the first
move is still on its way all count (two presses, two cells), each move is sent with the
version the one before returned, and after a conflict the presses made meanwhile are
dropped rather than sent against data someone else changed."""

import re
import time

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, Route, expect

from app import tenancy
from app.extensions import db
from app.models import Assessment, Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text

pytestmark = pytest.mark.browser

NAME = "Pat Parent"


def _parent(app, district_id: int, influence: int = 1, interest: int = 4) -> int:
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name=NAME, group="parent", kind="person")
        rate(db.session, s, Ratings(influence, interest, "neutral", "supportive",
                                    False, True, False), by_user_id=None)
        refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def _stored(app, district_id: int, stakeholder_id: int) -> tuple[int, int, list[str]]:
    """(influence, interest, notes of the rating history) as the database has them."""
    with app.app_context(), tenancy.district_context(district_id):
        s = db.session.get(Stakeholder, stakeholder_id)
        notes = db.session.scalars(sa.select(Assessment.note)
                                   .where(Assessment.stakeholder_id == stakeholder_id)
                                   .order_by(Assessment.id)).all()
        return s.influence, s.interest, list(notes)


class HeldMoves:
    """The map's move requests: the first is held back (its answer is late) until
    `release`; the posted versions are recorded."""

    def __init__(self, page: Page):
        self.page = page
        self.held: list[Route] = []
        self.versions: list[str] = []
        self.holding = True
        page.route(re.compile(r"/map/stakeholders/\d+/move"), self._on_move)

    def _on_move(self, route: Route) -> None:
        fields = dict(pair.split("=", 1) for pair in (route.request.post_data or "").split("&"))
        self.versions.append(fields.get("version", ""))
        if self.holding:
            self.held.append(route)
        else:
            route.continue_()

    def wait_for_first(self) -> None:
        deadline = time.monotonic() + 5
        while not self.held and time.monotonic() < deadline:
            self.page.wait_for_timeout(20)
        assert self.held, "the first arrow press sent no move"

    def release(self) -> None:
        self.holding = False
        for route in self.held:
            route.continue_()
        self.held.clear()


def test_quick_arrow_presses_all_count_but_none_after_a_conflict(
    app, page: Page, live_server: str, editor_district: int, sign_in,
    browser_problems: list[str],
):
    sid = _parent(app, editor_district, influence=1, interest=4)
    sign_in()
    page.goto(f"{live_server}/map/")
    moves = HeldMoves(page)
    dot = page.locator(f"#map-dot-{sid}")
    dot.focus()
    expect(dot).to_be_focused()

    # Two presses, the second before the first move's answer has arrived: two cells up.
    page.keyboard.press("ArrowUp")
    moves.wait_for_first()
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(200)
    assert len(moves.versions) == 1, "a second move was sent before the first was answered"
    moves.release()

    status = page.locator("#map-status")
    expect(status).to_have_text(f"{NAME} moved to Key players: influence 3, interest 4")
    dot = page.locator(f"#map-dot-{sid}")
    expect(dot).to_have_attribute("data-influence", "3")
    expect(dot).to_be_focused()
    influence, interest, notes = _stored(app, editor_district, sid)
    assert (influence, interest) == (3, 4), "the second press was lost"
    assert notes[1:] == ["Moved on the map", "Moved on the map"]
    assert moves.versions[0] != moves.versions[1], "the second move reused a stale version"

    # Two quick presses again, but a colleague re-rates them before the first lands: it
    # is refused, and the second press is dropped, not sent against their rating.
    moves.holding = True
    page.keyboard.press("ArrowUp")
    moves.wait_for_first()
    page.keyboard.press("ArrowUp")
    with app.app_context(), tenancy.district_context(editor_district):
        s = db.session.get(Stakeholder, sid)
        rate(db.session, s, Ratings.of(s).replace(interest=1), by_user_id=None)
        db.session.commit()
    moves.release()

    expect(status).to_have_text(re.compile(f"Someone else changed {NAME} first, so it was not"))
    expect(page.locator(f"#map-dot-{sid}")).to_have_attribute("data-interest", "1")
    page.wait_for_timeout(300)
    assert len(moves.versions) == 3, "a press made during the refused move was sent anyway"
    assert _stored(app, editor_district, sid)[:2] == (3, 1), "the colleague's rating stays"
    # The browser logs the 409 answer itself; nothing else may go wrong.
    assert [p for p in browser_problems if "status of 409" not in p] == []
