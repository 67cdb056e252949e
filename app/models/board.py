"""The board: its members and terms, and the competency matrix it aims for."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import OrgScoped, TimestampMixin, str_enum


class OfficerRole(enum.StrEnum):
    NONE = "none"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    TREASURER = "treasurer"
    SECRETARY = "secretary"


class BoardCompetency(OrgScoped, db.Model):
    """A row of the board's composition matrix (expertise, network, language…)."""

    __tablename__ = "board_competencies"
    __table_args__ = (UniqueConstraint("organization_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60))
    label_en: Mapped[str] = mapped_column(String(200))
    label_fr: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(60), default="expertise")
    position: Mapped[int] = mapped_column(Integer, default=0)

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_fr


class CompetencyTarget(OrgScoped, db.Model):
    """How many members the board needs in a competency, and how much it matters."""

    __tablename__ = "competency_targets"
    __table_args__ = (UniqueConstraint("competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("board_competencies.id", ondelete="CASCADE")
    )
    target_count: Mapped[int] = mapped_column(Integer, default=1)
    priority: Mapped[int] = mapped_column(Integer, default=2)  # 1 low … 3 high

    competency: Mapped[BoardCompetency] = relationship()


class BoardMember(OrgScoped, TimestampMixin, db.Model):
    __tablename__ = "board_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidates.id", ondelete="SET NULL")
    )
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    seat: Mapped[str] = mapped_column(String(120), default="")
    officer_role: Mapped[OfficerRole] = mapped_column(
        str_enum(OfficerRole, "officer_role"), default=OfficerRole.NONE
    )
    committees: Mapped[list[str]] = mapped_column(JSON, default=list)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    term_number: Mapped[int] = mapped_column(Integer, default=1)
    max_terms: Mapped[int] = mapped_column(Integer, default=3)
    renewable: Mapped[bool] = mapped_column(Boolean, default=True)

    competencies: Mapped[list[MemberCompetency]] = relationship(cascade="all, delete-orphan")


class MemberCompetency(db.Model):
    """A board member's level (1 working knowledge … 3 expert) in one competency."""

    __tablename__ = "member_competencies"
    __table_args__ = (UniqueConstraint("member_id", "competency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("board_members.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("board_competencies.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(Integer, default=2)

    competency: Mapped[BoardCompetency] = relationship()
