"""A CSV file of stakeholders or relationships to import: which column is which, and values.

The import runs in three steps (upload, map the columns, check the rows); this module is
what they share that needs no database: guessing which column is which field from its
header, and turning one row into the text values of the fields, ready for the register's
own form validation. Reading the file (bytes to a header and rows) is csv_reading's.

Pure Python: no Flask, no SQLAlchemy.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from app.domain.csv_export import PREFIX, needs_prefix
from app.domain.ratings import RATING_MAX, RATING_MIN, UNASSESSED
from app.domain.text import fold


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
                f"1 to 5; blank means {UNASSESSED} (not yet rated: Monitor)."),
    ImportField("interest", "Interest", ("interest level",),
                f"1 to 5; blank means {UNASSESSED} (not yet rated: Monitor)."),
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
