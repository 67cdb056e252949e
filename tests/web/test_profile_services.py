"""Profiles from records: storing, re-importing, previewing, consent and erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.importers.records import (
    AvailabilityRecord,
    LanguageRecord,
    PositionRecord,
    ProfileRecord,
    VolunteeringRecord,
)
from app.models import (
    AuditEvent,
    Candidate,
    Consent,
    ConsentPurpose,
    ImportBatch,
    ImportKind,
    LanguageLevel,
    MemberRole,
    Membership,
    Note,
    Position,
    Source,
    User,
    WorkMode,
)
from app.models.base import utcnow
from app.services import accounts, audit, profiles, ranking
from tests.factories import (
    add_profile_items,
    make_application,
    make_candidate,
    make_org,
    make_role,
    make_user,
)


def sample_record(source: Source = Source.LINKEDIN, **overrides: object) -> ProfileRecord:
    fields: dict[str, object] = {
        "first_name": "José",
        "last_name": "Tremblay",
        "email": "Jose.Tremblay@Example.org",
        "city": "Montréal",
        "country": "ca",
        "headline": "Comptable bénévole",
        "linkedin_url": "https://ca.linkedin.com/in/Jose-Tremblay/",
        "positions": [
            PositionRecord(
                "Trésorier", "Banque alimentaire", started_on=date(2021, 9, 1), is_current=True
            ),
            PositionRecord(
                "Comptable",
                "Cabinet Lavoie",
                started_on=date(1995, 1, 1),
                finished_on=date(2020, 12, 1),
            ),
        ],
        "skills": ["Comptabilité", "Gestion de bénévoles"],
        "languages": [
            LanguageRecord("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
            LanguageRecord("en", LanguageLevel.PROFESSIONAL_WORKING),
        ],
        "volunteering": [VolunteeringRecord("Moisson Montréal", "Trieur", "sécurité alimentaire")],
        "causes": ["sécurité alimentaire"],
        "availability": AvailabilityRecord(
            hours_per_week=4, role_kinds=["volunteer", "board"], schedule=["evenings"]
        ),
    }
    fields.update(overrides)
    return ProfileRecord(source=source, **fields)  # type: ignore[arg-type]


@pytest.fixture
def org(app):
    return make_org()


def create(org, record=None):
    candidate = profiles.create_candidate(org, record or sample_record())
    db.session.commit()
    return candidate


def test_create_candidate_stores_every_field_with_its_source(org):
    candidate = create(org)
    stored = db.session.get(Candidate, candidate.id)
    assert (stored.first_name, stored.last_name) == ("José", "Tremblay")
    assert stored.email == "jose.tremblay@example.org"
    assert stored.country == "CA"
    assert stored.linkedin_url == "https://www.linkedin.com/in/jose-tremblay"
    assert stored.source == Source.LINKEDIN
    assert stored.field_sources["headline"] == {
        "source": "linkedin",
        "at": utcnow().date().isoformat(),
    }
    assert stored.interested_volunteer and stored.interested_board and not stored.interested_staff
    assert (stored.hours_per_week, stored.schedule) == (4, ["evenings"])
    assert sorted(p.title for p in stored.positions) == ["Comptable", "Trésorier"]
    assert {p.source for p in stored.positions} == {Source.LINKEDIN}
    skill = next(s for s in stored.skills if s.label == "Comptabilité")
    assert skill.concept_id  # normalized to the taxonomy
    assert {(lang.language, lang.level) for lang in stored.languages} == {
        ("fr", LanguageLevel.NATIVE_OR_BILINGUAL),
        ("en", LanguageLevel.PROFESSIONAL_WORKING),
    }
    assert stored.volunteering[0].cause == "sécurité alimentaire"
    assert all(item.recorded_at is not None for item in stored.skills)


def test_record_round_trip_is_lossless(org):
    record = sample_record(
        website="https://jose.example.org",
        phone="514-555-0199",
        region="Québec",
        summary="Retraité.",
        availability=AvailabilityRecord(
            hours_per_week=6,
            role_kinds=["staff"],
            schedule=["weekdays", "weekends"],
            available_from=date(2026, 1, 1),
            work_mode=WorkMode.HYBRID,
        ),
    )
    candidate = create(org, record)
    back = profiles.candidate_to_record(candidate)
    assert back.email == "jose.tremblay@example.org"
    assert back.availability == record.availability
    assert sorted(back.skills) == sorted(record.skills)
    assert sorted(p.title for p in back.positions) == ["Comptable", "Trésorier"]
    # Re-importing the download (as a JSON Resume file) changes nothing.
    back.source = Source.JSON_RESUME
    assert profiles.preview_changes(candidate, back) == []
    assert profiles.apply_record(candidate, back) is False


def test_find_existing_by_email_or_linkedin_url(org):
    candidate = create(org)
    by_email = sample_record(email="JOSE.TREMBLAY@example.org", linkedin_url="")
    by_url = sample_record(email="", linkedin_url="linkedin.com/in/JOSE-TREMBLAY?trk=x")
    stranger = sample_record(email="autre@example.org", linkedin_url="")
    assert profiles.find_existing(org, by_email).id == candidate.id
    assert profiles.find_existing(org, by_url).id == candidate.id
    assert profiles.find_existing(org, stranger) is None
    other_org = make_org("autre-org", "Autre")
    assert profiles.find_existing(other_org, by_email) is None


def test_reimport_replaces_own_items_and_keeps_other_sources(org):
    candidate = create(org)
    add_profile_items(candidate, skills=["Tenue de livres"])  # typed in the form
    again = sample_record(
        headline="Trésorier de conseils d'administration",
        skills=["comptabilite", "Leadership"],  # same skill reworded, one new, one dropped
    )
    assert profiles.apply_record(candidate, again) is True
    db.session.commit()
    skills = {s.label: s.source for s in db.session.get(Candidate, candidate.id).skills}
    assert skills == {
        "Comptabilité": Source.LINKEDIN,
        "Leadership": Source.LINKEDIN,
        "Tenue de livres": Source.FORM,
    }
    assert candidate.headline == "Trésorier de conseils d'administration"
    count = db.session.scalars(select(Position).where(Position.candidate_id == candidate.id))
    assert len(count.all()) == 2  # identical positions are not added twice
    assert profiles.apply_record(candidate, again) is False


def test_other_source_does_not_double_identical_items(org):
    candidate = create(org)
    recorded = {p.title: p.recorded_at for p in candidate.positions}
    resume = sample_record(
        Source.JSON_RESUME,
        skills=["Comptabilité", "Budgets"],
        languages=[LanguageRecord("en", LanguageLevel.FULL_PROFESSIONAL)],
    )
    assert profiles.apply_record(candidate, resume)
    db.session.commit()
    stored = db.session.get(Candidate, candidate.id)
    assert {(p.title, p.source) for p in stored.positions} == {
        ("Trésorier", Source.LINKEDIN),
        ("Comptable", Source.LINKEDIN),
    }
    assert {p.title: p.recorded_at for p in stored.positions} == recorded
    assert {s.label: s.source for s in stored.skills} == {
        "Comptabilité": Source.LINKEDIN,
        "Gestion de bénévoles": Source.LINKEDIN,
        "Budgets": Source.JSON_RESUME,
    }
    # A language the new file rates differently takes the new level and source.
    english = next(lang for lang in stored.languages if lang.language == "en")
    assert (english.level, english.source) == (LanguageLevel.FULL_PROFESSIONAL, Source.JSON_RESUME)


def test_preview_lists_changes_field_by_field_without_writing(org):
    candidate = create(org)
    record = sample_record(
        Source.LINKEDIN,
        headline="Trésorier",
        phone="514-555-0100",
        skills=["Comptabilité", "Leadership"],
        languages=[LanguageRecord("fr", LanguageLevel.NATIVE_OR_BILINGUAL)],
    )
    with force_locale("en"):
        changes = profiles.preview_changes(candidate, record)
        rows = {(c.field, c.change, c.before, c.after) for c in changes}
        labels = {c.field: str(c.label) for c in changes}
    assert ("headline", "changed", "Comptable bénévole", "Trésorier") in rows
    assert ("phone", "added", "", "514-555-0100") in rows
    assert ("skills", "added", "", "Leadership") in rows
    assert ("skills", "removed", "Gestion de bénévoles", "") in rows
    assert ("languages", "removed", "English — Professional working proficiency", "") in rows
    assert labels["headline"] == "Headline"
    assert labels["languages"] == "Languages"
    assert not any(c.field == "positions" for c in changes)  # unchanged
    db.session.rollback()
    assert db.session.get(Candidate, candidate.id).headline == "Comptable bénévole"
    # Applying does exactly what the preview said; afterwards nothing is left to preview.
    profiles.apply_record(candidate, record)
    assert profiles.preview_changes(candidate, record) == []


def test_preview_of_a_new_profile_shows_everything_added(org):
    with force_locale("en"):
        changes = profiles.preview_changes(None, sample_record())
    assert all(c.change == "added" and c.before == "" for c in changes)
    after = {c.field: c.after for c in changes}
    assert after["first_name"] == "José"
    assert after["interests"] == "Volunteer, Board"
    positions = [c.after for c in changes if c.field == "positions"]
    assert "Trésorier, Banque alimentaire (2021-09 – present)" in positions


# --- consent ------------------------------------------------------------------------------


def test_matching_consent_gates_ranking(org):
    recruiter = make_user("recrue@example.org", org)
    role = make_role(org)
    candidate = create(org)
    assert ranking.ranked_candidates(org, role) == []
    profiles.give_consent(candidate, ConsentPurpose.MATCHING, actor=recruiter)
    db.session.commit()
    assert [e.candidate.id for e in ranking.ranked_candidates(org, role)] == [candidate.id]
    profiles.withdraw_consent(candidate, ConsentPurpose.MATCHING, actor=recruiter)
    db.session.commit()
    assert ranking.ranked_candidates(org, role) == []
    history = db.session.scalars(select(Consent).where(Consent.candidate_id == candidate.id)).all()
    assert len(history) == 1 and history[0].withdrawn_at is not None
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["consent.given", "consent.withdrawn"]


def test_retention_consent_lasts_its_months_and_renewal_keeps_history(org):
    candidate = create(org)
    first = profiles.give_consent(candidate, ConsentPurpose.RETENTION, actor=None, months=12)
    expected = utcnow() + timedelta(days=365)
    assert abs(first.expires_at - expected) < timedelta(days=2)
    second = profiles.give_consent(candidate, ConsentPurpose.RETENTION, actor=None, months=24)
    db.session.commit()
    assert first.expires_at <= utcnow() < second.expires_at  # the earlier one ended
    assert candidate.active_consent(ConsentPurpose.RETENTION)
    assert len(candidate.consents) == 2
    # An open-ended consent given twice is one row.
    a = profiles.give_consent(candidate, ConsentPurpose.CONTACT, actor=None)
    assert profiles.give_consent(candidate, ConsentPurpose.CONTACT, actor=None) is a


# --- erasure ----------------------------------------------------------------------------


def all_text(exclude: set[str] = frozenset()) -> str:
    """Every value of every table, as one string (to search for leftovers)."""
    chunks = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name in exclude:
                continue
            for row in conn.execute(table.select()):
                chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks).lower()


def test_erase_leaves_no_personal_data(org):
    recruiter = make_user("recrue@example.org", org)
    user = make_user(
        "jose.tremblay@example.org", org, MemberRole.CANDIDATE, full_name="José Tremblay"
    )
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    profiles.apply_record(candidate, sample_record(phone="514-555-0199"))
    profiles.give_consent(candidate, ConsentPurpose.MATCHING, actor=user)
    application = make_application(make_role(org), candidate)
    db.session.add(
        Note(organization_id=org.id, application_id=application.id, body="José Tremblay a appelé")
    )
    db.session.add(
        ImportBatch(
            organization_id=org.id,
            kind=ImportKind.PROFILES,
            summary=[
                {
                    "path": "Jose_Tremblay.zip",
                    "status": "created",
                    "candidate_id": candidate.id,
                    "error": None,
                }
            ],
        )
    )
    audit.record("user.login_failed", email="jose.tremblay@example.org")
    audit.record("member.invited", organization_id=org.id, email="JOSE.TREMBLAY@example.org")
    audit.record("note.added", organization_id=org.id, excerpt="Rappeler José Tremblay lundi")
    db.session.commit()
    before = all_text()
    assert "jose.tremblay@example.org" in before and "tremblay" in before
    candidate_id = candidate.id

    profiles.erase_candidate(candidate, actor=user)
    db.session.commit()

    after = all_text()
    for leftover in ("jose.tremblay", "tremblay", "josé", "514-555-0199"):
        assert leftover not in after, leftover
    assert db.session.get(User, user.id) is None
    assert db.session.get(User, recruiter.id) is not None
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.erased"))
    assert erased.target_id == candidate_id
    assert erased.details == {"by_self": True, "account_deleted": True}


def test_erase_keeps_an_account_that_belongs_elsewhere(org):
    other = make_org("autre-org", "Autre organisme")
    user = make_user("jose.tremblay@example.org", org, MemberRole.CANDIDATE)
    accounts.add_membership(user, other, MemberRole.RECRUITER)
    db.session.commit()
    candidate = db.session.scalar(
        select(Candidate).where(Candidate.user_id == user.id, Candidate.organization_id == org.id)
    )
    admin = make_user("admin@example.org", org, MemberRole.ADMIN)
    profiles.erase_candidate(candidate, actor=admin)
    db.session.commit()
    assert db.session.get(User, user.id) is not None
    roles = db.session.scalars(
        select(Membership.organization_id).where(Membership.user_id == user.id)
    )
    assert list(roles) == [other.id]
    assert db.session.scalar(select(Candidate).where(Candidate.organization_id == org.id)) is None


# --- sign-up links the imported profile ---------------------------------------------------


def test_sign_up_links_the_candidate_with_the_same_email(org):
    imported = create(org)
    user = accounts.sign_up_candidate(
        org, "JOSE.Tremblay@example.org", "José T.", "long-password-1", "fr"
    )
    db.session.commit()
    rows = db.session.scalars(select(Candidate).where(Candidate.organization_id == org.id)).all()
    assert [c.id for c in rows] == [imported.id]
    assert rows[0].user_id == user.id
    assert rows[0].first_name == "José"  # the imported profile is kept as it was


def test_joining_links_only_a_candidate_without_account(org):
    make_candidate(org, email="eloise@example.org", consented=False)
    taken = make_candidate(org, email="eloise@example.org", consented=False)
    taken.user_id = make_user("autre@example.org").id
    db.session.commit()
    user = make_user("Eloise@example.org", make_org("autre-org", "Autre"), MemberRole.CANDIDATE)
    accounts.add_membership(user, org, MemberRole.CANDIDATE)
    db.session.commit()
    in_org = select(Candidate).where(Candidate.organization_id == org.id)
    assert len(db.session.scalars(in_org).all()) == 2  # linked, not doubled
    mine = db.session.scalars(in_org.where(Candidate.user_id == user.id)).all()
    assert len(mine) == 1 and mine[0].id != taken.id


def test_items_need_some_text_and_long_values_fit_their_columns(org):
    record = sample_record(
        positions=[PositionRecord("", "Moisson Montréal"), PositionRecord("", "")],
        skills=["", "  ", "x" * 500],
        headline="h" * 1000,
    )
    candidate = create(org, record)
    stored = db.session.get(Candidate, candidate.id)
    assert [(p.title, p.company) for p in stored.positions] == [("", "Moisson Montréal")]
    assert [len(s.label) for s in stored.skills] == [200]
    assert len(stored.headline) == 300
