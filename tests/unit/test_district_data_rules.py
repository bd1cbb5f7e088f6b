"""District data rules: the streamed ZIP, cells, the README, confirming the name, where
the admin goes next, and log lines that cannot be forged."""

import io
import random
import zipfile
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.domain import district_data as rules

WHEN = datetime(2026, 12, 3, 14, 5, 9, tzinfo=UTC)


def _chunks(n: int, size: int):
    """Bytes that do not compress, so each chunk comes out of the compressor at once."""
    rng = random.Random(n)
    for _ in range(n):
        yield rng.randbytes(size)


def test_the_zip_streams_a_piece_per_chunk_and_unzips_whole():
    pieces = list(rules.zip_stream([("a.csv", _chunks(50, 10_000)),
                                    ("b.csv", iter([b"x,y\r\n"])),
                                    ("empty.csv", iter([]))], WHEN))
    # Handed on as written, never gathered into one: no piece much bigger than a chunk.
    assert len(pieces) > 25 and max(map(len, pieces)) < 3 * 10_000
    assert all(pieces)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None
    assert archive.namelist() == ["a.csv", "b.csv", "empty.csv"]
    assert archive.read("a.csv") == b"".join(_chunks(50, 10_000))
    assert archive.read("b.csv") == b"x,y\r\n" and archive.read("empty.csv") == b""
    info = archive.getinfo("a.csv")
    assert info.date_time == (2026, 12, 3, 14, 5, 8)  # ZIP times are in 2-second steps
    assert info.compress_type == zipfile.ZIP_DEFLATED


def test_the_zip_compresses_text():
    text = b'"Ana Ruiz","parent","Northwood"\r\n' * 10_000
    archive = b"".join(rules.zip_stream([("s.csv", iter([text]))], WHEN))
    assert len(archive) < len(text) / 20


def test_the_zip_reads_each_file_only_when_its_turn_comes():
    read = []

    def files():
        for name in ("one.csv", "two.csv"):
            read.append(name)
            yield name, iter([name.encode()])

    stream = rules.zip_stream(files(), WHEN)
    next(stream)
    assert read == ["one.csv"]  # the README can come last, with the rows written before it
    b"".join(stream)
    assert read == ["one.csv", "two.csv"]


def test_cells_read_as_the_app_stores_them():
    assert rules.cell(None) == ""
    assert (rules.cell(True), rules.cell(False)) == ("true", "false")
    assert rules.cell(date(2026, 3, 9)) == "2026-03-09"
    assert rules.cell(WHEN) == "2026-12-03T14:05:09+00:00"
    assert rules.cell({"b": 1, "a": ["é"]}) == '{"a": ["é"], "b": 1}'
    assert rules.cell(3) == 3 and rules.cell("=1+1") == "=1+1"  # neutralised by the CSV writer


def test_file_names_and_readme():
    assert rules.csv_name("memberships") == "members.csv"
    assert rules.csv_name("districts") == "district.csv"
    assert rules.csv_name("stakeholders") == "stakeholders.csv"
    readme = rules.readme_text(
        "Northwood Unified", WHEN,
        [rules.ExportedFile("stakeholders.csv", 1204, "The register."),
         rules.ExportedFile("district.csv", 1)], "ana@example.org", ["users"])
    lines = readme.split("\r\n")
    assert lines[0] == "Everything Groundwork holds for Northwood Unified"
    assert "Exported 2026-12-03T14:05:09+00:00 by ana@example.org." in lines
    assert "  stakeholders.csv       1,204 rows  The register." in lines
    assert "  district.csv               1 row" in lines
    assert any(line.startswith("Not included: users") for line in lines)


def test_the_name_must_be_typed_exactly():
    assert rules.name_confirmed("Northwood Unified", "Northwood Unified")
    assert rules.name_confirmed("  Northwood Unified ", "Northwood Unified")
    for typed in ("northwood unified", "Northwood", "Northwood  Unified", "", None):
        assert not rules.name_confirmed(typed, "Northwood Unified")
    assert not rules.name_confirmed("", "")


def test_deletion_message_counts_what_went():
    message = rules.deletion_message(
        "Northwood Unified",
        {"stakeholders": 1204, "relationships": 1, "interactions": 0, "audit_events": 1},
        members=1)
    assert message == (
        "Deleted Northwood Unified and everything in it: 1,204 stakeholders, 1 relationship, "
        "0 logged interactions, 0 outreach lists, 0 partnerships, 1 audit log entry; 1 member "
        "lost access to it.")


def test_next_district_is_where_the_user_can_do_most_then_by_name():
    memberships = [(1, "admin", "Northwood"), (2, "viewer", "Alpine"), (3, "editor", "Zion"),
                   (4, "editor", "Bayside")]
    assert rules.next_district(memberships, 1) == 4
    assert rules.next_district([(1, "admin", "Northwood"), (2, "admin", "Alpine")], 2) == 1
    assert rules.next_district([(1, "admin", "Northwood")], 1) is None


def test_log_text_escapes_line_breaks_and_controls():
    assert rules.log_text("Evil\r\n[INFO] admin signed in") == \
        "Evil\\r\\n[INFO] admin signed in"
    assert rules.log_text("a\\nb") == "a\\\\nb"  # a typed backslash-n is not a line break
    assert rules.log_text("tab\there\x1b[31m\u2028") == "tab\\there\\x1b[31m\\u2028"
    assert rules.log_text("Lucía Núñez") == "Lucía Núñez"


@given(st.text())
def test_a_log_line_stays_one_line(text):
    escaped = rules.log_text(text)
    assert len(escaped.splitlines()) <= 1
    assert not any(ord(c) < 32 or ord(c) == 127 for c in escaped)
