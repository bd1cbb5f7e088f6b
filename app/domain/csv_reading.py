"""Reading an uploaded CSV file: its bytes to text, the separator, the header and rows.

Excel writes "CSV" in the code page of Windows, UTF-8 with a byte-order mark, or UTF-16
("Unicode Text", tab-separated); it separates with semicolons where the decimal mark is
a comma and may start the file with a "sep=" line. A row keeps the line of the file it
starts on, so an error can point at it.

Pure Python: no Flask, no SQLAlchemy.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

MAX_ROWS: Final = 2500  # one request checks and adds them: ~10 s at 100,000 (PERFORMANCE.md)
MAX_COLUMNS: Final = 60
MAX_CELL: Final = 5000  # characters; notes are the longest field


class ImportProblem(ValueError):
    """The file as a whole can't be read; the message says why and what to do."""


@dataclass
class Table:
    """The header and the non-blank rows of a file, each row with the line of the file it
    starts on (a cell with line breaks in it spans several)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


_BINARY: Final = ("This looks like a spreadsheet or other binary file, not a CSV. "
                  "In Excel or Sheets, save or download it as CSV first.")
# UTF-32 first: its little-endian mark begins with UTF-16's.
_WIDE_BOMS: Final = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without a BOM), UTF-16 with its BOM
    (Excel's "Unicode Text"), else Windows-1252, which is what Excel saves as "CSV" on
    Windows."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            if "\x00" in text:
                raise ImportProblem(_BINARY)
            return text
    if b"\x00" in data:
        raise ImportProblem(_BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# Excel's first line naming the separator ("sep=;"), which Excel itself does not show.
_SEP_LINE: Final = re.compile(r'"?sep=([^"\r\n])"?[ \t]*(?:\r\n|\r|\n|\Z)', re.IGNORECASE)
_DELIMITERS: Final = ("\t", ";", ",")  # on a tie, the one least likely in a cell's text
_SNIFF_RECORDS: Final = 20
_SNIFF_CHARS: Final = 65_536


def _reader(text: str, delimiter: str):
    return csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)


def _columns_per_row(sample: str, delimiter: str, cut: bool) -> list[int]:
    """How many cells each of the first non-blank rows of `sample` has when split on
    `delimiter` (the last row left out when the sample is cut from a longer text)."""
    counts: list[int] = []
    try:
        for row in _reader(sample, delimiter):
            if any(cell.strip() for cell in row):
                counts.append(len(row))
                if len(counts) > _SNIFF_RECORDS:
                    break
    except csv.Error:
        pass
    return counts[:-1] if cut and len(counts) > 1 else counts


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma) or tab: the one that
    splits the header into columns and the first rows into as many, so that a comma in
    the header of a semicolon file ("Notes, extra") does not decide. Only the delimiter
    is sniffed: quoting is Excel's, which is what a sniffer guesses wrong."""
    sample = text[:_SNIFF_CHARS]
    cut = len(text) > len(sample)

    def fit(delimiter: str) -> tuple[bool, int, int]:
        counts = _columns_per_row(sample, delimiter, cut) or [1]
        header = counts[0]
        return header > 1, sum(1 for n in counts[1:] if n == header), header

    return max(_DELIMITERS, key=fit)


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    """Each record of a CSV reader with the line of the file it starts on."""
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportProblem(f"Line {start} can't be read as CSV ({exc}).") from None


def read_table(text: str) -> Table:
    """Header and rows of CSV text; blank rows are left out, short rows padded. A first
    line "sep=;" (Excel's) gives the separator; otherwise it is sniffed.

    Raises ImportProblem for a file with no header, no rows, too many rows or columns.
    """
    sep_line = _SEP_LINE.match(text)
    records = _records(_reader(text, sep_line.group(1) if sep_line else _delimiter(text)))
    if sep_line:
        next(records, None)
    try:
        _, header_row = next(records)
    except StopIteration:
        raise ImportProblem("The file is empty.") from None
    headers = [" ".join(h.split()) for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportProblem("The first row should name the columns (Name, Email, ...); "
                            "it is blank.")
    if len(headers) > MAX_COLUMNS:
        raise ImportProblem(f"The file has {len(headers)} columns; at most {MAX_COLUMNS} "
                            "can be imported. Remove the columns you don't need.")
    table = Table(headers)
    for line, row in records:
        if not any(cell.strip() for cell in row):
            continue
        if len(table.rows) == MAX_ROWS:
            raise ImportProblem(f"The file has more than {MAX_ROWS:,} rows. Split it "
                                f"into files of {MAX_ROWS:,} rows or fewer.")
        cells = [cell[:MAX_CELL] for cell in row]
        cells += [""] * (len(headers) - len(cells))
        table.rows.append((line, cells))
    if not table.rows:
        raise ImportProblem("The file has a header row but no rows to import.")
    return table
