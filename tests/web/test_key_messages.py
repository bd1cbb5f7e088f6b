"""Key messages: grouped by audience, added, edited in place, moved and deleted by editors,
checked against the glossary; shown on a stakeholder's profile."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, GlossaryTerm, KeyMessage, Stakeholder

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
WARNING = ("Says &ldquo;customized learning&rdquo;: the district says "
           "&ldquo;personalized learning&rdquo;.")
HTMX = {"HX-Request": "true"}


def _message(app, district, in_district, text="Every student moves at their pace.",
             audience="all", position=0) -> int:
    with app.app_context(), in_district(district):
        m = KeyMessage(audience=audience, text=text, position=position)
        db.session.add(m)
        db.session.commit()
        return m.id


def _glossary(app, district, in_district, term="personalized learning",
              avoid="customized learning, adaptive learning, individualized learning") -> int:
    with app.app_context(), in_district(district):
        t = GlossaryTerm(term=term, meaning="Each student's path", avoid=avoid)
        db.session.add(t)
        db.session.commit()
        return t.id


def _texts(app, district, in_district, audience) -> list[str]:
    with app.app_context(), in_district(district):
        return list(db.session.scalars(
            sa.select(KeyMessage.text).where(KeyMessage.audience == audience)
            .order_by(KeyMessage.position, KeyMessage.id)))


def _order_on_page(html: str, *texts: str) -> list[int]:
    return [html.index(t) for t in texts]


# ---------------------------------------------------------------- the page


def test_empty_page_explains_key_messages_and_suggests_one(client, login_as):
    login_as("editor")
    page = client.get("/messages/")
    assert page.status_code == 200
    assert "No key messages yet" in page.text
    assert "Key messages are the few sentences" in page.text
    assert "Personalized learning means every student moves ahead" in page.text
    assert "Add a key message" in page.text


def test_messages_are_grouped_everyone_first_then_groups_in_order(app, client, login_as,
                                                                  district, in_district):
    _message(app, district, in_district, "For business owners.", "business")
    _message(app, district, in_district, "For parents, second.", "parent", 2)
    _message(app, district, in_district, "For parents, first.", "parent", 1)
    _message(app, district, in_district, "For everyone.", "all")
    login_as("viewer")
    page = client.get("/messages/").text
    headings = re.findall(r'<h2 id="audience-[a-z_]+-title">([^<]+)</h2>', page)
    assert headings == ["Everyone", "Parent/family", "Business"]
    first, second = _order_on_page(page, "For parents, first.", "For parents, second.")
    assert first < second
    assert "No messages yet for: Student, Educator" in page


def test_the_audience_filter_shows_one_audience(app, client, login_as, district, in_district):
    _message(app, district, in_district, "For parents.", "parent")
    _message(app, district, in_district, "For everyone.", "all")
    login_as("editor")
    page = client.get("/messages/?audience=parent").text
    assert "For parents." in page and "For everyone." not in page
    assert '<option value="parent" selected>' in page
    empty = client.get("/messages/?audience=student").text
    assert "No key messages for Student yet." in empty
    # Unknown audiences are ignored: everything shows.
    everything = client.get("/messages/?audience=nonsense").text
    assert "For parents." in everything and "For everyone." in everything


def test_the_page_belongs_to_engagement_and_links_the_glossary(client, login_as):
    login_as("viewer")
    page = client.get("/messages/").text
    assert re.search(r'<a href="/engagement/" aria-current="page">Engagement</a>', page)
    assert '<a href="/messages/glossary">Glossary</a>' in page


# ---------------------------------------------------------------- add


def test_adding_a_message_puts_it_last_in_its_audience(app, client, auth, login_as, district,
                                                       in_district):
    _message(app, district, in_district, "Already here.", "parent", 0)
    login_as("editor")
    response = client.post("/messages/", data={
        "csrf_token": auth.csrf(), "audience": "parent", "text": "  Ask us anything.  "})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/messages/#message-")
    assert _texts(app, district, in_district, "parent") == ["Already here.", "Ask us anything."]
    page = client.get("/messages/").text
    assert "Added the message for Parent/family." in page


def test_a_message_is_required_and_at_most_1000_characters(app, client, auth, login_as,
                                                           district, in_district):
    login_as("editor")
    token = auth.csrf()
    empty = client.post("/messages/", data={"csrf_token": token, "audience": "all",
                                            "text": "  "})
    assert empty.status_code == 422 and "Write the message." in empty.text
    assert 'aria-invalid="true"' in empty.text
    long = client.post("/messages/", data={"csrf_token": token, "audience": "all",
                                           "text": "x" * 1001})
    assert long.status_code == 422
    assert "Keep the message to 1,000 characters or fewer." in long.text
    bad = client.post("/messages/", data={"csrf_token": token, "audience": "aliens",
                                          "text": "Hello"})
    assert bad.status_code == 422 and "Choose who the message is for." in bad.text
    assert client.post("/messages/", data={"csrf_token": token, "audience": "all",
                                           "text": "x" * 1000}).status_code == 302
    assert _texts(app, district, in_district, "all") == ["x" * 1000]


def test_a_message_using_an_avoided_phrase_is_saved_with_a_warning(app, client, auth, login_as,
                                                                   district, in_district):
    _glossary(app, district, in_district)
    login_as("editor")
    response = client.post("/messages/", data={
        "csrf_token": auth.csrf(), "audience": "parent",
        "text": "We offer customized learning for every child."}, follow_redirects=True)
    assert response.status_code == 200
    assert _texts(app, district, in_district, "parent") == [
        "We offer customized learning for every child."]
    assert ("It says \u201ccustomized learning\u201d: the district says "
            "\u201cpersonalized learning\u201d.") in response.text
    assert WARNING in response.text


def test_a_message_with_the_districts_words_has_no_warning(app, client, login_as, district,
                                                           in_district):
    _glossary(app, district, in_district)
    _message(app, district, in_district, "Personalized learning for every child.")
    login_as("viewer")
    page = client.get("/messages/").text
    assert "Personalized learning for every child." in page
    assert "glossary-warnings" not in page


# ---------------------------------------------------------------- edit in place


def test_edit_opens_in_place_for_htmx_and_as_a_page_without(app, client, login_as, district,
                                                            in_district):
    mid = _message(app, district, in_district, "Old words.")
    login_as("editor")
    fragment = client.get(f"/messages/{mid}/edit", headers=HTMX)
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith(f'<li id="message-{mid}"')
    assert "<html" not in fragment.text and "Old words." in fragment.text
    assert f'name="message-{mid}-text"' in fragment.text and "autofocus" in fragment.text
    page = client.get(f"/messages/{mid}/edit")
    assert "<html" in page.text and "Edit key message" in page.text
    cancel = client.get(f"/messages/{mid}", headers=HTMX)
    assert cancel.text.lstrip().startswith(f'<li id="message-{mid}"')
    assert "<textarea" not in cancel.text and "Old words." in cancel.text
    assert client.get(f"/messages/{mid}").headers["Location"] == f"/messages/#message-{mid}"


def test_saving_in_place_answers_with_the_message_and_its_warning(app, client, auth, login_as,
                                                                  district, in_district):
    _glossary(app, district, in_district)
    mid = _message(app, district, in_district, "Old words.", "parent")
    login_as("editor")
    response = client.post(f"/messages/{mid}", headers=HTMX, data={
        "csrf_token": auth.csrf(), f"message-{mid}-audience": "parent",
        f"message-{mid}-text": "Adaptive-learning for all."})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li id="message-{mid}"')
    assert "Saved." in response.text
    assert ("Says &ldquo;Adaptive-learning&rdquo;: the district says "
            "&ldquo;personalized learning&rdquo;.") in response.text
    assert _texts(app, district, in_district, "parent") == ["Adaptive-learning for all."]
    fixed = client.post(f"/messages/{mid}", headers=HTMX, data={
        "csrf_token": auth.csrf(), f"message-{mid}-audience": "parent",
        f"message-{mid}-text": "Personalized learning for all."})
    assert "glossary-warnings" not in fixed.text


def test_edit_errors_come_back_in_the_editor_with_422(app, client, auth, login_as, district,
                                                      in_district):
    mid = _message(app, district, in_district, "Old words.")
    login_as("editor")
    response = client.post(f"/messages/{mid}", headers=HTMX, data={
        "csrf_token": auth.csrf(), f"message-{mid}-audience": "all",
        f"message-{mid}-text": ""})
    assert response.status_code == 422
    assert "Write the message." in response.text and 'aria-invalid="true"' in response.text
    assert "<html" not in response.text
    assert _texts(app, district, in_district, "all") == ["Old words."]
    page = client.post(f"/messages/{mid}", data={
        "csrf_token": auth.csrf(), f"message-{mid}-audience": "all", f"message-{mid}-text": ""})
    assert page.status_code == 422 and "<html" in page.text


def test_saving_without_javascript_returns_to_the_list(app, client, auth, login_as, district,
                                                       in_district):
    mid = _message(app, district, in_district, "Old words.", "parent")
    login_as("editor")
    response = client.post(f"/messages/{mid}", data={
        "csrf_token": auth.csrf(), f"message-{mid}-audience": "parent",
        f"message-{mid}-text": "New words.", f"message-{mid}-shown": "parent"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/messages/?audience=parent#message-{mid}"
    assert "Saved the message for Parent/family." in client.get("/messages/").text


def test_changing_the_audience_moves_the_message_last_into_that_section(
        app, client, auth, login_as, district, in_district):
    _message(app, district, in_district, "Parents one.", "parent", 0)
    mid = _message(app, district, in_district, "Was for everyone.", "all", 0)
    login_as("editor")
    response = client.post(f"/messages/{mid}", headers=HTMX, data={
        "csrf_token": auth.csrf(), f"message-{mid}-audience": "parent",
        f"message-{mid}-text": "Was for everyone."})
    assert response.headers["HX-Retarget"] == "#message-sections"
    assert "The message is now for Parent/family." in response.text
    assert _texts(app, district, in_district, "parent") == ["Parents one.", "Was for everyone."]


# ---------------------------------------------------------------- move


def test_moving_up_and_down_renumbers_the_audience(app, client, auth, login_as, district,
                                                   in_district):
    a = _message(app, district, in_district, "First.", "parent", 5)
    _message(app, district, in_district, "Second.", "parent", 9)
    c = _message(app, district, in_district, "Third.", "parent", 12)
    _message(app, district, in_district, "Other audience.", "all", 0)
    login_as("editor")
    token = auth.csrf()
    response = client.post(f"/messages/{c}/move", data={"csrf_token": token,
                                                        "direction": "up"})
    assert response.status_code == 302
    assert _texts(app, district, in_district, "parent") == ["First.", "Third.", "Second."]
    fragment = client.post(f"/messages/{a}/move", headers=HTMX,
                           data={"csrf_token": token, "direction": "down"})
    assert fragment.text.lstrip().startswith('<div id="message-sections"')
    assert _texts(app, district, in_district, "parent") == ["Third.", "First.", "Second."]
    with app.app_context(), in_district(district):
        positions = db.session.scalars(sa.select(KeyMessage.position).where(
            KeyMessage.audience == "parent").order_by(KeyMessage.position)).all()
    assert positions == [0, 1, 2]
    # The moved message keeps the keyboard on its button.
    assert re.search(rf'id="message-{a}".*?value="down" autofocus', fragment.text, re.S)
    # Already first: nothing moves.
    client.post(f"/messages/{c}/move", data={"csrf_token": token, "direction": "up"})
    assert _texts(app, district, in_district, "parent") == ["Third.", "First.", "Second."]
    assert _texts(app, district, in_district, "all") == ["Other audience."]


def test_the_first_and_last_messages_cannot_move_further(app, client, login_as, district,
                                                         in_district):
    _message(app, district, in_district, "First.", "all", 0)
    _message(app, district, in_district, "Last.", "all", 1)
    login_as("editor")
    page = client.get("/messages/").text
    assert page.count('value="up" disabled') == 1 and page.count('value="down" disabled') == 1


def test_a_bad_direction_is_refused(app, client, auth, login_as, district, in_district):
    mid = _message(app, district, in_district)
    login_as("editor")
    assert client.post(f"/messages/{mid}/move", data={
        "csrf_token": auth.csrf(), "direction": "sideways"}).status_code == 400


# ---------------------------------------------------------------- delete


def test_delete_asks_first_then_deletes(app, client, auth, login_as, district, in_district):
    mid = _message(app, district, in_district, "Going away.")
    login_as("editor")
    page = client.get("/messages/").text
    assert 'data-confirm="Delete this message?' in page
    confirm = client.get(f"/messages/{mid}/delete")
    assert confirm.status_code == 200
    assert "Delete this message for Everyone?" in confirm.text and "Going away." in confirm.text
    assert _texts(app, district, in_district, "all") == ["Going away."]
    response = client.post(f"/messages/{mid}/delete", data={"csrf_token": auth.csrf()})
    assert response.status_code == 302
    assert _texts(app, district, in_district, "all") == []
    assert "Deleted the message." in client.get("/messages/").text
    with app.app_context(), in_district(district):
        actions = db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.record_type == "KeyMessage")).all()
    assert actions == ["create", "delete"]


def test_delete_with_htmx_answers_with_the_list(app, client, auth, login_as, district,
                                                in_district):
    mid = _message(app, district, in_district, "Going away.")
    _message(app, district, in_district, "Staying.", position=1)
    login_as("editor")
    response = client.post(f"/messages/{mid}/delete", headers=HTMX,
                           data={"csrf_token": auth.csrf()})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="message-sections"')
    assert "Going away." not in response.text and "Staying." in response.text
    assert "Deleted the message." in response.text


# ---------------------------------------------------------------- access and safety


def test_viewer_sees_messages_but_no_controls_and_cannot_write(app, client, auth, login_as,
                                                               district, in_district):
    mid = _message(app, district, in_district, "Read only.")
    login_as("viewer")
    page = client.get("/messages/").text
    assert "Read only." in page
    for control in ("Add a key message", ">Edit<", 'value="up"', "Delete"):
        assert control not in page
    token = auth.csrf()
    assert client.post("/messages/", data={"csrf_token": token, "audience": "all",
                                           "text": "Nope"}).status_code == 403
    assert client.post(f"/messages/{mid}", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/messages/{mid}/move", data={"csrf_token": token,
                                                      "direction": "down"}).status_code == 403
    assert client.post(f"/messages/{mid}/delete",
                       data={"csrf_token": token}).status_code == 403
    assert client.get(f"/messages/{mid}/edit").status_code == 403
    assert client.get(f"/messages/{mid}/delete").status_code == 403
    assert _texts(app, district, in_district, "all") == ["Read only."]


def test_another_districts_messages_never_show_and_their_ids_are_404(
        app, client, auth, login_as, other_district, in_district):
    theirs = _message(app, other_district, in_district, "Riverside only.")
    login_as("editor")
    assert "Riverside only." not in client.get("/messages/").text
    token = auth.csrf()
    assert client.get(f"/messages/{theirs}/edit").status_code == 404
    assert client.get(f"/messages/{theirs}", headers=HTMX).status_code == 404
    assert client.get(f"/messages/{theirs}/delete").status_code == 404
    for url, data in ((f"/messages/{theirs}", {f"message-{theirs}-text": "Hijack",
                                               f"message-{theirs}-audience": "all"}),
                      (f"/messages/{theirs}/move", {"direction": "down"}),
                      (f"/messages/{theirs}/delete", {})):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404
    assert _texts(app, other_district, in_district, "all") == ["Riverside only."]


def test_writes_without_a_csrf_token_are_refused(app, client, login_as, district, in_district):
    mid = _message(app, district, in_district, "Keep me.")
    login_as("editor")
    assert client.post("/messages/", data={"audience": "all", "text": "Forged"}).status_code \
        == 400
    assert client.post(f"/messages/{mid}", data={f"message-{mid}-audience": "all",
                                                 f"message-{mid}-text": "Forged"}).status_code \
        == 400
    assert client.post(f"/messages/{mid}/move", data={"direction": "down"}).status_code == 400
    assert client.post(f"/messages/{mid}/delete").status_code == 400
    assert _texts(app, district, in_district, "all") == ["Keep me."]


def test_an_xss_message_is_inert_in_the_list_the_editor_and_the_confirm_page(
        app, client, login_as, district, in_district):
    _glossary(app, district, in_district, term=XSS, avoid="customized learning")
    mid = _message(app, district, in_district, f"{XSS} customized learning")
    login_as("editor")
    for url, headers in (("/messages/", {}), (f"/messages/{mid}", HTMX),
                         (f"/messages/{mid}/edit", HTMX), (f"/messages/{mid}/edit", {}),
                         (f"/messages/{mid}/delete", {})):
        text = client.get(url, headers=headers).text
        assert XSS not in text, url
        assert ESCAPED in text, url
    warning = client.get("/messages/").text
    assert f"the district says &ldquo;{ESCAPED}&rdquo;." in warning


# ---------------------------------------------------------------- the profile card


def _stakeholder(app, district, in_district, group="parent", name="Lucia Parent") -> int:
    with app.app_context(), in_district(district):
        s = Stakeholder(name=name, name_key=name.lower(), group=group)
        db.session.add(s)
        db.session.commit()
        return s.id


def _card(html: str) -> str:
    return re.search(r'<section id="key-messages".*?</section>', html, re.S).group(0)


def test_the_profile_shows_the_groups_messages_and_everyones(app, client, login_as, district,
                                                             in_district):
    sid = _stakeholder(app, district, in_district)
    _message(app, district, in_district, "For everyone.", "all")
    _message(app, district, in_district, "For parents.", "parent")
    _message(app, district, in_district, "For employers.", "business")
    login_as("viewer")
    card = _card(client.get(f"/stakeholders/{sid}").text)
    assert "For parents." in card and "For everyone." in card
    assert "For employers." not in card
    assert card.index("For parents.") < card.index("For everyone.")
    assert 'href="/messages/?audience=parent"' in card


def test_the_profile_card_is_capped_and_links_to_the_rest(app, client, login_as, district,
                                                          in_district, counted):
    sid = _stakeholder(app, district, in_district)
    _message(app, district, in_district, "Parents 0.", "parent", 0)
    login_as("viewer")
    with app.app_context(), counted() as with_one:
        client.get(f"/stakeholders/{sid}")
    for i in range(1, 8):
        _message(app, district, in_district, f"Parents {i}.", "parent", i)
    with app.app_context(), counted() as with_eight:
        page = client.get(f"/stakeholders/{sid}").text
    card = _card(page)
    assert card.count("<li>") == 5 and "Parents 4." in card and "Parents 5." not in card
    assert "All key messages" in card
    assert len(with_eight) == len(with_one), "no query per message"


def test_the_profile_card_without_messages_links_to_the_page(app, client, login_as, district,
                                                              in_district, other_district):
    sid = _stakeholder(app, district, in_district, group="media")
    _message(app, other_district, in_district, "Riverside media line.", "media")
    login_as("viewer")
    card = _card(client.get(f"/stakeholders/{sid}").text)
    assert "No key messages for Media or for everyone yet." in card
    assert 'href="/messages/"' in card and "Riverside" not in card


def test_the_profile_card_can_be_drawn_again_alone(app, client, login_as, district,
                                                   in_district):
    sid = _stakeholder(app, district, in_district)
    _message(app, district, in_district, "For parents.", "parent")
    login_as("viewer")
    card = client.get(f"/stakeholders/{sid}", headers={**HTMX, "HX-Target": "key-messages"})
    assert card.text.lstrip().startswith('<section id="key-messages"')
    assert "For parents." in card.text


def test_an_xss_message_is_inert_on_the_profile(app, client, login_as, district, in_district):
    sid = _stakeholder(app, district, in_district)
    _message(app, district, in_district, XSS, "parent")
    login_as("viewer")
    card = _card(client.get(f"/stakeholders/{sid}").text)
    assert XSS not in card and ESCAPED in card
