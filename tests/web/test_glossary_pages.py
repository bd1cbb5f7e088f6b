"""The glossary: terms in alphabetical order, added, edited and deleted by editors with
clear refusals for clashes; and the wording check anyone can use on a draft."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import GlossaryTerm

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
HTMX = {"HX-Request": "true", "HX-Target": "wording-result"}


def _term(app, district, in_district, term="personalized learning",
          avoid="customized learning, adaptive learning, individualized learning",
          meaning="Each student's path, pace and voice.") -> int:
    with app.app_context(), in_district(district):
        t = GlossaryTerm(term=term, meaning=meaning, avoid=avoid)
        db.session.add(t)
        db.session.commit()
        return t.id


def _terms(app, district, in_district) -> list[tuple[str, str, str]]:
    with app.app_context(), in_district(district):
        return [(t.term, t.meaning, t.avoid) for t in db.session.scalars(
            sa.select(GlossaryTerm).order_by(GlossaryTerm.id))]


def _post(client, auth, url="/messages/glossary", **fields):
    data = {"csrf_token": auth.csrf(), "term": "", "meaning": "", "avoid": "", **fields}
    return client.post(url, data=data)


# ---------------------------------------------------------------- the page


def test_empty_glossary_suggests_the_districts_example(client, login_as):
    login_as("editor")
    page = client.get("/messages/glossary")
    assert page.status_code == 200 and "No terms yet" in page.text
    assert ("use &ldquo;personalized learning&rdquo;; avoid &ldquo;customized learning, "
            "adaptive learning, individualized learning&rdquo;") in page.text
    assert "Add a term" in page.text
    assert '<a href="/messages/">Key messages</a>' in page.text  # the area's tab


def test_terms_are_listed_alphabetically_ignoring_case_and_accents(
        app, client, login_as, district, in_district):
    for term in ("personalized learning", "Competency-based learning", "Éducation", "advisory"):
        _term(app, district, in_district, term=term, avoid="")
    login_as("viewer")
    page = client.get("/messages/glossary").text
    names = re.findall(r'<span class="term-name">([^<]+)</span>', page)
    assert names == ["advisory", "Competency-based learning", "Éducation",
                     "personalized learning"]


def test_each_term_shows_its_meaning_and_phrases_to_avoid(app, client, login_as, district,
                                                          in_district):
    _term(app, district, in_district)
    login_as("viewer")
    page = client.get("/messages/glossary").text
    assert "Each student&#39;s path, pace and voice." in page
    assert ('<span class="avoided">customized learning</span>, '
            '<span class="avoided">adaptive learning</span>') in page


# ---------------------------------------------------------------- add, edit, delete


def test_adding_a_term_normalises_its_avoid_list(app, client, auth, login_as, district,
                                                 in_district):
    login_as("editor")
    response = _post(client, auth, term="  personalized   learning ",
                     meaning="Each student's path.",
                     avoid=" customized learning,, Adaptive learning , adaptive-LEARNING,")
    assert response.status_code == 302
    assert _terms(app, district, in_district) == [
        ("personalized learning", "Each student's path.",
         "customized learning, Adaptive learning")]
    assert "Added \u201cpersonalized learning\u201d to the glossary." in \
        client.get("/messages/glossary").text


def test_a_term_is_required_and_lengths_are_enforced(app, client, auth, login_as, district,
                                                     in_district):
    login_as("editor")
    empty = _post(client, auth, term="  ")
    assert empty.status_code == 422 and "Give the term the district uses." in empty.text
    assert 'aria-invalid="true"' in empty.text
    long = _post(client, auth, term="t" * 121, meaning="m" * 1001, avoid="a" * 501)
    assert long.status_code == 422
    for message in ("Keep the term to 120 characters or fewer.",
                    "Keep the meaning to 1,000 characters or fewer.",
                    "Keep the phrases to avoid to 500 characters or fewer."):
        assert message in long.text
    assert _terms(app, district, in_district) == []


def test_a_term_is_unique_ignoring_case_accents_and_hyphens(app, client, auth, login_as,
                                                            district, in_district):
    _term(app, district, in_district, term="Personalized learning", avoid="")
    login_as("editor")
    response = _post(client, auth, term="PERSONALIZED-léarning")
    assert response.status_code == 422
    assert "There is already a term \u201cPersonalized learning\u201d." in response.text
    assert len(_terms(app, district, in_district)) == 1


def test_the_same_term_in_another_district_is_fine(app, client, auth, login_as, district,
                                                   other_district, in_district):
    _term(app, other_district, in_district)
    login_as("editor")
    assert _post(client, auth, term="personalized learning").status_code == 302


def test_an_avoided_phrase_cannot_be_the_term_or_another_term(app, client, auth, login_as,
                                                              district, in_district):
    _term(app, district, in_district, term="competency-based learning", avoid="seat time")
    login_as("editor")
    itself = _post(client, auth, term="personalized learning",
                   avoid="customized learning, Personalized Learning")
    assert itself.status_code == 422
    assert ("\u201cPersonalized Learning\u201d is the term itself: it cannot also be a phrase "
            "to avoid.") in itself.text
    other = _post(client, auth, term="personalized learning",
                  avoid="competency based learning")
    assert other.status_code == 422
    assert ("\u201ccompetency based learning\u201d is the district\u2019s term "
            "\u201ccompetency-based learning\u201d: it cannot be a phrase to avoid.") in other.text
    twice = _post(client, auth, term="personalized learning", avoid="Seat time")
    assert twice.status_code == 422
    assert "already a phrase to avoid in favour of \u201ccompetency-based learning\u201d" in \
        twice.text
    reverse = _post(client, auth, term="seat time")
    assert reverse.status_code == 422
    assert "\u201cseat time\u201d is a phrase to avoid in favour of" in reverse.text
    assert len(_terms(app, district, in_district)) == 1


def test_editing_a_term(app, client, auth, login_as, district, in_district):
    tid = _term(app, district, in_district)
    login_as("editor")
    form = client.get(f"/messages/glossary/{tid}")
    assert form.status_code == 200 and 'value="personalized learning"' in form.text
    response = _post(client, auth, f"/messages/glossary/{tid}", term="Personalized learning",
                     meaning="New meaning.", avoid="customized learning")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/messages/glossary#term-{tid}"
    assert _terms(app, district, in_district) == [
        ("Personalized learning", "New meaning.", "customized learning")]


def test_editing_a_term_into_a_clash_is_refused(app, client, auth, login_as, district,
                                                in_district):
    _term(app, district, in_district, term="advisory board", avoid="")
    tid = _term(app, district, in_district)
    login_as("editor")
    response = _post(client, auth, f"/messages/glossary/{tid}", term="Advisory Board")
    assert response.status_code == 422
    assert "There is already a term \u201cadvisory board\u201d." in response.text
    assert _terms(app, district, in_district)[1][0] == "personalized learning"


def test_delete_asks_first_then_deletes(app, client, auth, login_as, district, in_district):
    tid = _term(app, district, in_district)
    login_as("editor")
    page = client.get("/messages/glossary").text
    assert f'href="/messages/glossary/{tid}/delete"' in page
    confirm = client.get(f"/messages/glossary/{tid}/delete")
    assert "Delete this glossary term?" in confirm.text and "personalized learning" in \
        confirm.text
    assert len(_terms(app, district, in_district)) == 1
    response = client.post(f"/messages/glossary/{tid}/delete", data={"csrf_token": auth.csrf()})
    assert response.status_code == 302
    assert _terms(app, district, in_district) == []


# ---------------------------------------------------------------- the wording check


def _check(client, auth, draft: str, headers=None):
    """Send a draft to the wording check, as its form does (a POST with the CSRF token)."""
    return client.post("/messages/check", data={"text": draft, "csrf_token": auth.csrf()},
                       headers=headers or {})


def test_the_wording_check_highlights_avoided_phrases_for_htmx(
        app, client, auth, login_as, district, in_district):
    _term(app, district, in_district)
    login_as("viewer")
    draft = "Dear parents,\nOur customized learning and Adaptive-Learning plans..."
    response = _check(client, auth, draft, HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "2 phrases to change." in response.text
    assert ("<mark>customized learning</mark><span class=\"use-instead\"> (say "
            "&ldquo;personalized learning&rdquo;)</span>") in response.text
    assert "<mark>Adaptive-Learning</mark>" in response.text
    assert "Says &ldquo;Adaptive-Learning&rdquo;: the district says" in response.text
    assert "Dear parents,\nOur " in response.text

def test_the_wording_check_without_javascript_is_a_full_page(
        app, client, auth, login_as, district, in_district):
    _term(app, district, in_district)
    login_as("viewer")
    page = _check(client, auth, "individualized learning")
    assert page.status_code == 200 and "<html" in page.text
    assert "<mark>individualized learning</mark>" in page.text
    assert ">individualized learning</textarea>" in page.text


def test_the_wording_check_says_when_all_is_well_or_nothing_to_check(
        app, client, auth, login_as, district, in_district):
    login_as("viewer")
    nothing = _check(client, auth, "adaptive learning", HTMX).text
    assert "The glossary has no phrases to avoid yet" in nothing
    _term(app, district, in_district)
    fine = _check(client, auth, "personalized learning", HTMX).text
    assert "No phrases to avoid: the draft uses the district&rsquo;s words." in fine
    empty = _check(client, auth, " ", HTMX).text
    assert "Paste or type a draft first." in empty


def test_the_wording_check_reads_at_most_4000_characters(
        app, client, auth, login_as, district, in_district):
    _term(app, district, in_district)
    login_as("viewer")
    at_limit = "customized learning " + "x" * 3980
    assert "1 phrase to change." in _check(client, auth, at_limit, HTMX).text
    over = _check(client, auth, at_limit + "y", HTMX)
    assert over.status_code == 200
    assert ("Your draft is 4,001 characters long; the check reads up to 4,000. Check it in "
            "parts.") in over.text
    assert "<mark>" not in over.text
    page = _check(client, auth, at_limit + "y")
    assert 'aria-invalid="true"' in page.text and "Check it in parts." in page.text


def test_the_wording_check_never_shows_another_districts_glossary(
        app, client, auth, login_as, other_district, in_district):
    _term(app, other_district, in_district)
    login_as("viewer")
    text = _check(client, auth, "customized learning", HTMX).text
    assert "<mark>" not in text and "no phrases to avoid yet" in text


def test_an_xss_draft_and_term_are_inert_in_the_wording_check(
        app, client, auth, login_as, district, in_district):
    _term(app, district, in_district, term=XSS, avoid="customized learning")
    login_as("viewer")
    draft = f"{XSS} customized learning <script>alert(2)</script>"
    for headers in (HTMX, {}):
        text = _check(client, auth, draft, headers).text
        assert XSS not in text and "<script>alert(2)" not in text
        assert f"(say &ldquo;{ESCAPED}&rdquo;)" in text
        assert f"{ESCAPED} <mark>customized learning</mark>" in text


# ---------------------------------------------------------------- access and safety


def test_viewer_sees_the_glossary_and_the_check_but_cannot_change_terms(
        app, client, auth, login_as, district, in_district):
    tid = _term(app, district, in_district)
    login_as("viewer")
    page = client.get("/messages/glossary").text
    assert "personalized learning" in page and "Check your wording" in page
    assert "Add a term" not in page and ">Edit<" not in page and "Delete" not in page
    assert _post(client, auth, term="Nope").status_code == 403
    assert _post(client, auth, f"/messages/glossary/{tid}", term="Nope").status_code == 403
    assert client.post(f"/messages/glossary/{tid}/delete",
                       data={"csrf_token": auth.csrf()}).status_code == 403
    assert client.get(f"/messages/glossary/{tid}").status_code == 403
    assert client.get(f"/messages/glossary/{tid}/delete").status_code == 403
    assert len(_terms(app, district, in_district)) == 1


def test_another_districts_terms_never_show_and_their_ids_are_404(
        app, client, auth, login_as, other_district, in_district):
    tid = _term(app, other_district, in_district, term="Riverside term")
    login_as("editor")
    assert "Riverside term" not in client.get("/messages/glossary").text
    assert client.get(f"/messages/glossary/{tid}").status_code == 404
    assert client.get(f"/messages/glossary/{tid}/delete").status_code == 404
    assert _post(client, auth, f"/messages/glossary/{tid}", term="Hijack").status_code == 404
    assert client.post(f"/messages/glossary/{tid}/delete",
                       data={"csrf_token": auth.csrf()}).status_code == 404
    assert _terms(app, other_district, in_district)[0][0] == "Riverside term"


def test_term_writes_without_a_csrf_token_are_refused(app, client, login_as, district,
                                                      in_district):
    tid = _term(app, district, in_district)
    login_as("editor")
    assert client.post("/messages/glossary", data={"term": "Forged"}).status_code == 400
    assert client.post(f"/messages/glossary/{tid}", data={"term": "Forged"}).status_code == 400
    assert client.post(f"/messages/glossary/{tid}/delete").status_code == 400
    assert _terms(app, district, in_district)[0][0] == "personalized learning"


def test_an_xss_term_is_inert_on_every_glossary_page(app, client, login_as, district,
                                                     in_district):
    tid = _term(app, district, in_district, term=XSS, avoid=XSS.replace("<", "(").replace(
        ">", ")"), meaning=XSS)
    login_as("editor")
    for url in ("/messages/glossary", f"/messages/glossary/{tid}",
                f"/messages/glossary/{tid}/delete"):
        text = client.get(url).text
        assert XSS not in text and ESCAPED in text, url


def test_the_wording_check_keeps_drafts_out_of_urls_and_needs_the_csrf_token(
        app, client, auth, login_as, district, in_district):
    _term(app, district, in_district)
    login_as("viewer")
    form = client.get("/messages/check").text
    assert 'method="post"' in form and 'hx-post="/messages/check"' in form
    assert "<mark>" not in client.get("/messages/check?text=customized+learning").text
    no_token = client.post("/messages/check", data={"text": "customized learning"})
    assert no_token.status_code == 400
    # A long draft full of characters a URL would spell as %E2%80%9C... still fits.
    draft = "\u201ccustomized learning\u201d \u00e9l\u00e8ves " * 130
    assert len(draft) <= 4000
    assert "130 phrases to change." in _check(client, auth, draft, HTMX).text
