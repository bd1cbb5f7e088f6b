"""Champion reasons read the engagement log: "met N times this term"."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.models import Interaction, InteractionParticipant, Stakeholder
from app.services import champions as champion_svc
from app.services import stakeholders as svc

TODAY = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # the fall term began on Aug 1


@pytest.fixture(autouse=True)
def _frozen_and_fresh():
    champion_svc.clear_cache()
    with time_machine.travel(TODAY, tick=False):
        yield
    champion_svc.clear_cache()


@pytest.fixture
def maria(app, district, in_district) -> int:
    with app.app_context(), in_district(district):
        s = Stakeholder(name="Maria Leader", group="community")
        svc.rate(db.session, s, svc.Ratings(5, 5, "leading", "leading", True, True, False),
                 by_user_id=None)
        db.session.commit()
        return s.id


def _log(app, district, in_district, stakeholder_id: int, day: date, attended=True) -> None:
    with app.app_context(), in_district(district):
        interaction = Interaction(kind="meeting", title="Coffee", occurred_on=day)
        db.session.add(interaction)
        db.session.flush()
        db.session.add(InteractionParticipant(interaction_id=interaction.id, occurred_on=day,
                                              stakeholder_id=stakeholder_id, attended=attended))
        db.session.commit()


def _reasons(client, stakeholder_id: int) -> str:
    html = client.get("/champions/").text
    start = html.index(f'id="champion-{stakeholder_id}"')
    return html[start:start + 3000]


def test_meetings_this_term_appear_in_the_reasons_and_update_after_a_new_one(
        app, client, login_as, district, in_district, maria):
    login_as("viewer")
    _log(app, district, in_district, maria, date(2026, 7, 30))  # last term: not counted
    _log(app, district, in_district, maria, date(2026, 9, 14))
    assert "met 1 time this term" in _reasons(client, maria)

    _log(app, district, in_district, maria, date(2026, 11, 2))  # the cached ranking patches
    assert "met 2 times this term" in _reasons(client, maria)


def test_invited_but_absent_is_not_a_meeting(app, client, login_as, district, in_district,
                                             maria):
    login_as("viewer")
    _log(app, district, in_district, maria, date(2026, 10, 1), attended=False)
    assert "this term" not in _reasons(client, maria)
