"""A district's data as a whole: the export of everything (a ZIP of CSV files, written as
it is sent) and the rules of deleting a district.

The ZIP is written to an unseekable sink and handed on a piece at a time, so however big
the district, only the piece being written is held. Each file's sizes follow its data
(a data descriptor) and are 64-bit (ZIP64), so a file past 2 GB still streams.

Pure Python: no Flask, no SQLAlchemy.
"""

import json
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

README_NAME: Final = "README.txt"

# What each file of the export holds, by table; a table not named here still exports.
FILE_NOTES: Final = {
    "districts": "The district itself.",
    "memberships": "The district's members: user id, name, email and role (no passwords "
                   "or sessions).",
    "stakeholders": "The stakeholder register: people and organisations, ratings, contact "
                    "details.",
    "stakeholder_languages": "Languages each stakeholder speaks.",
    "stakeholder_tags": "Tags on each stakeholder.",
    "stakeholder_schools": "Schools or areas each stakeholder connects to.",
    "tags": "The district's tags.",
    "schools": "The district's schools and areas.",
    "affiliations": "People's ties to organisations, with titles.",
    "assessments": "Dated ratings: influence, interest, engagement, salience.",
    "relationships": "Typed ties between stakeholders, strength 1-3.",
    "interactions": "The engagement log: meetings, calls, events...",
    "interaction_participants": "Stakeholders in each interaction (and who came).",
    "interaction_users": "District members who took part in each interaction.",
    "concerns": "Concerns raised, by theme, with the district's answer.",
    "follow_ups": "Follow-ups with due dates.",
    "key_messages": "Key messages per audience.",
    "glossary_terms": "The glossary: chosen terms and phrases to avoid.",
    "outreach_lists": "Outreach lists and the filters they were built from.",
    "outreach_members": "Members of each outreach list, status and next step.",
    "outreach_status_changes": "Each list member's status history.",
    "pathways": "Pathways and Portrait of a Graduate focus areas.",
    "partnerships": "Partnerships and prospects in the pipeline.",
    "partnership_contacts": "The organisation's people who are each partnership's contacts.",
    "partnership_stage_changes": "Each partnership's stage history.",
    "commitments": "What partners have committed.",
    "champion_profiles": "The champion questions and \"not a fit\" marks.",
    "table_seats": "Seats at the decision-making table.",
    "district_settings": "Settings: cadence, time zone, champion weights.",
    "stakeholder_metrics": "Computed network metrics (worked out again from relationships).",
    "network_jobs": "Network metric recomputations.",
    "csv_imports": "CSV files uploaded for import, and what came of them.",
    "audit_events": "The audit log: every change, who made it and when.",
}


def csv_name(table_name: str) -> str:
    """The file in the export that holds a table's rows: the members for memberships,
    the district's own row as district.csv, otherwise the table's name."""
    special = {"memberships": "members.csv", "districts": "district.csv"}
    return special.get(table_name, f"{table_name}.csv")


def cell(value: object) -> object:
    """A stored value as it reads in a CSV cell: dates in ISO 8601, yes/no as true/false,
    JSON as JSON, nothing as empty. (csv_export.neutralise guards formulas after this.)"""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return value


@dataclass(frozen=True)
class ExportedFile:
    """One file of the export and how many rows it holds."""

    name: str
    rows: int
    note: str = ""


def readme_text(district_name: str, exported_at: datetime, files: Sequence[ExportedFile],
                by: str, left_out: Sequence[str] = ()) -> str:
    """README.txt of the export: what it is, when and by whom, each file's rows, and the
    tables `left_out` (those no district owns rows of)."""
    width = max((len(f.name) for f in files), default=0)
    lines = [
        f"Everything Groundwork holds for {district_name}",
        f"Exported {exported_at.isoformat(timespec='seconds')} by {by}.",
        "",
        "One CSV file per kind of record (UTF-8 with a byte-order mark; every cell quoted).",
        "The first row of each file names its columns; ids link the files (owner_id,",
        "stakeholder_id...). A cell that a spreadsheet could read as a formula starts",
        "with a single quote (') that is not part of the value.",
        "",
        "Files and rows:",
    ]
    for f in files:
        rows = f"{f.rows:>10,} row{'s' if f.rows != 1 else ' '}"
        lines.append(f"  {f.name.ljust(width)}  {rows}  {f.note}".rstrip())
    if left_out:
        lines += ["", f"Not included: {', '.join(left_out)} (accounts can belong to several",
                  "districts; members.csv lists this district's members)."]
    lines.append("")
    return "\r\n".join(lines)


class _Sink:
    """Where zipfile writes: kept until taken. No seek or tell, so zipfile streams."""

    def __init__(self) -> None:
        self._pieces: list[bytes] = []

    def write(self, data) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data


def zip_stream(files: Iterable[tuple[str, Iterable[bytes]]],
               written_at: datetime) -> Iterator[bytes]:
    """The bytes of a ZIP of `files` ((name, chunks) pairs, read one after the other),
    a piece per chunk: nothing but the current chunk is held. Entries are deflated and
    dated `written_at`."""
    sink = _Sink()
    stamp = written_at.timetuple()[:6]
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # a plain readable file when unzipped
            with archive.open(info, mode="w", force_zip64=True) as entry:
                for chunk in chunks:
                    entry.write(chunk)
                    yield from _taken(sink)
            yield from _taken(sink)  # the rest of the entry and its data descriptor
    yield from _taken(sink)  # the central directory


def _taken(sink: _Sink) -> Iterator[bytes]:
    piece = sink.take()
    if piece:
        yield piece


# --- Deleting a district ------------------------------------------------------------


def name_confirmed(typed: str | None, district_name: str) -> bool:
    """True when `typed` is the district's name exactly (case and all), spaces around
    it aside: deleting a district asks for its name to be typed, not pasted from memory."""
    return (typed or "").strip() == district_name.strip() != ""


# What the confirmation and the message afterwards count, in the order they say it.
COUNTED: Final = (
    ("stakeholders", "stakeholder", "stakeholders"),
    ("relationships", "relationship", "relationships"),
    ("interactions", "logged interaction", "logged interactions"),
    ("outreach_lists", "outreach list", "outreach lists"),
    ("partnerships", "partnership", "partnerships"),
    ("audit_events", "audit log entry", "audit log entries"),
)


def counted_phrases(counts: Mapping[str, int]) -> list[str]:
    """"1,204 stakeholders", "1 relationship"... for the counts in COUNTED."""
    return [f"{counts.get(key, 0):,} {one if counts.get(key, 0) == 1 else many}"
            for key, one, many in COUNTED]


def members_phrase(members: int) -> str:
    """"1 member", "12 members"."""
    return f"{members:,} member{'s' if members != 1 else ''}"


def deletion_message(district_name: str, counts: Mapping[str, int],
                     members: int) -> str:
    """What was deleted, for the admin who deleted it."""
    return (f"Deleted {district_name} and everything in it: "
            f"{', '.join(counted_phrases(counts))}; {members_phrase(members)} lost access "
            "to it.")


def next_district(memberships: Iterable[tuple[int, str, str]],
                  deleted_id: int) -> int | None:
    """The district to work in after `deleted_id` is gone: of (district id, role, name)
    memberships, where the user can do most (admin, editor, viewer), then by name; as
    the sign-in guard picks. None when no other is left."""
    rank = {"admin": 0, "editor": 1, "viewer": 2}
    left = [(rank.get(role, 3), name, district_id)
            for district_id, role, name in memberships if district_id != deleted_id]
    return min(left)[2] if left else None


_LOG_ESCAPES: Final = {**{c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)},
                       ord("\r"): "\\r", ord("\n"): "\\n", ord("\t"): "\\t",
                       ord("\\"): "\\\\", 0x2028: "\\u2028", 0x2029: "\\u2029",
                       0x85: "\\x85"}


def log_text(value: object) -> str:
    """`value` safe on one log line: CR, LF and other control characters escaped (and
    backslashes, so an escape cannot be forged), so nothing typed can start a fake
    entry."""
    return str(value).translate(_LOG_ESCAPES)
