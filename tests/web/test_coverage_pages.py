"""Coverage: the table (seats), the seat panel on profiles, the coverage picture and the
best champions per gap; roles, isolation, CSRF and inert names."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from app import tenancy
from app.domain import coverage as domain
from app.extensions import db
from app.models import (
    AuditEvent,
    Relationship,
    School,
    Stakeholder,
    StakeholderLanguage,
    TableSeat,
)
from app.services import champions as champion_svc
from app.services import coverage as coverage_svc
from app.services import coverage_counts
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"
XSS_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
HX_ATTR = '" hx-get="/x'


@pytest.fixture(autouse=True)
def _fresh_caches():
    coverage_svc.clear_cache()
    champion_svc.clear_cache()
    yield
    coverage_svc.clear_cache()
    champion_svc.clear_cache()


def _add(name, group, engagement="neutral", influence=2, interest=3, schools=(), languages=(),
         last_contact=None) -> Stakeholder:
    s = Stakeholder(name=name, group=group, kind="person", last_contact_at=last_contact)
    svc.rate(db.session, s, svc.Ratings(influence, interest, engagement, "leading", False, True,
                                        False), by_user_id=None)
    if schools or languages:
        svc.set_labels(db.session, s, schools=list(schools), languages=list(languages))
    svc.refresh_search_text(db.session, s)
    return s


def _tie(a: Stakeholder, b: Stakeholder, strength: int = 2) -> None:
    db.session.add(Relationship(source_id=min(a.id, b.id), target_id=max(a.id, b.id),
                                strength=strength))


def _seat(s: Stakeholder, body="visioning_team", role="Member", since=None) -> TableSeat:
    seat = TableSeat(stakeholder_id=s.id, body=body, role=role, since=since)
    db.session.add(seat)
    db.session.flush()
    return seat


def _build_town() -> dict[str, int]:
    """Ed the educator sits at the table. Parents (Spanish-speaking, Northwood) have no
    seat; Maria (leading, influential) and Connie (supportive) know them; Nate (neutral)
    and Rita (resistant) know them too but are no champions; Bob knows only a business."""
    now = datetime.now(UTC)
    north = "Northwood Elementary"
    ed = _add("Ed Educator", "educator", "supportive", 3, schools=["Southside Middle"],
              languages=["English"], last_contact=now - timedelta(days=5))
    pilar = _add("Pilar Parent", "parent", schools=[north], languages=["Spanish"])
    pedro = _add("Pedro Parent", "parent", schools=[north], languages=["Spanish"])
    acme = _add("Acme Tools", "business", last_contact=now - timedelta(days=10))
    maria = _add("Maria Leader", "community", "leading", 5, 5)
    connie = _add("Connie Supporter", "faith", "supportive", 3)
    nate = _add("Nate Neutral", "community", "neutral", 5)
    rita = _add("Rita Resistant", "elected", "resistant", 5)
    bob = _add("Bob Business", "business", "supportive", 4)
    for champion in (maria, nate, rita):
        _tie(champion, pilar, 3)
    _tie(maria, pedro, 3)
    _tie(connie, pilar, 1)
    _tie(bob, acme, 2)
    seat = _seat(ed, "visioning_team", "Chair", datetime(2024, 3, 1, tzinfo=UTC))
    db.session.flush()
    named = {"ed": ed, "pilar": pilar, "pedro": pedro, "acme": acme, "maria": maria,
             "connie": connie, "nate": nate, "rita": rita, "bob": bob}
    ids = {key: s.id for key, s in named.items()}
    ids["seat"] = seat.id
    return ids


@pytest.fixture
def town(app, district, in_district):
    with app.app_context(), in_district(district):
        ids = _build_town()
        db.session.commit()
    return ids


def _count(app, d, model, *where) -> int:
    with app.app_context(), tenancy.district_context(d.id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _block(html: str, element_id: str, tag: str) -> str:
    """The HTML of the element with this id, up to its closing tag (no nesting of `tag`)."""
    start = html.index(f'id="{element_id}"')
    return html[start:html.index(f"</{tag}>", start)]


def _gap(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    end = html.find('<li class="card cov-gap', start + 1)
    return html[start:end if end != -1 else len(html)]


# --- The table --------------------------------------------------------------------------------


def test_editor_seats_a_stakeholder_and_the_table_shows_them(app, client, auth, login_as,
                                                             district, town):
    login_as("editor")
    created = (AuditEvent.record_type == "TableSeat", AuditEvent.action == "create")
    before = _count(app, district, AuditEvent, *created)
    response = client.post("/coverage/table", data={
        "csrf_token": auth.csrf(), "seat-other_id": town["maria"], "seat-other_name": "Maria",
        "seat-body": "advisory_board", "seat-role": "Co-chair", "seat-since": "2024-03-05"})
    assert response.status_code == 302
    page = client.get("/coverage/table").text
    assert "Maria Leader now sits on the Advisory board as Co-chair since Mar 2024." in page
    board = _block(page, "body-advisory_board", "section")
    assert "Maria Leader" in board and "Co-chair" in board and "Mar 2024" in board
    assert "Ed Educator" in _block(page, "body-visioning_team", "section")
    assert _count(app, district, AuditEvent, *created) == before + 1


def test_adding_a_seat_with_htmx_returns_only_the_table(client, auth, login_as, town):
    login_as("editor")
    response = client.post("/coverage/table", headers={**HX, "HX-Target": "coverage-table"},
                           data={"csrf_token": auth.csrf(), "seat-other_id": town["connie"],
                                 "seat-other_name": "Connie", "seat-body": "visioning_team",
                                 "seat-role": "Member"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<div id="coverage-table"')
    assert "Connie Supporter now sits on the Visioning team as Member." in response.text
    assert response.headers["HX-Trigger"] == "coverage-changed"


def test_seating_someone_twice_on_a_body_is_refused_with_a_clear_message(app, client, auth,
                                                                          login_as, district,
                                                                          town):
    login_as("editor")
    response = client.post("/coverage/table", headers={**HX, "HX-Target": "coverage-table"},
                           data={"csrf_token": auth.csrf(), "seat-other_id": town["ed"],
                                 "seat-other_name": "Ed Educator", "seat-body": "visioning_team",
                                 "seat-role": "Member"})
    assert response.status_code == 422
    assert ("Ed Educator already sits on the Visioning team as Chair since Mar 2024. "
            "Change that seat&#39;s role instead.") in response.text
    assert _count(app, district, TableSeat) == 1


def test_an_unknown_name_is_reported_with_the_other_errors(client, auth, login_as, town):
    login_as("editor")
    response = client.post("/coverage/table", headers={**HX, "HX-Target": "coverage-table"},
                           data={"csrf_token": auth.csrf(), "seat-other_name": "Nobody Atall",
                                 "seat-body": "visioning_team", "seat-role": ""})
    assert response.status_code == 422
    assert "Give their role, for example Chair or Member." in response.text
    assert "Nobody Atall" in response.text and "No stakeholder" in response.text


def test_a_typed_name_works_without_javascript(app, client, auth, login_as, district, town):
    login_as("editor")
    response = client.post("/coverage/table", data={
        "csrf_token": auth.csrf(), "seat-other_name": "bob business",
        "seat-body": "visioning_team", "seat-role": "Member"})
    assert response.status_code == 302
    assert _count(app, district, TableSeat, TableSeat.stakeholder_id == town["bob"]) == 1


def test_an_ambiguous_name_offers_the_matches_to_pick_from(app, client, auth, login_as,
                                                           district, town, in_district):
    with app.app_context(), in_district(district):
        twins = [_add("Sam Lee", "parent").id, _add("Sam Lee", "business").id]
        db.session.commit()
    login_as("editor")
    data = {"csrf_token": auth.csrf(), "seat-other_name": "Sam Lee",
            "seat-body": "advisory_board", "seat-role": "Member"}
    response = client.post("/coverage/table", data=data)
    assert response.status_code == 422
    assert "More than one stakeholder is called “Sam Lee”; choose one below." in response.text
    for sid in twins:
        assert f'name="seat-pick" value="{sid}"' in response.text
    assert client.post("/coverage/table", data={**data, "seat-pick": twins[1]}).status_code == 302
    assert _count(app, district, TableSeat, TableSeat.stakeholder_id == twins[1]) == 1


def test_an_unknown_name_says_so_and_seats_nobody(app, client, auth, login_as, district, town):
    login_as("editor")
    response = client.post("/coverage/table", data={
        "csrf_token": auth.csrf(), "seat-other_name": "Zed Nobody",
        "seat-body": "visioning_team", "seat-role": "Member"})
    assert response.status_code == 422
    assert "No stakeholder is called “Zed Nobody”" in response.text
    assert _count(app, district, TableSeat) == 1


def test_a_role_is_required(client, auth, login_as, town):
    login_as("editor")
    response = client.post("/coverage/table", data={
        "csrf_token": auth.csrf(), "seat-other_id": town["maria"], "seat-other_name": "Maria",
        "seat-body": "visioning_team", "seat-role": "  "})
    assert response.status_code == 422
    assert "Give their role, for example Chair or Member." in response.text


def test_editor_changes_a_seats_role(app, client, auth, login_as, district, town):
    login_as("editor")
    seat = town["seat"]
    response = client.post(f"/coverage/seats/{seat}",
                           headers={**HX, "HX-Target": "coverage-table"},
                           data={"csrf_token": auth.csrf(), f"seat-{seat}-role": "Member",
                                 f"seat-{seat}-since": "2025-01-10"})
    assert response.status_code == 200
    row = _block(response.text, f"seat-{seat}", "tr")
    assert 'class="seat-role">Member<' in row and "Jan 2025" in row
    assert _count(app, district, AuditEvent, AuditEvent.record_type == "TableSeat",
                  AuditEvent.action == "update") == 1


def test_changing_a_role_to_nothing_keeps_the_row_open_with_the_message(client, auth, login_as,
                                                                        town):
    login_as("editor")
    seat = town["seat"]
    response = client.post(f"/coverage/seats/{seat}",
                           headers={**HX, "HX-Target": "coverage-table"},
                           data={"csrf_token": auth.csrf(), f"seat-{seat}-role": ""})
    assert response.status_code == 422
    row = _block(response.text, f"seat-{seat}", "tr")
    assert '<details class="seat-edit" open>' in row
    assert "Give their role" in row


def test_editor_removes_a_seat_from_the_table(app, client, auth, login_as, district, town):
    login_as("editor")
    response = client.post(f"/coverage/seats/{town['seat']}/delete",
                           headers={**HX, "HX-Target": "coverage-table"},
                           data={"csrf_token": auth.csrf()})
    assert response.status_code == 200
    assert "Ed Educator no longer sits on the Visioning team." in response.text
    assert "Nobody sits on the visioning team yet." in response.text
    assert _count(app, district, TableSeat) == 0
    assert _count(app, district, AuditEvent, AuditEvent.record_type == "TableSeat",
                  AuditEvent.action == "delete") == 1


def test_remove_buttons_ask_for_confirmation(client, login_as, town):
    login_as("editor")
    page = client.get("/coverage/table").text
    assert 'data-confirm="Remove Ed Educator from the visioning team?"' in page
    panel = client.get(f"/coverage/stakeholders/{town['ed']}/panel").text
    assert 'data-confirm="Remove Ed Educator from the visioning team?"' in panel


# --- The panel on a profile --------------------------------------------------------------------


def test_panel_is_a_card_for_htmx_and_a_page_without_it(client, login_as, town):
    login_as("viewer")
    url = f"/coverage/stakeholders/{town['ed']}/panel"
    fragment = client.get(url, headers={**HX, "HX-Target": "coverage-panel"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<section id="coverage-panel" class="card')
    assert "Visioning team</strong> — Chair since" in unescape(fragment.text)
    page = client.get(url)
    assert "<html" in page.text
    assert f'href="/stakeholders/{town["ed"]}"' in page.text


def test_panel_says_when_someone_has_no_seat(client, login_as, town):
    login_as("viewer")
    text = client.get(f"/coverage/stakeholders/{town['pilar']}/panel", headers=HX).text
    assert "Pilar Parent has no seat on the visioning team or the advisory board." in text
    assert "Add seat" not in text, "viewers see no write controls"


def test_editor_seats_someone_from_their_profile(app, client, auth, login_as, district, town):
    login_as("editor")
    url = f"/coverage/stakeholders/{town['maria']}/seats"
    response = client.post(url, headers={**HX, "HX-Target": "coverage-panel"},
                           data={"csrf_token": auth.csrf(), "coverage-body": "advisory_board",
                                 "coverage-role": "Chair", "coverage-since": "2024-03-02"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Advisory board</strong> — Chair since" in unescape(response.text)
    assert "Mar 2024" in response.text
    assert response.headers["HX-Trigger"] == "coverage-changed"
    again = client.post(url, headers={**HX, "HX-Target": "coverage-panel"},
                        data={"csrf_token": auth.csrf(), "coverage-body": "advisory_board",
                              "coverage-role": "Member"})
    assert again.status_code == 422
    assert "Maria Leader already sits on the Advisory board as Chair" in again.text
    assert _count(app, district, TableSeat, TableSeat.stakeholder_id == town["maria"]) == 1


def test_seating_from_the_profile_without_javascript_returns_to_the_profile(client, auth,
                                                                            login_as, town):
    login_as("editor")
    response = client.post(f"/coverage/stakeholders/{town['maria']}/seats",
                           data={"csrf_token": auth.csrf(), "coverage-body": "visioning_team",
                                 "coverage-role": "Member"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stakeholders/{town['maria']}"


def test_removing_from_the_panel_returns_the_panel(app, client, auth, login_as, district, town):
    login_as("editor")
    response = client.post(f"/coverage/seats/{town['seat']}/delete",
                           headers={**HX, "HX-Target": "coverage-panel"},
                           data={"csrf_token": auth.csrf(),
                                 "next": f"/stakeholders/{town['ed']}"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="coverage-panel"')
    assert "Ed Educator has no seat" in response.text
    assert _count(app, district, TableSeat) == 0


def test_removing_without_javascript_goes_back_to_the_page_it_came_from(client, auth, login_as,
                                                                        town):
    login_as("editor")
    response = client.post(f"/coverage/seats/{town['seat']}/delete",
                           data={"csrf_token": auth.csrf(),
                                 "next": f"/stakeholders/{town['ed']}"})
    assert response.headers["Location"] == f"/stakeholders/{town['ed']}"
    other = client.post(f"/coverage/seats/{town['seat']}/delete",
                        data={"csrf_token": auth.csrf()})
    assert other.status_code == 404


# --- The coverage picture ----------------------------------------------------------------------


def test_picture_shows_a_seated_group_represented_and_an_unseated_one_missing(client, login_as,
                                                                              town):
    login_as("viewer")
    page = client.get("/coverage/")
    assert page.status_code == 200
    html = page.text
    educator = _block(html, "cov-group-educator", "tr")
    parent = _block(html, "cov-group-parent", "tr")
    assert "is-represented" in educator and "At the table" in educator
    assert "is-missing" in parent and "No seat" in parent
    assert "<svg" in parent and "Parent/family: 0 supportive or leading of 2 mapped" in parent
    assert "1<span class=\"cov-of\"> of 13</span>" in html  # groups at the table ("other" not)


def test_picture_flags_no_champion_and_no_recent_contact(client, login_as, town):
    login_as("viewer")
    html = client.get("/coverage/").text
    parent = _block(html, "cov-group-parent", "tr")
    assert "No champion" in parent and "No contact in 90 days" in parent
    business = _block(html, "cov-group-business", "tr")
    assert "No champion" not in business, "Bob is a supportive business"
    assert "No contact in 90 days" not in business, "Acme was contacted 10 days ago"


def test_schools_and_languages_show_who_has_a_voice(client, login_as, town):
    login_as("viewer")
    html = client.get("/coverage/").text
    schools = _block(html, "coverage-school", "section")
    assert "Northwood Elementary" in schools and "Southside Middle" in schools
    languages = _block(html, "coverage-language", "section")
    english = languages[languages.index("English") - 400:languages.index("English") + 1500]
    assert "At the table" in english.split("</tr>")[0] or "At the table" in english
    spanish_gap = _gap(html, html[html.index('id="gap-language-'):].split('"')[1])
    assert "Spanish" in spanish_gap


def test_a_school_nobody_connects_to_any_more_is_not_a_gap(app, client, login_as, district,
                                                           in_district, town):
    """Pilar and Pedro move from Northwood to Lakeside: the Northwood school row stays
    behind, with nobody in it, and is no longer a school of the district's to seat."""
    with app.app_context(), in_district(district):
        for key in ("pilar", "pedro"):
            svc.set_labels(db.session, db.session.get(Stakeholder, town[key]),
                           schools=["Lakeside Elementary"])
        db.session.commit()
        assert "Northwood Elementary" in db.session.scalars(sa.select(School.name)).all()
    login_as("viewer")
    html = client.get("/coverage/").text
    schools = _block(html, "coverage-school", "section")
    assert "Northwood Elementary" not in schools and "Lakeside Elementary" in schools
    assert "<strong>1</strong> of 2 at the table" in schools, "Southside and Lakeside"
    gaps = _block(html, "coverage-gaps-title", "section")
    assert "Northwood Elementary" not in gaps and "Lakeside Elementary" in gaps


def test_best_champions_per_gap_are_engaged_people_tied_into_it_ranked_by_score(client,
                                                                               login_as, town):
    login_as("viewer")
    html = client.get("/coverage/").text
    gap = _gap(html, "gap-group-parent")
    ids = [int(i) for i in re.findall(r'data-champion="(\d+)"', gap)]
    assert ids == [town["maria"], town["connie"]]
    assert "Leading supporter" in gap and "influence 5" in gap
    assert "reaches 2 parents/families" in gap
    assert "reaches 1 parent/family" in gap
    assert f'href="/stakeholders/{town["maria"]}"' in gap
    assert 'href="/stakeholders/?group=parent"' in gap
    business = _gap(html, "gap-group-business")
    assert [int(i) for i in re.findall(r'data-champion="(\d+)"', business)] == [town["bob"]]


def test_a_gap_nobody_engaged_can_reach_says_what_to_do(client, login_as, town):
    login_as("viewer")
    html = client.get("/coverage/").text
    media = _gap(html, "gap-group-media")
    assert "Nobody from Media is in the register yet." in media


def test_coverage_changes_as_soon_as_someone_is_seated(client, auth, login_as, town):
    login_as("editor")
    assert "is-missing" in _block(client.get("/coverage/").text, "cov-group-parent", "tr")
    client.post(f"/coverage/stakeholders/{town['pilar']}/seats",
                data={"csrf_token": auth.csrf(), "coverage-body": "advisory_board",
                      "coverage-role": "Member"})
    html = client.get("/coverage/").text
    assert "is-represented" in _block(html, "cov-group-parent", "tr")
    assert 'id="gap-group-parent"' not in html


def test_with_nobody_seated_the_page_explains_and_still_shows_the_community(app, client,
                                                                            login_as, district,
                                                                            in_district):
    with app.app_context(), in_district(district):
        _add("Sol Supporter", "parent", "supportive", 3)
        db.session.commit()
    login_as("viewer")
    html = client.get("/coverage/").text
    assert ("Add the members of your visioning team and advisory board on The table page"
            in html)
    parent = _block(html, "cov-group-parent", "tr")
    assert "1 of 1" in parent and "No seat" not in parent
    assert 'id="gap-' not in html


def test_the_counts_match_the_person_level_tally(app, district, in_district, town):
    """The GROUP BY queries count what the pure tally counts from every person."""
    with app.app_context(), in_district(district):
        counted, _languages = coverage_counts.community(db.session)
        people = []
        for s in db.session.scalars(sa.select(Stakeholder)):
            people.append(domain.Person(
                s.id, s.group, s.engagement_current, s.last_contact_at,
                frozenset(school.id for school in s.schools),
                frozenset(lang.language for lang in s.languages)))
        assert counted == domain.tally(people)


# --- Roles, isolation, CSRF, inert names -------------------------------------------------------


def _write_requests(town: dict) -> list[tuple[str, dict]]:
    return [
        ("/coverage/table", {"seat-other_id": town["maria"], "seat-other_name": "Maria",
                             "seat-body": "advisory_board", "seat-role": "Member"}),
        (f"/coverage/seats/{town['seat']}", {f"seat-{town['seat']}-role": "Member"}),
        (f"/coverage/seats/{town['seat']}/delete", {}),
        (f"/coverage/stakeholders/{town['maria']}/seats",
         {"coverage-body": "advisory_board", "coverage-role": "Member"}),
    ]


def test_viewer_reads_the_table_but_cannot_change_it(app, client, auth, login_as, district,
                                                     town):
    login_as("viewer")
    page = client.get("/coverage/table")
    assert page.status_code == 200
    assert "Ed Educator" in page.text
    assert "Add a seat" not in page.text and "Change role" not in page.text
    token = auth.csrf()
    for url, data in _write_requests(town):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, url
    assert _count(app, district, TableSeat) == 1
    assert _count(app, district, TableSeat, TableSeat.role == "Chair") == 1


def test_posts_without_csrf_token_are_refused(app, client, login_as, district, town):
    login_as("editor")
    for url, data in _write_requests(town):
        assert client.post(url, data=data).status_code == 400, url
    assert _count(app, district, TableSeat) == 1
    assert _count(app, district, TableSeat, TableSeat.role == "Chair") == 1


def test_another_districts_ids_are_404_and_nothing_changes(app, client, auth, login_as,
                                                          district, other_district, town):
    with app.app_context(), tenancy.district_context(other_district.id):
        theirs = _add("Their Member", "business", "leading", 5)
        their_seat = _seat(theirs, "advisory_board", "Chair").id
        theirs_id = theirs.id
        db.session.commit()
    login_as("admin")
    token = auth.csrf()
    audit_before = _count(app, district, AuditEvent)
    their_audit_before = _count(app, other_district, AuditEvent)
    assert client.get(f"/coverage/stakeholders/{theirs_id}/panel").status_code == 404
    assert client.get(f"/coverage/stakeholders/{theirs_id}/panel",
                      headers=HX).status_code == 404
    for url, data in (
            (f"/coverage/stakeholders/{theirs_id}/seats",
             {"coverage-body": "visioning_team", "coverage-role": "Member"}),
            (f"/coverage/seats/{their_seat}", {f"seat-{their_seat}-role": "Member"}),
            (f"/coverage/seats/{their_seat}/delete", {})):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    # An id of theirs in a form is "not found" too.
    response = client.post("/coverage/table", data={
        "csrf_token": token, "seat-other_id": theirs_id, "seat-other_name": "Their Member",
        "seat-body": "visioning_team", "seat-role": "Member"})
    assert response.status_code == 422
    assert "We couldn&#39;t find that stakeholder" in response.text
    assert _count(app, other_district, TableSeat) == 1
    assert _count(app, other_district, TableSeat, TableSeat.role == "Chair") == 1
    assert _count(app, district, TableSeat) == 1
    assert _count(app, district, AuditEvent) == audit_before
    assert _count(app, other_district, AuditEvent) == their_audit_before
    for page in (client.get("/coverage/").text, client.get("/coverage/table").text):
        assert "Their Member" not in page


def test_hostile_names_render_inert_everywhere_including_the_svg(app, client, auth, login_as,
                                                                 district, in_district, town):
    with app.app_context(), in_district(district):
        evil = _add(XSS + HX_ATTR, "parent", "leading", 5, schools=[XSS],
                    languages=[XSS[:40]])
        _tie(evil, db.session.get(Stakeholder, town["pedro"]))
        _seat(evil, "advisory_board", XSS[:80])
        evil_id = evil.id
        db.session.commit()
        assert db.session.scalar(sa.select(StakeholderLanguage.language)
                                 .where(StakeholderLanguage.stakeholder_id == evil_id))
    login_as("editor")
    client.post("/coverage/table", data={"csrf_token": auth.csrf(), "seat-other_name": XSS,
                                         "seat-body": "visioning_team", "seat-role": "Member"})
    pages = [client.get("/coverage/"), client.get("/coverage/table"),
             client.get(f"/coverage/stakeholders/{evil_id}/panel"),
             client.get(f"/coverage/stakeholders/{evil_id}/panel", headers=HX),
             client.post("/coverage/table", data={
                 "csrf_token": auth.csrf(), "seat-other_name": XSS[:20],
                 "seat-body": "visioning_team", "seat-role": "Member"})]
    for page in pages:
        assert "<img" not in page.text
        assert XSS_ESCAPED in page.text
        assert 'hx-get="/x' not in page.text
    picture = pages[0].text
    svg_titles = re.findall(r"<title>(.*?)</title>", picture)
    assert any(t.startswith(XSS_ESCAPED) for t in svg_titles), "school name in the SVG title"


def test_gaps_past_the_walk_are_found_by_their_own_query(app, district, in_district, town,
                                                         monkeypatch):
    """Walking only the top candidate, the rest of each gap's champions come from one
    grouped query per gap, in the same order."""
    with app.app_context(), in_district(district):
        full = coverage_svc.report(db.session, district.id)
        coverage_svc.clear_cache()
        monkeypatch.setattr(coverage_svc, "WALK_FIRST", 1)
        monkeypatch.setattr(coverage_svc, "WALK_MAX", 1)
        narrow = coverage_svc.report(db.session, district.id)
        assert narrow.unresolved == frozenset()

        def ids(report, key):
            return [s.candidate.id for s in report.champions[key]]

        assert ids(narrow, ("group", "parent")) == ids(full, ("group", "parent")) \
            == [town["maria"], town["connie"]]
        assert ids(narrow, ("group", "business")) == [town["bob"]]


def test_gaps_beyond_the_query_cap_point_to_the_champion_finder(client, login_as, town,
                                                                monkeypatch):
    monkeypatch.setattr(coverage_svc, "WALK_FIRST", 1)
    monkeypatch.setattr(coverage_svc, "WALK_MAX", 1)
    monkeypatch.setattr(coverage_svc, "FALLBACK_GAPS", 0)
    login_as("viewer")
    html = client.get("/coverage/").text
    business = _gap(html, "gap-group-business")
    assert "Too many gaps to look for champions for all of them here." in business


def test_the_report_is_reused_until_something_changes(app, district, in_district, town):
    with app.app_context(), in_district(district):
        first = coverage_svc.report(db.session, district.id)
        assert coverage_svc.report(db.session, district.id) is first
        db.session.delete(db.session.get(TableSeat, town["seat"]))
        db.session.commit()
        assert coverage_svc.report(db.session, district.id) is not first


def test_a_since_date_in_the_future_is_refused(app, client, auth, login_as, district, town):
    login_as("editor")
    response = client.post(f"/coverage/stakeholders/{town['maria']}/seats",
                           headers={**HX, "HX-Target": "coverage-panel"},
                           data={"csrf_token": auth.csrf(), "coverage-body": "advisory_board",
                                 "coverage-role": "Chair", "coverage-since": "2999-01-01"})
    assert response.status_code == 422
    assert "The date they joined can&#39;t be in the future." in response.text
    assert _count(app, district, TableSeat, TableSeat.stakeholder_id == town["maria"]) == 0
