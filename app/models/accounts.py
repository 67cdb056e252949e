"""Organizations (tenants), people who log in, and their memberships."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import OrgScoped, TimestampMixin, UTCDateTime, str_enum, utcnow


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    RECRUITER = "recruiter"
    BOARD_CHAIR = "board_chair"
    CANDIDATE = "candidate"


# Roles that work inside the organization (as opposed to candidates).
STAFF_ROLES = frozenset({MemberRole.ADMIN, MemberRole.RECRUITER, MemberRole.BOARD_CHAIR})


class Organization(TimestampMixin, db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description_fr: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    prospect_retention_days: Mapped[int] = mapped_column(default=180)
    # The dashboard flags applications left longer than this in a non-final stage.
    waiting_days: Mapped[int] = mapped_column(default=14)
    next_agm_on: Mapped[date | None] = mapped_column(Date)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )

    def description(self, locale: str) -> str:
        if locale == "en":
            return self.description_en or self.description_fr
        return self.description_fr or self.description_en


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie; replaced at logout and password change, so a
    # copied cookie stops working everywhere at once.
    session_token: Mapped[str] = mapped_column(
        String(64), default=lambda: secrets.token_urlsafe(32), unique=True
    )
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return self.session_token

    def rotate_session_token(self) -> None:
        self.session_token = secrets.token_urlsafe(32)

    def membership_in(self, organization_id: int) -> Membership | None:
        for membership in self.memberships:
            if membership.organization_id == organization_id:
                return membership
        return None


class Membership(OrgScoped, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, "member_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


class Invitation(OrgScoped, db.Model):
    """An e-mailed link that makes its holder a member with the given role."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole, "invitation_role"))
    # Only a hash is stored: a database leak must not hand out memberships.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organization: Mapped[Organization] = relationship()
    invited_by: Mapped[User | None] = relationship()
