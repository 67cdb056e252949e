"""What the matching keeps in the database: freshness stamps and learned weights."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import OrgScoped, UTCDateTime, str_enum, utcnow
from app.models.roles import RoleKind


class MatchingState(OrgScoped, db.Model):
    """A counter bumped whenever candidates, consents or roles of the organization change.

    Every gunicorn worker keeps its own in-memory index; comparing this stamp on each
    request tells it when another worker (or host) changed the data.
    """

    __tablename__ = "matching_states"
    __table_args__ = (UniqueConstraint("organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: Candidates changed since the last full rebuild, for incremental updates.
    changed_candidate_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class LearnedWeights(OrgScoped, db.Model):
    """Weights proposed from recruiters' decisions for one role kind, and whether accepted."""

    __tablename__ = "learned_weights"
    __table_args__ = (UniqueConstraint("organization_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RoleKind] = mapped_column(str_enum(RoleKind, "learned_role_kind"))
    proposed: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    #: The weights in force before acceptance, so a reset is exact.
    previous: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    decision_count: Mapped[int] = mapped_column(Integer, default=0)
    #: Cross-validated figures, e.g. {"auc_default": 0.61, "auc_learned": 0.72}.
    evaluation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed/accepted/reset
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
