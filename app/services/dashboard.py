"""What the organization's home page shows: roles, pipeline counts, the board."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Application,
    BoardMember,
    Candidate,
    Consent,
    ConsentPurpose,
    Organization,
    Role,
    RoleStatus,
    Stage,
)
from app.models.base import utcnow

WAITING_DAYS = 14


@dataclass(frozen=True)
class RoleSummary:
    role: Role
    stage_counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.stage_counts.values())


@dataclass(frozen=True)
class Overview:
    roles: list[RoleSummary]
    stages: list[Stage]
    candidate_count: int
    matchable_count: int
    new_this_week: int
    waiting_count: int
    board_size: int
    terms_ending: list[BoardMember] = field(default_factory=list)
    horizon: date | None = None


def organization_overview(org: Organization, *, today: date | None = None) -> Overview:
    today = today or date.today()
    now = utcnow()
    roles = db.session.scalars(
        select(Role)
        .where(Role.organization_id == org.id, Role.status == RoleStatus.OPEN)
        .order_by(Role.kind, Role.title)
    ).all()
    counts: dict[int, dict[str, int]] = {role.id: {} for role in roles}
    rows = db.session.execute(
        select(Application.role_id, Application.stage, func.count())
        .where(Application.organization_id == org.id, Application.role_id.in_(counts))
        .group_by(Application.role_id, Application.stage)
    )
    for role_id, stage, n in rows:
        counts[role_id][stage] = n

    stages = db.session.scalars(
        select(Stage).where(Stage.organization_id == org.id).order_by(Stage.position)
    ).all()
    open_stage_keys = [s.key for s in stages if not s.is_terminal]

    def count(stmt) -> int:  # type: ignore[no-untyped-def]
        return db.session.scalar(stmt) or 0

    candidates = select(func.count(Candidate.id)).where(Candidate.organization_id == org.id)
    matchable = (
        select(func.count(func.distinct(Consent.candidate_id)))
        .where(
            Consent.organization_id == org.id,
            Consent.purpose == ConsentPurpose.MATCHING,
            Consent.withdrawn_at.is_(None),
        )
        .where((Consent.expires_at.is_(None)) | (Consent.expires_at > now))
    )
    waiting = select(func.count(Application.id)).where(
        Application.organization_id == org.id,
        Application.stage.in_(open_stage_keys),
        Application.stage_changed_at < now - timedelta(days=WAITING_DAYS),
    )

    horizon = org.next_agm_on
    board = db.session.scalars(
        select(BoardMember)
        .where(BoardMember.organization_id == org.id)
        .order_by(BoardMember.term_end)
    ).all()
    ending = [m for m in board if horizon is not None and m.term_end <= horizon]
    return Overview(
        roles=[RoleSummary(role, counts[role.id]) for role in roles],
        stages=list(stages),
        candidate_count=count(candidates),
        matchable_count=count(matchable),
        new_this_week=count(candidates.where(Candidate.created_at >= now - timedelta(days=7))),
        waiting_count=count(waiting),
        board_size=len(board),
        terms_ending=ending,
        horizon=horizon,
    )
