"""The engagement log: logging, editing and deleting interactions, the log page with its
filters, concerns, follow-ups, and last contact dates."""

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import sqlalchemy as sa
import time_machine

from app.extensions import db
from app.models import (
    AuditEvent,
    Concern,
    FollowUp,
    Interaction,
    InteractionParticipant,
    Stakeholder,
)
from app.services import engagement as engagement_svc
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"
TODAY = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def add_stakeholder(name: str, group: str = "parent") -> int:
    s = Stakeholder(name=name, group=group)
    svc.rate(db.session, s, svc.Ratings(3, 3, "neutral", "supportive", False, True, False),
             by_user_id=None)
    svc.refresh_search_text(db.session, s)
    db.session.flush()
    return s.id


def people(app, district, in_district, *names) -> list[int]:
    with app.app_context(), in_district(district):
        ids = [add_stakeholder(n) for n in names]
        db.session.commit()
    return ids


def csrf(client) -> str:
    page = client.get("/engagement/")
    return re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)


def log(client, participants, *, token=None, **fields):
    data = {"kind": "meeting", "occurred_on": "2026-03-02", "title": "Coffee with parents",
            "summary": "", "concerns": "", "outcome": "", "fu_owner_id": "0",
            "fu_stakeholder_id": "0", "csrf_token": token or csrf(client),
            "participant_ids": [str(i) for i in participants]}
    data.update(fields)
    return client.post("/engagement/new", data=data)


def last_contact(app, district, in_district, sid):
    with app.app_context(), in_district(district):
        return db.session.get(Stakeholder, sid).last_contact_at


def test_empty_log_says_how_to_log_the_first_interaction(client, login_as):
    login_as("editor")
    page = client.get("/engagement/")
    assert page.status_code == 200
    assert "Nothing is logged yet" in page.text
    assert "Log the first interaction" in page.text


def test_viewer_sees_the_log_without_the_log_button(client, login_as):
    login_as("viewer")
    page = client.get("/engagement/")
    assert "Editors can log interactions" in page.text
    assert 'href="/engagement/new"' not in page.text
    assert client.get("/engagement/new").status_code == 403


def test_logging_an_interaction_sets_participants_last_contact(app, client, login_as, district,
                                                               in_district):
    user_id = login_as("editor")
    ana, ben = people(app, district, in_district, "Ana Ortiz", "Ben Lee")
    response = log(client, [ana, ben], user_ids=[str(user_id)],
                   concerns="Grading: worried about transcripts\n  SAFETY :  bus stops ",
                   fu_description="Send the transcript FAQ", fu_due_on="2026-03-20",
                   fu_owner_id=str(user_id), fu_stakeholder_id=str(ana))
    assert response.status_code == 302
    detail = client.get(response.headers["Location"], follow_redirects=True)
    assert "Coffee with parents" in detail.text
    assert "Ana Ortiz" in detail.text and "Ben Lee" in detail.text
    assert "worried about transcripts" in detail.text and ">grading<" in detail.text
    assert ">safety<" in detail.text
    assert "Send the transcript FAQ" in detail.text
    assert last_contact(app, district, in_district, ana) == datetime(2026, 3, 2, tzinfo=UTC)
    with app.app_context(), in_district(district):
        fu = db.session.scalar(sa.select(FollowUp))
        assert (fu.owner_id, fu.stakeholder_id, fu.due_on) == (user_id, ana, date(2026, 3, 20))
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.record_type == "Stakeholder", AuditEvent.record_id == ana,
            AuditEvent.action == "update")) == 1


def test_an_older_interaction_does_not_move_last_contact_back(app, client, login_as, district,
                                                              in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    log(client, [ana], occurred_on="2026-03-05")
    log(client, [ana], occurred_on="2026-01-05", title="Earlier call")
    assert last_contact(app, district, in_district, ana) == datetime(2026, 3, 5, tzinfo=UTC)


def test_deleting_recomputes_last_contact_from_what_remains(app, client, login_as, district,
                                                            in_district):
    login_as("editor")
    ana, ben = people(app, district, in_district, "Ana Ortiz", "Ben Lee")
    log(client, [ana], occurred_on="2026-01-05", title="Earlier call")
    later = log(client, [ana, ben], occurred_on="2026-03-05").headers["Location"]
    page = client.get(later)
    assert "data-confirm=" in page.text
    response = client.post(later + "/delete", data={"csrf_token": csrf(client)})
    assert response.status_code == 302
    assert last_contact(app, district, in_district, ana) == datetime(2026, 1, 5, tzinfo=UTC)
    assert last_contact(app, district, in_district, ben) is None
    assert client.get(later).status_code == 404


def test_editing_moves_last_contact_with_the_date(app, client, login_as, district, in_district):
    login_as("editor")
    ana, ben = people(app, district, in_district, "Ana Ortiz", "Ben Lee")
    url = log(client, [ana, ben], occurred_on="2026-03-05").headers["Location"]
    form = client.get(url + "/edit")
    assert form.status_code == 200 and 'value="2026-03-05"' in form.text
    response = log(client, [ana], occurred_on="2026-02-01", title="Renamed")
    assert response.status_code == 302  # (a second interaction; now edit the first)
    response = client.post(url + "/edit", data={
        "kind": "call", "occurred_on": "2026-02-20", "title": "Phone call",
        "participant_ids": [str(ana)], "csrf_token": csrf(client), "fu_owner_id": "0",
        "fu_stakeholder_id": "0"})
    assert response.status_code == 302
    assert last_contact(app, district, in_district, ana) == datetime(2026, 2, 20, tzinfo=UTC)
    assert last_contact(app, district, in_district, ben) is None
    assert "Phone call" in client.get(url).text


def test_validation_errors_keep_what_was_typed(app, client, login_as, district, in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    response = log(client, [ana], occurred_on="2026-03-11", summary="We talked about grading",
                   concerns="no theme here", fu_description="Call back")
    assert response.status_code == 422
    text = response.text
    assert "choose today or an earlier date" in text
    assert "Line 1: start with a theme and a colon" in text
    assert "Give the follow-up a due date." in text
    assert "Choose who owns the follow-up." in text
    assert "We talked about grading" in text and "no theme here" in text
    assert f'value="{ana}" checked' in text and "Ana Ortiz" in text
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count(Interaction.id))) == 0


def test_prefill_from_a_profile_and_xss_names_are_inert(app, client, login_as, district,
                                                       in_district):
    login_as("editor")
    (evil,) = people(app, district, in_district, XSS)
    form = client.get(f"/engagement/new?stakeholder_id={evil}")
    assert f'value="{evil}" checked' in form.text
    assert XSS not in form.text and "&lt;img src=x" in form.text
    url = log(client, [evil], title=XSS, concerns=f"{XSS}: {XSS}").headers["Location"]
    for page in (client.get(url), client.get("/engagement/"),
                 client.get(f"/engagement/panel/{evil}", headers=HX)):
        assert XSS not in page.text
    assert "&lt;img src=x" in client.get("/engagement/").text


def test_unknown_or_other_district_participants_are_refused(app, client, login_as,
                                                            other_district, in_district):
    login_as("editor")
    (theirs,) = people(app, other_district, in_district, "Not ours")
    response = log(client, [theirs])
    assert response.status_code == 422
    assert "no longer in the register" in response.text
    response = log(client, ["12abc"])
    assert response.status_code == 422 and "is not a stakeholder id" in response.text


def test_the_log_lists_newest_first_and_filters(app, client, login_as, district, in_district):
    user_id = login_as("editor")
    names = [f"Person {n:02}" for n in range(6)]
    ids = people(app, district, in_district, *names)
    log(client, ids, occurred_on="2026-02-01", title="Big meeting", user_ids=[str(user_id)])
    log(client, ids[:1], occurred_on="2026-03-01", title="Call with Person 00", kind="call",
        concerns="grading: transcripts")
    page = client.get("/engagement/")
    assert page.text.index("Call with Person 00") < page.text.index("Big meeting")
    assert "Person 00, Person 01, Person 02 and 3 more" in page.text
    assert "grading <strong>1</strong>" in page.text  # open concerns by theme
    calls = client.get("/engagement/?kind=call")
    assert "Call with Person 00" in calls.text and "Big meeting" not in calls.text
    ranged = client.get("/engagement/?from=2026-01-01&to=2026-02-15")
    assert "Big meeting" in ranged.text and "Call with Person 00" not in ranged.text
    by_theme = client.get("/engagement/?theme=Grading")
    assert "Call with Person 00" in by_theme.text and "Big meeting" not in by_theme.text
    by_person = client.get(f"/engagement/?stakeholder={ids[3]}")
    assert "Big meeting" in by_person.text and "Call with Person 00" not in by_person.text
    by_user = client.get(f"/engagement/?user={user_id}")
    assert "Big meeting" in by_user.text and "Call with Person 00" not in by_user.text
    fragment = client.get("/engagement/?kind=call", headers={**HX, "HX-Target": "log-results"})
    assert fragment.text.lstrip().startswith('<div id="log-results">')
    assert "<html" not in fragment.text
    assert fragment.headers["HX-Push-Url"] == "/engagement/?kind=call"


def test_the_log_pages_by_fifty(app, client, login_as, district, in_district):
    login_as("viewer")
    with app.app_context(), in_district(district):
        db.session.add_all(Interaction(kind="call", title=f"Call {n:03}",
                                       occurred_on=date(2025, 1, 1 + n % 28)) for n in range(55))
        db.session.commit()
    first = client.get("/engagement/")
    assert "Page 1 of 2" in first.text and first.text.count('id="interaction-') == 50
    second = client.get("/engagement/?page=2")
    assert second.text.count('id="interaction-') == 5


def test_concerns_toggle_answered_with_one_click(app, client, login_as, district, in_district):
    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    url = log(client, [ana], concerns="grading: transcripts").headers["Location"]
    with app.app_context(), in_district(district):
        concern_id = db.session.scalar(sa.select(Concern.id))
    token = csrf(client)
    fragment = client.post(f"/engagement/concerns/{concern_id}/answered",
                           data={"csrf_token": token},
                           headers={**HX, "HX-Target": f"concern-{concern_id}"})
    assert fragment.status_code == 200
    assert "Answered" in fragment.text and "Reopen" in fragment.text
    assert "<html" not in fragment.text
    assert "engagement-changed" in fragment.headers["HX-Trigger"]
    again = client.post(f"/engagement/concerns/{concern_id}/answered",
                        data={"csrf_token": token})
    assert again.status_code == 302
    assert "Mark answered" in client.get(url).text
    assert client.post(f"/engagement/concerns/{concern_id}/answered").status_code == 400


def test_viewer_cannot_log_edit_delete_or_toggle(app, client, login_as, district, in_district):
    login_as("viewer")
    with app.app_context(), in_district(district):
        sid = add_stakeholder("Ana Ortiz")
        interaction = Interaction(kind="call", title="A call", occurred_on=date(2026, 3, 1))
        db.session.add(interaction)
        db.session.flush()
        concern = Concern(interaction_id=interaction.id, theme="x", text="y")
        db.session.add(concern)
        db.session.commit()
        iid, cid = interaction.id, concern.id
    token = csrf(client)
    detail = client.get(f"/engagement/{iid}")
    assert detail.status_code == 200 and "Mark answered" not in detail.text
    assert "Delete" not in detail.text
    for url in ("/engagement/new", f"/engagement/{iid}/edit", f"/engagement/{iid}/delete",
                f"/engagement/concerns/{cid}/answered"):
        assert client.post(url, data={"csrf_token": token,
                                      "participant_ids": str(sid)}).status_code == 403


def test_meetings_this_term_counts_attended_interactions_per_stakeholder(
        app, district, other_district, in_district):
    with app.app_context(), in_district(district):
        a, b, c = (add_stakeholder(n) for n in ("A", "B", "C"))
        for day, who, came in ((date(2026, 1, 5), [a, b], True), (date(2026, 2, 5), [a], True),
                               (date(2025, 12, 20), [a, c], True),
                               (date(2026, 2, 6), [b], False)):
            i = Interaction(kind="event", occurred_on=day, with_attendance=True)
            db.session.add(i)
            db.session.flush()
            db.session.add_all(InteractionParticipant(interaction_id=i.id, stakeholder_id=s,
                                                      occurred_on=day, attended=came)
                               for s in who)
        db.session.commit()
        today = date(2026, 3, 10)
        assert engagement_svc.meetings_this_term(db.session, None, today) == {a: 2, b: 1}
        assert engagement_svc.meetings_this_term(db.session, [b, c], today) == {b: 1}
        assert engagement_svc.meetings_this_term(db.session, [a], date(2025, 12, 31)) == {a: 1}
    with app.app_context(), in_district(other_district):
        assert engagement_svc.meetings_this_term(db.session, None, date(2026, 3, 10)) == {}


def test_last_contact_changes_leave_the_network_and_search_alone(app, client, login_as,
                                                                 district, in_district):
    from app.models import District

    login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    with app.app_context(), in_district(district):
        before = db.session.get(District, district.id).network_changed_at
        search_before = db.session.get(Stakeholder, ana).search_text
    log(client, [ana])
    with app.app_context(), in_district(district):
        assert db.session.get(District, district.id).network_changed_at == before
        s = db.session.get(Stakeholder, ana)
        assert s.search_text == search_before and s.last_contact_at is not None


def test_another_districts_interaction_is_not_found(app, client, login_as, other_district,
                                                    in_district):
    login_as("editor")
    with app.app_context(), in_district(other_district):
        theirs = Interaction(kind="call", title="Their call", occurred_on=date(2026, 3, 1))
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    for url in (f"/engagement/{theirs_id}", f"/engagement/{theirs_id}/edit",
                f"/engagement/{theirs_id}/attendance"):
        assert client.get(url).status_code == 404
    assert "Their call" not in client.get("/engagement/").text


def _as_the_page_offers_it(page: str) -> dict:
    """The form's fields as the browser would post them untouched: its text inputs'
    values and each select's selected option (or its first)."""
    data = dict(re.findall(r'<input[^>]*?name="(\w+)"[^>]*?value="([^"]*)"', page))
    for name, options in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', options) \
            or re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', options) \
            or re.search(r'<option[^>]*value="([^"]*)"', options)
        data[name] = chosen.group(1)
    return data


def test_an_interaction_logs_and_saves_with_the_follow_up_left_as_offered(
        app, client, login_as, district, in_district):
    user_id = login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    page = client.get(f"/engagement/new?stakeholder_id={ana}").text
    data = _as_the_page_offers_it(page)
    assert data["fu_owner_id"] == str(user_id), "the follow-up's owner is offered as you"
    data.update(title="Coffee with Ana", participant_ids=[str(ana)])
    response = client.post("/engagement/new", data=data)
    assert response.status_code == 302, "no follow-up asked for, none demanded"
    edit_url = response.headers["Location"] + "/edit"
    saved = client.post(edit_url, data=_as_the_page_offers_it(client.get(edit_url).text)
                        | {"participant_ids": [str(ana)]})
    assert saved.status_code == 302, "saving the edit page untouched works"
    assert "Coffee with Ana" in client.get(saved.headers["Location"]).text


def test_a_follow_up_marked_done_on_the_interaction_page_can_be_undone(
        app, client, login_as, district, in_district):
    user_id = login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    url = log(client, [ana], fu_description="Send the transcript FAQ", fu_due_on="2026-03-20",
              fu_owner_id=str(user_id)).headers["Location"]
    with app.app_context(), in_district(district):
        fid = db.session.scalar(sa.select(FollowUp.id))
    done = client.post(f"/week/follow-ups/{fid}/done",
                       data={"csrf_token": csrf(client), "next": url}, follow_redirects=True)
    assert "Done: “Send the transcript FAQ”." in done.text
    undo_url = f"/week/follow-ups/{fid}/reopen"
    assert f'action="{undo_url}"' in done.text and ">Undo<" in done.text
    reopened = client.post(undo_url, data={"csrf_token": csrf(client), "next": url},
                           follow_redirects=True)
    assert "Open again: “Send the transcript FAQ”." in reopened.text
    assert "Mark done" in reopened.text and ">Undo<" not in reopened.text
    with app.app_context(), in_district(district):
        assert db.session.get(FollowUp, fid).done_at is None


def test_a_follow_up_due_in_the_past_is_saved_with_a_warning(
        app, client, login_as, district, in_district):
    user_id = login_as("editor")
    (ana,) = people(app, district, in_district, "Ana Ortiz")
    response = log(client, [ana], fu_description="Send the transcript FAQ",
                   fu_due_on="2026-03-05", fu_owner_id=str(user_id))
    assert response.status_code == 302, "logging a follow-up late is allowed"
    page = unescape(client.get(response.headers["Location"]).text)
    assert "Logged: Coffee with parents." in page
    assert ("The follow-up “Send the transcript FAQ” was due 5 Mar 2026, already past, "
            "so it shows as overdue.") in page
    assert "flash-warning" in page
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(FollowUp.due_on)) == date(2026, 3, 5)

    on_time = log(client, [ana], fu_description="Call back", fu_due_on="2026-03-10",
                  fu_owner_id=str(user_id))
    assert "already past" not in client.get(on_time.headers["Location"]).text
