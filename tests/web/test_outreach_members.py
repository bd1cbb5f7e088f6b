"""List members: one-click status (htmx), inline edit, removal, adding by hand, the
profile panel, the champions page's and the stakeholder list's "add to outreach list"."""

import re
from datetime import date
from html import unescape

import sqlalchemy as sa
import time_machine

from app.extensions import db
from app.models import (
    Affiliation,
    OutreachList,
    OutreachMember,
    OutreachStatusChange,
    Stakeholder,
)
from app.services import outreach as outreach_svc
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


def _person(name, group="parent", permitted=True, kind="person", engagement="neutral",
            influence=3) -> Stakeholder:
    s = Stakeholder(name=name, group=group, contact_permitted=permitted, kind=kind)
    svc.rate(db.session, s, svc.Ratings(influence, 3, engagement, "leading", False, True,
                                        False), by_user_id=None)
    svc.refresh_search_text(db.session, s)
    return s


def _csrf(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/outreach/").text).group(1)


def _setup(app, district, in_district, names=("Ann Lee",), **kw):
    """A list with the named people on it: (list id, [member ids], [stakeholder ids])."""
    with app.app_context(), in_district(district):
        people = [_person(n, **kw) for n in names]
        lst, _ = outreach_svc.create_list(db.session, name="Spring outreach")
        outreach_svc.add_members(db.session, lst, [p.id for p in people])
        db.session.commit()
        members = db.session.scalars(sa.select(OutreachMember.id).where(
            OutreachMember.list_id == lst.id).order_by(OutreachMember.id)).all()
        return lst.id, list(members), [p.id for p in people]


def test_list_page_rows_show_name_group_organisation_flag_and_overdue(
        client, login_as, app, district, in_district):
    with app.app_context(), in_district(district):
        ann = _person("Ann Lee")
        org = _person("Acme Tools", group="business", kind="organisation")
        org.sector = "Manufacturing"
        dnc = _person("Dee Private", permitted=False)
        db.session.add(Affiliation(person_id=ann.id, organisation_id=org.id,
                                   title="Plant manager"))
        lst, _ = outreach_svc.create_list(db.session, name="Mix")
        outreach_svc.add_members(db.session, lst, [ann.id, org.id, dnc.id])
        m = db.session.scalar(sa.select(OutreachMember).where(
            OutreachMember.stakeholder_id == ann.id))
        m.due_on, m.next_step = date(2026, 3, 1), "Call about the roundtable"
        db.session.commit()
        list_id = lst.id
    with time_machine.travel("2026-03-10 12:00:00+00:00", tick=False):
        login_as("editor")
        page = client.get(f"/outreach/{list_id}")
    assert page.status_code == 200
    assert "Plant manager, Acme Tools" in page.text and "Manufacturing" in page.text
    assert "Call about the roundtable" in page.text and "Overdue" in page.text
    assert page.text.count(">Do not contact</span>") == 1
    assert "1 member is marked “Do not contact”" in unescape(page.text)
    assert "left out of the CSV export" in page.text
    assert "style=" not in page.text


def test_status_change_in_one_click_returns_the_row_and_logs_it(
        client, login_as, app, district, in_district):
    user_id = login_as("editor")
    list_id, (member_id,), _ = _setup(app, district, in_district)
    page = client.get(f"/outreach/{list_id}")
    assert f'hx-post="/outreach/members/{member_id}/status"' in page.text
    response = client.post(f"/outreach/members/{member_id}/status",
                           data={"status": "contacted"},
                           headers={**HX, "HX-Target": f"member-{member_id}",
                                    "X-CSRFToken": _csrf(client)})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="member-{member_id}"')
    assert "<html" not in response.text
    assert 'status-chip status-contacted">Contacted' in response.text
    assert response.headers["HX-Trigger"] == "outreach-changed"
    with app.app_context(), in_district(district):
        change = db.session.scalar(sa.select(OutreachStatusChange))
        assert (change.from_status, change.to_status, change.changed_by_id) == (
            "to_contact", "contacted", user_id)
        assert db.session.get(OutreachMember, member_id).status_changed_at is not None
    progress = client.get(f"/outreach/{list_id}", headers={**HX,
                                                           "HX-Target": "outreach-progress"})
    assert progress.text.lstrip().startswith('<section id="outreach-progress"')
    assert "Contacted <strong>1</strong>" in progress.text


def test_a_move_the_rules_refuse_is_a_422_row_with_the_reason(
        client, login_as, app, district, in_district):
    login_as("editor")
    _, (member_id,), _ = _setup(app, district, in_district)
    token = _csrf(client)
    client.post(f"/outreach/members/{member_id}/status", data={"status": "declined"},
                headers={**HX, "X-CSRFToken": token})
    refused = client.post(f"/outreach/members/{member_id}/status",
                          data={"status": "committed"}, headers={**HX, "X-CSRFToken": token})
    assert refused.status_code == 422
    assert "cannot move to “Committed”" in refused.text
    with app.app_context(), in_district(district):
        assert db.session.get(OutreachMember, member_id).status == "declined"


def test_status_change_without_javascript_redirects_with_a_message(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, (member_id,), _ = _setup(app, district, in_district)
    page = client.post(f"/outreach/members/{member_id}/status",
                       data={"status": "responded", "csrf_token": _csrf(client)},
                       follow_redirects=True)
    assert "Status set to “Responded”." in page.text


def test_members_filter_by_status_and_owner_and_page_by_50(
        client, login_as, app, district, in_district):
    user_id = login_as("editor")
    names = [f"Person {i:03}" for i in range(60)]
    list_id, members, _ = _setup(app, district, in_district, names=names)
    with app.app_context(), in_district(district):
        first = db.session.get(OutreachMember, members[0])
        first.status, first.owner_id = "committed", user_id
        db.session.commit()
    page = client.get(f"/outreach/{list_id}")
    assert page.text.count('class="member-row') == 50 and "page 1 of 2" in page.text
    second = client.get(f"/outreach/{list_id}?page=2",
                        headers={**HX, "HX-Target": "outreach-members"})
    assert second.text.lstrip().startswith('<section id="outreach-members"')
    assert second.text.count('class="member-row') == 10
    assert second.headers["HX-Push-Url"] == f"/outreach/{list_id}?page=2"
    committed = client.get(f"/outreach/{list_id}?status=committed")
    assert committed.text.count('class="member-row') == 1 and "Person 000" in committed.text
    mine = client.get(f"/outreach/{list_id}?owner={user_id}")
    assert mine.text.count('class="member-row') == 1
    nobody = client.get(f"/outreach/{list_id}?owner=none")
    assert "59 members matching" in nobody.text


def test_inline_edit_of_owner_next_step_and_due_date(
        client, login_as, app, district, in_district):
    user_id = login_as("editor")
    _, (member_id,), _ = _setup(app, district, in_district)
    token = _csrf(client)
    client.post(f"/outreach/members/{member_id}/status", data={"status": "contacted"},
                headers={**HX, "X-CSRFToken": token})
    edit = client.get(f"/outreach/members/{member_id}/edit", headers=HX)
    assert edit.text.lstrip().startswith(f'<tr id="member-{member_id}" class="member-row '
                                         'is-editing"')
    assert "Status history" in edit.text
    assert "To contact → Contacted, by Editor1" in unescape(edit.text)
    full = client.get(f"/outreach/members/{member_id}/edit")
    assert "<html" in full.text and "Status history" in full.text
    bad = client.post(f"/outreach/members/{member_id}", headers={**HX, "X-CSRFToken": token},
                      data={"owner_id": "999999", "next_step": "x" * 301,
                            "due_on": "not a date"})
    assert bad.status_code == 422
    assert "Choose a member of this district" in bad.text
    assert "under 300 characters" in bad.text and "Not a valid date" in bad.text
    saved = client.post(f"/outreach/members/{member_id}", headers={**HX, "X-CSRFToken": token},
                        data={"owner_id": str(user_id), "next_step": "Invite to visit",
                              "due_on": "2030-05-01"})
    assert saved.status_code == 200 and "Invite to visit" in saved.text
    assert "1 May 2030" in saved.text and "Editor1" in saved.text
    assert saved.headers["HX-Trigger"] == "outreach-changed"
    cancel = client.get(f"/outreach/members/{member_id}", headers=HX)
    assert cancel.text.lstrip().startswith(f'<tr id="member-{member_id}"')


def test_remove_a_member_asks_first_and_keeps_the_stakeholder(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, (member_id,), (sid,) = _setup(app, district, in_district)
    page = client.get(f"/outreach/{list_id}")
    assert "data-confirm=\"Take Ann Lee off this list?" in page.text
    gone = client.post(f"/outreach/members/{member_id}/remove",
                       headers={**HX, "X-CSRFToken": _csrf(client)})
    assert gone.status_code == 200 and gone.text == ""
    assert gone.headers["HX-Trigger"] == "outreach-changed"
    with app.app_context(), in_district(district):
        assert db.session.get(OutreachMember, member_id) is None
        assert db.session.get(Stakeholder, sid) is not None


def test_add_members_skips_those_already_on_and_ignores_other_districts(
        client, login_as, app, district, other_district, in_district):
    login_as("editor")
    list_id, _, (ann,) = _setup(app, district, in_district)
    with app.app_context(), in_district(district):
        bob = _person("Bob New").id
        db.session.commit()
    with app.app_context(), in_district(other_district):
        theirs = _person("Not Ours").id
        db.session.commit()
    page = client.post("/outreach/add", data={
        "csrf_token": _csrf(client), "ids": [str(ann), str(bob), str(theirs)],
        "outreach_list": str(list_id)}, follow_redirects=True)
    assert ("1 added to “Spring outreach”; 1 was already on the list and skipped; "
            "1 not found in this district and ignored.") in page.text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(OutreachMember.id))) == 2


def test_add_members_to_a_new_list_from_the_stakeholder_bulk_bar(
        client, login_as, app, district, in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        ids = [_person(n).id for n in ("Ann", "Bob")]
        db.session.commit()
    bar = client.get("/stakeholders/")
    assert 'formaction="/outreach/add"' in bar.text and 'name="new_list_name"' in bar.text
    token = _csrf(client)
    done = client.post("/outreach/add", data={
        "csrf_token": token, "action": "", "ids": [str(i) for i in ids],
        "new_list_name": "Hand picked", "next": "/stakeholders/"})
    assert done.status_code == 302 and done.headers["Location"].startswith("/outreach/")
    assert "2 added to “Hand picked”" in client.get(done.headers["Location"]).text
    neither = client.post("/outreach/add", data={"csrf_token": token, "ids": [str(ids[0])],
                                                  "next": "/stakeholders/"},
                          follow_redirects=True)
    assert "Choose a list, or type a name for a new one." in neither.text
    taken = client.post("/outreach/add", data={"csrf_token": token, "ids": [str(ids[0])],
                                                "new_list_name": "hand picked"},
                        follow_redirects=True)
    assert "There is already a list named" in taken.text
    none_ticked = client.post("/outreach/add", data={"csrf_token": token,
                                                      "new_list_name": "X"},
                              follow_redirects=True)
    assert "Select at least one stakeholder" in none_ticked.text


def test_profile_panel_lists_memberships_and_adds_via_htmx(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, _, (sid,) = _setup(app, district, in_district, names=(XSS,))
    with app.app_context(), in_district(district):
        db.session.add(OutreachList(name="Second list"))
        db.session.commit()
    panel = client.get(f"/outreach/panel/{sid}", headers=HX)
    assert panel.text.lstrip().startswith('<section id="outreach-panel" class="card')
    assert "Spring outreach" in panel.text and "To contact" in panel.text
    assert 'value="' in panel.text and "Second list" in panel.text
    assert XSS not in panel.text
    second_id = re.search(r'<option value="(\d+)">Second list', panel.text).group(1)
    added = client.post("/outreach/add", data={"ids": str(sid), "outreach_list": second_id,
                                               "next": f"/stakeholders/{sid}"},
                        headers={**HX, "HX-Target": "outreach-panel",
                                 "X-CSRFToken": _csrf(client)})
    assert added.status_code == 200
    assert "1 added to “Second list”" in added.text
    assert added.text.count("status-chip") == 2
    bad = client.post("/outreach/add", data={"ids": str(sid)},
                      headers={**HX, "HX-Target": "outreach-panel",
                               "X-CSRFToken": _csrf(client)})
    assert bad.status_code == 422 and "Choose a list, or type a name" in bad.text


def test_viewer_sees_the_panel_without_the_form_and_cannot_write(
        client, login_as, app, district, in_district):
    list_id, (member_id,), (sid,) = _setup(app, district, in_district)
    login_as("viewer")
    panel = client.get(f"/outreach/panel/{sid}")
    assert "Spring outreach" in panel.text and "outreach_list" not in panel.text
    page = client.get(f"/outreach/{list_id}")
    assert "Ann Lee" in page.text and "/status" not in page.text
    assert "Export CSV" not in page.text
    token = _csrf(client)
    for url in (f"/outreach/members/{member_id}/status", f"/outreach/members/{member_id}",
                f"/outreach/members/{member_id}/remove", "/outreach/add",
                f"/outreach/{list_id}/refresh", f"/outreach/{list_id}/delete"):
        assert client.post(url, headers={"X-CSRFToken": token},
                           data={"status": "contacted"}).status_code == 403, url


def test_panel_404s_for_another_districts_stakeholder(client, login_as, app, other_district,
                                                      in_district):
    with app.app_context(), in_district(other_district):
        sid = _person("Not Ours").id
        db.session.commit()
    login_as("editor")
    assert client.get(f"/outreach/panel/{sid}").status_code == 404


def test_champion_suggestion_adds_to_a_list_inline(client, login_as, app, district,
                                                  in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        sid = _person("Maria Broker", group="community", engagement="leading",
                      influence=5).id
        db.session.add(OutreachList(name="Champions to call"))
        db.session.commit()
    page = client.get("/champions/")
    assert f'id="outreach-add-{sid}"' in page.text and "Champions to call" in page.text
    list_id = re.search(r'<option value="(\d+)">Champions to call', page.text).group(1)
    added = client.post("/outreach/add", data={"ids": str(sid), "outreach_list": list_id,
                                               "next": "/champions/"},
                        headers={**HX, "HX-Target": f"outreach-add-{sid}",
                                 "X-CSRFToken": _csrf(client)})
    assert added.status_code == 200
    assert added.text.lstrip().startswith(f'<div id="outreach-add-{sid}"')
    assert "1 added to “Champions to call”" in added.text
    assert f'href="/outreach/{list_id}"' in added.text
    again = client.post("/outreach/add", data={"ids": str(sid), "new_list_name": "Brand new"},
                        headers={**HX, "HX-Target": f"outreach-add-{sid}",
                                 "X-CSRFToken": _csrf(client)})
    assert "1 added to “Brand new”" in again.text
    both = client.post("/outreach/add", data={"ids": str(sid), "outreach_list": list_id,
                                              "new_list_name": "Other"},
                       headers={**HX, "HX-Target": f"outreach-add-{sid}",
                                "X-CSRFToken": _csrf(client)})
    assert both.status_code == 422 and "not both" in both.text


def test_other_districts_members_404_and_stay_unchanged(
        client, login_as, app, other_district, in_district):
    _, (member_id,), _ = _setup(app, other_district, in_district)
    login_as("editor")
    token = _csrf(client)
    assert client.get(f"/outreach/members/{member_id}/edit").status_code == 404
    assert client.post(f"/outreach/members/{member_id}/status", data={"status": "contacted"},
                       headers={"X-CSRFToken": token}).status_code == 404
    with app.app_context(), in_district(other_district):
        assert db.session.get(OutreachMember, member_id).status == "to_contact"


def test_open_members_without_a_next_step_show_the_suggested_one(
        client, login_as, app, district, in_district):
    list_id, members, _ids = _setup(app, district, in_district, names=("Rosa Sceptic",),
                                    engagement="resistant")
    login_as("viewer")
    row = client.get(f"/outreach/{list_id}").text
    row = row[row.index(f'id="member-{members[0]}"'):]
    row = row[:row.index("</tr>")]
    assert "Suggested:" in row and "chat with their principal" in row
    assert "Resistant parent" in row, "the reason names the figures"

    with app.app_context(), in_district(district):
        db.session.get(OutreachMember, members[0]).next_step = "Invite to the open house"
        db.session.commit()
    row = client.get(f"/outreach/{list_id}").text
    assert "Invite to the open house" in row and "Suggested:" not in row


def test_removing_a_row_refreshes_the_members_count_and_says_who(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, (ann_member, bob_member), _ = _setup(app, district, in_district,
                                                   names=("Ann Lee", "Bob Roe"))
    page = client.get(f"/outreach/{list_id}").text
    assert "2 members" in page
    here = f"/outreach/{list_id}?status=to_contact"
    removed = client.post(f"/outreach/members/{ann_member}/remove",
                          data={"next": here},
                          headers={**HX, "X-CSRFToken": _csrf(client),
                                   "HX-Target": f"member-{ann_member}"})
    assert removed.headers["HX-Retarget"] == "#outreach-members"
    assert removed.headers["HX-Reswap"] == "outerHTML"
    assert removed.headers["HX-Trigger"] == "outreach-changed"
    section = removed.text
    assert section.lstrip().startswith('<section id="outreach-members"')
    assert "Ann Lee was taken off the list." in section and "autofocus" in section
    assert re.search(r"1 member\s+matching", section)
    assert '<option value="to_contact" selected>' in section  # the filter is kept
    assert f'id="member-{bob_member}"' in section and f'id="member-{ann_member}"' not in section

    last = client.post(f"/outreach/members/{bob_member}/remove", data={"next": here},
                       headers={**HX, "X-CSRFToken": _csrf(client),
                                "HX-Target": f"member-{bob_member}"})
    assert "Nobody on this list yet" in last.text


def test_two_rows_open_for_editing_have_their_own_field_ids(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, (ann, bob), _ = _setup(app, district, in_district, names=("Ann Lee", "Bob Roe"))
    ids = set()
    for member_id in (ann, bob):
        row = client.get(f"/outreach/members/{member_id}/edit",
                         headers={**HX, "HX-Target": f"member-{member_id}"}).text
        assert f'<label for="m{member_id}-next_step">' in row
        assert f'id="m{member_id}-next_step" maxlength="300" name="next_step"' in row
        ids |= set(re.findall(r'\bid="([^"]+)"', row))
    assert len([i for i in ids if i.endswith("-due_on")]) == 2
