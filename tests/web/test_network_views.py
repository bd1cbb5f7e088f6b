"""Network pages: neighbourhood and filtered graphs, the metrics panel on profiles, and
"Who can introduce us?" warm introduction paths."""

import html
import json
import re
from html import unescape

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Affiliation, Relationship, Stakeholder
from app.services import network
from app.services.stakeholders import Ratings, rate, refresh_search_text

XSS = '"><img src=x onerror=alert(1)>'
HTMX = {"HX-Request": "true"}


@pytest.fixture
def app(app):
    # The introduction graph is cached per process by district id; every test starts
    # with a new database whose first district is id 1 again.
    network._intro_graphs.clear()
    return app


def person(name, group="parent", engagement="neutral", *, influence=3, kind="person") -> int:
    """Create a stakeholder through the services (current district, no commit); its id."""
    s = Stakeholder(name=name, group=group, kind=kind)
    ratings = Ratings(influence, 3, engagement, "leading", False, True, False)
    rate(db.session, s, ratings, by_user_id=None)
    refresh_search_text(db.session, s)
    return s.id


def relate(a, b, strength=2, type_="colleague") -> None:
    """A relationship, stored once per pair with the lower id first (no commit)."""
    db.session.add(
        Relationship(source_id=min(a, b), target_id=max(a, b), strength=strength, type=type_)
    )


@pytest.fixture
def add(app, district, in_district):
    """Create and commit a stakeholder; returns its id."""

    def make(*args, within=None, **kwargs):
        with app.app_context(), in_district(within or district):
            stakeholder_id = person(*args, **kwargs)
            db.session.commit()
            return stakeholder_id

    return make


@pytest.fixture
def tie(app, district, in_district):
    """Create and commit a relationship."""

    def make(*args, within=None):
        with app.app_context(), in_district(within or district):
            relate(*args)
            db.session.commit()

    return make


@pytest.fixture
def compute(app):
    """Run the queued network recomputations (tests run them explicitly)."""

    def run():
        with app.app_context():
            network.run_pending_jobs(db.session)

    return run


@pytest.fixture
def town(app, district, in_district):
    """A business to reach, the people around it, and who is on our side.

    Acme <-employment,strong- Owen <-friend,strong- Pat <-friend,strong- Tess (supportive)
    Acme <-board member,medium- Dana (district staff)
    Owen <-colleague,weak- Leo (leading); Leo <-partner,medium- Pat
    Acme <-family,strong- Rita (resistant: not an introducer)
    Pat <-colleague- Yan <-colleague- Zed <-colleague- Far (supportive, 5 ties from Acme)
    """
    with app.app_context(), in_district(district):
        ids = {
            "acme": person(
                "Acme Plastics", "business", "unaware", kind="organisation", influence=5
            ),
            "owen": person("Owen Owner", "business", influence=4),
            "pat": person("Pat Parent", "parent"),
            "tess": person("Tess Teacher", "educator", "supportive"),
            "dana": person("Dana Deputy", "district_staff", "neutral"),
            "leo": person("Leo Leader", "community", "leading"),
            "rita": person("Rita Resistant", "parent", "resistant"),
            "yan": person("Yan Parent", "parent"),
            "zed": person("Zed Neighbour", "other"),
            "far": person("Far Supporter", "educator", "supportive"),
        }
        relate(ids["acme"], ids["owen"], 3, "employment")
        relate(ids["owen"], ids["pat"], 3, "friend")
        relate(ids["pat"], ids["tess"], 3, "friend")
        relate(ids["acme"], ids["dana"], 2, "board_member")
        relate(ids["owen"], ids["leo"], 1, "colleague")
        relate(ids["leo"], ids["pat"], 2, "partner")
        relate(ids["acme"], ids["rita"], 3, "family")
        relate(ids["pat"], ids["yan"], 2)
        relate(ids["yan"], ids["zed"], 2)
        relate(ids["zed"], ids["far"], 2)
        db.session.commit()
    return ids


def table_names(page_text: str) -> set[str]:
    """Names in the text alternative's first column."""
    return {
        html.unescape(n)
        for n in re.findall(r'<th scope="row"><a href="[^"]+">([^<]*)</a>', page_text)
    }


def graph_of(page_text: str) -> dict:
    """The JSON network-graph.js draws, read back from the data-graph attribute."""
    match = re.search(r'data-graph="([^"]*)"', page_text)
    assert match, "no graph on the page"
    return json.loads(html.unescape(match.group(1)))


def paths_on(page_text: str) -> list[str]:
    """Each introduction path as 'A > B > C' (names in order)."""
    blocks = re.findall(r'<ol class="intro-chain".*?</ol>', page_text, re.S)
    return [
        " > ".join(
            html.unescape(n) for n in re.findall(r'class="net-name" href="[^"]+">([^<]*)</a>', b)
        )
        for b in blocks
    ]


# ---------------------------------------------------------------- neighbourhood


def test_neighbourhood_one_step_shows_only_direct_ties(client, login_as, town):
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{town['owen']}?steps=1")
    assert page.status_code == 200
    assert table_names(page.text) == {"Owen Owner", "Acme Plastics", "Pat Parent", "Leo Leader"}
    assert "Employer/employee, strong tie" in page.text
    assert "Colleague, weak tie" in page.text


def test_neighbourhood_two_steps_adds_ties_of_ties(client, login_as, town):
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{town['owen']}?steps=2")
    assert table_names(page.text) == {
        "Owen Owner",
        "Acme Plastics",
        "Pat Parent",
        "Leo Leader",
        "Tess Teacher",
        "Dana Deputy",
        "Rita Resistant",
        "Yan Parent",
    }
    tess_row = re.search(rf'id="net-node-{town["tess"]}".*?</tr>', page.text, re.S).group(0)
    assert "2 steps, via" in tess_row and "Pat Parent" in tess_row
    # The graph draws the same people and the ties among them.
    graph = graph_of(page.text)
    assert len(graph["nodes"]) == 8
    drawn = {(e["source"], e["target"]) for e in graph["edges"]}
    assert (f"n{min(town['leo'], town['pat'])}", f"n{max(town['leo'], town['pat'])}") in drawn


def test_neighbourhood_cap_keeps_the_strongest_ties_and_says_so(app, client, login_as, town):
    app.config["NETWORK_MAX_NEIGHBOURHOOD_NODES"] = 3
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{town['owen']}?steps=2")
    assert "Showing 3 of 8 — strongest ties first" in unescape(page.text)
    assert table_names(page.text) == {"Owen Owner", "Acme Plastics", "Pat Parent"}


def test_graph_data_has_group_colours_sizes_and_profile_urls(client, login_as, town):
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{town['owen']}")
    nodes = {n["id"]: n for n in graph_of(page.text)["nodes"]}
    owen, acme, pat = (nodes[f"n{town[k]}"] for k in ("owen", "acme", "pat"))
    assert owen["centre"] is True and acme["centre"] is False
    assert acme["url"] == f"/stakeholders/{town['acme']}"
    assert acme["groupLabel"] == "Business" and pat["groupLabel"] == "Parent/family"
    assert acme["colour"] == owen["colour"] != pat["colour"]
    assert acme["size"] > pat["size"], "influence 5 draws bigger than influence 3"
    edges = graph_of(page.text)["edges"]
    assert {e["type"] for e in edges} >= {"Employer/employee", "Friend/neighbour"}
    assert max(e["width"] for e in edges if e["strength"] == 3) > max(
        e["width"] for e in edges if e["strength"] == 1
    )
    # The legend names the groups shown, and the page loads the vendored library.
    assert "Community organisation" in page.text
    assert "/static/vendor/cytoscape-3.34.4.min.js" in page.text


def test_neighbourhood_without_ties_says_what_to_do(client, login_as, add):
    lonely = add("Lonely Inc", "business")
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{lonely}")
    assert page.status_code == 200
    assert "Lonely Inc has no relationships yet" in page.text
    assert "data-graph" not in page.text


# ---------------------------------------------------------------- filtered set


def test_filtered_network_narrows_to_the_matching_stakeholders(client, login_as, town):
    login_as("viewer")
    everyone = client.get("/network/")
    assert len(graph_of(everyone.text)["nodes"]) == 10
    parents = client.get("/network/?group=parent")
    assert table_names(parents.text) == {"Pat Parent", "Rita Resistant", "Yan Parent"}
    assert {n["groupLabel"] for n in graph_of(parents.text)["nodes"]} == {"Parent/family"}


@pytest.mark.parametrize("small_set", [5_000, 0], ids=["ranked-in-python", "index-walk"])
def test_filtered_network_cap_ranks_network_leaders_first(
    monkeypatch, small_set, app, client, login_as, town, compute
):
    from app.services import network_views

    monkeypatch.setattr(network_views, "SMALL_SET", small_set)
    compute()
    app.config["NETWORK_MAX_SET_NODES"] = 3
    login_as("viewer")
    page = client.get("/network/")
    assert ("Showing 3 of 10 matching stakeholders — network leaders (PageRank) first"
            in unescape(page.text))
    # Pat and Owen have the most ties (4 and 3); Acme's three ties rank it next.
    assert table_names(page.text) == {"Pat Parent", "Owen Owner", "Acme Plastics"}


def test_filtered_network_before_metrics_ranks_by_influence(app, client, login_as, town):
    app.config["NETWORK_MAX_SET_NODES"] = 2
    login_as("viewer")
    page = client.get("/network/")
    assert "Showing 2 of 10 matching stakeholders — highest influence first" in unescape(page.text)
    assert table_names(page.text) == {"Acme Plastics", "Owen Owner"}
    assert "not computed yet" in page.text


def test_filtered_network_without_ties_shows_empty_state(client, login_as, town):
    login_as("viewer")
    page = client.get("/network/?group=district_staff")
    assert "No ties among this stakeholder yet" in page.text
    assert table_names(page.text) == {"Dana Deputy"}
    assert "data-graph" not in page.text
    none = client.get("/network/?q=nobody-by-this-name")
    assert "No stakeholders match these filters" in none.text


def test_filter_form_swaps_only_the_network_view(client, login_as, town):
    login_as("viewer")
    response = client.get("/network/?group=parent", headers={**HTMX, "HX-Target": "network-view"})
    assert "<html" not in response.text
    assert "Pat Parent" in response.text and "Owen Owner" not in response.text
    assert response.headers["HX-Push-Url"] == "/network/?group=parent"


# ---------------------------------------------------------------- metrics panel


def test_panel_before_any_computation_says_not_computed_yet(
    client, login_as, town, app, district, in_district
):
    login_as("viewer")
    with app.app_context(), in_district(district):
        # Nothing queued either: the page says so plainly.
        db.session.execute(sa.delete(network.NetworkJob))
        db.session.commit()
    panel = client.get(f"/network/stakeholders/{town['owen']}/panel", headers=HTMX)
    assert "Not computed yet" in panel.text
    assert "recomputing" not in panel.text


def test_panel_says_recomputing_while_a_job_is_queued(client, login_as, town, compute, tie):
    login_as("viewer")
    queued = client.get(f"/network/stakeholders/{town['owen']}/panel", headers=HTMX)
    assert "not computed yet" in queued.text.lower() and "recomputing now" in queued.text
    assert 'hx-trigger="load delay:10s"' in queued.text, "the card reloads itself until done"
    compute()
    tie(town["owen"], town["dana"], 2)  # a change queues the next recomputation
    stale = client.get(f"/network/stakeholders/{town['owen']}/panel", headers=HTMX)
    assert "Computed just now" in stale.text and "recomputing now" in stale.text
    assert "top " in stale.text, "the last result stays on show meanwhile"


def test_panel_shows_degree_percentiles_and_groups_reached(client, login_as, town, compute):
    compute()
    login_as("viewer")
    panel = client.get(f"/network/stakeholders/{town['owen']}/panel", headers=HTMX)
    text = " ".join(panel.text.split())
    assert panel.text.lstrip().startswith('<section id="network-panel" class="card')
    assert "Ties (degree)</dt> <dd>3" in text
    shown = unescape(text)
    assert re.search(r"Broker</dt> <dd>top \d+% <span class=\"muted small\">— betweenness", shown)
    assert re.search(r"Leader</dt> <dd>top \d+% <span class=\"muted small\">— PageRank", shown)
    assert "Community organisation" in text and "Parent/family" in text
    assert "Computed just now" in text and "recomputing" not in text
    assert f'href="/network/stakeholders/{town["owen"]}/intros"' in text
    assert f'href="/network/stakeholders/{town["owen"]}"' in text
    # Someone through whom no shortest path runs is no broker.
    tess = client.get(f"/network/stakeholders/{town['tess']}/panel", headers=HTMX)
    assert "no shortest paths between others run through them" in tess.text


def test_percentiles_read_as_top_shares():
    from app.services.network_views import rank_words

    assert rank_words(96.2, 0.01) == "top 4%"
    assert rank_words(99.999, 0.5) == "top 1%", "never 'top 0%'"
    assert rank_words(50.0, 0.01) == "top 50%"
    assert rank_words(12.0, 0.01) == "lower half"
    assert rank_words(0.0, 0.0) is None, "a score of 0 is no rank at all"


def test_panel_is_a_fragment_for_htmx_and_a_page_without(client, login_as, town):
    login_as("viewer")
    fragment = client.get(f"/network/stakeholders/{town['owen']}/panel", headers=HTMX)
    page = client.get(f"/network/stakeholders/{town['owen']}/panel")
    assert "<html" not in fragment.text
    assert "<html" in page.text and "Network position of Owen Owner" in page.text
    assert f'href="/stakeholders/{town["owen"]}"' in page.text, "a way back to the profile"


def test_profile_lazy_loads_the_network_panel(client, login_as, town):
    login_as("viewer")
    profile = client.get(f"/stakeholders/{town['owen']}")
    assert f'hx-get="/network/stakeholders/{town["owen"]}/panel"' in profile.text


# ---------------------------------------------------------------- warm introductions


def test_warmest_path_comes_first_with_each_relationship_named(client, login_as, town):
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{town['acme']}/intros")
    assert page.status_code == 200
    assert paths_on(page.text) == [
        "Dana Deputy > Acme Plastics",
        "Tess Teacher > Pat Parent > Owen Owner > Acme Plastics",
        "Leo Leader > Owen Owner > Acme Plastics",
    ]
    first = re.search(r'id="intro-path-1".*?</li>\s*</ol>', page.text, re.S).group(0)
    assert "Board member, medium tie" in first and "warmth 8 of 9" in first
    second = re.search(r'id="intro-path-2".*?</ol>', page.text, re.S).group(0)
    assert second.index("Friend/neighbour, strong tie") < second.index("Employer/employee")
    assert "warmth 7 of 9" in second


def test_introducers_are_only_supportive_leading_or_district_staff(client, login_as, town):
    login_as("viewer")
    own = client.get(f"/network/stakeholders/{town['tess']}/intros")
    assert "Tess Teacher is supportive already" in own.text
    page = client.get(f"/network/stakeholders/{town['acme']}/intros")
    introducers = {p.split(" > ")[0] for p in paths_on(page.text)}
    assert introducers == {"Dana Deputy", "Tess Teacher", "Leo Leader"}
    assert "Rita Resistant" not in introducers, "a resistant relative does not introduce"


def test_paths_are_at_most_three_ties_and_one_per_introducer(client, login_as, town):
    login_as("viewer")
    paths = paths_on(client.get(f"/network/stakeholders/{town['acme']}/intros").text)
    assert all(len(p.split(" > ")) <= 4 for p in paths)
    assert "Far Supporter" not in " ".join(paths), "five ties away is too far"
    starts = [p.split(" > ")[0] for p in paths]
    assert len(starts) == len(set(starts)), "Leo is tied to Owen and to Pat: one path"


def test_unconnected_target_says_add_relationships(client, login_as, add):
    lonely = add("Lonely Inc", "business")
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{lonely}/intros")
    assert "No one in your map is connected to Lonely Inc yet" in page.text
    assert "intro-chain" not in page.text


def test_no_introducer_within_reach_says_so(client, login_as, add, tie):
    island, neighbour = add("Island Farms", "business"), add("Nia Neighbour", "parent")
    tie(island, neighbour, 3)
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{island}/intros")
    assert "No supportive, leading or district-staff person is within 3 ties" in page.text


def test_introduction_cache_follows_new_relationships(client, login_as, add, tie):
    island, helper = add("Island Farms", "business"), add("Hal Helper", "educator", "leading")
    login_as("viewer")
    assert "No one in your map" in client.get(f"/network/stakeholders/{island}/intros").text
    tie(island, helper, 3, "mentor")
    page = client.get(f"/network/stakeholders/{island}/intros")
    assert paths_on(page.text) == ["Hal Helper > Island Farms"]
    assert "Mentor, strong tie" in page.text


@pytest.fixture
def affiliate(app, district, in_district):
    """Create and commit an affiliation (a person's role at an organisation)."""

    def make(person_id, organisation_id, title=""):
        with app.app_context(), in_district(district):
            db.session.add(Affiliation(person_id=person_id, organisation_id=organisation_id,
                                       title=title))
            db.session.commit()

    return make


def test_an_organisation_reached_through_its_people_has_an_introduction(client, login_as, add,
                                                                         tie, affiliate):
    """Like the partner suggestions, an affiliation is a link: no dead end for an
    organisation known only through the people who work there."""
    firm = add("Hendricks Construction", "business", kind="organisation")
    owner, helper = add("Bill Hendricks", "business"), add("Hal Helper", "educator", "leading")
    tie(owner, helper, 2, "friend")
    affiliate(owner, firm, "Owner")
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{firm}/intros")
    assert "No one in your map is connected" not in page.text
    assert paths_on(page.text) == ["Hal Helper > Bill Hendricks > Hendricks Construction"]
    chain = re.search(r'id="intro-path-1".*?</ol>', page.text, re.S).group(0)
    assert "Friend/neighbour, medium tie" in chain and "Affiliation (Owner), strong tie" in chain
    assert "warmth 7 of 9" in chain


def test_an_affiliated_introducer_introduces_their_organisation(client, login_as, add,
                                                                 affiliate):
    firm = add("Hendricks Construction", "business", kind="organisation")
    staff = add("Dee Staff", "district_staff")
    affiliate(staff, firm, "")
    login_as("viewer")
    page = client.get(f"/network/stakeholders/{firm}/intros")
    assert paths_on(page.text) == ["Dee Staff > Hendricks Construction"]
    assert "Affiliation, strong tie" in page.text


def test_introduction_cache_follows_new_affiliations(client, login_as, add, tie, affiliate):
    firm, owner = add("Island Farms", "business", kind="organisation"), add("Ola Owner", "business")
    tie(owner, add("Hal Helper", "educator", "leading"), 3)
    login_as("viewer")
    assert "No one in your map" in client.get(f"/network/stakeholders/{firm}/intros").text
    affiliate(owner, firm, "Owner")
    page = client.get(f"/network/stakeholders/{firm}/intros")
    assert paths_on(page.text) == ["Hal Helper > Ola Owner > Island Farms"]


def test_no_path_runs_through_an_introducer_listed_above_it(client, login_as, add, tie):
    """Leo (leading) reaches the target through Tess, who is an introducer herself and
    listed first with her own, shorter path: Leo is offered through someone else."""
    target = add("Tara Target", "parent")
    tess, leo = add("Tess Teacher", "educator", "supportive"), add("Leo Leader", "community",
                                                                    "leading")
    other = add("Oz Other", "parent")
    tie(tess, target, 3)
    tie(leo, tess, 3)
    tie(leo, other, 2)
    tie(other, target, 2)
    login_as("viewer")
    paths = paths_on(client.get(f"/network/stakeholders/{target}/intros").text)
    assert paths == ["Tess Teacher > Tara Target", "Leo Leader > Oz Other > Tara Target"]


# ---------------------------------------------------------------- access and safety


@pytest.mark.parametrize("suffix", ["", "?steps=1", "/panel", "/intros"])
def test_another_districts_stakeholder_is_not_found(client, login_as, add, other_district, suffix):
    theirs = add("Their Business", "business", within=other_district)
    login_as("admin")
    response = client.get(f"/network/stakeholders/{theirs}{suffix}")
    assert response.status_code == 404


def test_another_districts_people_never_appear(client, login_as, add, tie, other_district, town):
    a = add("Hidden Helper", "district_staff", within=other_district)
    b = add("Hidden Friend", "parent", within=other_district)
    tie(a, b, 3, within=other_district)
    login_as("viewer")
    for url in (
        "/network/",
        f"/network/stakeholders/{town['acme']}/intros",
        f"/network/stakeholders/{town['owen']}",
    ):
        assert "Hidden" not in client.get(url).text


def test_anonymous_users_are_sent_to_sign_in(client, town):
    for url in ("/network/", f"/network/stakeholders/{town['acme']}/intros"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_xss_named_stakeholder_is_inert_everywhere(client, login_as, add, tie, compute):
    evil = add(XSS, "business", "supportive")
    friend = add("Fran Friend", "parent")
    tie(evil, friend, 3)
    compute()
    login_as("viewer")
    pages = [
        client.get(f"/network/stakeholders/{friend}"),
        client.get(f"/network/stakeholders/{evil}"),
        client.get("/network/"),
        client.get(f"/network/stakeholders/{friend}/intros"),
        client.get(f"/network/stakeholders/{evil}/panel", headers=HTMX),
        client.get(f"/network/stakeholders/{evil}/panel"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "<img src=x" not in page.text
    assert XSS in table_names(pages[0].text), "the table shows the name as text"
    labels = {n["label"] for n in graph_of(pages[0].text)["nodes"]}
    assert XSS in labels, "the graph data carries the name as plain text"
    assert paths_on(pages[3].text) == [f"{XSS} > Fran Friend"]
