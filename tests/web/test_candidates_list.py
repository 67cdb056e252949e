"""The candidates list: every candidate of the organization, searchable by name, 25 a page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Consent, ConsentPurpose, MemberRole, Source
from app.models.base import utcnow
from tests.factories import DEFAULT_PASSWORD, make_candidate, make_client, make_org, make_user

URL = "/o/banque-alimentaire/candidates"


@pytest.fixture
def org(app):
    return make_org()


def login(app, org, role=MemberRole.RECRUITER, *, lang="en"):
    user = make_user("recrutement@example.org", org, role)
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def plain(html: str) -> str:
    """The text of some HTML, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def names(page) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page.text)


def row_of(page, name: str) -> str:
    match = re.search(
        rf"<tr>\s*<th scope=\"row\"><a[^>]*>{re.escape(name)}</a></th>(.*?)</tr>", page.text, re.S
    )
    assert match, name
    return plain(match.group(1))


def test_the_list_shows_each_candidate_with_its_columns(app, org):
    jose = make_candidate(
        org,
        first_name="José",
        last_name="Tremblay",
        email="jose@example.org",
        city="Québec",
        source=Source.LINKEDIN,
        interested_volunteer=True,
        interested_board=True,
    )
    make_candidate(org, first_name="Ana", last_name="Roy", email="ana@example.org", consented=False)
    page = login(app, org).get(URL)
    assert page.status_code == 200
    assert names(page) == ["Ana Roy", "José Tremblay"]  # by last name
    assert f'href="{URL}/{jose.id}"' in page.text
    row = row_of(page, "José Tremblay")
    assert row.startswith("Québec LinkedIn Volunteer Board yes")
    assert "Staff" not in row
    assert row_of(page, "Ana Roy").startswith("Montréal Profile form no")
    assert "2 candidates" in page.text


def test_matching_consent_shows_expired_and_withdrawn(app, org):
    expired = make_candidate(
        org, first_name="Expirée", last_name="A", email="a@example.org", consented=False
    )
    withdrawn = make_candidate(
        org, first_name="Retirée", last_name="B", email="b@example.org", consented=False
    )
    now = utcnow()
    db.session.add_all(
        [
            Consent(
                organization_id=org.id,
                candidate_id=expired.id,
                purpose=ConsentPurpose.MATCHING,
                given_at=now - timedelta(days=400),
                expires_at=now - timedelta(days=35),
            ),
            Consent(
                organization_id=org.id,
                candidate_id=withdrawn.id,
                purpose=ConsentPurpose.MATCHING,
                withdrawn_at=now,
            ),
        ]
    )
    db.session.commit()
    page = login(app, org).get(URL)
    assert " expired " in f" {row_of(page, 'Expirée A')} "
    assert " no " in f" {row_of(page, 'Retirée B')} "


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Jose", ["José Tremblay"]),
        ("josé", ["José Tremblay"]),
        ("JOSE TREMBLAY", ["José Tremblay"]),
        ("tremblay jose", ["José Tremblay"]),
        ("marie eve", ["Marie-Ève Gagnon"]),
        ("Marie-Eve", ["Marie-Ève Gagnon"]),
        ("gagnon@example", ["Marie-Ève Gagnon"]),
        ("Zoé", []),
    ],
)
def test_search_ignores_accents_and_case(app, org, query, found):
    make_candidate(org, first_name="José", last_name="Tremblay", email="jt@example.org")
    make_candidate(org, first_name="Marie-Ève", last_name="Gagnon", email="gagnon@example.org")
    page = login(app, org).get(URL, query_string={"q": query})
    assert page.status_code == 200
    assert names(page) == found
    assert f'value="{query}"' in page.text
    if not found:
        assert f"No candidate matches “{query}”." in page.text


def test_pages_of_25_keep_the_search(app, org):
    for number in range(30):
        make_candidate(
            org, first_name="Élise", last_name=f"Numéro {number:02d}", email=f"{number}@example.org"
        )
    make_candidate(org, first_name="Autre", last_name="Personne", email="autre@example.org")
    client = login(app, org)
    first = client.get(URL, query_string={"q": "elise"})
    assert len(names(first)) == 25 and "Page 1 of 2" in first.text
    assert "30 candidates" in first.text
    assert f'href="{URL}?page=2&amp;q=elise"' in first.text
    second = client.get(URL, query_string={"q": "elise", "page": 2})
    assert names(second) == [f"Élise Numéro {n}" for n in range(25, 30)]
    unfiltered = client.get(URL, query_string={"page": 2})
    assert len(names(unfiltered)) == 6


def test_another_organizations_candidates_are_not_listed(app, org):
    other = make_org("centre-benevolat", "Centre d'action bénévole")
    make_candidate(other, first_name="Intruse", last_name="Ailleurs")
    page = login(app, org).get(URL, query_string={"q": "intruse"})
    assert names(page) == []
    assert "Ailleurs" not in page.text


@pytest.mark.parametrize("role", [MemberRole.CANDIDATE, MemberRole.BOARD_CHAIR])
def test_candidates_and_board_chairs_cannot_list_candidates(app, org, role):
    make_candidate(org)
    assert login(app, org, role).get(URL).status_code == 403


def test_the_list_renders_in_french(app, org):
    make_candidate(org, first_name="José", last_name="Tremblay", interested_staff=True)
    page = login(app, org, lang="fr").get(URL)
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    assert "Candidat·es" in page.text
    assert "Consentement au jumelage" in page.text
    assert "oui" in row_of(page, "José Tremblay")
