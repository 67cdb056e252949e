"""Roles an organization recruits for: volunteer, staff and board positions."""

from __future__ import annotations

import enum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import OrgScoped, TimestampMixin, str_enum
from app.models.candidates import LanguageLevel, WorkMode


class RoleKind(enum.StrEnum):
    VOLUNTEER = "volunteer"
    STAFF = "staff"
    BOARD = "board"


class RoleStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PAUSED = "paused"
    CLOSED = "closed"


class Role(OrgScoped, TimestampMixin, db.Model):
    """A position, with the fields of the JSON Resume job format and its extensions."""

    __tablename__ = "roles"
    __table_args__ = (Index("ix_roles_organization_id_status", "organization_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[RoleKind] = mapped_column(str_enum(RoleKind, "role_kind"))
    status: Mapped[RoleStatus] = mapped_column(
        str_enum(RoleStatus, "role_status"), default=RoleStatus.DRAFT
    )
    type: Mapped[str] = mapped_column(String(100), default="")  # the job file's free "type"
    company: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    work_mode: Mapped[WorkMode] = mapped_column(
        str_enum(WorkMode, "role_work_mode"), default=WorkMode.IN_PERSON
    )
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    schedule: Mapped[list[str]] = mapped_column(JSON, default=list)
    cause: Mapped[str] = mapped_column(String(200), default="")
    experience: Mapped[str] = mapped_column(String(200), default="")
    min_years_experience: Mapped[int | None] = mapped_column(Integer)
    responsibilities: Mapped[list[str]] = mapped_column(JSON, default=list)
    qualifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Per-role overrides of the matching weights, {component: weight}.
    weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    blind_review: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    skills: Mapped[list[RoleSkill]] = relationship(
        cascade="all, delete-orphan", order_by="RoleSkill.id"
    )
    languages: Mapped[list[RoleLanguage]] = relationship(cascade="all, delete-orphan")


class RoleSkill(db.Model):
    __tablename__ = "role_skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    concept_id: Mapped[str | None] = mapped_column(String(100))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    level: Mapped[str] = mapped_column(String(60), default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)


class RoleLanguage(db.Model):
    __tablename__ = "role_languages"

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(60))
    level: Mapped[LanguageLevel | None] = mapped_column(
        str_enum(LanguageLevel, "role_language_level")
    )
    required: Mapped[bool] = mapped_column(Boolean, default=False)
