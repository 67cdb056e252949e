"""The profile form (candidates and staff alike) and the forms of the candidate's data pages."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, AnyOf, DataRequired, Email, Length, NumberRange, Optional
from wtforms.widgets import NumberInput

from app.i18n import current_locale
from app.importers.vocab import normalize_linkedin_url
from app.labels import SCHEDULE_LABELS, label
from app.models import Candidate, ConsentPurpose, WorkMode
from app.profiles.fields import MultiCheckboxField, country_choices
from app.profiles.rows import (
    MAX_ROWS,
    SECTIONS,
    BoardServiceForm,
    CauseForm,
    CertificationForm,
    EducationForm,
    ExtraForm,
    ItemForm,
    LanguageForm,
    PositionForm,
    RepeatingRows,
    SkillForm,
    VolunteeringForm,
    long_text,
    sentence,
    strip,
    text,
    text_value,
    web_address,
)
from app.services.profile_form import SCALAR_FIELDS, UNIQUE_KEYS, ItemInput, ProfileInput

WORK_MODES = [
    SelectChoice("", _l("Not said")),
    *(SelectChoice(m.value, label(m)) for m in WorkMode),
]


def _rows(form: type[ItemForm]) -> FieldList:
    return FieldList(FormField(form), max_entries=MAX_ROWS)


class ProfileForm(RepeatingRows, FlaskForm):
    first_name = StringField(
        _l("First name"),
        [DataRequired(message=_l("Enter a first name.")), Length(max=120)],
        filters=[strip],
    )
    last_name = text(_l("Last name"), 120)
    email = EmailField(
        _l("E-mail"),
        [
            Optional(),
            Email(message=_l("Enter an e-mail address such as name@example.org.")),
            Length(max=254),
        ],
        filters=[strip],
    )
    phone = TelField(_l("Phone"), [Length(max=50)], filters=[strip])
    city = text(_l("City"), 120)
    region = text(_l("Province or region"), 120)
    country = SelectField(_l("Country"), choices=[])
    headline = text(_l("Headline"), 300)
    summary = long_text(_l("About me"), 10000)
    website = StringField(
        _l("Website"), [Optional(), URL(message=_l("Enter a web address."))], filters=[web_address]
    )
    linkedin_url = StringField(_l("LinkedIn profile address"), filters=[strip])
    interested_volunteer = BooleanField(_l("Volunteer roles"))
    interested_staff = BooleanField(_l("Staff roles"))
    interested_board = BooleanField(_l("Board roles"))
    hours_per_week = IntegerField(
        _l("Hours per week"),
        [Optional(), NumberRange(1, 80, message=_l("Between %(min)s and %(max)s hours."))],
        widget=NumberInput(min=1, max=80),
    )
    schedule = MultiCheckboxField(
        _l("When"), choices=[SelectChoice(k, v) for k, v in SCHEDULE_LABELS.items()]
    )
    available_from = DateField(_l("Available from"), [Optional()])
    work_mode = SelectField(_l("Where"), choices=WORK_MODES)
    positions = _rows(PositionForm)
    educations = _rows(EducationForm)
    skills = _rows(SkillForm)
    languages = _rows(LanguageForm)
    volunteering = _rows(VolunteeringForm)
    causes = _rows(CauseForm)
    certifications = _rows(CertificationForm)
    board_services = _rows(BoardServiceForm)
    extras = _rows(ExtraForm)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = country_choices(current_locale())
        self.country.choices = [SelectChoice("", _l("Not said")), *countries]
        if self.country.data and self.country.data not in {c.value for c in countries}:
            self.country.choices.append(SelectChoice(self.country.data, self.country.data))

    @classmethod
    def for_candidate(cls, candidate: Candidate) -> ProfileForm:
        """The form filled with the stored profile, most recent positions first."""
        return cls(
            obj=candidate,
            work_mode=candidate.work_mode.value if candidate.work_mode else "",
            positions=sorted(candidate.positions, key=_recent_first),
            volunteering=sorted(candidate.volunteering, key=_recent_first),
            educations=sorted(candidate.educations, key=_recent_first),
        )

    def validate_linkedin_url(self, field: Field) -> None:
        if field.data and not normalize_linkedin_url(field.data).startswith(
            "https://www.linkedin.com/in/"
        ):
            raise ValueError(_l("Enter the address of a LinkedIn profile (linkedin.com/in/…)."))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for name in UNIQUE_KEYS:
            seen: set[str] = set()
            for entry in self[name]:
                row: ItemForm = entry.form
                if row.is_blank():
                    continue
                if row.key() in seen:
                    row[row.unique].errors.append(_l("This is already in the list."))
                    valid = False
                seen.add(row.key())
        return valid

    # -- rows added and removed without JavaScript ------------------------------------

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) of every error: "Position 2: the end date is before…"."""
        found = [
            (self[name].id, f"{self[name].label.text}: {sentence(str(error))}")
            for name in SCALAR_FIELDS
            for error in self[name].errors
        ]
        return found + self.row_errors(SECTIONS)

    def to_input(self) -> ProfileInput:
        fields = {name: text_value(self[name]) for name in SCALAR_FIELDS}
        fields["email"] = fields["email"] or None
        fields["linkedin_url"] = normalize_linkedin_url(fields["linkedin_url"] or "") or None
        fields["work_mode"] = WorkMode(fields["work_mode"]) if fields["work_mode"] else None
        fields["website"] = fields["website"] or ""
        sections = {
            s.name: [
                ItemInput(entry.form.id.data, entry.form.values())
                for entry in self[s.name]
                if not entry.form.is_blank()
            ]
            for s in SECTIONS
        }
        return ProfileInput(fields=fields, sections=sections)


def _recent_first(item: Any) -> tuple[int, float]:
    started = item.started_on
    current = getattr(item, "is_current", False) or item.finished_on is None
    return (0 if current else 1, -started.toordinal() if started else 0.0)


# --- the candidate's data pages ---------------------------------------------------------

#: How long the profile may be kept for future roles, in months.
RETENTION_MONTHS = (6, 12, 24)


class ProfileFileForm(FlaskForm):
    file = FileField(
        _l("Profile file"),
        validators=[
            FileRequired(_l("Choose a file to import.")),
            FileAllowed(
                ["zip", "json"],
                _l("Choose a LinkedIn export (.zip) or a JSON Resume file (.json)."),
            ),
        ],
    )
    submit = SubmitField(_l("Preview the changes"))


class ConsentForm(FlaskForm):
    """Purposes not consented to yet, each an unticked box (Law 25: explicit, per purpose)."""

    matching = BooleanField(_l("Match me to this organization's roles"))
    contact = BooleanField(_l("Contact me about roles that fit me"))
    retention = BooleanField(_l("Keep my profile for future roles"))
    retention_months = SelectField(
        _l("For how long"),
        choices=[SelectChoice(str(m), _l("%(months)d months", months=m)) for m in RETENTION_MONTHS],
        default="12",
    )
    submit = SubmitField(_l("Give my consent"))

    def chosen(self) -> list[ConsentPurpose]:
        return [p for p in ConsentPurpose if self[p.value].data]


class WithdrawForm(FlaskForm):
    purpose = HiddenField(validators=[AnyOf([p.value for p in ConsentPurpose])])
    submit = SubmitField(_l("Withdraw"))


class EraseForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(_l("Enter your password to confirm.")), Length(max=200)],
    )
    submit = SubmitField(_l("Delete my account and profile"))
