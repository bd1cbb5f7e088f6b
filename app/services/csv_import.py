"""Importing stakeholders from a CSV file: keep the upload, check every row, add them all.

The steps share one CsvImport record (app.models.imports). Checking a row runs the
register's own form (NewStakeholderForm), so an imported record meets exactly the rules
of one typed in, with the same messages; likely duplicates are found against the whole
district and the rows above it (app.domain.dedupe). Adding is all or nothing: one
transaction, and only when no row has an error. The check runs again just before, so a
record someone added in the meantime is not duplicated unseen.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from app import audit
from app.domain import csv_import as ci
from app.domain import csv_reading
from app.domain.dedupe import DuplicateIndex
from app.domain.ratings import UNASSESSED
from app.domain.text import clean_line, fold, search_text
from app.domain.vocab import (
    CONTACT_METHODS,
    ENGAGEMENT_LEVELS,
    GROUPS,
    STAKEHOLDER_KINDS,
)
from app.models import (
    Affiliation,
    Assessment,
    CsvImport,
    School,
    Stakeholder,
    StakeholderLanguage,
    Tag,
)
from app.services.stakeholders import Ratings, refresh_derived
from app.stakeholders.profile_fields import language, owner_choices
from app.stakeholders.profile_forms import NewStakeholderForm, split_list

KEEP_FOR = timedelta(days=1)
ORGANISATION_MAX, TITLE_MAX = 200, 120  # a stakeholder's name; an affiliation's title
DEFAULTS = {"influence": str(UNASSESSED), "interest": str(UNASSESSED),
            "engagement_current": "unaware", "engagement_desired": "supportive"}
# Text fields whose values go to the form as they are.
_PLAIN = ("name", "sector", "email", "phone", "address", "city", "website", "notes",
          "languages", "tags", "influence", "interest")


def purge_stale(session: Session, now: datetime | None = None) -> None:
    """Forget uploads left unfinished for more than a day (any district's: a file no one
    came back to is of no use to anyone)."""
    cutoff = (now or datetime.now(UTC)) - KEEP_FOR
    session.execute(sa.delete(CsvImport).where(CsvImport.created_at < cutoff))


def start(session: Session, *, user_id: int, filename: str, text: str, table: csv_reading.Table,
          kind: str = "stakeholders") -> CsvImport:
    """Keep an uploaded file with its guessed mapping; the importer owns the new records."""
    purge_stale(session)
    imp = CsvImport(created_by_id=user_id, filename=filename[:200], content=text, kind=kind,
                    mapping=ci.guess_mapping(table.headers, kind), owner_id=user_id,
                    duplicates="skip",
                    # to the minute, so two files imported on one day keep their own tag
                    tag=f"Imported {datetime.now():%Y-%m-%d %H:%M}")
    session.add(imp)
    return imp


# --- Checking the rows ----------------------------------------------------------------------


@dataclass
class Checked:
    """One row after its check: the report line and, when it can be added, its form."""

    report: dict
    form: NewStakeholderForm | None


def choice(values: dict, key: str, choices, synonyms, what: str, errors: list[str],
            default: str) -> str:
    text = values.get(key, "")
    if not text:
        return default
    code = ci.parse_choice(text, choices, synonyms)
    if code is None:
        errors.append(f"{what} \u201c{text[:40]}\u201d is not one of: "
                      + ", ".join(label for code_, label in choices if code_) + ".")
        return default
    return code


def _form_data(values: dict, owner_id: int | None, errors: list[str]) -> MultiDict:
    """What the register's form would receive had the row been typed in."""
    data = MultiDict({key: values[key] for key in _PLAIN if values.get(key)})
    for key, default in DEFAULTS.items():
        data.setdefault(key, default)
    for key, what in (("influence", "Influence"), ("interest", "Interest")):
        problem = ci.rating_problem(values.get(key, ""), what)
        if problem:  # said once here, not twice by the form ("Not a valid integer", range)
            errors.append(problem)
            data[key] = DEFAULTS[key]
    data["kind"] = choice(values, "kind", STAKEHOLDER_KINDS, ci.KIND_SYNONYMS, "Kind",
                           errors, "person")
    data["group"] = choice(values, "group", GROUPS, ci.GROUP_SYNONYMS, "Group", errors,
                            "other")
    data["preferred_contact"] = choice(values, "preferred_contact", CONTACT_METHODS,
                                        ci.CONTACT_SYNONYMS, "Preferred contact", errors, "")
    for key, what in (("engagement_current", "Engagement now"),
                      ("engagement_desired", "Engagement desired")):
        data[key] = choice(values, key, ENGAGEMENT_LEVELS, None, what, errors, DEFAULTS[key])
    permitted = True
    for key, inverted in (("contact_permitted", False), ("do_not_contact", True)):
        text = values.get(key, "")
        if text:
            flag = ci.parse_flag(text)
            if flag is None:
                errors.append(f"{'Do not contact' if inverted else 'Contact permitted'} "
                              f"\u201c{text[:20]}\u201d is not Yes or No.")
            else:
                permitted = flag != inverted
    if permitted:
        data["contact_permitted"] = "y"
    if values.get("schools"):
        data["new_schools"] = values["schools"]
    if owner_id:
        data["owner_id"] = str(owner_id)
    notes = [values.get("notes", "")]
    if values.get("title") and (not values.get("organisation") or data["kind"] != "person"):
        notes.append(f"Title: {values['title']}")
    if values.get("organisation") and data["kind"] != "person":
        notes.append(f"Part of: {values['organisation']}")
    if any(notes[1:]):
        data["notes"] = "\n".join(n for n in notes if n)
    return data


def _existing_index(session: Session) -> DuplicateIndex:
    index = DuplicateIndex()
    index.add_all(session.execute(
        sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.email, Stakeholder.phone)))
    return index


def _organisations(session: Session, names: Iterable[str]) -> dict[str, int]:
    """{folded name: id} of the district's organisations with one of these names (the
    oldest when two share one)."""
    keys = sorted({n.strip().lower() for n in names if n and n.strip()})
    found: dict[str, int] = {}
    for start_ in range(0, len(keys), 500):
        chunk = keys[start_:start_ + 500]
        for sid, name in session.execute(
                sa.select(Stakeholder.id, Stakeholder.name)
                .where(Stakeholder.kind == "organisation", Stakeholder.name_key.in_(chunk))
                .order_by(Stakeholder.id)):
            found.setdefault(fold(name), sid)
    return found


def check(session: Session, imp: CsvImport) -> list[Checked]:
    """Check every row of the file as mapped: its errors, likely duplicates (in the
    district and above it in the file) and organisation. Writes nothing."""
    table = csv_reading.read_table(imp.content)
    owners = owner_choices(imp.owner_id)
    index = _existing_index(session)
    rows = [(line, ci.row_values(cells, imp.mapping)) for line, cells in table.rows]
    orgs = _organisations(session, (v.get("organisation", "") for _, v in rows))
    file_orgs = {fold(v["name"]) for _, v in rows if v.get("name") and ci.parse_choice(
        v.get("kind", ""), STAKEHOLDER_KINDS, ci.KIND_SYNONYMS) == "organisation"}
    checked = []
    for line, values in rows:
        errors: list[str] = []
        data = _form_data(values, imp.owner_id, errors)
        form = NewStakeholderForm(formdata=data, meta={"csrf": False})
        form.set_choices({}, owners)
        valid = form.validate()
        for name, messages in form.errors.items():
            label = form[name].label.text if name in form else name
            errors.extend(f"{label}: {m}" for m in messages)
        name = form.name.data or values.get("name", "")
        matches = index.matches(name, form.email.data or "", form.phone.data or "")
        organisation = clean_line(values.get("organisation", "")) \
            if data["kind"] == "person" else ""
        title = clean_line(values.get("title", "")) if organisation else ""
        for text, what, longest in ((organisation, "Organisation", ORGANISATION_MAX),
                                    (title, "Title", TITLE_MAX)):
            if len(text) > longest:
                errors.append(f"{what}: keep it under {longest} characters.")
        org_key = fold(organisation)
        report = {
            "line": line, "name": name, "email": form.email.data or values.get("email", ""),
            "phone": form.phone.data or values.get("phone", ""),
            "group": data["group"], "kind": data["kind"],
            "organisation": organisation,
            "title": title,
            "org": ("" if not organisation else "found" if org_key in orgs
                    else "in file" if org_key in file_orgs else "new"),
            "errors": errors,
            "matches": [[m.id, m.name, m.reason] for m in matches if m.id > 0],
            "file_matches": [[-m.id, m.reason] for m in matches if m.id < 0],
        }
        index.add(-line, name, report["email"], report["phone"])
        checked.append(Checked(report, form if valid and not errors else None))
    return checked


@dataclass(frozen=True)
class Summary:
    rows: int
    errors: int
    duplicates: int
    to_add: int
    new_organisations: int


def is_duplicate(row: dict) -> bool:
    return bool(row["matches"] or row["file_matches"])


def adds(row: dict, duplicates: str) -> bool:
    """Whether a checked row is added: no errors, and not a skipped likely duplicate."""
    return not row["errors"] and (duplicates == "add" or not is_duplicate(row))


def summary(report: list[dict], duplicates: str) -> Summary:
    added = [r for r in report if adds(r, duplicates)]
    return Summary(
        rows=len(report),
        errors=sum(1 for r in report if r["errors"]),
        duplicates=sum(1 for r in report if is_duplicate(r)),
        to_add=len(added),
        new_organisations=len({fold(r["organisation"]) for r in added
                               if r.get("org") == "new"}),
    )


def save_check(imp: CsvImport, checked: list[Checked]) -> None:
    imp.report = [c.report for c in checked]
    imp.checked_at = datetime.now(UTC)


# --- Adding ---------------------------------------------------------------------------------


class _Labels:
    """The district's tags and schools by lower-case name, created once when new."""

    def __init__(self, session: Session, model) -> None:
        self.session, self.model = session, model
        self.by_lower = {row.name.lower(): row for row in session.scalars(sa.select(model))}

    def __call__(self, names: list[str]) -> list:
        rows = []
        for name in names:
            row = self.by_lower.get(name.lower())
            if row is None:
                row = self.by_lower[name.lower()] = self.model(name=name)
                self.session.add(row)
            if row not in rows:
                rows.append(row)
        return rows


@dataclass(frozen=True)
class Added:
    counts: dict  # as recorded in the audit log
    tag_id: int | None  # the tag every added record has (None without one)


def add_all(session: Session, imp: CsvImport, checked: list[Checked], *,
            user_id: int) -> Added:
    """Add every row that `adds` (the caller commits, or rolls back on failure).

    Everything goes in one flush: each stakeholder with its first assessment (as
    services.stakeholders.rate records it), labels, affiliation and search text."""
    tags, schools = _Labels(session, Tag), _Labels(session, School)
    tag_rows = tags([imp.tag] if imp.tag else [])
    note = f"Imported from {imp.filename}"[:500]
    orgs: dict[str, Stakeholder | int] = dict(_organisations(
        session, (c.report["organisation"] for c in checked)))
    names = dict(session.execute(sa.select(Stakeholder.id, Stakeholder.name)
                                 .where(Stakeholder.id.in_(
                                     [i for i in orgs.values() if isinstance(i, int)]))).all())
    created_orgs = 0
    to_add = [c for c in checked if c.form is not None and adds(c.report, imp.duplicates)]

    def new(values: dict, ratings: Ratings, labels: list) -> Stakeholder:
        s = Stakeholder(**values, tags=labels)
        for key, value in vars(ratings).items():
            setattr(s, key, value)
        refresh_derived(s)
        session.add(s)
        session.add(Assessment(stakeholder=s, assessed_by_id=user_id, note=note,
                               **vars(ratings)))
        return s

    people = []
    for c in to_add:
        form = c.form
        s = new(form.profile_values(), Ratings(**form.ratings_kwargs()),
                tags(split_list(form.tags.data)) + tag_rows)
        s.schools = schools(split_list(form.new_schools.data))
        s.languages = [StakeholderLanguage(language=language(lang))
                       for lang in split_list(form.languages.data)]
        if s.kind == "organisation":
            orgs.setdefault(fold(s.name), s)
        people.append((s, c.report["organisation"], c.report["title"]))
    for s, organisation, title in people:
        org_name = ""
        if organisation:
            key = fold(organisation)
            if key not in orgs:
                orgs[key] = new({"name": organisation, "kind": "organisation",
                                 "group": "other", "owner_id": imp.owner_id},
                                Ratings(UNASSESSED, UNASSESSED, "unaware", "supportive",
                                        False, False, False),
                                list(tag_rows))
                orgs[key].search_text = search_text([organisation, *(t.name for t in tag_rows)])
                created_orgs += 1
            org = orgs[key]
            if isinstance(org, int):
                session.add(Affiliation(person=s, organisation_id=org, title=title))
                org_name = names.get(org, organisation)
            else:
                session.add(Affiliation(person=s, organisation=org, title=title))
                org_name = org.name
        s.search_text = search_text([s.name, org_name, s.email, s.sector, s.city,
                                     *(t.name for t in s.tags)])
    session.flush()
    counts = {"added": len(people), "organisations_added": created_orgs,
              "skipped_duplicates": sum(1 for c in checked if c.form is not None
                                        and not adds(c.report, imp.duplicates))}
    audit.record(session, "import", "CsvImport", imp.id, imp.audit_label, counts)
    return Added(counts, tag_rows[0].id if tag_rows and people else None)
