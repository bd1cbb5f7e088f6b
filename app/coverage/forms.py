"""Forms of the table: seat someone, change a seat's role, seat a stakeholder from their
profile."""

from datetime import UTC, date, datetime, timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.domain.coverage import BODIES
from app.domain.text import clean_line
from app.stakeholders.forms import PickedIdField

ROLE_MAX = 80


def _not_in_future(_form, field) -> None:
    # A day's grace: "today" where the user is may already be tomorrow in UTC.
    if field.data and field.data > datetime.now(UTC).date() + timedelta(days=1):
        raise ValidationError("The date they joined can't be in the future.")


def since_datetime(value: date | None) -> datetime | None:
    """A "since" date as the stored UTC timestamp (midnight)."""
    return datetime(value.year, value.month, value.day, tzinfo=UTC) if value else None


class SeatFieldsForm(FlaskForm):
    """Role and since: what every seat has."""

    role = StringField(
        "Role", default="Member", filters=[clean_line],
        validators=[DataRequired("Give their role, for example Chair or Member."),
                    Length(max=ROLE_MAX, message=f"Keep the role under {ROLE_MAX} characters.")],
    )
    since = DateField("Since", validators=[Optional(), _not_in_future],
                      description="Optional: when they joined.")

    def since_value(self) -> datetime | None:
        return since_datetime(self.since.data)


class SeatEditForm(SeatFieldsForm):
    """Change a seat's role or since date."""


class StakeholderSeatForm(SeatFieldsForm):
    """Seat the stakeholder whose profile this is on a body."""

    body = SelectField(
        "Body", choices=dict(BODIES),
        validators=[DataRequired("Choose the visioning team or the advisory board.")],
    )


class SeatForm(StakeholderSeatForm):
    """Seat someone at the table: typeahead (id), a pick among matches, or an exact name."""

    other_id = PickedIdField(validators=[Optional()])
    pick = PickedIdField("Which one?", validators=[Optional()])
    other_name = StringField(
        "Stakeholder", filters=[clean_line],
        validators=[DataRequired("Choose who sits at the table."), Length(max=200)],
    )
