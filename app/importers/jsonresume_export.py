"""Writing a :class:`ProfileRecord` as a JSON Resume document (see :mod:`app.importers.jsonresume`).

The document is valid against the official schema and carries Rallier's extensions,
so that reading it back gives the same record. Dates are written ``YYYY-MM`` when they
fall on the first of a month (how partial dates are read) and ``YYYY-MM-DD`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app.importers.jsonresume_schema import EXTRA_SECTIONS
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
from app.importers.vocab import FLUENCY_OUT, LANGUAGE_NAMES

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def to_json_resume(record: ProfileRecord) -> dict[str, Any]:
    """The record as a JSON Resume document, valid against the official schema.

    Rallier's extensions carry what the schema has no key for, so that
    ``parse_json_resume(json.dumps(to_json_resume(r)).encode(), name=…)`` equals ``r``
    (its ``source`` aside, and its extras grouped by kind). Dates before year 1000
    cannot be written in the schema's format.
    """
    location = {"city": record.city, "region": record.region, "countryCode": record.country}
    basics = {
        "name": record.full_name,
        "givenName": record.first_name,
        "familyName": record.last_name,
        "label": record.headline,
        "email": record.email,
        "phone": record.phone,
        "url": record.website,
        "summary": record.summary,
        "location": _compact(location),
        "profiles": [_linkedin_out(record.linkedin_url)] if record.linkedin_url else [],
    }
    document: dict[str, Any] = {
        "$schema": SCHEMA_URL,
        "basics": _compact(basics),
        "work": [_position_out(p) for p in record.positions],
        "volunteer": [_volunteering_out(v) for v in record.volunteering],
        "education": [_education_out(e) for e in record.educations],
        "certificates": [_certification_out(c) for c in record.certifications],
        "skills": [{"name": skill} for skill in record.skills],
        "languages": [_language_out(lang) for lang in record.languages],
    }
    for kind, (section, keys) in EXTRA_SECTIONS.items():
        document[section] = [_extra_out(x, keys) for x in record.extras if x.kind == kind]
    document["causes"] = list(record.causes)
    document["boardService"] = [_board_service_out(b) for b in record.board_services]
    document = _compact(document)
    if record.availability is not None:
        document["availability"] = _availability_out(record.availability)
    document["meta"] = {"version": "v1.0.0"}
    return document


def _compact(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in ("", None, [], {})}


def _date_out(value: date | None) -> str | None:
    if value is None:
        return None
    return f"{value:%Y-%m}" if value.day == 1 else value.isoformat()


def _linkedin_out(url: str) -> dict[str, str]:
    return {"network": "LinkedIn", "username": url.rstrip("/").rsplit("/", 1)[-1], "url": url}


def _position_out(p: PositionRecord) -> dict[str, Any]:
    out = {
        "name": p.company,
        "position": p.title,
        "location": p.location,
        "summary": p.description,
        "startDate": _date_out(p.started_on),
        "endDate": _date_out(p.finished_on),
    }
    if p.is_current != (p.finished_on is None):
        out["current"] = p.is_current
    return {k: v for k, v in out.items() if v not in ("", None)}


def _volunteering_out(v: VolunteeringRecord) -> dict[str, Any]:
    return _compact(
        {
            "organization": v.organization_name,
            "position": v.role,
            "cause": v.cause,
            "summary": v.description,
            "startDate": _date_out(v.started_on),
            "endDate": _date_out(v.finished_on),
        }
    )


def _education_out(e: EducationRecord) -> dict[str, Any]:
    return _compact(
        {
            "institution": e.school,
            "studyType": e.degree,
            "area": e.field_of_study,
            "startDate": _date_out(e.started_on),
            "endDate": _date_out(e.finished_on),
        }
    )


def _certification_out(c: CertificationRecord) -> dict[str, Any]:
    return _compact(
        {
            "name": c.name,
            "issuer": c.authority,
            "url": c.url,
            "date": _date_out(c.issued_on),
            "expiryDate": _date_out(c.expires_on),
        }
    )


def _language_out(lang: LanguageRecord) -> dict[str, str]:
    names = LANGUAGE_NAMES.get(lang.language)
    level = FLUENCY_OUT[lang.level] if lang.level else ""
    return _compact({"language": names[0] if names else lang.language, "fluency": level})


def _extra_out(extra: ExtraRecord, keys: Mapping[str, str]) -> dict[str, Any]:
    values = {
        "title": extra.title,
        "subtitle": extra.subtitle,
        "description": extra.description,
        "url": extra.url,
        "started_on": _date_out(extra.started_on),
        "finished_on": _date_out(extra.finished_on),
    }
    if keys["description"] == "keywords" and extra.description:
        values["description"] = extra.description.split(", ")
    return _compact({keys[field]: value for field, value in values.items()})


def _board_service_out(b: BoardServiceRecord) -> dict[str, Any]:
    out = {
        "organization": b.organization_name,
        "committee": b.committee,
        "startDate": _date_out(b.started_on),
        "endDate": _date_out(b.finished_on),
    }
    return {**_compact(out), "role": b.role}


def _availability_out(a: AvailabilityRecord) -> dict[str, Any]:
    return _compact(
        {
            "hoursPerWeek": a.hours_per_week,
            "roleKinds": list(a.role_kinds),
            "schedule": list(a.schedule),
            "availableFrom": _date_out(a.available_from),
            "workMode": a.work_mode.value if a.work_mode else None,
        }
    )
