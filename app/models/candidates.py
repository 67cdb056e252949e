"""Candidates and everything their profile holds, each item with its source."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import OrgScoped, TimestampMixin, UTCDateTime, str_enum, utcnow


class Source(enum.StrEnum):
    FORM = "form"
    LINKEDIN = "linkedin"
    JSON_RESUME = "json_resume"
    RECRUITER = "recruiter"
    DEMO = "demo"


class LanguageLevel(enum.StrEnum):
    """LinkedIn's five proficiency levels, lowest first."""

    ELEMENTARY = "elementary"
    LIMITED_WORKING = "limited_working"
    PROFESSIONAL_WORKING = "professional_working"
    FULL_PROFESSIONAL = "full_professional"
    NATIVE_OR_BILINGUAL = "native_or_bilingual"


class WorkMode(enum.StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    HYBRID = "hybrid"
    ANY = "any"


class ExtraKind(enum.StrEnum):
    """Profile sections kept as they are (shown and exported, not scored)."""

    AWARD = "award"  # LinkedIn Honors, JSON Resume awards
    PROJECT = "project"
    COURSE = "course"
    PUBLICATION = "publication"
    INTEREST = "interest"
    MEMBERSHIP = "membership"  # LinkedIn Organizations that are not board service


class ConsentPurpose(enum.StrEnum):
    MATCHING = "matching"  # being matched to this organization's roles
    CONTACT = "contact"  # being contacted about roles
    RETENTION = "retention"  # keeping the profile for future roles


class Candidate(OrgScoped, TimestampMixin, db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str] = mapped_column(String(50), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    headline: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    # Normalized "https://www.linkedin.com/in/<handle>" (see app.importers.vocab).
    linkedin_url: Mapped[str | None] = mapped_column(String(300), index=True)
    source: Mapped[Source] = mapped_column(str_enum(Source, "candidate_source"))
    # Where each scalar field came from: {"headline": {"source": "linkedin", "at": ISO date}}.
    field_sources: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    interested_volunteer: Mapped[bool] = mapped_column(Boolean, default=False)
    interested_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    interested_board: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    # Any of "weekdays", "evenings", "weekends".
    schedule: Mapped[list[str]] = mapped_column(JSON, default=list)
    available_from: Mapped[date | None] = mapped_column(Date)
    work_mode: Mapped[WorkMode | None] = mapped_column(str_enum(WorkMode, "work_mode"))

    positions: Mapped[list[Position]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="Position.started_on"
    )
    educations: Mapped[list[Education]] = relationship(cascade="all, delete-orphan")
    skills: Mapped[list[CandidateSkill]] = relationship(cascade="all, delete-orphan")
    languages: Mapped[list[CandidateLanguage]] = relationship(cascade="all, delete-orphan")
    volunteering: Mapped[list[Volunteering]] = relationship(cascade="all, delete-orphan")
    causes: Mapped[list[CandidateCause]] = relationship(cascade="all, delete-orphan")
    certifications: Mapped[list[Certification]] = relationship(cascade="all, delete-orphan")
    board_services: Mapped[list[BoardService]] = relationship(cascade="all, delete-orphan")
    extras: Mapped[list[ProfileExtra]] = relationship(cascade="all, delete-orphan")
    consents: Mapped[list[Consent]] = relationship(cascade="all, delete-orphan")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def active_consent(self, purpose: ConsentPurpose, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return any(c.purpose == purpose and c.is_active(now) for c in self.consents)


class _ProfileItem(OrgScoped):
    """Columns every profile item shares: its candidate and where it came from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[Source] = mapped_column(str_enum(Source, "profile_item_source"))
    # When this item was typed or imported (shown beside its source).
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def _candidate_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)


class Position(_ProfileItem, db.Model):
    __tablename__ = "positions"

    candidate_id: Mapped[int] = _candidate_fk()
    title: Mapped[str] = mapped_column(String(200))
    company: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)  # None with is_current = ongoing
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    title_concept: Mapped[str | None] = mapped_column(String(100))

    candidate: Mapped[Candidate] = relationship(back_populates="positions")


class Education(_ProfileItem, db.Model):
    __tablename__ = "educations"

    candidate_id: Mapped[int] = _candidate_fk()
    school: Mapped[str] = mapped_column(String(200))
    degree: Mapped[str] = mapped_column(String(200), default="")
    field_of_study: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)


class CandidateSkill(_ProfileItem, db.Model):
    __tablename__ = "candidate_skills"
    __table_args__ = (UniqueConstraint("candidate_id", "label"),)

    candidate_id: Mapped[int] = _candidate_fk()
    label: Mapped[str] = mapped_column(String(200))  # the candidate's own wording
    concept_id: Mapped[str | None] = mapped_column(String(100), index=True)  # taxonomy id


class CandidateLanguage(_ProfileItem, db.Model):
    __tablename__ = "candidate_languages"
    __table_args__ = (UniqueConstraint("candidate_id", "language"),)

    candidate_id: Mapped[int] = _candidate_fk()
    language: Mapped[str] = mapped_column(String(60))  # ISO 639-1 code when known
    level: Mapped[LanguageLevel | None] = mapped_column(str_enum(LanguageLevel, "language_level"))


class Volunteering(_ProfileItem, db.Model):
    __tablename__ = "volunteering"

    candidate_id: Mapped[int] = _candidate_fk()
    organization_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    cause: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)


class CandidateCause(_ProfileItem, db.Model):
    __tablename__ = "candidate_causes"
    __table_args__ = (UniqueConstraint("candidate_id", "cause"),)

    candidate_id: Mapped[int] = _candidate_fk()
    cause: Mapped[str] = mapped_column(String(200))


class Certification(_ProfileItem, db.Model):
    __tablename__ = "certifications"

    candidate_id: Mapped[int] = _candidate_fk()
    name: Mapped[str] = mapped_column(String(200))
    authority: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)


class BoardService(_ProfileItem, db.Model):
    """Board and committee experience elsewhere, for governance readiness."""

    __tablename__ = "board_services"

    candidate_id: Mapped[int] = _candidate_fk()
    organization_name: Mapped[str] = mapped_column(String(200))
    # "member", "chair", "vice_chair", "treasurer", "secretary" or a committee role.
    role: Mapped[str] = mapped_column(String(100), default="member")
    committee: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)


class ProfileExtra(_ProfileItem, db.Model):
    """Awards, projects, courses, publications, interests and memberships."""

    __tablename__ = "profile_extras"

    candidate_id: Mapped[int] = _candidate_fk()
    kind: Mapped[ExtraKind] = mapped_column(str_enum(ExtraKind, "extra_kind"))
    title: Mapped[str] = mapped_column(String(300))
    # Issuer, publisher, role in a project or membership: whatever qualifies the title.
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)


class DuplicateDismissal(OrgScoped, db.Model):
    """A pair of candidates a recruiter said are two different people."""

    __tablename__ = "duplicate_dismissals"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # first_id < second_id, so a pair is stored once.
    first_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Consent(OrgScoped, db.Model):
    """One purpose the candidate agreed to (Law 25: consent is per purpose)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = _candidate_fk()
    purpose: Mapped[ConsentPurpose] = mapped_column(str_enum(ConsentPurpose, "consent_purpose"))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who recorded it: the candidate, or a recruiter stating it at import.
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def is_active(self, now: datetime) -> bool:
        if self.withdrawn_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
