from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from app.audit_log.events import ACTION_LABELS


class AuditFilterForm(FlaskForm):
    """The log's filters, read from the URL (GET: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    actor = SelectField(_l("Done by"), choices=[], validate_choice=True)
    candidate = IntegerField(
        _l("About candidate no."), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    action = SelectField(_l("Action"), choices=[], validate_choice=True)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Filter"))

    def set_choices(self, members: list[tuple[int, str]]) -> None:
        self.actor.choices = [SelectChoice("", _l("Anyone"))] + [
            SelectChoice(str(user_id), name) for user_id, name in members
        ]
        actions = sorted(ACTION_LABELS.items(), key=lambda item: str(item[1]).lower())
        self.action.choices = [SelectChoice("", _l("Any action"))] + [
            SelectChoice(key, text) for key, text in actions
        ]
