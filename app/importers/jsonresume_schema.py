"""The JSON Resume schema as Rallier reads it: pre-1.0 keys, extensions, column sizes.

:func:`validated` renames pre-1.0 keys (see :mod:`app.importers.jsonresume`), drops
empty date strings, then checks the document against the official schema
(``app/schemas/resume-schema.json``) and against Rallier's extensions, real dates and
the sizes of the columns values land in. The first problem found, in path order, is
raised with the path as the file spells it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from app.importers.errors import ImportFileError
from app.importers.schema_errors import PathParts, json_path, schema_problems
from app.models.candidates import ExtraKind, WorkMode

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "resume-schema.json"

ISO_DATE = r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$"
PARTIAL_DATE = "partial-date"

TOP_ALIASES = {"bio": "basics", "hobbies": "interests"}
ITEM_ALIASES = {
    "basics": {
        "picture": "image",
        "website": "url",
        "firstName": "givenName",
        "lastName": "familyName",
    },
    "work": {"company": "name", "website": "url"},
    "volunteer": {"website": "url"},
    "publications": {"website": "url"},
    "education": {"gpa": "score"},
    "awards": {"awardDate": "date"},
    "languages": {"name": "language", "level": "fluency"},
}

# Record field -> key, per extra kind, in ExtraKind's order (the order extras come back in).
_GENERIC = {
    "title": "name",
    "subtitle": "subtitle",
    "description": "description",
    "url": "url",
    "started_on": "startDate",
    "finished_on": "endDate",
}
EXTRA_SECTIONS: dict[ExtraKind, tuple[str, dict[str, str]]] = {
    ExtraKind.AWARD: (
        "awards",
        {
            **_GENERIC,
            "title": "title",
            "subtitle": "awarder",
            "description": "summary",
            "started_on": "date",
        },
    ),
    ExtraKind.PROJECT: ("projects", {**_GENERIC, "subtitle": "entity"}),
    ExtraKind.COURSE: ("courses", _GENERIC),
    ExtraKind.PUBLICATION: (
        "publications",
        {
            **_GENERIC,
            "subtitle": "publisher",
            "description": "summary",
            "started_on": "releaseDate",
        },
    ),
    ExtraKind.INTEREST: ("interests", {**_GENERIC, "description": "keywords"}),
    ExtraKind.MEMBERSHIP: ("memberships", _GENERIC),
}


def _modernized(document: dict[str, Any]) -> tuple[dict[str, Any], dict[PathParts, str]]:
    """A copy with pre-1.0 keys renamed and empty dates dropped; new path -> old key."""
    renamed: dict[PathParts, str] = {}
    doc = _rename(document, TOP_ALIASES, (), renamed)
    for section, value in doc.items():
        aliases = ITEM_ALIASES.get(section, {})
        if section == "basics" and isinstance(value, dict):
            basics = _rename(value, aliases, ("basics",), renamed)
            if isinstance(basics.get("location"), dict):
                at = ("basics", "location")
                basics["location"] = _rename(basics["location"], {"state": "region"}, at, renamed)
            doc[section] = basics
        elif isinstance(value, list):
            doc[section] = [
                _without_empty_dates(_rename(item, aliases, (section, n), renamed))
                if isinstance(item, dict)
                else item
                for n, item in enumerate(value)
            ]
        elif section == "availability" and isinstance(value, dict):
            doc[section] = _without_empty_dates(value)
    return doc, renamed


def _rename(
    mapping: dict[str, Any],
    aliases: Mapping[str, str],
    at: PathParts,
    renamed: dict[PathParts, str],
) -> dict[str, Any]:
    out = dict(mapping)
    for old, new in aliases.items():
        if old in out and new not in out:
            out[new] = out.pop(old)
            renamed[(*at, new)] = old
    return out


def _without_empty_dates(item: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value
        for key, value in item.items()
        if not (value == "" and (key == "date" or key.endswith(("Date", "From"))))
    }


def _as_written(path: PathParts, renamed: Mapping[PathParts, str]) -> PathParts:
    """The path with renamed keys as the file spells them."""
    return tuple(renamed.get(path[: n + 1], part) for n, part in enumerate(path))


def _real_date(value: object) -> bool:
    """False only for a well-formed date that does not exist (``2025-02-30``)."""
    if not isinstance(value, str) or not re.match(ISO_DATE, value):
        return True  # the pattern reports it
    try:
        partial_date(value)
    except ValueError:
        return False
    return True


@cache
def _validators() -> tuple[Any, ...]:
    official = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    checker = FormatChecker(formats=())
    checker.checks(PARTIAL_DATE)(_real_date)
    cls = validator_for(official)
    return cls(official), cls(_extensions_schema(), format_checker=checker)


def _extensions_schema() -> dict[str, Any]:
    """Rallier's keys, real dates, and the lengths of the columns values land in."""

    def text(size: int | None = None) -> dict[str, Any]:
        return {"type": "string"} if size is None else {"type": "string", "maxLength": size}

    day = {"type": "string", "pattern": ISO_DATE, "format": PARTIAL_DATE}

    def items(**properties: Any) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "object", "properties": properties}}

    dated = {"startDate": day, "endDate": day}
    sizes = {"title": text(300), "subtitle": text(300), "url": text(500)}
    extras = {
        section: items(
            **{
                key: day if field.endswith("_on") else sizes.get(field, text())
                for field, key in keys.items()
                if key != "keywords"
            }
        )
        for section, keys in EXTRA_SECTIONS.values()
    }
    return {
        "type": "object",
        "properties": {
            **extras,
            "basics": {
                "properties": {
                    "name": text(241),
                    "givenName": text(120),
                    "familyName": text(120),
                    "label": text(300),
                    "email": text(254),
                    "phone": text(50),
                    "url": text(500),
                    "location": {"properties": {"city": text(120), "region": text(120)}},
                }
            },
            "work": items(
                name=text(200),
                position=text(200),
                location=text(200),
                current={"type": "boolean"},
                **dated,
            ),
            "education": items(
                institution=text(200),
                studyType=text(200),
                area=text(200),
                courses={"items": text(300)},
                **dated,
            ),
            "volunteer": items(
                organization=text(200), position=text(200), cause=text(200), **dated
            ),
            "certificates": items(
                name=text(200), issuer=text(200), url=text(500), date=day, expiryDate=day
            ),
            "skills": items(name=text(200), keywords={"items": text(200)}),
            "languages": items(language=text(60)),
            "causes": {"type": "array", "items": text(200)},
            "boardService": items(
                organization=text(200), role=text(100), committee=text(200), **dated
            ),
            "availability": {
                "type": "object",
                "properties": {
                    "hoursPerWeek": {"type": "integer", "minimum": 0, "maximum": 168},
                    "roleKinds": _choices("volunteer", "staff", "board"),
                    "schedule": _choices("weekdays", "evenings", "weekends"),
                    "availableFrom": day,
                    "workMode": {"enum": [mode.value for mode in WorkMode]},
                },
            },
        },
    }


def _choices(*values: str) -> dict[str, Any]:
    return {"type": "array", "uniqueItems": True, "items": {"enum": list(values)}}


def validated(document: dict[str, Any], *, name: str) -> dict[str, Any]:
    """The document with pre-1.0 keys renamed, or :class:`ImportFileError` on the first problem."""
    document, renamed = _modernized(document)
    problems = schema_problems(document, _validators())
    if problems:
        path, message = problems[0]
        raise ImportFileError(message, file=name, path=json_path(_as_written(path, renamed)))
    return document


def partial_date(value: str) -> date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a date, the first day when partial."""
    year, month, day = [*map(int, value.split("-")), 1, 1][:3]
    return date(year, month, day)
