"""Forms for stakeholder profiles: register fields, affiliations and relationships."""

import re
from urllib.parse import urlsplit

import phonenumbers
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain.text import clean_block, clean_line
from app.domain.vocab import (
    CONTACT_METHODS,
    ENGAGEMENT_LEVELS,
    GROUPS,
    RELATIONSHIP_TYPES,
    STAKEHOLDER_KINDS,
)
from app.services import clock
from app.stakeholders.forms import PickedIdField, RatingForm, RememberedSelect

PHONE_REGION = "US"
PHONE_HELP = "Enter a phone number like (614) 555-0134 or +1 614 555 0134."
# Choices as {value: label} dicts (WTForms 3.3 deprecates tuples).
STRENGTHS = {3: "Strong", 2: "Medium", 1: "Weak"}
# A scheme such as "https:" or "javascript:" (but not "example.org:8080").
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)")
LABEL_MAX = {"tags": 60, "languages": 40, "schools": 120}


def split_list(text: str | None) -> list[str]:
    """Comma-separated text as a list of distinct, trimmed, non-empty items (order kept)."""
    items = (" ".join(part.split()) for part in (text or "").split(","))
    seen: dict[str, str] = {}
    for item in items:
        if item and item.lower() not in seen:
            seen[item.lower()] = item
    return list(seen.values())


def normalise_phone(raw: str) -> str:
    """A valid phone number in international format (extension kept); ValueError if not."""
    try:
        number = phonenumbers.parse(raw, PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(PHONE_HELP) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"That is not a complete, valid phone number. {PHONE_HELP}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_website(raw: str) -> str:
    """An http(s) address; a bare domain gets https://. ValueError for anything else."""
    text = raw.strip()
    if not _SCHEME.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        scheme, host = parts.scheme.lower(), parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        scheme, host = "", ""
    if scheme not in ("http", "https") or "." not in host \
            or any(c.isspace() or ord(c) < 32 for c in text):
        raise ValueError("Enter a web address starting with http:// or https://, "
                         "like https://www.example.org.")
    return text


def _phone(_form, field) -> None:
    if field.data:
        try:
            field.data = normalise_phone(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if len(field.data) > 32:
            raise ValidationError("That phone number is too long (32 characters at most).")


def _website(_form, field) -> None:
    if field.data:
        try:
            field.data = normalise_website(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        if len(field.data) > 254:
            raise ValidationError("That web address is too long (254 characters at most).")


def _label_list(kind: str):
    def check(_form, field) -> None:
        longest = LABEL_MAX[kind]
        too_long = [item for item in split_list(field.data) if len(item) > longest]
        if too_long:
            raise ValidationError(f"Each of the {kind} can be {longest} characters at most "
                                  f"(“{too_long[0][:30]}…” is longer).")

    return check


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "") else None


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (used for the district's existing schools)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(FlaskForm):
    """The register fields of a stakeholder (everything except ratings)."""

    name = StringField("Name", filters=[clean_line],
                       validators=[DataRequired("Enter a name."), Length(max=200)])
    kind = RadioField("Kind", choices=dict(STAKEHOLDER_KINDS), default="person")
    group = SelectField("Group", choices=dict(GROUPS), default="other")
    sector = StringField("Sector or industry", filters=[clean_line], validators=[Length(max=120)],
                         description="For organisations, e.g. Manufacturing or Health care.")
    schools = MultiCheckboxField("Schools or areas", coerce=int, choices={},
                                 validate_choice=True)
    new_schools = StringField(
        "Other schools or areas", filters=[clean_line],
        validators=[Length(max=1000), _label_list("schools")],
        description="Comma-separated; new names are added to the district's list.")
    languages = StringField("Languages", filters=[clean_line],
                            validators=[Length(max=1000), _label_list("languages")],
                            description="Comma-separated, e.g. English, Spanish.")
    tags = StringField("Tags", filters=[clean_line],
                       validators=[Length(max=1000), _label_list("tags")],
                       description="Comma-separated, e.g. PTA, STEM.")
    email = EmailField("Email", filters=[clean_line], validators=[
        Optional(), Length(max=254),
        Email("Enter an email address like name@example.org."),
    ])
    phone = StringField("Phone", filters=[clean_line], validators=[Optional(), _phone],
                        description="US numbers need no country code.")
    address = StringField("Address", filters=[clean_line], validators=[Length(max=200)])
    city = StringField("City", filters=[clean_line], validators=[Length(max=120)])
    website = StringField("Website", filters=[clean_line], validators=[Optional(), _website])
    contact_permitted = BooleanField(
        "Contact permitted", default=True,
        description="Untick when they asked not to be contacted "
                    "(for example a directory-information opt-out).")
    preferred_contact = SelectField("Preferred contact method", choices=dict(CONTACT_METHODS),
                                    default="")
    owner_id = SelectField("Owner", choices={"": "No owner"}, coerce=_optional_int,
                           description="The district member responsible for this relationship.")
    notes = TextAreaField("Notes", filters=[clean_block], validators=[Length(max=10_000)])

    def set_choices(self, schools: dict[int, str], owners: dict[int, str]) -> None:
        """Fill the district-specific choices (existing schools, district members)."""
        self.schools.choices = schools
        self.owner_id.choices = {"": "No owner", **owners}

    def profile_values(self) -> dict:
        """The plain column values for the Stakeholder model."""
        return {
            "name": self.name.data,
            "kind": self.kind.data,
            "group": self.group.data,
            "sector": self.sector.data or "",
            "email": self.email.data or "",
            "phone": self.phone.data or "",
            "address": self.address.data or "",
            "city": self.city.data or "",
            "website": self.website.data or "",
            "contact_permitted": bool(self.contact_permitted.data),
            "preferred_contact": self.preferred_contact.data or "",
            "owner_id": self.owner_id.data,
            "notes": self.notes.data or "",
        }


class ProfileRatingForm(RatingForm):
    """The shared RatingForm with its choices as a dict (no WTForms deprecation warning)."""

    engagement_current = SelectField("Engagement now", choices=dict(ENGAGEMENT_LEVELS))
    engagement_desired = SelectField("Engagement desired", choices=dict(ENGAGEMENT_LEVELS))


class EditProfileForm(ProfileForm):
    """Edit the register fields; the version seen guards against lost updates."""

    version = IntegerField(validators=[InputRequired()])
    seen = HiddenField()  # profile_fingerprint of the record as the form was drawn


class NewStakeholderForm(ProfileForm, ProfileRatingForm):
    """A new stakeholder: register fields plus the initial ratings."""

    version = None  # a new record has no version yet
    seen = None


def not_in_future(_form, field) -> None:
    """A "since" day can't be after the district's today."""
    if field.data and field.data > clock.today():
        raise ValidationError("Since can't be a day in the future.")


class AffiliationForm(FlaskForm):
    """Tie a person to an organisation, e.g. "Plant manager" at Honda since 2019."""

    other_id = PickedIdField(validators=[Optional()])
    other_name = StringField("Organisation", filters=[clean_line],
                             validators=[DataRequired("Choose who to link."), Length(max=200)])
    title = StringField("Title or role", filters=[clean_line], validators=[Length(max=120)],
                        description="Optional, e.g. Plant manager.")
    since = DateField("Since", validators=[Optional(), not_in_future], description="Optional.")


class EditAffiliationForm(FlaskForm):
    """Change an affiliation's title or since when (the two sides stay as they are)."""

    title = StringField("Title or role", filters=[clean_line], validators=[Length(max=120)],
                        description="Optional, e.g. Plant manager.")
    since = DateField("Since", validators=[Optional(), not_in_future], description="Optional.")


class RelationshipForm(FlaskForm):
    """A typed tie to another stakeholder with a strength of 1-3."""

    other_id = PickedIdField(validators=[Optional()])
    other_name = StringField("Stakeholder", filters=[clean_line],
                             validators=[DataRequired("Choose who to link."), Length(max=200)])
    type = SelectField("Type", choices=dict(RELATIONSHIP_TYPES), default="colleague",
                       widget=RememberedSelect())
    strength = RadioField("Strength", choices=STRENGTHS, coerce=int, default=2)
    note = StringField("Note", filters=[clean_line], validators=[Length(max=500)])


class EditRelationshipForm(FlaskForm):
    """Change a relationship's type, strength or note."""

    type = SelectField("Type", choices=dict(RELATIONSHIP_TYPES))
    strength = RadioField("Strength", choices=STRENGTHS, coerce=int)
    note = StringField("Note", filters=[clean_line], validators=[Length(max=500)])
