from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from app.i18n import LANGUAGE_NAMES


class LocaleForm(FlaskForm):
    locale = SelectField(
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    )
    next = HiddenField()
