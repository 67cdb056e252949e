"""A candidate for a role: the profile with its sources, the explanation, the pipeline panel."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditEvent,
    Education,
    LanguageLevel,
    MemberRole,
    Position,
    ReviewRequest,
    RoleLanguage,
    RoleSkill,
    Source,
    WorkMode,
)
from app.models.base import utcnow
from app.services import candidate_facts, matching
from tests.factories import (
    add_profile_items,
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    matching.clear_cache()
    candidate_facts.clear_cache()
    yield
    matching.clear_cache()
    candidate_facts.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


def login(app, org, role=MemberRole.RECRUITER, *, lang="en", email="recrutement@example.org"):
    user = make_user(email, org, role, full_name="Roxane Recrutement")
    client = make_client(app, accept_language=lang)
    assert client.post("/login", data={"email": user.email, "password": "correct-horse-battery"})
    return client


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces squeezed."""
    body = response.text.split('<main id="main"', 1)[1]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def pair(org):
    """A bilingual volunteer role, and a candidate with something to say on every criterion."""
    role = make_role(
        org,
        title="Trésorerie bénévole",
        cause="sécurité alimentaire",
        hours_per_week=4,
        schedule=["evenings"],
        min_years_experience=2,
        region="Québec",
    )
    role.skills.append(
        RoleSkill(name="Accounting", concept_id=matching.skill_concept("accounting"), required=True)
    )
    role.skills.append(RoleSkill(name="Cuisine", required=False))
    role.languages.append(
        RoleLanguage(language="fr", level=LanguageLevel.PROFESSIONAL_WORKING, required=True)
    )
    candidate = make_candidate(
        org,
        first_name="Amélie",
        last_name="Comptable",
        email="amelie@example.org",
        phone="514-555-0199",
        city="Montréal",
        region="Québec",
        hours_per_week=6,
        schedule=["evenings", "weekends"],
        work_mode=WorkMode.HYBRID,
        headline="Comptable à la retraite",
    )
    add_profile_items(
        candidate, skills=["tenue de livres"], languages={"fr": LanguageLevel.NATIVE_OR_BILINGUAL}
    )
    candidate.positions.append(
        Position(
            organization_id=org.id,
            title="Comptable",
            company="Caisse populaire",
            started_on=date(1988, 9, 1),
            finished_on=date(2019, 6, 30),
            source=Source.LINKEDIN,
            description="comptabilité et paie",
        )
    )
    candidate.educations.append(
        Education(
            organization_id=org.id,
            school="HEC Montréal",
            degree="B.A.A.",
            started_on=date(1984, 9, 1),
            finished_on=date(1988, 5, 1),
            source=Source.LINKEDIN,
        )
    )
    from app.models import CandidateCause

    candidate.causes.append(
        CandidateCause(organization_id=org.id, cause="sécurité alimentaire", source=Source.FORM)
    )
    db.session.commit()
    return role, candidate


def url(role, candidate) -> str:
    return f"/o/banque-alimentaire/roles/{role.id}/candidates/{candidate.id}"


def test_the_page_shows_the_profile_with_where_each_field_came_from(app, org, pair):
    role, candidate = pair
    page = login(app, org).get(url(role, candidate))
    assert page.status_code == 200
    text = text_of(page)
    assert "Amélie Comptable for Trésorerie bénévole" in text
    assert "Identity and contact" in text and "amelie@example.org" in text
    assert "Comptable — Caisse populaire Sep 1988 – Jun 2019" in text
    assert "LinkedIn" in text and "Profile form" in text  # each item's source
    assert f'href="/o/banque-alimentaire/candidates/{candidate.id}"' in page.text


def test_the_explanation_gives_components_skills_and_evidence(app, org, pair):
    role, candidate = pair
    text = text_of(login(app, org).get(url(role, candidate)))
    assert re.search(r"\d+ / 100 based on (\d) of \1 criteria", text)
    for criterion in ("Skills", "Profile text", "Experience", "Languages", "Availability"):
        assert f" {criterion} " in text
    assert "Accounting tenue de livres accounting" in text  # asked, their words, the concept
    assert "Missing skills Cuisine" in text
    evidence = text[text.index("Evidence") :]
    for sentence in (
        "Accounting: “tenue de livres”, recognized as accounting (the same skill)",
        "Comptable, Caisse populaire: 30.8 years, mentions Accounting",
        "French: Native or bilingual proficiency (Professional working proficiency asked)",
        "Available 6 hours a week, of the 4 asked",
        "Available: Evenings",
        "Lives in Montréal, Québec",
        "Prefers: Hybrid; the role: In person",
        "Cares about sécurité alimentaire",
    ):
        assert sentence in evidence, sentence


def test_a_french_page_gives_the_evidence_in_french(app, org, pair):
    role, candidate = pair
    text = text_of(login(app, org, lang="fr").get(url(role, candidate)))
    evidence = text[text.index("Éléments à l’appui") :]
    for sentence in (
        "Accounting : « tenue de livres », reconnue comme comptabilité (la même compétence)",
        "Comptable, Caisse populaire : 30,8 ans, mentionne Accounting",
        "Français : Langue maternelle ou bilingue (Compétence professionnelle demandée)",
        "Disponible 6 heures par semaine, sur les 4 demandées",
        "Disponible : Soirs",
        "Habite à Montréal, Québec",
        "Préfère : Hybride; le poste : En personne",
        "Tient à sécurité alimentaire",
    ):
        assert sentence in evidence, sentence
    assert "same skill" not in evidence and "Lives in" not in evidence


def test_opening_the_page_is_audited(app, org, pair):
    role, candidate = pair
    login(app, org).get(url(role, candidate))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.viewed"))
    assert (event.target_type, event.target_id) == ("candidate", candidate.id)
    assert event.details == {"role_id": role.id}


def test_the_pipeline_panel_is_on_the_page(app, org, pair):
    role, candidate = pair
    page = login(app, org).get(url(role, candidate)).text
    assert 'id="pipeline"' in page
    assert f'action="{url(role, candidate)}/pipeline/move"' in page


def test_without_matching_consent_the_page_is_not_found(app, org, pair):
    role, _ = pair
    hidden = make_candidate(org, first_name="Sans", email="sans@example.org", consented=False)
    client = login(app, org)
    assert client.get(url(role, hidden)).status_code == 404
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.viewed")) is None
    )


def test_candidates_are_refused(app, org, pair):
    role, candidate = pair
    client = login(app, org, MemberRole.CANDIDATE, email="candidat@example.org")
    assert client.get(url(role, candidate)).status_code == 403


# --- blind review -----------------------------------------------------------------------------


def test_blind_review_hides_identity_contact_address_and_age_revealing_dates(app, org, pair):
    role, candidate = pair
    role.blind_review = True
    db.session.commit()
    page = login(app, org).get(url(role, candidate))
    text = text_of(page)
    assert f"Candidate #{candidate.id} for Trésorerie bénévole" in text
    for private in ("Amélie", "amelie@example.org", "514-555-0199", "1984", "1988", "2019"):
        assert private not in page.text, private
    assert "Identity and contact" not in text
    # What they did stays, with how long it lasted instead of when.
    assert "Comptable — Caisse populaire 30 years" in text
    assert "HEC Montréal — B.A.A." in text
    assert "tenue de livres" in text
    assert f'href="/o/banque-alimentaire/candidates/{candidate.id}"' not in page.text
    assert "Blind review is on for this role" in text


def test_the_identity_shows_once_revealed(app, org, pair):
    role, candidate = pair
    role.blind_review = True
    db.session.commit()
    make_application(role, candidate, stage="shortlisted", revealed_at=utcnow())
    text = text_of(login(app, org).get(url(role, candidate)))
    assert "Amélie Comptable for Trésorerie bénévole" in text
    assert "amelie@example.org" in text


# --- requests for a human review ----------------------------------------------------------------


def test_the_candidates_requests_for_a_review_show_on_the_page(app, org, pair):
    role, candidate = pair
    other = make_role(org, title="Cuisine collective")
    for role_id, message in ((role.id, "Mon expérience compte-t-elle ?"), (None, "En général")):
        db.session.add(
            ReviewRequest(
                organization_id=org.id, candidate_id=candidate.id, role_id=role_id, message=message
            )
        )
    db.session.add(
        ReviewRequest(
            organization_id=org.id, candidate_id=candidate.id, role_id=other.id, message="Autre"
        )
    )
    db.session.commit()
    page = login(app, org).get(url(role, candidate))
    text = text_of(page)
    assert "Requests for a review by a person" in text
    assert "Mon expérience compte-t-elle ?" in text and "En général" in text
    assert "Autre" not in text  # about another role
    assert page.text.count('value="Mark as reviewed"') == 2
    form = re.search(
        r'<form method="post" action="(/o/banque-alimentaire/reviews/\d+/resolve)"', page.text
    )
    assert form is not None
    back = re.search(r'name="review-\d+-next" type="hidden" value="([^"]+)"', page.text)
    assert html.unescape(back.group(1)) == url(role, candidate)


def test_no_review_section_without_requests(app, org, pair):
    role, candidate = pair
    assert "Requests for a review" not in login(app, org).get(url(role, candidate)).text


def test_under_blind_review_the_requests_name_no_one_either(app, org, pair):
    role, candidate = pair
    role.blind_review = True
    db.session.add(
        ReviewRequest(organization_id=org.id, candidate_id=candidate.id, message="Pour tous")
    )
    db.session.commit()
    page = login(app, org).get(url(role, candidate)).text
    assert "Pour tous" in page
    assert "Amélie" not in page and "Comptable</a>" not in page
    assert f'href="/o/banque-alimentaire/candidates/{candidate.id}"' not in page
