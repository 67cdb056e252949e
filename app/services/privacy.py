"""Consent per purpose and erasure (Québec's Law 25, GDPR).

Consent rows are history: giving consent again ends the earlier one of the same
purpose (``expires_at`` set to now), withdrawing stamps ``withdrawn_at``; neither is
ever deleted while the profile exists. Erasure deletes the profile, everything hanging
from it, and the account when it belongs to no other organization, and leaves an audit
entry with ids and counts only.
"""

from __future__ import annotations

import calendar
import json
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, func, or_, select

from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Candidate,
    Consent,
    ConsentPurpose,
    DuplicateDismissal,
    ImportBatch,
    Invitation,
    MemberRole,
    Organization,
    PendingImport,
    Prospect,
    User,
)
from app.models.base import utcnow
from app.services import audit, matching

ERASED = "[erased]"


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months (31 January + 1 month = 28 or 29 February)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def _org(candidate: Candidate) -> Organization:
    org = db.session.get(Organization, candidate.organization_id)
    assert org is not None  # the foreign key guarantees it
    return org


def _active(candidate: Candidate, purpose: ConsentPurpose, now: datetime) -> list[Consent]:
    return [c for c in candidate.consents if c.purpose == purpose and c.is_active(now)]


def give_consent(
    candidate: Candidate,
    purpose: ConsentPurpose,
    *,
    actor: User | None,
    months: int | None = None,
) -> Consent:
    """Record that the candidate agreed to ``purpose``, for ``months`` or until withdrawn.

    ``actor`` is who records it: the candidate, or a recruiter stating it at import. An
    active open-ended consent is returned as it is when no duration is asked; otherwise
    the earlier active consent of the purpose ends now and a new row starts.
    """
    now = utcnow()
    active = _active(candidate, purpose, now)
    if months is None:
        for consent in active:
            if consent.expires_at is None:
                return consent
    for consent in active:
        consent.expires_at = now
    consent = Consent(
        organization_id=candidate.organization_id,
        purpose=purpose,
        given_at=now,
        expires_at=add_months(now, months) if months else None,
        recorded_by_id=actor.id if actor else None,
    )
    candidate.consents.append(consent)
    db.session.flush()
    audit.record(
        "consent.given",
        organization_id=candidate.organization_id,
        actor_id=actor.id if actor else None,
        target_type="candidate",
        target_id=candidate.id,
        purpose=purpose.value,
        months=months,
    )
    if purpose == ConsentPurpose.MATCHING:
        matching.touch(_org(candidate), [candidate.id])
    return consent


def withdraw_consent(candidate: Candidate, purpose: ConsentPurpose, *, actor: User | None) -> None:
    """Withdraw every active consent of ``purpose`` (kept, stamped); nothing if none."""
    now = utcnow()
    active = _active(candidate, purpose, now)
    if not active:
        return
    for consent in active:
        consent.withdrawn_at = now
    db.session.flush()
    audit.record(
        "consent.withdrawn",
        organization_id=candidate.organization_id,
        actor_id=actor.id if actor else None,
        target_type="candidate",
        target_id=candidate.id,
        purpose=purpose.value,
    )
    if purpose == ConsentPurpose.MATCHING:
        matching.touch(_org(candidate), [candidate.id])


# --- erasure ---------------------------------------------------------------------------------


def erase_candidate(candidate: Candidate, *, actor: User | None) -> None:
    """Delete the candidate's profile and what hangs from it; audit ``candidate.erased``.

    Goes: every profile item and consent, the candidate's applications (with their notes
    and history), pending imports, duplicate dismissals, the candidate membership, and
    the user account when it has no other membership. Earlier audit details, import
    summaries, invitations and prospects that name the person (e-mail or name) are
    scrubbed or deleted too. Flushes and touches matching; the caller commits.
    """
    org = _org(candidate)
    candidate_id = candidate.id
    user = db.session.get(User, candidate.user_id) if candidate.user_id else None
    marks = _personal_marks(candidate, user)
    for application in db.session.scalars(
        select(Application).where(Application.candidate_id == candidate_id)
    ):
        db.session.delete(application)
    _delete_hangers_on(org, candidate, user, marks)
    _scrub_imports(org, candidate_id)
    _scrub_audit(org, marks)
    db.session.delete(candidate)
    account_deleted = _remove_account(org, user)
    by_self = actor is not None and user is not None and actor.id == user.id
    audit.record(
        "candidate.erased",
        organization_id=org.id,
        actor_id=None if (by_self and account_deleted) or actor is None else actor.id,
        target_type="candidate",
        target_id=candidate_id,
        by_self=by_self,
        account_deleted=account_deleted,
    )
    db.session.flush()
    matching.touch(org, [candidate_id])


def _personal_marks(candidate: Candidate, user: User | None) -> set[str]:
    """Strings that identify the person: e-mail addresses, names, phone (as written)."""
    marks = {candidate.email or "", candidate.full_name, candidate.phone}
    if user is not None:
        marks |= {user.email, user.full_name}
    return {m.strip() for m in marks if m and len(m.strip()) >= 4}


def _delete_hangers_on(
    org: Organization, candidate: Candidate, user: User | None, marks: set[str]
) -> None:
    cid = candidate.id
    pending = or_(PendingImport.candidate_id == cid)
    if user is not None:
        pending = or_(pending, PendingImport.created_by_id == user.id)
    db.session.execute(
        delete(PendingImport).where(PendingImport.organization_id == org.id, pending)
    )
    db.session.execute(
        delete(DuplicateDismissal).where(
            or_(DuplicateDismissal.first_id == cid, DuplicateDismissal.second_id == cid)
        )
    )
    emails = {m.lower() for m in marks if "@" in m}
    if emails:
        for model in (Prospect, Invitation):
            db.session.execute(
                delete(model).where(
                    model.organization_id == org.id, func.lower(model.email).in_(emails)
                )
            )


def _scrub_imports(org: Organization, candidate_id: int) -> None:
    """File names in import summaries often carry the person's name: blank them."""
    for batch in db.session.scalars(
        select(ImportBatch).where(ImportBatch.organization_id == org.id)
    ):
        summary = batch.summary or []
        if any(entry.get("candidate_id") == candidate_id for entry in summary):
            batch.summary = [
                {**entry, "path": ERASED} if entry.get("candidate_id") == candidate_id else entry
                for entry in summary
            ]


def _scrub_audit(org: Organization, marks: set[str]) -> None:
    """Replace, in earlier audit details, every value that holds one of ``marks``."""
    if not marks:
        return
    text = func.lower(cast(AuditEvent.details, String))
    # Stored JSON escapes non-ASCII letters (\u00c9): search for the escaped form,
    # lowercased like the column (both databases lowercase ASCII alike).
    patterns = {json.dumps(m)[1:-1].lower() for m in marks}
    folded = {m.lower() for m in marks}
    found = db.session.scalars(
        select(AuditEvent).where(
            or_(AuditEvent.organization_id == org.id, AuditEvent.organization_id.is_(None)),
            or_(*(text.contains(p, autoescape=True) for p in patterns)),
        )
    )
    for event in found:
        event.details = {k: _scrubbed(v, folded) for k, v in (event.details or {}).items()}


def _scrubbed(value: Any, marks: set[str]) -> Any:
    if isinstance(value, str) and any(m in value.lower() for m in marks):
        return ERASED
    if isinstance(value, list):
        return [_scrubbed(v, marks) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, marks) for k, v in value.items()}
    return value


def _remove_account(org: Organization, user: User | None) -> bool:
    """Drop the candidate membership, and the account if nothing else holds it."""
    if user is None:
        return False
    membership = user.membership_in(org.id)
    if membership is not None and membership.role == MemberRole.CANDIDATE:
        user.memberships.remove(membership)
    if user.memberships:
        return False
    db.session.delete(user)
    return True
