"""What a candidate may see of what the organization holds about them (right of access).

Read-only: consents per purpose with their history, what happened to the profile
(imports, edits, consents, exports: from the audit log) and the roles they are
considered for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Candidate,
    Consent,
    ConsentPurpose,
    Role,
    Stage,
)
from app.models.base import utcnow

#: Audit actions a candidate is shown, about their own profile.
SHOWN_ACTIONS = (
    "profile.imported",
    "profile.updated",
    "candidate.merged",
    "consent.given",
    "consent.withdrawn",
    "candidate.exported",
    "prospect.converted",
)
MAX_EVENTS = 200


@dataclass
class ConsentRow:
    """One purpose: the consent in force (if any) and, on request, every earlier one."""

    purpose: ConsentPurpose
    active: Consent | None
    history: list[Consent] = field(default_factory=list)


@dataclass(frozen=True)
class Event:
    action: str
    at: datetime
    by_self: bool
    details: dict[str, object]


@dataclass(frozen=True)
class ApplicationRow:
    role_title: str
    stage_key: str
    stage_en: str
    stage_fr: str
    since: datetime


def consent_rows(candidate: Candidate, *, history: bool = False) -> list[ConsentRow]:
    """Each purpose with the consent in force now (the latest one), newest history first."""
    now = utcnow()
    rows = []
    for purpose in ConsentPurpose:
        mine = sorted(
            (c for c in candidate.consents if c.purpose == purpose),
            key=lambda c: c.given_at,
            reverse=True,
        )
        active = next((c for c in mine if c.is_active(now)), None)
        rows.append(ConsentRow(purpose, active, mine if history else []))
    return rows


def history(candidate: Candidate) -> list[Event]:
    """What happened to the profile, newest first, from the audit log."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.organization_id == candidate.organization_id,
            AuditEvent.target_type == "candidate",
            AuditEvent.target_id == candidate.id,
            AuditEvent.action.in_(SHOWN_ACTIONS),
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(MAX_EVENTS)
    )
    return [
        Event(
            action=e.action,
            at=e.created_at,
            by_self=candidate.user_id is not None and e.actor_id == candidate.user_id,
            details=dict(e.details or {}),
        )
        for e in events
    ]


def applications(candidate: Candidate) -> list[ApplicationRow]:
    """The roles the candidate is considered for, and where they stand."""
    rows = db.session.execute(
        select(Application, Role.title)
        .join(Role, Role.id == Application.role_id)
        .where(
            Application.organization_id == candidate.organization_id,
            Application.candidate_id == candidate.id,
        )
        .order_by(Application.created_at.desc())
    ).all()
    stages = {
        s.key: s
        for s in db.session.scalars(
            select(Stage).where(Stage.organization_id == candidate.organization_id)
        )
    }
    result = []
    for application, title in rows:
        stage = stages.get(application.stage)
        result.append(
            ApplicationRow(
                role_title=title,
                stage_key=application.stage,
                stage_en=stage.label_en if stage else application.stage,
                stage_fr=stage.label_fr if stage else application.stage,
                since=application.stage_changed_at,
            )
        )
    return result
