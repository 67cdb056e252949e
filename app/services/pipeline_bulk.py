"""Acting on many candidates for a role at once: shortlist, move, not a fit.

Called as :func:`app.services.pipeline.bulk`. Each candidate is changed in a
SAVEPOINT of its own, so one that someone else changed meanwhile is skipped
without undoing the others. Flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Candidate, ConsentPurpose, NotAFitReason, Role, User
from app.services import audit
from app.services.errors import ServiceError
from app.services.pipeline import (
    NEW,
    NOT_A_FIT,
    SHORTLISTED,
    AlreadyAtStageError,
    ChangedMeanwhile,
    application_for,
    ensure_application,
    move,
    not_a_fit_fields,
    open_transaction,
    stages_of,
)

BULK_ACTIONS = ("shortlist", "move", "not_a_fit")


@dataclass(frozen=True)
class BulkResult:
    """How a bulk action went: applications changed, and one reason per candidate skipped."""

    done: int
    skipped: list[str] = field(default_factory=list)


def bulk(
    role: Role,
    candidate_ids: list[int],
    action: str,
    *,
    actor: User,
    stage: str | None = None,
    reason: NotAFitReason | str | None = None,
    detail: str = "",
) -> BulkResult:
    """Shortlist, move or rule out many candidates for a role at once.

    Only the organization's candidates who consent to matching are acted on;
    applications are created as needed. Each candidate is changed in a SAVEPOINT of
    its own, so one that someone else changed meanwhile is skipped without undoing
    the others. Raises :class:`ServiceError` for an unknown action or stage, or a
    missing not-a-fit reason, before anything changes.
    """
    target = _bulk_target(role, action, stage)
    not_a_fit_fields(target, reason, detail)
    ids = list(dict.fromkeys(candidate_ids))
    found = _consenting(role, ids)
    open_transaction()
    skipped = [str(_l("not found or without consent to matching"))] * (len(ids) - len(found))
    done = 0
    for candidate_id in ids:
        candidate = found.get(candidate_id)
        if candidate is None:
            continue
        problem = _bulk_one(role, candidate, target, actor=actor, reason=reason, detail=detail)
        if problem is None:
            done += 1
        else:
            skipped.append(problem)
    audit.record(
        "applications.bulk_moved",
        organization_id=role.organization_id,
        actor_id=actor.id,
        target_type="role",
        target_id=role.id,
        operation=action,
        stage=target,
        done=done,
        skipped=len(skipped),
    )
    db.session.flush()
    return BulkResult(done, skipped)


# --- helpers --------------------------------------------------------------------------


def _bulk_target(role: Role, action: str, stage: str | None) -> str:
    if action == "shortlist":
        return SHORTLISTED
    if action == "not_a_fit":
        return NOT_A_FIT
    if action != "move":
        raise ServiceError(_l("Choose what to do with the candidates."), field="action")
    keys = {s.key for s in stages_of(role.organization_id)}
    if not stage or stage not in keys:
        raise ServiceError(_l("Choose the stage to move the candidates to."), field="stage")
    return stage


def _consenting(role: Role, ids: list[int]) -> dict[int, Candidate]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Candidate).where(
            Candidate.organization_id == role.organization_id, Candidate.id.in_(ids)
        )
    )
    return {c.id: c for c in rows if c.active_consent(ConsentPurpose.MATCHING)}


def _bulk_one(
    role: Role,
    candidate: Candidate,
    target: str,
    *,
    actor: User,
    reason: NotAFitReason | str | None,
    detail: str,
) -> str | None:
    """Act on one candidate in a SAVEPOINT; the reason it was skipped, or None."""
    try:
        with db.session.begin_nested():
            application = application_for(role, candidate)
            if application is None:
                application = ensure_application(role, candidate, actor=actor)
                if target == NEW:
                    return None  # created at the stage asked for
            move(
                application,
                target,
                actor=actor,
                expected_version=application.version,
                reason=reason,
                detail=detail,
            )
    except ChangedMeanwhile:
        return str(_l("changed meanwhile"))
    except AlreadyAtStageError:
        return str(_l("already at this stage"))
    return None
