"""Plain factory functions: sensible defaults, any field overridable."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import (
    Application,
    BoardMember,
    Candidate,
    Consent,
    ConsentPurpose,
    Invitation,
    MemberRole,
    Membership,
    Organization,
    Role,
    RoleKind,
    RoleStatus,
    Source,
    User,
)
from app.services import accounts

DEFAULT_PASSWORD = "correct-horse-battery"


def make_org(
    slug: str = "banque-alimentaire", name: str = "Banque alimentaire du Plateau", **fields: Any
) -> Organization:
    org = accounts.create_organization(slug, name, **fields)
    db.session.commit()
    return org


def make_user(
    email: str,
    org: Organization | None = None,
    role: MemberRole = MemberRole.RECRUITER,
    *,
    password: str = DEFAULT_PASSWORD,
    full_name: str = "Gabrielle Lévesque-O'Hara",
    locale: str | None = None,
) -> User:
    user = accounts.create_user(email, full_name, password, locale=locale)
    if org is not None:
        accounts.add_membership(user, org, role)
    db.session.commit()
    return user


def make_candidate(org: Organization, *, consented: bool = True, **overrides: Any) -> Candidate:
    fields: dict[str, Any] = {
        "first_name": "Éloïse",
        "last_name": "D'Aragon-Lefebvre",
        "email": "eloise@example.org",
        "city": "Montréal",
        "source": Source.FORM,
    }
    fields.update(overrides)
    candidate = Candidate(organization_id=org.id, **fields)
    db.session.add(candidate)
    db.session.flush()
    if consented:
        db.session.add(
            Consent(
                organization_id=org.id, candidate_id=candidate.id, purpose=ConsentPurpose.MATCHING
            )
        )
    db.session.commit()
    return candidate


def make_role(org: Organization, **overrides: Any) -> Role:
    fields: dict[str, Any] = {
        "title": "Bénévole au comptoir alimentaire",
        "kind": RoleKind.VOLUNTEER,
        "status": RoleStatus.OPEN,
        "city": "Montréal",
    }
    fields.update(overrides)
    role = Role(organization_id=org.id, **fields)
    db.session.add(role)
    db.session.commit()
    return role


def make_application(role: Role, candidate: Candidate, **overrides: Any) -> Application:
    application = Application(
        organization_id=role.organization_id,
        role_id=role.id,
        candidate_id=candidate.id,
        **overrides,
    )
    db.session.add(application)
    db.session.commit()
    return application


def make_board_member(org: Organization, **overrides: Any) -> BoardMember:
    fields: dict[str, Any] = {
        "full_name": "Jean-François Côté",
        "term_start": date(2024, 6, 15),
        "term_end": date(2026, 6, 15),
    }
    fields.update(overrides)
    member = BoardMember(organization_id=org.id, **fields)
    db.session.add(member)
    db.session.commit()
    return member


def make_membership(
    user: User, org: Organization, role: MemberRole = MemberRole.RECRUITER
) -> Membership:
    membership = accounts.add_membership(user, org, role)
    db.session.commit()
    return membership


def make_invitation(
    org: Organization,
    invited_by: User,
    email: str = "invitee@example.org",
    role: MemberRole = MemberRole.RECRUITER,
    **overrides: Any,
) -> tuple[Invitation, str]:
    """A pending invitation and the secret token its e-mailed link carries."""
    invitation, token = accounts.invite_member(org, email, role, invited_by)
    for name, value in overrides.items():
        setattr(invitation, name, value)
    db.session.commit()
    return invitation, token


def make_client(app: Flask, accept_language: str | None = None) -> FlaskClient:
    """A test client whose requests are as separate as on a real server.

    ``accept_language`` is sent with every request (flashes are worded when made).
    """
    client = app.test_client()
    if accept_language:
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return client


def add_profile_items(candidate: Candidate, **items: Any) -> Candidate:
    """Give a candidate profile items: ``skills=["comptabilité"]``, ``languages={"fr": level}``.

    Skills are (label, concept_id) pairs or bare labels; languages map a code to a
    ``LanguageLevel`` (or None).
    """
    from app.models import CandidateLanguage, CandidateSkill

    for skill in items.get("skills", ()):
        label, concept_id = skill if isinstance(skill, tuple) else (skill, None)
        candidate.skills.append(
            CandidateSkill(
                organization_id=candidate.organization_id,
                label=label,
                concept_id=concept_id,
                source=Source.FORM,
            )
        )
    for code, level in items.get("languages", {}).items():
        candidate.languages.append(
            CandidateLanguage(
                organization_id=candidate.organization_id,
                language=code,
                level=level,
                source=Source.FORM,
            )
        )
    db.session.commit()
    return candidate
