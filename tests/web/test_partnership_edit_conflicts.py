"""Editing a partnership someone else saved meanwhile: the refused form keeps what the user
changed, shows the saved value of what they left alone (a stage move on the board above
all), says what changed, and saving again does not undo the other person's change."""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Partnership, PartnershipStageChange, Stakeholder

HX = {"HX-Request": "true"}
PASSWORD = "another horse battery"  # noqa: S105 - test fixture


class _FormFields(HTMLParser):
    """The values a browser would submit from the page's partnership form."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "partnership-form" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.removeprefix("\r\n").removeprefix("\n")


def _fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return parser.values


@pytest.fixture
def placement(app, district, in_district) -> int:
    with app.app_context(), in_district(district):
        org = Stakeholder(name="Mercy Hospital", name_key="mercy hospital", kind="organisation")
        db.session.add(org)
        db.session.flush()
        p = Partnership(organisation_id=org.id, title="Clinical placements", stage="prospect",
                        notes="First call in May")
        db.session.add(p)
        db.session.flush()
        db.session.add(PartnershipStageChange(partnership_id=p.id, to_stage="prospect"))
        db.session.commit()
        return p.id


@pytest.fixture
def colleague(app, make_user, district):
    """Bea Board, another editor, signed in on her own browser (client)."""
    make_user("bea@example.org", "editor", district, name="Bea Board", password=PASSWORD)
    other = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      other.get("/login").text).group(1)
    signed_in = other.post("/login", data={"email": "bea@example.org", "password": PASSWORD,
                                           "csrf_token": token})
    assert signed_in.status_code == 302
    page = other.get("/partnerships/").text  # the session, so the token, is new
    other.token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    return other


def _stored(app, district, in_district, pid: int) -> Partnership:
    with app.app_context(), in_district(district):
        p = db.session.get(Partnership, pid)
        db.session.expunge(p)
        return p


def _moves(app, district, in_district, pid: int) -> list[tuple[str, str]]:
    with app.app_context(), in_district(district):
        return db.session.execute(
            sa.select(PartnershipStageChange.from_stage, PartnershipStageChange.to_stage)
            .where(PartnershipStageChange.partnership_id == pid)
            .order_by(PartnershipStageChange.id)).tuples().all()


def test_saving_again_after_a_conflict_keeps_the_colleagues_stage_move(
        app, client, login_as, colleague, district, in_district, placement):
    login_as("editor")
    loaded = _fields(client.get(f"/partnerships/{placement}/edit").text)
    assert loaded["stage"] == "prospect"

    # Bea moves the card on the board while the form is open.
    moved = colleague.post(f"/partnerships/{placement}/stage",
                           headers={**HX, "HX-Target": "pipeline-board"},
                           data={"csrf_token": colleague.token, "stage": "exploring",
                                 "version": loaded["version"]})
    assert moved.status_code == 200

    # The user changed the title and notes, not the stage, and saves.
    mine = {**loaded, "title": "Clinical placements 2026", "notes": "Ask about badges"}
    refused = client.post(f"/partnerships/{placement}/edit", data=mine)
    assert refused.status_code == 409
    assert "Someone else saved this partnership" in refused.text
    assert "Stage: now Exploring (moved by Bea Board)" in refused.text
    shown = _fields(refused.text)
    assert shown["stage"] == "exploring", "the form shows the stage saved now"
    assert shown["title"] == "Clinical placements 2026" and shown["notes"] == "Ask about badges"

    # Saving again, as the form now stands, keeps both people's changes.
    saved = client.post(f"/partnerships/{placement}/edit", data=shown)
    assert saved.status_code == 302
    p = _stored(app, district, in_district, placement)
    assert (p.stage, p.title, p.notes) == ("exploring", "Clinical placements 2026",
                                           "Ask about badges")
    assert _moves(app, district, in_district, placement) == [("", "prospect"),
                                                             ("prospect", "exploring")]
    page = client.get(f"/partnerships/{placement}")
    assert "Clinical placements 2026" in page.text and "Ask about badges" in page.text


def test_a_stage_the_user_chose_is_kept_and_the_clash_is_explained(
        app, client, login_as, colleague, district, in_district, placement):
    login_as("editor")
    loaded = _fields(client.get(f"/partnerships/{placement}/edit").text)
    colleague.post(f"/partnerships/{placement}/stage",
                   data={"csrf_token": colleague.token, "stage": "exploring",
                         "version": loaded["version"], "next": "/partnerships/"})
    refused = client.post(f"/partnerships/{placement}/edit", data={**loaded, "stage": "active"})
    assert refused.status_code == 409
    assert "You both changed" in refused.text
    assert "Stage: saved as Exploring (moved by Bea Board); yours is kept" in refused.text
    shown = _fields(refused.text)
    assert shown["stage"] == "active"
    assert client.post(f"/partnerships/{placement}/edit", data=shown).status_code == 302
    assert _stored(app, district, in_district, placement).stage == "active"
    assert _moves(app, district, in_district, placement)[-1] == ("exploring", "active")


def test_a_colleagues_rename_survives_when_the_user_changed_only_the_notes(
        app, client, login_as, district, in_district, placement):
    login_as("editor")
    loaded = _fields(client.get(f"/partnerships/{placement}/edit").text)
    with app.app_context(), in_district(district):
        db.session.get(Partnership, placement).title = "Renamed by a colleague"
        db.session.commit()
    refused = client.post(f"/partnerships/{placement}/edit",
                          data={**loaded, "notes": "Typed while they renamed it"})
    assert refused.status_code == 409
    assert "Title: now “Renamed by a colleague”" in refused.text
    shown = _fields(refused.text)
    assert shown["title"] == "Renamed by a colleague"
    assert shown["notes"] == "Typed while they renamed it"
    assert client.post(f"/partnerships/{placement}/edit", data=shown).status_code == 302
    p = _stored(app, district, in_district, placement)
    assert (p.title, p.notes, p.stage) == ("Renamed by a colleague",
                                           "Typed while they renamed it", "prospect")
