"""The stakeholder list: search, filters, sorting, paging, bulk actions, inline ratings."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import Affiliation, Assessment, AuditEvent, Relationship, Stakeholder, Tag
from app.services import stakeholders as svc

NEUTRAL = svc.Ratings(3, 3, "neutral", "supportive", False, True, False)
ROWS = {"HX-Request": "true", "HX-Target": "stakeholder-rows"}
HTMX = {"HX-Request": "true"}


def add(app, district, name, ratings=NEUTRAL, **attrs) -> int:
    """Create a stakeholder through the services; tags/schools/languages as lists."""
    labels = {k: attrs.pop(k) for k in ("tags", "schools", "languages") if k in attrs}
    with app.app_context(), tenancy.district_context(district.id):
        s = Stakeholder(name=name, **attrs)
        svc.rate(db.session, s, ratings, by_user_id=None)
        if labels:
            svc.set_labels(db.session, s, **labels)
        svc.refresh_search_text(db.session, s)
        db.session.commit()
        return s.id


def row_ids(html: str) -> list[int]:
    """Stakeholder ids of the display rows, in page order."""
    return [int(n) for n in re.findall(r'<tr id="stakeholder-(\d+)"', html)]


def load(app, district, stakeholder_id):
    with app.app_context(), tenancy.district_context(district.id):
        s = db.session.get(Stakeholder, stakeholder_id)
        if s is None:
            return None
        return {"name": s.name, "group": s.group, "owner_id": s.owner_id,
                "tags": sorted(t.name for t in s.tags), "version": s.version,
                "quadrant": s.quadrant, "search_text": s.search_text}


def audit_events(app, district, record_type="Stakeholder"):
    with app.app_context(), tenancy.district_context(district.id):
        return [(e.action, e.record_id, e.changes, e.actor_label) for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.record_type == record_type,
                                        AuditEvent.actor_id.is_not(None))
            .order_by(AuditEvent.id))]


# --- The list and search -------------------------------------------------------------


def test_list_shows_only_this_districts_stakeholders(app, client, login_as, district,
                                                     other_district):
    ours = add(app, district, "Ana Ruiz")
    theirs = add(app, other_district, "Ben Okafor", email="ben@example.org")
    login_as("viewer")
    page = client.get("/stakeholders/")
    assert page.status_code == 200
    assert row_ids(page.text) == [ours]
    assert "Ben Okafor" not in page.text
    for q in ("Ben", "okafor", "ben@example.org", "Be"):
        found = client.get("/stakeholders/", query_string={"q": q}, headers=ROWS)
        assert theirs not in row_ids(found.text), q
        assert "No one matches" in found.text


def test_search_finds_name_email_tag_and_organisation(app, client, login_as, district):
    ana = add(app, district, "Ana Ruiz", email="ana@plantmail.example")
    tagged = add(app, district, "Ben Okafor", tags=["STEM"])
    honda = add(app, district, "Honda Marysville", kind="organisation", group="business")
    carl = add(app, district, "Carl Jones")
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(Affiliation(person_id=carl, organisation_id=honda, title="Plant manager"))
        svc.refresh_search_text(db.session, db.session.get(Stakeholder, carl))
        db.session.commit()
    login_as("viewer")

    def search(q):
        return row_ids(client.get("/stakeholders/", query_string={"q": q}, headers=ROWS).text)

    assert search("uiz") == [ana], "a substring of the name"
    assert search("plantmail") == [ana], "the email"
    assert search("stem") == [tagged], "a tag"
    assert sorted(search("marysville")) == sorted([carl, honda]), "the organisation"


def test_a_row_shows_its_first_three_tags_alphabetically_and_counts_the_rest(
        app, client, auth, login_as, district):
    """Case doesn't decide the order, on either database, nor after an inline edit."""
    sid = add(app, district, "Ana Ruiz", tags=["stem", "Board", "alumni", "Zoning"])
    login_as("editor")

    def shown(html: str) -> list[str]:
        cell = re.search(r'<span class="row-tags">(.*?)</span></td>', html).group(1)
        return re.findall(r'<span class="tag">([^<]*)</span>', cell) + re.findall(
            r'<span class="muted small">([^<]*)</span>', cell)

    assert shown(client.get("/stakeholders/").text) == ["alumni", "Board", "stem", "+1"]
    saved = client.post(f"/stakeholders/{sid}/ratings", headers=HTMX,
                        data=rating_data(auth, load(app, district, sid)["version"]))
    assert saved.status_code == 200, saved.text
    assert shown(saved.text) == ["alumni", "Board", "stem", "+1"]


def test_search_ignores_accents_both_ways(app, client, login_as, district):
    lucia = add(app, district, "Lucía Fernández")
    jose = add(app, district, "Jose Nunez")
    login_as("viewer")

    def search(q):
        return row_ids(client.get("/stakeholders/", query_string={"q": q}, headers=ROWS).text)

    assert search("fernandez") == [lucia]
    assert search("LUCIA") == [lucia]
    assert search("Fernán") == [lucia]
    assert search("José Núñez") == [jose]


def test_two_letter_query_matches_the_start_of_a_name(app, client, login_as, district):
    ana = add(app, district, "Ana Ruiz")
    add(app, district, "Juan Ortiz")  # contains "an", but not at the start
    login_as("viewer")
    found = client.get("/stakeholders/", query_string={"q": "an"}, headers=ROWS)
    assert row_ids(found.text) == [ana]


def test_htmx_search_returns_only_the_rows_and_the_canonical_url(app, client, login_as,
                                                                 district):
    add(app, district, "Ana Ruiz")
    login_as("viewer")
    fragment = client.get("/stakeholders/?q=ana&group=&kind=", headers=ROWS)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Showing 1–1 of 1 stakeholder" in unescape(fragment.text)
    assert fragment.headers["HX-Push-Url"] == "/stakeholders/?q=ana"
    full = client.get("/stakeholders/?q=ana")
    assert "<html" in full.text and 'id="stakeholder-rows"' in full.text
    other_target = client.get("/stakeholders/?q=ana", headers=HTMX)
    assert "<html" in other_target.text, "only HX-Target stakeholder-rows gets the fragment"


# --- Filters ---------------------------------------------------------------------------


@pytest.fixture
def filter_world(app, district, make_user):
    """Five stakeholders, each standing out on some filters."""
    owner = make_user("owner@example.org", "editor", district, name="Olga Owner")
    long_ago = datetime.now(UTC) - timedelta(days=200)
    recent = datetime.now(UTC) - timedelta(days=5)
    ids = {
        "parent": add(app, district, "Ana Parent", group="parent", schools=["Northwood Elementary"],
                      languages=["Spanish"], last_contact_at=recent),
        "business": add(app, district, "Acme Tools", kind="organisation", group="business",
                        ratings=svc.Ratings(5, 1, "supportive", "leading", True, True, True),
                        tags=["STEM"], owner_id=owner, last_contact_at=long_ago),
        "monitor": add(app, district, "Mo Nitor", group="community",
                       ratings=svc.Ratings(1, 1, "leading", "leading", False, False, False),
                       last_contact_at=recent),
        "resistant": add(app, district, "Rita Resist", group="elected",
                         ratings=svc.Ratings(4, 4, "resistant", "neutral", True, False, False),
                         last_contact_at=recent),
    }
    ids["owner"] = owner
    return ids


def _lookup(app, district, model, name):
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.scalar(sa.select(model.id).where(model.name == name))


FILTER_CASES = [
    ({"group": "parent"}, ["parent"]),
    ({"kind": "organisation"}, ["business"]),
    ({"quadrant": "keep_satisfied"}, ["business"]),
    ({"quadrant": "monitor"}, ["monitor"]),
    ({"engagement": "resistant"}, ["resistant"]),
    ({"salience": "definitive"}, ["business"]),
    ({"salience": "dormant"}, ["resistant"]),
    ({"salience": "none"}, ["monitor"]),
    ({"school": "Northwood Elementary"}, ["parent"]),
    ({"language": "Spanish"}, ["parent"]),
    ({"tag": "STEM"}, ["business"]),
    ({"owner": "Olga Owner"}, ["business"]),
    ({"no_contact_days": "30"}, ["business"]),
    ({"group": "parent", "language": "Spanish", "quadrant": "monitor"}, []),
]


def test_each_filter_narrows_the_list(app, client, login_as, district, filter_world):
    from app.models import School

    login_as("viewer")
    for args, expected in FILTER_CASES:
        args = dict(args)
        if "school" in args:
            args["school"] = _lookup(app, district, School, args["school"])
        if "tag" in args:
            args["tag"] = _lookup(app, district, Tag, args["tag"])
        if "owner" in args:
            args["owner"] = filter_world["owner"]
        page = client.get("/stakeholders/", query_string=args)
        assert page.status_code == 200
        assert sorted(row_ids(page.text)) == sorted(filter_world[k] for k in expected), args
        if not expected:
            assert "No one matches" in page.text and "Clear filters" in page.text


def test_filter_options_list_the_districts_schools_tags_languages_and_members(
    app, client, login_as, district, other_district, filter_world
):
    add(app, other_district, "Elsewhere", tags=["SecretTag"], languages=["Klingon"])
    login_as("viewer")
    page = client.get("/stakeholders/").text
    for option in ("Northwood Elementary", "STEM", "Spanish", "Olga Owner"):
        assert f">{option}</option>" in page
    assert "SecretTag" not in page and "Klingon" not in page


# --- Sorting and paging ------------------------------------------------------------------


def test_sort_by_gap_orders_rows_both_ways(app, client, login_as, district):
    small = add(app, district, "A Small", ratings=NEUTRAL.replace(engagement_current="supportive"))
    big = add(app, district, "B Big", ratings=NEUTRAL.replace(engagement_current="unaware",
                                                              engagement_desired="leading"))
    middle = add(app, district, "C Middle", ratings=NEUTRAL)
    login_as("viewer")
    ascending = client.get("/stakeholders/?sort=gap")
    assert row_ids(ascending.text) == [small, middle, big]
    assert 'aria-sort="ascending"' in ascending.text
    assert "?sort=gap&amp;desc=1" in ascending.text, "clicking again reverses"
    descending = client.get("/stakeholders/?sort=gap&desc=1")
    assert row_ids(descending.text) == [big, middle, small]
    assert 'aria-sort="descending"' in descending.text


def test_sort_by_engagement_and_quadrant_follows_the_scale_not_the_alphabet(
    app, client, login_as, district,
):
    # Alphabetically these would come leading, neutral, resistant, supportive, unaware.
    levels = ("unaware", "resistant", "neutral", "supportive", "leading")
    by_level = [add(app, district, f"{chr(69 - i)} {level}",
                    ratings=NEUTRAL.replace(engagement_current=level))
                for i, level in enumerate(levels)]
    login_as("viewer")
    assert row_ids(client.get("/stakeholders/?sort=engagement").text) == by_level
    assert row_ids(client.get("/stakeholders/?sort=engagement&desc=1").text) == by_level[::-1]

    with app.app_context(), tenancy.district_context(district.id):
        db.session.execute(sa.delete(Assessment))
        db.session.execute(sa.delete(Stakeholder))
        db.session.commit()
    # Key players, keep satisfied, keep informed, monitor: the grid's own order.
    grid = [(5, 5), (5, 1), (1, 5), (1, 1)]
    by_quadrant = [add(app, district, f"{chr(90 - i)} quadrant",
                       ratings=NEUTRAL.replace(influence=power, interest=interest))
                   for i, (power, interest) in enumerate(grid)]
    assert row_ids(client.get("/stakeholders/?sort=quadrant").text) == by_quadrant


def test_pages_keep_the_filter_and_show_rows_51_to_100(app, client, login_as, district):
    with app.app_context(), tenancy.district_context(district.id):
        for i in range(1, 121):
            s = Stakeholder(name=f"Person {i:03}", group="business")
            svc.rate(db.session, s, NEUTRAL, by_user_id=None)
        svc.rate(db.session, Stakeholder(name="Zed Parent", group="parent"), NEUTRAL,
                 by_user_id=None)
        db.session.commit()
    login_as("viewer")
    page = client.get("/stakeholders/?group=business&page=2")
    assert "Showing 51–100 of 120 stakeholders" in unescape(page.text)
    names = re.findall(r">(Person \d{3})</a>", page.text)
    assert names == [f"Person {i:03}" for i in range(51, 101)]
    assert 'href="/stakeholders/?group=business&amp;page=3"' in page.text
    assert 'href="/stakeholders/?group=business"' in page.text, "page 1 link keeps the filter"
    assert "Zed Parent" not in page.text


def test_page_past_the_end_offers_a_way_back(app, client, login_as, district):
    add(app, district, "Ana Ruiz")
    login_as("viewer")
    page = client.get("/stakeholders/?q=ana&page=9")
    assert page.status_code == 200
    assert "Page 9 is past the end" in page.text
    assert 'href="/stakeholders/?q=ana"' in page.text
    assert row_ids(page.text) == []


def test_empty_district_invites_editors_to_add_the_first_stakeholder(client, login_as):
    login_as("editor")
    page = client.get("/stakeholders/")
    assert "No stakeholders yet" in page.text
    assert "Add your first stakeholder" in page.text


def test_a_live_search_or_filter_updates_the_active_count_and_clear_link(
        app, client, login_as, district):
    add(app, district, "Ana Ruiz", group="parent")
    login_as("viewer")
    filtered = client.get("/stakeholders/?group=parent&quadrant=monitor", headers=ROWS).text
    assert re.search(r'<span id="filter-clear" hx-swap-oob="true"><a class="btn" '
                     r'href="/stakeholders/">Clear filters</a></span>', filtered)
    assert re.search(r'<span id="filter-active" hx-swap-oob="true"><span class="badge '
                     r'badge-ok">2 active</span></span>', filtered)
    cleared = client.get("/stakeholders/", headers=ROWS).text
    assert '<span id="filter-clear" hx-swap-oob="true"></span>' in cleared
    assert '<span id="filter-active" hx-swap-oob="true"></span>' in cleared
    page = client.get("/stakeholders/?group=parent").text
    assert "hx-swap-oob" not in page, "the full page draws them in place"
    assert 'badge-ok">1 active</span>' in page and "Clear filters" in page


def test_a_no_contact_value_the_list_cannot_use_is_said_not_dropped(
        app, client, login_as, district):
    add(app, district, "Ana Ruiz")
    login_as("viewer")
    for typed in ("-5", "0", "abc", "99999"):
        page = client.get(f"/stakeholders/?no_contact_days={typed}", headers=ROWS).text
        assert "takes a whole number from 1 to 3,650" in page, typed
        assert f"&ldquo;{typed}&rdquo; is ignored" in page.replace("\u201c", "&ldquo;") \
            .replace("\u201d", "&rdquo;"), typed
    assert "is ignored" not in client.get("/stakeholders/?no_contact_days=30", headers=ROWS).text


def test_empty_district_tells_viewers_an_editor_adds_stakeholders(client, login_as):
    login_as("viewer")
    page = client.get("/stakeholders/")
    assert "an editor or admin adds stakeholders" in page.text
    assert "Add your first stakeholder" not in page.text


# --- Bulk actions ----------------------------------------------------------------------


def bulk(client, auth, **data):
    data.setdefault("csrf_token", auth.csrf())
    return client.post("/stakeholders/bulk", data=data)


def test_bulk_add_tag_tags_the_selected_and_is_audited(app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz")
    b = add(app, district, "Ben Okafor")
    c = add(app, district, "Cleo Unselected")
    login_as("editor")
    response = bulk(client, auth, action="add_tag", ids=[a, b], tag="STEM",
                    next="/stakeholders/?group=other&sort=gap")
    assert response.status_code == 302
    assert response.headers["Location"] == "/stakeholders/?group=other&sort=gap"
    assert "Tagged 2 stakeholders &#39;STEM&#39;" in client.get(response.headers["Location"]).text
    assert load(app, district, a)["tags"] == ["STEM"] and load(app, district, c)["tags"] == []
    assert "stem" in load(app, district, b)["search_text"]
    found = client.get("/stakeholders/?q=stem", headers=ROWS)
    assert sorted(row_ids(found.text)) == sorted([a, b])
    events = [e for e in audit_events(app, district) if e[0] == "update"]
    assert {e[1] for e in events} == {a, b}
    assert events[0][2] == {"tags": {"before": [], "after": ["STEM"]}}


def test_bulk_remove_tag_untags_them(app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz", tags=["STEM", "PTA"])
    b = add(app, district, "Ben Okafor", tags=["STEM"])
    login_as("editor")
    response = bulk(client, auth, action="remove_tag", ids=[a, b], tag="STEM")
    assert response.status_code == 302
    assert "Removed the tag &#39;STEM&#39; from 2 stakeholders" in client.get("/stakeholders/").text
    assert load(app, district, a)["tags"] == ["PTA"] and load(app, district, b)["tags"] == []
    assert "stem" not in load(app, district, a)["search_text"]
    assert len([e for e in audit_events(app, district) if e[0] == "update"]) == 2


def test_bulk_assign_owner_sets_a_member_and_is_audited(app, client, auth, login_as, make_user,
                                                        district):
    a = add(app, district, "Ana Ruiz")
    olga = make_user("olga@example.org", "editor", district, name="Olga Owner")
    login_as("editor")
    response = bulk(client, auth, action="assign_owner", ids=[a], owner=olga)
    assert response.status_code == 302
    assert "Assigned 1 stakeholder to Olga Owner" in client.get("/stakeholders/").text
    assert load(app, district, a)["owner_id"] == olga
    assert ("update", a, {"owner_id": {"before": None, "after": olga}}) in [
        e[:3] for e in audit_events(app, district)]


def test_bulk_owner_must_be_a_member_of_the_district(app, client, auth, login_as, make_user,
                                                     district, other_district):
    a = add(app, district, "Ana Ruiz")
    outsider = make_user("out@example.org", "editor", other_district)
    login_as("editor")
    response = bulk(client, auth, action="assign_owner", ids=[a], owner=outsider)
    assert response.status_code == 422
    assert "Choose a member of this district as the owner." in response.text
    assert f'value="{a}" form="bulk-form" class="row-select" checked' in \
        response.text, "the selection is kept"
    assert load(app, district, a)["owner_id"] is None


def test_bulk_set_group_moves_them(app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz")
    b = add(app, district, "Ben Okafor")
    login_as("editor")
    response = bulk(client, auth, action="set_group", ids=[a, b], group="business")
    assert response.status_code == 302
    assert "Moved 2 stakeholders to the group Business" in client.get("/stakeholders/").text
    assert load(app, district, a)["group"] == load(app, district, b)["group"] == "business"
    changes = [e[2] for e in audit_events(app, district) if e[0] == "update"]
    assert changes == [{"group": {"before": "other", "after": "business"}}] * 2


def test_bulk_select_all_on_page_works_without_javascript(app, client, auth, login_as,
                                                          district):
    a = add(app, district, "Ana Ruiz")
    b = add(app, district, "Ben Okafor")
    login_as("editor")
    page = client.get("/stakeholders/").text
    assert f'name="page_ids" value="{a},{b}" form="bulk-form"' in page
    response = bulk(client, auth, action="set_group", all_on_page="y", page_ids=f"{a},{b}",
                    group="media")
    assert response.status_code == 302
    assert load(app, district, a)["group"] == load(app, district, b)["group"] == "media"


def test_bulk_delete_asks_first_then_deletes(app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz")
    b = add(app, district, "Ben Okafor")
    keep = add(app, district, "Cleo Kept")
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(Relationship(source_id=a, target_id=keep, type="colleague"))
        db.session.add(Affiliation(person_id=keep, organisation_id=b, title="Member"))
        db.session.commit()
    login_as("editor")
    confirm = bulk(client, auth, action="delete", ids=[a, b], next="/stakeholders/?q=o")
    assert confirm.status_code == 200
    assert "Delete 2 stakeholders?" in confirm.text
    assert "removes their relationships, affiliations and rating history" in confirm.text
    assert "Ana Ruiz" in confirm.text and "Ben Okafor" in confirm.text
    assert load(app, district, a) is not None, "nothing is deleted before confirming"
    response = bulk(client, auth, action="delete", ids=[a, b], confirm="1",
                    next="/stakeholders/?q=o")
    assert response.status_code == 302
    assert response.headers["Location"] == "/stakeholders/?q=o"
    assert load(app, district, a) is None and load(app, district, b) is None
    assert load(app, district, keep) is not None
    assert {e[1] for e in audit_events(app, district) if e[0] == "delete"} == {a, b}
    with app.app_context(), tenancy.district_context(district.id):
        for model in (Relationship, Affiliation, Assessment):
            ids = db.session.scalars(sa.select(model.id)).all()
            assert len(ids) == (1 if model is Assessment else 0), model.__name__


def test_bulk_with_another_districts_id_is_404_and_changes_nothing(
    app, client, auth, login_as, district, other_district
):
    ours = add(app, district, "Ana Ruiz")
    theirs = add(app, other_district, "Ben Okafor")
    login_as("editor")
    for data in ({"action": "set_group", "group": "media"},
                 {"action": "delete", "confirm": "1"}):
        response = bulk(client, auth, ids=[ours, theirs], **data)
        assert response.status_code == 404
    assert load(app, district, ours)["group"] == "other"
    assert load(app, other_district, theirs)["group"] == "other"


def test_bulk_refuses_more_than_500_at_once(app, client, auth, login_as, district):
    add(app, district, "Ana Ruiz")
    login_as("editor")
    response = bulk(client, auth, action="set_group", group="media",
                    ids=list(range(1, 502)))
    assert response.status_code == 422
    assert "bulk actions work on at most 500 at a time" in response.text


def test_bulk_tagging_needs_a_tag_with_something_visible_in_it(app, client, auth, login_as,
                                                              district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    for blank in ("", "   ", "\u200b"):
        for action in ("add_tag", "remove_tag"):
            response = bulk(client, auth, action=action, ids=[a], tag=blank)
            assert response.status_code == 422
            assert "Enter the tag to add or remove." in response.text
    assert load(app, district, a)["tags"] == []
    assert 'class="tag"></span>' not in client.get("/stakeholders/").text


def test_bulk_needs_a_selection_and_ignores_an_off_site_next(app, client, auth, login_as,
                                                             district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    response = bulk(client, auth, action="set_group", group="media")
    assert response.status_code == 422
    assert "Select at least one stakeholder" in response.text
    response = bulk(client, auth, action="set_group", group="media", ids=[a],
                    next="https://evil.example/stakeholders/")
    assert response.headers["Location"] == "/stakeholders/"


def test_the_bulk_address_opened_again_later_leads_back_to_the_list(client, login_as):
    login_as("viewer")
    response = client.get("/stakeholders/bulk")
    assert response.status_code == 302 and response.headers["Location"] == "/stakeholders/"


def test_a_bulk_answer_with_errors_opened_again_shows_the_same_filter(app, client, auth,
                                                                      login_as, district):
    add(app, district, "Ana Ruiz")
    login_as("editor")
    page = client.get("/stakeholders/?q=ana&group=parent").text
    assert 'action="/stakeholders/bulk?q=ana&amp;group=parent"' in page
    response = client.post("/stakeholders/bulk?q=ana&group=parent", data={
        "action": "set_group", "group": "media", "csrf_token": auth.csrf(),
        "next": "/stakeholders/?q=ana&group=parent"})
    assert response.status_code == 422
    assert 'action="/stakeholders/bulk?q=ana&amp;group=parent"' in response.text
    # The browser's address is now the bulk form's: opened again, it is the same list.
    response = client.get("/stakeholders/bulk?q=ana&group=parent&tag=a&tag=b")
    assert response.status_code == 302
    assert response.headers["Location"] == "/stakeholders/?q=ana&group=parent&tag=a&tag=b"


def test_bulk_without_csrf_token_is_refused(app, client, login_as, district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    response = client.post("/stakeholders/bulk",
                           data={"action": "set_group", "group": "media", "ids": [a]})
    assert response.status_code == 400
    assert load(app, district, a)["group"] == "other"


def test_viewer_cannot_bulk_and_sees_no_write_controls(app, client, auth, login_as,
                                                       district):
    a = add(app, district, "Ana Ruiz")
    login_as("viewer")
    page = client.get("/stakeholders/").text
    assert "Ana Ruiz" in page
    for control in ("row-select", "Edit ratings", "bulk-form", "Add stakeholder"):
        assert control not in page
    assert bulk(client, auth, action="set_group", group="media", ids=[a]).status_code == 403
    assert client.get(f"/stakeholders/{a}/ratings/edit").status_code == 403
    assert load(app, district, a)["group"] == "other"


# --- Inline rating edits -------------------------------------------------------------------


def rating_data(auth, version, **changes):
    data = {"influence": "5", "interest": "1", "engagement_current": "neutral",
            "engagement_desired": "leading", "has_power": "y", "version": str(version),
            "note": "Met at the board meeting", "csrf_token": auth.csrf()}
    data.update(changes)
    return data


def test_inline_rating_edit_saves_and_returns_the_display_row(app, client, auth, login_as,
                                                              district):
    a = add(app, district, "Ana Ruiz")
    user_id = login_as("editor")
    edit = client.get(f"/stakeholders/{a}/ratings/edit", headers=HTMX)
    assert edit.status_code == 200
    assert "<html" not in edit.text
    assert edit.text.lstrip().startswith(f'<tr id="stakeholder-{a}"') or \
        f'<tr id="stakeholder-{a}" class="rating-edit-row" data-cancel-scope>' in edit.text
    assert f'hx-post="/stakeholders/{a}/ratings"' in edit.text
    version = load(app, district, a)["version"]
    saved = client.post(f"/stakeholders/{a}/ratings", data=rating_data(auth, version),
                        headers=HTMX)
    assert saved.status_code == 200
    assert saved.headers["HX-Trigger"] == "stakeholders-changed"
    assert f'<tr id="stakeholder-{a}">' in saved.text and "<html" not in saved.text
    assert "Keep satisfied" in saved.text
    assert load(app, district, a)["quadrant"] == "keep_satisfied"
    with app.app_context(), tenancy.district_context(district.id):
        latest = db.session.scalars(
            sa.select(Assessment).where(Assessment.stakeholder_id == a)
            .order_by(Assessment.id.desc())).first()
        assert (latest.assessed_by_id, latest.influence, latest.note) == \
            (user_id, 5, "Met at the board meeting")


def test_inline_rating_cancel_returns_the_display_row(app, client, login_as, district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    row = client.get(f"/stakeholders/{a}/row", headers=HTMX)
    assert row.status_code == 200
    assert f'<tr id="stakeholder-{a}">' in row.text and "Edit ratings" in row.text


def test_a_row_edited_inline_still_leads_back_to_its_page(app, client, auth, login_as,
                                                        district):
    """The list page a row sits on rides along the edit, save and cancel, so the row's
    "Edit ratings" link (followed later in a new tab, or without JavaScript) comes back
    to that page and not to the start of the list."""
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    here = "/stakeholders/?q=ana&page=1"
    listed = client.get("/stakeholders/?q=ana")
    link = f'href="/stakeholders/{a}/ratings/edit?next=%2Fstakeholders%2F%3Fq%3Dana"'
    assert link in listed.text
    edit = client.get(f"/stakeholders/{a}/ratings/edit", query_string={"next": here},
                      headers=HTMX)
    assert f'<input type="hidden" name="next" value="{here.replace("&", "&amp;")}">' in edit.text
    cancelled = client.get(f"/stakeholders/{a}/row", query_string={"next": here}, headers=HTMX)
    saved = client.post(f"/stakeholders/{a}/ratings", headers=HTMX, data=rating_data(
        auth, load(app, district, a)["version"], next=here))
    elsewhere = client.get(f"/stakeholders/{a}/row", query_string={"next": "https://x.test/"},
                           headers=HTMX)
    back = "next=%2Fstakeholders%2F%3Fq%3Dana%26page%3D1"
    assert back in cancelled.text and back in saved.text
    assert "next=%2Fstakeholders%2F\"" in elsewhere.text, "off-site: back to the list"


def test_inline_rating_edit_says_when_the_row_leaves_the_filtered_list(
        app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    version = load(app, district, a)["version"]
    on_the_list = "/stakeholders/?quadrant=key_players"
    response = client.post(f"/stakeholders/{a}/ratings", headers=HTMX, data=rating_data(
        auth, version, influence="1", interest="1", next=on_the_list))
    assert response.status_code == 200
    assert "no longer matches this list&#39;s filters" in response.text
    assert load(app, district, a)["quadrant"] == "monitor"
    again = client.post(f"/stakeholders/{a}/ratings", headers=HTMX, data=rating_data(
        auth, load(app, district, a)["version"], influence="1", interest="5",
        next="/stakeholders/?group=parent"))
    assert "Saved" in again.text and "no longer matches" not in again.text


def test_inline_rating_edit_rejects_out_of_range_with_422(app, client, auth, login_as,
                                                          district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    version = load(app, district, a)["version"]
    response = client.post(f"/stakeholders/{a}/ratings",
                           data=rating_data(auth, version, influence="9"), headers=HTMX)
    assert response.status_code == 422
    assert "Influence runs from 1 to 5." in response.text
    assert f'<tr id="stakeholder-{a}" class="rating-edit-row" data-cancel-scope>' in response.text
    assert load(app, district, a)["quadrant"] == "key_players"


def _input(html: str, name: str) -> str:
    """The value of the form's input called `name`."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_inline_rating_edit_on_a_stale_version_keeps_what_was_typed(
    app, client, auth, login_as, district,
):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    old = load(app, district, a)["version"]
    first = client.post(f"/stakeholders/{a}/ratings", data=rating_data(auth, old), headers=HTMX)
    assert first.status_code == 200
    for headers in (HTMX, {}):  # the inline editor, and its page without JavaScript
        stale = client.post(f"/stakeholders/{a}/ratings", headers=headers,
                            data=rating_data(auth, old, influence="1", interest="5"))
        assert stale.status_code == 409
        text = unescape(stale.text)
        assert "Someone else changed these ratings while you were editing" in text
        assert "They are now: influence 5, interest 1, engagement neutral" in text, "theirs"
        assert (_input(stale.text, "influence"), _input(stale.text, "interest")) == ("1", "5")
        assert load(app, district, a)["quadrant"] == "keep_satisfied", "the first save stands"

    # Saving again is a deliberate overwrite: the form now carries the stored version.
    again = client.post(f"/stakeholders/{a}/ratings", headers=HTMX, data=rating_data(
        auth, int(_input(stale.text, "version")), influence="1", interest="5"))
    assert again.status_code == 200
    assert load(app, district, a)["quadrant"] == "keep_informed"


def test_inline_ratings_save_after_another_part_of_the_record_changed(
    app, client, auth, login_as, district,
):
    # The editor was opened, then the profile was saved (the version moved, the ratings
    # did not): the ratings save goes ahead instead of being refused as stale.
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    editor = client.get(f"/stakeholders/{a}/ratings/edit", headers=HTMX).text
    with app.app_context(), tenancy.district_context(district.id):
        db.session.get(Stakeholder, a).city = "Dayton"
        db.session.commit()
    saved = client.post(f"/stakeholders/{a}/ratings", headers=HTMX, data=rating_data(
        auth, int(_input(editor, "version")), seen=_input(editor, "seen")))
    assert saved.status_code == 200
    assert load(app, district, a)["quadrant"] == "keep_satisfied"


def test_rating_edit_works_without_javascript(app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    page = client.get(f"/stakeholders/{a}/ratings/edit?next=/stakeholders/%3Fq%3Dana")
    assert "<html" in page.text and "Ratings of Ana Ruiz" in page.text
    version = load(app, district, a)["version"]
    saved = client.post(f"/stakeholders/{a}/ratings",
                        data=rating_data(auth, version, next="/stakeholders/?q=ana"))
    assert saved.status_code == 302 and saved.headers["Location"] == "/stakeholders/?q=ana"
    assert "Saved the ratings of Ana Ruiz." in client.get("/stakeholders/?q=ana").text


def test_rating_edit_of_another_districts_stakeholder_is_404(app, client, auth, login_as,
                                                             district, other_district):
    theirs = add(app, other_district, "Ben Okafor")
    login_as("editor")
    assert client.get(f"/stakeholders/{theirs}/ratings/edit", headers=HTMX).status_code == 404
    assert client.get(f"/stakeholders/{theirs}/row", headers=HTMX).status_code == 404
    response = client.post(f"/stakeholders/{theirs}/ratings", data=rating_data(auth, 1))
    assert response.status_code == 404
    assert load(app, other_district, theirs)["quadrant"] == "key_players"


def test_rating_post_without_csrf_token_is_refused(app, client, auth, login_as, district):
    a = add(app, district, "Ana Ruiz")
    login_as("editor")
    data = rating_data(auth, load(app, district, a)["version"])
    del data["csrf_token"]
    assert client.post(f"/stakeholders/{a}/ratings", data=data).status_code == 400
    assert load(app, district, a)["quadrant"] == "key_players"


# --- Output safety --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ['<img src=x onerror=alert(1)>', '"><b hx-get="/x">bold</b>'])
def test_hostile_names_render_inert_in_list_and_rows(app, client, auth, login_as, district,
                                                     name):
    a = add(app, district, name, tags=['<script>alert(1)</script>'])
    login_as("editor")
    responses = [
        client.get("/stakeholders/"),
        client.get("/stakeholders/", headers=ROWS),
        client.get(f"/stakeholders/{a}/row", headers=HTMX),
        client.get(f"/stakeholders/{a}/ratings/edit", headers=HTMX),
        client.get(f"/stakeholders/{a}/ratings/edit"),
        bulk(client, auth, action="delete", ids=[a]),
    ]
    for response in responses:
        assert response.status_code == 200
        assert name not in response.text
        assert "<img src=x" not in response.text and '<b hx-get="/x">' not in response.text
        assert "<script>alert(1)</script>" not in response.text
        assert "&lt;" in response.text


def test_match_count_follows_every_change(app, client, login_as, district):
    add(app, district, "Ana Ruiz", group="parent")
    login_as("viewer")
    assert "1 stakeholder" in client.get("/stakeholders/?group=parent").text
    ben = add(app, district, "Ben Okafor", group="parent")
    assert "2 stakeholders" in client.get("/stakeholders/?group=parent").text
    with app.app_context(), tenancy.district_context(district.id):
        db.session.get(Stakeholder, ben).group = "business"
        db.session.commit()
    assert "1 stakeholder" in client.get("/stakeholders/?group=parent").text
