"""The concern register, the district's answers written in place, and "you said, we did":
grouping, filters, paging, empty states, htmx fragments and plain forms, validation,
stale answers, roles, districts and escaping."""

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
import sqlalchemy as sa
import time_machine

from app.domain.concerns import answer_fingerprint, theme_key
from app.extensions import db
from app.models import AuditEvent, Concern, Interaction, InteractionParticipant, Stakeholder

HX = {"HX-Request": "true"}
XSS = "<img src=x onerror=alert(1)>"
TODAY = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # spring 2026: Jan 1 - Jul 31
REGISTER = "/engagement/concerns"
YOU_SAID = "/engagement/concerns/you-said-we-did"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def add(app, district, in_district):
    """Record an interaction with concerns: add("grading: text", ...) -> concern ids."""

    def add_concerns(*lines: str, on: date = date(2026, 3, 2), kind: str = "focus_group",
                     title: str = "", people: tuple[str, ...] = (), answer: str = "",
                     is_open: bool = True, where=None) -> list[int]:
        with app.app_context(), in_district(where or district):
            interaction = Interaction(kind=kind, title=title, occurred_on=on,
                                      with_attendance=kind == "focus_group")
            db.session.add(interaction)
            db.session.flush()
            for name in people:
                s = Stakeholder(name=name, name_key=name.lower(), kind="person", group="parent")
                db.session.add(s)
                db.session.flush()
                db.session.add(InteractionParticipant(
                    interaction_id=interaction.id, stakeholder_id=s.id, occurred_on=on))
            concerns = []
            for line in lines:
                theme, _, text = line.partition(": ")
                concerns.append(Concern(interaction_id=interaction.id, theme=theme, text=text,
                                        answer=answer, is_open=is_open))
            db.session.add_all(concerns)
            db.session.commit()
            return [c.id for c in concerns]

    return add_concerns


def stored(app, district, in_district, concern_id: int) -> Concern:
    with app.app_context(), in_district(district):
        c = db.session.get(Concern, concern_id)
        db.session.expunge(c)
        return c


def csrf(client) -> str:
    page = client.get("/engagement/")
    return re.search(r'"X-CSRFToken": "([^"]+)"', page.text).group(1)


def answer(client, concern_id: int, text: str, *, headers=None, seen: str | None = None,
           **fields):
    data = {"answer": text, "seen": answer_fingerprint("") if seen is None else seen,
            "csrf_token": csrf(client), **fields}
    return client.post(f"{REGISTER}/{concern_id}/answer", data=data, headers=headers or {})


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- The register -----------------------------------------------------------------------------


def test_the_register_groups_by_theme_newest_first_with_source_and_who_raised_it(
        client, login_as, add):
    login_as("viewer")
    older = add("grading: colleges won't read the transcripts", on=date(2026, 1, 20),
                title="Northwood PTA focus group", people=("Ana Ortiz", "Ben Lee"))[0]
    newer = add("grading: no more letter grades?", on=date(2026, 3, 1), kind="survey",
                people=("Cy Diaz", "Dee Fox", "Eve Gray", "Flo Hart", "Gus Ives"))[0]
    add("safety: bus stops are unlit", on=date(2026, 2, 1), answer="New lights ordered",
        is_open=False)
    page = client.get(f"{REGISTER}?status=all")
    assert page.status_code == 200
    html = page.text
    assert html.index(f'id="theme-{theme_key("grading")}">grading<') \
        < html.index(f'id="concern-{newer}"') < html.index(f'id="concern-{older}"') \
        < html.index(f'id="theme-{theme_key("safety")}">safety<')
    assert f'id="theme-counts-{theme_key("grading")}"' in html
    words = text_of(html)
    assert "grading 2 open · 0 answered" in words
    assert "safety 0 open · 1 answered" in words
    assert "Raised by Ana Ortiz, Ben Lee" in words
    assert "Raised by Cy Diaz, Dee Fox, Eve Gray and 2 more" in words  # three names, capped
    assert "Northwood PTA focus group" in words and "Survey on 1 Mar 2026" in words
    assert "We did New lights ordered" in words
    assert "3 concerns." in words


def test_the_register_shows_open_concerns_unless_asked(client, login_as, add):
    login_as("viewer")
    add("grading: transcripts")
    add("safety: bus stops", answer="Lights ordered", is_open=False)
    default = text_of(client.get(REGISTER).text)
    assert "transcripts" in default and "bus stops" not in default
    assert "1 open concern." in default and "Show answered ones too" in default
    answered = text_of(client.get(f"{REGISTER}?status=answered").text)
    assert "bus stops" in answered and "transcripts" not in answered
    everything = text_of(client.get(f"{REGISTER}?status=all").text)
    assert "bus stops" in everything and "transcripts" in everything
    junk = text_of(client.get(f"{REGISTER}?status=bogus").text)
    assert "transcripts" in junk and "bus stops" not in junk


def test_the_register_filters_by_theme_words_dates_and_unwritten_answers(client, login_as, add):
    login_as("viewer")
    add("grading: worried about transcripts", on=date(2026, 1, 10))
    add("grading: too much homework", on=date(2026, 2, 10), answer="Homework policy reviewed",
        is_open=False)
    add("safety: bus stops", on=date(2026, 3, 1), is_open=False)  # answered, nothing written
    by_theme = text_of(client.get(f"{REGISTER}?status=all&theme=Grading").text)
    assert "transcripts" in by_theme and "homework" in by_theme and "bus stops" not in by_theme
    # Words are looked for in the concern and in its answer, whatever their case.
    in_text = text_of(client.get(f"{REGISTER}?status=all&q=TRANSCRIPT").text)
    assert "transcripts" in in_text and "homework" not in in_text
    in_answer = text_of(client.get(f"{REGISTER}?status=all&q=policy").text)
    assert "homework" in in_answer and "transcripts" not in in_answer
    assert "bus stops" not in text_of(client.get(f"{REGISTER}?status=all&q=50%25").text)
    dated = text_of(client.get(f"{REGISTER}?status=all&from=2026-02-01&to=2026-02-28").text)
    assert "homework" in dated and "transcripts" not in dated and "bus stops" not in dated
    backwards = text_of(client.get(f"{REGISTER}?status=all&from=2026-02-28&to=2026-02-01").text)
    assert "homework" in backwards and "transcripts" not in backwards
    unwritten = text_of(client.get(f"{REGISTER}?status=unwritten").text)
    assert "bus stops" in unwritten and "homework" not in unwritten
    assert "No answer written" in unwritten


def test_the_register_pages_by_25_keeping_its_filters(app, client, login_as, add):
    login_as("viewer")
    for n in range(30):
        add(f"grading: transcript worry {n:02}", on=date(2026, 1, 1 + n))
    add("safety: unlit transcript office")
    first = client.get(f"{REGISTER}?q=transcript&from=2026-01-01")
    assert first.text.count('<li id="concern-') == 25
    assert "Page 1 of 2" in first.text
    assert "31 open concerns match these filters." in text_of(first.text)
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first.text).group(1)
    assert unescape(next_link) == f"{REGISTER}?q=transcript&from=2026-01-01&page=2"
    second = client.get(unescape(next_link))
    assert second.text.count('<li id="concern-') == 6
    words = text_of(second.text)
    assert "grading (continued)" in words and "worry 00" in words and "worry 29" not in words
    assert "safety" in words and "safety (continued)" not in words
    fragment = client.get(unescape(next_link), headers={**HX, "HX-Target": "concern-results"})
    assert fragment.text.lstrip().startswith('<div id="concern-results">')
    assert "<html" not in fragment.text
    assert fragment.headers["HX-Push-Url"] == unescape(next_link)


def test_the_empty_register_says_how_concerns_get_there(client, login_as):
    login_as("editor")
    words = text_of(client.get(REGISTER).text)
    assert "No concerns yet: they are recorded when you log a focus group, survey or meeting" \
        in words
    assert 'href="/engagement/new"' in client.get(REGISTER).text


def test_no_match_and_all_answered_say_what_to_do(client, login_as, add):
    login_as("viewer")
    add("grading: transcripts", answer="FAQ sent", is_open=False)
    all_answered = client.get(REGISTER)
    assert "No open concerns: every concern raised has been answered." in all_answered.text
    assert f'href="{REGISTER}?status=all"' in all_answered.text
    none = client.get(f"{REGISTER}?status=all&q=zebra")
    assert "No concerns match these filters." in none.text
    assert re.search(rf'<a class="btn" href="{REGISTER}">Clear the filters</a>', none.text)


def test_the_log_links_to_the_register_by_theme(client, login_as, add):
    login_as("viewer")
    add("grading: transcripts")
    page = client.get("/engagement/")
    chip = f'<a class="chip" href="{REGISTER}?theme=grading">grading <strong>1</strong>'
    assert chip in page.text
    assert f'href="{REGISTER}">Concern register</a>' in page.text
    assert f'<a href="{REGISTER}">Concerns</a>' in page.text  # the area's tab


def test_the_register_reads_a_page_in_a_fixed_number_of_queries(app, client, login_as, add,
                                                                 counted):
    login_as("viewer")
    for n in range(3):
        add(f"theme{n}: concern {n}", people=("Ana Ortiz", "Ben Lee"), is_open=n != 0)
    with app.app_context(), counted() as few:
        assert client.get(f"{REGISTER}?status=all").status_code == 200
    for n in range(3, 25):
        add(f"theme{n % 7}: concern {n}", people=("Cy Diaz",), is_open=n % 2 == 0,
            answer="Done" if n % 2 == 0 else "")
    with app.app_context(), counted() as many:
        assert client.get(f"{REGISTER}?status=all").text.count('<li id="concern-') == 25
    assert len(many) == len(few)


# --- Answering --------------------------------------------------------------------------------


def test_answering_in_place_returns_the_concern_answered(app, client, login_as, district,
                                                         in_district, add):
    login_as("editor")
    (cid,) = add("grading: transcripts", people=("Ana Ortiz",))
    back = f"{REGISTER}?theme=grading"
    form = client.get(f"{REGISTER}/{cid}/answer?view=register&next={back}",
                      headers={**HX, "HX-Target": f"concern-{cid}"})
    assert form.status_code == 200 and "<html" not in form.text
    assert f'id="concern-{cid}-answer"' in form.text and "autofocus" in form.text
    assert 'hx-get="/engagement/concerns/' in form.text  # Cancel swaps the concern back
    saved = answer(client, cid, "  We sent every family the transcript FAQ.\r\n  ",
                   headers={**HX, "HX-Target": f"concern-{cid}"}, view="register", next=back)
    assert saved.status_code == 200 and "<html" not in saved.text
    assert "engagement-changed" in saved.headers["HX-Trigger"]
    words = text_of(saved.text)
    assert "Answered by Editor1, 10 Mar 2026" in words
    assert "We did We sent every family the transcript FAQ." in words
    assert "Raised by Ana Ortiz" in words and "Edit answer" in words
    # The theme's heading counts are redrawn out of band.
    assert re.search(rf'id="theme-counts-{theme_key("grading")}"[^>]*hx-swap-oob="true"[^>]*>'
                     r"0 open &middot; 1 answered", saved.text)
    c = stored(app, district, in_district, cid)
    assert (c.answer, c.is_open) == ("We sent every family the transcript FAQ.", False)
    with app.app_context(), in_district(district):
        change = db.session.scalar(sa.select(AuditEvent.changes).where(
            AuditEvent.record_type == "Concern", AuditEvent.action == "update"))
    assert change["answer"] == {"before": "", "after": "We sent every family the transcript FAQ."}
    cancel = client.get(f"{REGISTER}/{cid}?view=register&next={back}",
                        headers={**HX, "HX-Target": f"concern-{cid}"})
    assert "Raised by Ana Ortiz" in text_of(cancel.text) and "<textarea" not in cancel.text


def test_answering_without_javascript_returns_to_the_filtered_page(app, client, login_as,
                                                                    district, in_district, add):
    login_as("editor")
    (cid,) = add("grading: transcripts")
    back = f"{REGISTER}?theme=grading&page=1"
    page = client.get(f"{REGISTER}/{cid}/answer", query_string={"next": back})
    assert page.status_code == 200 and "<html" in page.text
    assert f'name="next" type="hidden" value="{back}"' in unescape(page.text)
    response = answer(client, cid, "FAQ sent home.", next=back)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{back}#concern-{cid}"
    followed = client.get(response.headers["Location"])
    assert "Answer saved; the concern is marked answered." in followed.text
    off_site = answer(client, cid, "FAQ sent twice.", next="https://evil.example/",
                      seen=answer_fingerprint("FAQ sent home."))
    assert off_site.headers["Location"].startswith("/engagement/")
    assert stored(app, district, in_district, cid).answer == "FAQ sent twice."


def test_a_blank_or_too_long_answer_is_refused_keeping_what_was_typed(app, client, login_as,
                                                                      district, in_district,
                                                                      add):
    login_as("editor")
    (cid,) = add("grading: transcripts")
    blank = answer(client, cid, "  \n\t ", headers={**HX, "HX-Target": f"concern-{cid}"})
    assert blank.status_code == 422 and "<html" not in blank.text
    assert "Write what the district did, or leave it open." in blank.text
    assert 'aria-invalid="true"' in blank.text
    typed = "We hired more counselors. " * 80  # 2,080 characters
    too_long = answer(client, cid, typed, headers={**HX, "HX-Target": f"concern-{cid}"})
    assert too_long.status_code == 422
    assert "Keep the answer under 2,000 characters." in too_long.text
    assert typed.strip() in unescape(too_long.text)  # nothing typed is lost
    without_js = answer(client, cid, " ")
    assert without_js.status_code == 422 and "<html" in without_js.text
    assert "Write what the district did, or leave it open." in without_js.text
    c = stored(app, district, in_district, cid)
    assert (c.answer, c.is_open) == ("", True)
    assert answer(client, cid, "x" * 2000).status_code == 302


def test_clearing_an_answer_keeps_the_concern_answered(app, client, login_as, district,
                                                        in_district, add):
    login_as("editor")
    (cid,) = add("grading: transcripts", answer="FAQ sent", is_open=False)
    response = answer(client, cid, "", seen=answer_fingerprint("FAQ sent"))
    assert response.status_code == 302
    assert "Answer cleared. The concern stays answered" in client.get(
        response.headers["Location"]).text
    c = stored(app, district, in_district, cid)
    assert (c.answer, c.is_open) == ("", False)


def test_an_answer_saved_meanwhile_is_not_overwritten_unseen(app, client, login_as, district,
                                                             in_district, add):
    login_as("editor")
    (cid,) = add("grading: transcripts")
    form = client.get(f"{REGISTER}/{cid}/answer", headers={**HX, "HX-Target": f"concern-{cid}"})
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"', form.text).group(1)
    assert answer(client, cid, "Theirs: FAQ sent.", seen=seen).status_code == 302
    mine = answer(client, cid, "Mine: counselor visits.", seen=seen,
                  headers={**HX, "HX-Target": f"concern-{cid}"})
    assert mine.status_code == 409
    assert "Someone else saved an answer to this concern" in mine.text
    assert "Theirs: FAQ sent." in mine.text and "Mine: counselor visits." in mine.text
    assert stored(app, district, in_district, cid).answer == "Theirs: FAQ sent."
    again = re.search(r'name="seen" type="hidden" value="([^"]+)"', mine.text).group(1)
    assert answer(client, cid, "Mine: counselor visits.", seen=again).status_code == 302
    assert stored(app, district, in_district, cid).answer == "Mine: counselor visits."


def test_answers_show_and_can_be_written_on_the_interaction_page(app, client, login_as, district,
                                                                 in_district, add):
    login_as("editor")
    (cid,) = add("grading: transcripts", title="PTA focus group")
    with app.app_context(), in_district(district):
        iid = db.session.get(Concern, cid).interaction_id
    detail = client.get(f"/engagement/{iid}")
    assert f'href="/engagement/concerns/{cid}/answer?next=/engagement/{iid}"' in detail.text
    saved = answer(client, cid, "FAQ sent.", next=f"/engagement/{iid}",
                   headers={**HX, "HX-Target": f"concern-{cid}"})
    assert "We did FAQ sent." in text_of(saved.text)
    assert "Raised by" not in saved.text and "theme-counts" not in saved.text
    assert "We did FAQ sent." in text_of(client.get(f"/engagement/{iid}").text)
    # The register links each concern to the interaction it came from.
    assert f'href="/engagement/{iid}">PTA focus group</a>' in client.get(
        f"{REGISTER}?status=all").text


def test_marking_answered_from_the_register_keeps_its_view_and_filters(client, login_as, add):
    login_as("editor")
    (cid,) = add("grading: transcripts", people=("Ana Ortiz",))
    back = f"{REGISTER}?theme=grading"
    page = client.get(back)
    assert '<input type="hidden" name="view" value="register">' in page.text
    fragment = client.post(f"{REGISTER}/{cid}/answered", data={
        "csrf_token": csrf(client), "view": "register", "next": back},
        headers={**HX, "HX-Target": f"concern-{cid}"})
    words = text_of(fragment.text)
    assert "Answered by Editor1" in words and "Raised by Ana Ortiz" in words
    assert "No answer written: write what the district did, so it can be shared." in words
    assert "0 open · 1 answered" in words  # the heading's counts, out of band
    reopened = client.post(f"{REGISTER}/{cid}/answered", data={
        "csrf_token": csrf(client), "view": "register", "next": back})
    assert reopened.headers["Location"] == f"{back}#concern-{cid}"


def test_a_write_without_its_csrf_token_is_refused(app, client, login_as, district, in_district,
                                                   add):
    login_as("editor")
    (cid,) = add("grading: transcripts")
    response = client.post(f"{REGISTER}/{cid}/answer", data={"answer": "FAQ sent."})
    assert response.status_code == 400
    assert stored(app, district, in_district, cid).answer == ""


def test_viewers_read_answers_but_cannot_answer(app, client, login_as, district, in_district,
                                                 add):
    login_as("viewer")
    (cid,) = add("grading: transcripts", answer="FAQ sent.", is_open=False)
    page = client.get(f"{REGISTER}?status=all")
    assert "We did FAQ sent." in text_of(page.text)
    assert "Edit answer" not in page.text and "Reopen" not in page.text
    assert f"/concerns/{cid}/answer" not in page.text
    assert client.get(f"{REGISTER}/{cid}/answer").status_code == 403
    response = answer(client, cid, "Changed by a viewer", seen=answer_fingerprint("FAQ sent."))
    assert response.status_code == 403
    assert stored(app, district, in_district, cid).answer == "FAQ sent."


def test_another_districts_concerns_never_show_and_cannot_be_answered(
        app, client, login_as, other_district, district, in_district, add):
    login_as("editor")
    add("grading: ours")
    (theirs,) = add("grading: theirs", answer="Their answer", is_open=False,
                    where=other_district)
    for url in (f"{REGISTER}?status=all", YOU_SAID):
        assert "theirs" not in client.get(url).text.lower()
    assert client.get(f"{REGISTER}/{theirs}/answer").status_code == 404
    assert client.get(f"{REGISTER}/{theirs}", headers=HX).status_code == 404
    assert answer(client, theirs, "Hijacked", seen=answer_fingerprint("Their answer")) \
        .status_code == 404
    assert stored(app, other_district, in_district, theirs).answer == "Their answer"


def test_concerns_and_answers_render_inert(client, login_as, add):
    login_as("editor")
    (cid,) = add(f"grading: {XSS}", answer=f'We did {XSS} hx-get="/x"', is_open=False)
    pages = [client.get(f"{REGISTER}?status=all").text, client.get(YOU_SAID).text,
             client.get(f"{REGISTER}/{cid}/answer", headers=HX).text,
             client.get(f"{REGISTER}/{cid}?view=register", headers=HX).text]
    for html in pages:
        assert XSS not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- You said, we did --------------------------------------------------------------------------


def test_you_said_we_did_shares_this_terms_answers_and_what_is_still_open(client, login_as,
                                                                          add):
    login_as("viewer")
    add("grading: colleges won't read transcripts", answer="We met 12 admissions offices.",
        is_open=False, people=("Ana Ortiz",))
    add("grading: too much homework", on=date(2026, 2, 1))
    add("grading: what is a competency?", on=date(2026, 2, 2))
    add("safety: unlit bus stops", answer="", is_open=False)  # answered, nothing written
    add("lunch: menus", on=date(2025, 11, 3), answer="New menus.", is_open=False)  # last term
    page = client.get(YOU_SAID)
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Northwood Unified: what our community told us this term (spring 2026)" in words
    assert ("You said: colleges won't read transcripts We did: We met 12 admissions offices."
            in words)
    assert "We are still working on 2 concerns about grading." in words
    assert "1 concern marked answered has no written answer, so it is not listed here." in words
    assert "unlit bus stops" not in words and "menus" not in words
    assert "Ana Ortiz" not in words  # nobody who raised a concern is named
    assert 'class="breadcrumb no-print"' in page.text and "data-print" in page.text


def test_you_said_we_did_covers_the_dates_and_theme_chosen(client, login_as, add):
    login_as("viewer")
    add("lunch: menus", on=date(2025, 11, 3), answer="New menus.", is_open=False)
    add("lunch: prices", on=date(2025, 12, 3))
    add("lunch: old vending machines", on=date(2025, 5, 1), answer="Removed.", is_open=False)
    add("lunch: long lines", on=date(2025, 5, 2))
    add("grading: transcripts", on=date(2025, 11, 5), answer="FAQ sent.", is_open=False)
    add("grading: homework", on=date(2026, 3, 1), answer="Policy reviewed.", is_open=False)
    fall = text_of(client.get(f"{YOU_SAID}?from=2025-08-01&to=2025-12-31").text)
    assert "1 Aug 2025 to 31 Dec 2025" in fall
    assert "New menus." in fall and "FAQ sent." in fall
    assert "Policy reviewed." not in fall and "Removed." not in fall
    assert "We are still working on 1 concern about lunch." in fall
    lunch = text_of(client.get(f"{YOU_SAID}?from=2025-08-01&to=2025-12-31&theme=lunch").text)
    assert "New menus." in lunch and "FAQ sent." not in lunch
    empty = text_of(client.get(f"{YOU_SAID}?from=2024-01-01&to=2024-06-30").text)
    assert "Nothing to share 1 Jan 2024 to 30 Jun 2024 yet" in empty


def test_you_said_we_did_lists_a_bounded_number_of_answers(app, client, login_as, district,
                                                            in_district, monkeypatch):
    from app.services import concern_register

    monkeypatch.setattr(concern_register, "YOU_SAID_MAX", 3)
    login_as("viewer")
    with app.app_context(), in_district(district):
        interaction = Interaction(kind="survey", occurred_on=date(2026, 2, 1))
        db.session.add(interaction)
        db.session.flush()
        db.session.add_all(Concern(interaction_id=interaction.id, theme=f"t{n % 2}",
                                   text=f"said {n}", answer=f"did {n}", is_open=False)
                           for n in range(5))
        db.session.commit()
    words = text_of(client.get(YOU_SAID).text)
    assert "This page lists 3 of 5 answers" in words
    assert words.count("You said:") == 3
    assert "And 2 more answers about t1 not listed here." in words
