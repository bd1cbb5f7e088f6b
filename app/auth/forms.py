"""Sign-in and password forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.domain.passwords import MAX_LENGTH, password_problem


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_LENGTH)])


def strong_password(_form, field) -> None:
    """WTForms validator applying the password policy."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), strong_password],
        description="At least 8 characters; a long passphrase is best.",
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "The two passwords differ.")],
    )

    def validate_new_password(self, field) -> None:
        """A "change" to the same password changes nothing (the route checks the current
        one is right, so equal text here means the new one is the current one)."""
        if field.data and field.data == self.current_password.data:
            raise ValidationError("Your new password is the same as your current one; "
                                  "choose a different one.")


class EmptyForm(FlaskForm):
    """For bare POST buttons: carries only the CSRF token."""

