"""The shapes a spreadsheet saves a CSV in: UTF-16 "Unicode Text", Excel's sep= line and
which character separates the columns."""

import pytest

from app.domain import csv_reading as cr

UNICODE_TEXT = "Name\tEmail\tNotes\r\nMaría Núñez\tmaria@example.org\t\"Met at\r\nthe fair\"\r\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_excels_unicode_text_decodes_and_reads_as_tab_separated(encoding):
    """Excel's "Unicode Text" is UTF-16 (little-endian) with a BOM, tab-separated."""
    data = UNICODE_TEXT.encode(encoding)
    if not encoding.endswith(("16", "32")):
        data = "\ufeff".encode(encoding) + data
    text = cr.decode(data)
    assert text == UNICODE_TEXT
    table = cr.read_table(text)
    assert table.headers == ["Name", "Email", "Notes"]
    assert table.rows == [(2, ["María Núñez", "maria@example.org", "Met at\r\nthe fair"])]


def test_a_binary_file_that_starts_like_utf16_is_still_refused():
    with pytest.raises(cr.ImportProblem, match="save or download it as CSV"):
        cr.decode(b"\xff\xfeN\x00\x00\x00a\x00")


@pytest.mark.parametrize("text", [
    "sep=;\nName;Email\nAna Ruiz;ana@example.org\n",
    "SEP=;\r\nName;Email\r\nAna Ruiz;ana@example.org\r\n",
    '"sep=;"\nName;Email\nAna Ruiz;ana@example.org\n',
])
def test_excels_sep_line_chooses_the_separator_and_is_not_a_row(text):
    table = cr.read_table(text)
    assert table.headers == ["Name", "Email"]
    assert table.rows == [(3, ["Ana Ruiz", "ana@example.org"])]


def test_a_sep_line_wins_over_what_the_rows_look_like():
    table = cr.read_table("sep=|\nName|Notes, more\nAna|a, b\n")
    assert table.headers == ["Name", "Notes, more"]
    assert table.rows == [(3, ["Ana", "a, b"])]


@pytest.mark.parametrize("text, headers, cells", [
    ("Name;Notes, extra;Email\nAna;met, twice;ana@example.org\nBo;x;bo@example.org\n",
     ["Name", "Notes, extra", "Email"], ["Ana", "met, twice", "ana@example.org"]),
    ("Name;Notes, extra;Email\nAna;x;ana@example.org\n",
     ["Name", "Notes, extra", "Email"], ["Ana", "x", "ana@example.org"]),
    ("Name;Influence;Interest\nAna;2,5;3,5\n",
     ["Name", "Influence", "Interest"], ["Ana", "2,5", "3,5"]),
    ("Name,Notes,Email\nAna,a; b; c,ana@example.org\nBo,d; e,bo@example.org\n",
     ["Name", "Notes", "Email"], ["Ana", "a; b; c", "ana@example.org"]),
    ('Name,"Notes; more",Email\nAna,"x;y",ana@example.org\n',
     ["Name", "Notes; more", "Email"], ["Ana", "x;y", "ana@example.org"]),
    ("Name\tCity, State\nAna\tAustin, TX\n",
     ["Name", "City, State"], ["Ana", "Austin, TX"]),
    ("Name\tNotes\tEmail\nAna\tone, two; three\tana@example.org\n",
     ["Name", "Notes", "Email"], ["Ana", "one, two; three", "ana@example.org"]),
    ("Name\nRuiz, Ana\nBrown, Bo\n", ["Name"], ["Ruiz, Ana"]),
])
def test_the_separator_is_the_one_that_splits_header_and_rows_alike(text, headers, cells):
    table = cr.read_table(text)
    assert table.headers == headers
    assert table.rows[0] == (2, cells)
