"""Review fixes on the champions page: the count follows "Show more", and each suggestion's
"add to outreach list" widget offers lists made since the page loaded and keeps what was
typed or chosen when it comes back with an error."""

import re
from html import unescape

import pytest

from app.extensions import db
from app.models import Stakeholder
from app.services import champions as champion_svc
from app.services import network
from app.services import outreach as outreach_svc
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    champion_svc.clear_cache()
    yield
    champion_svc.clear_cache()


def _supporters(app, district, in_district, n: int) -> list[int]:
    with app.app_context(), in_district(district):
        people = []
        for i in range(n):
            s = Stakeholder(name=f"Supporter {i:02d}", group="educator", kind="person")
            svc.rate(db.session, s, svc.Ratings(3, 3, "supportive", "leading", False, True,
                                                False), by_user_id=None)
            svc.refresh_search_text(db.session, s)
            people.append(s)
        db.session.commit()
        network.run_pending_jobs(db.session)
        return [p.id for p in people]


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/outreach/").text).group(1)


def _count_text(html: str) -> str:
    p = re.search(r'<p id="champion-count"[^>]*>(.*?)</p>', html, re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", p.group(1))).split())


def test_show_more_updates_the_count_of_suggestions_shown(
        app, client, login_as, district, in_district):
    _supporters(app, district, in_district, 30)
    login_as("viewer")
    assert _count_text(client.get("/champions/").text).startswith("Showing 25 of 30")
    more = client.get("/champions/?page=2", headers={**HX, "HX-Target": "champion-more"})
    # The rows come with the count, swapped out of band: it no longer says 25.
    count = re.search(r'<p id="champion-count"[^>]*>', more.text)
    assert count and 'hx-swap-oob="true"' in count.group(0)
    assert _count_text(more.text).startswith("Showing all of 30")
    # ... and it refreshes (after "not a fit") from the page the reader has reached.
    assert 'hx-get="/champions/?page=2"' in count.group(0)


def test_add_widget_offers_a_list_made_from_another_row_when_it_opens(
        app, client, login_as, district, in_district):
    ids = _supporters(app, district, in_district, 2)
    login_as("editor")
    page = client.get("/champions/")
    url = f"/outreach/list-select/{ids[1]}"
    assert f'hx-get="{url}"' in page.text and "toggle from:closest details" in page.text
    done = client.post("/outreach/add", headers={**HX, "HX-Target": f"outreach-add-{ids[0]}"},
                       data={"csrf_token": _csrf(client), "ids": str(ids[0]),
                             "new_list_name": "Spring roundtable"})
    assert done.status_code == 200
    fresh = client.get(url, headers={**HX, "HX-Target": f"oa-{ids[1]}-list"})
    assert fresh.status_code == 200 and "<html" not in fresh.text
    assert fresh.text.lstrip().startswith(f'<select id="oa-{ids[1]}-list"')
    assert "Spring roundtable" in fresh.text
    # The choice already made survives the reload.
    with app.app_context(), in_district(district):
        list_id = outreach_svc.list_named(db.session, "Spring roundtable")
    kept = client.get(f"{url}?outreach_list={list_id}", headers=HX)
    assert f'<option value="{list_id}" selected>' in kept.text


def test_add_widget_error_keeps_the_typed_name_or_chooses_the_existing_list(
        app, client, login_as, district, in_district):
    ids = _supporters(app, district, in_district, 1)
    with app.app_context(), in_district(district):
        lst, _ = outreach_svc.create_list(db.session, name="Spring roundtable")
        db.session.commit()
        list_id = lst.id
    login_as("editor")
    token = _csrf(client)
    headers = {**HX, "HX-Target": f"outreach-add-{ids[0]}"}
    both = client.post("/outreach/add", headers=headers, data={
        "csrf_token": token, "ids": str(ids[0]), "outreach_list": str(list_id),
        "new_list_name": "Autumn visits"})
    assert both.status_code == 422 and "not both" in both.text
    assert 'value="Autumn visits"' in both.text  # what was typed is still there
    assert f'<option value="{list_id}" selected>' in both.text
    taken = client.post("/outreach/add", headers=headers, data={
        "csrf_token": token, "ids": str(ids[0]), "new_list_name": "spring ROUNDTABLE"})
    assert taken.status_code == 422 and "There is already a list named" in taken.text
    # That list is now the one chosen, so pressing Add again puts them on it.
    assert f'<option value="{list_id}" selected>' in taken.text
    assert 'value="spring ROUNDTABLE"' not in taken.text


def test_list_select_is_for_htmx_and_the_district_only(
        app, client, login_as, district, in_district, other_district):
    ids = _supporters(app, district, in_district, 1)
    with app.app_context(), in_district(other_district):
        stranger = Stakeholder(name="Elsewhere", name_key="elsewhere", group="parent",
                               kind="person")
        db.session.add(stranger)
        db.session.commit()
        stranger_id = stranger.id
    login_as("editor")
    assert client.get(f"/outreach/list-select/{stranger_id}", headers=HX).status_code == 404
    plain = client.get(f"/outreach/list-select/{ids[0]}")
    assert plain.status_code == 302
