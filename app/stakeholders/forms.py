"""Forms shared across the register: ratings (inline, profile, map)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from app.domain.ratings import RATING_MAX, RATING_MIN
from app.domain.vocab import ENGAGEMENT_LEVELS


class RatingForm(FlaskForm):
    """Influence, interest, PMBOK engagement levels and the three salience attributes."""

    influence = IntegerField(
        "Influence (power)",
        validators=[InputRequired("Rate influence from 1 to 5."),
                    NumberRange(RATING_MIN, RATING_MAX, "Influence runs from 1 to 5.")],
    )
    interest = IntegerField(
        "Interest",
        validators=[InputRequired("Rate interest from 1 to 5."),
                    NumberRange(RATING_MIN, RATING_MAX, "Interest runs from 1 to 5.")],
    )
    engagement_current = SelectField("Engagement now", choices=dict(ENGAGEMENT_LEVELS))
    engagement_desired = SelectField("Engagement desired", choices=dict(ENGAGEMENT_LEVELS))
    has_power = BooleanField("Power", description="Can impose their will on the district")
    has_legitimacy = BooleanField("Legitimacy", description="A recognised, proper claim")
    has_urgency = BooleanField("Urgency", description="Their claim calls for immediate attention")
    note = StringField("Note", validators=[Length(max=500)],
                       description="Why the rating changed (kept with the history).")
    # The version the user saw; a save based on an older one is refused (409).
    version = IntegerField(validators=[InputRequired()])

    def ratings_kwargs(self) -> dict:
        """The submitted ratings as keyword arguments for services.stakeholders.Ratings."""
        return {
            "influence": self.influence.data,
            "interest": self.interest.data,
            "engagement_current": self.engagement_current.data,
            "engagement_desired": self.engagement_desired.data,
            "has_power": self.has_power.data,
            "has_legitimacy": self.has_legitimacy.data,
            "has_urgency": self.has_urgency.data,
        }
