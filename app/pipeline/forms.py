"""Forms of the pipeline panel, the bulk actions and the stage administration.

The panel's forms share a page with others (the candidate-for-role page), so each
has a prefix: its fields are named ``move-stage``, ``rate-rating``… and their ids
never repeat. Every form that changes the application carries the ``version`` it was
rendered with (optimistic locking) and ``next``, the page to go back to.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from app.models import NotAFitReason, Stage
from app.services.pipeline import MAX_DETAIL_CHARS, MAX_NOTE_CHARS, NOT_A_FIT
from app.services.stages import MAX_LABEL_CHARS

REASON_LABELS = {
    NotAFitReason.SKILLS: _l("Skills"),
    NotAFitReason.AVAILABILITY: _l("Availability"),
    NotAFitReason.LANGUAGE: _l("Language"),
    NotAFitReason.LOCATION: _l("Location"),
    NotAFitReason.CHOSE_ANOTHER: _l("Chose another candidate"),
    NotAFitReason.WITHDREW: _l("Candidate withdrew"),
    NotAFitReason.OTHER: _l("Other (say why)"),
}
#: (value, label) of every not-a-fit reason, for any form that asks for one.
REASON_CHOICES = [SelectChoice(reason.value, label) for reason, label in REASON_LABELS.items()]

BULK_ACTION_CHOICES = [
    SelectChoice("shortlist", _l("Add to the shortlist")),
    SelectChoice("move", _l("Move to a stage")),
    SelectChoice("not_a_fit", _l("Not a fit")),
]
NO_CHOICE = SelectChoice("", "—")


def stage_choices(stages: list[Stage], locale: str) -> list[SelectChoice]:
    """The stages to move to, leaving out not a fit (it has its own form and reasons)."""
    return [SelectChoice(s.key, s.label(locale)) for s in stages if s.key != NOT_A_FIT]


def choice_label(field: SelectField, value: str | None) -> object:
    """The label of ``value`` among a select's choices (the value itself if unknown)."""
    return next((c.label for c in field.choices if c.value == value), value)


class _Locked(FlaskForm):
    """Carries the version the page showed, and where to go back."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    next = HiddenField()


class MoveForm(_Locked):
    stage = SelectField(_l("Move to the stage"), validators=[InputRequired()])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=MAX_NOTE_CHARS)])
    submit = SubmitField(_l("Move"))


class NotAFitForm(_Locked):
    reason = RadioField(
        _l("Why is the candidate not a fit?"),
        choices=REASON_CHOICES,
        validators=[InputRequired(message=_l("Choose why the candidate is not a fit."))],
    )
    # No Optional(): it would stop the chain before validate_detail.
    detail = StringField(_l("In a few words"), validators=[Length(max=MAX_DETAIL_CHARS)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=MAX_NOTE_CHARS)])
    submit = SubmitField(_l("Not a fit"))

    def validate_detail(self, field: Field) -> None:
        if self.reason.data == NotAFitReason.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Say in a few words why the candidate is not a fit."))


class RatingForm(_Locked):
    rating = IntegerField(
        _l("Rating"),
        validators=[InputRequired(), NumberRange(1, 5, message=_l("A rating goes from 1 to 5."))],
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("New note"),
        validators=[
            InputRequired(message=_l("Write the note before adding it.")),
            Length(max=MAX_NOTE_CHARS),
        ],
    )
    next = HiddenField()
    submit = SubmitField(_l("Add the note"))


class CandidateIdsField(Field):
    """Every value of a repeated field (``candidate_ids=1&candidate_ids=2``), as integers."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = []
        for value in valuelist:
            try:
                self.data.append(int(value))
            except (TypeError, ValueError):
                self.data = []
                raise ValueError(_l("The selection was not understood: select again.")) from None

    def _value(self) -> str:
        return ""


class BulkForm(FlaskForm):
    """What the ranked list sends for a bulk action (field names are the contract's)."""

    candidate_ids = CandidateIdsField(_l("Candidates"), default=list)
    action = SelectField(_l("Action"), choices=BULK_ACTION_CHOICES)
    stage = SelectField(_l("Stage"), validators=[Optional()], validate_choice=False)
    reason = SelectField(
        _l("Why they are not a fit"),
        choices=[NO_CHOICE, *REASON_CHOICES],
        default="",
    )
    # No Optional(): it would stop the chain before validate_detail.
    detail = StringField(_l("In a few words"), validators=[Length(max=MAX_DETAIL_CHARS)])
    next = HiddenField()
    submit = SubmitField(_l("Apply to the selected candidates"))

    def validate_candidate_ids(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one candidate."))

    def validate_reason(self, field: Field) -> None:
        if self.action.data == "not_a_fit" and not field.data:
            raise ValidationError(_l("Choose why the candidates are not a fit."))

    def validate_detail(self, field: Field) -> None:
        other = self.action.data == "not_a_fit" and self.reason.data == NotAFitReason.OTHER.value
        if other and not (field.data or "").strip():
            raise ValidationError(_l("Say in a few words why the candidates are not a fit."))


class StageForm(FlaskForm):
    label_en = StringField(
        _l("Name in English"), validators=[InputRequired(), Length(max=MAX_LABEL_CHARS)]
    )
    label_fr = StringField(
        _l("Name in French"), validators=[InputRequired(), Length(max=MAX_LABEL_CHARS)]
    )
    is_terminal = BooleanField(_l("Ends the pipeline (a final decision)"))
    submit = SubmitField(_l("Save"))


class NewStageForm(StageForm):
    submit = SubmitField(_l("Add the stage"))


class StageShiftForm(FlaskForm):
    # Sent by the pressed button (name="direction" value="up|down"), not a hidden input.
    direction = StringField(validators=[AnyOf(["up", "down"])])


class StageRemoveForm(FlaskForm):
    submit = SubmitField(_l("Remove"))
