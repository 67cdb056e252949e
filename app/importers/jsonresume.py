"""JSON Resume in and out: a file to a :class:`ProfileRecord`, and a record back to JSON.

Reading checks, in this order, and refuses with an :class:`ImportFileError` naming the
file and the line (syntax) or the JSON path (``work[2].startDate``): size (2 MB);
encoding (UTF-8 with or without BOM; UTF-16 and UTF-32 detected from their BOM or
zero bytes); JSON syntax; one top-level object; then, once pre-1.0 keys are renamed,
the official schema (``app/schemas/resume-schema.json``, v1.3.1) and Rallier's
extensions (:mod:`app.importers.jsonresume_schema`). Empty date strings
(``"endDate": ""``) count as absent.

Pre-1.0 keys (the current key wins when a file has both): ``bio``→``basics``,
``hobbies``→``interests``; in ``basics`` ``picture``→``image``, ``website``→``url``,
``firstName``/``lastName``→``givenName``/``familyName``, ``location.state``→``region``;
``work[].company``→``name``; ``website``→``url`` in ``work``, ``volunteer`` and
``publications``; ``education[].gpa``→``score``; ``awards[].awardDate``→``date``;
``languages[].name``/``level``→``language``/``fluency``.

Mapping: ``name`` is split into first and last names (:func:`split_name`) unless
``givenName`` or ``familyName`` is there; ``countryCode`` may also be a country's name;
every skill's ``name`` and each of its ``keywords`` is a skill; ``highlights`` join the
description as "- " lines; a position without ``endDate`` is current; fluency is read
on LinkedIn's scale or from common words ("Native speaker", "Fluent", "Beginner"…),
else unknown; ``education[].courses`` become course extras; a project's subtitle is its
``roles`` then its ``entity``; items that name nothing (a position with neither
``position`` nor ``name``…) are skipped; ``references`` (other people's words),
``image`` and profiles other than LinkedIn are not kept.

Rallier's extensions, written by :func:`to_json_resume` so that a record comes back
without loss, and ignored by other programs:

- ``availability``: ``{"hoursPerWeek": 4, "roleKinds": ["volunteer", "board"],
  "schedule": ["evenings"], "availableFrom": "2026-01", "workMode": "remote"}``
  (schedule: weekdays, evenings, weekends; workMode: in_person, remote, hybrid, any);
- ``basics.givenName`` and ``basics.familyName``: the two parts of ``name``;
- ``causes``: ``["sécurité alimentaire", …]``;
- ``boardService``: ``[{"organization", "role", "committee", "startDate", "endDate"}]``;
- ``courses`` and ``memberships``: ``[{"name", "subtitle", "description", "url",
  "startDate", "endDate"}]``;
- ``work[].current``: only when it disagrees with "no ``endDate`` = current";
- ``volunteer[].cause`` and ``certificates[].expiryDate``;
- for the fields of an award, publication or interest its section has no key for:
  ``awards[].url`` and ``.endDate``, ``publications[].endDate``,
  ``interests[].subtitle``, ``.url``, ``.startDate`` and ``.endDate``. An interest's
  description travels as its ``keywords`` (split on ", ").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from app.importers.errors import ImportFileError
from app.importers.jsonresume_export import SCHEMA_URL, to_json_resume
from app.importers.jsonresume_schema import EXTRA_SECTIONS, partial_date, validated
from app.importers.linkedin_fields import country_code
from app.importers.person_names import split_name
from app.importers.records import (
    AvailabilityRecord,
    BoardServiceRecord,
    CertificationRecord,
    EducationRecord,
    ExtraRecord,
    LanguageRecord,
    PositionRecord,
    ProfileRecord,
    VolunteeringRecord,
)
from app.importers.vocab import fluency_level, language_code, normalize_linkedin_url, plain_words
from app.models.candidates import ExtraKind, LanguageLevel, Source, WorkMode

__all__ = [
    "MAX_RESUME_BYTES",
    "SCHEMA_URL",
    "parse_json_resume",
    "record_from_dict",
    "split_name",
    "to_json_resume",
]

MAX_RESUME_BYTES = 2 * 1024 * 1024
LINKEDIN_PROFILE = "https://www.linkedin.com/in/"
UNREADABLE = _l("The text encoding of this file could not be read (damaged UTF-16 or UTF-8).")

# Words résumés use for fluency beyond LinkedIn's scale (compared as plain words).
FLUENCY_WORDS = {
    LanguageLevel.NATIVE_OR_BILINGUAL: (
        "native",
        "native speaker",
        "mother tongue",
        "first language",
        "bilingual",
        "langue maternelle",
        "bilingue",
    ),
    LanguageLevel.FULL_PROFESSIONAL: ("fluent", "courant"),
    LanguageLevel.PROFESSIONAL_WORKING: ("advanced", "avance"),
    LanguageLevel.LIMITED_WORKING: ("conversational", "intermediate", "intermediaire"),
    LanguageLevel.ELEMENTARY: ("beginner", "basic", "debutant", "elementaire"),
}
_FLUENCY_WORDS = {word: level for level, words in FLUENCY_WORDS.items() for word in words}

# C0 controls (but tab and newlines) vanish; lone surrogates, which no database can
# store, become U+FFFD.
_CLEAN = {c: None for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}
_CLEAN.update({c: 0xFFFD for c in range(0xD800, 0xE000)})


# --- reading ------------------------------------------------------------------------


def parse_json_resume(data: bytes, *, name: str) -> ProfileRecord:
    """Read a JSON Resume file into a record, or refuse it saying where and why.

    Parameters
    ----------
    data
        The file's bytes.
    name
        The file's name, as the error messages should show it.

    Raises
    ------
    ImportFileError
        Too large, not text, not JSON, not an object, or not valid against the schema
        and Rallier's extensions; ``line`` or ``path`` says where.
    """
    return record_from_dict(_decode(data, name), name=name)


def record_from_dict(document: Any, *, name: str) -> ProfileRecord:
    """The record of an already decoded JSON Resume document (validated like a file)."""
    if not isinstance(document, dict):
        raise ImportFileError(_l("The file must hold one JSON object, a résumé."), file=name)
    return _record(validated(document, name=name), name)


def _decode(data: bytes, name: str) -> Any:
    if len(data) > MAX_RESUME_BYTES:
        size = MAX_RESUME_BYTES // (1024 * 1024)
        raise ImportFileError(_l("The file is larger than %(size)s MB.", size=size), file=name)
    encoding = json.detect_encoding(data)
    try:
        text = data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if encoding.startswith("utf-8") else None
        raise ImportFileError(UNREADABLE, file=name, line=line) from None
    if not text.strip():
        raise ImportFileError(_l("The file is empty."), file=name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = _l(
            "This is not valid JSON at column %(column)d (%(reason)s).",
            column=exc.colno,
            reason=exc.msg,
        )
        raise ImportFileError(message, file=name, line=exc.lineno) from None
    except RecursionError:
        raise ImportFileError(_l("The JSON is nested too deeply."), file=name) from None
    except ValueError as exc:  # an integer too long to convert
        message = _l("This is not valid JSON (%(reason)s).", reason=str(exc))
        raise ImportFileError(message, file=name) from None


# --- mapping in ---------------------------------------------------------------------


def _clean(value: str) -> str:
    return value.translate(_CLEAN).strip()


def _text(item: Mapping[str, Any], key: str) -> str:
    return _clean(item.get(key, ""))


def _day(item: Mapping[str, Any], key: str) -> date | None:
    value = item.get(key)
    return partial_date(value) if value else None


def _described(item: Mapping[str, Any], key: str, *, highlights: bool = False) -> str:
    lines = [_text(item, key)]
    if highlights:
        lines += [f"- {_clean(h)}" for h in item.get("highlights", []) if _clean(h)]
    return "\n".join(line for line in lines if line)


def _record(doc: dict[str, Any], name: str) -> ProfileRecord:
    basics = doc.get("basics", {})
    location = basics.get("location", {})
    first, last = _names(basics, name)
    return ProfileRecord(
        source=Source.JSON_RESUME,
        first_name=first,
        last_name=last,
        email=_text(basics, "email"),
        phone=_text(basics, "phone"),
        city=_text(location, "city"),
        region=_text(location, "region"),
        country=country_code(_text(location, "countryCode"), codes=True),
        headline=_text(basics, "label"),
        summary=_text(basics, "summary"),
        website=_text(basics, "url"),
        linkedin_url=_linkedin(basics.get("profiles", [])),
        positions=[_position(w) for w in doc.get("work", []) if _has(w, "position", "name")],
        educations=[
            _education(e)
            for e in doc.get("education", [])
            if _has(e, "institution", "studyType", "area")
        ],
        skills=_skills(doc.get("skills", [])),
        languages=_languages(doc.get("languages", [])),
        volunteering=[
            _volunteering(v)
            for v in doc.get("volunteer", [])
            if _has(v, "organization", "position")
        ],
        causes=_unique(doc.get("causes", [])),
        certifications=[_certification(c) for c in doc.get("certificates", []) if _has(c, "name")],
        board_services=[
            _board_service(b) for b in doc.get("boardService", []) if _has(b, "organization")
        ],
        extras=_extras(doc),
        availability=_availability(doc.get("availability")),
    )


def _has(item: Mapping[str, Any], *keys: str) -> bool:
    return any(_text(item, key) for key in keys)


def _skills(items: list[dict[str, Any]]) -> list[str]:
    """Every skill's name and keywords: résumés often name a group and list skills under it."""
    return _unique(
        label for item in items for label in [item.get("name", ""), *item.get("keywords", [])]
    )


def _unique(labels: Any) -> list[str]:
    return list(dict.fromkeys(label for label in map(_clean, labels) if label))


def _names(basics: Mapping[str, Any], name: str) -> tuple[str, str]:
    if "givenName" in basics or "familyName" in basics:
        return _text(basics, "givenName"), _text(basics, "familyName")
    first, last = split_name(_text(basics, "name"))
    if max(len(first), len(last)) > 120:
        message = _l("at most %(num)d characters.", num=120)
        raise ImportFileError(message, file=name, path="basics.name")
    return first, last


def _linkedin(profiles: list[dict[str, Any]]) -> str:
    for profile in profiles:
        url, username = _text(profile, "url"), _text(profile, "username")
        is_linkedin = plain_words(profile.get("network", "")) == "linkedin"
        if not url and username and is_linkedin:
            url = LINKEDIN_PROFILE + username
        normalized = normalize_linkedin_url(url)
        if normalized.startswith(LINKEDIN_PROFILE) and len(normalized) <= 300:
            return normalized
    return ""


def _position(item: Mapping[str, Any]) -> PositionRecord:
    finished_on = _day(item, "endDate")
    return PositionRecord(
        title=_text(item, "position"),
        company=_text(item, "name"),
        location=_text(item, "location"),
        description=_described(item, "summary", highlights=True),
        started_on=_day(item, "startDate"),
        finished_on=finished_on,
        is_current=item.get("current", finished_on is None),
    )


def _education(item: Mapping[str, Any]) -> EducationRecord:
    return EducationRecord(
        school=_text(item, "institution"),
        degree=_text(item, "studyType"),
        field_of_study=_text(item, "area"),
        started_on=_day(item, "startDate"),
        finished_on=_day(item, "endDate"),
    )


def _languages(items: list[dict[str, Any]]) -> list[LanguageRecord]:
    found: dict[str, LanguageRecord] = {}
    for item in items:
        if _text(item, "language"):
            code = language_code(_text(item, "language"))
            found.setdefault(code, LanguageRecord(code, _fluency(item.get("fluency", ""))))
    return list(found.values())


def _fluency(value: str) -> LanguageLevel | None:
    """LinkedIn's scale first, then common résumé words; anything else is unknown."""
    level = fluency_level(value)
    if isinstance(level, LanguageLevel):
        return level
    return _FLUENCY_WORDS.get(plain_words(value))


def _volunteering(item: Mapping[str, Any]) -> VolunteeringRecord:
    return VolunteeringRecord(
        organization_name=_text(item, "organization"),
        role=_text(item, "position"),
        cause=_text(item, "cause"),
        description=_described(item, "summary", highlights=True),
        started_on=_day(item, "startDate"),
        finished_on=_day(item, "endDate"),
    )


def _certification(item: Mapping[str, Any]) -> CertificationRecord:
    return CertificationRecord(
        name=_text(item, "name"),
        authority=_text(item, "issuer"),
        url=_text(item, "url"),
        issued_on=_day(item, "date"),
        expires_on=_day(item, "expiryDate"),
    )


def _board_service(item: Mapping[str, Any]) -> BoardServiceRecord:
    return BoardServiceRecord(
        organization_name=_text(item, "organization"),
        role=_clean(item.get("role", "member")),
        committee=_text(item, "committee"),
        started_on=_day(item, "startDate"),
        finished_on=_day(item, "endDate"),
    )


def _extras(doc: Mapping[str, Any]) -> list[ExtraRecord]:
    extras = []
    for kind, (section, keys) in EXTRA_SECTIONS.items():
        if kind is ExtraKind.COURSE:
            extras += [
                ExtraRecord(kind, _clean(course), subtitle=_text(school, "institution"))
                for school in doc.get("education", [])
                for course in school.get("courses", [])
                if _clean(course)
            ]
        extras += [
            _extra(kind, keys, item) for item in doc.get(section, []) if _has(item, keys["title"])
        ]
    return extras


def _extra(kind: ExtraKind, keys: Mapping[str, str], item: Mapping[str, Any]) -> ExtraRecord:
    if kind is ExtraKind.INTEREST:
        description = _clean(", ".join(item.get("keywords", [])))
    else:
        description = _described(item, keys["description"], highlights=kind is ExtraKind.PROJECT)
    subtitle = _text(item, keys["subtitle"])
    if kind is ExtraKind.PROJECT:  # the role held in the project, then the entity
        roles = ", ".join(_unique(item.get("roles", [])))
        subtitle = " — ".join(part for part in (roles, subtitle) if part)[:300].strip()
    return ExtraRecord(
        kind=kind,
        title=_text(item, keys["title"]),
        subtitle=subtitle,
        description=description,
        url=_text(item, keys["url"]),
        started_on=_day(item, keys["started_on"]),
        finished_on=_day(item, keys["finished_on"]),
    )


def _availability(item: Mapping[str, Any] | None) -> AvailabilityRecord | None:
    if item is None:
        return None
    hours, mode = item.get("hoursPerWeek"), item.get("workMode")
    return AvailabilityRecord(
        hours_per_week=None if hours is None else int(hours),
        role_kinds=list(item.get("roleKinds", [])),
        schedule=list(item.get("schedule", [])),
        available_from=_day(item, "availableFrom"),
        work_mode=WorkMode(mode) if mode else None,
    )
