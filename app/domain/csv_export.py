"""CSV export that is safe to open in Excel: formula neutralising, BOM, mail-merge columns.

OWASP CSV injection: a spreadsheet treats a cell starting with ``=``, ``+``, ``-``, ``@``
(and tab, CR or LF, which some tools strip before looking) as a formula. Such a cell is
prefixed with a single quote (``'``), which spreadsheets show as text and hide. Leading
whitespace or control characters do not hide a formula either (some tools trim them), so
a cell whose first visible character is a formula character is prefixed too. Nothing
else is changed: every other value, including quotes, commas and line breaks, comes back
from a CSV reader exactly as it went in (the writer quotes every cell).

The documented cost: a phone number such as ``+1 555 0100`` or a value such as ``-5``
comes out as ``'+1 555 0100`` / ``'-5``; that is the OWASP-recommended trade-off.

Pure Python: no Flask, no SQLAlchemy.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

FORMULA_START: Final = frozenset("=+-@\t\r\n")
PREFIX: Final = "'"
BOM: Final = "\ufeff"

# Mail-merge-ready columns of an outreach list export, in order.
OUTREACH_COLUMNS: Final = (
    "First name", "Last name", "Full name", "Organisation", "Title", "Email", "Phone",
    "Address", "City", "Preferred contact", "Language", "Group", "Status", "Owner",
    "Next step", "Due date",
)

# The register's export: the CSV import's field labels first (so the file imports as it
# is), then what the import leaves out because the app works it out or it is a person.
REGISTER_COLUMNS: Final = (
    "Name", "Kind", "Group", "Sector or industry", "Organisation", "Title",
    "Schools or areas", "Languages", "Tags", "Email", "Phone", "Address", "City", "Website",
    "Contact permitted", "Preferred contact", "Notes", "Influence", "Interest",
    "Engagement now", "Engagement desired", "Quadrant", "Salience", "Owner",
)


def _is_blank_or_control(ch: str) -> bool:
    return ch.isspace() or ord(ch) < 32 or ord(ch) == 127


def needs_prefix(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula.

    That is when it starts with a formula character, or when its first character that
    is not whitespace or a control character is one.
    """
    if not text:
        return False
    if text[0] in FORMULA_START:
        return True
    for ch in text:
        if ch in FORMULA_START:
            return True
        if not _is_blank_or_control(ch):
            return False
    return False


def neutralise(value: object) -> str:
    """The cell text for `value`: None becomes "", formulas get the quote prefix."""
    text = "" if value is None else str(value)
    return PREFIX + text if needs_prefix(text) else text


def csv_line(cells: Sequence[object]) -> str:
    """One CSV record (quoted, CRLF-terminated) of neutralised cells."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(
        [neutralise(c) for c in cells]
    )
    return buffer.getvalue()


def csv_chunks(header: Sequence[str], batches: Iterable[Iterable[Sequence[object]]],
               bom: bool = True) -> Iterator[str]:
    """Text of a CSV file, one chunk per batch of rows, the header (and BOM) first.

    Only one batch is ever held, so a caller that fetches rows in batches streams.
    """
    yield (BOM if bom else "") + csv_line(header)
    for batch in batches:
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        for row in batch:
            writer.writerow([neutralise(c) for c in row])
        chunk = buffer.getvalue()
        if chunk:
            yield chunk


def split_name(name: str, kind: str = "person") -> tuple[str, str]:
    """First and last name of a person for mail merge; organisations have neither.

    The first word is the first name and the rest the last name ("Maria de la Cruz" ->
    "Maria", "de la Cruz"); a single word is a first name.
    """
    if kind != "person":
        return "", ""
    words = (name or "").split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def safe_filename(name: str, suffix: str = ".csv", fallback: str = "outreach-list") -> str:
    """An ASCII file name from a list name: letters, digits, dashes; never empty."""
    cleaned = []
    for ch in name.lower():
        if ch.isascii() and ch.isalnum():
            cleaned.append(ch)
        elif cleaned and cleaned[-1] != "-":
            cleaned.append("-")
    stem = "".join(cleaned).strip("-")[:80].strip("-") or fallback
    return stem + suffix
