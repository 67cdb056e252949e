"""Organizations, accounts, memberships, invitations and password resets."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    DEFAULT_STAGES,
    Candidate,
    Invitation,
    MemberRole,
    Membership,
    Organization,
    Source,
    Stage,
    User,
)
from app.models.base import utcnow
from app.services import audit
from app.services.errors import ServiceError
from app.services.passwords import (
    MIN_PASSWORD_LENGTH,
    burn_verification_time,
    hash_password,
    needs_rehash,
    verify_password,
)

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            _l("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            field="password",
        )


# --- organizations -------------------------------------------------------------


def create_organization(slug: str, name: str, **fields: Any) -> Organization:
    """Create an organization with the default pipeline stages.

    Its prospect retention starts at the ``PROSPECT_RETENTION_DAYS`` setting.
    """
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise ServiceError(
            _l("The short name may hold only lowercase letters, digits and hyphens."),
            field="slug",
        )
    if db.session.scalar(select(Organization.id).where(Organization.slug == slug)):
        raise ServiceError(_l("An organization with this short name exists."), field="slug")
    if not name.strip():
        raise ServiceError(_l("The organization needs a name."), field="name")
    fields.setdefault("prospect_retention_days", current_app.config["PROSPECT_RETENTION_DAYS"])
    org = Organization(slug=slug, name=name.strip(), **fields)
    db.session.add(org)
    db.session.flush()
    for position, (key, label_en, label_fr, terminal) in enumerate(DEFAULT_STAGES):
        db.session.add(
            Stage(
                organization_id=org.id,
                key=key,
                label_en=label_en,
                label_fr=label_fr,
                position=position,
                is_terminal=terminal,
            )
        )
    db.session.flush()
    return org


#: Bounds of the prospect retention an administrator may choose, in days.
RETENTION_DAYS_RANGE = (7, 730)
#: Bounds of the time after which the dashboard lists an application as waiting, in days.
WAITING_DAYS_RANGE = (1, 90)
SETTING_RANGES = {
    "prospect_retention_days": RETENTION_DAYS_RANGE,
    "waiting_days": WAITING_DAYS_RANGE,
}


def update_settings(org: Organization, actor: User, **values: int | None) -> None:
    """Change the organization's settings given (``prospect_retention_days``, ``waiting_days``).

    Every value is checked before any is changed; one ``settings.changed`` event
    records the settings that really changed, as ``[before, after]``.
    """
    for name, days in values.items():
        low, high = SETTING_RANGES[name]
        if days is not None and not low <= days <= high:
            raise ServiceError(
                _l("Choose between %(low)d and %(high)d days.", low=low, high=high), field=name
            )
    changes = {
        name: [getattr(org, name), days]
        for name, days in values.items()
        if days is not None and days != getattr(org, name)
    }
    if not changes:
        return
    audit.record(
        "settings.changed",
        organization_id=org.id,
        actor_id=actor.id,
        target_type="organization",
        target_id=org.id,
        **changes,
    )
    for name, (_before, after) in changes.items():
        setattr(org, name, after)
    db.session.flush()


def set_prospect_retention(org: Organization, days: int, actor: User) -> None:
    """Change how long prospects are kept before ``purge-prospects`` deletes them."""
    update_settings(org, actor, prospect_retention_days=days)


def get_organization(slug: str) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.slug == slug))
    if org is None:
        raise ServiceError(_l("No organization has the short name %(slug)s.", slug=slug))
    return org


# --- users and memberships -----------------------------------------------------


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_email(email: str) -> str:
    """The address normalized, or a refusal naming the field."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ServiceError(_l("This is not a valid e-mail address."), field="email") from exc
    return normalize_email(email)


def create_user(email: str, full_name: str, password: str, *, locale: str | None = None) -> User:
    email = check_email(email)
    if find_user(email) is not None:
        raise ServiceError(_l("An account already exists for this e-mail address."), field="email")
    if not full_name.strip():
        raise ServiceError(_l("Please give your name."), field="full_name")
    check_password_strength(password)
    user = User(
        email=email,
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def add_membership(user: User, org: Organization, role: MemberRole) -> Membership:
    membership = user.membership_in(org.id)
    if membership is not None:
        membership.role = role
    else:
        membership = Membership(user=user, organization=org, role=role)
        db.session.add(membership)
    if role == MemberRole.CANDIDATE:
        ensure_candidate_profile(user, org)
    db.session.flush()
    return membership


def ensure_candidate_profile(user: User, org: Organization) -> Candidate:
    """The candidate row of ``user`` in ``org``, created from the account if missing.

    A candidate of ``org`` with the account's e-mail and no account yet (imported by a
    recruiter, say) is that person: it is linked rather than doubled.
    """
    in_org = select(Candidate).where(Candidate.organization_id == org.id)
    candidate = db.session.scalar(in_org.where(Candidate.user_id == user.id))
    if candidate is None:
        candidate = db.session.scalar(
            in_org.where(
                Candidate.user_id.is_(None),
                func.lower(Candidate.email) == normalize_email(user.email),
            )
            .order_by(Candidate.id)
            .limit(1)
        )
        if candidate is not None:
            candidate.user_id = user.id
            db.session.flush()
    if candidate is None:
        first, *rest = user.full_name.split(None, 1)
        candidate = Candidate(
            organization_id=org.id,
            user_id=user.id,
            first_name=first,
            last_name=rest[0] if rest else "",
            email=user.email,
            source=Source.FORM,
        )
        db.session.add(candidate)
        db.session.flush()
    return candidate


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; same cost either way."""
    user = find_user(email)
    if user is None or not user.active:
        burn_verification_time(password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def log_out(user: User) -> None:
    """End every session of ``user``: the cookie's token no longer matches."""
    user.rotate_session_token()


def sign_up_candidate(
    org: Organization, email: str, full_name: str, password: str, locale: str | None
) -> User:
    """A new candidate account on ``org``'s public page, with its empty profile."""
    user = create_user(email, full_name, password, locale=locale)
    add_membership(user, org, MemberRole.CANDIDATE)
    audit.record(
        "candidate.signed_up",
        organization_id=org.id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    return user


def join_as_candidate(org: Organization, user: User) -> Membership:
    """An existing account becomes a candidate of ``org`` (staff memberships stay)."""
    membership = user.membership_in(org.id)
    if membership is None:
        membership = add_membership(user, org, MemberRole.CANDIDATE)
        audit.record(
            "candidate.joined",
            organization_id=org.id,
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
        )
    return membership


def count_admins(org: Organization) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                Membership.organization_id == org.id, Membership.role == MemberRole.ADMIN
            )
        )
        or 0
    )


def change_role(org: Organization, membership: Membership, role: MemberRole, actor: User) -> None:
    if membership.role == MemberRole.ADMIN and role != MemberRole.ADMIN and count_admins(org) <= 1:
        raise ServiceError(_l("The organization must keep at least one administrator."))
    old = membership.role
    membership.role = role
    if role == MemberRole.CANDIDATE:
        ensure_candidate_profile(membership.user, org)
    audit.record(
        "member.role_changed",
        organization_id=org.id,
        actor_id=actor.id,
        target_type="user",
        target_id=membership.user_id,
        old=old.value,
        new=role.value,
    )
    db.session.flush()


def remove_member(org: Organization, membership: Membership, actor: User) -> None:
    if membership.role == MemberRole.ADMIN and count_admins(org) <= 1:
        raise ServiceError(_l("The organization must keep at least one administrator."))
    audit.record(
        "member.removed",
        organization_id=org.id,
        actor_id=actor.id,
        target_type="user",
        target_id=membership.user_id,
        role=membership.role.value,
    )
    # Their sessions end: whatever page they have open must not keep working.
    membership.user.rotate_session_token()
    db.session.delete(membership)
    db.session.flush()


# --- invitations ---------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(
    org: Organization, email: str, role: MemberRole, actor: User
) -> tuple[Invitation, str]:
    """Create an invitation; returns it with the secret token for the e-mailed link."""
    email = normalize_email(email)
    existing = find_user(email)
    if existing is not None and existing.membership_in(org.id) is not None:
        raise ServiceError(_l("This person is already a member."), field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization_id=org.id,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    audit.record(
        "member.invited",
        organization_id=org.id,
        actor_id=actor.id,
        target_type="invitation",
        email=email,
        role=role.value,
    )
    db.session.flush()
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """The pending, unexpired invitation for ``token``, or None."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.expires_at <= utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    membership = add_membership(user, invitation.organization, invitation.role)
    invitation.accepted_at = utcnow()
    audit.record(
        "member.joined",
        organization_id=invitation.organization_id,
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        role=invitation.role.value,
    )
    return membership


# --- password reset ------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    # Binding the token to the current hash makes it single-use: once the
    # password changes, every earlier link is dead.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _reset_serializer().dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("pw") != _password_fingerprint(user):
        return None
    return user


def set_password(user: User, password: str) -> None:
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.rotate_session_token()
    audit.record("user.password_changed", actor_id=user.id, target_type="user", target_id=user.id)
