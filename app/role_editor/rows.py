"""The rows of the role form (responsibilities, qualifications, skills, languages) and the
role file's limits every field of the form follows.

Limits (lengths, hours, years) are read from the role file format's schema
(:data:`app.services.role_file.EXTENSIONS_SCHEMA`), so the form and a role file agree.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import NumberInput

from app.importers.vocab import FLUENCY_OUT
from app.models import LanguageLevel
from app.profiles.fields import language_code_for
from app.profiles.rows import LEVEL_CHOICES, MAX_ROWS, ItemForm, Section, strip
from app.services.role_file import EXTENSIONS_SCHEMA


def schema_rule(path: str, rule: str) -> int:
    """A limit of the role file format: ``schema_rule("skills.name", "maxLength")``."""
    node: dict[str, Any] = EXTENSIONS_SCHEMA
    for key in path.split("."):
        node = node.get("items", node)["properties"][key]
    return int(node[rule])


def text(label: object, path: str, **kwargs: Any) -> StringField:
    """A one-line text no longer than the role file allows at ``path``."""
    limit = schema_rule(path, "maxLength")
    too_long = _l("At most %(max)d characters.", max=limit)
    return StringField(label, [Length(max=limit, message=too_long)], filters=[strip], **kwargs)


def whole_number(label: object, path: str, message: object) -> IntegerField:
    low, high = schema_rule(path, "minimum"), schema_rule(path, "maximum")
    return IntegerField(
        label,
        [Optional(), NumberRange(low, high, message=message)],
        widget=NumberInput(min=low, max=high),
    )


# --- repeating rows -----------------------------------------------------------------------


class RowForm(ItemForm):
    """A row of the role form; stored rows are replaced as a whole, so no item id."""

    id = None
    #: The row's field each key of the role file's item comes from.
    FILE_KEYS: dict[str, str] = {}


class ResponsibilityForm(RowForm):
    text = TextAreaField(_l("Responsibility"), filters=[strip], render_kw={"rows": 2})
    required = "text"
    missing = _l("Enter the responsibility.")
    FILE_KEYS = {"": "text"}


class QualificationForm(RowForm):
    text = TextAreaField(_l("Qualification"), filters=[strip], render_kw={"rows": 2})
    required = "text"
    missing = _l("Enter the qualification.")
    FILE_KEYS = {"": "text"}


class SkillForm(RowForm):
    name = text(
        _l("Skill"), "skills.name", render_kw={"data-suggest": "skill", "autocomplete": "off"}
    )
    is_required = BooleanField(_l("Must-have"))
    level = text(_l("Level"), "skills.level")
    keywords = StringField(_l("Keywords, separated by commas"), filters=[strip])
    required = unique = "name"
    missing = _l("Name is required.")
    FILE_KEYS = {"name": "name", "level": "level", "keywords": "keywords"}

    def item(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.name.data or ""}
        level = "required" if self.is_required.data else (self.level.data or "")
        if level:
            found["level"] = level
        keywords = [word.strip() for word in (self.keywords.data or "").split(",")]
        if any(keywords):
            found["keywords"] = [word for word in keywords if word]
        return found


class LanguageForm(RowForm):
    language = text(
        _l("Language"),
        "languages.language",
        render_kw={"list": "language-names", "autocomplete": "off"},
    )
    level = SelectField(_l("Level"), choices=LEVEL_CHOICES)
    is_required = BooleanField(_l("Required"))
    required = unique = "language"
    missing = _l("Enter the language.")
    FILE_KEYS = {"language": "language", "fluency": "level", "required": "is_required"}

    def key(self) -> str:
        return language_code_for(self.language.data or "").lower()

    def item(self) -> dict[str, Any]:
        found: dict[str, Any] = {"language": language_code_for(self.language.data or "")}
        if self.level.data:
            found["fluency"] = FLUENCY_OUT[LanguageLevel(self.level.data)]
        found["required"] = bool(self.is_required.data)
        return found


SECTIONS = (
    Section(
        "responsibilities",
        ResponsibilityForm,
        _l("Responsibilities"),
        _l("Add a responsibility"),
        _l("Responsibility %(n)s"),
    ),
    Section(
        "qualifications",
        QualificationForm,
        _l("Qualifications"),
        _l("Add a qualification"),
        _l("Qualification %(n)s"),
    ),
    Section("skills", SkillForm, _l("Skills"), _l("Add a skill"), _l("Skill %(n)s")),
    Section("languages", LanguageForm, _l("Languages"), _l("Add a language"), _l("Language %(n)s")),
)
SECTION_BY_NAME = {s.name: s for s in SECTIONS}
#: Sections whose rows must differ from each other.
UNIQUE_SECTIONS = ("skills", "languages")


def rows_of(form: type[RowForm]) -> FieldList:
    return FieldList(FormField(form), max_entries=MAX_ROWS)


def file_item(row: RowForm) -> Any:
    """The row as an item of the role file (a string, or a skill or language object)."""
    if isinstance(row, SkillForm | LanguageForm):
        return row.item()
    return row.text.data
