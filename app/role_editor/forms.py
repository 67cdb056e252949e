"""The role form, which writes a role file's document, and the forms of the role's actions.

Its fields follow the role file's limits (:mod:`app.role_editor.rows`); whatever else
the format checks comes back from reading the document and is shown beside the field
it concerns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FloatField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import NumberInput

from app.importers.vocab import plain_words
from app.labels import SCHEDULE_LABELS, label
from app.models import Role, RoleKind, RoleStatus, WorkMode
from app.profiles.fields import MultiCheckboxField, language_name
from app.profiles.rows import RepeatingRows, sentence, strip
from app.role_editor.rows import (
    SECTION_BY_NAME,
    SECTIONS,
    UNIQUE_SECTIONS,
    LanguageForm,
    QualificationForm,
    ResponsibilityForm,
    RowForm,
    SkillForm,
    file_item,
    rows_of,
    schema_rule,
    text,
    whole_number,
)
from app.services.role_editor import MAX_WEIGHT
from app.services.role_file import RoleFileProblem
from matching.types import COMPONENTS

__all__ = ["SECTIONS", "SECTION_BY_NAME", "RoleForm", "StatusForm", "WeightsForm"]

# --- the role form --------------------------------------------------------------------------

KIND_CHOICES = [SelectChoice(kind.value, label(kind)) for kind in RoleKind]
WORK_MODE_CHOICES = [SelectChoice(mode.value, label(mode)) for mode in WorkMode]

#: The form's field for each top-level key (or ``location.*``) of the role document.
FILE_FIELDS = {
    "title": "title",
    "kind": "kind",
    "type": "type",
    "company": "company",
    "description": "description",
    "location": "city",
    "location.address": "address",
    "location.city": "city",
    "location.region": "region",
    "workMode": "work_mode",
    "remote": "work_mode",
    "hoursPerWeek": "hours_per_week",
    "schedule": "schedule",
    "cause": "cause",
    "minYearsExperience": "min_years_experience",
    "experience": "experience",
}
ROW_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?")


class RoleForm(RepeatingRows, FlaskForm):
    title = StringField(
        _l("Title"),
        [
            DataRequired(message=_l("Enter the role's title.")),
            Length(max=schema_rule("title", "maxLength")),
        ],
        filters=[strip],
    )
    kind = RadioField(_l("Kind of role"), choices=KIND_CHOICES, default=RoleKind.VOLUNTEER.value)
    type = text(_l("Position type"), "type")
    company = text(_l("Hiring organization"), "company")
    description = TextAreaField(_l("Description"), filters=[strip], render_kw={"rows": 6})
    responsibilities = rows_of(ResponsibilityForm)
    qualifications = rows_of(QualificationForm)
    skills = rows_of(SkillForm)
    languages = rows_of(LanguageForm)
    address = text(_l("Address"), "location.address")
    city = text(_l("City"), "location.city")
    region = text(_l("Province or region"), "location.region")
    work_mode = SelectField(
        _l("Work mode"), choices=WORK_MODE_CHOICES, default=WorkMode.IN_PERSON.value
    )
    hours_per_week = whole_number(
        _l("Hours per week"), "hoursPerWeek", _l("Between %(min)s and %(max)s hours.")
    )
    schedule = MultiCheckboxField(
        _l("Schedule"), choices=[SelectChoice(k, v) for k, v in SCHEDULE_LABELS.items()]
    )
    cause = text(_l("Cause"), "cause")
    min_years_experience = whole_number(
        _l("Minimum years of experience"),
        "minYearsExperience",
        _l("Between %(min)s and %(max)s years."),
    )
    experience = text(_l("Experience sought"), "experience")
    blind_review = BooleanField(_l("Blind review"))

    SCALARS = (
        "title",
        "kind",
        "type",
        "company",
        "description",
        "address",
        "city",
        "region",
        "work_mode",
        "hours_per_week",
        "schedule",
        "cause",
        "min_years_experience",
        "experience",
        "blind_review",
    )

    def __init__(self, *args: Any, kinds: Sequence[RoleKind] = tuple(RoleKind), **kw: Any) -> None:
        super().__init__(*args, **kw)
        allowed = {kind.value for kind in kinds}
        self.kind.choices = [c for c in KIND_CHOICES if c.value in allowed]
        if not self.is_submitted() and self.kind.data not in allowed:
            self.kind.data = self.kind.choices[0].value
        self._document_rows: dict[str, list[int]] = {}

    @classmethod
    def for_role(cls, role: Role, locale: str, **kw: Any) -> RoleForm:
        """The form filled with a stored role, languages named in the reader's language."""
        return cls(
            formdata=None,
            data={
                **{name: getattr(role, name) for name in ("title", "type", "company")},
                **{name: getattr(role, name) for name in ("description", "city", "region")},
                "kind": role.kind.value,
                "address": role.location,
                "work_mode": role.work_mode.value,
                "hours_per_week": role.hours_per_week,
                "schedule": list(role.schedule or ()),
                "cause": role.cause,
                "min_years_experience": role.min_years_experience,
                "experience": role.experience,
                "blind_review": role.blind_review,
                "responsibilities": [{"text": t} for t in role.responsibilities or ()],
                "qualifications": [{"text": t} for t in role.qualifications or ()],
                "skills": [_skill_data(skill) for skill in role.skills],
                "languages": [
                    {
                        "language": language_name(lang.language, locale),
                        "level": lang.level.value if lang.level else "",
                        "is_required": lang.required,
                    }
                    for lang in role.languages
                ],
            },
            **kw,
        )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for name in UNIQUE_SECTIONS:
            seen: set[str] = set()
            for entry in self[name]:
                row: RowForm = entry.form
                if row.is_blank():
                    continue
                if row.key() in seen:
                    row[row.unique].errors.append(_l("This is already in the list."))
                    valid = False
                seen.add(row.key())
        return valid

    # -- the role file's document ------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        """The role as a role file holds it (DESIGN.md, "Roles in and out")."""
        doc: dict[str, Any] = {"title": self.title.data or "", "kind": self.kind.data}
        for key in ("type", "company", "description", "experience", "cause"):
            if self[key].data:
                doc[key] = self[key].data
        where = {"address": self.address.data, "city": self.city.data, "region": self.region.data}
        if any(where.values()):
            doc["location"] = {key: value for key, value in where.items() if value}
        doc["workMode"] = self.work_mode.data
        for key, f in (
            ("hoursPerWeek", self.hours_per_week),
            ("minYearsExperience", self.min_years_experience),
        ):
            if f.data is not None:
                doc[key] = f.data
        if self.schedule.data:
            doc["schedule"] = [day for day in SCHEDULE_LABELS if day in self.schedule.data]
        for name in ("responsibilities", "qualifications", "skills", "languages"):
            rows = enumerate(self[name])
            kept = [(n, entry.form) for n, entry in rows if not entry.form.is_blank()]
            self._document_rows[name] = [n for n, _row in kept]
            if kept:
                doc[name] = [file_item(row) for _n, row in kept]
        return doc

    def show_problems(self, problems: Iterable[RoleFileProblem]) -> None:
        """Put each problem found in :meth:`document` beside the field it names."""
        for problem in problems:
            f = self._field_at(problem.field or "")
            if f is None:
                self.form_errors.append(problem.message)
            else:
                f.errors = [*f.errors, problem.message]

    def _field_at(self, path: str) -> Field | None:
        found = ROW_PATH.match(path)
        if found and found.group(1) in SECTION_BY_NAME:
            name, n, key = found.group(1), int(found.group(2)), found.group(3) or ""
            rows = self._document_rows.get(name, [])
            if n >= len(rows):
                return None
            row: RowForm = self[name][rows[n]].form
            field_name = row.FILE_KEYS.get(key)
            return row[field_name] if field_name else None
        name = FILE_FIELDS.get(path) or FILE_FIELDS.get(path.split(".")[0])
        return self[name] if name else None

    # -- rows added and removed without JavaScript -------------------------------------------

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) of every error: "Skill 2: name is required."."""
        found = [("", str(error)) for error in self.form_errors]
        found += [
            (self[name].id, f"{self[name].label.text}: {sentence(str(error))}")
            for name in self.SCALARS
            for error in self[name].errors
        ]
        return found + self.row_errors(SECTIONS)


def _skill_data(skill: Any) -> dict[str, Any]:
    level = "" if plain_words(skill.level or "") == "required" else skill.level
    return {
        "name": skill.name,
        "is_required": skill.required,
        "level": level,
        "keywords": ", ".join(skill.keywords or ()),
    }


# --- actions --------------------------------------------------------------------------------


class StatusForm(FlaskForm):
    status = SelectField(choices=[SelectChoice(s.value, s.value) for s in RoleStatus])
    next = HiddenField()


# --- per-role weights ---------------------------------------------------------------------


class WeightField(FloatField):
    """Points from 0 to 100; "12,5" is read as 12.5; empty means "no override"."""

    widget = NumberInput(step="any", min=0, max=100)

    def process_formdata(self, valuelist: list[str]) -> None:
        text_value = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if not text_value:
            return
        try:
            number = float(text_value)
        except ValueError:
            raise ValueError(_l("Enter a number from 0 to 100.")) from None
        if not (math.isfinite(number) and 0 <= number <= MAX_WEIGHT):
            raise ValueError(_l("Enter a number from 0 to 100."))
        self.data = number

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data:g}"


class WeightsForm(FlaskForm):
    """One optional weight per criterion of the matching library."""

    def overrides(self) -> dict[str, float]:
        return {name: self[name].data for name in COMPONENTS if self[name].data is not None}


for _name in COMPONENTS:
    setattr(
        WeightsForm,
        _name,
        WeightField(_name, [Optional()]),
    )
