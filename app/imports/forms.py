from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

CONSENT_QUESTION = _l("Did these people consent to be matched to this organization's roles?")


def consented_field() -> RadioField:
    """Yes or no, with no default: the recruiter must answer, not inherit an answer."""
    return RadioField(
        CONSENT_QUESTION,
        choices=[
            SelectChoice("yes", _l("Yes, they consented to be matched")),
            SelectChoice("no", _l("No, or I do not know: they will be asked first")),
        ],
        validators=[InputRequired(_l("Answer the consent question."))],
    )


class BatchForm(FlaskForm):
    """The whole upload without JavaScript: every file and the consent answer at once."""

    files = MultipleFileField(
        _l("Profile files"),
        validators=[FileRequired(_l("Choose at least one file to import."))],
    )
    consented = consented_field()
    submit = SubmitField(_l("Import the profiles"))

    @property
    def is_consented(self) -> bool:
        return self.consented.data == "yes"


class StartBatchForm(FlaskForm):
    """With JavaScript, the batch is opened first, then its files follow one by one."""

    consented = consented_field()

    @property
    def is_consented(self) -> bool:
        return self.consented.data == "yes"


class BatchFileForm(FlaskForm):
    file = FileField(validators=[FileRequired(_l("Choose a file to import."))])


class FinishBatchForm(FlaskForm):
    """Closing a batch; the CSRF token is the whole point."""
