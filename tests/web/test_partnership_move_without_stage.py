"""Pressing "Move" without choosing a stage: without JavaScript the user is sent back to the
page they were on (never left on the POST-only move URL), the message on the card; with
htmx the board or card comes back with the message in place."""

import re

import pytest

from app.extensions import db
from app.models import Partnership, Stakeholder

HX = {"HX-Request": "true"}
NO_STAGE = "Choose the stage to move this partnership to."


@pytest.fixture
def acme(app, district, in_district) -> int:
    with app.app_context(), in_district(district):
        org = Stakeholder(name="Acme Tools", name_key="acme tools", kind="organisation")
        db.session.add(org)
        db.session.flush()
        p = Partnership(organisation_id=org.id, title="Acme mentoring", type="mentoring")
        db.session.add(p)
        db.session.commit()
        return p.id


def _version(app, district, in_district, pid: int) -> int:
    with app.app_context(), in_district(district):
        return db.session.get(Partnership, pid).version


def _stage(app, district, in_district, pid: int) -> str:
    with app.app_context(), in_district(district):
        return db.session.get(Partnership, pid).stage


def _card(html: str, pid: int) -> str:
    return html.split(f'id="partnership-{pid}"')[1].split("</article>")[0]


def _no_stage(auth, app, district, in_district, pid: int, **extra) -> dict:
    return {"csrf_token": auth.csrf(), "stage": "", "note": "",
            "version": _version(app, district, in_district, pid), **extra}


def test_without_javascript_the_board_comes_back_with_the_message_on_the_card(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    response = client.post(f"/partnerships/{acme}/stage", data=_no_stage(
        auth, app, district, in_district, acme, next="/partnerships/?type=mentoring"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/partnerships/?type=mentoring#partnership-{acme}"
    board = client.get(response.headers["Location"])
    assert board.status_code == 200 and "Partnership pipeline" in board.text
    card = _card(board.text, acme)
    assert f'<p class="pcard-message is-error" role="alert">{NO_STAGE}</p>' in card
    assert '<details class="pcard-more" open>' in card, "the stage picker is open again"
    prospect = board.text.split('id="column-prospect"')[1].split("</section>")[0]
    assert f'id="partnership-{acme}"' in prospect
    assert _stage(app, district, in_district, acme) == "prospect"
    assert NO_STAGE not in client.get("/partnerships/?type=mentoring").text, "shown once"


def test_without_javascript_the_stage_list_comes_back_with_the_message(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    response = client.post(f"/partnerships/{acme}/stage", data=_no_stage(
        auth, app, district, in_district, acme, next="/partnerships/list?stage=prospect"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"?stage=prospect#partnership-{acme}")
    listing = client.get(response.headers["Location"])
    assert NO_STAGE in _card(listing.text, acme)


def test_without_javascript_the_record_comes_back_with_the_message_in_the_stage_box(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    response = client.post(f"/partnerships/{acme}/stage", data=_no_stage(
        auth, app, district, in_district, acme, next=f"/partnerships/{acme}"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/partnerships/{acme}#stage"
    record = client.get(response.headers["Location"])
    stage_box = record.text.split('id="stage"')[1].split("</section>")[0]
    assert f'<p class="error" role="alert">{NO_STAGE}</p>' in stage_box


def test_a_card_the_filters_hide_gets_the_message_at_the_top(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    response = client.post(f"/partnerships/{acme}/stage", data=_no_stage(
        auth, app, district, in_district, acme, next="/partnerships/?type=sponsorship"))
    board = client.get(response.headers["Location"])
    flashes = board.text.split('id="flashes"')[1].split("</div>\n")[0]
    assert NO_STAGE in flashes


def test_with_htmx_the_board_is_rerendered_with_the_message_on_the_card(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    response = client.post(f"/partnerships/{acme}/stage?type=mentoring",
                           headers={**HX, "HX-Target": "pipeline-board"},
                           data=_no_stage(auth, app, district, in_district, acme,
                                          next="/partnerships/?type=mentoring"))
    assert response.status_code == 422 and "Location" not in response.headers
    assert response.text.lstrip().startswith('<div id="pipeline-board"')
    assert NO_STAGE in _card(response.text, acme)
    assert "partnerships-changed" not in response.headers.get("HX-Trigger", "")


def test_with_htmx_a_single_card_comes_back_with_the_message(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    response = client.post(f"/partnerships/{acme}/stage",
                           headers={**HX, "HX-Target": f"partnership-{acme}"},
                           data=_no_stage(auth, app, district, in_district, acme,
                                          next="/partnerships/list?stage=prospect"))
    assert response.status_code == 422
    assert re.match(rf'\s*<article id="partnership-{acme}"', response.text)
    assert NO_STAGE in response.text
    assert _stage(app, district, in_district, acme) == "prospect"
