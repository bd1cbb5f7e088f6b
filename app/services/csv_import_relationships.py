"""Importing relationships from a CSV file: each row names two stakeholders already in
the register (by name or email), a type, a strength and a note.

The same CsvImport steps as a file of stakeholders (services/csv_import.py): checking
writes nothing and says which pairs are linked already (in the register or above in the
file); adding adds every new pair in one transaction.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app import audit
from app.domain import csv_import as ci
from app.domain import csv_reading
from app.domain.text import clean_line
from app.domain.vocab import RELATIONSHIP_TYPES, label
from app.models import CsvImport, Relationship, Stakeholder
from app.services.csv_import import Added, Checked, choice, is_duplicate


class _Register:
    """The district's stakeholders by email and by name, to find each side of a tie."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, list[tuple[int, str]]] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        for sid, name, email in session.execute(
                sa.select(Stakeholder.id, Stakeholder.name, Stakeholder.email)):
            self.by_name.setdefault(name.strip().lower(), []).append((sid, name))
            if email:
                self.by_email.setdefault(email.strip().casefold(), []).append((sid, name))

    def find(self, text: str, side: str, errors: list[str]) -> tuple[int, str] | None:
        """The one stakeholder `text` names or emails; None (with an error) otherwise."""
        if not text:
            errors.append(f"{side}: give a stakeholder's name or email.")
            return None
        by_email = "@" in text
        found = (self.by_email if by_email else self.by_name).get(
            text.strip().casefold() if by_email else text.strip().lower(), [])
        if len(found) == 1:
            return found[0]
        if not found:
            errors.append(f"{side}: no stakeholder {'has the email' if by_email else 'is called'}"
                          f" \u201c{text[:60]}\u201d. Add them first, or check the spelling.")
        else:
            errors.append(f"{side}: {len(found)} stakeholders "
                          f"{'share the email' if by_email else 'are called'} "
                          f"\u201c{text[:60]}\u201d; use {'their name' if by_email else 'an email'}"
                          " instead.")
        return None


def check_relationships(session: Session, imp: CsvImport) -> list[Checked]:
    """Check every row of a relationships file: both sides found (by name or email), not
    the same one, type and strength valid, and whether the pair is linked already (in
    the register or above in the file). Writes nothing."""
    table = csv_reading.read_table(imp.content)
    register = _Register(session)
    rows = []
    for line, cells in table.rows:
        values = ci.row_values(cells, imp.mapping)
        errors: list[str] = []
        a = register.find(clean_line(values.get("from", "")), "From", errors)
        b = register.find(clean_line(values.get("to", "")), "To", errors)
        kind = choice(values, "type", RELATIONSHIP_TYPES, ci.RELATIONSHIP_SYNONYMS,
                       "Relationship type", errors, "other")
        strength = 2
        if values.get("strength"):
            try:
                strength = int(values["strength"])
            except ValueError:
                strength = 0
            if not 1 <= strength <= 3:
                errors.append(f"Strength \u201c{values['strength'][:10]}\u201d is not 1, 2 "
                              "or 3.")
        note = clean_line(values.get("note", ""))
        if len(note) > 500:
            errors.append("Note: keep it under 500 characters.")
        if a and b and a[0] == b[0]:
            errors.append("A stakeholder can't have a relationship with themselves.")
        report = {"line": line, "from": a[1] if a else values.get("from", ""),
                  "to": b[1] if b else values.get("to", ""), "type": kind,
                  "strength": strength, "note": note, "errors": errors, "ids": None,
                  "matches": [], "file_matches": []}
        if a and b and a[0] != b[0] and not errors:
            report["ids"] = sorted((a[0], b[0]))
        rows.append((report, a))
    linked = _linked(session, {tuple(r["ids"]) for r, _ in rows if r["ids"]})
    seen: dict[tuple[int, int], int] = {}
    checked = []
    for report, a in rows:
        if report["ids"]:
            pair = tuple(report["ids"])
            if pair in linked:
                report["matches"] = [[a[0], a[1], f"already linked as "
                                      f"{label(RELATIONSHIP_TYPES, linked[pair]).lower()}"]]
            elif pair in seen:
                report["file_matches"] = [[seen[pair], "the same two people"]]
            else:
                seen[pair] = report["line"]
        checked.append(Checked(report, None))
    return checked


def _linked(session: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """{(source id, target id): type} of these pairs that are linked already."""
    found: dict[tuple[int, int], str] = {}
    ordered = sorted(pairs)
    for start_ in range(0, len(ordered), 400):
        chunk = ordered[start_:start_ + 400]
        found.update({(a, b): kind for a, b, kind in session.execute(
            sa.select(Relationship.source_id, Relationship.target_id, Relationship.type)
            .where(sa.tuple_(Relationship.source_id, Relationship.target_id).in_(chunk)))})
    return found


def add_relationships(session: Session, imp: CsvImport, checked: list[Checked]) -> Added:
    """Add every checked relationship that is new (a pair is linked once, so likely
    duplicates are always left out); the caller commits."""
    added = 0
    for c in checked:
        r = c.report
        if r["errors"] or is_duplicate(r) or not r["ids"]:
            continue
        source_id, target_id = r["ids"]
        session.add(Relationship(source_id=source_id, target_id=target_id, type=r["type"],
                                 strength=r["strength"], note=r["note"]))
        added += 1
    session.flush()
    counts = {"relationships_added": added,
              "skipped_duplicates": sum(1 for c in checked
                                        if not c.report["errors"] and is_duplicate(c.report))}
    audit.record(session, "import", "CsvImport", imp.id, imp.audit_label, counts)
    return Added(counts, None)
