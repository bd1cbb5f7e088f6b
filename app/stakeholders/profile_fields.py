"""The profile form's list fields: the schools and owners it offers, and how typed
tags, schools and languages are saved (reusing existing spellings)."""

import sqlalchemy as sa
from flask import g

from app.extensions import db
from app.models import Membership, School, Stakeholder, Tag, User
from app.services.stakeholders import fingerprint, set_labels
from app.stakeholders.profile_forms import split_list

SCHOOL_CAP = 500  # existing schools offered as checkboxes


# --- Choices ---------------------------------------------------------------------------------


def school_choices() -> dict[int, str]:
    """The district's schools offered as checkboxes (by name, at most SCHOOL_CAP)."""
    return dict(db.session.execute(
        sa.select(School.id, School.name).order_by(School.name).limit(SCHOOL_CAP)
    ).tuples().all())


def owner_choices(current_owner_id: int | None = None) -> dict[int, str]:
    """Members of the current district (and the current owner, even if they left)."""
    owners = dict(db.session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == g.district.id)
        .order_by(sa.func.lower(User.name), User.id)
    ).tuples().all())
    if current_owner_id and current_owner_id not in owners:
        former = db.session.get(User, current_owner_id)
        if former is not None:
            owners[former.id] = f"{former.name} (no longer a member)"
    return owners


# --- Labels ---------------------------------------------------------------------------------


def canonical(model, names: list[str]) -> list[str]:
    """Reuse the spelling of existing tags/schools typed in another case ("pta" -> "PTA")."""
    if not names:
        return []
    existing = db.session.scalars(
        sa.select(model.name).where(sa.func.lower(model.name).in_([n.lower() for n in names]))
    ).all()
    by_lower = {name.lower(): name for name in existing}
    return list(dict.fromkeys(by_lower.get(n.lower(), n) for n in names))


def language(name: str) -> str:
    """A language as typed, or capitalised when typed all in lower case."""
    return name if any(c.isupper() for c in name) else name.title()


def apply_labels(form, s: Stakeholder) -> None:
    """Save the tags, schools (chosen and new) and languages the form holds."""
    chosen = form.schools.choices
    schools = [chosen[i] for i in form.schools.data or [] if i in chosen]
    schools += split_list(form.new_schools.data)
    set_labels(
        db.session, s,
        tags=canonical(Tag, split_list(form.tags.data)),
        schools=canonical(School, schools),
        languages=[language(lang) for lang in split_list(form.languages.data)],
    )


def profile_fingerprint(s: Stakeholder) -> str:
    """The `seen` of a profile form drawn from the stakeholder as stored now."""
    return fingerprint({k: v for k, v in profile_data(s).items() if k != "version"})


def profile_data(s: Stakeholder) -> dict:
    """The profile form's values for a stakeholder as saved."""
    return {
        "name": s.name, "kind": s.kind, "group": s.group, "sector": s.sector,
        "schools": [school.id for school in s.schools], "new_schools": "",
        "languages": ", ".join(lang.language for lang in s.languages),
        "tags": ", ".join(t.name for t in s.tags),
        "email": s.email, "phone": s.phone, "address": s.address, "city": s.city,
        "website": s.website, "contact_permitted": s.contact_permitted,
        "preferred_contact": s.preferred_contact, "owner_id": s.owner_id, "notes": s.notes,
        "version": s.version,
    }
