from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from app.i18n import LANGUAGE_NAMES


class LocaleForm(FlaskForm):
    locale = SelectField(choices=list(LANGUAGE_NAMES.items()))
    next = HiddenField()
