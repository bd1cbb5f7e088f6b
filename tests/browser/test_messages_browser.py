"""An editor sets the district's words: adds a glossary term, checks a draft against it,
writes a key message for parents that strays from it and sees the warning, fixes it in
place, and finds the message on a parent's profile."""

from playwright.sync_api import Page, expect

from app import tenancy
from app.extensions import db
from app.models import Stakeholder

AVOIDED = "We offer customized learning for every child."
FIXED = "We offer personalized learning for every child."
WARNING = ("Says \u201ccustomized learning\u201d: the district says "
           "\u201cpersonalized learning\u201d.")


def _a_parent(app, district_id: int) -> int:
    with app.app_context(), tenancy.district_context(district_id):
        s = Stakeholder(name="Lucia Moreno", name_key="lucia moreno", group="parent")
        db.session.add(s)
        db.session.commit()
        return s.id


def test_editor_sets_the_words_and_a_parent_message_follows_them(
        app, page: Page, live_server: str, editor_district: int, sign_in, browser_problems,
        axe_violations):
    parent_id = _a_parent(app, editor_district)
    sign_in()
    page.goto(f"{live_server}/messages/glossary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary")
    add_term = page.get_by_role("region", name="Add a term")
    add_term.get_by_label("Term").fill("personalized learning")
    add_term.get_by_label("Avoid saying").fill(
        "customized learning, adaptive learning, individualized learning")
    add_term.get_by_role("button", name="Add term").click()
    expect(page.locator(".term-name")).to_have_text(["personalized learning"])
    assert axe_violations() == []

    # A viewer or an editor checks a draft before sending it: the phrase is marked.
    check = page.get_by_role("region", name="Check your wording")
    check.get_by_label("Your draft").fill(f"Dear families,\n{AVOIDED}")
    check.get_by_role("button", name="Check wording").click()
    expect(check.locator("mark")).to_have_text(["customized learning"])
    expect(check).to_contain_text("1 phrase to change.")
    assert "customized" not in page.url  # the draft stays out of the address

    page.get_by_role("navigation", name="Engagement").get_by_role("link",
                                                                  name="Key messages").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Key messages")
    add_message = page.get_by_role("region", name="Add a key message")
    add_message.get_by_label("Audience").select_option(label="Parent/family")
    add_message.get_by_label("Message").fill(AVOIDED)
    add_message.get_by_role("button", name="Add message").click()

    parents = page.get_by_role("region", name="Parent/family")
    message = parents.get_by_role("listitem").filter(has_text=AVOIDED)
    expect(message).to_contain_text(WARNING)
    expect(page.locator("#flashes")).to_contain_text("customized learning")
    assert axe_violations() == []

    message.get_by_role("link", name="Edit this message").click()
    editor = parents.locator("li.is-editing")
    text = editor.get_by_label("Message")
    expect(text).to_be_focused()
    text.fill(FIXED)
    editor.get_by_role("button", name="Save").click()
    fixed = parents.get_by_role("listitem").filter(has_text=FIXED)
    expect(fixed).to_contain_text("Saved.")
    expect(fixed).not_to_contain_text("the district says")
    expect(parents.get_by_text(WARNING)).to_have_count(0)
    expect(page.locator("#flashes")).not_to_contain_text("customized learning")  # not stale

    page.goto(f"{live_server}/stakeholders/{parent_id}")
    card = page.get_by_role("region", name="Key messages")
    expect(card).to_contain_text(FIXED)
    expect(card.get_by_role("link", name="Messages for Parent/family")).to_have_attribute(
        "href", "/messages/?audience=parent")
    assert browser_problems == []
