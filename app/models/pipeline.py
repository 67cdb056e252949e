"""The recruiting pipeline: stages, applications, their history and notes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import OrgScoped, TimestampMixin, UTCDateTime, str_enum, utcnow
from app.models.candidates import Candidate
from app.models.roles import Role

# (key, English label, French label, terminal?) in pipeline order.
DEFAULT_STAGES: tuple[tuple[str, str, str, bool], ...] = (
    ("new", "New", "Nouveau", False),
    ("reviewing", "Reviewing", "En examen", False),
    ("shortlisted", "Shortlisted", "Présélectionné", False),
    ("contacted", "Contacted", "Contacté", False),
    ("interview", "Interview", "Entrevue", False),
    ("offered", "Offered", "Offre faite", False),
    ("accepted", "Accepted", "Accepté", True),
    ("declined", "Declined", "Refusé par la personne", True),
    ("not_a_fit", "Not a fit", "Ne convient pas", True),
)


class NotAFitReason(enum.StrEnum):
    SKILLS = "skills"
    AVAILABILITY = "availability"
    LANGUAGE = "language"
    LOCATION = "location"
    CHOSE_ANOTHER = "chose_another"
    WITHDREW = "withdrew"
    OTHER = "other"


class Stage(OrgScoped, db.Model):
    """A pipeline stage; each organization may rename, reorder or add them."""

    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("organization_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    label_en: Mapped[str] = mapped_column(String(100))
    label_fr: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    is_terminal: Mapped[bool] = mapped_column(default=False)

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_fr


class Application(OrgScoped, TimestampMixin, db.Model):
    """A candidate considered for a role, and where they stand."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("role_id", "candidate_id"),
        Index("ix_applications_role_id_stage", "role_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(40), default="new")
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rating: Mapped[int | None] = mapped_column(Integer)
    not_a_fit_reason: Mapped[NotAFitReason | None] = mapped_column(
        str_enum(NotAFitReason, "not_a_fit_reason")
    )
    not_a_fit_detail: Mapped[str] = mapped_column(Text, default="")
    # Place on the role's shortlist (1 = first); None when not on it.
    shortlist_position: Mapped[int | None] = mapped_column(Integer)
    # Blind review: when the candidate's identity was shown (at shortlisting).
    revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optimistic locking: a stale form's UPDATE matches no row and is refused.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    role: Mapped[Role] = relationship()
    candidate: Mapped[Candidate] = relationship()
    history: Mapped[list[StageChange]] = relationship(
        cascade="all, delete-orphan", order_by="StageChange.changed_at"
    )
    notes: Mapped[list[Note]] = relationship(
        cascade="all, delete-orphan", order_by="Note.created_at"
    )

    __mapper_args__ = {"version_id_col": version}


class StageChange(db.Model):
    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Note(OrgScoped, db.Model):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReviewRequest(OrgScoped, db.Model):
    """A candidate asking a person to review an automated assessment (Law 25, s. 12.1)."""

    __tablename__ = "review_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    # The role whose ranking is questioned; None for every role.
    role_id: Mapped[int | None] = mapped_column(ForeignKey("roles.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str] = mapped_column(Text, default="")
