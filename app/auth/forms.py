from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.services.passwords import MIN_PASSWORD_LENGTH


def strip(value: str | None) -> str | None:
    """Phones add spaces around what they autocomplete; names and addresses never need them."""
    return value.strip() if isinstance(value, str) else value


def email_field() -> EmailField:
    return EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)], filters=[strip]
    )


def name_field() -> StringField:
    return StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[strip]
    )


def new_password_field(label: object) -> PasswordField:
    length = Length(
        min=MIN_PASSWORD_LENGTH,
        max=200,
        message=_l("Use between %(min)d and %(max)d characters."),
    )
    return PasswordField(label, validators=[DataRequired(), length])


def confirm_password_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class ForgotPasswordForm(FlaskForm):
    email = email_field()
    submit = SubmitField(_l("Send the reset link"))


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Change the password"))


class SignUpForm(FlaskForm):
    full_name = name_field()
    email = email_field()
    password = new_password_field(_l("Password"))
    confirm = confirm_password_field()
    accept_privacy = BooleanField(
        _l("I have read how this organization uses my information."),
        validators=[DataRequired(message=_l("Please confirm you have read the privacy notice."))],
    )
    submit = SubmitField(_l("Create my account"))


class AcceptInvitationForm(FlaskForm):
    full_name = name_field()
    password = new_password_field(_l("Password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Join"))


class ConfirmForm(FlaskForm):
    """A button alone: the CSRF token is the whole point."""

    submit = SubmitField(_l("Confirm"))
