"""Stakeholder profiles: create, detail page, edit in place, ratings with history, delete."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import (
    Affiliation,
    Assessment,
    AuditEvent,
    Relationship,
    School,
    Stakeholder,
    Tag,
)
from app.services import stakeholders as svc

RATINGS = svc.Ratings(3, 4, "neutral", "supportive", False, True, False)
HX = {"HX-Request": "true"}
XSS_NAMES = ["<img src=x onerror=alert(1)>", '" hx-get="/x']


def add(app, district, name, kind="person", ratings=RATINGS, **fields) -> int:
    """Create a stakeholder through the services, as the app does."""
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name=name, kind=kind, **fields)
        svc.rate(db.session, s, ratings, by_user_id=None)
        svc.refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def read(app, district, stakeholder_id):
    """The stakeholder as stored (None when gone), detached for assertions."""
    with app.app_context(), tenancy.district_context(district.id):
        s = db.session.get(Stakeholder, stakeholder_id)
        if s is not None:
            _ = (s.tags, s.schools, s.languages, s.owner)
            db.session.expunge(s)
        return s


def count(app, district, model, *where) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def new_form(token, **overrides) -> dict:
    data = {
        "csrf_token": token, "name": "Ana Ruiz", "kind": "person", "group": "parent",
        "sector": "", "email": "ana@example.org", "phone": "(614) 555-0134",
        "website": "https://ana.example.org", "address": "12 Elm St", "city": "Marysville",
        "languages": "spanish, English", "tags": "PTA, STEM", "new_schools": "Northwood Elementary",
        "contact_permitted": "y", "preferred_contact": "phone", "notes": "Runs the PTA.",
        "influence": "4", "interest": "5", "engagement_current": "resistant",
        "engagement_desired": "supportive", "has_power": "y", "has_legitimacy": "y",
        "has_urgency": "y", "note": "Met at the town hall",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_form(token, s: Stakeholder, **overrides) -> dict:
    data = {
        "csrf_token": token, "name": s.name, "kind": s.kind, "group": s.group,
        "sector": s.sector, "email": s.email, "phone": s.phone, "website": s.website,
        "address": s.address, "city": s.city,
        "languages": ", ".join(lang.language for lang in s.languages),
        "tags": ", ".join(t.name for t in s.tags), "new_schools": "",
        "preferred_contact": s.preferred_contact, "owner_id": s.owner_id or "",
        "notes": s.notes, "version": s.version,
    }
    if s.contact_permitted:
        data["contact_permitted"] = "y"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def rating_form(token, version, **overrides) -> dict:
    data = {"csrf_token": token, "rating-influence": "2", "rating-interest": "5",
            "rating-engagement_current": "neutral", "rating-engagement_desired": "leading",
            "rating-has_legitimacy": "y", "rating-note": "After the board meeting",
            "rating-version": version}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- Create ---------------------------------------------------------------------------------


def test_new_stakeholder_form_offers_every_register_field(client, login_as):
    login_as("editor")
    page = client.get("/stakeholders/new")
    assert page.status_code == 200
    for label in ("Name", "Group", "Sector or industry", "Schools or areas", "Languages", "Tags",
                  "Email", "Phone", "Website", "Contact permitted", "Preferred contact method",
                  "Owner", "Notes", "Influence (power)", "Engagement now",
                  "Mendelow power/interest grid", "PMBOK engagement level",
                  "Salience (Mitchell, Agle &amp; Wood)"):
        assert label in page.text, label
    # Not yet rated: low influence and interest (Monitor), not a key player by default.
    for name in ("influence", "interest"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', page.text).group(0)
        assert 'value="2"' in field, field


def test_creating_a_stakeholder_opens_their_page_with_everything_saved(
    app, client, login_as, auth, district
):
    user_id = login_as("editor")
    response = client.post("/stakeholders/new", data=new_form(auth.csrf(), owner_id=user_id))
    assert response.status_code == 302
    sid = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(response.headers["Location"])
    assert "Added Ana Ruiz." in page.text
    assert "<h1>Ana Ruiz</h1>" in page.text
    for text in ("ana@example.org", "+1 614-555-0134", "https://ana.example.org",
                 "12 Elm St, Marysville", "English, Spanish", "PTA", "STEM",
                 "Northwood Elementary", "Runs the PTA.", "Phone"):
        assert text in page.text, text
    # Ratings by the three methods, and the first assessment in the history.
    assert "Key players</strong>: Manage closely." in page.text
    assert "Involve them fully and early" in page.text
    assert "2 steps to go" in page.text
    assert "Definitive</strong>: power, legitimacy and urgency" in page.text
    assert "Met at the town hall" in page.text

    s = read(app, district, sid)
    assert s.phone == "+1 614-555-0134" and s.owner_id == user_id
    assert s.quadrant == "key_players" and s.engagement_gap == 2 and s.salience == "definitive"
    assert "pta" in s.search_text and "marysville" in s.search_text
    with app.app_context(), tenancy.district_context(district.id):
        (assessment,) = db.session.scalars(sa.select(Assessment)).all()
        assert assessment.assessed_by_id == user_id and assessment.stakeholder_id == sid
        events = {(e.action, e.record_type, e.actor_id)
                  for e in db.session.scalars(sa.select(AuditEvent))}
    assert ("create", "Stakeholder", user_id) in events
    assert ("create", "Assessment", user_id) in events


def test_new_stakeholder_reuses_existing_school_and_tag_spellings(
    app, client, login_as, auth, district, in_district
):
    login_as("editor")
    with app.app_context(), in_district(district):
        db.session.add_all([School(name="Northwood Elementary"), Tag(name="PTA")])
        db.session.commit()
        school_id = db.session.scalar(sa.select(School.id))
    page = client.get("/stakeholders/new")
    assert f'value="{school_id}"' in page.text and "Northwood Elementary" in page.text
    response = client.post("/stakeholders/new", data=new_form(
        auth.csrf(), schools=str(school_id), new_schools="northwood elementary, Eastside High",
        tags="pta"))
    sid = int(response.headers["Location"].rsplit("/", 1)[1])
    s = read(app, district, sid)
    assert [x.name for x in s.schools] == ["Eastside High", "Northwood Elementary"]
    assert [t.name for t in s.tags] == ["PTA"]
    assert count(app, district, School) == 2 and count(app, district, Tag) == 1


@pytest.mark.parametrize("invalid", [
    {"email": ("ana@", "Enter an email address like name@example.org."),
     "phone": ("555-01", "Enter a phone number like (614) 555-0134 or +1 614 555 0134"),
     "website": ("javascript:alert(1)",
                 "Enter a web address starting with http:// or https://"),
     "influence": ("6", "Influence runs from 1 to 5.")},
    {"name": ("", "Enter a name."),
     "phone": ("call me", "Enter a phone number like (614) 555-0134 or +1 614 555 0134"),
     "website": ("ftp://files.example.org", "Enter a web address starting with http://"),
     "tags": ("x" * 61, "Each of the tags can be 60 characters at most")},
    {"name": ("x" * 201, "Field cannot be longer than 200 characters."),
     "city": ("x" * 121, "Field cannot be longer than 120 characters.")},
], ids=["contact", "name-and-labels", "lengths"])
def test_invalid_register_fields_are_refused_with_clear_messages(
    app, client, login_as, auth, district, invalid
):
    login_as("editor")
    values = {field: value for field, (value, _message) in invalid.items()}
    response = client.post("/stakeholders/new", data=new_form(auth.csrf(), **values))
    assert response.status_code == 422
    for field, (_value, message) in invalid.items():
        assert message in response.text, field
    assert "Please correct the fields marked below." in response.text
    assert count(app, district, Stakeholder) == 0


def test_phone_is_stored_in_international_format_with_its_extension(
    app, client, login_as, auth, district
):
    login_as("editor")
    response = client.post("/stakeholders/new",
                           data=new_form(auth.csrf(), phone="614.555.0134 ext 12",
                                         website="www.example.org"))
    s = read(app, district, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert s.phone == "+1 614-555-0134 ext. 12"
    assert s.website == "https://www.example.org"


def test_duplicate_name_is_allowed_with_a_warning_linking_the_other(
    app, client, login_as, auth, district
):
    first = add(app, district, "Ana Ruiz", city="Dublin")
    login_as("editor")
    response = client.post("/stakeholders/new", data=new_form(auth.csrf(), name="ana ruiz"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "A stakeholder with this name already exists" in page.text
    assert f'href="/stakeholders/{first}">Ana Ruiz (Dublin)</a>' in page.text


# --- Detail page -----------------------------------------------------------------------------


def test_detail_page_names_the_methods_and_explains_the_ratings(app, client, login_as, district):
    sid = add(app, district, "Honda Marysville", kind="organisation", group="business",
              sector="Manufacturing",
              ratings=svc.Ratings(2, 4, "unaware", "leading", True, True, False))
    login_as("viewer")
    page = client.get(f"/stakeholders/{sid}")
    assert page.status_code == 200
    for text in ("Mendelow power/interest grid", "Keep informed</strong>.",
                 "Tell them regularly how the work is going", "PMBOK engagement level",
                 "4 steps to go", "Salience (Mitchell, Agle & Wood)",
                 "Dominant</strong>: power and legitimacy", "Organisation", "Business",
                 "Manufacturing", "Influence 2 of 5 · interest 4 of 5"):
        assert text in unescape(page.text), text
    assert "Keep informed</strong>: Keep informed" not in page.text  # the name, not twice
    assert 'class="mini-cell quad-keep_informed is-current"' in page.text


def test_do_not_contact_is_shown_prominently(app, client, login_as, district):
    sid = add(app, district, "Opted Out", contact_permitted=False, email="o@example.org")
    login_as("viewer")
    page = client.get(f"/stakeholders/{sid}")
    assert "Do not contact." in page.text
    assert 'class="do-not-contact"' in page.text
    assert "Contact permitted</span>" not in page.text


def test_missing_stakeholder_is_a_friendly_404(client, login_as):
    login_as("viewer")
    response = client.get("/stakeholders/999")
    assert response.status_code == 404 and "Not found" in response.text


def test_rating_history_shows_who_changed_what_newest_first(
    app, client, login_as, make_user, district
):
    sid = add(app, district, "Ana Ruiz",
              ratings=svc.Ratings(3, 3, "resistant", "supportive", False, False, False))
    rater = make_user("rater@example.org", "editor", district, name="Rita Rater")
    with app.app_context(), tenancy.district_context(district.id):
        s = db.session.get(Stakeholder, sid)
        svc.rate(db.session, s, svc.Ratings(4, 2, "neutral", "supportive", False, False, True),
                 by_user_id=rater, note="Came round after the forum")
        db.session.commit()
    login_as("viewer")
    page = client.get(f"/stakeholders/{sid}").text
    history = unescape(page[page.index('id="rating-history"'):])
    assert "Rita Rater" in history
    latest = "influence 3 → 4; interest 3 → 2; engagement resistant → neutral; gained urgency; " \
             "quadrant Key players → Keep satisfied"
    assert latest in history
    assert "Came round after the forum" in history
    assert history.index(latest) < history.index("First rating: influence 3, interest 3")


def test_rating_history_is_capped_with_a_link_to_all_of_it(app, client, login_as, district):
    sid = add(app, district, "Ana Ruiz")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with app.app_context(), tenancy.district_context(district.id):
        for i in range(1, 60):
            level = "neutral" if i % 2 else "supportive"
            db.session.add(Assessment(
                stakeholder_id=sid, assessed_at=start + timedelta(days=i), influence=3,
                interest=4, engagement_current=level, engagement_desired="supportive",
                has_power=False, has_legitimacy=True, has_urgency=False, note=f"check-in {i}"))
        db.session.commit()
    login_as("viewer")
    page = client.get(f"/stakeholders/{sid}").text
    history = page[page.index('id="rating-history"'):]
    assert history.count("<tr>") == 21  # header + 20 assessments
    assert "check-in 59" in history and "check-in 39" not in history
    assert "Show all 60 assessments" in history
    first_page = client.get(f"/stakeholders/{sid}/history").text
    assert "check-in 59" in first_page and "check-in 10" not in first_page
    assert "Page 1 of 2" in first_page
    second = client.get(f"/stakeholders/{sid}/history?page=2").text
    assert "check-in 10" in second and "First rating" in second
    assert "engagement supportive → neutral" in unescape(second)


# --- Edit in place ---------------------------------------------------------------------------


def test_edit_gives_an_htmx_card_fragment_or_a_full_page(app, client, login_as, district):
    sid = add(app, district, "Ana Ruiz", email="ana@example.org")
    login_as("editor")
    fragment = client.get(f"/stakeholders/{sid}/edit", headers=HX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="profile-card"' in fragment.text and f'hx-post="/stakeholders/{sid}"' in \
        fragment.text
    assert 'value="ana@example.org"' in fragment.text
    page = client.get(f"/stakeholders/{sid}/edit")
    assert "<html" in page.text and "Edit profile and contact" in page.text
    assert "hx-post" not in page.text.split('id="profile-card"')[1].split("</form>")[0]


def test_cancel_returns_the_display_card(app, client, login_as, district):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    card = client.get(f"/stakeholders/{sid}", headers={**HX, "HX-Target": "profile-card"})
    assert "<html" not in card.text and "Profile and contact" in card.text
    assert "Edit profile and contact" not in card.text


def test_inline_save_returns_the_display_card_and_refreshes_the_header(
    app, client, login_as, auth, district
):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    s = read(app, district, sid)
    response = client.post(f"/stakeholders/{sid}", headers=HX, data=edit_form(
        auth.csrf(), s, name="Ana Ruiz-Lopez", phone="+44 20 7946 0958", tags="Mentor",
        contact_permitted=None))
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Saved." in response.text and "+44 20 7946 0958" in response.text
    assert 'id="profile-head" hx-swap-oob="true"' in response.text
    assert "<h1>Ana Ruiz-Lopez</h1>" in response.text and "Do not contact." in response.text
    assert "stakeholder-changed" in response.headers["HX-Trigger"]
    saved = read(app, district, sid)
    assert saved.name == "Ana Ruiz-Lopez" and saved.name_key == "ana ruiz-lopez"
    assert saved.contact_permitted is False and "mentor" in saved.search_text
    assert saved.version == s.version + 1


def test_renaming_in_place_renames_the_browser_tab_too(app, client, login_as, auth, district):
    """The tab and the history entry said the old name until the page was reloaded."""
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    response = client.post(f"/stakeholders/{sid}", headers=HX, data=edit_form(
        auth.csrf(), read(app, district, sid), name="Ana <b>Ruiz-Lopez</b>"))
    assert response.status_code == 200
    assert "<title>Ana &lt;b&gt;Ruiz-Lopez&lt;/b&gt; &middot; Groundwork</title>" in response.text


def test_save_without_javascript_redirects_to_the_page(app, client, login_as, auth, district):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    s = read(app, district, sid)
    response = client.post(f"/stakeholders/{sid}", data=edit_form(auth.csrf(), s, city="Dublin"))
    assert response.status_code == 302 and response.headers["Location"] == f"/stakeholders/{sid}"
    assert "Saved changes to Ana Ruiz." in client.get(f"/stakeholders/{sid}").text
    assert read(app, district, sid).city == "Dublin"


def test_edit_errors_come_back_in_the_form_fragment_with_422(
    app, client, login_as, auth, district
):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    s = read(app, district, sid)
    response = client.post(f"/stakeholders/{sid}", headers=HX,
                           data=edit_form(auth.csrf(), s, email="not-an-email", phone="12"))
    assert response.status_code == 422
    assert "<html" not in response.text and 'id="profile-card"' in response.text
    assert "Enter an email address like name@example.org." in response.text
    assert "That is not a complete, valid phone number." in response.text
    full = client.post(f"/stakeholders/{sid}", data=edit_form(auth.csrf(), s, email="x@"))
    assert full.status_code == 422 and "<html" in full.text
    assert read(app, district, sid).email == ""


def test_stale_version_gets_409_and_the_first_save_remains(
    app, client, login_as, auth, district
):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    s = read(app, district, sid)
    first = client.post(f"/stakeholders/{sid}", headers=HX,
                        data=edit_form(auth.csrf(), s, city="First City"))
    assert first.status_code == 200
    # A second user still has the form with the old version open.
    late = client.post(f"/stakeholders/{sid}", headers=HX,
                       data=edit_form(auth.csrf(), s, city="Second City", notes="Met at PTA"))
    assert late.status_code == 409
    assert "Someone else changed this first, so your changes were not saved." in late.text
    assert "<li>City: &ldquo;First City&rdquo;</li>" in late.text, "what is saved instead"
    assert "<li>Notes: &ldquo;empty&rdquo;</li>" in late.text
    assert "Email:" not in late.text, "only the fields that differ are listed"
    assert 'value="Second City"' in late.text and "Met at PTA" in late.text, "nothing typed lost"
    late_full = client.post(f"/stakeholders/{sid}", data=edit_form(auth.csrf(), s, city="Third"))
    assert late_full.status_code == 409 and "Someone else changed this first" in late_full.text
    assert "<html" in late_full.text and 'value="Third"' in late_full.text, "without htmx too"
    assert read(app, district, sid).city == "First City", "the first save remains"
    # Saving again, knowingly, from the form the conflict gave back.
    version = re.search(r"<input[^>]*name=\"version\"[^>]*value=\"(\d+)\"", late.text).group(1)
    again = client.post(f"/stakeholders/{sid}", headers=HX,
                        data=edit_form(auth.csrf(), s, city="Second City", version=version))
    assert again.status_code == 200
    assert read(app, district, sid).city == "Second City"


def test_kind_change_is_refused_while_affiliations_point_the_other_way(
    app, client, login_as, auth, district
):
    org = add(app, district, "Honda", kind="organisation")
    person = add(app, district, "Ana Ruiz")
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(Affiliation(person_id=person, organisation_id=org, title="Engineer"))
        db.session.commit()
    login_as("editor")
    s = read(app, district, org)
    response = client.post(f"/stakeholders/{org}", headers=HX,
                           data=edit_form(auth.csrf(), s, kind="person"))
    assert response.status_code == 422
    assert "Honda has 1 people affiliated with it. Remove those affiliations" in response.text
    assert read(app, district, org).kind == "organisation"


def test_renaming_an_organisation_updates_its_peoples_search_text(
    app, client, login_as, auth, district
):
    org = add(app, district, "Honda", kind="organisation")
    person = add(app, district, "Ana Ruiz")
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(Affiliation(person_id=person, organisation_id=org))
        svc.refresh_search_text(db.session, db.session.get(Stakeholder, person))
        db.session.commit()
    login_as("editor")
    client.post(f"/stakeholders/{org}", data=edit_form(auth.csrf(), read(app, district, org),
                                                      name="Honda Marysville"))
    assert "honda marysville" in read(app, district, person).search_text


# --- Ratings ---------------------------------------------------------------------------------


def test_ratings_form_is_a_fragment_for_htmx_and_a_page_otherwise(
    app, client, login_as, district
):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    fragment = client.get(f"/stakeholders/{sid}/ratings/form", headers=HX)
    assert "<html" not in fragment.text and 'id="ratings-card"' in fragment.text
    assert 'name="rating-influence"' in fragment.text and 'min="1"' in fragment.text
    assert f'hx-post="/stakeholders/{sid}/ratings/save"' in fragment.text
    page = client.get(f"/stakeholders/{sid}/ratings/form")
    assert "<html" in page.text and "Edit ratings" in page.text


def test_saving_ratings_records_an_assessment_and_refreshes_card_and_history(
    app, client, login_as, auth, district
):
    sid = add(app, district, "Ana Ruiz")
    user_id = login_as("editor")
    version = read(app, district, sid).version
    response = client.post(f"/stakeholders/{sid}/ratings/save", headers=HX,
                           data=rating_form(auth.csrf(), version))
    assert response.status_code == 200 and "<html" not in response.text
    assert "Keep informed</strong>." in response.text
    assert "2 steps to go" in response.text
    assert 'id="rating-history" aria-labelledby="rating-history-title" hx-swap-oob="true"' in \
        response.text
    assert "influence 3 → 2" in unescape(response.text)
    assert "After the board meeting" in response.text
    assert "ratings-changed" in response.headers["HX-Trigger"]
    s = read(app, district, sid)
    assert (s.influence, s.quadrant, s.engagement_desired) == (2, "keep_informed", "leading")
    with app.app_context(), tenancy.district_context(district.id):
        latest = db.session.scalars(sa.select(Assessment).order_by(Assessment.id.desc())).first()
    assert latest.assessed_by_id == user_id and latest.note == "After the board meeting"


def test_saving_unchanged_ratings_records_nothing(app, client, login_as, auth, district):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    version = read(app, district, sid).version
    response = client.post(f"/stakeholders/{sid}/ratings/save", headers=HX, data=rating_form(
        auth.csrf(), version, **{"rating-influence": "3", "rating-interest": "4",
                                 "rating-engagement_desired": "supportive"}))
    assert "Nothing changed" in response.text
    assert count(app, district, Assessment) == 1


def test_ratings_without_javascript_redirect_back(app, client, login_as, auth, district):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    version = read(app, district, sid).version
    response = client.post(f"/stakeholders/{sid}/ratings/save",
                           data=rating_form(auth.csrf(), version))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/stakeholders/{sid}#ratings-card"


def test_invalid_ratings_return_the_form_with_422(app, client, login_as, auth, district):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    version = read(app, district, sid).version
    response = client.post(f"/stakeholders/{sid}/ratings/save", headers=HX, data=rating_form(
        auth.csrf(), version, **{"rating-influence": "0", "rating-engagement_current": "angry"}))
    assert response.status_code == 422 and "<html" not in response.text
    assert "Influence runs from 1 to 5." in response.text
    assert "Not a valid choice" in response.text
    assert count(app, district, Assessment) == 1


def test_stale_ratings_get_409_and_the_first_ratings_remain(
    app, client, login_as, auth, district
):
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    version = read(app, district, sid).version
    client.post(f"/stakeholders/{sid}/ratings/save", headers=HX,
                data=rating_form(auth.csrf(), version))
    late = client.post(f"/stakeholders/{sid}/ratings/save", headers=HX, data=rating_form(
        auth.csrf(), version, **{"rating-influence": "5"}))
    assert late.status_code == 409
    assert "Someone else changed these ratings while you were editing" in late.text
    assert read(app, district, sid).influence == 2
    assert count(app, district, Assessment) == 2
    # The form comes back with what was typed, ready to save over theirs on purpose.
    typed = re.search(r'<input[^>]*name="rating-influence"[^>]*>', late.text).group(0)
    assert 'value="5"' in typed
    current = re.search(r'<input[^>]*name="rating-version"[^>]*value="(\d+)"', late.text)
    again = client.post(f"/stakeholders/{sid}/ratings/save", headers=HX, data=rating_form(
        auth.csrf(), int(current.group(1)), **{"rating-influence": "5"}))
    assert again.status_code == 200 and read(app, district, sid).influence == 5


def _hidden(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_saving_the_profile_does_not_refuse_the_open_ratings_editor(
    app, client, login_as, auth, district
):
    # One person, both cards open: the profile saved first moves the record's version,
    # but not the ratings the ratings editor shows, so its save goes ahead (and back).
    sid = add(app, district, "Ana Ruiz")
    login_as("editor")
    ratings = client.get(f"/stakeholders/{sid}/ratings/form", headers=HX).text
    profile = client.get(f"/stakeholders/{sid}/edit", headers=HX).text
    s = read(app, district, sid)
    saved = client.post(f"/stakeholders/{sid}", headers=HX, data=edit_form(
        auth.csrf(), s, notes="Runs the PTA.", seen=_hidden(profile, "seen")))
    assert saved.status_code == 200 and "Saved." in saved.text
    rated = client.post(f"/stakeholders/{sid}/ratings/save", headers=HX, data=rating_form(
        auth.csrf(), _hidden(ratings, "rating-version"), **{
            "rating-seen": _hidden(ratings, "rating-seen"), "rating-influence": "5"}))
    assert rated.status_code == 200, rated.text[:500]
    assert read(app, district, sid).influence == 5

    # The profile form drawn before both saves: its fields did change (the notes), so a
    # save from it is refused as before, with what changed.
    stale = client.post(f"/stakeholders/{sid}", headers=HX, data=edit_form(
        auth.csrf(), s, city="Dayton", seen=_hidden(profile, "seen")))
    assert stale.status_code == 409
    assert read(app, district, sid).city != "Dayton"


# --- Delete ----------------------------------------------------------------------------------


def test_delete_asks_first_and_removes_them_everywhere(app, client, login_as, auth, district):
    ana = add(app, district, "Ana Ruiz")
    ben = add(app, district, "Ben Okafor")
    honda = add(app, district, "Honda", kind="organisation")
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add_all([
            Relationship(source_id=ana, target_id=ben, type="colleague"),
            Relationship(source_id=ben, target_id=honda, type="employment"),
            Affiliation(person_id=ben, organisation_id=honda, title="Engineer"),
        ])
        svc.set_labels(db.session, db.session.get(Stakeholder, ben), tags=["PTA"],
                       languages=["Somali"])
        db.session.commit()
    login_as("editor")
    page = client.get(f"/stakeholders/{ben}").text
    assert ('data-confirm="Delete Ben Okafor? This removes their relationships, affiliations '
            'and rating history. This cannot be undone."') in page
    response = client.post(f"/stakeholders/{ben}/delete", data={"csrf_token": auth.csrf()})
    assert response.status_code == 302 and response.headers["Location"] == "/stakeholders/"
    assert "Deleted Ben Okafor" in client.get("/stakeholders/").text
    assert read(app, district, ben) is None
    assert count(app, district, Relationship) == 0
    assert count(app, district, Affiliation) == 0
    assert count(app, district, Assessment, Assessment.stakeholder_id == ben) == 0
    assert count(app, district, Tag) == 1, "the tag stays for others"
    assert "Ben Okafor" not in client.get(f"/stakeholders/{ana}").text
    assert "Ben Okafor" not in client.get(f"/stakeholders/{honda}").text
    with app.app_context(), tenancy.district_context(district.id):
        deleted = {(e.record_type, e.record_label) for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "delete"))}
    assert ("Stakeholder", "Ben Okafor") in deleted
    assert ("Relationship", "Ana Ruiz – Ben Okafor") in deleted
    assert ("Affiliation", "Ben Okafor") in deleted


# --- Roles, tenancy, CSRF, XSS -----------------------------------------------------------------


def test_viewer_sees_no_edit_controls(app, client, login_as, district):
    ana = add(app, district, "Ana Ruiz")
    ben = add(app, district, "Ben Okafor")
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(Relationship(source_id=ana, target_id=ben))
        db.session.commit()
    login_as("viewer")
    page = client.get(f"/stakeholders/{ana}").text
    for control in ("Edit<", "Edit ratings", "Delete<", "Remove<", "Add a relationship",
                    "Add an organisation", 'method="post" action="/stakeholders'):
        assert control not in page, control
    assert "Ben Okafor" in page


def _post_routes(sid: int, rid: int, aid: int) -> list[str]:
    return [f"/stakeholders/{sid}", f"/stakeholders/{sid}/ratings/save",
            f"/stakeholders/{sid}/delete", f"/stakeholders/{sid}/relationships",
            f"/stakeholders/{sid}/relationships/{rid}",
            f"/stakeholders/{sid}/relationships/{rid}/delete",
            f"/stakeholders/{sid}/affiliations",
            f"/stakeholders/{sid}/affiliations/{aid}/delete",
            f"/stakeholders/{sid}/affiliations/{aid}", "/stakeholders/new"]


def _get_routes(sid: int, rid: int) -> list[str]:
    return [f"/stakeholders/{sid}", f"/stakeholders/{sid}/edit",
            f"/stakeholders/{sid}/ratings/form", f"/stakeholders/{sid}/history",
            f"/stakeholders/{sid}/relationships", f"/stakeholders/{sid}/affiliations",
            f"/stakeholders/{sid}/relationships/{rid}/edit"]


def _linked_pair(app, district):
    person = add(app, district, "Ana Ruiz")
    org = add(app, district, "Honda", kind="organisation")
    with app.app_context(), tenancy.district_context(district.id):
        rel = Relationship(source_id=person, target_id=org, type="partner")
        aff = Affiliation(person_id=person, organisation_id=org, title="Engineer")
        db.session.add_all([rel, aff])
        db.session.commit()
        return person, org, rel.id, aff.id


def _full_post(token: str, version: int, other_id: int) -> dict:
    return {"csrf_token": token, "name": "Changed", "kind": "person", "group": "parent",
            "version": version, "rating-influence": "5", "rating-interest": "5",
            "rating-engagement_current": "leading", "rating-engagement_desired": "leading",
            "rating-version": version, "rel-other_id": other_id, "rel-other_name": "Honda",
            "rel-type": "family", "rel-strength": "1", "aff-other_id": other_id,
            "aff-other_name": "Honda", "aff-title": "Boss", "influence": "3", "interest": "3",
            "engagement_current": "neutral", "engagement_desired": "neutral"}


def _snapshot(app, district):
    with app.app_context(), tenancy.district_context(district.id):
        return {
            "stakeholders": db.session.execute(sa.select(
                Stakeholder.id, Stakeholder.name, Stakeholder.version, Stakeholder.influence)
                .order_by(Stakeholder.id)).all(),
            "relationships": db.session.execute(sa.select(
                Relationship.id, Relationship.type, Relationship.strength)).all(),
            "affiliations": db.session.execute(sa.select(
                Affiliation.id, Affiliation.title)).all(),
            "assessments": db.session.scalar(sa.select(sa.func.count(Assessment.id))),
        }


def test_viewer_gets_403_on_every_write(app, client, login_as, auth, district):
    person, org, rid, aid = _linked_pair(app, district)
    login_as("viewer")
    token = auth.csrf()
    before = _snapshot(app, district)
    version = read(app, district, person).version
    for url in _post_routes(person, rid, aid):
        response = client.post(url, data=_full_post(token, version, org), headers=HX)
        assert response.status_code == 403, url
    assert _snapshot(app, district) == before


def test_viewer_cannot_open_the_forms_that_change_a_stakeholder(app, client, login_as,
                                                                district):
    person, _org, rid, aid = _linked_pair(app, district)
    login_as("viewer")
    for url in ("/stakeholders/new", f"/stakeholders/{person}/edit",
                f"/stakeholders/{person}/ratings/form", f"/stakeholders/{person}/ratings/edit",
                f"/stakeholders/{person}/relationships/new",
                f"/stakeholders/{person}/relationships/{rid}/edit",
                f"/stakeholders/{person}/affiliations/new",
                f"/stakeholders/{person}/affiliations/{aid}/edit"):
        for headers in ({}, HX):
            response = client.get(url, headers=headers)
            assert response.status_code == 403, url
            assert "You can&#39;t do that here" in response.text, url


def test_another_districts_ids_are_404_and_nothing_changes(
    app, client, login_as, auth, district, other_district
):
    theirs, their_org, their_rid, their_aid = _linked_pair(app, other_district)
    mine, my_org, my_rid, my_aid = _linked_pair(app, district)
    login_as("admin")
    token = auth.csrf()
    before = _snapshot(app, other_district)
    version = read(app, other_district, theirs).version
    for url in _get_routes(theirs, their_rid):
        assert client.get(url).status_code == 404, url
        assert client.get(url, headers=HX).status_code == 404, url
    for url in _post_routes(theirs, their_rid, their_aid)[:-1]:
        assert client.post(url, data=_full_post(token, version, their_org)).status_code == 404, url
    # My stakeholder with their relationship or affiliation ids is 404 too.
    for url in (f"/stakeholders/{mine}/relationships/{their_rid}/edit",):
        assert client.get(url).status_code == 404
    for url in (f"/stakeholders/{mine}/relationships/{their_rid}",
                f"/stakeholders/{mine}/relationships/{their_rid}/delete",
                f"/stakeholders/{mine}/affiliations/{their_aid}/delete"):
        assert client.post(url, data=_full_post(token, version, my_org)).status_code == 404, url
    assert _snapshot(app, other_district) == before


def test_writes_without_csrf_token_are_refused(app, client, login_as, district):
    person, org, rid, aid = _linked_pair(app, district)
    login_as("editor")
    before = _snapshot(app, district)
    for url in _post_routes(person, rid, aid):
        response = client.post(url, data={"name": "Forged", "version": 1, "rel-other_id": org})
        assert response.status_code == 400, url
    assert _snapshot(app, district) == before


@pytest.mark.parametrize("evil", XSS_NAMES)
def test_xss_named_stakeholder_is_inert_on_the_profile(app, client, login_as, district, evil):
    sid = add(app, district, evil, notes=evil, city=evil, sector=evil,
              website="javascript:alert(1)")
    other = add(app, district, "Ana Ruiz")
    with app.app_context(), tenancy.district_context(district.id):
        s = db.session.get(Stakeholder, sid)
        svc.set_labels(db.session, s, tags=[evil], schools=[evil], languages=[evil])
        db.session.add(Relationship(source_id=min(sid, other), target_id=max(sid, other),
                                    note=evil))
        db.session.commit()
    login_as("editor")
    pages = [client.get(f"/stakeholders/{sid}").text, client.get(f"/stakeholders/{other}").text,
             client.get(f"/stakeholders/{sid}/edit", headers=HX).text,
             client.get(f"/stakeholders/{sid}/relationships").text,
             client.get(f"/stakeholders/{sid}/history").text]
    for text in pages:
        assert "<img src=x" not in text
        assert 'hx-get="/x' not in text
        assert 'href="javascript:' not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0] or "&#34; hx-get=&#34;/x" in pages[0]
    # The confirm text carries the name escaped inside its attribute.
    assert re.search(r'data-confirm="Delete (&lt;img|&#34;)', pages[0])
