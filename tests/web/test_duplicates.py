"""Duplicate candidates: exact and likely pairs, dismissal, and merges that keep provenance."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Candidate,
    CandidateSkill,
    ConsentPurpose,
    LanguageLevel,
    MemberRole,
    Note,
    Position,
    Source,
    StageChange,
)
from app.models.base import utcnow
from app.services import duplicates, profiles
from app.services.errors import ServiceError
from tests.factories import (
    add_profile_items,
    make_application,
    make_candidate,
    make_org,
    make_role,
    make_user,
)


@pytest.fixture
def org(app):
    return make_org()


def person(org, first, last, *, email=None, employer=None, **fields):
    candidate = make_candidate(
        org, first_name=first, last_name=last, email=email, consented=False, **fields
    )
    if employer:
        candidate.positions.append(
            Position(
                organization_id=org.id,
                title="Coordonnatrice",
                company=employer,
                is_current=True,
                source=Source.LINKEDIN,
            )
        )
        db.session.commit()
    return candidate


def pairs(org) -> dict[tuple[str, str], list[str]]:
    with force_locale("en"):
        return {
            (p.first.full_name, p.second.full_name): [str(r) for r in p.reasons]
            for p in duplicates.find_duplicates(org)
        }


def test_same_email_or_linkedin_url_is_the_same_person(org):
    person(org, "Jean", "Roy", email="jean.roy@example.org", city="Laval")
    person(org, "J.", "Roy", email="JEAN.ROY@example.org", city="Gatineau")
    url = "https://www.linkedin.com/in/sophie-morin"
    person(org, "Sophie", "Morin", linkedin_url=url)
    person(org, "Sophie", "Morin-Lavoie", linkedin_url=url, city="Sherbrooke")
    found = duplicates.find_duplicates(org)
    assert [p.score for p in found] == [100, 100]
    assert pairs(org) == {
        ("Jean Roy", "J. Roy"): ["Same e-mail address"],
        ("Sophie Morin", "Sophie Morin-Lavoie"): ["Same LinkedIn profile"],
    }


def test_folded_names_with_one_agreement_are_likely_duplicates(org):
    person(org, "José", "Tremblay", city="Montréal")
    person(org, "Jose", "Tremblay", city="montreal")
    person(org, "Marie-Ève", "Gagnon", employer="Centraide", city="Québec")
    person(org, "Marie Eve", "Gagnon", employer="CENTRAIDE", city="Lévis")
    person(org, "Nadia", "Haddad", phone="(514) 555-0101", city="Laval")
    person(org, "Nadia", "Hadad", phone="+1 514 555 0101", city="Longueuil")
    # Same name, nothing else in common: not proposed.
    person(org, "Luc", "Bergeron", city="Rimouski")
    person(org, "Luc", "Bergeron", city="Gaspé")
    # Other names in the same city: not proposed.
    person(org, "Paul", "Nguyen", city="Montréal")
    found = pairs(org)
    assert found == {
        ("José Tremblay", "Jose Tremblay"): [
            "Same name once accents and hyphens are set aside",
            "Same city",
        ],
        ("Marie-Ève Gagnon", "Marie Eve Gagnon"): [
            "Same name once accents and hyphens are set aside",
            "Same current employer",
        ],
        ("Nadia Haddad", "Nadia Hadad"): ["Similar names (96%)", "Same phone number"],
    }
    scores = {(p.first.first_name, p.score) for p in duplicates.find_duplicates(org)}
    assert scores == {("José", 95), ("Marie-Ève", 95), ("Nadia", 91)}


def test_dismissed_pairs_are_never_proposed_again(org):
    a = person(org, "José", "Tremblay", city="Montréal")
    b = person(org, "Jose", "Tremblay", city="Montréal")
    recruiter = make_user("recrue@example.org", org)
    duplicates.dismiss(org, b, a, actor=recruiter)
    duplicates.dismiss(org, a, b, actor=recruiter)  # twice is once
    db.session.commit()
    assert duplicates.find_duplicates(org) == []
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "duplicate.dismissed")
    )
    assert [(e.target_id, e.details) for e in events] == [(a.id, {"other_id": b.id})]


def made_up_name(i: int) -> tuple[str, str]:
    letters = "".join(chr(97 + b % 26) for b in hashlib.sha256(str(i).encode()).digest())
    return letters[:7].capitalize(), letters[7:15].capitalize()


def test_many_candidates_one_pair(org):
    names = [made_up_name(i) for i in range(3000)]
    db.session.add_all(
        Candidate(
            organization_id=org.id,
            first_name=first,
            last_name=last,
            city="Montréal",
            source=Source.FORM,
        )
        for first, last in names
    )
    db.session.commit()
    first, last = names[1234]
    person(org, first.upper(), f"{last[0]}é{last[2:]}" if last[1] == "e" else last, city="Montréal")
    found = duplicates.find_duplicates(org)
    assert [(p.first.first_name, p.second.first_name, p.score) for p in found] == [
        (first, first.upper(), 95)
    ]


# --- merging -----------------------------------------------------------------------------


def test_merge_keeps_every_record_and_its_provenance(org):
    recruiter = make_user("recrue@example.org", org)
    user = make_user("jose@example.org", org, MemberRole.CANDIDATE, full_name="Jose Tremblay")
    other = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    other.phone = "514-555-0199"
    other.field_sources = {"phone": {"source": "linkedin", "at": "2026-01-02"}}
    keep = person(org, "José", "Tremblay", email="jose.t@example.org", city="Montréal")
    keep.field_sources = {"city": {"source": "form", "at": "2026-01-01"}}
    add_profile_items(keep, skills=["Comptabilité"], languages={"fr": None})
    add_profile_items(
        other,
        skills=["comptabilité", "Budgets"],
        languages={"fr": LanguageLevel.NATIVE_OR_BILINGUAL, "en": LanguageLevel.LIMITED_WORKING},
    )
    earlier = utcnow() - timedelta(days=40)
    other.positions.append(
        Position(
            organization_id=org.id,
            title="Trésorier",
            company="Banque alimentaire",
            started_on=date(2021, 9, 1),
            source=Source.LINKEDIN,
            recorded_at=earlier,
        )
    )
    db.session.commit()
    profiles.give_consent(other, ConsentPurpose.MATCHING, actor=user)
    both = make_role(org, title="Trésorier")
    only_other = make_role(org, title="Bénévole")
    kept_application = make_application(both, keep, stage="reviewing")
    their_application = make_application(both, other, stage="shortlisted")
    db.session.add(
        Note(organization_id=org.id, application_id=their_application.id, body="Très motivé")
    )
    db.session.add(StageChange(application_id=their_application.id, to_stage="shortlisted"))
    moved_application = make_application(only_other, other)
    other_id = other.id

    merged = duplicates.merge(org, keep, other, actor=recruiter)
    db.session.commit()

    assert db.session.get(Candidate, other_id) is None
    assert merged.user_id == user.id
    assert merged.email == "jose.t@example.org"  # keep's own value wins
    assert merged.phone == "514-555-0199"  # an empty field is filled…
    assert merged.field_sources == {  # …with its provenance
        "city": {"source": "form", "at": "2026-01-01"},
        "phone": {"source": "linkedin", "at": "2026-01-02"},
    }
    assert sorted((s.label, s.source) for s in merged.skills) == [
        ("Budgets", Source.FORM),
        ("Comptabilité", Source.FORM),
    ]
    assert {(lang.language, lang.level) for lang in merged.languages} == {
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("en", LanguageLevel.LIMITED_WORKING),
    }
    [position] = merged.positions
    assert (position.source, position.recorded_at) == (Source.LINKEDIN, earlier)
    assert merged.active_consent(ConsentPurpose.MATCHING)
    applications = db.session.scalars(
        select(Application).where(Application.candidate_id == merged.id)
    ).all()
    assert {(a.role_id, a.stage) for a in applications} == {
        (both.id, "reviewing"),
        (only_other.id, "new"),
    }
    assert moved_application.id in {a.id for a in applications}
    notes = db.session.scalars(select(Note.body).where(Note.application_id == kept_application.id))
    assert list(notes) == ["Très motivé"]
    assert db.session.scalar(select(func.count()).select_from(CandidateSkill)) == 2
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.merged"))
    assert (event.target_id, event.details["merged_id"]) == (merged.id, other_id)
    assert set(event.details) == {"merged_id", "items"}


def test_merge_refuses_two_accounts_and_strangers(org):
    a = make_user("a@example.org", org, MemberRole.CANDIDATE)
    b = make_user("b@example.org", org, MemberRole.CANDIDATE)
    first, second = (
        db.session.scalar(select(Candidate).where(Candidate.user_id == u.id)) for u in (a, b)
    )
    with pytest.raises(ServiceError, match="own account"):
        duplicates.merge(org, first, second, actor=None)
    stranger = make_candidate(make_org("autre-org", "Autre"), email="c@example.org")
    with pytest.raises(ServiceError, match="belong to this organization"):
        duplicates.merge(org, first, stranger, actor=None)
    with pytest.raises(ServiceError):
        duplicates.merge(org, first, first, actor=None)
