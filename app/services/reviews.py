"""A person's review of an automated assessment, at the candidate's request (Law 25).

Québec's Law 25 (s. 12.1) lets a person whose case was decided by automated means
ask to have the decision reviewed by someone. A candidate asks for their ranking in
general or for one role; a recruiter reads the assessment and answers with a note
that the candidate sees. Every function flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from app.extensions import db
from app.models import (
    Application,
    Candidate,
    Organization,
    ReviewRequest,
    Role,
    RoleStatus,
    User,
)
from app.models.base import utcnow
from app.services import audit, pipeline
from app.services.errors import ServiceError

MAX_MESSAGE_CHARS = 2000
MAX_RESOLUTION_CHARS = 2000


def roles_to_review(candidate: Candidate) -> list[Role]:
    """Roles a candidate may ask about: the open ones, and any they were considered for."""
    considered = select(Application.role_id).where(
        Application.organization_id == candidate.organization_id,
        Application.candidate_id == candidate.id,
    )
    return list(
        db.session.scalars(
            select(Role)
            .where(
                Role.organization_id == candidate.organization_id,
                or_(Role.status == RoleStatus.OPEN, Role.id.in_(considered)),
            )
            .order_by(Role.title, Role.id)
        )
    )


def request_review(
    candidate: Candidate, *, role: Role | None, message: str, actor: User
) -> ReviewRequest:
    """Record the candidate's request; one open request per role (or for all roles).

    Raises :class:`ServiceError` for a message too long, a role of another
    organization, or a request already waiting for the same role.
    """
    text = (message or "").strip()
    if len(text) > MAX_MESSAGE_CHARS:
        raise ServiceError(
            _l("A message holds at most %(num)d characters.", num=MAX_MESSAGE_CHARS),
            field="message",
        )
    if role is not None and role.organization_id != candidate.organization_id:
        raise ServiceError(_l("Choose one of the organization's roles."), field="role")
    if _waiting(candidate, role) is not None:
        raise ServiceError(
            _l("You already asked for this review: a person will answer you here."), field="role"
        )
    review = ReviewRequest(
        organization_id=candidate.organization_id,
        candidate_id=candidate.id,
        role_id=role.id if role else None,
        message=text,
        created_at=utcnow(),
    )
    db.session.add(review)
    db.session.flush()
    audit.record(
        "review.requested",
        organization_id=candidate.organization_id,
        actor_id=actor.id,
        target_type="review_request",
        target_id=review.id,
        candidate_id=candidate.id,
        role_id=review.role_id,
    )
    return review


def resolve(review: ReviewRequest, *, resolution: str, actor: User) -> None:
    """Mark the request as reviewed by ``actor``, with the answer the candidate will read."""
    text = (resolution or "").strip()
    if review.resolved_at is not None:
        raise ServiceError(_l("This request was already reviewed."))
    if not text:
        raise ServiceError(
            _l("Say what the review found: the candidate reads it."), field="resolution"
        )
    if len(text) > MAX_RESOLUTION_CHARS:
        raise ServiceError(
            _l("An answer holds at most %(num)d characters.", num=MAX_RESOLUTION_CHARS),
            field="resolution",
        )
    review.resolved_at = utcnow()
    review.resolved_by_id = actor.id
    review.resolution = text
    db.session.flush()
    audit.record(
        "review.resolved",
        organization_id=review.organization_id,
        actor_id=actor.id,
        target_type="review_request",
        target_id=review.id,
        candidate_id=review.candidate_id,
        role_id=review.role_id,
    )


def _waiting(candidate: Candidate, role: Role | None) -> ReviewRequest | None:
    same_role = (
        ReviewRequest.role_id.is_(None) if role is None else ReviewRequest.role_id == role.id
    )
    return db.session.scalar(
        select(ReviewRequest).where(
            ReviewRequest.organization_id == candidate.organization_id,
            ReviewRequest.candidate_id == candidate.id,
            ReviewRequest.resolved_at.is_(None),
            same_role,
        )
    )


# --- reading them -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewLine:
    """A request with what its lists show: the role's title, who asked, who answered."""

    review: ReviewRequest
    candidate: Candidate
    role: Role | None
    resolved_by: str | None
    #: Blind review of the role still hides who the candidate is.
    hidden: bool = False


def for_candidate(candidate: Candidate) -> list[ReviewLine]:
    """The candidate's own requests, newest first."""
    stmt = select(ReviewRequest).where(
        ReviewRequest.organization_id == candidate.organization_id,
        ReviewRequest.candidate_id == candidate.id,
    )
    return _lines(candidate.organization_id, stmt)


def about(candidate: Candidate, role: Role) -> list[ReviewLine]:
    """Requests concerning the candidate's assessment for ``role`` (or for every role)."""
    stmt = select(ReviewRequest).where(
        ReviewRequest.organization_id == candidate.organization_id,
        ReviewRequest.candidate_id == candidate.id,
        or_(ReviewRequest.role_id.is_(None), ReviewRequest.role_id == role.id),
    )
    return _lines(candidate.organization_id, stmt)


def listing(org: Organization, *, resolved: bool, limit: int = 200) -> list[ReviewLine]:
    """The organization's requests waiting for a person (or the latest answered ones)."""
    done = (
        ReviewRequest.resolved_at.is_not(None) if resolved else ReviewRequest.resolved_at.is_(None)
    )
    stmt = select(ReviewRequest).where(ReviewRequest.organization_id == org.id, done).limit(limit)
    lines = _lines(org.id, stmt)
    return lines if resolved else lines[::-1]  # waiting ones: the oldest first


def _lines(org_id: int, stmt: Select[tuple[ReviewRequest]]) -> list[ReviewLine]:
    order = (ReviewRequest.created_at.desc(), ReviewRequest.id.desc())
    reviews = list(db.session.scalars(stmt.order_by(*order)))
    if not reviews:
        return []
    people = {
        c.id: c
        for c in db.session.scalars(
            select(Candidate).where(
                Candidate.organization_id == org_id,
                Candidate.id.in_({r.candidate_id for r in reviews}),
            )
        )
    }
    roles = {
        r.id: r
        for r in db.session.scalars(
            select(Role).where(
                Role.organization_id == org_id,
                Role.id.in_({r.role_id for r in reviews if r.role_id}),
            )
        )
    }
    answered = {r.resolved_by_id for r in reviews if r.resolved_by_id}
    names: dict[int, str] = {}
    if answered:
        names = {
            user_id: name
            for user_id, name in db.session.execute(
                select(User.id, User.full_name).where(User.id.in_(answered))
            )
        }
    applications = _applications(org_id, reviews, roles)
    return [
        ReviewLine(
            r,
            people[r.candidate_id],
            roles.get(r.role_id or 0),
            names.get(r.resolved_by_id or 0),
            _hidden(roles.get(r.role_id or 0), applications.get((r.role_id or 0, r.candidate_id))),
        )
        for r in reviews
        if r.candidate_id in people
    ]


def _applications(
    org_id: int, reviews: list[ReviewRequest], roles: dict[int, Role]
) -> dict[tuple[int, int], Application]:
    """Applications of the candidates to the blind roles they asked about."""
    blind = {r.id for r in roles.values() if r.blind_review}
    wanted = [r for r in reviews if r.role_id in blind]
    if not wanted:
        return {}
    rows = db.session.scalars(
        select(Application).where(
            Application.organization_id == org_id,
            Application.role_id.in_({r.role_id for r in wanted}),
            Application.candidate_id.in_({r.candidate_id for r in wanted}),
        )
    )
    return {(a.role_id, a.candidate_id): a for a in rows}


def _hidden(role: Role | None, application: Application | None) -> bool:
    return role is not None and pipeline.identity_hidden(role, application)
