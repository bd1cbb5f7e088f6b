"""CSV export: formula neutralising (property-based), quoting, BOM, names, file names."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from app.domain.csv_export import (
    BOM,
    FORMULA_START,
    PREFIX,
    csv_chunks,
    csv_line,
    needs_prefix,
    neutralise,
    safe_filename,
    split_name,
)

# Text that likes to start with formula characters, whitespace and control characters.
tricky = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n \x00\x0b\"',;a1é")) | st.characters(
    blacklist_categories=("Cs",)), max_size=30)
values = st.one_of(tricky, st.text(), st.integers(), st.none())


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@given(st.lists(values, min_size=1, max_size=6))
def test_any_values_round_trip_apart_from_the_prefix(row):
    parsed = _parse(csv_line(row))
    assert len(parsed) == 1 and len(parsed[0]) == len(row)
    for cell, value in zip(parsed[0], row, strict=True):
        text = "" if value is None else str(value)
        assert cell in (text, PREFIX + text)
        assert (cell == PREFIX + text) == needs_prefix(text)


@given(st.lists(st.lists(values, min_size=1, max_size=5), max_size=5))
def test_no_parsed_cell_starts_with_a_formula_character(rows):
    text = "".join(csv_chunks(["A", "B"], [rows]))
    assert text.startswith(BOM)
    for record in _parse(text[len(BOM):]):
        for cell in record:
            assert not cell or cell[0] not in FORMULA_START


@given(tricky)
def test_a_formula_hidden_behind_whitespace_or_control_characters_is_neutralised(value):
    cell = neutralise(value)
    visible = cell.lstrip("".join(chr(i) for i in range(33)) + "\x7f")
    if visible and visible[0] in FORMULA_START - {"\t", "\r", "\n"}:
        assert cell.startswith(PREFIX)


def test_examples_of_neutralising():
    assert neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("+1 555 0100") == "'+1 555 0100"
    assert neutralise("-5") == "'-5"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("  =1+1") == "'  =1+1"
    assert neutralise("Maria O'Neil") == "Maria O'Neil"
    assert neutralise("a=b") == "a=b"
    assert neutralise(None) == ""
    assert neutralise(42) == "42"


def test_quotes_commas_and_newlines_stay_in_one_cell():
    line = csv_line(['He said "hi", then\nleft', "x"])
    assert _parse(line) == [['He said "hi", then\nleft', "x"]]


def test_chunks_start_with_bom_and_header_and_stream_per_batch():
    chunks = list(csv_chunks(["First name"], [[["Ann"]], [], [["Bob"], ["Cy"]]]))
    assert chunks[0] == BOM + '"First name"\r\n'
    assert chunks[1:] == ['"Ann"\r\n', '"Bob"\r\n"Cy"\r\n']


def test_split_name_for_mail_merge():
    assert split_name("Maria de la Cruz") == ("Maria", "de la Cruz")
    assert split_name("Cher") == ("Cher", "")
    assert split_name("  ") == ("", "")
    assert split_name("Acme Tools", "organisation") == ("", "")


def test_safe_filename_is_ascii_and_never_empty():
    assert safe_filename('Spring "roundtable"; 2026') == "spring-roundtable-2026.csv"
    assert safe_filename("../../etc/passwd") == "etc-passwd.csv"
    assert safe_filename("Ñandú") == "and.csv"
    assert safe_filename("<<>>") == "outreach-list.csv"
