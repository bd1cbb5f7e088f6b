"""Engagement log review fixes: nothing typed or ticked is dropped on save, concerns keep
who answered them, follow-ups go to people who can close them, the log filters on a typed
name, and inviting a whole list asks first."""

import re
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
import time_machine

from app.domain import concerns as concern_rules
from app.extensions import db
from app.models import (
    Concern,
    FollowUp,
    Interaction,
    InteractionParticipant,
    Membership,
    OutreachList,
    OutreachMember,
    Stakeholder,
)
from app.services import stakeholders as svc

TODAY = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def people(app, district, in_district, *names) -> list[int]:
    with app.app_context(), in_district(district):
        ids = []
        for name in names:
            s = Stakeholder(name=name, group="parent")
            svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True,
                                                False), by_user_id=None)
            db.session.flush()
            ids.append(s.id)
        db.session.commit()
    return ids


def csrf(client) -> str:
    page = client.get("/engagement/")
    return re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)


def log(client, participants, **fields):
    data = {"kind": "meeting", "occurred_on": "2026-03-02", "title": "Coffee with parents",
            "summary": "", "concerns": "", "outcome": "", "fu_owner_id": "0",
            "fu_stakeholder_id": "0", "csrf_token": csrf(client),
            "participant_ids": [str(i) for i in participants]}
    data.update(fields)
    return client.post("/engagement/new", data=data)


def count(app, district, in_district, model) -> int:
    with app.app_context(), in_district(district):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- 1. A participant typed but not picked ----------------------------------------------------


def test_a_typed_but_unpicked_participant_refuses_the_save_and_keeps_the_form(
        app, client, login_as, district, in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    response = log(client, [ana], q="Jane Do", summary="We talked about grading",
                   concerns="grading: transcripts", title="Coffee at Northwood")
    assert response.status_code == 422
    text = response.text
    assert "Pick \u201cJane Do\u201d from the suggestions, or clear it." in text
    assert 'name="q" value="Jane Do"' in text  # the typed name is still in the box
    assert 'value="Coffee at Northwood"' in text and "We talked about grading" in text
    assert "grading: transcripts" in text
    assert f'value="{ana}" checked' in text  # the picked participant is kept
    assert count(app, district, in_district, Interaction) == 0
    # Cleared, it saves.
    assert log(client, [ana], q="").status_code == 302


def test_a_typed_but_unpicked_invitee_is_not_dropped_either(app, client, login_as, district,
                                                            in_district):
    login_as("editor")
    event, (ana,), _ = make_event(app, district, in_district, ["Ana"])
    response = client.post(f"/engagement/{event}/invitees", data={
        "participant_ids": [ana], "q": "Jane Do", "csrf_token": csrf(client)})
    assert response.status_code == 422
    assert "Pick \u201cJane Do\u201d from the suggestions, or clear it." in response.text
    assert f'value="{ana}" checked' in response.text
    assert count(app, district, in_district, InteractionParticipant) == 0


# --- 2. Attendance ticks kept whichever button is pressed -------------------------------------


def make_event(app, district, in_district, names, day=date(2026, 3, 1), list_name=None,
               invited=0):
    """An event with stakeholders, the first `invited` of them invited, optionally all on an
    outreach list; (event id, stakeholder ids, list id)."""
    ids = people(app, district, in_district, *names)
    with app.app_context(), in_district(district):
        event = Interaction(kind="community_meeting", title="Northwood meeting",
                            occurred_on=day, with_attendance=True)
        db.session.add(event)
        db.session.flush()
        db.session.add_all(InteractionParticipant(
            interaction_id=event.id, stakeholder_id=sid, occurred_on=day, attended=False)
            for sid in ids[:invited])
        list_id = None
        if list_name:
            outreach = OutreachList(name=list_name)
            db.session.add(outreach)
            db.session.flush()
            db.session.add_all(OutreachMember(list_id=outreach.id, stakeholder_id=i)
                               for i in ids)
            list_id = outreach.id
        db.session.commit()
        return event.id, ids, list_id


def came(app, district, in_district, event) -> set[int]:
    with app.app_context(), in_district(district):
        return set(db.session.scalars(sa.select(InteractionParticipant.stakeholder_id).where(
            InteractionParticipant.interaction_id == event,
            InteractionParticipant.attended.is_(True))))


def test_the_attendance_page_is_one_form_so_every_button_sends_the_ticks(
        app, client, login_as, district, in_district):
    login_as("editor")
    event, (ana, ben), _ = make_event(app, district, in_district, ["Ana", "Ben"], invited=2,
                                      list_name="Parents")
    page = client.get(f"/engagement/{event}/attendance").text
    assert page.count("<form") == page.count("</form>")
    form = page[page.index('<form id="attendance-form"'):]
    form = form[:form.index("</form>")]
    for action in (f"/engagement/{event}/invitees", f"/engagement/{event}/invite-list",
                   f"/engagement/{event}/invitees/{ana}/remove"):
        assert f'formaction="{action}"' in form
    assert 'name="attended"' in form and "Save attendance" in form


def test_ticks_are_saved_when_removing_someone_else(app, client, login_as, district,
                                                    in_district):
    login_as("editor")
    event, (ana, ben, cy), _ = make_event(app, district, in_district, ["Ana", "Ben", "Cy"],
                                          invited=3)
    response = client.post(f"/engagement/{event}/invitees/{cy}/remove", data={
        "shown": [ana, ben, cy], "attended": [ana, ben, cy], "page": 1,
        "csrf_token": csrf(client)}, follow_redirects=True)
    assert response.status_code == 200
    assert "Attendance saved (2 changes)." in response.text
    assert "Cy is no longer on this event." in response.text
    assert came(app, district, in_district, event) == {ana, ben}
    assert f'id="came-{ana}" name="attended" value="{ana}" checked' in response.text
    with app.app_context(), in_district(district):
        assert db.session.get(Stakeholder, ana).last_contact_at == datetime(2026, 3, 1,
                                                                            tzinfo=UTC)


def test_ticks_are_saved_when_inviting(app, client, login_as, district, in_district):
    login_as("editor")
    event, (ana, ben, cy, dee), list_id = make_event(
        app, district, in_district, ["Ana", "Ben", "Cy", "Dee"], invited=2, list_name="All")
    token = csrf(client)
    response = client.post(f"/engagement/{event}/invitees", data={
        "shown": [ana, ben], "attended": [ana], "participant_ids": [cy], "csrf_token": token},
        follow_redirects=True)
    assert "Attendance saved (1 change)." in response.text and "Invited 1 more." in response.text
    assert came(app, district, in_district, event) == {ana}
    response = client.post(f"/engagement/{event}/invite-list", data={
        "shown": [ana, ben, cy], "attended": [ana, ben], "list_id": list_id,
        "csrf_token": token})
    assert response.status_code == 302  # only Dee is new: invited without asking
    assert came(app, district, in_district, event) == {ana, ben}


def test_people_chosen_to_invite_stay_chosen_when_saving_attendance(
        app, client, login_as, district, in_district):
    login_as("editor")
    event, (ana, ben), _ = make_event(app, district, in_district, ["Ana", "Ben"], invited=1)
    response = client.post(f"/engagement/{event}/attendance", data={
        "shown": [ana], "attended": [ana], "participant_ids": [ben],
        "csrf_token": csrf(client)})
    assert response.status_code == 200
    assert "Attendance saved (1 change)." in response.text
    assert "Not invited yet: press Invite" in response.text
    assert f'name="participant_ids" value="{ben}" checked> Ben' in response.text
    assert came(app, district, in_district, event) == {ana}
    # A name typed but not picked stays in the box too, with what to do about it.
    response = client.post(f"/engagement/{event}/attendance", data={
        "shown": [ana], "attended": [], "q": "Jane Do", "csrf_token": csrf(client)})
    assert response.status_code == 200 and "Attendance saved (1 change)." in response.text
    assert "Pick \u201cJane Do\u201d from the suggestions, or clear it." in response.text
    assert 'name="q" value="Jane Do"' in response.text


# --- 3. Concerns: who answered them, and edits keep them answered ----------------------------


def concern_ids(app, district, in_district) -> dict[str, int]:
    with app.app_context(), in_district(district):
        return {c.text: c.id for c in db.session.scalars(sa.select(Concern))}


def test_marking_a_concern_answered_shows_who_and_when(app, client, login_as, district,
                                                       in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    url = log(client, [ana], concerns="grading: transcripts").headers["Location"]
    (cid,) = concern_ids(app, district, in_district).values()
    fragment = client.post(f"/engagement/concerns/{cid}/answered",
                           data={"csrf_token": csrf(client)},
                           headers={**HX, "HX-Target": f"concern-{cid}"})
    assert "Answered" in fragment.text
    assert re.search(r"by Editor1, <time datetime=\"2026-03-10[^\"]*\">10 Mar 2026</time>",
                     fragment.text)
    assert "by Editor1" in client.get(url).text
    client.post(f"/engagement/concerns/{cid}/answered", data={"csrf_token": csrf(client)})
    assert "by Editor1" not in client.get(url).text  # open again: nobody answered it


def test_editing_keeps_answered_concerns_whose_text_is_unchanged(app, client, login_as,
                                                                 district, in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    url = log(client, [ana], concerns="grading: worried about transcripts\n"
                                      "safety: bus stops").headers["Location"]
    ids = concern_ids(app, district, in_district)
    for cid in ids.values():
        client.post(f"/engagement/concerns/{cid}/answered", data={"csrf_token": csrf(client)})
    response = client.post(url + "/edit", data={
        "kind": "meeting", "occurred_on": "2026-03-02", "title": "Coffee with parents",
        "participant_ids": [str(ana)], "csrf_token": csrf(client), "fu_owner_id": "0",
        "fu_stakeholder_id": "0",
        # One re-themed with its text as it was, one as it was, one new.
        "concerns": "transcripts: Worried about  transcripts\nsafety: bus stops\n"
                    "lunch: menus"})
    assert response.status_code == 302
    with app.app_context(), in_district(district):
        rows = {c.text: c for c in db.session.scalars(sa.select(Concern))}
        assert rows["Worried about transcripts"].id == ids["worried about transcripts"]
        assert rows["Worried about transcripts"].theme == "transcripts"
        assert not rows["Worried about transcripts"].is_open
        assert not rows["bus stops"].is_open
        assert rows["menus"].is_open
    detail = client.get(url).text
    assert detail.count("by Editor1") == 2 and detail.count("Mark answered") == 1


def test_rewording_a_concern_keeps_its_written_answer(app, client, login_as, district,
                                                     in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    url = log(client, [ana], concerns="grading: worried colleges will not read the "
                                      "new transcripts\nbuses: late buses").headers["Location"]
    ids = concern_ids(app, district, in_district)
    cid = ids["worried colleges will not read the new transcripts"]
    client.post(f"/engagement/concerns/{cid}/answer", data={
        "csrf_token": csrf(client), "answer": "We met the admissions offices.",
        "seen": concern_rules.answer_fingerprint("")})
    response = client.post(url + "/edit", data={
        "kind": "meeting", "occurred_on": "2026-03-02", "title": "Coffee with parents",
        "participant_ids": [str(ana)], "csrf_token": csrf(client), "fu_owner_id": "0",
        "fu_stakeholder_id": "0",
        # The first reworded (a typo fixed, a word added), the second replaced outright.
        "concerns": "grading: worried that colleges will not read the new transcripts\n"
                    "lunch: menus in Spanish"})
    assert response.status_code == 302
    with app.app_context(), in_district(district):
        rows = {c.text: c for c in db.session.scalars(sa.select(Concern))}
    assert set(rows) == {"worried that colleges will not read the new transcripts",
                         "menus in Spanish"}
    kept = rows["worried that colleges will not read the new transcripts"]
    assert kept.id == cid and kept.answer == "We met the admissions offices."
    assert not kept.is_open
    assert rows["menus in Spanish"].is_open and rows["menus in Spanish"].answer == ""
    assert "We met the admissions offices." in client.get(url).text


# --- 4. Follow-up owners can edit --------------------------------------------------------------


def test_follow_ups_are_offered_and_given_only_to_people_who_can_edit(
        app, client, login_as, make_user, district, in_district):
    editor_id = login_as("editor")
    viewer_id = make_user("vic@example.org", "viewer", district, name="Vic Viewer")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    form = client.get("/engagement/new").text
    owner_select = re.search(r'<select[^>]*name="fu_owner_id".*?</select>', form, re.S).group(0)
    assert "Editor1" in owner_select and "Vic Viewer" not in owner_select
    assert f'name="user_ids" value="{viewer_id}"' in form  # viewers can still take part
    response = log(client, [ana], fu_description="Send the FAQ", fu_due_on="2026-03-20",
                   fu_owner_id=str(viewer_id), summary="Kept")
    assert response.status_code == 422
    assert ("Vic Viewer is a viewer in this district and could not mark the follow-up done: "
            "choose an editor or an admin.") in response.text
    assert "Send the FAQ" in response.text and "Kept" in response.text
    assert count(app, district, in_district, FollowUp) == 0
    assert log(client, [ana], fu_description="Send the FAQ", fu_due_on="2026-03-20",
               fu_owner_id=str(editor_id)).status_code == 302


def test_a_follow_up_of_someone_who_became_a_viewer_still_shows_their_name(
        app, client, login_as, make_user, district, in_district):
    login_as("editor")
    other_id = make_user("olga@example.org", "editor", district, name="Olga Owner")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    url = log(client, [ana], fu_description="Send the FAQ", fu_due_on="2026-03-20",
              fu_owner_id=str(other_id)).headers["Location"]
    with app.app_context():
        db.session.scalar(sa.select(Membership).where(Membership.user_id == other_id)
                          ).role = "viewer"
        db.session.commit()
    assert "Olga Owner &middot; due 20 Mar 2026" in client.get(url).text


# --- 5. The log filters on a typed name --------------------------------------------------------


def test_a_typed_name_in_the_log_filter_filters_by_name(app, client, login_as, district,
                                                        in_district):
    login_as("editor")
    ana, ben = people(app, district, in_district, "Ana Ortiz", "Ben Lee")
    log(client, [ana], title="Coffee with Ana")
    log(client, [ben], title="Call with Ben")
    client.get("/engagement/")  # (the "Logged" messages shown)
    page = client.get("/engagement/?with_other_name=+ortiz&stakeholder=")
    assert ">Coffee with Ana</a>" in page.text and ">Call with Ben</a>" not in page.text
    assert "1 interaction match these filters (with anyone whose name contains" in page.text
    assert 'value="ortiz"' in page.text  # the typed name stays in the box
    fragment = client.get("/engagement/?with_other_name=ben&stakeholder=",
                          headers={**HX, "HX-Target": "log-results"})
    assert ">Call with Ben</a>" in fragment.text and ">Coffee with Ana</a>" not in fragment.text
    assert fragment.headers["HX-Push-Url"] == "/engagement/?with_other_name=ben"
    # A picked stakeholder wins over the text in the box.
    picked = client.get(f"/engagement/?with_other_name=ben&stakeholder={ana}")
    assert ">Coffee with Ana</a>" in picked.text and ">Call with Ben</a>" not in picked.text


# --- 6. Inviting a whole list asks first -------------------------------------------------------


def test_inviting_a_list_asks_first_saying_how_many(app, client, login_as, district,
                                                    in_district):
    login_as("editor")
    event, ids, list_id = make_event(app, district, in_district, ["Ana", "Ben", "Cy"],
                                     invited=1, list_name="Parents")
    token = csrf(client)
    ask = client.post(f"/engagement/{event}/invite-list",
                      data={"list_id": list_id, "csrf_token": token})
    assert ask.status_code == 200
    assert "Invite 2 people from &ldquo;Parents&rdquo;?" in ask.text
    assert 'name="confirmed" value="yes"' in ask.text and "Cancel" in ask.text
    assert count(app, district, in_district, InteractionParticipant) == 1  # nobody yet
    done = client.post(f"/engagement/{event}/invite-list", follow_redirects=True, data={
        "list_id": list_id, "csrf_token": token, "confirmed": "yes"})
    assert "Invited 2 more from the list." in done.text
    assert count(app, district, in_district, InteractionParticipant) == 3


def test_inviting_a_list_with_one_new_member_does_not_ask(app, client, login_as, district,
                                                          in_district):
    login_as("editor")
    event, ids, list_id = make_event(app, district, in_district, ["Ana", "Ben"], invited=1,
                                     list_name="Parents")
    response = client.post(f"/engagement/{event}/invite-list",
                           data={"list_id": list_id, "csrf_token": csrf(client)})
    assert response.status_code == 302
    assert count(app, district, in_district, InteractionParticipant) == 2
