"""Importing stakeholders from CSV: upload, map the columns, check the rows, add them all
(or none); errors, likely duplicates, organisations, roles, CSRF and districts."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Affiliation,
    Assessment,
    AuditEvent,
    CsvImport,
    Relationship,
    Stakeholder,
    Tag,
)
from app.services import csv_import as csv_import_service

GOOD = (
    "Full Name,E-mail,Company,Job title,Mobile,Language,Group,Tags\r\n"
    "Ana Ruiz,ana@example.org,Honda Marysville,Plant manager,614-555-0100,"
    "Spanish; English,Business,STEM\r\n"
    "Bo Brown,bo@example.org,,,,,Parent/family,PTA\r\n"
)


def _token(client) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/import/").text).group(1)


def _upload(client, text: str | bytes, filename: str = "people.csv", token=None):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/import/", data={"csrf_token": token or _token(client),
                                         "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _import_id(response) -> int:
    return int(re.search(r"/import/(\d+)$", response.headers["Location"]).group(1))


def _mapping(client, import_id: int) -> dict:
    """The mapping form as the page draws it (selected options and values)."""
    page = client.get(f"/import/{import_id}").text
    data = {"csrf_token": _token(client)}
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body)
        data[name] = chosen.group(1) if chosen else ""
    data["duplicates"] = re.search(r'checked[^>]*value="(\w+)"|value="(\w+)"[^>]*checked',
                                   page).group(1) or "skip"
    data["tag"] = re.search(r'name="tag"[^>]*value="([^"]*)"', page).group(1)
    return data


def _names(app, district, in_district) -> list[str]:
    with app.app_context(), in_district(district):
        return sorted(db.session.scalars(sa.select(Stakeholder.name)))


def test_a_file_goes_from_upload_to_the_register(app, client, district, in_district,
                                                 login_as):
    me = login_as("editor")
    response = _upload(client, GOOD)
    assert response.status_code == 302
    import_id = _import_id(response)

    mapping = client.get(f"/import/{import_id}").text
    assert "Which column is which?" in mapping and "2 rows" in mapping
    assert re.search(r'name="col_2"[^>]*>.*?<option selected value="organisation">', mapping,
                     re.S)
    assert "ana@example.org" in mapping  # first values shown
    form = _mapping(client, import_id)
    assert form["col_0"] == "name" and form["col_4"] == "phone" and form["owner_id"] == str(me)

    checked = client.post(f"/import/{import_id}", data=form)
    assert checked.headers["Location"] == f"/import/{import_id}/check"
    review = client.get(f"/import/{import_id}/check").text
    assert "Add 2 stakeholders" in review
    assert "new: will be added" in review  # Honda Marysville is not in the register yet
    assert _names(app, district, in_district) == []  # nothing added before the last step

    added = client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert added.status_code == 302 and added.headers["Location"].startswith("/stakeholders/")
    page = client.get(added.headers["Location"]).text
    assert "Added 2 stakeholders to Northwood Unified, with 1 new organisation." in page
    assert "Ana Ruiz" in page and "Bo Brown" in page
    assert _names(app, district, in_district) == ["Ana Ruiz", "Bo Brown", "Honda Marysville"]
    found = client.get("/stakeholders/?q=marysville").text  # search knows her organisation
    assert ">Ana Ruiz</a>" in found and ">Bo Brown</a>" not in found
    with app.app_context(), in_district(district):
        ana = db.session.scalars(sa.select(Stakeholder).filter_by(name="Ana Ruiz")).one()
        assert (ana.email, ana.phone, ana.group) == ("ana@example.org", "+1 614-555-0100",
                                                     "business")
        assert sorted(lang.language for lang in ana.languages) == ["English", "Spanish"]
        assert sorted(t.name for t in ana.tags)[1] == "STEM"
        assert ana.owner_id == me
        affiliation = db.session.scalars(sa.select(Affiliation)).one()
        assert (affiliation.person_id, affiliation.title) == (ana.id, "Plant manager")
        assert "honda marysville" in ana.search_text
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 3
        event = db.session.scalars(sa.select(AuditEvent).filter_by(action="import")).one()
        assert event.changes == {"added": 2, "organisations_added": 1,
                                 "skipped_duplicates": 0}
        kept = db.session.scalars(sa.select(CsvImport)).one()
        assert (kept.state, kept.content, kept.report) == ("added", "", None), "file not kept"
        tag = db.session.scalars(sa.select(Tag).where(Tag.name.like("Imported %"))).one()
    assert added.headers["Location"] == f"/stakeholders/?tag={tag.id}"


def test_rows_with_errors_block_the_whole_import_and_say_what_is_wrong(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, (
        "Name,Email,Phone,Group,Influence\n"
        "Ana Ruiz,not-an-email,,Business,3\n"
        ",bo@example.org,,,\n"
        "Cy Chen,,12,Martian,9\n"
        "Dee Diaz,dee@example.org,,,\n")))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    review = client.get(f"/import/{import_id}/check").text
    assert "Nothing can be added while rows have errors" in review
    assert "Add 1 stakeholder" not in review
    for message in ("Email: Enter an email address like name@example.org.",
                    "Name: Enter a name.", "Group “Martian” is not one of:",
                    "Influence (power): Influence runs from 1 to 5."):
        assert message in review
    errors_only = client.get(f"/import/{import_id}/check?show=errors").text
    assert "Dee Diaz" not in errors_only and "Cy Chen" in errors_only

    refused = client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert refused.status_code == 302
    assert "Nothing was added: 3 rows have errors." in client.get(refused.headers["Location"]).text
    assert _names(app, district, in_district) == []


def test_likely_duplicates_are_shown_and_left_out_or_added_as_chosen(
        app, client, district, in_district, login_as):
    login_as("editor")
    with app.app_context(), in_district(district):
        db.session.add(Stakeholder(name="Jon Smith", name_key="jon smith", version=1,
                                   email="jon@example.org"))
        db.session.commit()
    text = ("Name,Email\n"
            "John Smith,\n"            # a similar name
            "Someone,JON@example.org\n"  # the same email
            "Ana Ruiz,ana@example.org\n"
            "ana ruiz,\n")             # the same name as the row above
    import_id = _import_id(_upload(client, text))
    form = _mapping(client, import_id)
    client.post(f"/import/{import_id}", data=form)
    review = client.get(f"/import/{import_id}/check").text
    assert re.search(r"Likely duplicate of\s*<a href=\"/stakeholders/\d+\">Jon Smith</a> "
                     r"\(similar name, \d+% alike\)", review)
    assert "(same email)" in review and "line 4 (same name)" in review
    assert "Add 1 stakeholder" in review

    added = client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert ("Added 1 stakeholder to Northwood Unified; 3 likely duplicates were left out."
            in client.get(added.headers["Location"]).text)
    assert _names(app, district, in_district) == ["Ana Ruiz", "Jon Smith"]

    import_id = _import_id(_upload(client, text))
    client.post(f"/import/{import_id}", data={**_mapping(client, import_id),
                                              "duplicates": "add"})
    assert "Add 4 stakeholders" in client.get(f"/import/{import_id}/check").text
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert len(_names(app, district, in_district)) == 6


def test_a_record_added_meanwhile_is_caught_by_the_second_check(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, "Name,Email\nAna Ruiz,ana@example.org\n"))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    with app.app_context(), in_district(district):
        db.session.add(Stakeholder(name="A. Ruiz", name_key="a. ruiz", version=1,
                                   email="ana@example.org"))
        db.session.commit()
    response = client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert response.headers["Location"] == f"/import/{import_id}/check"
    page = client.get(response.headers["Location"]).text
    assert "The register changed since the rows were checked" in page
    assert "(same email)" in page
    assert _names(app, district, in_district) == ["A. Ruiz"]


def test_the_mapping_needs_a_name_column_and_one_column_per_field(client, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, "Name,Email,Other\nAna,ana@example.org,x\n"))
    form = _mapping(client, import_id)
    page = client.post(f"/import/{import_id}", data={**form, "col_0": ""})
    assert page.status_code == 422
    assert "Choose the column that holds the name" in page.text
    page = client.post(f"/import/{import_id}", data={**form, "col_2": "email"})
    assert "Only one column can be Email." in page.text
    page = client.post(f"/import/{import_id}", data={**form, "tag": "a, b"})
    assert "One tag, without commas." in page.text


def test_files_that_cannot_be_imported_are_refused_on_upload(client, login_as):
    login_as("editor")
    for data, filename, message in [
        (b"PK\x03\x04\x00\x00", "people.csv", "save or download it as CSV"),
        (b"Name\n", "people.csv", "no rows to import"),
        (b"Name\nAna\n", "people.xlsx", "Choose a .csv file"),
        (b"", "people.csv", "The file is empty."),
    ]:
        response = _upload(client, data, filename)
        assert response.status_code == 422
        assert message in response.text
    response = client.post("/import/", data={"csrf_token": _token(client)},
                           content_type="multipart/form-data")
    assert "Choose a CSV file to import." in response.text


def test_names_and_values_are_escaped_on_every_step(client, login_as):
    login_as("editor")
    evil = "<img src=x onerror=alert(1)>"
    import_id = _import_id(_upload(client, f"Name,{evil}\n{evil},{evil}\n"))
    for url in (f"/import/{import_id}",):
        assert evil not in client.get(url).text
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    page = client.get(f"/import/{import_id}/check").text
    assert evil not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_viewers_cannot_import(app, client, district, in_district, login_as):
    login_as("viewer")
    assert client.get("/import/").status_code == 403
    token = re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/").text).group(1)
    assert _upload(client, "Name\nAna\n", token=token).status_code == 403
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CsvImport)) == 0


def test_without_csrf_nothing_is_kept_or_added(app, client, district, in_district, login_as):
    login_as("editor")
    response = client.post("/import/", data={"file": (io.BytesIO(b"Name\nAna\n"), "a.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    import_id = _import_id(_upload(client, "Name\nAna\n"))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    assert client.post(f"/import/{import_id}/add").status_code == 400
    assert client.post(f"/import/{import_id}/discard").status_code == 400
    assert _names(app, district, in_district) == []


def test_a_file_is_seen_only_by_who_uploaded_it(client, auth, login_as, other_district):
    login_as("editor")
    import_id = _import_id(_upload(client, "Name\nAna\n"))
    auth.logout()
    login_as("editor")  # a colleague in the same district
    assert client.get(f"/import/{import_id}").status_code == 404
    assert client.get(f"/import/{import_id}/check").status_code == 404
    assert client.post(f"/import/{import_id}/add",
                       data={"csrf_token": _token(client)}).status_code == 404


def test_discard_forgets_the_file(app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, "Name\nAna\n"))
    response = client.post(f"/import/{import_id}/discard", data={"csrf_token": _token(client)})
    assert response.headers["Location"] == "/import/"
    assert "Discarded people.csv; nothing was added." in client.get("/import/").text
    back = client.get(f"/import/{import_id}", follow_redirects=True)  # the back button
    assert back.request.path == "/import/"
    assert "people.csv was discarded; nothing was added from it." in back.text
    assert _names(app, district, in_district) == []
    with app.app_context(), in_district(district):
        assert db.session.scalars(sa.select(CsvImport.content)).one() == "", "file not kept"


def _checked_import(client, text: str = "Name\nAna Ruiz\nBo Brown\n") -> int:
    import_id = _import_id(_upload(client, text))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    return import_id


def test_adding_again_from_a_second_tab_adds_nothing_and_says_it_was_added(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _checked_import(client)
    token = _token(client)
    first = client.post(f"/import/{import_id}/add", data={"csrf_token": token})
    again = client.post(f"/import/{import_id}/add", data={"csrf_token": token},
                        follow_redirects=True)
    assert _names(app, district, in_district) == ["Ana Ruiz", "Bo Brown"], "added once"
    assert again.request.full_path == first.headers["Location"], "to the imported records"
    assert ("people.csv was imported already. Added 2 stakeholders to Northwood Unified."
            in again.text)
    for path in (f"/import/{import_id}/check", f"/import/{import_id}"):  # back, reload
        page = client.get(path, follow_redirects=True)
        assert page.request.full_path == first.headers["Location"]
        assert "people.csv was imported already." in page.text
    assert client.post(f"/import/{import_id}/discard", data={"csrf_token": token},
                       follow_redirects=True).request.path.startswith("/stakeholders/")
    assert _names(app, district, in_district) == ["Ana Ruiz", "Bo Brown"]


def _set_state(app, district, in_district, import_id: int, state: str, ago: timedelta) -> None:
    with app.app_context(), in_district(district):
        imp = db.session.get(CsvImport, import_id)
        imp.state, imp.state_at = state, datetime.now(UTC) - ago
        db.session.commit()


def test_while_another_request_adds_the_rows_a_second_add_is_refused(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _checked_import(client)
    # The first request has claimed the import and is adding its rows right now.
    _set_state(app, district, in_district, import_id, "adding", timedelta(seconds=2))
    response = client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)},
                           follow_redirects=True)
    assert response.request.path == f"/import/{import_id}/check"
    assert "These rows are being added" in response.text
    assert _names(app, district, in_district) == []
    # A claim left by a request that died long ago does not block the import for good.
    _set_state(app, district, in_district, import_id, "adding", timedelta(minutes=11))
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert _names(app, district, in_district) == ["Ana Ruiz", "Bo Brown"]


def test_a_failure_while_adding_releases_the_claim(app, client, district, in_district,
                                                  login_as, monkeypatch):
    login_as("editor")
    import_id = _checked_import(client)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(csv_import_service, "add_all", broken)
    with pytest.raises(RuntimeError):
        client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    monkeypatch.undo()
    with app.app_context(), in_district(district):
        assert db.session.get(CsvImport, import_id).state == "open"
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert _names(app, district, in_district) == ["Ana Ruiz", "Bo Brown"]


def test_two_imports_on_one_day_get_their_own_tags(client, login_as):
    login_as("editor")
    first = _mapping(client, _import_id(_upload(client, "Name\nAna\n")))["tag"]
    assert re.fullmatch(r"Imported \d{4}-\d\d-\d\d \d\d:\d\d", first)


def test_a_safe_export_of_a_phone_number_imports_as_the_number(app, client, district,
                                                              in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, '"Name","Phone"\r\n"Ana","\'+1 614 555 0100"\r\n'))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    with app.app_context(), in_district(district):
        assert db.session.scalar(sa.select(Stakeholder.phone)) == "+1 614-555-0100"


def test_rows_without_ratings_start_in_monitor_not_among_the_key_players(
        app, client, district, in_district, login_as):
    login_as("editor")
    assert "1 to 5; blank means 2 (not yet rated: Monitor)." in client.get("/import/").text
    import_id = _import_id(_upload(client, GOOD))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    with app.app_context(), in_district(district):
        rated = db.session.execute(sa.select(Stakeholder.influence, Stakeholder.interest,
                                             Stakeholder.quadrant)).all()
    # Ana, Bo and Ana's organisation, added as it was named in her row.
    assert [tuple(r) for r in rated] == [(2, 2, "monitor")] * 3


def test_the_registers_export_follows_the_filter_and_imports_again(
        app, client, district, in_district, login_as):
    """Export the filtered register, then import the file into an empty district: the
    same people, with their organisation, languages, tags and ratings."""
    login_as("editor")
    import_id = _import_id(_upload(client, GOOD + "=Eve Evil,eve@example.org,,,,,Other,\r\n"))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})

    listing = client.get("/stakeholders/?group=business").text
    assert 'href="/stakeholders/export.csv?group=business"' in listing
    response = client.get("/stakeholders/export.csv?group=business")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="northwood-unified-stakeholders-')
    text = response.get_data(as_text=True)
    assert text.startswith('\ufeff"Name","Kind","Group","Sector or industry","Organisation"')
    assert "Ana Ruiz" in text and "Bo Brown" not in text  # the filter holds
    everyone = client.get("/stakeholders/export.csv").get_data(as_text=True)
    assert '"\'=Eve Evil"' in everyone  # a would-be formula is neutralised

    with app.app_context(), in_district(district):
        event = db.session.scalars(sa.select(AuditEvent).filter_by(action="export")).all()[-1]
    assert event.changes["rows"] == 4 and event.changes["filter"] == ""

    with app.app_context(), in_district(district):
        for s in db.session.scalars(sa.select(Stakeholder)).all():
            db.session.delete(s)
        db.session.commit()
    import_id = _import_id(_upload(client, everyone.encode(), "export.csv"))
    form = _mapping(client, import_id)
    assert [form[f"col_{i}"] for i in range(4)] == ["name", "kind", "group", "sector"]
    client.post(f"/import/{import_id}", data={**form, "tag": ""})
    review = client.get(f"/import/{import_id}/check").text
    assert "Add 4 stakeholders" in review, review
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert _names(app, district, in_district) == ["=Eve Evil", "Ana Ruiz", "Bo Brown",
                                                  "Honda Marysville"]
    with app.app_context(), in_district(district):
        ana = db.session.scalars(sa.select(Stakeholder).filter_by(name="Ana Ruiz")).one()
        assert (ana.group, ana.phone, ana.influence, ana.engagement_desired) == (
            "business", "+1 614-555-0100", 2, "supportive")
        assert sorted(t.name for t in ana.tags)[-1] == "STEM"
        org = db.session.scalars(sa.select(Affiliation)).one()
        assert org.title == "Plant manager"


def test_viewers_cannot_export_the_register(client, login_as):
    login_as("viewer")
    assert client.get("/stakeholders/export.csv").status_code == 403
    assert "export.csv" not in client.get("/stakeholders/").text


def test_a_person_is_linked_to_an_organisation_added_by_the_same_file(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, (
        "Name,Type,Employer,Position\n"
        "Ana Ruiz,Individual,honda marysville,Plant manager\n"
        "Honda Marysville,Company,,\n")))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    review = client.get(f"/import/{import_id}/check").text
    assert "added by this file" in review and "new: will be added" not in review
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert _names(app, district, in_district) == ["Ana Ruiz", "Honda Marysville"]
    with app.app_context(), in_district(district):
        org = db.session.scalars(sa.select(Stakeholder).filter_by(name="Honda Marysville")).one()
        affiliation = db.session.scalars(sa.select(Affiliation)).one()
    assert (org.kind, affiliation.organisation_id, affiliation.title) == (
        "organisation", org.id, "Plant manager")


def test_an_organisation_or_title_too_long_to_keep_is_an_error_not_cut(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, (
        "Name,Organisation,Title\n"
        f"Ana Ruiz,{'O' * 201},Manager\n"
        f"Bo Brown,Honda,{'T' * 121}\n")))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    review = client.get(f"/import/{import_id}/check").text
    assert "Organisation: keep it under 200 characters." in review
    assert "Title: keep it under 120 characters." in review
    assert "Nothing can be added while rows have errors" in review


def test_a_file_of_relationships_links_stakeholders_by_name_or_email(
        app, client, district, in_district, login_as):
    login_as("editor")
    import_id = _import_id(_upload(client, GOOD))
    client.post(f"/import/{import_id}", data=_mapping(client, import_id))
    client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    with app.app_context(), in_district(district):
        db.session.add(Stakeholder(name="Bo Brown", name_key="bo brown", version=1))
        db.session.commit()

    ties = ("Person A,Person B,Relationship,Strength,Notes\n"
            "ana ruiz,honda marysville,Employee,3,Plant manager\n"  # by name, any case
            "ANA@example.org,Cy Chen,Friend,2,\n"                    # nobody called Cy Chen
            "Ana Ruiz,Bo Brown,,,\n"                                 # two Bo Browns
            "Ana Ruiz,ana@example.org,Colleague,5,\n"                # herself, strength 5
            "Honda Marysville,Ana Ruiz,Partner,,\n")                 # the same pair again
    response = client.post("/import/", data={
        "csrf_token": _token(client), "kind": "relationships",
        "file": (io.BytesIO(ties.encode()), "ties.csv")}, content_type="multipart/form-data")
    import_id = _import_id(response)
    mapping = client.get(f"/import/{import_id}").text
    assert "Owner of the new records" not in mapping
    form = {"csrf_token": _token(client)}
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', mapping,
                                 re.S):
        form[name] = re.search(r'<option selected value="([^"]*)"', body).group(1)
    assert [form[f"col_{i}"] for i in range(5)] == ["from", "to", "type", "strength", "note"]
    client.post(f"/import/{import_id}", data=form)
    review = client.get(f"/import/{import_id}/check").text
    assert "To: no stakeholder is called “Cy Chen”" in review.replace("&#34;", '"')
    assert "To: 2 stakeholders are called “Bo Brown”; use an email instead." in review
    assert "A stakeholder can&#39;t have a relationship with themselves." in review
    assert "Strength “5” is not 1, 2 or 3." in review
    assert "The same two people as line 2." in review
    assert ">Linked already</a>" in review and "Likely duplicates" not in review

    fixed = ties.splitlines()[:2] + ties.splitlines()[-1:]
    import_id = _import_id(client.post("/import/", data={
        "csrf_token": _token(client), "kind": "relationships",
        "file": (io.BytesIO("\n".join(fixed).encode()), "ties.csv")},
        content_type="multipart/form-data"))
    client.post(f"/import/{import_id}", data=form)
    assert "Add 1 relationship" in client.get(f"/import/{import_id}/check").text
    added = client.post(f"/import/{import_id}/add", data={"csrf_token": _token(client)})
    assert ("Added 1 relationship; 1 pair already linked was left out."
            in client.get(added.headers["Location"]).text)
    with app.app_context(), in_district(district):
        tie = db.session.scalars(sa.select(Relationship)).one()
        ana = db.session.scalars(sa.select(Stakeholder).filter_by(name="Ana Ruiz")).one()
        honda = db.session.scalars(sa.select(Stakeholder).filter_by(
            name="Honda Marysville")).one()
    assert ((tie.source_id, tie.target_id), tie.type, tie.strength, tie.note) == (
        tuple(sorted((ana.id, honda.id))), "employment", 3, "Plant manager")

    again = _import_id(client.post("/import/", data={
        "csrf_token": _token(client), "kind": "relationships",
        "file": (io.BytesIO("\n".join(fixed[:2]).encode()), "ties.csv")},
        content_type="multipart/form-data"))
    client.post(f"/import/{again}", data=form)
    page = client.get(f"/import/{again}/check").text
    assert "are already linked as employer/employee." in page
    assert "No row would be added: every pair is linked already." in page


def test_a_decimal_rating_gets_one_clear_error(client, login_as):
    login_as("editor")
    import_id = _checked_import(client, "Name;Influence;Interest\nAna Ruiz;2,5;3\n")
    review = client.get(f"/import/{import_id}/check").text.replace("&#34;", '"')
    assert "Influence \u201c2,5\u201d is not a whole number from 1 to 5." in review
    assert "Not a valid integer" not in review and "runs from 1 to 5" not in review
