"""What importers produce and the services store: plain, mutable, database-free records.

A :class:`ProfileRecord` holds one person's profile as read from one file; every
field is optional and empty means "the file did not say". Dates are
``datetime.date``; a file that gives only a month or a year gives the first day of
it. Language levels are :class:`app.models.LanguageLevel` values, languages are
ISO 639-1 codes when known (see :mod:`app.importers.vocab`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.models.candidates import ExtraKind, LanguageLevel, Source, WorkMode


@dataclass(slots=True)
class PositionRecord:
    title: str
    company: str = ""
    location: str = ""
    description: str = ""
    started_on: date | None = None
    finished_on: date | None = None
    is_current: bool = False


@dataclass(slots=True)
class EducationRecord:
    school: str
    degree: str = ""
    field_of_study: str = ""
    started_on: date | None = None
    finished_on: date | None = None


@dataclass(slots=True)
class LanguageRecord:
    language: str  # ISO 639-1 code when known, else the name as written
    level: LanguageLevel | None = None


@dataclass(slots=True)
class VolunteeringRecord:
    organization_name: str
    role: str = ""
    cause: str = ""
    description: str = ""
    started_on: date | None = None
    finished_on: date | None = None


@dataclass(slots=True)
class CertificationRecord:
    name: str
    authority: str = ""
    url: str = ""
    issued_on: date | None = None
    expires_on: date | None = None


@dataclass(slots=True)
class BoardServiceRecord:
    organization_name: str
    role: str = "member"  # member, chair, vice_chair, treasurer, secretary or free text
    committee: str = ""
    started_on: date | None = None
    finished_on: date | None = None


@dataclass(slots=True)
class ExtraRecord:
    kind: ExtraKind
    title: str
    subtitle: str = ""
    description: str = ""
    url: str = ""
    started_on: date | None = None
    finished_on: date | None = None


@dataclass(slots=True)
class AvailabilityRecord:
    hours_per_week: int | None = None
    role_kinds: list[str] = field(default_factory=list)  # "volunteer", "staff", "board"
    schedule: list[str] = field(default_factory=list)  # "weekdays", "evenings", "weekends"
    available_from: date | None = None
    work_mode: WorkMode | None = None


@dataclass(slots=True)
class ProfileRecord:
    source: Source
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    city: str = ""
    region: str = ""
    country: str = ""  # ISO 3166-1 alpha-2 when known
    headline: str = ""
    summary: str = ""
    website: str = ""
    linkedin_url: str = ""  # normalized by app.importers.vocab.normalize_linkedin_url
    positions: list[PositionRecord] = field(default_factory=list)
    educations: list[EducationRecord] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    languages: list[LanguageRecord] = field(default_factory=list)
    volunteering: list[VolunteeringRecord] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    certifications: list[CertificationRecord] = field(default_factory=list)
    board_services: list[BoardServiceRecord] = field(default_factory=list)
    extras: list[ExtraRecord] = field(default_factory=list)
    availability: AvailabilityRecord | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True)
class ConnectionRecord:
    """One row of a recruiter's ``Connections.csv``; ``line`` is its line in the file."""

    line: int
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    company: str = ""
    position: str = ""
    profile_url: str = ""  # normalized like ProfileRecord.linkedin_url
    connected_on: date | None = None


@dataclass(slots=True)
class ConnectionsFile:
    """A parsed ``Connections.csv``: its rows, and the rows skipped with why."""

    records: list[ConnectionRecord] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
