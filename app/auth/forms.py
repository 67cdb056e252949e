from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.services.passwords import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send the reset link"))


def _new_password(label: object) -> PasswordField:
    return PasswordField(
        label, validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )


class ResetPasswordForm(FlaskForm):
    password = _new_password(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Change the password"))


class SignUpForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = _new_password(_l("Password"))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    accept_privacy = BooleanField(
        _l("I have read how this organization uses my information."),
        validators=[DataRequired(message=_l("Please confirm you have read the privacy notice."))],
    )
    submit = SubmitField(_l("Create my account"))


class AcceptInvitationForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    password = _new_password(_l("Password"))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Join"))


class ConfirmForm(FlaskForm):
    """A button alone: the CSRF token is the whole point."""

    submit = SubmitField(_l("Confirm"))
