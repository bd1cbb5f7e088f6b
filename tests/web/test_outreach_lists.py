"""Outreach lists: the index, creating by hand or from a filter, refresh, edit, delete."""

import re
from html import unescape

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, OutreachList, OutreachMember, School, Stakeholder
from app.services import outreach as outreach_svc
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


def _person(name, group="parent", schools=(), permitted=True) -> Stakeholder:
    s = Stakeholder(name=name, group=group, contact_permitted=permitted)
    svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
    if schools:
        svc.set_labels(db.session, s, schools=list(schools))
    svc.refresh_search_text(db.session, s)
    return s


def _csrf(client) -> str:
    page = client.get("/outreach/").text
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def _members(app, district, in_district, list_id) -> list[str]:
    with app.app_context(), in_district(district):
        return sorted(db.session.scalars(
            sa.select(Stakeholder.name).join(OutreachMember,
                                             OutreachMember.stakeholder_id == Stakeholder.id)
            .where(OutreachMember.list_id == list_id)))


def test_empty_index_says_how_to_make_a_list(client, login_as):
    login_as("editor")
    page = client.get("/outreach/")
    assert page.status_code == 200
    assert "No outreach lists yet" in page.text
    assert "“Save these as an outreach list”" in unescape(page.text), "names the link as labelled"
    assert 'href="/outreach/new"' in page.text


def test_viewer_sees_lists_but_no_create_button(app, client, login_as, district, in_district):
    with app.app_context(), in_district(district):
        db.session.add(OutreachList(name="Spring roundtable"))
        db.session.commit()
    login_as("viewer")
    page = client.get("/outreach/")
    assert "Spring roundtable" in page.text
    assert "New outreach list" not in page.text
    assert client.post("/outreach/new", data={"name": "x"}).status_code in (400, 403)


def test_viewer_is_refused_the_new_and_edit_forms_before_typing(
        app, client, login_as, district, in_district):
    with app.app_context(), in_district(district):
        lst = OutreachList(name="Spring roundtable")
        db.session.add(lst)
        db.session.commit()
        list_id = lst.id
    login_as("viewer")
    for url in ("/outreach/new", "/outreach/new?group=parent", f"/outreach/{list_id}/edit"):
        page = client.get(url)
        assert page.status_code == 403, url
        assert 'name="name"' not in page.text, "no form to type into"


def test_create_a_list_by_hand(client, login_as, app, district, in_district):
    login_as("editor")
    page = client.get("/outreach/new")
    assert "An empty list, filled by hand" in page.text
    response = client.post("/outreach/new", data={
        "csrf_token": _csrf(client), "name": "  Business   roundtable ",
        "description": "Spring event", "owner_id": "", "filter_query": ""})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Business roundtable" in page.text and "created" in page.text
    assert "Built by hand" in page.text and "Nobody on this list yet" in page.text


def test_list_names_are_unique_per_district_with_a_clear_error(
        client, login_as, app, district, other_district, in_district):
    with app.app_context(), in_district(other_district):
        db.session.add(OutreachList(name="Parents"))  # another district may use the name
        db.session.commit()
    login_as("editor")
    token = _csrf(client)
    first = client.post("/outreach/new", data={"csrf_token": token, "name": "Parents"})
    assert first.status_code == 302
    again = client.post("/outreach/new", data={"csrf_token": token, "name": "parents"})
    assert again.status_code == 422
    assert "There is already a list named" in again.text
    empty = client.post("/outreach/new", data={"csrf_token": token, "name": " "})
    assert empty.status_code == 422 and "Give the list a name" in empty.text


def test_new_from_a_filter_shows_the_summary_and_count_and_adds_the_matches(
        client, login_as, app, district, in_district):
    with app.app_context(), in_district(district):
        for name in ("Pilar Uno", "Pedro Dos"):
            _person(name, schools=["Northwood Elementary"])
        _person("Pat Elsewhere", schools=["Southside Middle"])
        _person("Biz Owner", group="business", schools=["Northwood Elementary"])
        db.session.commit()
        school_id = db.session.scalar(sa.select(School.id).where(
            School.name == "Northwood Elementary"))
    login_as("editor")
    page = client.get(f"/outreach/new?group=parent&school={school_id}&sort=group")
    assert "Built from this filter" in page.text
    assert "Parent/family" in page.text and "Northwood Elementary" in page.text
    assert "<strong>2</strong> stakeholders match" in page.text
    query = re.search(r'name="filter_query" type="hidden" value="([^"]+)"', page.text).group(1)
    assert query == f"group=parent&amp;school={school_id}"  # normalised, sort dropped
    response = client.post("/outreach/new", data={
        "csrf_token": _csrf(client), "name": "Northwood parents",
        "filter_query": f"group=parent&school={school_id}"})
    assert response.status_code == 302
    list_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert _members(app, district, in_district, list_id) == ["Pedro Dos", "Pilar Uno"]
    page = client.get(f"/outreach/{list_id}")
    assert "with 2 members from the filter" in page.text
    assert "Built from a filter" in page.text and "Refresh from the filter" in page.text


def test_refresh_adds_only_new_matches_and_records_it(
        client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        _person("Ana Parent")
        lst, added = outreach_svc.create_list(db.session, name="Parents",
                                              f=outreach_svc.filter_of("group=parent"))
        db.session.commit()
        list_id = lst.id
        assert added == 1
        _person("Ben Parent")
        _person("Cara Parent")
        _person("Dan Business", group="business")
        db.session.commit()
    token = _csrf(client)
    response = client.post(f"/outreach/{list_id}/refresh", data={"csrf_token": token},
                           follow_redirects=True)
    assert "2 new members added from the saved filter." in response.text
    again = client.post(f"/outreach/{list_id}/refresh", data={"csrf_token": token},
                        follow_redirects=True)
    assert "No new matches" in again.text
    assert _members(app, district, in_district, list_id) == ["Ana Parent", "Ben Parent",
                                                             "Cara Parent"]
    with app.app_context(), in_district(district):
        events = db.session.scalars(sa.select(AuditEvent.changes).where(
            AuditEvent.action == "outreach_refresh").order_by(AuditEvent.id)).all()
        assert [e["added"] for e in events] == [2, 0]
        assert db.session.get(OutreachList, list_id).refreshed_at is not None


def test_refresh_of_a_hand_built_list_explains(client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        lst = OutreachList(name="By hand")
        db.session.add(lst)
        db.session.commit()
        list_id = lst.id
    page = client.post(f"/outreach/{list_id}/refresh", data={"csrf_token": _csrf(client)},
                       follow_redirects=True)
    assert "built by hand" in page.text


def test_index_shows_progress_members_owner_and_how_built(
        client, login_as, app, district, in_district):
    user_id = login_as("editor")
    with app.app_context(), in_district(district):
        a, b = _person("Ann"), _person("Bo")
        lst, _ = outreach_svc.create_list(db.session, name="Mixed", owner_id=user_id)
        outreach_svc.add_members(db.session, lst, [a.id, b.id])
        member = db.session.scalar(sa.select(OutreachMember).where(
            OutreachMember.stakeholder_id == a.id))
        outreach_svc.set_status(db.session, member, "committed", user_id)
        db.session.commit()
    page = client.get("/outreach/")
    row = re.search(r'<tr id="outreach-list-\d+">.*?</tr>', page.text, re.S).group(0)
    assert "Mixed" in row and "By hand" in row and "Editor1" in row
    assert '<td class="num" data-label="Members">2</td>' in row
    assert "50% reached" in row and "1 committed" in row
    assert 'class="seg seg-committed" x="' in row and 'width="50.0"' in row
    assert "style=" not in page.text


def test_index_pages_by_50(client, login_as, app, district, in_district):
    login_as("viewer")
    with app.app_context(), in_district(district):
        db.session.add_all([OutreachList(name=f"List {i:03}") for i in range(55)])
        db.session.commit()
    first = client.get("/outreach/")
    assert first.text.count('<tr id="outreach-list-') == 50
    assert "Page 1 of 2" in first.text
    second = client.get("/outreach/?page=2")
    assert second.text.count('<tr id="outreach-list-') == 5


def test_edit_and_delete_a_list(client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        s = _person("Ann")
        lst, _ = outreach_svc.create_list(db.session, name="Old name")
        other, _ = outreach_svc.create_list(db.session, name="Taken")
        outreach_svc.add_members(db.session, lst, [s.id])
        db.session.commit()
        list_id = lst.id
    page = client.get(f"/outreach/{list_id}/edit")
    assert 'value="Old name"' in page.text and "data-confirm=" in page.text
    token = _csrf(client)
    clash = client.post(f"/outreach/{list_id}/edit", data={"csrf_token": token,
                                                          "name": "Taken"})
    assert clash.status_code == 422 and "already a list named" in clash.text
    saved = client.post(f"/outreach/{list_id}/edit", data={
        "csrf_token": token, "name": "New name", "description": "Why"},
        follow_redirects=True)
    assert "New name" in saved.text and "List saved." in saved.text
    gone = client.post(f"/outreach/{list_id}/delete", data={"csrf_token": token},
                       follow_redirects=True)
    assert "deleted (1 member taken off" in gone.text
    with app.app_context(), in_district(district):
        assert db.session.get(OutreachList, list_id) is None
        assert db.session.scalar(sa.select(sa.func.count(OutreachMember.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Stakeholder.id))) == 1


def test_other_districts_lists_are_invisible(client, login_as, app, other_district,
                                             in_district):
    with app.app_context(), in_district(other_district):
        lst = OutreachList(name="Their list")
        db.session.add(lst)
        db.session.commit()
        list_id = lst.id
    login_as("editor")
    assert "Their list" not in client.get("/outreach/").text
    assert client.get(f"/outreach/{list_id}").status_code == 404
    assert client.get(f"/outreach/{list_id}/edit").status_code == 404


def test_xss_names_are_inert_on_list_pages(client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        s = _person(XSS)
        lst, _ = outreach_svc.create_list(db.session, name=XSS, description=XSS)
        outreach_svc.add_members(db.session, lst, [s.id])
        db.session.commit()
        list_id = lst.id
    for url in ("/outreach/", f"/outreach/{list_id}", f"/outreach/{list_id}/edit",
                "/outreach/new?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"):
        page = client.get(url)
        assert XSS not in page.text, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text, url


def test_the_stakeholder_list_and_the_map_offer_their_filter_as_a_new_list(
        client, login_as, app, district, in_district):
    with app.app_context(), in_district(district):
        _person("Pia Parent")
        _person("Ed Educator", group="educator")
        db.session.commit()
    login_as("editor")
    for page in (client.get("/stakeholders/?group=parent&sort=interest"),
                 client.get("/map/?group=parent")):
        link = re.search(r'href="(/outreach/new\?[^"]*)"[^>]*>Save these', page.text)
        assert link, "no 'save as an outreach list' link"
        url = link.group(1).replace("&amp;", "&")
        assert "group=parent" in url and "sort=" not in url
        new = client.get(url)
        assert "<strong>1</strong> stakeholder matches now" in new.text
        assert "Parent/family" in new.text


def test_viewers_get_no_save_as_list_link(client, login_as, app, district, in_district):
    with app.app_context(), in_district(district):
        _person("Pia Parent")
        db.session.commit()
    login_as("viewer")
    assert "/outreach/new" not in client.get("/stakeholders/?group=parent").text
    assert "/outreach/new" not in client.get("/map/?group=parent").text
