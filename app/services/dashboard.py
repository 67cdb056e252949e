"""What the organization's home page shows: roles, pipeline counts, the board.

Applications count as *waiting* when they have stayed longer than the
organization's ``waiting_days`` in a stage that is not terminal, on a role that is
not closed; the oldest few are listed. Prospects who seem to fit an open role come
from :mod:`app.services.prospect_fit`, only when asked (recruiters and admins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

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
from app.services.pipeline import identity_hidden
from app.services.prospect_fit import ProspectFit, prospect_fits

#: How many of the longest-waiting applications the dashboard lists.
WAITING_SHOWN = 5


@dataclass(frozen=True)
class RoleSummary:
    role: Role
    stage_counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.stage_counts.values())


@dataclass(frozen=True)
class WaitingApplication:
    """An application left in a stage longer than the organization allows."""

    application: Application
    role: Role
    candidate: Candidate
    stage: Stage | None
    hidden: bool
    days: int
    #: Whether the candidate consents to matching (their page for the role exists).
    matchable: bool


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
    waiting_days: int = 14
    waiting: list[WaitingApplication] = field(default_factory=list)
    #: None when not asked for (people who cannot invite prospects).
    prospect_fits: list[ProspectFit] | None = None


def _waiting_statement(
    org: Organization, open_stage_keys: list[str], since: datetime
) -> Select[tuple[Application]]:
    return (
        select(Application)
        .join(Role, Role.id == Application.role_id)
        .where(
            Application.organization_id == org.id,
            Application.stage.in_(open_stage_keys),
            Application.stage_changed_at < since,
            Role.status != RoleStatus.CLOSED,
        )
    )


def waiting_applications(
    org: Organization, stages: list[Stage], *, now: datetime, limit: int = WAITING_SHOWN
) -> tuple[int, list[WaitingApplication]]:
    """How many applications wait longer than ``org.waiting_days``, and the oldest ``limit``."""
    open_stages = {s.key: s for s in stages if not s.is_terminal}
    statement = _waiting_statement(org, list(open_stages), now - timedelta(days=org.waiting_days))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    oldest = db.session.scalars(
        statement.options(
            joinedload(Application.role),
            joinedload(Application.candidate).selectinload(Candidate.consents),
        )
        .order_by(Application.stage_changed_at, Application.id)
        .limit(limit)
    ).all()
    return total, [
        WaitingApplication(
            application=a,
            role=a.role,
            candidate=a.candidate,
            stage=open_stages.get(a.stage),
            hidden=identity_hidden(a.role, a),
            days=(now - a.stage_changed_at).days,
            matchable=a.candidate.active_consent(ConsentPurpose.MATCHING, now),
        )
        for a in oldest
    ]


def organization_overview(
    org: Organization, *, today: date | None = None, prospects: bool = True
) -> Overview:
    """The dashboard's figures; ``prospects`` adds the prospects who fit an open role."""
    today = today or date.today()
    now = utcnow()
    roles = db.session.scalars(
        select(Role)
        .where(Role.organization_id == org.id, Role.status == RoleStatus.OPEN)
        .options(selectinload(Role.skills))
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
    waiting_count, waiting = waiting_applications(org, list(stages), now=now)

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
        waiting_count=waiting_count,
        board_size=len(board),
        terms_ending=ending,
        horizon=horizon,
        waiting_days=org.waiting_days,
        waiting=waiting,
        prospect_fits=prospect_fits(org, roles) if prospects else None,
    )
