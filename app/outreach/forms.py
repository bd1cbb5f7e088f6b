"""Forms of the outreach area: lists, adding members, status changes, member details."""

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.domain.ids import parse_id
from app.domain.text import clean_block, clean_line
from app.domain.vocab import OUTREACH_STATUSES
from app.stakeholders.list_forms import RowSelection

NAME_MAX = 120
DESCRIPTION_MAX = 500
NEXT_STEP_MAX = 300
MAX_ADD = 500


def _owner_choices(members) -> dict[str, str]:
    return {"": "Nobody yet", **{str(i): name for i, name in members or []}}


class _OwnerMixin:
    def _set_owners(self, members) -> None:
        self.member_ids = {i for i, _ in members or []}
        self.owner_id.choices = _owner_choices(members)

    def validate_owner_id(self, field) -> None:
        if field.data and parse_id(field.data) not in self.member_ids:
            raise ValidationError("Choose a member of this district who can edit (an "
                                  "editor or admin), or nobody.")

    @property
    def owner_value(self) -> int | None:
        return parse_id(self.owner_id.data)


class ListForm(_OwnerMixin, FlaskForm):
    """Name, description and owner of a list; `filter_query` when built from a filter."""

    name = StringField("Name", filters=[clean_line], validators=[
        DataRequired("Give the list a name, e.g. \u201cSpring business roundtable\u201d."),
        Length(max=NAME_MAX, message=f"Keep the name under {NAME_MAX} characters.")])
    description = TextAreaField("Description", filters=[clean_block],
                                validators=[Length(max=DESCRIPTION_MAX, message=(
                                    f"Keep the description under {DESCRIPTION_MAX} "
                                    "characters."))],
                                description="What the outreach is for (optional).")
    owner_id = SelectField("Owner", validate_choice=False,
                           description="Who is responsible for this list.")
    filter_query = HiddenField()

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_owners(members)


class AddMembersForm(RowSelection, FlaskForm):
    """Stakeholders to add (checked rows or one id) to an existing or a new list.

    Field names match the stakeholder list's bulk bar (ids, all_on_page, page_ids), so
    its checkboxes post here with a formaction button.
    """

    outreach_list = SelectField("Outreach list", validate_choice=False)
    new_list_name = StringField("Or a new list named", filters=[clean_line], validators=[
        Optional(), Length(max=NAME_MAX, message=f"Keep the name under {NAME_MAX} "
                                                 "characters.")])
    next = HiddenField()

    @property
    def list_id(self) -> int | None:
        value = self.outreach_list.data or ""
        return parse_id(value)

    def validate_ids(self, _field) -> None:
        selected = self.selected_ids
        if not selected:
            raise ValidationError("Select at least one stakeholder to add.")
        if len(selected) > MAX_ADD:
            raise ValidationError(f"Add at most {MAX_ADD} stakeholders at a time; for more, "
                                  "build the list from a filter.")

    def validate_outreach_list(self, field) -> None:
        if field.data and parse_id(field.data) is None:
            raise ValidationError("Choose one of the outreach lists.")
        if field.data and self.new_list_name.data:
            raise ValidationError("Choose a list or type a new name, not both.")
        if not field.data and not self.new_list_name.data:
            raise ValidationError("Choose a list, or type a name for a new one.")


class StatusForm(FlaskForm):
    """The status a member moves to (one click: the button's value)."""

    status = SelectField("Status", choices=dict(OUTREACH_STATUSES), validate_choice=False)
    next = HiddenField()


class MemberForm(_OwnerMixin, FlaskForm):
    """A member's owner, next step and due date."""

    owner_id = SelectField("Owner", validate_choice=False)
    next_step = StringField("Next step", filters=[clean_line], validators=[
        Length(max=NEXT_STEP_MAX, message=f"Keep the next step under {NEXT_STEP_MAX} "
                                          "characters.")])
    due_on = DateField("Due date", validators=[Optional()], format="%Y-%m-%d")
    next = HiddenField()

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_owners(members)
        self.due_on.render_kw = {"type": "date"}

    def validate_due_on(self, field) -> None:
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError("Enter a due date between the years 2000 and 2100.")
