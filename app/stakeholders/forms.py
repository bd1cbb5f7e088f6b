"""Forms shared across the register: ratings (inline, profile, map), a quick select, the
id of a picked stakeholder."""

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import Select

from app.domain.ids import parse_id
from app.domain.ratings import RATING_MAX, RATING_MIN, SALIENCE_CLASSES
from app.domain.text import clean_line
from app.domain.vocab import ENGAGEMENT_LEVELS, label
from app.services.stakeholders import ratings_fingerprint

SALIENCE_LABELS = tuple((key, name) for key, name, _meaning in SALIENCE_CLASSES)


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
    note = StringField("Note", filters=[clean_line], validators=[Length(max=500)],
                       description="Why the rating changed (kept with the history).")
    # The version the user saw; a save based on an older one is refused (409), unless
    # the ratings shown (`seen`: their fingerprint when drawn) are still the stored ones.
    version = IntegerField(validators=[InputRequired()])
    seen = HiddenField()

    def drawn_from(self, stakeholder) -> "RatingForm":
        """Note the version and the ratings this form is drawn with."""
        self.version.data = stakeholder.version
        self.seen.data = ratings_fingerprint(stakeholder)
        return self

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

    def after_conflict(self, stakeholder) -> str:
        """Someone saved the stakeholder's ratings after this form was drawn: keep what
        the user typed, move the form on to the stored version (so saving again is a
        deliberate overwrite) and say what the stored ratings are now."""
        self.drawn_from(stakeholder)
        self.version.raw_data = [str(stakeholder.version)]
        self.seen.raw_data = None
        s = stakeholder
        now = label(ENGAGEMENT_LEVELS, s.engagement_current).lower()
        desired = label(ENGAGEMENT_LEVELS, s.engagement_desired).lower()
        salience = label(SALIENCE_LABELS, s.salience).lower() if s.salience else "none"
        return (
            "Someone else changed these ratings while you were editing, so yours were "
            f"not saved. They are now: influence {s.influence}, interest {s.interest}, "
            f"engagement {now} (desired {desired}), salience {salience}. "
            "Your ratings are still below: save again to replace theirs, or cancel."
        )


class RememberedSelect(Select):
    """A <select> whose markup is remembered per name, choices, value and attributes.

    Forms drawn on every page (the list's bulk form, the profile's add-relationship form)
    show the same selects again and again; WTForms spends ~0.1 ms on each. The key holds
    everything the markup is made of (errors render uncached), so a remembered select is
    always the one WTForms would draw.
    """

    MAX = 256

    def __init__(self):
        super().__init__()
        self._drawn: dict[tuple, Markup] = {}

    def __call__(self, field, **kwargs) -> Markup:
        if field.errors:
            return super().__call__(field, **kwargs)
        key = (field.id, field.name, repr(field.choices), repr(field.data),
               repr(sorted(kwargs.items())), repr(field.render_kw))
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = super().__call__(field, **kwargs)
            if len(self._drawn) >= self.MAX:
                self._drawn.clear()
            self._drawn[key] = drawn
        return drawn


class PickedIdField(IntegerField):
    """The id of a stakeholder picked in a typeahead or from a list of matches (a hidden
    field or a radio). None when blank or when it can't be an id (app.domain.ids): the
    form then falls back on the typed name, as it does without JavaScript, rather than
    the database failing on a number it can't hold."""

    def process_formdata(self, valuelist):
        self.data = parse_id(valuelist[0]) if valuelist else None
