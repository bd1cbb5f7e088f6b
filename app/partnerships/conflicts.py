"""An edit of a partnership that met someone else's save: who changed which field, and the
form shown again.

The edit form carries `seen`, a short digest of each field as the form was loaded. When a
save is refused as stale, a field the user left alone takes the value saved now, so saving
again cannot quietly undo the other person's change (a stage move on the board, say); a
field the user changed keeps what they typed, and where both changed it, the message shows
the saved value next to theirs.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from app.domain import pipeline
from app.domain.text import clean_block, clean_line
from app.domain.vocab import PARTNERSHIP_TYPES, label
from app.models import Partnership
from app.partnerships.forms import PartnershipForm

FIELDS = ("organisation", "title", "type", "stage", "pathway", "lead", "start_on", "end_on",
          "notes")
LABELS = {"organisation": "Organisation", "title": "Title", "type": "Type", "stage": "Stage",
          "pathway": "Pathway", "lead": "District lead", "start_on": "Start date",
          "end_on": "End date", "notes": "Notes"}


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def saved_values(p: Partnership) -> dict[str, str]:
    """The partnership's fields as the edit form would send them back unchanged."""
    return {"organisation": str(p.organisation_id), "title": clean_line(p.title or ""),
            "type": p.type, "stage": p.stage, "pathway": str(p.pathway_id or ""),
            "lead": str(p.lead_id or ""), "start_on": _day(p.start_on),
            "end_on": _day(p.end_on), "notes": clean_block(p.notes or "")}


def form_values(form: PartnershipForm, organisation_id: int) -> dict[str, str]:
    """What the user sent, in the same terms as `saved_values`."""
    return {"organisation": str(organisation_id), "title": form.title.data or "",
            "type": form.type.data or "", "stage": form.stage.data or "",
            "pathway": form.pathway_id.data or "", "lead": form.lead_id.data or "",
            "start_on": _day(form.start_on.data), "end_on": _day(form.end_on.data),
            "notes": form.notes.data or ""}


def _digest(value: str) -> str:
    return hashlib.blake2s(value.encode(), digest_size=6).hexdigest()


def fingerprint(values: dict[str, str]) -> str:
    """The `seen` value for a form loaded with `values` (short, whatever the notes)."""
    return ".".join(_digest(values[name]) for name in FIELDS)


@dataclass(frozen=True)
class Merge:
    """Fields only the other person changed (the form now shows their value) and fields
    both changed differently (the user's value is kept)."""

    taken: tuple[str, ...]
    clashes: tuple[str, ...]


def merge(seen: str | None, mine: dict[str, str], saved: dict[str, str]) -> Merge:
    """Compare the user's values and the saved ones with what the form was loaded with.
    Without a usable `seen` nobody can tell who changed what: every difference is a clash,
    so the user's input is kept and the saved value shown."""
    digests = (seen or "").split(".")
    if len(digests) != len(FIELDS):
        digests = [""] * len(FIELDS)
    taken, clashes = [], []
    for name, digest in zip(FIELDS, digests, strict=True):
        if mine[name] == saved[name]:
            continue
        if digest and _digest(mine[name]) == digest:
            taken.append(name)  # the user left it alone; the other person changed it
        elif not digest or _digest(saved[name]) != digest:
            clashes.append(name)
    return Merge(tuple(taken), tuple(clashes))


def take_saved(form: PartnershipForm, p: Partnership, names: tuple[str, ...]) -> None:
    """Show the saved value of each field in `names` (raw input cleared, so it renders)."""
    saved = {"organisation": (form.other_id, p.organisation_id), "title": (form.title, p.title),
             "type": (form.type, p.type), "stage": (form.stage, p.stage),
             "pathway": (form.pathway_id, str(p.pathway_id or "")),
             "lead": (form.lead_id, str(p.lead_id or "")),
             "start_on": (form.start_on, p.start_on), "end_on": (form.end_on, p.end_on),
             "notes": (form.notes, p.notes)}
    for name in names:
        field, value = saved[name]
        field.data, field.raw_data = value, None
        if name == "organisation":
            form.other_name.data, form.other_name.raw_data = p.organisation.name, None


def _shown(p: Partnership, name: str, moved_by: str | None) -> str:
    """The saved value of a field, as a person reads it."""
    if name == "stage":
        stage = pipeline.LABELS.get(p.stage, p.stage)
        return f"{stage} (moved by {moved_by})" if moved_by else stage
    shown = {
        "organisation": lambda: p.organisation.name,
        "title": lambda: f"“{p.title}”" if p.title else "no title",
        "type": lambda: label(PARTNERSHIP_TYPES, p.type),
        "pathway": lambda: p.pathway.name if p.pathway else "no pathway",
        "lead": lambda: p.lead.name if p.lead else "no lead",
        "start_on": lambda: p.start_on.strftime("%-d %b %Y") if p.start_on else "not set",
        "end_on": lambda: p.end_on.strftime("%-d %b %Y") if p.end_on else "not set",
        "notes": lambda: (f"“{p.notes[:80]}…”" if len(p.notes) > 80 else f"“{p.notes}”")
        if p.notes else "no notes",
    }
    return shown[name]()


@dataclass(frozen=True)
class Conflict:
    """What the refused form says: lines for the fields taken and the clashes."""

    taken: list[str]
    clashes: list[str]


def describe(p: Partnership, result: Merge, moved_by: str | None = None) -> Conflict:
    """Say what the other person changed: `moved_by` names who made the latest stage move."""
    return Conflict(
        [f"{LABELS[n]}: now {_shown(p, n, moved_by)}" for n in result.taken],
        [f"{LABELS[n]}: saved as {_shown(p, n, moved_by)}; yours is kept in the form"
         for n in result.clashes])
