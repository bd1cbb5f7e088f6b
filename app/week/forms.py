"""Forms of My week: the bare "Done"/"Undo" buttons (CSRF and where to go back to), and
changing a follow-up (what, when, whose)."""

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from app.auth.forms import EmptyForm
from app.domain import engagement as rules
from app.domain.text import clean_line


class FollowUpButtonForm(EmptyForm):
    """Mark a follow-up done or open again; `next` is a local page to return to."""

    next = HiddenField()


class FollowUpEditForm(FlaskForm):
    """A follow-up's description, due date and owner; `next` is where to go back to."""

    description = StringField("Follow-up", filters=[clean_line], validators=[
        DataRequired("Say what the follow-up is."),
        Length(max=300, message="Keep the follow-up under 300 characters.")])
    due_on = DateField("Due", validators=[InputRequired("Give a due date, as on a calendar.")])
    owner_id = SelectField("Owner", coerce=int, choices=[], validate_choice=False)
    next = HiddenField()

    def set_owners(self, members: list[tuple[int, str]]) -> None:
        """Who may own it (an owner who has since left must be replaced)."""
        self.owner_id.choices = [(0, "Choose an owner")] + members

    def validate_due_on(self, field):
        if field.data and field.data < rules.EARLIEST:
            raise ValidationError(f"Check the year: dates before {rules.EARLIEST.year} "
                                  "are not accepted.")

    def validate_owner_id(self, field):
        if not field.data:
            raise ValidationError("Choose who owns the follow-up.")
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError("Choose an owner from the list: only editors and admins "
                                  "can mark a follow-up done.")
