"""Forms of the engagement log: an interaction with its follow-up, invitees, attendance."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, ValidationError

from app.domain import engagement as rules
from app.domain.ids import parse_id
from app.domain.text import clean_block, clean_line
from app.domain.vocab import INTERACTION_KINDS

_SPLIT = re.compile(r"[\s,;]+")
MAX_PEOPLE = 500  # chosen one by one in a form; bigger events invite an outreach list


class IdListField(Field):
    """Ids sent as repeated fields (the picker's checkboxes) or typed as "12, 15" (the
    fallback without JavaScript). Keeps order, drops repeats."""

    def __init__(self, label=None, validators=None, limit: int = MAX_PEOPLE, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.limit = limit
        self.bad: list[str] = []

    def process_formdata(self, valuelist):
        ids: list[int] = []
        for value in valuelist:
            for token in _SPLIT.split(value or ""):
                if not token:
                    continue
                if (number := parse_id(token)) is not None:
                    ids.append(number)
                else:
                    self.bad.append(token[:20])
        self.data = list(dict.fromkeys(ids))

    def _value(self) -> str:
        return ", ".join(str(i) for i in self.data or [])

    def pre_validate(self, form):
        if self.bad:
            raise ValidationError(f"\u201c{self.bad[0]}\u201d is not a stakeholder id.")
        if len(self.data or []) > self.limit:
            raise ValidationError(f"Choose at most {self.limit}; for a bigger event, invite "
                                  "an outreach list from its attendance page.")


class BlankDateField(DateField):
    """A date that may be left blank (None) without an error; typos still get one."""

    def process_formdata(self, valuelist):
        if not valuelist or not " ".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class InteractionForm(FlaskForm):
    """Log or edit an interaction; optionally add a follow-up."""

    kind = SelectField("Kind", choices=dict(INTERACTION_KINDS), default="meeting",
                       validators=[InputRequired("Choose what kind of interaction it was.")])
    occurred_on = DateField("Date", validators=[InputRequired(
        "Give the date it happened (or, for an event, when it will happen).")])
    title = StringField("Title", filters=[clean_line], validators=[Length(
        max=200, message="Keep the title under 200 characters.")],
        description="A few words people will recognise, "
                    "e.g. \u201cNorthwood PTA focus group\u201d.")
    participant_ids = IdListField("Participants")
    all_attended = BooleanField("Everyone chosen here came", default=True,
                                description="For events: untick to invite them now and "
                                "record who came later.")
    user_ids = IdListField("District people who took part", limit=200)
    summary = TextAreaField("Summary", filters=[clean_block], validators=[Length(
        max=20_000, message="Keep the summary under 20,000 characters.")])
    concerns = TextAreaField(
        "Concerns raised", filters=[clean_block],
        description="One per line, as theme: what was said \u2014 e.g. \u201cgrading: worried "
                    "colleges won't understand the new transcripts\u201d.")
    outcome = TextAreaField("Outcome", filters=[clean_block], validators=[Length(
        max=5000, message="Keep the outcome under 5,000 characters.")])
    fu_description = StringField("Follow-up", filters=[clean_line], validators=[Length(
        max=300, message="Keep the follow-up under 300 characters.")],
        description="Optional: what someone must do next, "
                    "e.g. \u201cSend the transcript FAQ\u201d.")
    fu_due_on = BlankDateField("Due")
    fu_owner_id = SelectField("Owner", coerce=int, choices=[])
    fu_stakeholder_id = SelectField("About", coerce=int, choices=[])

    parsed_concerns: list[tuple[str, str]]

    def set_choices(self, members: list[tuple[int, str]], about: dict[int, str]) -> None:
        """Owners are the district's members; the follow-up is about a participant."""
        self.fu_owner_id.choices = [(0, "Choose an owner")] + members
        self.fu_stakeholder_id.choices = [(0, "Nobody in particular")] + list(about.items())

    def validate_concerns(self, field):
        parsed = rules.parse_concerns(field.data or "")
        self.parsed_concerns = parsed.concerns
        if parsed.errors:
            field.errors.extend(parsed.errors)
            raise ValidationError("Fix the concern lines above; each is \u201ctheme: text\u201d.")

    def validate_fu_description(self, field):
        # The owner alone doesn't start a follow-up: the form offers the signed-in user.
        wants = field.data or self.fu_due_on.data or self.fu_stakeholder_id.data
        if wants and not field.data:
            raise ValidationError("Say what the follow-up is, or clear its other fields.")

    def validate_fu_due_on(self, field):
        if self.fu_description.data and field.data is None and not field.errors:
            raise ValidationError("Give the follow-up a due date.")
        if field.data and field.data < rules.EARLIEST:
            raise ValidationError("Check the year of the due date.")

    def validate_fu_owner_id(self, field):
        if self.fu_description.data and not field.data:
            raise ValidationError("Choose who owns the follow-up.")

    @property
    def has_follow_up(self) -> bool:
        return bool(self.fu_description.data)


class InviteListForm(FlaskForm):
    """Invite every member of an outreach list to an event."""

    list_id = SelectField("Outreach list", coerce=int, choices=[],
                          validators=[InputRequired("Choose a list to invite.")])


class InviteForm(FlaskForm):
    """Invite people chosen one by one."""

    participant_ids = IdListField("People to invite")

    def validate_participant_ids(self, field):
        if not field.data:
            raise ValidationError("Choose at least one person to invite.")
