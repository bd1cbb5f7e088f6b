"""Forms of the engagement log: an interaction with its follow-up, invitees, attendance,
and the district's answer to a concern."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, ValidationError

from app.domain import engagement as rules
from app.domain.concerns import ANSWER_MAX
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


def _picked_or_cleared(form, field):
    """A name typed into a picker's search box but never picked would be dropped on save
    without a word: refuse the save instead, naming what was typed."""
    if field.data:
        typed = field.data if len(field.data) <= 60 else field.data[:60] + "\u2026"
        raise ValidationError(f"Pick \u201c{typed}\u201d from the suggestions, or clear it.")


def picker_search_field() -> StringField:
    """The picker's search box (its input is named `q`, as the stakeholder search reads)."""
    return StringField("Add a stakeholder", name="q", filters=[clean_line],
                       validators=[_picked_or_cleared])


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
    participant_search = picker_search_field()
    all_attended = BooleanField("Everyone chosen here came", default=True,
                                description="For events: untick to invite them now and "
                                "record who came later.")
    user_ids = IdListField("District people who took part", limit=200)
    summary = TextAreaField("Summary", filters=[clean_block], validators=[Length(
        max=20_000, message="Keep the summary under 20,000 characters.")])
    concerns = TextAreaField(
        "Concerns raised", filters=[clean_block],
        description="One per line, as theme: what was said \u2014 e.g. \u201cgrading: worried "
                    "colleges won't understand the new transcripts\u201d. A line you "
                    "reword keeps its answer; a line you delete deletes the concern.")
    outcome = TextAreaField("Outcome", filters=[clean_block], validators=[Length(
        max=5000, message="Keep the outcome under 5,000 characters.")])
    fu_description = StringField("Follow-up", filters=[clean_line], validators=[Length(
        max=300, message="Keep the follow-up under 300 characters.")],
        description="Optional: what someone must do next, "
                    "e.g. \u201cSend the transcript FAQ\u201d.")
    fu_due_on = BlankDateField("Due")
    # Checked in validate_fu_owner_id, to say why a viewer can't own one.
    fu_owner_id = SelectField("Owner", coerce=int, choices=[], validate_choice=False)
    fu_stakeholder_id = SelectField("About", coerce=int, choices=[])

    parsed_concerns: list[tuple[str, str]]
    members: dict[int, str]  # everyone in the district, set with the choices

    def set_choices(self, owners: list[tuple[int, str]], about: dict[int, str],
                    members: list[tuple[int, str]] | None = None) -> None:
        """Owners are the district's people who can edit (`members` are all of them, to
        name a viewer refused); the follow-up is about a participant."""
        self.fu_owner_id.choices = {0: "Choose an owner", **dict(owners)}
        self.fu_stakeholder_id.choices = {0: "Nobody in particular", **about}
        self.members = dict(members or [])

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
        if not self.fu_description.data:
            return  # no follow-up: the owner offered by default is not used
        if not field.data:
            raise ValidationError("Choose who owns the follow-up.")
        if field.data not in field.choices:
            name = getattr(self, "members", {}).get(field.data)
            if name:
                raise ValidationError(f"{name} is a viewer in this district and could not mark "
                                      "the follow-up done: choose an editor or an admin.")
            raise ValidationError("Choose an owner from the list.")

    @property
    def has_follow_up(self) -> bool:
        return bool(self.fu_description.data)


class InviteListForm(FlaskForm):
    """Invite every member of an outreach list to an event."""

    list_id = SelectField("Outreach list", coerce=int, choices=[],
                          validators=[InputRequired("Choose a list to invite.")])
    confirmed = HiddenField()  # "yes" from the confirmation page (how many, asked first)


class InviteForm(FlaskForm):
    """Invite people chosen one by one."""

    participant_ids = IdListField("People to invite")
    participant_search = picker_search_field()

    def validate_participant_ids(self, field):
        if not field.data and not self.participant_search.data:
            raise ValidationError("Choose at least one person to invite.")

    @property
    def pending(self) -> bool:
        """People chosen (or a name typed) here but not invited yet."""
        return bool(self.participant_ids.data or self.participant_search.data)


class AnswerForm(FlaskForm):
    """The district's answer to a concern, written in place."""

    answer = TextAreaField(
        "The district's answer", filters=[clean_block], validators=[Length(
            max=ANSWER_MAX, message=f"Keep the answer under {ANSWER_MAX:,} characters.")],
        description="What the district did or decided, in words the community will read "
                    "on \u201cYou said, we did\u201d. Saving it marks the concern answered.")
    # What the answer was when the form was drawn (see concerns.answer_fingerprint).
    seen = HiddenField()
    # Where the concern is shown ("register" adds its interaction), and the page to go
    # back to without JavaScript.
    view = HiddenField()
    next = HiddenField()

    concern_is_open: bool = True

    def validate_answer(self, field):
        if not field.data and self.concern_is_open:
            raise ValidationError("Write what the district did, or leave it open.")
