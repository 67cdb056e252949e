"""The rows of the profile form's repeating sections (positions, skills, languages…)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.utils import unset_value
from wtforms.validators import URL, Length, Optional

from app.i18n import current_locale
from app.importers.vocab import plain_words
from app.labels import label
from app.models import ExtraKind, LanguageLevel
from app.profiles.fields import ItemIdField, MonthField, language_code_for, language_name

#: Rows a section may hold; more is refused rather than silently dropped.
MAX_ROWS = 100
TEXTUAL = ("StringField", "TextAreaField", "MonthField", "EmailField", "URLField", "TelField")
#: Fields whose column holds text that is never NULL: an absent value is "".
STRINGS = ("StringField", "TextAreaField", "TelField")


def text_value(f: Field) -> Any:
    """The field's value, "" for text a request left out (a hand-made POST)."""
    return "" if f.data is None and f.type in STRINGS else f.data


def strip(value: Any) -> Any:
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def text(label: object, max_length: int, **kwargs: Any) -> StringField:
    too_long = _l("At most %(max)d characters.", max=max_length)
    return StringField(label, [Length(max=max_length, message=too_long)], filters=[strip], **kwargs)


def long_text(label: object, max_length: int = 5000) -> TextAreaField:
    too_long = _l("At most %(max)d characters.", max=max_length)
    return TextAreaField(label, [Length(max=max_length, message=too_long)], filters=[strip])


def web_address(value: str | None) -> str | None:
    """Add the ``https://`` people leave out; anything else is left to the URL check."""
    if isinstance(value, str):
        value = value.strip()
        if value and "://" not in value:
            value = "https://" + value
    return value


class ItemForm(FlaskForm):
    """A row of a repeating section. A row left empty is no row: it is neither checked nor saved."""

    class Meta:
        csrf = False

    id = ItemIdField()
    required: ClassVar[str] = ""  # the field a row cannot do without
    missing: ClassVar[object] = None  # what to say when it is empty
    unique: ClassVar[str] = ""  # the field no two rows may share (see UNIQUE_KEYS)
    DATE_PAIRS: ClassVar[dict[tuple[str, str], object]] = {
        ("started_on", "finished_on"): _l("The end date is before the start date."),
        ("issued_on", "expires_on"): _l("The expiry date is before the date it was issued."),
    }

    def is_blank(self) -> bool:
        return all(_empty(f) for f in self if f.type in TEXTUAL)

    def validate(self, extra_validators: Any = None) -> bool:
        if self.is_blank():
            return True
        valid = super().validate(extra_validators)
        if self.required and not self[self.required].data:
            self[self.required].errors.append(self.missing)
            valid = False
        for (start, end), message in self.DATE_PAIRS.items():
            if start not in self or not (self[start].data and self[end].data):
                continue
            if self[end].data < self[start].data:
                self[end].errors.append(message)
                valid = False
        return valid

    def values(self) -> dict[str, Any]:
        return {f.short_name: text_value(f) for f in self if f.short_name != "id"}

    def key(self) -> str:
        """What makes two rows of a unique section the same, whatever the case or accents."""
        return plain_words(str(self.values().get(self.unique, ""))) if self.unique else ""


def _empty(f: Field) -> bool:
    typed = bool(f.raw_data and str(f.raw_data[0]).strip())
    return not typed and not f.data


class PositionForm(ItemForm):
    title = text(_l("Job title"), 200, render_kw={"data-suggest": "title", "autocomplete": "off"})
    company = text(_l("Organization"), 200)
    location = text(_l("Location"), 200)
    started_on = MonthField(_l("From"))
    finished_on = MonthField(_l("To"))
    is_current = BooleanField(_l("Current position"))
    description = long_text(_l("What I did"))
    required = "title"
    missing = _l("Enter the job title.")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.is_blank() and self.is_current.data and self.finished_on.data:
            self.finished_on.errors.append(_l("Leave the end date empty for a current position."))
            valid = False
        return valid


class EducationForm(ItemForm):
    school = text(_l("School"), 200)
    degree = text(_l("Degree"), 200)
    field_of_study = text(_l("Field of study"), 200)
    started_on = MonthField(_l("From"))
    finished_on = MonthField(_l("To"))
    required = "school"
    missing = _l("Enter the name of the school.")


class SkillForm(ItemForm):
    label = text(_l("Skill"), 200, render_kw={"data-suggest": "skill", "autocomplete": "off"})
    required = unique = "label"
    missing = _l("Enter the skill.")


LEVEL_CHOICES = [
    SelectChoice("", _l("Level not given")),
    *(SelectChoice(lv.value, label(lv)) for lv in LanguageLevel),
]


class LanguageForm(ItemForm):
    language = text(_l("Language"), 60, render_kw={"list": "language-names", "autocomplete": "off"})
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES)
    required = unique = "language"
    missing = _l("Enter the language.")

    def process(self, formdata: Any = None, obj: Any = None, data: Any = None, **kw: Any) -> None:
        super().process(formdata, obj, data, **kw)
        if formdata is None and obj is not None:  # stored as a code, shown as a name
            self.language.data = language_name(obj.language, current_locale())

    def values(self) -> dict[str, Any]:
        level = self.level.data
        return {
            "language": language_code_for(self.language.data or ""),
            "level": LanguageLevel(level) if level else None,
        }


class VolunteeringForm(ItemForm):
    organization_name = text(_l("Organization"), 200)
    role = text(_l("Role"), 200)
    cause = text(_l("Cause"), 200)
    started_on = MonthField(_l("From"))
    finished_on = MonthField(_l("To"))
    description = long_text(_l("What I did"))
    required = "organization_name"
    missing = _l("Enter the name of the organization.")


class CauseForm(ItemForm):
    cause = text(_l("Cause"), 200)
    required = unique = "cause"
    missing = _l("Enter the cause.")


class CertificationForm(ItemForm):
    name = text(_l("Certification"), 200)
    authority = text(_l("Issued by"), 200)
    url = StringField(
        _l("Web address"),
        [Optional(), URL(message=_l("Enter a web address."))],
        filters=[web_address],
    )
    issued_on = MonthField(_l("Issued"))
    expires_on = MonthField(_l("Expires"))
    required = "name"
    missing = _l("Enter the name of the certification.")


BOARD_ROLES = [
    SelectChoice("member", _l("Member")),
    SelectChoice("chair", _l("Chair")),
    SelectChoice("vice_chair", _l("Vice-chair")),
    SelectChoice("treasurer", _l("Treasurer")),
    SelectChoice("secretary", _l("Secretary")),
]


class BoardServiceForm(ItemForm):
    organization_name = text(_l("Organization"), 200)
    role = SelectField(_l("Role"), choices=BOARD_ROLES, default="member", validate_choice=False)
    committee = text(_l("Committee"), 200)
    started_on = MonthField(_l("From"))
    finished_on = MonthField(_l("To"))
    required = "organization_name"
    missing = _l("Enter the name of the organization.")

    def process(self, formdata: Any = None, obj: Any = None, data: Any = None, **kw: Any) -> None:
        super().process(formdata, obj, data, **kw)
        role = (self.role.data or "member").strip()[:100]
        self.role.data = role
        if role not in {choice.value for choice in self.role.choices}:  # written out: keep it
            self.role.choices = [*self.role.choices, SelectChoice(role, role)]


EXTRA_CHOICES = [
    SelectChoice(ExtraKind.AWARD.value, _l("Award")),
    SelectChoice(ExtraKind.PROJECT.value, _l("Project")),
    SelectChoice(ExtraKind.COURSE.value, _l("Course")),
    SelectChoice(ExtraKind.PUBLICATION.value, _l("Publication")),
    SelectChoice(ExtraKind.INTEREST.value, _l("Interest")),
    SelectChoice(ExtraKind.MEMBERSHIP.value, _l("Membership")),
]


class ExtraForm(ItemForm):
    kind = SelectField(_l("Kind"), choices=EXTRA_CHOICES, default=ExtraKind.AWARD.value)
    title = text(_l("Title"), 300)
    subtitle = text(_l("From or with"), 300)
    url = StringField(
        _l("Web address"),
        [Optional(), URL(message=_l("Enter a web address."))],
        filters=[web_address],
    )
    started_on = MonthField(_l("From"))
    finished_on = MonthField(_l("To"))
    description = long_text(_l("Description"))
    required = "title"
    missing = _l("Enter the title.")

    def values(self) -> dict[str, Any]:
        return {**super().values(), "kind": ExtraKind(self.kind.data)}


@dataclass(frozen=True)
class Section:
    """A repeating section as the page shows it."""

    name: str
    form: type[ItemForm]
    title: Any
    add_label: Any
    row_label: Any  # "Position %(n)s"

    def row_name(self, n: object) -> str:
        return str(self.row_label) % {"n": n}


SECTIONS = (
    Section(
        "positions", PositionForm, _l("Experience"), _l("Add a position"), _l("Position %(n)s")
    ),
    Section(
        "educations", EducationForm, _l("Education"), _l("Add an education"), _l("Education %(n)s")
    ),
    Section("skills", SkillForm, _l("Skills"), _l("Add a skill"), _l("Skill %(n)s")),
    Section("languages", LanguageForm, _l("Languages"), _l("Add a language"), _l("Language %(n)s")),
    Section(
        "volunteering",
        VolunteeringForm,
        _l("Volunteering"),
        _l("Add volunteering"),
        _l("Volunteering %(n)s"),
    ),
    Section("causes", CauseForm, _l("Causes I care about"), _l("Add a cause"), _l("Cause %(n)s")),
    Section(
        "certifications",
        CertificationForm,
        _l("Certifications"),
        _l("Add a certification"),
        _l("Certification %(n)s"),
    ),
    Section(
        "board_services",
        BoardServiceForm,
        _l("Board and committee experience"),
        _l("Add a board or committee"),
        _l("Board or committee %(n)s"),
    ),
    Section(
        "extras",
        ExtraForm,
        _l("Awards, projects, courses and more"),
        _l("Add an item"),
        _l("Item %(n)s"),
    ),
)
SECTION_BY_NAME = {s.name: s for s in SECTIONS}


class RepeatingRows:
    """What a form with repeating sections (FieldList of FormField) shares.

    Adding and removing rows re-renders the form without saving (buttons that work
    without JavaScript); ``blank_row`` is the hidden row JavaScript copies instead.
    ``row_errors`` words each row's errors as "Position 2: the end date is before…".
    """

    # Mixed into a FlaskForm, which provides ``meta`` and ``self[name]``.
    meta: Any

    def add_row(self, name: str) -> bool:
        rows: FieldList = self[name]  # type: ignore[index]
        if len(rows.entries) >= MAX_ROWS:
            return False
        rows.append_entry()
        return True

    def remove_row(self, name: str, index: int) -> None:
        rows: FieldList = self[name]  # type: ignore[index]
        if 0 <= index < len(rows.entries):
            rows.pop_entry(index)

    def blank_row(self, name: str) -> FormField:
        """A row numbered ``__index__``: the template JavaScript copies to add a row."""
        rows: FieldList = self[name]  # type: ignore[index]
        options = {
            "name": f"{rows.name}-__index__",
            "id": f"{rows.id}-__index__",
            "_meta": self.meta,
            "translations": self.meta.get_translations(self),
        }
        row = self.meta.bind_field(self, rows.unbound_field, options)
        row.process(None, unset_value)
        return row

    def row_errors(self, sections: Iterable[Any]) -> list[tuple[str, str]]:
        """(field id, message) of every error in the rows of ``sections``."""
        return [
            (f.id, f"{section.row_name(number)}: {sentence(str(error))}")
            for section in sections
            for number, entry in enumerate(self[section.name], start=1)  # type: ignore[index]
            for f in entry.form
            for error in f.errors
        ]


def sentence(message: str) -> str:
    """The message lower-cased after "Skill 2:" (unless it starts with an acronym)."""
    if len(message) > 1 and message[1].islower():
        return message[0].lower() + message[1:]
    return message
