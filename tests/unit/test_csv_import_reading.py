"""Reading an import file: decoding, the table, guessing the mapping, row values."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import csv_import as ci
from app.domain import csv_reading as cr
from app.domain.csv_export import csv_chunks
from app.domain.vocab import GROUPS, RELATIONSHIP_TYPES, STAKEHOLDER_KINDS


def test_utf8_with_a_bom_and_windows_1252_both_decode():
    assert cr.decode("\ufeffName\nMaría".encode()) == "Name\nMaría"
    assert cr.decode("Name\nMaría".encode("cp1252")) == "Name\nMaría"


def test_a_binary_file_is_refused_with_what_to_do():
    with pytest.raises(cr.ImportProblem, match="save or download it as CSV"):
        cr.decode(b"PK\x03\x04\x00\x00 an xlsx")


@pytest.mark.parametrize("text", [
    "Name,Email\r\nAna Ruiz,ana@example.org\r\n",
    "Name;Email\nAna Ruiz;ana@example.org\n",
    "Name\tEmail\nAna Ruiz\tana@example.org",
])
def test_commas_semicolons_and_tabs_are_all_read(text):
    table = cr.read_table(text)
    assert table.headers == ["Name", "Email"]
    assert table.rows == [(2, ["Ana Ruiz", "ana@example.org"])]


def test_blank_rows_are_skipped_short_rows_padded_and_lines_kept():
    table = cr.read_table('Name,Email,Notes\n\nAna,,\n,,\n"Bo\nBrown",bo@x.org\nCy\n')
    assert table.rows == [(3, ["Ana", "", ""]), (5, ["Bo\nBrown", "bo@x.org", ""]),
                          (7, ["Cy", "", ""])]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_each_row_is_numbered_by_the_line_it_starts_on(newline):
    """What a text editor shows: a cell with line breaks in it spans several lines, and
    the row is found where it begins, before it and after it."""
    text = newline.join(['Name,Notes', 'Ana,"one', 'two', 'three"', '', 'Bo,x',
                         '"Cy', 'Chen","a', 'b"', 'Dee,y', ''])
    assert [(line, " ".join(cells[0].split())) for line, cells in cr.read_table(text).rows] \
        == [(2, "Ana"), (6, "Bo"), (7, "Cy Chen"), (10, "Dee")]


def test_a_row_that_cannot_be_read_is_named_by_the_line_it_starts_on():
    text = 'Name,Notes\nAna,x\nBo,"' + "y\n" * 70_000 + '"\n'
    with pytest.raises(cr.ImportProblem, match=r"^Line 3 can't be read as CSV"):
        cr.read_table(text)


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    (",,\nAna,,", "name the columns"),
    ("Name,Email\n\n,\n", "no rows to import"),
    ("Name\n" + "x\n" * (cr.MAX_ROWS + 1), "more than 2,500 rows"),
    (",".join(f"c{i}" for i in range(cr.MAX_COLUMNS + 1)) + "\nx", "at most 60"),
])
def test_files_that_cannot_be_imported_say_why(text, message):
    with pytest.raises(cr.ImportProblem, match=message):
        cr.read_table(text)


def test_exactly_the_row_limit_is_accepted():
    assert len(cr.read_table("Name\n" + "x\n" * cr.MAX_ROWS).rows) == cr.MAX_ROWS


def test_mapping_is_guessed_from_labels_aliases_and_spelling():
    headers = ["Full Name", "E-mail", "Organization", "Job title", "Mobile", "Comments",
               "Favourite colour", "Email"]
    assert ci.guess_mapping(headers) == [
        "name", "email", "organisation", "title", "phone", "notes", "", ""]


def test_an_outlook_export_maps_its_name_email_company_and_phone():
    headers = ["First Name", "Last Name", "Company", "Job Title", "Business Phone",
               "Home Phone", "Mobile Phone", "E-mail Address", "Notes"]
    assert ci.guess_mapping(headers) == [
        "first_name", "last_name", "organisation", "title", "", "", "phone", "email",
        "notes"]


@pytest.mark.parametrize("headers, phone", [
    (["Name", "Home Phone", "Business Phone", "Mobile Phone"], "Mobile Phone"),
    (["Name", "Home Phone", "Business Phone"], "Business Phone"),
    (["Name", "Home Phone"], "Home Phone"),
    (["Name", "Phone", "Business Phone"], "Phone"),
])
def test_the_mobile_number_is_preferred_then_business_then_home(headers, phone):
    mapping = ci.guess_mapping(headers)
    assert [h for h, key in zip(headers, mapping, strict=True) if key == "phone"] == [phone]
    assert ci.mapping_problems(mapping) == []


def test_a_google_contacts_export_maps_its_numbered_columns():
    headers = ["Name", "Given Name", "Family Name", "E-mail 1 - Type", "E-mail 1 - Value",
               "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name",
               "Organization 1 - Title"]
    mapping = ci.guess_mapping(headers)
    assert mapping == ["name", "first_name", "last_name", "", "email", "", "phone",
                       "organisation", "title"]
    assert ci.mapping_problems(mapping) == []
    cells = ["", "Ana", "Ruiz", "* Work", "ana@example.org", "Mobile", "614-555-0100",
             "Honda", "Plant manager"]
    assert ci.row_values(cells, mapping) == {
        "name": "Ana Ruiz", "email": "ana@example.org", "phone": "614-555-0100",
        "organisation": "Honda", "title": "Plant manager"}


def test_no_header_could_mean_two_fields():
    for fields in ci.KINDS.values():
        seen: dict[str, str] = {}
        for f in fields:
            for name in (f.label, f.key.replace("_", " "), *f.aliases, *f.fallbacks):
                assert seen.setdefault(ci._header_key(name), f.key) == f.key, name


def test_the_registers_own_labels_map_themselves():
    labels = [f.label for f in ci.FIELDS]
    assert ci.guess_mapping(labels) == [f.key for f in ci.FIELDS]


def test_mapping_problems_name_what_to_fix():
    assert ci.mapping_problems(["name", "email", ""]) == []
    assert ci.mapping_problems(["first_name", "last_name"]) == []
    assert "holds the name" in ci.mapping_problems(["email"])[0]
    assert ci.mapping_problems(["name", "email", "email"]) == ["Only one column can be Email."]
    assert "not both" in ci.mapping_problems(["name", "contact_permitted",
                                              "do_not_contact"])[0]
    assert "Unknown field" in ci.mapping_problems(["name", "salary"])[0]


def test_row_values_join_first_and_last_name_and_normalise_lists():
    values = ci.row_values(["Ana", "Ruiz", " Spanish; English | French ", "x"],
                           ["first_name", "last_name", "languages", ""])
    assert values == {"name": "Ana Ruiz", "languages": "Spanish, English, French"}
    assert ci.row_values(["", "Ruiz"], ["first_name", "last_name"]) == {"name": "Ruiz"}


def test_the_exports_formula_guard_is_removed_and_nothing_else():
    values = ci.row_values(["'+1 555 0100", "'=cmd", "O'Brien", "'quoted'"],
                           ["phone", "notes", "name", "title"])
    assert values == {"phone": "+1 555 0100", "notes": "=cmd", "name": "O'Brien",
                      "title": "'quoted'"}


@pytest.mark.parametrize("text", ["", "3", " 4 ", "9", "0", "-1"])
def test_a_whole_number_rating_is_left_to_the_forms_range_check(text):
    assert ci.rating_problem(text, "Influence") is None


@pytest.mark.parametrize("text, message", [
    ("2,5", "Influence \u201c2,5\u201d is not a whole number from 1 to 5."),
    ("3.0", "Influence \u201c3.0\u201d is not a whole number from 1 to 5."),
    ("high", "Influence \u201chigh\u201d is not a whole number from 1 to 5."),
    ("x" * 30, f"Influence \u201c{'x' * 20}\u201d is not a whole number from 1 to 5."),
])
def test_a_rating_that_is_not_a_whole_number_gets_one_message(text, message):
    assert ci.rating_problem(text, "Influence") == message


@pytest.mark.parametrize("text, flag", [("Yes", True), (" y ", True), ("TRUE", True),
                                        ("x", True), ("No", False), ("0", False),
                                        ("", None), ("maybe", None)])
def test_flags(text, flag):
    assert ci.parse_flag(text) is flag


def test_choices_by_code_label_or_synonym():
    assert ci.parse_choice("Parent/family", GROUPS) == "parent"
    assert ci.parse_choice("higher_ed", GROUPS) == "higher_ed"
    assert ci.parse_choice("HIGHER EDUCATION", GROUPS) == "higher_ed"
    assert ci.parse_choice("University", GROUPS, ci.GROUP_SYNONYMS) == "higher_ed"
    assert ci.parse_choice("Organization", STAKEHOLDER_KINDS, ci.KIND_SYNONYMS) == "organisation"
    assert ci.parse_choice("Martian", GROUPS, ci.GROUP_SYNONYMS) is None


cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(st.lists(st.lists(cell_text, min_size=3, max_size=3), min_size=1, max_size=8))
def test_a_safe_export_reads_back_cell_for_cell(rows):
    """Whatever the register exports (csv_export) imports as the same text."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return
    text = "".join(csv_chunks(["Name", "Notes", "Phone"], [rows]))
    table = cr.read_table(cr.decode(text.encode()))
    assert table.headers == ["Name", "Notes", "Phone"]
    read_back = [[ci.unprotect(c) for c in cells] for _, cells in table.rows]
    assert read_back == [[c[:cr.MAX_CELL] for c in r] for r in rows]


def test_the_registers_export_columns_map_themselves():
    """An export of the register imports as it is: its columns are the import's fields,
    then what the app works out (quadrant, salience) and a person (owner), left out."""
    from app.domain.csv_export import REGISTER_COLUMNS

    mapping = ci.guess_mapping(REGISTER_COLUMNS)
    assert mapping[-3:] == ["", "", ""]
    assert all(mapping[:-3]) and ci.mapping_problems(mapping) == []


def test_a_relationships_file_maps_its_own_fields():
    headers = ["Person A", "Person B", "Relationship", "Strength", "Notes", "Since"]
    mapping = ci.guess_mapping(headers, "relationships")
    assert mapping == ["from", "to", "type", "strength", "note", ""]
    assert ci.mapping_problems(mapping, "relationships") == []
    assert ci.mapping_problems(["from", "", "type"], "relationships") == [
        "Choose the column that holds To (a name or email)."]
    assert ci.mapping_problems(["name", "to", "from"], "relationships") == [
        "Unknown field: name."]
    assert ci.parse_choice("Co-worker", RELATIONSHIP_TYPES, ci.RELATIONSHIP_SYNONYMS) \
        == "colleague"
    assert ci.parse_choice("Employer/employee", RELATIONSHIP_TYPES) == "employment"
