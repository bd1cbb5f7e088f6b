"""The CSV export's "Next step" column matches the list page: open members without a
next step of their own get "Suggested: <action>"; their own next step wins; closed
members (committed, declined) get none. Batches work outside any district context and
cost the same few statements however many members they hold."""

import csv
import io
from html import unescape

import sqlalchemy as sa

from app.domain.csv_export import OUTREACH_COLUMNS
from app.extensions import db
from app.models import OutreachMember, Stakeholder
from app.services import outreach as outreach_svc
from app.services import outreach_export
from app.services import stakeholders as svc
from app.services.next_steps import suggestions_for

NEXT = OUTREACH_COLUMNS.index("Next step")


def _person(name: str) -> Stakeholder:
    s = Stakeholder(name=name, kind="person", group="parent", contact_permitted=True)
    svc.rate(db.session, s, svc.Ratings(3, 3, "resistant", "supportive", False, True, False),
             by_user_id=None)
    return s


def _list(app, district, in_district, names, list_name="Spring") -> tuple[int, dict]:
    with app.app_context(), in_district(district):
        people = [_person(n) for n in names]
        lst, _ = outreach_svc.create_list(db.session, name=list_name)
        outreach_svc.add_members(db.session, lst, [p.id for p in people])
        db.session.commit()
        return lst.id, {p.name: p.id for p in people}


def _member(list_id: int, stakeholder_id: int) -> OutreachMember:
    return db.session.scalar(sa.select(OutreachMember).where(
        OutreachMember.list_id == list_id, OutreachMember.stakeholder_id == stakeholder_id))


def _next_steps(response) -> dict[str, str]:
    text = response.data.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {r[2]: r[NEXT] for r in rows[1:]}


def test_export_suggests_a_next_step_for_open_members_without_one(
        client, login_as, app, district, in_district):
    login_as("editor")
    list_id, ids = _list(app, district, in_district,
                         ["Ann Open", "Bob Planned", "Cy Committed", "Di Declined"])
    with app.app_context(), in_district(district):
        _member(list_id, ids["Bob Planned"]).next_step = "Invite to the open house"
        _member(list_id, ids["Cy Committed"]).status = "committed"
        _member(list_id, ids["Di Declined"]).status = "declined"
        db.session.commit()
        action = suggestions_for(db.session, [ids["Ann Open"]])[ids["Ann Open"]].action

    page = unescape(client.get(f"/outreach/{list_id}").text)
    assert action in page, "the list page suggests the same step"
    steps = _next_steps(client.get(f"/outreach/{list_id}/export.csv"))
    assert steps["Ann Open"] == f"Suggested: {action}"
    assert steps["Bob Planned"] == "Invite to the open house"
    assert steps["Cy Committed"] == "" and steps["Di Declined"] == ""


def test_export_batches_suggest_outside_a_district_context_in_a_few_statements(
        app, district, other_district, in_district, counted):
    small, _ = _list(app, district, in_district, ["A 1", "A 2"], "Small")
    big, _ = _list(app, district, in_district, [f"B {i}" for i in range(8)], "Big")
    _list(app, other_district, in_district, ["Theirs"], "Theirs")  # never read
    with app.app_context():
        costs = {}
        for list_id in (small, big):
            with counted() as statements, db.engine.connect() as connection:
                batches = list(outreach_export.export_batches(
                    connection, district.id, list_id, size=5))
            costs[list_id] = len(statements) / len(batches)
            cells = [row[NEXT] for batch in batches for row in batch]
            assert cells and all(c.startswith("Suggested: ") for c in cells)
    assert costs[big] <= costs[small] + 1, "suggestions are read per batch, not per row"
