from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from app.auth.forms import email_field
from app.labels import label
from app.models import MemberRole
from app.services.accounts import RETENTION_DAYS_RANGE, WAITING_DAYS_RANGE


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, label(role)) for role in MemberRole]


class InviteForm(FlaskForm):
    email = email_field()
    role = SelectField(_l("Role"), choices=_role_choices(), default=MemberRole.RECRUITER.value)
    submit = SubmitField(_l("Send the invitation"))


class ChangeRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=_role_choices())
    submit = SubmitField(_l("Change"))


class RemoveMemberForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class SettingsForm(FlaskForm):
    prospect_retention_days = IntegerField(
        _l("Keep prospects for (days)"),
        validators=[InputRequired(), NumberRange(*RETENTION_DAYS_RANGE)],
    )
    waiting_days = IntegerField(
        _l("An application is waiting after (days)"),
        validators=[InputRequired(), NumberRange(*WAITING_DAYS_RANGE)],
    )
    submit = SubmitField(_l("Save"))
