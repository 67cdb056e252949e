from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SearchField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from app.models import Candidate


class SearchForm(FlaskForm):
    """A GET search box: nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Length(max=200)])


def keep_choice(candidate: Candidate) -> SelectChoice:
    return SelectChoice(
        str(candidate.id),
        _l("Keep the record of %(name)s (no. %(id)d)", name=candidate.full_name, id=candidate.id),
    )


class MergeForm(FlaskForm):
    """Which of two records survives; the other's data moves into it."""

    keep = RadioField(
        _l("Which record to keep"),
        validators=[InputRequired(_l("Choose the record to keep."))],
    )
    submit = SubmitField(_l("Merge the two records"))

    @classmethod
    def for_pair(cls, first: Candidate, second: Candidate, **kwargs: object) -> MergeForm:
        form = cls(**kwargs)
        form.keep.choices = [keep_choice(first), keep_choice(second)]
        return form


class DismissForm(FlaskForm):
    submit = SubmitField(_l("Not the same person"))
