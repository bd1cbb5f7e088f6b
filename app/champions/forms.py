"""Forms of the champion finder: "not a fit", the champion questions, the weights."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.domain.champions import COMPONENT_LABELS, QUESTIONS, Weights
from app.domain.text import clean_line

ANSWERS = (("yes", "Yes"), ("no", "No"), ("unknown", "Not asked"))
_ANSWER_VALUE = {"yes": True, "no": False, "unknown": None}
REASON_MAX = 300


def answer_choice(value: bool | None) -> str:
    """The radio value for a stored answer."""
    return {True: "yes", False: "no"}.get(value, "unknown")


class NotAFitForm(FlaskForm):
    """Why a suggested champion is not a fit (remembered; they drop out)."""

    reason = StringField(
        "Why not a fit?",
        validators=[DataRequired("Say briefly why, so colleagues know."),
                    Length(1, REASON_MAX, f"Keep the reason under {REASON_MAX} characters.")],
        filters=[clean_line],
    )
    next = HiddenField()


class QuestionsForm(FlaskForm):
    """The toolkit's four champion questions: yes, no or not asked yet."""

    def answers(self) -> dict[str, bool | None]:
        return {key: _ANSWER_VALUE[getattr(self, key).data] for key, _ in QUESTIONS}


for _key, _text in QUESTIONS:
    setattr(QuestionsForm, _key, RadioField(
        f"{_text}?", choices=dict(ANSWERS), default="unknown",
        validators=[InputRequired(f"Choose yes, no or not asked for \u201c{_text}\u201d.")],
    ))


class WeightsForm(FlaskForm):
    """The eight weights of the champion score, 0-100 each."""

    preview = SubmitField("Preview the ranking")
    save = SubmitField("Save weights")

    def weights(self) -> Weights:
        return Weights(**{key: getattr(self, key).data for key in COMPONENT_LABELS})

    def validate(self, extra_validators=None) -> bool:
        """Each weight 0-100, and not all 0: that would give everyone a score of 0, so
        there would be no ranking to preview or save."""
        if not super().validate(extra_validators):
            return False
        if not any(self.weights().as_dict().values()):
            self.form_errors.append(
                "Give at least one weight a value above 0. With every weight at 0 nobody "
                "gets a score, so there is no ranking.")
            return False
        return True


for _key, _text in COMPONENT_LABELS.items():
    setattr(WeightsForm, _key, IntegerField(
        _text, default=getattr(Weights(), _key),
        validators=[InputRequired("Give a whole number from 0 to 100."),
                    NumberRange(0, 100, "Weights run from 0 to 100.")],
    ))
