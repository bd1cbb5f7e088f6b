"""Reading a CSV of stakeholders for import: decoding, the table, column mapping, values.

The import runs in three steps (upload, map the columns, check the rows); this module is
what they share that needs no database: turning the uploaded bytes into a header and
rows, guessing which column is which field from its header, and turning one row into
the text values of the fields, ready for the register's own form validation.

Pure Python: no Flask, no SQLAlchemy.
"""

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from app.domain.csv_export import PREFIX, needs_prefix
from app.domain.ratings import RATING_MAX, RATING_MIN
from app.domain.text import fold

MAX_ROWS: Final = 2500  # one request checks and adds them: ~10 s at 100,000 (PERFORMANCE.md)
MAX_COLUMNS: Final = 60
MAX_CELL: Final = 5000  # characters; notes are the longest field


class ImportProblem(ValueError):
    """The file as a whole can't be read; the message says why and what to do."""


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    help: str = ""
    # Headers that fill the field only when no column names it by label or alias; when
    # several are there, the one listed first (an address book's "Business Phone" is
    # taken before its "Home Phone").
    fallbacks: tuple[str, ...] = ()


# The fields a column can fill, in the order the mapping page offers them. The labels
# are the register's own, so a file exported from Groundwork maps itself.
FIELDS: Final = (
    ImportField("name", "Name", ("full name", "contact", "contact name", "stakeholder",
                                 "organisation name", "organization name")),
    ImportField("first_name", "First name", ("first", "given name", "forename"),
                "Joined with Last name when there is no Name column."),
    ImportField("last_name", "Last name", ("last", "surname", "family name")),
    ImportField("kind", "Kind", ("type", "person or organisation"),
                "Person or Organisation; blank means Person."),
    ImportField("group", "Group", ("stakeholder group", "category", "audience"),
                "One of the register's groups, e.g. Parent/family or Business."),
    ImportField("sector", "Sector or industry", ("sector", "industry")),
    ImportField("organisation", "Organisation", ("organization", "company", "employer",
                                                 "org", "affiliation", "business",
                                                 "organization 1 - name"),
                "For a person: the organisation they work for (found or added)."),
    ImportField("title", "Title", ("job title", "position", "role", "title at organisation",
                                   "organization 1 - title")),
    ImportField("schools", "Schools or areas", ("schools", "school", "areas", "area")),
    ImportField("languages", "Languages", ("language", "languages spoken")),
    ImportField("tags", "Tags", ("tag", "labels", "keywords")),
    ImportField("email", "Email", ("e-mail", "email address", "e-mail address", "mail",
                                   "e-mail 1 - value")),
    ImportField("phone", "Phone", ("telephone", "phone number", "mobile", "cell",
                                   "tel", "cell phone", "mobile phone", "phone 1 - value"),
                fallbacks=("business phone", "home phone")),
    ImportField("address", "Address", ("street", "street address", "address 1")),
    ImportField("city", "City", ("town",)),
    ImportField("website", "Website", ("web", "url", "web site", "homepage")),
    ImportField("contact_permitted", "Contact permitted", ("may contact", "ok to contact",
                                                           "consent", "contact ok"),
                "Yes or No; blank means Yes."),
    ImportField("do_not_contact", "Do not contact", ("dnc", "opt out", "opted out"),
                "Yes means contact is not permitted."),
    ImportField("preferred_contact", "Preferred contact", ("preferred contact method",
                                                           "contact method", "contact by")),
    ImportField("notes", "Notes", ("note", "comments", "comment", "remarks")),
    ImportField("influence", "Influence", ("influence (power)", "power level"),
                "1 to 5; blank means 3."),
    ImportField("interest", "Interest", ("interest level",), "1 to 5; blank means 3."),
    ImportField("engagement_current", "Engagement now", ("engagement", "current engagement",
                                                         "engagement current", "stance"),
                "Unaware, Resistant, Neutral, Supportive or Leading."),
    ImportField("engagement_desired", "Engagement desired", ("desired engagement",)),
)
FIELD_KEYS: Final = frozenset(f.key for f in FIELDS)
LIST_FIELDS: Final = frozenset({"schools", "languages", "tags"})

# A file of relationships between stakeholders already in the register: each side by
# name or email.
RELATIONSHIP_FIELDS: Final = (
    ImportField("from", "From", ("person a", "stakeholder a", "name a", "source", "person",
                                 "stakeholder", "from name", "first person"),
                "A stakeholder's name or email, as in the register."),
    ImportField("to", "To", ("person b", "stakeholder b", "name b", "target", "related to",
                             "to name", "second person", "contact"),
                "Another stakeholder's name or email."),
    ImportField("type", "Relationship type", ("type", "relationship", "relation", "tie"),
                "Colleague, Family, Board member, Employer/employee, Partner, "
                "Friend/neighbour, Alumni, Mentor or Other; blank means Other."),
    ImportField("strength", "Strength", ("tie strength", "closeness"),
                "1 (weak) to 3 (strong); blank means 2."),
    ImportField("note", "Note", ("notes", "comment", "comments")),
)
KINDS: Final = {"stakeholders": FIELDS, "relationships": RELATIONSHIP_FIELDS}
# Common ways of writing a relationship type that are not the register's own words.
RELATIONSHIP_SYNONYMS: Final = {
    "coworker": "colleague", "co worker": "colleague", "work": "colleague",
    "relative": "family", "spouse": "family", "parent": "family", "sibling": "family",
    "board": "board_member", "trustee": "board_member", "employer": "employment",
    "employee": "employment", "works for": "employment", "partner": "partner",
    "friend": "friend", "neighbour": "friend", "neighbor": "friend", "alumnus": "alumni",
    "alum": "alumni", "mentee": "mentor",
}


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


def _header_key(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


_BY_NAME: Final = {kind: {_header_key(alias): f.key for f in fields
                          for alias in (f.label, f.key.replace("_", " "), *f.aliases)}
                   for kind, fields in KINDS.items()}
# {kind: {header: (field, preference)}}: lower preference is taken first.
_FALLBACKS: Final = {kind: {_header_key(header): (f.key, rank) for f in fields
                            for rank, header in enumerate(f.fallbacks)}
                     for kind, fields in KINDS.items()}


def guess_mapping(headers: Sequence[str], kind: str = "stakeholders") -> list[str]:
    """The field each column most likely fills ("" to leave it out), from its header.

    A field is given to the first column that names it; later ones are left out. A field
    no column names goes to its most preferred fallback column (see ImportField).
    """
    by_name = _BY_NAME[kind]
    taken: set[str] = set()
    mapping = []
    for header in headers:
        key = by_name.get(_header_key(header), "")
        if key in taken:
            key = ""
        if key:
            taken.add(key)
        mapping.append(key)
    best: dict[str, tuple[int, int]] = {}  # {field: (preference, column)}
    for column, header in enumerate(headers):
        key, rank = _FALLBACKS[kind].get(_header_key(header), ("", 0))
        if key and key not in taken and (key not in best or (rank, column) < best[key]):
            best[key] = (rank, column)
    for key, (_, column) in best.items():
        mapping[column] = key
    return mapping


def mapping_problems(mapping: Sequence[str], kind: str = "stakeholders") -> list[str]:
    """What is wrong with a column mapping, in words (empty when it can be used)."""
    problems = []
    chosen = [key for key in mapping if key]
    labels = {f.key: f.label for f in KINDS[kind]}
    unknown = sorted(set(chosen) - labels.keys())
    if unknown:
        problems.append(f"Unknown field: {', '.join(unknown)}.")
    twice = sorted({key for key in chosen if chosen.count(key) > 1} & labels.keys())
    for key in twice:
        problems.append(f"Only one column can be {labels[key]}.")
    if kind == "relationships":
        for key in ("from", "to"):
            if key not in chosen:
                problems.append(f"Choose the column that holds {labels[key]} (a name or "
                                "email).")
        return problems
    if not {"name", "first_name", "last_name"} & set(chosen):
        problems.append("Choose the column that holds the name (or first and last name).")
    if "contact_permitted" in chosen and "do_not_contact" in chosen:
        problems.append("Choose Contact permitted or Do not contact, not both.")
    return problems


def _list_text(text: str) -> str:
    """A list cell as the register's comma-separated text (";" and "|" also separate)."""
    return ", ".join(part.strip() for part in text.replace(";", ",").replace("|", ",")
                     .split(",") if part.strip())


def unprotect(cell: str) -> str:
    """A cell without the quote that a safe CSV export puts before a would-be formula
    (csv_export.neutralise): "'+1 555 0100" reads as "+1 555 0100"."""
    if cell.startswith(PREFIX) and needs_prefix(cell[1:]):
        return cell[1:]
    return cell


def row_values(cells: Sequence[str], mapping: Sequence[str]) -> dict[str, str]:
    """The text of each mapped field in one row (trimmed; lists comma-separated; the name
    from first and last name when no column is the name; an export's formula guard
    removed)."""
    values: dict[str, str] = {}
    for key, cell in zip(mapping, cells, strict=False):
        if key:
            text = unprotect(cell).strip()
            values[key] = _list_text(text) if key in LIST_FIELDS else text
    if not values.get("name"):
        values["name"] = " ".join(
            part for part in (values.get("first_name", ""), values.get("last_name", ""))
            if part)
    values.pop("first_name", None)
    values.pop("last_name", None)
    return values


def rating_problem(text: str, what: str) -> str | None:
    """The one message for a rating cell ("Influence", "Interest") that is not a whole
    number, such as "2,5" or "high"; None when it is blank or a whole number, whose range
    the register's form checks, as it parses it (int), with its own message."""
    if not text.strip():
        return None
    try:
        int(text)
    except ValueError:
        return (f"{what} \u201c{text[:20]}\u201d is not a whole number from {RATING_MIN} "
                f"to {RATING_MAX}.")
    return None


_YES: Final = frozenset({"yes", "y", "true", "t", "1", "x", "ok", "si", "oui"})
_NO: Final = frozenset({"no", "n", "false", "f", "0", "none"})


def parse_flag(text: str) -> bool | None:
    """Yes/no cell text as True/False; None when blank or not a yes or no."""
    key = _header_key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def parse_choice(text: str, choices: Sequence[tuple[str, str]],
                 synonyms: dict[str, str] | None = None) -> str | None:
    """The code of a choice given as its code or its label (any case, accents, spacing
    or punctuation); None when it is neither."""
    key = _header_key(text)
    for code, label in choices:
        if key in (_header_key(code), _header_key(label)):
            return code
    if synonyms:
        return synonyms.get(key)
    return None


# Common ways of writing a kind or group that are not the register's own words.
KIND_SYNONYMS: Final = {"individual": "person", "people": "person", "org": "organisation",
                        "organization": "organisation", "company": "organisation",
                        "business": "organisation", "institution": "organisation"}
GROUP_SYNONYMS: Final = {
    "parent": "parent", "parents": "parent", "family": "parent", "guardian": "parent",
    "students": "student", "teacher": "educator", "teachers": "educator",
    "staff": "district_staff", "district": "district_staff", "employer": "business",
    "company": "business", "college": "higher_ed", "university": "higher_ed",
    "higher ed": "higher_ed", "community college": "higher_ed", "official": "elected",
    "elected officials": "elected", "politician": "elected", "agency": "government",
    "nonprofit": "community", "non profit": "community", "community": "community",
    "church": "faith", "faith": "faith", "foundation": "philanthropy", "press": "media",
    "healthcare": "health", "health care": "health", "hospital": "health",
}
CONTACT_SYNONYMS: Final = {"e mail": "email", "telephone": "phone", "call": "phone",
                           "sms": "text", "text": "text", "post": "mail", "letter": "mail",
                           "in person": "in_person", "visit": "in_person", "none": "",
                           "any": ""}
