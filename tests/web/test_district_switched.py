"""A page of one district, sent after the user switched to another in a second tab.

Without a check, "Add stakeholder" on a page of Northwood would add to Riverside (the
session's district by then). Pages say which district they were drawn for; a write
naming another one is refused with a page that says so and offers to switch back.
"""

import re

import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import Stakeholder


def _in_two_districts(client, auth, make_user, district, other_district) -> None:
    """Signed in to both; the session now works in `other_district` (the second tab's
    switch), while the test posts as from a page of `district`."""
    make_user("two@example.org", "editor", district, other_district)
    auth.login("two@example.org")
    page = client.get("/")
    assert f'data-district="{district.id}"' in page.text, "pages say their district"
    assert f'"X-Groundwork-District": "{district.id}"' in page.text
    client.post(f"/districts/{other_district.id}/switch", data={"csrf_token": auth.csrf()})


def _new_ana(token: str, **extra) -> dict:
    """The "Add stakeholder" form for Ana Ruiz, as a page would send it."""
    return {"csrf_token": token, "name": "Ana Ruiz", "kind": "person", "group": "parent",
            "influence": "3", "interest": "3", "engagement_current": "neutral",
            "engagement_desired": "supportive", **extra}


def _names(app, district) -> list[str]:
    with app.app_context(), tenancy.district_context(district.id):
        return list(db.session.scalars(sa.select(Stakeholder.name)))


def test_a_form_from_the_other_districts_page_saves_nothing_and_says_why(
    app, client, auth, make_user, district, other_district,
):
    _in_two_districts(client, auth, make_user, district, other_district)
    response = client.post("/stakeholders/new",
                           data=_new_ana(auth.csrf(), _district=str(district.id)))
    assert response.status_code == 412
    text = re.sub(r"\s+", " ", response.text)
    assert "You switched district in another tab" in text
    assert f"That page was for <strong>{district.name}</strong>" in text
    assert f"now working in <strong>{other_district.name}</strong>" in text
    assert f'action="/districts/{district.id}/switch"' in text, "offers to switch back"
    assert _names(app, other_district) == [] and _names(app, district) == []


def test_an_htmx_write_from_the_other_districts_page_is_refused(
    app, client, auth, make_user, district, other_district,
):
    _in_two_districts(client, auth, make_user, district, other_district)
    response = client.post(
        "/stakeholders/new", data=_new_ana(auth.csrf()),
        headers={"HX-Request": "true", "X-Groundwork-District": str(district.id)},
    )
    assert response.status_code == 412
    assert _names(app, other_district) == []


def test_a_page_of_the_current_district_still_saves(
    app, client, auth, make_user, district, other_district,
):
    _in_two_districts(client, auth, make_user, district, other_district)
    response = client.post("/stakeholders/new", data=_new_ana(
        auth.csrf(), _district=str(other_district.id), contact_permitted="y",
        preferred_contact="email"))
    assert response.status_code == 302, response.text[:2000]
    assert _names(app, other_district) == ["Ana Ruiz"]


def test_switching_district_works_from_any_tab(
    client, auth, make_user, district, other_district,
):
    # The switch itself is not refused: the tab still showing Riverside may switch on.
    _in_two_districts(client, auth, make_user, district, other_district)
    response = client.post(f"/districts/{district.id}/switch",
                           data={"csrf_token": auth.csrf(), "_district": str(district.id)},
                           headers={"X-Groundwork-District": "999"}, follow_redirects=True)
    assert f"Now working in {district.name}" in response.text
