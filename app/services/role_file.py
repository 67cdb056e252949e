"""Reading a role file: bytes in, a :class:`RoleDraft` or located problems out (pure).

A role file is a JSON Resume job document (``app/schemas/job-schema.json``) with the
top-level extensions of DESIGN.md: ``kind``, ``languages``, ``hoursPerWeek``,
``cause``, ``minYearsExperience``, and ``skills[].level == "required"`` for a
must-have. Two more keep an export lossless: ``schedule`` (any of weekdays, evenings,
weekends) and ``workMode: "any"`` (remote or in person, which ``remote`` cannot say).
What the role model has no place for (``date``, ``salary``, ``meta``, a postal or
country code) is accepted and not kept. Problems name the file and the line and
column (JSON syntax) or the field (``skills[1].name``); their messages are lazy
strings, translated when shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jsonschema.validators import validator_for

from app.importers.schema_errors import json_path, schema_problems
from app.importers.vocab import FLUENCY_OUT, fluency_level, language_code, plain_words
from app.models import LanguageLevel, RoleKind, WorkMode

MAX_ROLE_FILE_BYTES = 1024 * 1024
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "job-schema.json"

# Rallier's extensions, and the limits of the columns they land in.
EXTENSIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"maxLength": 200},
        "company": {"maxLength": 200},
        "type": {"maxLength": 100},
        "experience": {"maxLength": 200},
        "location": {
            "properties": {
                "address": {"maxLength": 200},
                "city": {"maxLength": 120},
                "region": {"maxLength": 120},
            }
        },
        "kind": {"enum": [kind.value for kind in RoleKind]},
        "workMode": {"enum": [mode.value for mode in WorkMode]},
        "hoursPerWeek": {"type": "integer", "minimum": 0, "maximum": 168},
        "minYearsExperience": {"type": "integer", "minimum": 0, "maximum": 70},
        "cause": {"type": "string", "maxLength": 200},
        "schedule": {
            "type": "array",
            "uniqueItems": True,
            "items": {"enum": ["weekdays", "evenings", "weekends"]},
        },
        "skills": {
            "items": {
                "required": ["name"],
                "properties": {
                    "name": {"minLength": 1, "maxLength": 200},
                    "level": {"maxLength": 60},
                },
            }
        },
        "languages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["language"],
                "properties": {
                    "language": {"type": "string", "minLength": 1, "maxLength": 60},
                    "fluency": {"type": "string"},
                    "required": {"type": "boolean"},
                },
            },
        },
    },
}

REMOTE = {"Full": WorkMode.REMOTE, "Hybrid": WorkMode.HYBRID, "None": WorkMode.IN_PERSON}
REMOTE_OUT = {mode: word for word, mode in REMOTE.items()}


@dataclass(frozen=True)
class SkillDraft:
    name: str
    level: str = ""
    keywords: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class LanguageDraft:
    language: str  # ISO 639-1 code when known, else as written
    level: LanguageLevel | None = None
    required: bool = False


@dataclass(frozen=True)
class RoleDraft:
    """A role read from a file, not yet saved."""

    title: str
    kind: RoleKind
    type: str = ""
    company: str = ""
    description: str = ""
    location: str = ""
    city: str = ""
    region: str = ""
    work_mode: WorkMode = WorkMode.IN_PERSON
    hours_per_week: int | None = None
    schedule: tuple[str, ...] = ()
    cause: str = ""
    experience: str = ""
    min_years_experience: int | None = None
    responsibilities: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    skills: tuple[SkillDraft, ...] = ()
    languages: tuple[LanguageDraft, ...] = ()


@dataclass(frozen=True)
class RoleFileProblem:
    """What is wrong with a role file, and where: a line and column, or a field."""

    filename: str
    message: object
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            where = _(
                "%(file)s, line %(line)d, column %(column)d",
                file=self.filename,
                line=self.line,
                column=self.column or 1,
            )
        elif self.field:
            where = _("%(file)s, field %(field)s", file=self.filename, field=self.field)
        else:
            where = self.filename
        return _("%(where)s: %(problem)s", where=where, problem=self.message)


@cache
def _validators() -> tuple[Any, ...]:
    job_schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return tuple(validator_for(s)(s) for s in (job_schema, EXTENSIONS_SCHEMA))


def parse_role_file(data: bytes, *, filename: str) -> RoleDraft | list[RoleFileProblem]:
    """Read a role file: a draft, or every problem found (never both, never an exception)."""
    document = _decode(data, filename)
    if isinstance(document, RoleFileProblem):
        return [document]
    problems = _schema_problems(document, filename)
    if problems:
        return problems
    languages = []
    for n, item in enumerate(document.get("languages", [])):
        level = fluency_level(item.get("fluency"))
        if level is False:
            accepted = ", ".join(FLUENCY_OUT.values())
            message = _l("unknown fluency; use one of: %(values)s.", values=accepted)
            problems.append(RoleFileProblem(filename, message, field=f"languages[{n}].fluency"))
            continue
        languages.append(
            LanguageDraft(language_code(item["language"]), level, item.get("required", False))
        )
    title = document["title"].strip()
    if not title:
        problems.append(RoleFileProblem(filename, _l("a role needs a title."), field="title"))
    for n, skill in enumerate(document.get("skills", [])):
        if not skill["name"].strip():
            message = _l("must not be empty.")
            problems.append(RoleFileProblem(filename, message, field=f"skills[{n}].name"))
    if problems:
        return problems
    return _draft(document, title, tuple(languages))


def _decode(data: bytes, filename: str) -> Any:
    if len(data) > MAX_ROLE_FILE_BYTES:
        limit = MAX_ROLE_FILE_BYTES // 1024
        return RoleFileProblem(filename, _l("the file is larger than %(kb)d KB.", kb=limit))
    if not data.strip():
        return RoleFileProblem(filename, _l("the file is empty."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        message = _l("this is not UTF-8 text.")
        return RoleFileProblem(filename, message, line=line, column=column)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = _l("this is not valid JSON (%(reason)s).", reason=exc.msg)
        return RoleFileProblem(filename, message, line=exc.lineno, column=exc.colno)


def _schema_problems(document: Any, filename: str) -> list[RoleFileProblem]:
    if not isinstance(document, dict):
        message = _l("the file must hold one JSON object, a job description.")
        return [RoleFileProblem(filename, message)]
    return [
        RoleFileProblem(filename, message, field=json_path(path))
        for path, message in schema_problems(document, _validators())
    ]


def _kind(document: dict[str, Any]) -> RoleKind:
    if "kind" in document:
        return RoleKind(document["kind"])
    kind = plain_words(document.get("type", ""))
    if "volunteer" in kind or "benevol" in kind:
        return RoleKind.VOLUNTEER
    if "board" in kind or "conseil d'administration" in kind:
        return RoleKind.BOARD
    return RoleKind.STAFF


def _draft(document: dict[str, Any], title: str, languages: tuple[LanguageDraft, ...]) -> RoleDraft:
    location = document.get("location", {})
    work_mode = document.get("workMode")
    return RoleDraft(
        title=title,
        kind=_kind(document),
        type=document.get("type", ""),
        company=document.get("company", ""),
        description=document.get("description", ""),
        location=location.get("address", ""),
        city=location.get("city", ""),
        region=location.get("region", ""),
        work_mode=WorkMode(work_mode) if work_mode else REMOTE.get(document.get("remote", "None")),
        hours_per_week=_whole(document.get("hoursPerWeek")),
        schedule=tuple(document.get("schedule", ())),
        cause=document.get("cause", "").strip(),
        experience=document.get("experience", ""),
        min_years_experience=_whole(document.get("minYearsExperience")),
        responsibilities=tuple(document.get("responsibilities", ())),
        qualifications=tuple(document.get("qualifications", ())),
        skills=tuple(
            SkillDraft(
                name=skill["name"].strip(),
                level=skill.get("level", ""),
                keywords=tuple(skill.get("keywords", ())),
                required=skill.get("level", "").strip().lower() == "required",
            )
            for skill in document.get("skills", ())
        ),
        languages=languages,
    )


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)
