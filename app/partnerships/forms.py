"""Forms of the partnerships area: a partnership, a stage move, commitments, contacts and
pathways.

The organisation and contact pickers name their fields ``other_name``/``other_id``: the
register's typeahead endpoint (stakeholders.search) reads the typed text from a field
whose name ends in ``other_name``.
"""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.domain.matching import normalise_terms
from app.domain.text import clean_block, clean_line
from app.domain.vocab import PARTNERSHIP_STAGES, PARTNERSHIP_TYPES, PATHWAY_KINDS
from app.stakeholders.forms import PickedIdField

CHOOSE_STAGE = "Choose a stage"  # the stage picker's placeholder: no move is preselected


class PartnershipForm(FlaskForm):
    """A partnership with one organisation."""

    other_name = StringField("Organisation", filters=[clean_line],
                             validators=[Length(max=200)])
    other_id = PickedIdField(validators=[Optional()])
    title = StringField("Title", filters=[clean_line], description="e.g. “Summer internships”.",
                        validators=[DataRequired("Give the partnership a short title."),
                                    Length(max=200, message="Keep the title under 200 "
                                                            "characters.")])
    type = SelectField("Type", choices=dict(PARTNERSHIP_TYPES))
    stage = SelectField("Stage", choices=dict(PARTNERSHIP_STAGES))
    pathway_id = SelectField("Pathway", choices={"": "No pathway"})
    # Checked by validate_lead_id, which says why a member cannot lead (a viewer).
    lead_id = SelectField("District lead", choices={"": "No lead yet"}, validate_choice=False)
    start_on = DateField("Start date", validators=[Optional()])
    end_on = DateField("End date", validators=[Optional()])
    notes = TextAreaField("Notes", filters=[clean_block],
                          validators=[Length(max=5000, message="Keep notes under 5,000 "
                                                               "characters.")])
    version = IntegerField(validators=[Optional()])
    # The fields as the form was loaded (app.partnerships.conflicts): after someone else's
    # save, what the user left alone takes the saved value and what they changed is kept.
    seen = HiddenField(validators=[Optional(), Length(max=400)])

    def set_choices(self, pathways: list[tuple[int, str]], leads: list[tuple[int, str]],
                    refused_leads: dict[int, str] | None = None) -> None:
        self.pathway_id.choices = {"": "No pathway", **{str(i): n for i, n in pathways}}
        self.lead_id.choices = {"": "No lead yet", **{str(i): n for i, n in leads}}
        self.refused_leads = {str(i): why for i, why in (refused_leads or {}).items()}

    def validate_lead_id(self, field) -> None:
        if field.data in dict(field.choices):
            return
        raise ValidationError(getattr(self, "refused_leads", {}).get(field.data)
                              or "Choose the district lead from the list.")

    def validate_end_on(self, field) -> None:
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError("The end date cannot be before the start date.")


class MoveForm(FlaskForm):
    """Move a partnership to another stage (the version guards against lost moves)."""

    stage = SelectField("Move to", choices={"": CHOOSE_STAGE, **dict(PARTNERSHIP_STAGES)},
                        validate_choice=False)
    version = IntegerField(validators=[InputRequired("Reload the page and try again.")])
    note = StringField("Note (optional)", filters=[clean_line],
                       validators=[Length(max=300, message="Keep the note under 300 "
                                                           "characters.")])
    next = HiddenField()

    def validate_stage(self, field) -> None:
        if field.data not in dict(PARTNERSHIP_STAGES):
            raise ValidationError("Choose the stage to move this partnership to.")


class CommitmentForm(FlaskForm):
    """What the partner commits, e.g. 20 internship places."""

    quantity = IntegerField("How many", validators=[
        Optional(), NumberRange(1, 1_000_000, "Enter how many, from 1 to 1,000,000, or leave "
                                              "it blank.")])
    description = StringField("What", filters=[clean_line], description="e.g. internship places",
                              validators=[DataRequired("Say what is committed."),
                                          Length(max=200, message="Keep it under 200 "
                                                                  "characters.")])


class ContactForm(FlaskForm):
    """Add a partner contact (a person from the register)."""

    other_name = StringField("Person", filters=[clean_line], validators=[Length(max=200)])
    other_id = PickedIdField(validators=[Optional()])


class PathwayForm(FlaskForm):
    """A pathway or Portrait of a Graduate focus area, with what it matches on."""

    name = StringField("Name", filters=[clean_line], validators=[
        DataRequired("Give the pathway a name."),
        Length(max=120, message="Keep the name under 120 characters.")])
    kind = SelectField("Kind", choices=dict(PATHWAY_KINDS))
    description = TextAreaField("Description", filters=[clean_block], validators=[
        Length(max=1000, message="Keep the description under 1,000 characters.")])
    keywords = StringField("Keywords", filters=[normalise_terms],
                           description="Comma-separated, e.g. nursing, clinical, patient care",
                           validators=[Length(max=1000, message="Keep keywords under 1,000 "
                                                                "characters.")])
    sectors = StringField("Sectors", filters=[normalise_terms],
                          description="Comma-separated, e.g. Hospital & health care, "
                                      "Medical practice",
                          validators=[Length(max=1000, message="Keep sectors under 1,000 "
                                                               "characters.")])
