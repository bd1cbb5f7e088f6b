"""Text no database can hold: a NUL character in a search or a form is refused with a
clear 400, never a 500, and nothing is saved.

PostgreSQL refuses NUL in any text value, and SQLite's full-text search stops reading a
phrase at one ("unterminated string"), so both suites catch it at a different place.
"""

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import AuditEvent, Stakeholder
from app.services import stakeholders as svc

NUL = "\x00"
MESSAGE = "can&#39;t be stored"


@pytest.mark.parametrize("url", [
    "/stakeholders/?q=ab%00cd",
    "/stakeholders/?q=ab%00cd&page=2",
    "/stakeholders/search?q=ab%00cd",
    "/map/?q=ab%00cd",
    "/stakeholders/?language=Span%00ish",
])
def test_a_nul_in_a_search_is_a_clear_400(client, login_as, url):
    login_as("viewer")
    response = client.get(url)
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert "NUL" in response.text


def _count(app, district, model) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_nul_in_a_form_saves_nothing(app, client, login_as, auth, district):
    login_as("editor")
    audit_rows = _count(app, district, AuditEvent)
    response = client.post("/stakeholders/new", data={
        "csrf_token": auth.csrf(), "name": f"Ana{NUL} Ruiz", "kind": "person",
        "group": "parent", "influence": "3", "interest": "3",
        "engagement_current": "neutral", "engagement_desired": "supportive",
    })
    assert response.status_code == 400
    assert MESSAGE in response.text
    assert _count(app, district, Stakeholder) == 0
    assert _count(app, district, AuditEvent) == audit_rows


def test_other_control_characters_still_search(app, client, login_as, district):
    # Only NUL is refused: a tab is a space to the search, another control character is
    # just not found.
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name="Abe Cdef")
        svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
                 by_user_id=None)
        svc.refresh_search_text(db.session, s)
        db.session.commit()
    login_as("viewer")
    assert "Abe Cdef</a>" in client.get("/stakeholders/?q=abe%09cdef").text
    response = client.get("/stakeholders/?q=ab%01cdef")
    assert response.status_code == 200
    assert "No one matches" in response.text
