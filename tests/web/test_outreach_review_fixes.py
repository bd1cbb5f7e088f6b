"""Outreach after review: viewers get no write controls; the stakeholder list's "Add
selected to outreach list" keeps the ticked rows when it answers with errors; the export
offers exactly what the filtered page shows; counts and the do-not-contact note stay
true after a change in place; a do-not-contact member is not recorded as contacted
without confirming; filter-built lists say who the members were given to; a taken list
name links to the list that has it."""

import csv
import io
import re
from html import unescape

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, OutreachList, OutreachMember, Stakeholder, User
from app.services import outreach as outreach_svc
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}


def _person(name, group="parent", permitted=True, owner_id=None) -> Stakeholder:
    s = Stakeholder(name=name, group=group, contact_permitted=permitted, owner_id=owner_id)
    svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
    svc.refresh_search_text(db.session, s)
    return s


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/outreach/").text).group(1)


def _setup(app, district, in_district, names=("Ann Lee",), not_to_contact=()):
    """A list with the named people on it: (list id, {name: member id})."""
    with app.app_context(), in_district(district):
        people = [_person(n, permitted=n not in not_to_contact) for n in names]
        lst, _ = outreach_svc.create_list(db.session, name="Spring outreach")
        outreach_svc.add_members(db.session, lst, [p.id for p in people])
        db.session.commit()
        members = dict(db.session.execute(
            sa.select(Stakeholder.name, OutreachMember.id)
            .join(OutreachMember, OutreachMember.stakeholder_id == Stakeholder.id)).all())
        return lst.id, members


def _status_of(app, district, in_district, member_id) -> str:
    with app.app_context(), in_district(district):
        return db.session.get(OutreachMember, member_id).status


def _csv_names(response) -> list[str]:
    text = response.data.decode("utf-8")
    return [r[2] for r in list(csv.reader(io.StringIO(text[1:], newline="")))[1:]]


# --- 1. Viewers read; they get no edit form and no write control ------------------------


def test_viewer_is_refused_the_member_edit_form(client, login_as, app, district,
                                                in_district):
    _, members = _setup(app, district, in_district)
    login_as("viewer")
    member_id = members["Ann Lee"]
    for headers in ({}, {**HX, "HX-Target": f"member-{member_id}"}):
        page = client.get(f"/outreach/members/{member_id}/edit", headers=headers)
        assert page.status_code == 403
        assert 'name="next_step"' not in page.text and "member-form" not in page.text
    row = client.get(f"/outreach/members/{member_id}", headers=HX)
    assert row.status_code == 200 and "Ann Lee" in row.text
    assert "<form" not in row.text and "/edit" not in row.text


def test_viewer_sees_member_rows_read_only_on_every_outreach_page(
        client, login_as, app, district, in_district):
    list_id, members = _setup(app, district, in_district, names=("Ann Lee", "Bob Roe"))
    with app.app_context(), in_district(district):
        empty = OutreachList(name="Nobody yet")
        db.session.add(empty)
        db.session.commit()
        empty_id = empty.id
    login_as("viewer")
    page = client.get(f"/outreach/{list_id}?status=to_contact")
    assert "Ann Lee" in page.text and "Bob Roe" in page.text
    for control in ("hx-post", 'method="post"', "/edit", "/remove", "/status", "export.csv",
                    "/refresh", "Add selected to outreach list"):
        # (The page's only form is the GET members filter and the sign-out menu.)
        body = page.text[page.text.index('<main'):]
        assert control not in body, control
    assert "Actions" not in page.text
    empty_page = client.get(f"/outreach/{empty_id}").text
    assert "Nobody on this list yet" in empty_page
    assert "Tick stakeholders" not in empty_page
    assert "an editor or admin adds people" in empty_page
    index = client.get("/outreach/").text
    assert "/outreach/new" not in index


def test_viewer_index_empty_state_offers_no_write_steps(client, login_as):
    login_as("viewer")
    index = client.get("/outreach/").text
    assert "No outreach lists yet" in index
    assert "Save these as an outreach list" not in unescape(index)
    assert "an editor or admin creates outreach lists" in index


# --- 2. "Add selected to outreach list" keeps the selection when it fails -------------------


def test_add_selected_with_an_error_draws_the_list_again_with_the_rows_still_ticked(
        client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        ids = [_person(n).id for n in ("Ann", "Bob", "Cy")]
        _person("Dee Business", group="business")
        db.session.add(OutreachList(name="Hand picked"))
        db.session.commit()
    token = _csrf(client)
    here = "/stakeholders/?group=parent"
    picked = [str(ids[0]), str(ids[2])]
    neither = client.post("/outreach/add", data={
        "csrf_token": token, "action": "add_tag", "tag": "STEM", "ids": picked,
        "next": here})
    assert neither.status_code == 422
    text = neither.text
    assert "Choose a list, or type a name for a new one." in text
    ticked = set(re.findall(r'name="ids" value="(\d+)"[^>]*\bchecked', text))
    assert ticked == set(picked), "the same rows are still ticked"
    assert "Dee Business" not in text, "the list's filter is kept"
    assert 'value="STEM"' in text, "the bulk bar's other fields come back as they were"
    current = re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', text)
    assert current == ["Stakeholders"], "the menu says which page this is"

    taken = client.post("/outreach/add", data={
        "csrf_token": token, "ids": picked, "new_list_name": "hand picked", "next": here})
    assert taken.status_code == 422 and "There is already a list named" in taken.text
    assert re.search(r'name="new_list_name"[^>]*value="hand picked"', taken.text), \
        "the name typed stays"
    with app.app_context(), in_district(district):
        hand_picked = db.session.scalar(sa.select(OutreachList.id))
    none_ticked = client.post("/outreach/add", data={
        "csrf_token": token, "outreach_list": str(hand_picked), "next": here})
    assert none_ticked.status_code == 422
    assert f'<option value="{hand_picked}" selected>' in none_ticked.text, \
        "the list chosen stays chosen"
    assert set(re.findall(r'name="ids" value="(\d+)"[^>]*\bchecked', taken.text)) == \
        set(picked)
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(OutreachMember.id))) == 0
    # Opened again from the history, its address leads back to the list.
    again = client.get("/outreach/add")
    assert again.status_code == 302 and again.headers["Location"] == "/stakeholders/"


def test_the_profile_panel_keeps_a_typed_list_name_after_an_error(
        client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        sid = _person("Ann").id
        lst = OutreachList(name="Existing")
        db.session.add(lst)
        db.session.commit()
        list_id = lst.id
    both = client.post("/outreach/add", data={"ids": str(sid), "outreach_list": str(list_id),
                                              "new_list_name": "Typed name"},
                       headers={**HX, "HX-Target": "outreach-panel",
                                "X-CSRFToken": _csrf(client)})
    assert both.status_code == 422 and "not both" in both.text
    assert 'value="Typed name"' in both.text
    assert f'<option value="{list_id}" selected>' in both.text


# --- 3. The export offers what the filtered page shows --------------------------------------


def test_a_filtered_page_exports_only_its_members_and_says_what_each_link_exports(
        client, login_as, app, district, in_district):
    user_id = login_as("editor")
    list_id, members = _setup(app, district, in_district,
                              names=("Ann Lee", "Bob Roe", "Cy Declined", "Dee Private"),
                              not_to_contact=("Dee Private",))
    token = _csrf(client)
    for name in ("Cy Declined", "Dee Private"):
        client.post(f"/outreach/members/{members[name]}/status", data={"status": "declined"},
                    headers={**HX, "X-CSRFToken": token})
    with app.app_context(), in_district(district):
        db.session.get(OutreachMember, members["Bob Roe"]).owner_id = user_id
        db.session.commit()

    everyone = client.get(f"/outreach/{list_id}").text
    assert "Export CSV (all members)" in everyone
    assert "Export only these" not in everyone, "nothing filtered: one export"
    assert sorted(_csv_names(client.get(f"/outreach/{list_id}/export.csv"))) == [
        "Ann Lee", "Bob Roe", "Cy Declined"]

    page = client.get(f"/outreach/{list_id}?status=to_contact")
    link = re.search(r'href="([^"]+)" download>Export only these members', page.text)
    assert link, "the filtered page offers its own export"
    url = unescape(link.group(1))
    assert url == f"/outreach/{list_id}/export.csv?status=to_contact"
    response = client.get(url)
    assert response.status_code == 200
    assert sorted(_csv_names(response)) == ["Ann Lee", "Bob Roe"], "no declined member"
    assert "to-contact" in response.headers["Content-Disposition"]

    section = client.get(f"/outreach/{list_id}?status=declined&owner=none",
                         headers={**HX, "HX-Target": "outreach-members"}).text
    link = unescape(re.search(r'href="([^"]+)" download>Export only these', section).group(1))
    assert "status=declined" in link and "owner=none" in link
    assert "owned by nobody" in section and "left out" in section
    assert _csv_names(client.get(link)) == ["Cy Declined"], "do-not-contact stays out"
    mine = client.get(f"/outreach/{list_id}/export.csv?owner={user_id}")
    assert _csv_names(mine) == ["Bob Roe"]
    with app.app_context(), in_district(district):
        events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "export")
                                    .order_by(AuditEvent.id)).all()
    assert [e.changes["rows"] for e in events] == [3, 2, 1, 1]
    assert events[1].changes["filter"] == {"status": "to_contact"}
    assert "filter" not in events[0].changes


def test_an_owner_filtered_export_tells_two_owners_of_one_name_apart(
        client, login_as, app, district, in_district, make_user):
    user_id = login_as("editor")
    namesake = make_user("other.sam@example.org", "editor", district, name="Sam Lee")
    list_id, members = _setup(app, district, in_district, names=("Ann Lee", "Bob Roe"))
    with app.app_context(), in_district(district):
        me = db.session.get(OutreachMember, members["Ann Lee"])
        me.owner_id = user_id
        db.session.get(OutreachMember, members["Bob Roe"]).owner_id = namesake
        db.session.get(User, user_id).name = "Sam Lee"
        db.session.commit()
    assert _csv_names(client.get(f"/outreach/{list_id}/export.csv?owner={user_id}")) == [
        "Ann Lee"]


# --- 6. Counts, the do-not-contact note and the do-not-contact warning --------------------


def test_the_do_not_contact_note_is_drawn_again_after_a_change(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, members = _setup(app, district, in_district, names=("Ann Lee", "Dee Private"),
                              not_to_contact=("Dee Private",))
    page = client.get(f"/outreach/{list_id}").text
    note = re.search(r'<div id="outreach-dnc-note"[^>]*>', page).group(0)
    assert 'hx-trigger="outreach-changed from:body"' in note
    assert f'hx-get="/outreach/{list_id}"' in note
    removed = client.post(f"/outreach/members/{members['Dee Private']}/remove",
                          data={"next": f"/outreach/{list_id}"},
                          headers={**HX, "X-CSRFToken": _csrf(client),
                                   "HX-Target": f"member-{members['Dee Private']}"})
    assert removed.headers["HX-Trigger"] == "outreach-changed"
    fresh = client.get(f"/outreach/{list_id}", headers={**HX, "HX-Target": "outreach-dnc-note"})
    assert fresh.text.lstrip().startswith('<div id="outreach-dnc-note"')
    assert "Do not contact" not in unescape(fresh.text) and "<html" not in fresh.text


def test_a_status_change_on_a_filtered_page_updates_its_count(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, members = _setup(app, district, in_district, names=("Ann Lee", "Bob Roe"))
    page = client.get(f"/outreach/{list_id}?status=to_contact").text
    assert re.search(r'<p id="members-count"[^>]*>2 members matching</p>', page)
    token = _csrf(client)
    moved = client.post(f"/outreach/members/{members['Ann Lee']}/status",
                        data={"status": "contacted",
                              "next": f"/outreach/{list_id}?status=to_contact"},
                        headers={**HX, "X-CSRFToken": token,
                                 "HX-Target": f"member-{members['Ann Lee']}"})
    assert moved.status_code == 200
    assert moved.text.lstrip().startswith(f'<tr id="member-{members["Ann Lee"]}"')
    assert re.search(r'<p id="members-count" class="list-count" role="status" '
                     r'hx-swap-oob="innerHTML">1 member matching</p>', moved.text)
    assert "No longer matches the filters" in moved.text
    plain = client.post(f"/outreach/members/{members['Bob Roe']}/status",
                        data={"status": "contacted", "next": f"/outreach/{list_id}"},
                        headers={**HX, "X-CSRFToken": token})
    assert "members-count" not in plain.text, "no filter: the count does not change"
    assert "No longer matches" not in plain.text


def test_a_do_not_contact_member_is_recorded_as_contacted_only_when_confirmed(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, members = _setup(app, district, in_district, names=("Ann Lee", "Dee Private"),
                              not_to_contact=("Dee Private",))
    dee, token = members["Dee Private"], _csrf(client)
    asked = client.post(f"/outreach/members/{dee}/status", data={"status": "contacted"},
                        headers={**HX, "X-CSRFToken": token, "HX-Target": f"member-{dee}"})
    assert asked.status_code == 200
    text = unescape(asked.text)
    assert "Dee Private is marked “Do not contact” on their profile" in text
    assert "Nothing was changed" in text and 'role="alert"' in text
    assert re.search(r'name="confirm" value="yes"', text)
    assert "Record “Contacted” anyway" in text
    assert "HX-Trigger" not in asked.headers
    assert _status_of(app, district, in_district, dee) == "to_contact"

    page = client.post(f"/outreach/members/{dee}/status",
                       data={"status": "responded", "csrf_token": token})
    assert page.status_code == 200 and "<html" in page.text
    assert "Record “Responded” anyway" in unescape(page.text)
    assert _status_of(app, district, in_district, dee) == "to_contact"

    done = client.post(f"/outreach/members/{dee}/status",
                       data={"status": "contacted", "confirm": "yes"},
                       headers={**HX, "X-CSRFToken": token})
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "outreach-changed"
    assert _status_of(app, district, in_district, dee) == "contacted"
    ann = client.post(f"/outreach/members/{members['Ann Lee']}/status",
                      data={"status": "contacted"}, headers={**HX, "X-CSRFToken": token})
    assert "anyway" not in ann.text, "contact permitted: one click, as before"
    assert _status_of(app, district, in_district, members["Ann Lee"]) == "contacted"


def test_declining_a_do_not_contact_member_needs_no_confirmation(
        client, login_as, app, district, in_district):
    login_as("editor")
    _, members = _setup(app, district, in_district, names=("Dee Private",),
                         not_to_contact=("Dee Private",))
    dee = members["Dee Private"]
    client.post(f"/outreach/members/{dee}/status", data={"status": "declined"},
                headers={**HX, "X-CSRFToken": _csrf(client)})
    assert _status_of(app, district, in_district, dee) == "declined"


def test_a_list_built_from_a_filter_says_who_its_members_were_given_to(
        client, login_as, make_user, app, district, in_district):
    user_id = login_as("editor")
    colleague = make_user("sam@example.org", "editor", district, name="Sam Colleague")
    with app.app_context(), in_district(district):
        _person("Owned Parent", owner_id=colleague)
        _person("Unowned Parent")
        db.session.commit()
    form = client.get("/outreach/new?group=parent").text
    assert "assigned to the stakeholder's owner in the register" in unescape(form)
    done = client.post("/outreach/new", data={
        "csrf_token": _csrf(client), "name": "Parents", "owner_id": str(user_id),
        "filter_query": "group=parent"}, follow_redirects=True)
    text = unescape(done.text)
    assert "created with 2 members from the filter" in text
    assert ("Each member is assigned to the stakeholder's owner in the register, or to "
            "the list's owner, Editor1, where they have none.") in text
    with app.app_context(), in_district(district):
        owners = dict(db.session.execute(
            sa.select(Stakeholder.name, OutreachMember.owner_id)
            .join(OutreachMember, OutreachMember.stakeholder_id == Stakeholder.id)).all())
    assert owners == {"Owned Parent": colleague, "Unowned Parent": user_id}


def test_a_taken_list_name_links_to_the_list_that_has_it(
        client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        first, second = OutreachList(name="Spring Roundtable"), OutreachList(name="Autumn")
        db.session.add_all([first, second])
        db.session.commit()
        first_id, second_id = first.id, second.id
    token = _csrf(client)
    new = client.post("/outreach/new", data={"csrf_token": token,
                                             "name": "spring roundtable"})
    assert new.status_code == 422
    link = f'<a href="/outreach/{first_id}">Open the existing list &ldquo;Spring Roundtable'
    assert link in new.text
    edit = client.post(f"/outreach/{second_id}/edit", data={"csrf_token": token,
                                                           "name": "Spring roundtable"})
    assert edit.status_code == 422 and link in edit.text
    fine = client.get("/outreach/new")
    assert "Open the existing list" not in fine.text
