"""The champion finder: ranking, reasons, filters, "not a fit", weights and the questions panel."""

import re
from html import unescape

import pytest
import sqlalchemy as sa

from app import tenancy
from app.extensions import db
from app.models import (
    AuditEvent,
    ChampionProfile,
    DistrictSetting,
    Relationship,
    School,
    Stakeholder,
    TableSeat,
)
from app.services import champions as champion_svc
from app.services import network
from app.services import stakeholders as svc

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def _fresh_cache():
    champion_svc.clear_cache()
    yield
    champion_svc.clear_cache()


def _add(name, group, engagement, influence, interest=3, kind="person", schools=(),
         languages=()) -> Stakeholder:
    s = Stakeholder(name=name, group=group, kind=kind)
    svc.rate(db.session, s, svc.Ratings(influence, interest, engagement, "leading", False, True,
                                        False), by_user_id=None)
    if schools or languages:
        svc.set_labels(db.session, s, schools=list(schools), languages=list(languages))
    svc.refresh_search_text(db.session, s)
    return s


def _tie(a: Stakeholder, b: Stakeholder, strength: int = 2) -> None:
    db.session.add(Relationship(source_id=min(a.id, b.id), target_id=max(a.id, b.id),
                                strength=strength))


def _build_town() -> dict[str, int]:
    """A small district: Maria, a leading, influential broker between parents and
    business; Connie, a supportive connector into groups nobody engages; Rita, an
    influential but resistant official; a supportive organisation; people who aren't
    candidates (neutral, low influence)."""
    north = "Northwood Elementary"
    maria = _add("Maria Broker", "community", "leading", 5, 5)
    parents = [
        _add("Pilar Uno", "parent", "neutral", 2, schools=[north], languages=["Spanish"]),
        _add("Pedro Dos", "parent", "neutral", 2, schools=[north], languages=["Spanish"]),
        _add("Paula Tres", "parent", "neutral", 2, schools=["Southside Middle"],
             languages=["Spanish"]),
        _add("Pat Four", "parent", "neutral", 2, schools=[north], languages=["English"]),
    ]
    businesses = [
        _add("Acme Tools", "business", "supportive", 3, kind="organisation"),
        _add("Beta Foods", "business", "neutral", 2, kind="organisation"),
        _add("Gamma Labs", "business", "neutral", 2, kind="organisation"),
    ]
    connie = _add("Connie Connector", "faith", "supportive", 3)
    media = _add("Mo Media", "media", "neutral", 2)
    health = _add("Hana Health", "health", "neutral", 2)
    rita = _add("Rita Resistant", "elected", "resistant", 5, 2)
    rotary = _add("Northwood Rotary", "community", "supportive", 4, kind="organisation")
    for group in (parents, businesses):
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                _tie(x, y, 3)
    _tie(maria, parents[0], 3)
    _tie(maria, businesses[0], 3)
    _tie(connie, parents[2], 1)
    _tie(connie, media, 1)
    _tie(connie, health, 1)
    _tie(rita, businesses[1], 1)
    named = {"maria": maria, "connie": connie, "rita": rita, "rotary": rotary,
             "acme": businesses[0], "pilar": parents[0], "pedro": parents[1],
             "paula": parents[2], "media": media}
    db.session.flush()
    return {key: s.id for key, s in named.items()}


@pytest.fixture
def town(app, district, in_district):
    with app.app_context(), in_district(district):
        ids = _build_town()
        db.session.commit()
        network.run_pending_jobs(db.session)
    return ids


def _order(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li id="champion-(\d+)"', html)]


def _score(html: str) -> float:
    return float(re.search(r'class="score-value">([\d.]+)<', html).group(1))


def _count(app, district, model, *where) -> int:
    with app.app_context(), tenancy.district_context(district.id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


# --- Ranking, reasons, the score explained ------------------------------------------------


def test_leading_influential_broker_ranks_first_and_resistant_one_last(client, login_as, town):
    login_as("viewer")
    page = client.get("/champions/")
    assert page.status_code == 200
    order = _order(page.text)
    assert order[0] == town["maria"]
    assert order[-1] == town["rita"] or town["rita"] not in order
    assert town["pilar"] not in order, "neutral, low-influence people are not candidates"
    assert {town["connie"], town["rotary"], town["acme"]} <= set(order)


def test_each_suggestion_says_why_in_words_and_figures(client, login_as, town):
    login_as("viewer")
    html = client.get("/champions/").text
    first = html[html.index(f'id="champion-{town["maria"]}"'):]
    first = first[:first.index("</li>\n</li>") if "</li>\n</li>" in first else 4000]
    assert "Leading supporter" in first
    assert "influence 5" in first
    assert "Score breakdown: Influence 20 · Engagement 20" in unescape(first)
    assert "influence 5 of 5" in first  # the figure behind the component
    assert "Community organisation" in first and "chip level-leading" in first


def test_page_explains_the_score_weights_and_network_result(client, login_as, town):
    login_as("viewer")
    html = client.get("/champions/").text
    assert "How the score works" in html
    assert "Broker between groups (approx. betweenness percentile)" in html
    assert "This district uses the default weights." in html
    assert re.search(r"finished <time[^>]*>[^<]+</time> over 15 relationships", html)
    assert "no supportive or leading stakeholder" in html  # nobody seated yet
    assert "Parent/family" in html.split("Missing groups")[1].split("</p>")[0]
    assert "supportive or leading (PMBOK engagement level), influence 4 or 5" in html


def test_page_says_recomputing_while_a_new_network_result_is_pending(app, client, login_as,
                                                                    district, town):
    with app.app_context(), tenancy.district_context(district.id):
        _add("Newcomer", "parent", "neutral", 2)
        db.session.commit()
    login_as("viewer")
    assert "Recomputing now; showing the last result." in client.get("/champions/").text


def test_empty_district_says_what_to_do_next(client, login_as):
    login_as("editor")
    html = client.get("/champions/").text
    assert "No suggested champions yet" in html
    assert "count 0 until the first network computation finishes" in html


def test_filter_change_returns_only_the_results_fragment(client, login_as, town):
    login_as("viewer")
    response = client.get("/champions/?kind=organisation",
                          headers={**HX, "HX-Target": "champion-results"})
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="champion-results"')
    assert response.headers["HX-Push-Url"] == "/champions/?kind=organisation"


def test_show_more_pages_through_the_ranking(app, client, login_as, district, town):
    with app.app_context(), tenancy.district_context(district.id):
        for i in range(30):
            _add(f"Supporter {i:02d}", "educator", "supportive", 3)
        db.session.commit()
    login_as("viewer")
    first = client.get("/champions/")
    assert len(_order(first.text)) == 25
    assert "Show more suggestions" in first.text
    more = client.get("/champions/?page=2", headers={**HX, "HX-Target": "champion-more"})
    rest = _order(more.text)
    assert "<html" not in more.text and 0 < len(rest) <= 25
    assert not set(rest) & set(_order(first.text))
    whole = client.get("/champions/?page=2")  # without JavaScript: both pages at once
    assert _order(whole.text) == _order(first.text) + rest


# --- Filters ------------------------------------------------------------------------------


def test_audience_filter_keeps_those_who_reach_spanish_speaking_parents_at_a_school(
        app, client, login_as, district, town):
    with app.app_context(), tenancy.district_context(district.id):
        school = db.session.scalar(sa.select(School.id)
                                   .where(School.name == "Northwood Elementary"))
    login_as("viewer")
    html = client.get(f"/champions/?audience_group=parent&audience_school={school}"
                      "&audience_language=Spanish").text
    assert _order(html) == [town["maria"]], "only Maria knows one of them (Connie's parent " \
                                            "is at another school)"
    assert "Champions who can reach Spanish-speaking parents/families at Northwood " \
           "Elementary" in html
    assert "reaches 1 Spanish-speaking parent/family at Northwood Elementary" in html


def test_audience_includes_candidates_who_belong_to_it(app, client, login_as, district, town):
    with app.app_context(), tenancy.district_context(district.id):
        pedro = db.session.get(Stakeholder, town["pedro"])
        champion_svc.save_answers(db.session, pedro, {"respected": True}, None)
        db.session.commit()
    login_as("viewer")
    html = client.get("/champions/?audience_group=parent&audience_language=Spanish").text
    assert town["pedro"] in _order(html)
    assert "reaches 2 Spanish-speaking parents/families (and is one)" in html


def test_business_partnerships_preset_and_kind_filter(client, login_as, town):
    login_as("viewer")
    business = client.get("/champions/?audience_group=business").text
    assert "Champions for business partnerships" in business
    assert set(_order(business)) == {town["maria"], town["acme"], town["rita"]}
    organisations = _order(client.get("/champions/?kind=organisation").text)
    assert set(organisations) == {town["rotary"], town["acme"]}


def test_exclude_people_already_at_the_table(app, client, login_as, district, town):
    with app.app_context(), tenancy.district_context(district.id):
        db.session.add(TableSeat(stakeholder_id=town["maria"], body="visioning_team"))
        db.session.commit()
    login_as("viewer")
    everyone = client.get("/champions/").text
    assert town["maria"] in _order(everyone) and "At the table" in everyone
    assert "nobody seated at the decision-making table" in everyone
    html = client.get("/champions/?exclude_seated=1").text
    assert town["maria"] not in _order(html)
    assert 'name="exclude_seated" value="1" checked' in html


# --- Not a fit ----------------------------------------------------------------------------


def test_not_a_fit_removes_the_row_and_is_remembered_and_audited(app, client, auth, login_as,
                                                                district, town):
    login_as("editor")
    token = auth.csrf()
    response = client.post(f"/champions/{town['maria']}/not-a-fit", headers={
        **HX, "HX-Target": f"champion-{town['maria']}"},
        data={"csrf_token": token, "reason": "Moving out of state in June",
              "next": "/champions/"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li id="champion-{town["maria"]}"')
    assert response.headers["HX-Trigger"] == "champions-changed"
    assert town["maria"] not in _order(client.get("/champions/").text)
    listed = client.get("/champions/not-a-fit").text
    assert "Maria Broker" in listed and "Moving out of state in June" in listed
    with app.app_context(), tenancy.district_context(district.id):
        event = db.session.scalar(sa.select(AuditEvent)
                                  .where(AuditEvent.record_type == "ChampionProfile"))
        assert event.changes["not_a_fit_reason"] == {"after": "Moving out of state in June"}
    count = client.get("/champions/", headers={**HX, "HX-Target": "champion-count"})
    assert "1 marked not a fit" in count.text and "<html" not in count.text


def test_not_a_fit_leaves_a_focused_note_with_restore_in_place(client, auth, login_as, town):
    login_as("editor")
    token = auth.csrf()
    row = f"champion-{town['maria']}"
    marked = client.post(f"/champions/{town['maria']}/not-a-fit", headers={
        **HX, "HX-Target": row}, data={"csrf_token": token, "reason": "Too busy",
                                       "next": "/champions/?kind=person"})
    note = re.search(r'<p [^>]*role="status"[^>]*>(.*?)</p>', marked.text, re.S)
    assert note and "Maria Broker marked not a fit" in unescape(note.group(0))
    assert "autofocus" in note.group(0) and 'tabindex="-1"' in note.group(0)
    restore_url = f"/champions/{town['maria']}/restore"
    assert f'action="{restore_url}"' in marked.text and f'hx-target="#{row}"' in marked.text
    assert 'name="next" value="/champions/?kind=person"' in marked.text, "works without JS"
    assert "Restore" in marked.text and 'href="/champions/not-a-fit"' in marked.text

    restored = client.post(restore_url, headers={**HX, "HX-Target": row},
                           data={"csrf_token": token, "next": "/champions/?kind=person"})
    assert restored.status_code == 200 and restored.headers["HX-Trigger"] == "champions-changed"
    assert restored.text.lstrip().startswith(f'<li id="{row}" class="champion-item">')
    assert "Maria Broker is back among the suggested champions." in restored.text
    assert "Mark not a fit" in restored.text, "the row is whole again"
    assert _order(client.get("/champions/").text)[0] == town["maria"]

    client.post(f"/champions/{town['maria']}/not-a-fit", data={"csrf_token": token,
                                                               "reason": "Too busy"})
    no_js = client.post(restore_url, data={"csrf_token": token,
                                           "next": "/champions/?kind=person"})
    assert no_js.status_code == 302 and no_js.headers["Location"] == "/champions/?kind=person"
    assert town["maria"] in _order(client.get("/champions/").text)


def test_not_a_fit_needs_a_reason(client, auth, login_as, town):
    login_as("editor")
    response = client.post(f"/champions/{town['maria']}/not-a-fit", headers={
        **HX, "HX-Target": f"champion-{town['maria']}"},
        data={"csrf_token": auth.csrf(), "reason": "   "})
    assert response.status_code == 422
    assert "Say briefly why" in response.text
    assert response.text.lstrip().startswith(f'<li id="champion-{town["maria"]}"')
    no_js = client.post(f"/champions/{town['maria']}/not-a-fit",
                        data={"csrf_token": auth.csrf(), "reason": "x" * 301,
                              "next": "/champions/?kind=person"})
    assert no_js.status_code == 422 and "under 300 characters" in no_js.text
    assert town["maria"] in _order(client.get("/champions/").text)


def test_not_a_fit_without_javascript_redirects_back_with_a_message(client, auth, login_as,
                                                                    town):
    login_as("editor")
    response = client.post(f"/champions/{town['rotary']}/not-a-fit",
                           data={"csrf_token": auth.csrf(), "reason": "Disbanded",
                                 "next": "/champions/?kind=organisation"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/champions/?kind=organisation"
    assert "Northwood Rotary is marked not a fit" in client.get("/champions/").text


def test_restore_brings_them_back(app, client, auth, login_as, district, town):
    login_as("editor")
    token = auth.csrf()
    client.post(f"/champions/{town['maria']}/not-a-fit", data={"csrf_token": token,
                                                               "reason": "Too busy"})
    response = client.post(f"/champions/{town['maria']}/restore", headers={
        **HX, "HX-Target": f"notfit-{town['maria']}"}, data={"csrf_token": token})
    assert response.status_code == 200 and response.text == ""
    assert _order(client.get("/champions/").text)[0] == town["maria"]
    assert "Nobody is marked not a fit." in client.get("/champions/not-a-fit").text
    count = client.get("/champions/not-a-fit", headers={**HX, "HX-Target": "not-a-fit-count"})
    assert "<html" not in count.text and "Nobody is marked not a fit." in count.text


def test_viewer_cannot_mark_not_a_fit_or_restore(app, client, auth, login_as, district, town):
    login_as("viewer")
    token = auth.csrf()
    page = client.get("/champions/").text
    assert "Mark not a fit" not in page
    for url in (f"/champions/{town['maria']}/not-a-fit", f"/champions/{town['maria']}/restore"):
        assert client.post(url, data={"csrf_token": token, "reason": "no"}).status_code == 403
    assert _count(app, district, ChampionProfile) == 0


# --- Weights ------------------------------------------------------------------------------


WEIGHT_KEYS = ("influence", "engagement", "interest", "brokerage", "leadership", "reach",
               "recency", "questions")


def _weights(token, **values) -> dict:
    data = {"csrf_token": token, **{k: "0" for k in WEIGHT_KEYS}}
    data.update({k: str(v) for k, v in values.items()})
    return data


def test_admin_raises_reach_weight_and_the_connector_rises_to_the_top(app, client, auth,
                                                                     login_as, district, town):
    login_as("admin")
    token = auth.csrf()
    assert _order(client.get("/champions/").text)[0] == town["maria"]
    preview = client.post("/champions/weights", data={**_weights(token, reach=100),
                                                      "preview": "1"})
    assert preview.status_code == 200
    assert "before → after" in unescape(preview.text)
    after = preview.text.split("With these weights")[1]
    assert after.index("Connie Connector") < after.index("Maria Broker")
    assert _count(app, district, DistrictSetting) == 0, "a preview saves nothing"
    saved = client.post("/champions/weights", data={**_weights(token, reach=100), "save": "1"})
    assert saved.status_code == 302 and saved.headers["Location"] == "/champions/"
    page = client.get("/champions/").text
    assert _order(page)[0] == town["connie"]
    assert "This district has adjusted the weights" in page
    with app.app_context(), tenancy.district_context(district.id):
        event = db.session.scalar(sa.select(AuditEvent)
                                  .where(AuditEvent.record_type == "DistrictSetting"))
        assert event.action == "create" and event.changes["value"]["after"]["reach"] == 100
    reset = client.post("/champions/weights", data={"reset-csrf_token": token,
                                                    "reset-submit": "1"})
    assert reset.status_code == 302
    assert _order(client.get("/champions/").text)[0] == town["maria"]


def test_weights_are_validated(client, auth, login_as, town):
    login_as("admin")
    response = client.post("/champions/weights",
                           data={**_weights(auth.csrf(), reach=101), "save": "1",
                                 "influence": "lots"})
    assert response.status_code == 422
    assert "Weights run from 0 to 100." in response.text
    assert "Not a valid integer value" in response.text
    assert 'id="influence" aria-invalid="true"' in response.text or \
        'aria-invalid="true" id="influence"' in response.text


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_admins_adjust_weights(app, client, auth, login_as, district, role):
    login_as(role)
    assert client.get("/champions/weights").status_code == 403
    response = client.post("/champions/weights", data={**_weights(auth.csrf(), reach=100),
                                                       "save": "1"})
    assert response.status_code == 403
    assert _count(app, district, DistrictSetting) == 0


# --- The champion questions panel ------------------------------------------------------------


def test_panel_is_a_fragment_for_htmx_and_a_page_without(client, login_as, town):
    login_as("editor")
    url = f"/champions/stakeholders/{town['maria']}/panel"
    fragment = client.get(url, headers={**HX, "HX-Target": "champion-panel"})
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<section id="champion-panel"')
    assert "#1</strong> of 5 candidates" in fragment.text
    assert "Respected and trusted in the community?" in fragment.text
    page = client.get(url)
    assert "<html" in page.text and f'href="/stakeholders/{town["maria"]}"' in page.text


def test_answering_yes_raises_the_score(app, client, auth, login_as, district, town):
    login_as("editor")
    url = f"/champions/stakeholders/{town['acme']}"
    before = _score(client.get(f"{url}/panel", headers=HX).text)
    response = client.post(f"{url}/questions", headers={**HX, "HX-Target": "champion-panel"},
                           data={"csrf_token": auth.csrf(), "respected": "yes",
                                 "passionate": "yes", "connected": "no",
                                 "available": "unknown"})
    assert response.status_code == 200
    assert "Champion questions saved." in response.text
    assert _score(response.text) == before + 7.5  # two of four yes x weight 15
    assert re.search(r'<input checked id="respected-0"[^>]*value="yes"', response.text)
    with app.app_context(), tenancy.district_context(district.id):
        profile = db.session.scalar(sa.select(ChampionProfile))
        assert (profile.respected, profile.passionate, profile.connected, profile.available) \
            == (True, True, False, None)


def test_answering_yes_brings_a_non_candidate_into_the_ranking(client, auth, login_as, town):
    login_as("editor")
    url = f"/champions/stakeholders/{town['media']}"
    assert "Not among the candidates" in client.get(f"{url}/panel", headers=HX).text
    response = client.post(f"{url}/questions", headers=HX,
                           data={"csrf_token": auth.csrf(), "respected": "yes",
                                 "passionate": "yes", "connected": "yes", "available": "yes"})
    assert "of 6 candidates" in response.text
    assert town["media"] in _order(client.get("/champions/").text)


def test_invalid_answer_gets_422_with_the_message(client, auth, login_as, town):
    login_as("editor")
    response = client.post(f"/champions/stakeholders/{town['acme']}/questions", headers=HX,
                           data={"csrf_token": auth.csrf(), "respected": "maybe"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.text
    assert "Choose yes, no or not asked" in response.text


def test_viewer_sees_answers_read_only_and_cannot_post(app, client, auth, login_as, district,
                                                      town):
    login_as("viewer")
    html = client.get(f"/champions/stakeholders/{town['acme']}/panel", headers=HX).text
    assert "Save answers" not in html and "Not asked" in html
    response = client.post(f"/champions/stakeholders/{town['acme']}/questions",
                           data={"csrf_token": auth.csrf(), "respected": "yes"})
    assert response.status_code == 403
    assert _count(app, district, ChampionProfile) == 0


def test_not_a_fit_and_restore_from_the_panel(client, auth, login_as, town):
    login_as("editor")
    token = auth.csrf()
    headers = {**HX, "HX-Target": "champion-panel"}
    marked = client.post(f"/champions/{town['maria']}/not-a-fit", headers=headers,
                         data={"csrf_token": token, "reason": "Conflict of interest"})
    assert marked.status_code == 200
    assert "Not suggested: marked not a fit" in marked.text
    assert "Conflict of interest" in marked.text
    restored = client.post(f"/champions/{town['maria']}/restore", headers=headers,
                           data={"csrf_token": token})
    assert "#1</strong>" in restored.text


# --- Isolation and safety -------------------------------------------------------------------


def test_another_districts_ids_are_404_and_nothing_changes(app, client, auth, login_as,
                                                          district, other_district, town):
    with app.app_context(), tenancy.district_context(other_district.id):
        theirs = _add("Their Champion", "business", "leading", 5).id
        db.session.commit()
    login_as("admin")
    token = auth.csrf()
    audit_before = _count(app, district, AuditEvent)
    assert client.get(f"/champions/stakeholders/{theirs}/panel").status_code == 404
    for url, data in ((f"/champions/{theirs}/not-a-fit", {"reason": "x"}),
                      (f"/champions/{theirs}/restore", {}),
                      (f"/champions/stakeholders/{theirs}/questions", {"respected": "yes"})):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404
    assert _count(app, other_district, ChampionProfile) == 0
    assert _count(app, district, ChampionProfile) == 0
    assert _count(app, district, AuditEvent) == audit_before
    assert "Their Champion" not in client.get("/champions/").text


def test_xss_name_renders_inert(app, client, auth, login_as, district, town):
    with app.app_context(), tenancy.district_context(district.id):
        evil = _add(XSS, "business", "leading", 5)
        evil_id = evil.id
        db.session.commit()
    login_as("editor")
    client.post(f"/champions/{evil_id}/not-a-fit",
                data={"csrf_token": auth.csrf(), "reason": '" hx-get="/x'})
    pages = [client.get(f"/champions/stakeholders/{evil_id}/panel"),
             client.get(f"/champions/stakeholders/{evil_id}/panel", headers=HX),
             client.get("/champions/not-a-fit")]
    client.post(f"/champions/{evil_id}/restore", data={"csrf_token": auth.csrf()})
    pages.append(client.get("/champions/"))
    for page in pages:
        assert XSS not in page.text
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
        assert 'hx-get="/x' not in page.text


def test_posts_without_csrf_token_are_refused(app, client, login_as, district, town):
    login_as("admin")
    for url, data in ((f"/champions/{town['maria']}/not-a-fit", {"reason": "x"}),
                      (f"/champions/{town['maria']}/restore", {}),
                      (f"/champions/stakeholders/{town['maria']}/questions",
                       {"respected": "yes"}),
                      ("/champions/weights", _weights("", reach=100) | {"save": "1"})):
        data.pop("csrf_token", None)
        assert client.post(url, data=data).status_code == 400
    assert _count(app, district, ChampionProfile) == 0
    assert _count(app, district, DistrictSetting) == 0


# --- The cache follows changes -----------------------------------------------------------------


def test_cached_ranking_patched_after_edits_equals_a_fresh_build(app, district, town):
    with app.app_context(), tenancy.district_context(district.id):
        champion_svc.current_ranking(db.session, district.id)
        acme = db.session.get(Stakeholder, town["acme"])
        svc.rate(db.session, acme, svc.Ratings.of(acme).replace(influence=5), by_user_id=None)
        champion_svc.mark_not_a_fit(db.session, db.session.get(Stakeholder, town["connie"]),
                                    "busy", None)
        newcomer = _add("Nadia Newcomer", "health", "supportive", 4)
        db.session.delete(db.session.get(Stakeholder, town["rita"]))
        db.session.commit()
        patched = champion_svc.current_ranking(db.session, district.id)
        assert patched.pool.patched
        champion_svc.clear_cache()
        fresh = champion_svc.current_ranking(db.session, district.id)
        assert not fresh.pool.patched
        assert [(s, c) for s, c in patched.order] == [(s, c) for s, c in fresh.order]
        ranked = {c.id for _, c in patched.order}
        assert town["connie"] not in ranked and town["rita"] not in ranked
        assert newcomer.id in ranked


@pytest.mark.parametrize("button", ["preview", "save"])
def test_all_zero_weights_are_refused_with_a_reason(app, client, auth, login_as, district,
                                                    town, button):
    login_as("admin")
    response = client.post("/champions/weights", data={**_weights(auth.csrf()), button: "1"})
    assert response.status_code == 422
    html = unescape(response.text)
    assert "Give at least one weight a value above 0." in html
    assert "Top 0" not in html
    assert _count(app, district, DistrictSetting) == 0
