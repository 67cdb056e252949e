"""Forms of the human-review requests: the candidate's question, the reviewer's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from app.services.reviews import MAX_MESSAGE_CHARS, MAX_RESOLUTION_CHARS


class ReviewRequestForm(FlaskForm):
    """A candidate asks a person to look at how they were assessed."""

    role = SelectField(_l("Which assessment"), default="")
    message = TextAreaField(
        _l("What should the person know? (optional)"),
        validators=[Length(max=MAX_MESSAGE_CHARS)],
    )
    submit = SubmitField(_l("Ask for a review by a person"))


class ResolveForm(FlaskForm):
    """A recruiter marks a request as reviewed, saying what they found."""

    resolution = TextAreaField(
        _l("What the review found (the candidate reads it)"),
        validators=[
            InputRequired(message=_l("Say what the review found: the candidate reads it.")),
            Length(max=MAX_RESOLUTION_CHARS),
        ],
    )
    next = HiddenField()
    submit = SubmitField(_l("Mark as reviewed"))
