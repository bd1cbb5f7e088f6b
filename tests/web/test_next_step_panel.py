"""The suggested next step: the profile card, and suggestions for many stakeholders at once."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from app.extensions import db
from app.models import Concern, Interaction, InteractionParticipant, Partnership, Stakeholder
from app.models.partnership import partnership_contacts
from app.services import stakeholders as svc
from app.services.next_steps import profiles_for, suggestions_for

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


def _person(name, group="parent", engagement="resistant", influence=4, interest=4,
            days_ago=None, kind="person", permitted=True) -> Stakeholder:
    s = Stakeholder(name=name, group=group, kind=kind, contact_permitted=permitted)
    svc.rate(db.session, s, svc.Ratings(influence, interest, engagement, "supportive", False,
                                        True, False), by_user_id=None)
    if days_ago is not None:
        s.last_contact_at = datetime.now(UTC) - timedelta(days=days_ago)
    db.session.flush()
    return s


def _meeting_with(people, concerns=0) -> None:
    meeting = Interaction(kind="focus_group", title="Listening session",
                          occurred_on=date(2026, 1, 10))
    db.session.add(meeting)
    db.session.flush()
    for p in people:
        db.session.add(InteractionParticipant(interaction_id=meeting.id, stakeholder_id=p.id,
                                              occurred_on=meeting.occurred_on))
    for i in range(concerns):
        db.session.add(Concern(interaction_id=meeting.id, theme="grading", text=f"Worry {i}"))
    db.session.flush()


def test_panel_shows_the_action_and_reason_with_figures(app, client, district, in_district,
                                                        login_as):
    login_as("editor")
    with app.app_context(), in_district(district):
        sid = _person("Rosa Resistant", days_ago=64).id
        db.session.commit()
    response = client.get(f"/week/next-step/{sid}", headers=HX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section id="next-step-panel" class="card')
    assert "Suggested next step" in html and "chat with their principal" in html
    assert "Resistant parent, key player, no contact for 64 days (cadence 30)" in html
    assert "<html" not in html


def test_panel_works_as_a_plain_page_for_viewers(app, client, district, in_district, login_as):
    login_as("viewer")
    with app.app_context(), in_district(district):
        sid = _person("Bea Business", group="business", engagement="supportive",
                      kind="organisation").id
        db.session.commit()
    html = client.get(f"/week/next-step/{sid}").text
    assert "advisory board" in html and "no active partnership" in html


def test_xss_named_stakeholder_renders_inert(app, client, district, in_district, login_as):
    login_as("editor")
    with app.app_context(), in_district(district):
        sid = _person(XSS).id
        _meeting_with([db.session.get(Stakeholder, sid)], concerns=1)
        db.session.commit()
    html = client.get(f"/week/next-step/{sid}", headers=HX).text
    assert XSS not in html
    assert "raised with &lt;img src=x onerror=alert(1)&gt;" in html


def test_unknown_and_other_district_ids_are_404(app, client, other_district, in_district,
                                                login_as):
    login_as("editor")
    with app.app_context(), in_district(other_district):
        sid = _person("Elsewhere").id
        db.session.commit()
    assert client.get(f"/week/next-step/{sid}").status_code == 404
    assert client.get("/week/next-step/987654").status_code == 404


@pytest.fixture
def town(app, district, in_district):
    """Parents with many open concerns, a higher-ed partner, businesses (one active
    partner), a do-not-contact official and a leading supporter."""
    with app.app_context(), in_district(district):
        parents = [_person(f"Parent {i}", engagement="supportive", influence=1, interest=4,
                           days_ago=5) for i in range(3)]
        _meeting_with(parents[:2], concerns=3)
        college = _person("State College", group="higher_ed", engagement="neutral",
                          kind="organisation", days_ago=5)
        acme = _person("Acme", group="business", engagement="supportive", kind="organisation",
                       days_ago=5)
        beta = _person("Beta", group="business", engagement="neutral", kind="organisation",
                       days_ago=5)
        beta_contact = _person("Bo at Beta", group="business", engagement="neutral",
                               days_ago=5)
        partnership = Partnership(organisation_id=beta.id, title="Internships", stage="active")
        db.session.add(partnership)
        db.session.flush()
        db.session.execute(sa.insert(partnership_contacts).values(
            partnership_id=partnership.id, stakeholder_id=beta_contact.id))
        official = _person("Mayor", group="elected", engagement="neutral", permitted=False)
        leader = _person("Lee Leader", group="community", engagement="leading", days_ago=5)
        db.session.commit()
        return {"parents": [p.id for p in parents], "college": college.id, "acme": acme.id,
                "beta": beta.id, "beta_contact": beta_contact.id, "official": official.id,
                "leader": leader.id}


def test_suggestions_for_many_stakeholders(app, district, in_district, town):
    with app.app_context(), in_district(district):
        ids = [*town["parents"], *(v for k, v in town.items() if k != "parents"), 999999]
        steps = suggestions_for(db.session, ids)
        profiles = profiles_for(db.session, ids)
    assert 999999 not in steps
    assert {steps[p].kind for p in town["parents"]} == {"focus_group"}
    assert profiles[town["parents"][0]].open_concerns == 3
    assert profiles[town["parents"][2]].open_concerns == 0
    assert profiles[town["parents"][2]].group_open_concerns == 3
    assert steps[town["college"]].kind == "speak_on_transcripts"
    assert steps[town["acme"]].kind == "advisory_board"
    assert profiles[town["beta"]].active_partnership
    assert profiles[town["beta_contact"]].active_partnership
    assert steps[town["beta"]].kind != "advisory_board"
    assert steps[town["official"]].kind == "work_through_others"
    assert steps[town["leader"]].kind == "champion"


def test_suggestions_use_a_fixed_number_of_queries(app, district, in_district, town):
    with app.app_context(), in_district(district):
        for i in range(40):
            _person(f"Extra {i}", group="community", engagement="neutral")
        db.session.commit()
        ids = db.session.scalars(sa.select(Stakeholder.id)).all()
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            steps = suggestions_for(db.session, ids)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(steps) == len(ids) > 45
    assert len(statements) <= 8  # a fixed number (one reads the district's time zone)
