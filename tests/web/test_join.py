"""Candidates sign up on an organization's public join page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Candidate, MemberRole, Membership, User
from tests.factories import make_client, make_membership, make_org, make_user

EN = {"Accept-Language": "en"}
JOIN = "/o/banque-alimentaire/join"


@pytest.fixture
def client(app):
    return make_client(app)


@pytest.fixture
def org(app):
    return make_org()


def sign_up(client, full_name="Zoë D'Amour-Lévesque", email="zoe@example.org", **overrides):
    data = {
        "full_name": full_name,
        "email": email,
        "password": "long-enough-pw",
        "confirm": "long-enough-pw",
        "accept_privacy": "y",
        **overrides,
    }
    return client.post(JOIN, data={k: v for k, v in data.items() if v is not None}, headers=EN)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_join_page_names_the_organization(client, org):
    page = client.get(JOIN, headers=EN)
    assert page.status_code == 200
    assert "Join Banque alimentaire du Plateau" in page.text
    assert 'name="accept_privacy"' in page.text


@pytest.mark.parametrize(
    ("full_name", "first", "last", "shown"),
    [
        ("Zoë D'Amour-Lévesque", "Zoë", "D'Amour-Lévesque", "Zoë D&#39;Amour-Lévesque"),
        pytest.param(
            "  Marie-Ève   Côté ",
            "Marie-Ève",
            "Côté",
            "Marie-Ève Côté",
        ),
        ("Zoë", "Zoë", "", "Zoë"),
        ("Léa <b>Noël</b>", "Léa", "<b>Noël</b>", "Léa &lt;b&gt;Noël&lt;/b&gt;"),
    ],
    ids=["apostrophe-hyphen", "extra-spaces", "one-word", "markup"],
)
def test_sign_up_creates_a_candidate_and_logs_in(client, org, full_name, first, last, shown):
    response = sign_up(client, full_name=full_name, email="Zoe@Example.org")
    assert response.status_code == 302
    assert response.location == "/o/banque-alimentaire/me"

    user = db.session.scalar(select(User).where(User.email == "zoe@example.org"))
    assert user.full_name == full_name.strip()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert (membership.organization_id, membership.role) == (org.id, MemberRole.CANDIDATE)
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    assert (candidate.organization_id, candidate.first_name, candidate.last_name) == (
        org.id,
        first,
        last,
    )
    assert candidate.email == "zoe@example.org"

    page = client.get("/o/banque-alimentaire/me", headers=EN)
    assert page.status_code == 200
    assert f"<h1>{shown}</h1>" in page.text
    assert "<b>" not in page.text
    assert "Your account is ready." in page.text


def test_privacy_notice_must_be_acknowledged(client, org):
    response = sign_up(client, accept_privacy=None)
    assert response.status_code == 200
    assert "Please confirm you have read the privacy notice." in response.text
    assert count(User) == 0


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"confirm": "something-else"}, "The passwords differ."),
        ({"password": "short", "confirm": "short"}, "Use between 10 and 200 characters"),
        ({"email": "not-an-address"}, "Invalid email address."),
        ({"full_name": ""}, "This field is required."),
    ],
)
def test_sign_up_form_errors(client, org, overrides, error):
    response = sign_up(client, **overrides)
    assert response.status_code == 200
    assert error in response.text
    assert count(User) == 0


def test_existing_email_is_told_to_log_in_and_nothing_is_created(client, org):
    make_user("zoe@example.org", make_org("autre", "Autre organisme"))
    before = (count(User), count(Membership), count(Candidate))
    response = sign_up(client, email="ZOE@example.org")
    assert response.status_code == 200
    assert "An account already exists for this address: log in" in response.text
    assert (count(User), count(Membership), count(Candidate)) == before
    assert client.get("/o/banque-alimentaire/me").status_code == 302  # not logged in


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_unknown_organization_is_not_found(client, org, method):
    response = client.open("/o/nulle-part/join", method=method, headers=EN)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_staff_of_another_organization_joins_with_one_button(client, auth, org):
    other = make_org("centre-femmes", "Centre des femmes de Verdun")
    user = make_user("marie@example.org", other, MemberRole.ADMIN, full_name="Marie D'Astous")
    auth.login("marie@example.org")

    page = client.get(JOIN, headers=EN)
    assert "You are logged in as marie@example.org." in page.text
    assert "Join as a candidate" in page.text
    assert 'name="password"' not in page.text

    response = client.post(JOIN, data={"submit": "Confirm"})
    assert response.status_code == 302
    assert response.location == "/o/banque-alimentaire/me"
    roles = dict(
        db.session.execute(
            select(Membership.organization_id, Membership.role).where(Membership.user_id == user.id)
        ).all()
    )
    assert roles == {other.id: MemberRole.ADMIN, org.id: MemberRole.CANDIDATE}
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    assert candidate.organization_id == org.id
    assert "Marie D&#39;Astous" in client.get("/o/banque-alimentaire/me").text


def test_a_member_visiting_the_join_page_goes_home(client, auth, org):
    user = make_user("marie@example.org", org, MemberRole.RECRUITER)
    make_membership(user, make_org("autre", "Autre organisme"), MemberRole.ADMIN)
    auth.login("marie@example.org")
    assert client.get(JOIN).location == "/organizations"
    assert client.post(JOIN).location == "/organizations"
    assert count(Candidate) == 0
