"""Settings forms: adding a user, changing a role, filtering the audit log, deleting the
district."""

from flask_wtf import FlaskForm
from wtforms import EmailField, Form, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.auth.forms import strong_password
from app.domain.district_data import name_confirmed
from app.domain.text import clean_line
from app.domain.vocab import ROLES


def _normalise_email(value: str | None) -> str | None:
    # Sign-in compares lower-cased addresses, so accounts are stored the same way.
    return clean_line(value).lower() if isinstance(value, str) else value


class AddUserForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[_normalise_email],
        validators=[
            DataRequired("Enter the person's email address."),
            Length(max=254, message="An email address has at most 254 characters."),
            Email(granular_message=True),
        ],
        description=(
            "If they already use Groundwork in another district you administer, use that address."
        ),
    )
    role = SelectField(
        "Role in this district",
        choices=dict(ROLES),
        default="viewer",
        description="Viewers read, editors add and change stakeholders, admins also manage users.",
    )
    name = StringField(
        "Full name",
        filters=[clean_line],
        validators=[Optional(), Length(max=120, message="Use at most 120 characters.")],
        description="Needed for a new account only.",
    )
    password = PasswordField(
        "Initial password",
        validators=[Optional(), strong_password],
        description="Needed for a new account only: at least 8 characters. Share it with "
        "them privately; they can change it after signing in.",
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=dict(ROLES), validators=[DataRequired()])


class AuditFilterForm(Form):
    """The audit log's GET filter: read-only, so no CSRF token (choices set by the view)."""

    record_type = SelectField("Record type", choices={}, validate_choice=False)
    action = SelectField("Action", choices={}, validate_choice=False)
    actor = SelectField("Who", choices={}, validate_choice=False)


class DeleteDistrictForm(FlaskForm):
    """Deleting the district: its name typed out exactly, to be sure which one goes."""

    confirm_name = StringField(
        "District name",
        validators=[
            DataRequired("Type the district's name to confirm that it should be deleted."),
            Length(max=200, message="That is longer than any district's name."),
        ],
    )

    def __init__(self, district_name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.district_name = district_name
        self.confirm_name.description = (
            f"Type {district_name} exactly as it is written here, capitals and all."
        )

    def validate_confirm_name(self, field) -> None:
        if not name_confirmed(field.data, self.district_name):
            raise ValidationError(
                "That is not this district's name: check its capitals and spaces."
            )
