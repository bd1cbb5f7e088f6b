"""Forms of the messages area: a key message, a move, a glossary term."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.domain import glossary
from app.domain.text import clean_block, clean_line
from app.models.messages import EVERYONE
from app.services.messages import AUDIENCES

MESSAGE_MAX = 1000
TERM_MAX = 120
MEANING_MAX = 1000
AVOID_MAX = 500


def _avoid_list(value):
    """The avoid field as stored: phrases trimmed, empty ones and repeats dropped."""
    if not isinstance(value, str):
        return value
    return glossary.format_avoid(glossary.parse_avoid(clean_line(value)))


class KeyMessageForm(FlaskForm):
    """A key message for one audience."""

    audience = SelectField("Audience", choices=dict(AUDIENCES), default=EVERYONE,
                           validate_choice=False)
    text = TextAreaField("Message", filters=[clean_block],
                         description="A sentence or two, up to 1,000 characters.", validators=[
        DataRequired("Write the message."),
        Length(max=MESSAGE_MAX, message="Keep the message to 1,000 characters or fewer.")])
    # Where the page was filtered to one audience: kept on the way back (no JavaScript).
    shown = HiddenField(validators=[Optional(), Length(max=32)])

    def validate_audience(self, field) -> None:
        if field.data not in dict(AUDIENCES):
            raise ValidationError("Choose who the message is for.")


class MoveForm(FlaskForm):
    """Move a message up or down within its audience."""

    direction = HiddenField()
    shown = HiddenField(validators=[Optional(), Length(max=32)])

    def validate_direction(self, field) -> None:
        if field.data not in ("up", "down"):
            raise ValidationError("Move the message up or down.")


class GlossaryTermForm(FlaskForm):
    """A term the district uses, what it means, and what to avoid saying instead."""

    term = StringField("Term", filters=[clean_line],
                       description="The words the district uses, e.g. personalized learning",
                       validators=[DataRequired("Give the term the district uses."),
                                   Length(max=TERM_MAX, message="Keep the term to 120 "
                                                                "characters or fewer.")])
    meaning = TextAreaField("What it means", filters=[clean_block], validators=[
        Length(max=MEANING_MAX, message="Keep the meaning to 1,000 characters or fewer.")])
    avoid = StringField("Avoid saying", filters=[_avoid_list],
                        description="Comma-separated, e.g. customized learning, adaptive "
                                    "learning, individualized learning",
                        validators=[Length(max=AVOID_MAX, message="Keep the phrases to avoid "
                                                                  "to 500 characters or "
                                                                  "fewer.")])

    def check_against(self, others: tuple[glossary.Term, ...]) -> bool:
        """Refuse a term or phrase that clashes with the district's other terms."""
        ok = True
        for problem in glossary.term_conflicts(self.term.data or "", others):
            self.term.errors.append(problem)
            ok = False
        phrases = glossary.parse_avoid(self.avoid.data)
        for problem in glossary.avoid_conflicts(self.term.data or "", phrases, others):
            self.avoid.errors.append(problem)
            ok = False
        return ok


class WordingCheckForm(FlaskForm):
    """A draft to check against the glossary (nothing is saved; its length limit is told
    with the result, so a long draft is never refused without a word)."""

    text = TextAreaField("Your draft")
