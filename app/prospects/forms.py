from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from app.auth.forms import (
    confirm_password_field,
    email_field,
    name_field,
    new_password_field,
)
from app.models import ConsentPurpose

#: How long a retention consent lasts, in months (as on the candidate's consent page).
RETENTION_MONTHS = (6, 12, 24)


class ConnectionsForm(FlaskForm):
    file = FileField(
        _l("Your Connections.csv"),
        validators=[FileRequired(_l("Choose your Connections.csv file."))],
    )
    submit = SubmitField(_l("Import my connections"))


class InviteForm(FlaskForm):
    submit = SubmitField(_l("Create invitation link"))


class ConsentsMixin:
    """One box per purpose, none ticked in advance (Law 25: consent is per purpose)."""

    consent_matching = BooleanField(_l("Being matched to this organization's roles"))
    consent_contact = BooleanField(_l("Being contacted about roles"))
    consent_retention = BooleanField(_l("Keeping my profile for future roles"))
    retention_months = SelectField(
        _l("For how long"),
        choices=[SelectChoice(str(m), _l("%(months)d months", months=m)) for m in RETENTION_MONTHS],
        default="12",
    )
    accept = BooleanField(
        _l("I have read what Rallier keeps and I want to join as a candidate."),
        validators=[DataRequired(message=_l("Tick this box to accept the invitation."))],
    )

    def chosen_purposes(self) -> list[ConsentPurpose]:
        """The purposes whose box is ticked."""
        boxes = {
            ConsentPurpose.MATCHING: self.consent_matching,
            ConsentPurpose.CONTACT: self.consent_contact,
            ConsentPurpose.RETENTION: self.consent_retention,
        }
        return [purpose for purpose, box in boxes.items() if box.data]

    @property
    def months(self) -> int:
        """The retention consent's duration."""
        return int(self.retention_months.data or RETENTION_MONTHS[1])


class AcceptInvitationForm(ConsentsMixin, FlaskForm):
    """Sign-up from a personal invitation: the account and the consents at once."""

    full_name = name_field()
    email = email_field()
    password = new_password_field(_l("Password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Create my account"))


class ConsentOnlyForm(ConsentsMixin, FlaskForm):
    """Already logged in: only the consents."""

    submit = SubmitField(_l("Accept the invitation"))
