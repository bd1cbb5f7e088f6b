"""Forms for the stakeholder list: bulk actions on the selected rows."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, Field, HiddenField, SelectField, StringField
from wtforms.validators import ValidationError

from app.domain.ids import parse_id
from app.domain.text import clean_line
from app.domain.vocab import GROUPS
from app.stakeholders.forms import RememberedSelect

MAX_BULK = 500
TAG_MAX = 60

BULK_ACTIONS = (
    ("add_tag", "Add tag"),
    ("remove_tag", "Remove tag"),
    ("assign_owner", "Assign owner"),
    ("set_group", "Set group"),
    ("delete", "Delete"),
)


class IdListField(Field):
    """Stakeholder ids posted as repeated values (checkboxes) or separated by commas;
    whole numbers only."""

    def _value(self) -> str:
        return ""

    def process_formdata(self, valuelist):
        ids: list[int] = []
        # Repeated values (checkboxes) or comma-separated ones (a page's ids in one field).
        for raw in (part for value in valuelist for part in (value or "").split(",")):
            text = raw.strip()
            if not text:
                continue  # a page with no rows sends an empty list
            if (number := parse_id(text)) is None:
                self.data = []
                raise ValueError("The selection was not understood. Reload the list and "
                                 "select again.")
            ids.append(number)
        self.data = list(dict.fromkeys(ids))

    def process_data(self, value):
        self.data = list(value or [])


class RowSelection:
    """The stakeholder list's checked rows: `ids`, or the whole page (`all_on_page` with
    the page's `page_ids`, which also works without JavaScript). Mixed into the bulk form
    and into any form the list's bulk bar posts to (adding to an outreach list)."""

    ids = IdListField("Selected stakeholders")
    all_on_page = BooleanField("Select all on this page")
    page_ids = IdListField()

    @property
    def selected_ids(self) -> list[int]:
        """The ids to act on: the checked rows, or the whole page when asked."""
        ids = list(self.ids.data or [])
        if self.all_on_page.data:
            ids += self.page_ids.data or []
        return list(dict.fromkeys(ids))


class BulkActionForm(RowSelection, FlaskForm):
    """One action (tag, owner, group, delete) applied to the checked stakeholders.

    `owner` choices are the district's members, set by the view through `members`.
    """

    action = SelectField("Action", choices={"": "Choose an action", **dict(BULK_ACTIONS)},
                         validate_choice=False, widget=RememberedSelect())
    tag = StringField("Tag", filters=[clean_line],
                      description="For adding or removing a tag, e.g. STEM or PTA.")
    owner = SelectField("Owner", choices={"": "Choose a member"}, validate_choice=False,
                        widget=RememberedSelect())
    group = SelectField("Group", choices={"": "Choose a group", **dict(GROUPS)},
                        validate_choice=False, widget=RememberedSelect())
    confirm = HiddenField()
    next = HiddenField()

    def __init__(self, *args, members: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.id: m for m in (members or [])}
        self.owner.choices = {"": "Choose a member", **{str(m.id): m.name for m in members or []}}

    @property
    def owner_user(self):
        """The chosen member (after validation)."""
        return self.members.get(int(self.owner.data)) if self.owner.data else None

    @property
    def confirmed(self) -> bool:
        return self.confirm.data == "1"

    def validate_action(self, field) -> None:
        if field.data not in dict(BULK_ACTIONS):
            raise ValidationError("Choose what to do with the selected stakeholders.")

    def validate_ids(self, _field) -> None:
        selected = self.selected_ids
        if not selected:
            raise ValidationError("Select at least one stakeholder first (tick the boxes "
                                  "in the list).")
        if len(selected) > MAX_BULK:
            raise ValidationError(
                f"You selected {len(selected):,} stakeholders; bulk actions work on at most "
                f"{MAX_BULK} at a time. Narrow the filter and repeat."
            )

    def validate_tag(self, field) -> None:
        if self.action.data not in ("add_tag", "remove_tag"):
            return
        if not field.data:
            raise ValidationError("Enter the tag to add or remove.")
        if len(field.data) > TAG_MAX:
            raise ValidationError(f"A tag has at most {TAG_MAX} characters.")

    def validate_owner(self, field) -> None:
        if self.action.data != "assign_owner":
            return
        if parse_id(field.data) not in self.members:
            raise ValidationError("Choose a member of this district as the owner.")

    def validate_group(self, field) -> None:
        if self.action.data == "set_group" and field.data not in dict(GROUPS):
            raise ValidationError("Choose one of the stakeholder groups.")
