"""Forms of My week: the bare "Done"/"Undo" buttons (CSRF and where to go back to)."""

from wtforms import HiddenField

from app.auth.forms import EmptyForm


class FollowUpButtonForm(EmptyForm):
    """Mark a follow-up done or open again; `next` is a local page to return to."""

    next = HiddenField()
