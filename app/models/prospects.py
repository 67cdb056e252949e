"""People a recruiter knows (LinkedIn connections) who have consented to nothing yet."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import OrgScoped, TimestampMixin, UTCDateTime


class Prospect(OrgScoped, TimestampMixin, db.Model):
    """A connection, kept only until it is invited and converts, or the retention ends.

    ``match_key`` identifies the person within the organization: the normalized
    profile URL, else the e-mail, else the folded name and company. A re-import
    updates the row with the same key instead of adding another.
    """

    __tablename__ = "prospects"
    __table_args__ = (
        Index(
            "ix_prospects_organization_id_match_key", "organization_id", "match_key", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    match_key: Mapped[str] = mapped_column(String(400))
    first_name: Mapped[str] = mapped_column(String(120), default="")
    last_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    profile_url: Mapped[str] = mapped_column(String(300), default="")
    connected_on: Mapped[date | None] = mapped_column(Date)
    # The recruiter whose connections these are.
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Personal invitation: only the hash of the token is kept.
    invitation_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    times_imported: Mapped[int] = mapped_column(Integer, default=1)
