"""The partnership pipeline board: columns, filters, moving cards (htmx and plain forms),
stale moves, the stage history, the stage list and the profile panel."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Partnership, PartnershipStageChange, Stakeholder
from app.models.partnership import partnership_contacts

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


def _org(name: str, **kw) -> Stakeholder:
    s = Stakeholder(name=name, name_key=name.lower(), kind="organisation", **kw)
    db.session.add(s)
    db.session.flush()
    return s


def _person(name: str) -> Stakeholder:
    s = Stakeholder(name=name, name_key=name.lower(), kind="person")
    db.session.add(s)
    db.session.flush()
    return s


def _partnership(org: Stakeholder, stage: str = "prospect", **kw) -> Partnership:
    p = Partnership(organisation_id=org.id, title=kw.pop("title", f"{org.name} internships"),
                    stage=stage, **kw)
    db.session.add(p)
    db.session.flush()
    return p


@pytest.fixture
def acme(app, district, in_district) -> dict:
    with app.app_context(), in_district(district):
        org = _org("Acme Tools")
        p = _partnership(org, type="mentoring")
        db.session.commit()
        return {"org": org.id, "p": p.id}


def _version(app, district, in_district, pid: int) -> int:
    with app.app_context(), in_district(district):
        return db.session.get(Partnership, pid).version


def test_board_shows_columns_and_card_facts(app, client, login_as, district, in_district):
    login_as("viewer")
    with app.app_context(), in_district(district):
        org = _org("Mercy Hospital")
        p = _partnership(org, "active", type="work_based_learning")
        from app.models import Commitment

        db.session.add(Commitment(partnership_id=p.id, quantity=20,
                                  description="internship places"))
        db.session.execute(partnership_contacts.insert().values(
            partnership_id=p.id, stakeholder_id=_person("Nora Nurse").id))
        db.session.commit()
        pid = p.id
    page = client.get("/partnerships/")
    assert page.status_code == 200
    for stage in ("Prospect", "Exploring", "Active", "Paused", "Ended"):
        assert f'id="column-{stage.lower()}"' in page.text
    card = page.text.split(f'id="partnership-{pid}"')[1].split("</article>")[0]
    assert "Mercy Hospital" in card and "Work-based learning/internships" in card
    assert "20 internship places" in card and "Contacts:</span> 1" in card
    assert "Since today" in card
    assert "Move to" not in card  # viewers see no move controls


def test_empty_board_says_how_to_start(client, login_as):
    login_as("editor")
    page = client.get("/partnerships/")
    assert "No partnerships yet" in page.text
    assert "/partnerships/suggestions" in page.text and "Start a partnership" in page.text


def test_filters_are_in_the_url_and_htmx_gets_only_the_board(app, client, login_as, district,
                                                             in_district, acme):
    login_as("editor")
    with app.app_context(), in_district(district):
        _partnership(_org("Beta Foods"), type="sponsorship")
        db.session.commit()
    full = client.get("/partnerships/?type=mentoring")
    assert "Acme Tools" in full.text and "Beta Foods" not in full.text
    part = client.get("/partnerships/?type=sponsorship",
                      headers={**HX, "HX-Target": "pipeline-board"})
    assert part.text.lstrip().startswith("{#") is False
    assert '<div id="pipeline-board"' in part.text and "<html" not in part.text
    assert "Beta Foods" in part.text and "Acme Tools" not in part.text


def test_moving_a_card_with_htmx_records_the_history(app, client, auth, login_as, district,
                                                     in_district, acme):
    user_id = login_as("editor")
    version = _version(app, district, in_district, acme["p"])
    response = client.post(f"/partnerships/{acme['p']}/stage",
                           headers={**HX, "HX-Target": "pipeline-board"},
                           data={"csrf_token": auth.csrf(), "stage": "exploring",
                                 "version": version, "note": "First call went well"})
    assert response.status_code == 200
    assert "Moved from Prospect to Exploring." in response.text
    assert "partnerships-changed" in response.headers["HX-Trigger"]
    column = response.text.split('id="column-exploring"')[1].split("</section>")[0]
    assert "Acme Tools" in column
    with app.app_context(), in_district(district):
        p = db.session.get(Partnership, acme["p"])
        assert p.stage == "exploring" and p.version == version + 1
        change = db.session.scalars(sa.select(PartnershipStageChange)).one()
        assert (change.from_stage, change.to_stage, change.changed_by_id, change.note) == \
            ("prospect", "exploring", user_id, "First call went well")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.record_type == "PartnershipStageChange"))
    detail = client.get(f"/partnerships/{acme['p']}")
    assert "Prospect → Exploring" in unescape(detail.text) and "First call went well" in detail.text


def test_a_stale_move_gets_409_and_keeps_the_other_users_move(app, client, auth, login_as,
                                                               district, in_district, acme):
    login_as("editor")
    old = _version(app, district, in_district, acme["p"])
    token = auth.csrf()
    first = client.post(f"/partnerships/{acme['p']}/stage",
                        headers={**HX, "HX-Target": "pipeline-board"},
                        data={"csrf_token": token, "stage": "active", "version": old})
    assert first.status_code == 200
    second = client.post(f"/partnerships/{acme['p']}/stage",
                         headers={**HX, "HX-Target": f"partnership-{acme['p']}"},
                         data={"csrf_token": token, "stage": "ended", "version": old})
    assert second.status_code == 409
    assert "Someone else changed this partnership" in second.text
    assert "it is in Active now" in second.text
    assert second.text.lstrip().startswith('<article id="partnership-')
    assert 'data-stage="active"' in second.text
    with app.app_context(), in_district(district):
        assert db.session.get(Partnership, acme["p"]).stage == "active"
        assert db.session.scalar(sa.select(sa.func.count(PartnershipStageChange.id))) == 1


def test_a_stale_move_on_the_board_rerenders_the_board_with_the_message(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    old = _version(app, district, in_district, acme["p"])
    with app.app_context(), in_district(district):
        db.session.get(Partnership, acme["p"]).stage = "paused"
        db.session.commit()
    response = client.post(f"/partnerships/{acme['p']}/stage",
                           headers={**HX, "HX-Target": "pipeline-board"},
                           data={"csrf_token": auth.csrf(), "stage": "exploring",
                                 "version": old})
    assert response.status_code == 409
    column = response.text.split('id="column-paused"')[1].split("</section>")[0]
    assert "Acme Tools" in column and "it is in Paused now" in column


def test_refused_moves_say_why(app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    with app.app_context(), in_district(district):
        db.session.get(Partnership, acme["p"]).stage = "ended"
        db.session.commit()
    version = _version(app, district, in_district, acme["p"])
    token = auth.csrf()
    refused = client.post(f"/partnerships/{acme['p']}/stage",
                          headers={**HX, "HX-Target": f"partnership-{acme['p']}"},
                          data={"csrf_token": token, "stage": "active", "version": version})
    assert refused.status_code == 422
    assert "reopened to Prospect or Exploring first" in refused.text
    same = client.post(f"/partnerships/{acme['p']}/stage",
                       data={"csrf_token": token, "stage": "ended", "version": version})
    assert same.status_code == 422 and "already in Ended" in same.text


def test_moving_without_javascript_redirects_back_with_a_message(app, client, auth, login_as,
                                                                 district, in_district, acme):
    login_as("editor")
    version = _version(app, district, in_district, acme["p"])
    response = client.post(f"/partnerships/{acme['p']}/stage",
                           data={"csrf_token": auth.csrf(), "stage": "exploring",
                                 "version": version, "next": "/partnerships/?type=mentoring"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/partnerships/?type=mentoring"
    page = client.get(response.headers["Location"])
    assert "moved to Exploring" in page.text


def test_viewer_cannot_move(app, client, auth, login_as, district, in_district, acme):
    login_as("viewer")
    version = _version(app, district, in_district, acme["p"])
    response = client.post(f"/partnerships/{acme['p']}/stage",
                           data={"csrf_token": auth.csrf(), "stage": "active",
                                 "version": version})
    assert response.status_code == 403
    with app.app_context(), in_district(district):
        assert db.session.get(Partnership, acme["p"]).stage == "prospect"


def test_other_districts_partnership_is_404(app, client, auth, login_as, other_district,
                                            in_district):
    login_as("editor")
    with app.app_context(), in_district(other_district):
        pid = _partnership(_org("Elsewhere Inc")).id
        db.session.commit()
    assert client.get(f"/partnerships/{pid}").status_code == 404
    response = client.post(f"/partnerships/{pid}/stage",
                           data={"csrf_token": auth.csrf(), "stage": "active", "version": 1})
    assert response.status_code == 404
    assert "Elsewhere Inc" not in client.get("/partnerships/").text


def test_xss_named_organisation_is_inert_on_the_board(app, client, login_as, district,
                                                      in_district):
    login_as("editor")
    with app.app_context(), in_district(district):
        _partnership(_org(XSS), title=XSS)
        db.session.commit()
    page = client.get("/partnerships/")
    assert XSS not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_a_full_column_shows_fifty_and_a_show_all_link_to_a_paged_list(
        app, client, login_as, district, in_district):
    login_as("viewer")
    with app.app_context(), in_district(district):
        org = _org("Big Org")
        for i in range(53):
            _partnership(org, "active", title=f"Deal {i:02d}")
        db.session.commit()
    page = client.get("/partnerships/")
    column = page.text.split('id="column-active"')[1].split("</section>")[0]
    assert column.count("<article") == 50
    assert "Show all 53 in Active" in column
    listing = client.get("/partnerships/list?stage=active")
    assert listing.text.count("<article") == 50 and "Page 1 of 2" in listing.text
    second = client.get("/partnerships/list?stage=active&page=2")
    assert second.text.count("<article") == 3


def test_panel_lists_an_organisations_partnerships_and_a_start_link(app, client, login_as,
                                                                    district, in_district, acme):
    login_as("editor")
    page = client.get(f"/partnerships/panel/{acme['org']}", headers=HX)
    assert page.text.lstrip().startswith('<section id="partnership-panel" class="card"')
    assert "Acme Tools internships" in page.text and "Prospect" in page.text
    assert f"/partnerships/new?organisation_id={acme['org']}" in page.text


def test_panel_lists_partnerships_a_person_is_contact_for(app, client, login_as, district,
                                                          in_district, acme):
    login_as("viewer")
    with app.app_context(), in_district(district):
        person_id = _person("Pat Contact").id
        db.session.execute(partnership_contacts.insert().values(
            partnership_id=acme["p"], stakeholder_id=person_id))
        db.session.commit()
    page = client.get(f"/partnerships/panel/{person_id}")
    assert 'id="partnership-panel"' in page.text
    assert "Acme Tools internships" in page.text and "with Acme Tools" in page.text
    assert "Start a partnership" not in page.text


def test_panel_of_another_districts_stakeholder_is_404(app, client, login_as, other_district,
                                                       in_district):
    login_as("viewer")
    with app.app_context(), in_district(other_district):
        sid = _org("Hidden").id
        db.session.commit()
    assert client.get(f"/partnerships/panel/{sid}").status_code == 404


def test_board_has_no_inline_script_or_handlers(app, client, login_as, acme):
    login_as("editor")
    page = client.get("/partnerships/")
    assert not re.search(r"\son[a-z]+=", page.text)
    assert "<script>" not in page.text and 'style="' not in page.text


def test_a_card_in_the_stage_list_moves_as_a_fragment(app, client, auth, login_as, district,
                                                      in_district, acme):
    login_as("editor")
    listing = client.get("/partnerships/list?stage=prospect")
    assert f'hx-target="#partnership-{acme["p"]}"' in listing.text
    version = _version(app, district, in_district, acme["p"])
    moved = client.post(f"/partnerships/{acme['p']}/stage",
                        headers={**HX, "HX-Target": f"partnership-{acme['p']}"},
                        data={"csrf_token": auth.csrf(), "stage": "active", "version": version})
    assert moved.status_code == 200
    assert moved.text.lstrip().startswith(f'<article id="partnership-{acme["p"]}"')
    assert "Moved from Prospect to Active." in moved.text and 'data-stage="active"' in moved.text


def test_a_stale_move_from_the_record_page_without_javascript_is_409(
        app, client, auth, login_as, district, in_district, acme):
    login_as("editor")
    page = client.get(f"/partnerships/{acme['p']}")
    assert "Stage history" in page.text and 'name="note"' in page.text
    old = _version(app, district, in_district, acme["p"])
    with app.app_context(), in_district(district):
        db.session.get(Partnership, acme["p"]).stage = "exploring"
        db.session.commit()
    response = client.post(f"/partnerships/{acme['p']}/stage",
                           data={"csrf_token": auth.csrf(), "stage": "active", "version": old})
    assert response.status_code == 409
    assert "it is in Exploring now" in response.text and "<html" in response.text
