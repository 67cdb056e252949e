"""Tuning the matching weights from recruiters' decisions: propose, accept, reset.

A *decision* is an application of a consenting candidate, to a role of the kind
being tuned, that a recruiter moved to a stage saying yes (shortlisted or further)
or no (not a fit). Each organization has at most one :class:`LearnedWeights` row
per role kind; its ``status`` says which weights are in force:

========== =========================================================
no row     the default weights of the kind
proposed   ``previous`` (the weights in force when it was proposed)
accepted   ``proposed``
reset      ``previous`` again
========== =========================================================

Every function flushes; the view or command commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Application,
    Candidate,
    Consent,
    ConsentPurpose,
    LearnedWeights,
    Organization,
    Role,
    RoleKind,
    User,
)
from app.models.base import utcnow
from app.services import audit
from app.services import matching as matching_service
from app.services.errors import ServiceError
from matching.components import CachedTaxonomy
from matching.learning import WeightLearner
from matching.scoring import score
from matching.types import COMPONENTS, RoleSpec
from matching.weights import DEFAULT_WEIGHTS

#: Stages that say a recruiter wanted the candidate (1) or did not (0).
POSITIVE_STAGES = frozenset({"shortlisted", "contacted", "interview", "offered", "accepted"})
NEGATIVE_STAGES = frozenset({"not_a_fit"})
MIN_DECISIONS = 30


@dataclass(frozen=True)
class WeightRow:
    """One component's share of the score (0–1) by default, as proposed, and in force."""

    component: str
    default: float
    proposed: float | None
    in_force: float


@dataclass(frozen=True)
class KindTuning:
    """Everything the tuning page shows for one role kind."""

    kind: RoleKind
    decisions: int
    rows: list[WeightRow]
    status: str | None  # None until weights are first proposed
    evaluation: dict[str, Any]
    proposed_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    #: Whether a reset brings back the defaults (else an earlier accepted set).
    reset_restores_defaults: bool

    @property
    def needed(self) -> int:
        return max(0, MIN_DECISIONS - self.decisions)


def weights_for(org: Organization, kind: RoleKind) -> dict[str, float]:
    """The weights in force for the organization's roles of a kind, before per-role overrides."""
    return _in_force(_learned(org, kind), kind)


def overview(org: Organization) -> list[KindTuning]:
    """Per role kind: decisions so far, default / proposed / in-force weights, evaluation."""
    counts = _decision_counts(org)
    rows = {
        row.kind: row
        for row in db.session.scalars(
            select(LearnedWeights).where(LearnedWeights.organization_id == org.id)
        )
    }
    deciders = _names({row.decided_by_id for row in rows.values()})
    return [_kind_tuning(kind, counts.get(kind, 0), rows.get(kind), deciders) for kind in RoleKind]


def propose(org: Organization, kind: RoleKind, actor: User) -> LearnedWeights:
    """Learn weights from the decisions so far and store them as a proposal (not in force).

    Raises :class:`ServiceError` with fewer than ``MIN_DECISIONS`` decisions, or when
    they are all of one kind (all shortlisted or all not a fit).
    """
    missing = MIN_DECISIONS - decision_count(org, kind)
    if missing > 0:
        raise ServiceError(
            lazy_ngettext(
                "%(num)d more decision needed before weights can be learned.",
                "%(num)d more decisions needed before weights can be learned.",
                missing,
            )
        )
    row = _learned(org, kind)
    in_force = _in_force(row, kind)
    found = decisions(org, kind, in_force)
    if len(set(found.labels.tolist())) < 2:
        raise ServiceError(
            _l(
                "Learning needs both candidates who were advanced and candidates judged "
                "not a fit; so far the decisions are all of one kind."
            )
        )
    learner = WeightLearner(min_decisions=MIN_DECISIONS)
    learner.fit(found.scores, found.labels, current_weights=in_force)
    evaluation = learner.evaluate(
        found.scores, found.labels, current_weights=in_force, applicable=found.applicable
    )
    if row is None:
        row = LearnedWeights(organization_id=org.id, kind=kind)
        db.session.add(row)
    row.previous = in_force
    row.proposed = learner.proposed_weights_
    row.decision_count = len(found.labels)
    row.evaluation = evaluation
    row.status = "proposed"
    row.proposed_at = utcnow()
    row.decided_at = None
    row.decided_by_id = None
    db.session.flush()
    _audit("weights.proposed", row, actor)
    return row


def accept(org: Organization, kind: RoleKind, actor: User) -> LearnedWeights:
    """Put the proposed weights in force for the organization's roles of this kind."""
    row = _learned(org, kind)
    if row is None or row.status != "proposed":
        raise ServiceError(_l("There are no proposed weights to accept for these roles."))
    _decide(row, "accepted", actor)
    _audit("weights.accepted", row, actor)
    matching_service.touch(org)
    db.session.flush()
    return row


def reset(org: Organization, kind: RoleKind, actor: User) -> LearnedWeights:
    """Put back the weights that were in force before the learned ones were accepted."""
    row = _learned(org, kind)
    if row is None or row.status != "accepted":
        raise ServiceError(_l("The learned weights are not in force: there is nothing to reset."))
    _decide(row, "reset", actor)
    _audit("weights.reset", row, actor)
    matching_service.touch(org)
    db.session.flush()
    return row


def decision_count(org: Organization, kind: RoleKind) -> int:
    """How many decisions the organization's recruiters made on roles of ``kind``."""
    return _decision_counts(org, kind).get(kind, 0)


def _decision_counts(org: Organization, *kinds: RoleKind) -> dict[RoleKind, int]:
    """Decisions per role kind (only ``kinds`` when given)."""
    query = select(Role.kind, func.count(Application.id)).join(Application.role)
    query = query.where(_is_decision(org), *([Role.kind.in_(kinds)] if kinds else []))
    return {kind: count for kind, count in db.session.execute(query.group_by(Role.kind))}


@dataclass(frozen=True)
class Decisions:
    """Decisions as the learner reads them, one row per decided application."""

    #: Component scores 0–100 (decisions × COMPONENTS), NaN where unknown.
    scores: np.ndarray
    #: Whether each component applies to the decision's role under the weights in force.
    applicable: np.ndarray
    #: 1 = shortlisted or further, 0 = not a fit.
    labels: np.ndarray


def decisions(org: Organization, kind: RoleKind, weights: dict[str, float]) -> Decisions:
    """Score every decision of the organization for roles of ``kind`` under ``weights``."""
    applications = db.session.scalars(
        select(Application)
        .join(Application.role)
        .where(_is_decision(org), Role.kind == kind)
        .options(
            selectinload(Application.role).selectinload(Role.skills),
            selectinload(Application.role).selectinload(Role.languages),
            *(
                selectinload(Application.candidate).selectinload(getattr(Candidate, item))
                for item in matching_service.PROFILE_ITEMS
            ),
        )
        .order_by(Application.id)
    ).all()
    # One cache for the whole run: candidates share skills, and the taxonomy's fuzzy
    # look-ups are what scoring spends its time on.
    taxonomy = CachedTaxonomy(matching_service.taxonomy())
    specs: dict[int, RoleSpec] = {}
    shape = (len(applications), len(COMPONENTS))
    scores, applicable = np.full(shape, np.nan), np.zeros(shape, dtype=bool)
    for i, application in enumerate(applications):
        if application.role_id not in specs:
            specs[application.role_id] = matching_service.role_spec(
                application.role, base_weights=weights
            )
        profile = matching_service.candidate_profile(application.candidate)
        match = score(specs[application.role_id], profile, taxonomy=taxonomy)
        for j, name in enumerate(COMPONENTS):
            component = match.components[name]
            applicable[i, j] = component.weight > 0
            if component.score is not None:
                scores[i, j] = component.score
    labels = np.array([int(a.stage in POSITIVE_STAGES) for a in applications], dtype=int)
    return Decisions(scores, applicable, labels)


def _is_decision(org: Organization) -> ColumnElement[bool]:
    """Applications of this organization decided either way, of candidates who consent."""
    now = utcnow()
    consents = exists().where(
        Consent.candidate_id == Application.candidate_id,
        Consent.organization_id == org.id,
        Consent.purpose == ConsentPurpose.MATCHING,
        Consent.withdrawn_at.is_(None),
        or_(Consent.expires_at.is_(None), Consent.expires_at > now),
    )
    return (
        (Application.organization_id == org.id)
        & (Role.organization_id == org.id)
        & Application.stage.in_(POSITIVE_STAGES | NEGATIVE_STAGES)
        & consents
    )


def _learned(org: Organization, kind: RoleKind) -> LearnedWeights | None:
    return db.session.scalar(
        select(LearnedWeights).where(
            LearnedWeights.organization_id == org.id, LearnedWeights.kind == kind
        )
    )


def _defaults(kind: RoleKind) -> dict[str, float]:
    return {name: float(w) for name, w in DEFAULT_WEIGHTS[kind.value].items()}


def _in_force(row: LearnedWeights | None, kind: RoleKind) -> dict[str, float]:
    # Stored weights are laid over today's defaults, so a component added to the
    # library since still gets its default weight, and one removed is dropped.
    defaults = _defaults(kind)
    if row is None:
        return defaults
    stored = row.proposed if row.status == "accepted" else row.previous
    return {**defaults, **{k: float(v) for k, v in stored.items() if k in defaults}}


def _decide(row: LearnedWeights, status: str, actor: User) -> None:
    row.status = status
    row.decided_at = utcnow()
    row.decided_by_id = actor.id


def _audit(action: str, row: LearnedWeights, actor: User) -> None:
    audit.record(
        action,
        organization_id=row.organization_id,
        actor_id=actor.id,
        target_type="learned_weights",
        target_id=row.id,
        kind=row.kind.value,
        proposed=row.proposed,
        previous=row.previous,
        evaluation=row.evaluation,
    )


def _names(user_ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def _shares(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.get(c, 0.0) for c in COMPONENTS)
    return {c: (weights.get(c, 0.0) / total if total else 0.0) for c in COMPONENTS}


def _kind_tuning(
    kind: RoleKind, count: int, row: LearnedWeights | None, deciders: dict[int, str]
) -> KindTuning:
    defaults = _defaults(kind)
    default_shares = _shares(defaults)
    in_force = _shares(_in_force(row, kind))
    proposed = _shares({**defaults, **row.proposed}) if row is not None else None
    return KindTuning(
        kind=kind,
        decisions=count,
        rows=[
            WeightRow(c, default_shares[c], proposed[c] if proposed else None, in_force[c])
            for c in COMPONENTS
        ],
        status=row.status if row else None,
        evaluation=row.evaluation if row else {},
        proposed_at=row.proposed_at if row else None,
        decided_at=row.decided_at if row else None,
        decided_by=deciders.get(row.decided_by_id) if row and row.decided_by_id else None,
        reset_restores_defaults=row is None or {**defaults, **row.previous} == defaults,
    )
