"""The map: the Mendelow grid as SVG, filters, counts at scale, and moving dots to re-rate."""

import html
import json
import re
from html import unescape

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from app.extensions import db
from app.models import Assessment, AuditEvent, Stakeholder
from app.services.stakeholders import Ratings, rate, refresh_search_text, set_labels

HTMX_PANEL = {"HX-Request": "true", "HX-Target": "map-panel"}


@pytest.fixture
def add(app, district, in_district):
    """Create a stakeholder in a district through the services; returns its id."""

    def make(
        name,
        influence=3,
        interest=3,
        *,
        group="parent",
        engagement="neutral",
        kind="person",
        tags=(),
        within=None,
    ):
        with app.app_context(), in_district(within or district):
            s = Stakeholder(name=name, group=group, kind=kind)
            rate(
                db.session,
                s,
                Ratings(influence, interest, engagement, "leading", True, False, True),
                by_user_id=None,
            )
            set_labels(db.session, s, tags=list(tags))
            refresh_search_text(db.session, s)
            db.session.commit()
            return s.id

    return make


@pytest.fixture
def load(app, district, in_district):
    """Read a stakeholder's ratings and its assessment notes back from the database."""

    def read(stakeholder_id, within=None):
        with app.app_context(), in_district(within or district):
            s = db.session.get(Stakeholder, stakeholder_id)
            notes = db.session.scalars(
                sa.select(Assessment.note)
                .where(Assessment.stakeholder_id == stakeholder_id)
                .order_by(Assessment.id)
            ).all()
            return {
                "influence": s.influence,
                "interest": s.interest,
                "quadrant": s.quadrant,
                "engagement": s.engagement_current,
                "urgency": s.has_urgency,
                "version": s.version,
                "notes": notes,
            }

    return read


def dot_ids(page_text):
    return {int(i) for i in re.findall(r'id="map-dot-(\d+)"', page_text)}


@pytest.fixture
def move(client, auth, load):
    """POST a move as htmx does (CSRF token in the header); version defaults to current."""

    def post(stakeholder_id, influence, interest, version=None, htmx=True, query=""):
        if version is None:
            version = load(stakeholder_id)["version"]
        headers = {"X-CSRFToken": auth.csrf()}
        if htmx:
            headers |= HTMX_PANEL
        return client.post(
            f"/map/stakeholders/{stakeholder_id}/move{query}",
            data={"influence": influence, "interest": interest, "version": version},
            headers=headers,
        )

    return post


def test_map_draws_each_stakeholder_as_a_labelled_link(client, login_as, add):
    ana = add("Ana Ruiz", 4, 5, group="business", engagement="supportive")
    ben = add("Ben Okafor", 1, 2, engagement="unaware", kind="organisation")
    login_as("editor")
    page = client.get("/map/")
    assert page.status_code == 200
    assert "<h1>Mendelow power/interest grid</h1>" in page.text
    assert dot_ids(page.text) == {ana, ben}
    text = unescape(page.text)
    assert 'aria-label="Ana Ruiz — Business, marked B, influence 4, interest 5, supportive"' in text
    assert f'href="/stakeholders/{ana}"' in page.text
    assert "<title>Ana Ruiz — Business · influence 4, interest 5 · Supportive</title>" in text
    assert 'class="dot-mark lvl-supportive"' in page.text
    assert '<rect class="dot-mark lvl-unaware"' in page.text, "organisations are squares"
    for label in (
        "Key players",
        "Manage closely",
        "Keep satisfied",
        "Keep informed",
        "Interest →",
        "Influence (power) →",
    ):
        assert label in unescape(page.text)
    assert "style=" not in page.text


def test_a_dot_shows_its_name_and_ratings_on_hover_or_focus(client, login_as, add):
    add("Ana Ruiz", 4, 5, group="business", engagement="supportive")
    add("The Greater Riverside Regional Chamber of Commerce", 2, 2, kind="organisation")
    login_as("viewer")
    page = client.get("/map/").text
    tips = [(unescape(name), unescape(detail)) for name, detail in re.findall(
        r'<g class="dot-tip" aria-hidden="true" transform="translate\([\d.]+ [\d.]+\)">'
        r'<rect class="tip-box" width="[\d.]+" height="[\d.]+" rx="6"/>'
        r'<text class="tip-name" x="8" y="16">([^<]*)</text>'
        r'<text class="tip-detail" x="8" y="31">([^<]*)</text></g>', page)]
    # A name too long for the tooltip is cut short with an ellipsis (the label keeps it).
    assert sorted(tips) == [
        ("Ana Ruiz", "Business · influence 4, interest 5 · Supportive"),
        ("The Greater Riverside Regional Chamber…",
         "Parent/family · influence 2, interest 2 · Neutral"),
    ]
    assert 'aria-label="The Greater Riverside Regional Chamber of Commerce &mdash; ' in page
    # Punctuation is written as character references: a page of plain ASCII is encoded
    # at once, while one non-ASCII character makes Python build it two bytes a character.
    assert page.isascii()


def test_summary_counts_each_quadrant(client, login_as, add):
    add("Ana Ruiz", 4, 5)
    add("Cho Lee", 3, 3)
    add("Ben Okafor", 1, 2)
    login_as("viewer")
    page = client.get("/map/").text
    counts = {
        name: int(n)
        for n, name in re.findall(
            r'quad-count">(\d+)</span>\s*<span class="quad-name">([^<]+)<', page
        )
    }
    assert counts == {"Keep satisfied": 0, "Key players": 2, "Monitor": 1, "Keep informed": 0}
    assert "Monitor (minimum effort)" in page


def test_editor_dots_carry_what_moving_needs(client, login_as, add, load):
    ana = add("Ana Ruiz", 4, 5)
    login_as("editor")
    page = client.get("/map/").text
    assert f'data-move-url="/map/stakeholders/{ana}/move"' in page
    assert f'data-version="{load(ana)["version"]}"' in page
    assert "press the arrow keys" in page


def test_viewer_sees_links_without_move_controls(client, login_as, add):
    add("Ana Ruiz", 4, 5)
    login_as("viewer")
    page = client.get("/map/").text
    assert "Ana Ruiz" in page
    assert "data-move-url" not in page
    assert "press the arrow keys" not in page


def test_filters_narrow_the_dots_and_stay_in_the_form(client, login_as, add):
    ana = add("Ana Ruiz", 4, 5, group="business", engagement="supportive", tags=["STEM"])
    ben = add("Ben Okafor", 1, 2, engagement="unaware")
    login_as("viewer")
    assert dot_ids(client.get("/map/?group=business").text) == {ana}
    assert dot_ids(client.get("/map/?engagement=unaware").text) == {ben}
    assert dot_ids(client.get("/map/?q=okafor").text) == {ben}
    assert dot_ids(client.get("/map/?group=nonsense").text) == {ana, ben}, "bad values ignored"
    page = client.get("/map/?group=business&q=ana").text
    assert '<option value="business" selected>' in page
    assert 'value="ana"' in page
    assert "/stakeholders/?q=ana&amp;group=business" in page, "list links keep the filter"


def test_filter_with_no_match_says_what_to_do(client, login_as, add):
    add("Ana Ruiz", 4, 5)
    login_as("viewer")
    page = client.get("/map/?q=zzzz").text
    assert "No stakeholders match this filter" in page
    assert not dot_ids(page)


def test_empty_district_explains_how_to_fill_the_map(client, login_as):
    login_as("editor")
    page = client.get("/map/").text
    assert "Nobody is on the map yet" in page


def test_htmx_filter_returns_the_panel_without_the_page(client, login_as, add):
    ana = add("Ana Ruiz", 4, 5, group="business")
    add("Ben Okafor", 1, 2)
    login_as("viewer")
    fragment = client.get("/map/?group=business", headers=HTMX_PANEL)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "<form" not in fragment.text
    assert '<svg id="map-svg"' in fragment.text
    assert dot_ids(fragment.text) == {ana}
    assert fragment.headers["HX-Push-Url"] == "/map/?group=business", "no empty fields"
    restore = client.get("/map/", headers=HTMX_PANEL | {"HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


def test_over_the_threshold_the_map_shows_counts_from_one_grouped_query(app, client, login_as, add):
    add("Ana Ruiz", 4, 5)
    add("Cho Lee", 4, 5, engagement="supportive")
    add("Ben Okafor", 1, 2)
    app.config["MAP_MAX_DOTS"] = 2
    login_as("viewer")
    statements = []

    def capture(_conn, _cursor, statement, *_args):
        if "FROM stakeholders" in statement:
            statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            page = client.get("/map/").text
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
    assert ("Showing counts per cell because 3 stakeholders match — filter to see individual"
            in unescape(page))
    assert not dot_ids(page)
    assert 'id="map-cell-4-5"' in page and 'id="map-cell-1-2"' in page
    assert 'id="map-cell-4-5" class="cell-link" href="/stakeholders/?influence=4&amp;interest=5"' \
        in page, "a bubble opens the list of its cell"
    assert "2 stakeholders at influence 4, interest 5" in page
    assert len(statements) == 1 and "GROUP BY" in statements[0], "never loads the rows"


def test_a_crowded_cell_shows_a_count_while_others_show_dots(app, client, login_as, add):
    for name in ("Ana Ruiz", "Cho Lee", "Dee Park"):
        add(name, 5, 5)
    ben = add("Ben Okafor", 1, 1)
    app.config["MAP_MAX_DOTS_PER_CELL"] = 2
    login_as("viewer")
    page = client.get("/map/").text
    assert dot_ids(page) == {ben}
    assert 'id="map-cell-5-5"' in page
    assert "Cells with more than 2 stakeholders show a count" in page


def test_editor_moves_a_dot_and_gets_the_refreshed_map(move, client, login_as, add, load):
    ana = add("Ana Ruiz", 2, 4, engagement="supportive")
    login_as("editor")
    before = load(ana)["version"]
    response = move(ana, 4, 4)
    assert response.status_code == 200
    assert "<html" not in response.text and '<svg id="map-svg"' in response.text
    dot = " ".join(response.text.split())
    assert f'data-influence="4" data-interest="4" data-version="{before + 1}"' in dot
    trigger = json.loads(response.headers["HX-Trigger-After-Swap"])["mapMoved"]
    assert trigger == {
        "message": "Ana Ruiz moved to Key players: influence 4, interest 4",
        "focus": f"map-dot-{ana}",
        "moved": True,  # map.js then sends the arrow presses made meanwhile
    }
    after = load(ana)
    assert (after["influence"], after["interest"], after["quadrant"]) == (4, 4, "key_players")
    assert after["engagement"] == "supportive" and after["urgency"] is True, "rest kept"
    assert after["notes"][-1] == "Moved on the map"


def test_a_move_is_audited(move, app, client, login_as, add, district, in_district):
    ana = add("Ana Ruiz", 2, 4)
    login_as("editor")
    move(ana, 4, 4)
    with app.app_context(), in_district(district):
        changes = db.session.scalars(
            sa.select(AuditEvent.changes).where(
                AuditEvent.record_type == "Stakeholder",
                AuditEvent.action == "update",
                AuditEvent.record_id == ana,
            )
        ).all()
    assert any(c.get("influence") == {"before": 2, "after": 4} for c in changes)


def test_move_keeps_the_filter_in_the_answer(move, client, login_as, add):
    ana = add("Ana Ruiz", 2, 4, group="business")
    add("Ben Okafor", 1, 1)
    login_as("editor")
    response = move(ana, 3, 4, query="?group=business")
    assert dot_ids(response.text) == {ana}


def test_move_without_javascript_returns_to_the_filtered_map(move, client, login_as, add):
    ana = add("Ana Ruiz", 2, 4, group="business")
    login_as("editor")
    response = move(ana, 3, 4, htmx=False, query="?group=business")
    assert response.status_code == 302
    assert response.headers["Location"] == "/map/?group=business"
    assert "Ana Ruiz moved to Key players" in client.get("/map/").text


@pytest.mark.parametrize(
    "influence, interest, message",
    [
        (0, 3, "Influence runs from 1 to 5."),
        (6, 3, "Influence runs from 1 to 5."),
        (3, 0, "Interest runs from 1 to 5."),
        (3, 6, "Interest runs from 1 to 5."),
        ("high", 3, "Influence runs from 1 to 5."),
    ],
)
def test_move_outside_the_grid_is_refused(
    move, client, login_as, add, load, influence, interest, message
):
    ana = add("Ana Ruiz", 2, 4)
    login_as("editor")
    response = move(ana, influence, interest)
    assert response.status_code == 422
    assert "<html" not in response.text
    assert message in response.text
    assert message in json.loads(response.headers["HX-Trigger-After-Swap"])["mapMoved"]["message"]
    assert load(ana)["influence"] == 2 and load(ana)["notes"] == [""]


def test_move_based_on_an_old_version_is_a_conflict(move, client, login_as, add, load):
    ana = add("Ana Ruiz", 2, 4)
    login_as("editor")
    old = load(ana)["version"]
    assert move(ana, 3, 4).status_code == 200
    stale = move(ana, 1, 1, version=old)
    assert stale.status_code == 409
    assert "Someone else changed Ana Ruiz first" in stale.text
    assert "<html" not in stale.text
    # map.js drops the arrow presses made meanwhile: they were meant for the old ratings.
    assert json.loads(stale.headers["HX-Trigger-After-Swap"])["mapMoved"]["moved"] is False
    assert (load(ana)["influence"], load(ana)["interest"]) == (3, 4), "first save kept"
    page = move(ana, 1, 1, version=old, htmx=False)
    assert page.status_code == 409 and "Someone else changed Ana Ruiz first" in page.text


def test_viewer_cannot_move_a_dot(move, client, login_as, add, load):
    ana = add("Ana Ruiz", 2, 4)
    login_as("viewer")
    assert move(ana, 4, 4).status_code == 403
    assert load(ana)["influence"] == 2


def test_another_districts_stakeholder_cannot_be_moved(
    move, client, login_as, add, load, other_district
):
    theirs = add("Their Person", 2, 2, within=other_district)
    login_as("editor")
    version = load(theirs, within=other_district)["version"]
    assert move(theirs, 5, 5, version=version).status_code == 404
    after = load(theirs, within=other_district)
    assert (after["influence"], after["interest"], after["notes"]) == (2, 2, [""])
    assert theirs not in dot_ids(client.get("/map/").text)


def test_move_without_csrf_token_is_refused(client, login_as, add, load):
    ana = add("Ana Ruiz", 2, 4)
    login_as("editor")
    response = client.post(
        f"/map/stakeholders/{ana}/move", data={"influence": 4, "interest": 4, "version": 1}
    )
    assert response.status_code == 400
    assert load(ana)["influence"] == 2


def test_hostile_names_are_inert_in_the_svg(move, client, login_as, add):
    img = add("<img src=x onerror=alert(1)>", 4, 5)
    hx = add('" hx-get="/x" x="', 1, 1)
    login_as("editor")
    for text in (client.get("/map/").text, move(img, 3, 5).text):
        assert "<img src=x" not in text
        assert 'hx-get="/x"' not in text
        assert "<title>&lt;img src=x onerror=alert(1)&gt; &mdash; Parent/family" in text
        assert 'aria-label="&lt;img src=x onerror=alert(1)&gt; &mdash; Parent/family, marked P,' \
            in text
        assert 'aria-label="&#34; hx-get=&#34;/x&#34; x=&#34; &mdash; Parent/family, marked P,' \
            in text
        assert '<text class="tip-name" x="8" y="16">&lt;img src=x onerror=alert(1)&gt;<' in text
        assert {img, hx} <= dot_ids(text)
    header = move(hx, 2, 2).headers["HX-Trigger-After-Swap"]
    assert header.isascii()
    assert json.loads(header)["mapMoved"]["message"].startswith('" hx-get="/x"')
    assert html.escape("<img") not in header
