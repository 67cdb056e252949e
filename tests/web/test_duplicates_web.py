"""Possible duplicates: side by side with the reasons, merged into one, or told apart."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    Candidate,
    CandidateSkill,
    ConsentPurpose,
    DuplicateDismissal,
    MemberRole,
    Position,
    Source,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    add_profile_items,
    make_candidate,
    make_client,
    make_org,
    make_user,
)

BASE = "/o/banque-alimentaire/candidates/duplicates"


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def pair(org) -> tuple[Candidate, Candidate]:
    """The same person typed twice: once with accents, once without."""
    jose = make_candidate(
        org,
        first_name="José",
        last_name="Tremblay",
        email="jose@example.org",
        phone="514 555-0199",
        source=Source.FORM,
        field_sources={"phone": {"source": "form", "at": "2026-01-12"}},
    )
    jose2 = make_candidate(
        org,
        first_name="Jose",
        last_name="Tremblay",
        email="jtremblay@travail.example",
        headline="Comptable agréé",
        source=Source.LINKEDIN,
        consented=False,
        field_sources={"headline": {"source": "linkedin", "at": "2026-03-02"}},
    )
    add_profile_items(jose, skills=["comptabilité"])
    add_profile_items(jose2, skills=["gestion de bénévoles"])
    jose2.positions.append(
        Position(
            organization_id=org.id,
            title="Trésorier",
            company="Moisson Montréal",
            is_current=True,
            source=Source.LINKEDIN,
        )
    )
    db.session.commit()
    return jose, jose2


def login(app, org, role=MemberRole.RECRUITER, *, lang="en"):
    user = make_user("recrutement@example.org", org, role)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_pair_is_proposed_side_by_side_with_score_and_reasons(app, org, pair):
    jose, jose2 = pair
    page = login(app, org).get(BASE)
    assert page.status_code == 200
    text = plain(page.text)
    assert "José Tremblay and Jose Tremblay" in text
    assert re.search(r"Likeness: \d+ / 100", text)
    assert "Same name once accents and hyphens are set aside" in text
    assert "Same city" in text
    # Key fields of both records, each with where it came from.
    assert "514 555-0199 (Profile form, 2026-01-12)" in text
    assert "Comptable agréé (LinkedIn, 2026-03-02)" in text
    assert "Trésorier — Moisson Montréal (LinkedIn)" in text
    assert f'action="{BASE}/{jose.id}/{jose2.id}"' in page.text
    assert f'action="{BASE}/{jose.id}/{jose2.id}/dismiss"' in page.text


def test_different_people_are_not_proposed(app, org):
    make_candidate(org, first_name="José", last_name="Tremblay", email="a@example.org")
    make_candidate(org, first_name="Marie-Ève", last_name="Gagnon", email="b@example.org")
    page = login(app, org).get(BASE)
    assert "No possible duplicate" in page.text


def test_the_pair_page_confirms_which_record_to_keep(app, org, pair):
    jose, jose2 = pair
    client = login(app, org)
    page = client.get(f"{BASE}/{jose.id}/{jose2.id}", query_string={"keep": jose2.id})
    assert page.status_code == 200
    assert "This cannot be undone." in page.text
    checked = re.findall(
        r'<input[^>]*checked[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*checked', page.text
    )
    assert [a or b for a, b in checked] == [str(jose2.id)]
    assert count(Candidate) == 2  # looking changes nothing


def test_merging_keeps_both_records_data(app, org, pair):
    jose, jose2 = pair
    jose_id, jose2_id = jose.id, jose2.id
    response = login(app, org).post(
        f"{BASE}/{jose_id}/{jose2_id}/merge", data={"keep": str(jose_id)}
    )
    assert response.status_code == 302
    assert response.location == f"/o/banque-alimentaire/candidates/{jose_id}"

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Candidate.id == jose2_id)) == 0
    kept = db.session.get(Candidate, jose_id)
    assert (kept.first_name, kept.email, kept.phone) == ("José", "jose@example.org", "514 555-0199")
    assert kept.headline == "Comptable agréé"  # filled from the other record
    assert kept.field_sources["headline"] == {"source": "linkedin", "at": "2026-03-02"}
    assert sorted(s.label for s in kept.skills) == ["comptabilité", "gestion de bénévoles"]
    assert [(p.company, p.source) for p in kept.positions] == [
        ("Moisson Montréal", Source.LINKEDIN)
    ]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.merged"))
    assert (event.target_id, event.details["merged_id"]) == (jose_id, jose2_id)


def test_merging_into_the_second_record(app, org, pair):
    jose, jose2 = pair
    jose_id, jose2_id = jose.id, jose2.id
    client = login(app, org)
    client.post(f"{BASE}/{jose_id}/{jose2_id}/merge", data={"keep": str(jose2_id)})
    db.session.expire_all()
    kept = db.session.get(Candidate, jose2_id)
    assert kept.email == "jtremblay@travail.example"
    assert kept.phone == "514 555-0199"
    assert kept.active_consent(ConsentPurpose.MATCHING)  # the other record's consent moved
    assert count(Candidate) == 1 and count(CandidateSkill) == 2
    assert "No possible duplicate" in client.get(BASE).text


def test_merging_needs_a_choice(app, org, pair):
    jose, jose2 = pair
    response = login(app, org).post(f"{BASE}/{jose.id}/{jose2.id}/merge", data={})
    assert response.status_code == 400
    assert "Choose the record to keep." in response.text
    assert count(Candidate) == 2


def test_a_candidate_is_not_merged_with_themselves(app, org, pair):
    jose, _ = pair
    client = login(app, org)
    assert client.get(f"{BASE}/{jose.id}/{jose.id}").status_code == 404
    assert (
        client.post(f"{BASE}/{jose.id}/{jose.id}/merge", data={"keep": str(jose.id)}).status_code
        == 404
    )


def test_not_the_same_person_is_remembered(app, org, pair):
    jose, jose2 = pair
    client = login(app, org)
    response = client.post(f"{BASE}/{jose2.id}/{jose.id}/dismiss")
    assert response.status_code == 302
    assert response.location == BASE
    dismissal = db.session.scalar(select(DuplicateDismissal))
    assert (dismissal.first_id, dismissal.second_id) == (jose.id, jose2.id)
    page = client.get(BASE)
    assert "Jose Tremblay and José Tremblay are kept as two people." in page.text
    assert "No possible duplicate" in page.text
    assert count(Candidate) == 2


def test_another_organizations_candidate_cannot_be_merged_in(app, org, pair):
    jose, _ = pair
    other = make_org("centre-benevolat", "Centre d'action bénévole")
    stranger = make_candidate(other, first_name="José", last_name="Tremblay", email="x@example.org")
    client = login(app, org)
    assert client.get(f"{BASE}/{jose.id}/{stranger.id}").status_code == 404
    response = client.post(f"{BASE}/{jose.id}/{stranger.id}/merge", data={"keep": str(jose.id)})
    assert response.status_code == 404
    assert client.post(f"{BASE}/{jose.id}/{stranger.id}/dismiss").status_code == 404
    assert count(Candidate) == 3 and count(DuplicateDismissal) == 0


@pytest.mark.parametrize("role", [MemberRole.CANDIDATE, MemberRole.BOARD_CHAIR])
def test_only_admins_and_recruiters_handle_duplicates(app, org, pair, role):
    jose, jose2 = pair
    client = login(app, org, role)
    before = count(Candidate)  # a candidate member has a profile of their own
    assert client.get(BASE).status_code == 403
    assert (
        client.post(f"{BASE}/{jose.id}/{jose2.id}/merge", data={"keep": str(jose.id)}).status_code
        == 403
    )
    assert client.post(f"{BASE}/{jose.id}/{jose2.id}/dismiss").status_code == 403
    assert count(Candidate) == before and count(DuplicateDismissal) == 0


def test_pages_render_in_french(app, org, pair):
    jose, jose2 = pair
    client = login(app, org, lang="fr")
    listing = client.get(BASE)
    assert listing.status_code == 200 and '<html lang="fr">' in listing.text
    assert "Doublons possibles" in listing.text
    assert "Pas la même personne" in listing.text
    pair_page = client.get(f"{BASE}/{jose.id}/{jose2.id}")
    assert "Fusionner les deux fiches" in pair_page.text
