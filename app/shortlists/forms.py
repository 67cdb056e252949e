from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, InputRequired, NumberRange


class MoveForm(FlaskForm):
    """One up or down button of the shortlist; the versions are the page's snapshot."""

    direction = HiddenField(validators=[InputRequired(), AnyOf(["up", "down"])])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    neighbor = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    neighbor_version = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
