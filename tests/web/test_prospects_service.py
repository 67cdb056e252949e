"""Prospects from Connections.csv: upsert, invitations, conversion, retention."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.importers.errors import ImportFileError
from app.models import (
    AuditEvent,
    Candidate,
    ConsentPurpose,
    MemberRole,
    Membership,
    Prospect,
)
from app.models.base import utcnow
from app.services import prospects
from tests.factories import make_candidate, make_org, make_user

FIXTURES = Path(__file__).parents[1] / "fixtures" / "profiles"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def recruiter(org):
    return make_user("recrue@example.org", org, MemberRole.RECRUITER)


def load(org, recruiter, data: bytes, filename: str = "Connections.csv"):
    result = prospects.import_connections(org, recruiter, filename, data)
    db.session.commit()
    return result


def rows(org) -> dict[str, Prospect]:
    found = db.session.scalars(select(Prospect).where(Prospect.organization_id == org.id))
    return {p.match_key: p for p in found}


def test_connections_become_prospects(org, recruiter):
    result = load(org, recruiter, (FIXTURES / "connections.csv").read_bytes(), "connections.csv")
    assert (result.created, result.updated, result.skipped) == (3, 0, 0)
    assert result.errors == ["connections.csv, line 9: No name, e-mail address or profile URL."]
    stored = rows(org)
    louis = stored["url:https://www.linkedin.com/in/louis-cote-exemple"]
    assert (louis.first_name, louis.last_name, louis.company) == ("Louis", "Côté", "Centraide")
    assert louis.imported_by_id == recruiter.id and louis.times_imported == 1
    assert stored["email:nadia.haddad@example.org"].position == "Directrice"
    assert "name:paul nguyen|" in stored
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "prospects.imported"))
    assert event.details == {"created": 3, "updated": 0, "skipped": 0, "errors": 1}


def test_reimport_updates_and_skips_repeats_and_known_candidates(org, recruiter):
    load(org, recruiter, (FIXTURES / "connections.csv").read_bytes())
    make_candidate(org, email="nadia.haddad@example.org", first_name="Nadia")
    data = (
        HEADER
        + "Louis,Côté,https://ca.linkedin.com/in/Louis-Cote-Exemple/,,Moisson Montréal,Directeur,"
        + "1 Apr 2025\n"
        + "Louis,Côté,https://www.linkedin.com/in/louis-cote-exemple,,,,\n"
        + "Nadia,Haddad,,NADIA.HADDAD@example.org,Moisson Montréal,Directrice,\n"
        + "Éric,Lavoie,,,Centraide,Bénévole,\n"
    ).encode()
    result = load(org, recruiter, data)
    assert (result.created, result.updated, result.skipped, result.errors) == (1, 1, 2, [])
    stored = rows(org)
    louis = stored["url:https://www.linkedin.com/in/louis-cote-exemple"]
    assert (louis.company, louis.position, louis.times_imported) == (
        "Moisson Montréal",
        "Directeur",
        2,
    )
    assert len(stored) == 4


def test_a_file_that_is_not_connections_writes_nothing(org, recruiter):
    with pytest.raises(ImportFileError):
        prospects.import_connections(org, recruiter, "notes.csv", b"Name,Phone\nA,1\n")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Prospect)) == 0


def test_thirty_thousand_rows_over_thirty_thousand_prospects(org, recruiter):
    def connections(start: int, stop: int, company: str) -> bytes:
        lines = [
            f"Prénom{i},Nom{i},https://www.linkedin.com/in/person-{i},,{company},Analyste,"
            f"12 Mar 2024\n"
            for i in range(start, stop)
        ]
        return (HEADER + "".join(lines)).encode()

    first = load(org, recruiter, connections(0, 30_000, "Centraide"))
    assert first.created == 30_000
    second = load(org, recruiter, connections(15_000, 45_000, "Moisson"))
    assert (second.created, second.updated, second.skipped) == (15_000, 15_000, 0)
    count = select(func.count()).select_from(Prospect)
    assert db.session.scalar(count) == 45_000
    by_company = dict(
        db.session.execute(select(Prospect.company, func.count()).group_by(Prospect.company)).all()
    )
    assert by_company == {"Centraide": 15_000, "Moisson": 30_000}
    updated = db.session.scalar(
        select(Prospect).where(Prospect.match_key == "url:https://www.linkedin.com/in/person-20000")
    )
    assert (updated.times_imported, updated.first_name) == (2, "Prénom20000")


# --- invitations --------------------------------------------------------------------------


@pytest.fixture
def prospect(org, recruiter):
    load(org, recruiter, (FIXTURES / "connections.csv").read_bytes())
    return rows(org)["url:https://www.linkedin.com/in/louis-cote-exemple"]


def test_invitation_token_is_stored_hashed(org, recruiter, prospect):
    token = prospects.invite(prospect, recruiter)
    db.session.commit()
    assert prospect.invitation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(prospect.__dict__)
    assert (prospect.invited_by_id, prospect.invited_at is not None) == (recruiter.id, True)
    assert prospects.prospect_for_token(org, token).id == prospect.id
    assert prospects.prospect_for_token(org, token + "x") is None
    assert prospects.prospect_for_token(make_org("autre-org", "Autre"), token) is None
    # A new invitation replaces the old link.
    prospects.invite(prospect, recruiter)
    assert prospects.prospect_for_token(org, token) is None


def test_accepting_turns_the_prospect_into_a_consenting_candidate(org, recruiter, prospect):
    user = make_user("louis.cote@example.org", full_name="Louis Côté")
    prospect_id = prospect.id
    candidate = prospects.accept_invitation(
        prospect,
        user,
        consents=[ConsentPurpose.MATCHING, ConsentPurpose.RETENTION],
        retention_months=12,
    )
    db.session.commit()
    assert db.session.get(Prospect, prospect_id) is None
    assert (candidate.first_name, candidate.last_name, candidate.email) == (
        "Louis",
        "Côté",
        "louis.cote@example.org",
    )
    assert candidate.user_id == user.id
    assert candidate.linkedin_url == "https://www.linkedin.com/in/louis-cote-exemple"
    assert [(p.title, p.company, p.is_current) for p in candidate.positions] == [
        ("Analyste", "Centraide", True)
    ]
    assert {c.purpose for c in candidate.consents} == {
        ConsentPurpose.MATCHING,
        ConsentPurpose.RETENTION,
    }
    assert candidate.active_consent(ConsentPurpose.MATCHING)
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert (membership.organization_id, membership.role) == (org.id, MemberRole.CANDIDATE)
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "prospect.converted"))
    assert event.details == {"prospect_id": prospect_id}


# --- retention ----------------------------------------------------------------------------


def test_purge_removes_prospects_past_retention(org, recruiter, prospect):
    other = make_org("autre-org", "Autre", prospect_retention_days=30)
    load(other, recruiter, (FIXTURES / "connections.csv").read_bytes())
    old = utcnow() - timedelta(days=100)
    for p in db.session.scalars(select(Prospect)):
        p.created_at = old
    prospect.created_at = utcnow() - timedelta(days=181)
    db.session.commit()
    assert prospects.purge_expired(org=org) == 1
    db.session.commit()
    assert len(rows(org)) == 2  # 100 days < 180
    assert prospects.purge_expired() == 3  # the other organization keeps 30 days
    db.session.commit()
    assert rows(other) == {}
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "prospects.purged").order_by(AuditEvent.id)
    ).all()
    assert [(e.organization_id, e.details["count"]) for e in events] == [(org.id, 1), (other.id, 3)]
    assert prospects.purge_expired() == 0
