"""Administrators manage who belongs to the organization: invitations, roles, removals."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, MemberRole, Membership, User
from app.models.base import utcnow
from app.services import mail
from tests.factories import make_client, make_invitation, make_org, make_user

MEMBERS = "/o/banque-alimentaire/members"
KEEP_ONE = "The organization must keep at least one administrator."
# app/admin/forms.py passes SelectField choices as tuples, which WTForms 3.3 deprecates;
# test_role_forms_build_without_deprecation_warnings below records it.
NEW_PERSON = {"full_name": "Noémie Côté", "password": "long-enough-pw", "confirm": "long-enough-pw"}


@pytest.fixture
def client(app):
    return make_client(app, accept_language="en")


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def admin(org):
    return make_user("admin@example.org", org, MemberRole.ADMIN, full_name="Adèle Admin")


@pytest.fixture
def recruiter(org):
    return make_user("recrue@example.org", org, MemberRole.RECRUITER, full_name="Rémi D'Anjou")


def membership_of(user: User) -> Membership | None:
    db.session.expire_all()
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


def invitation_path(email: str) -> str:
    (message,) = [m for m in mail.outbox if m["To"] == email]
    match = re.search(r"http://rallier\.test(/invitations/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def test_admin_sees_every_member(client, auth, admin, recruiter):
    auth.login("admin@example.org")
    page = client.get(MEMBERS)
    assert page.status_code == 200
    for text in ("Adèle Admin", "admin@example.org", "Rémi D&#39;Anjou", "recrue@example.org"):
        assert text in page.text


@pytest.mark.parametrize(
    "role", [MemberRole.RECRUITER, MemberRole.BOARD_CHAIR, MemberRole.CANDIDATE]
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", MEMBERS),
        ("POST", MEMBERS + "/invite"),
        ("POST", MEMBERS + "/{id}/role"),
        ("POST", MEMBERS + "/{id}/remove"),
    ],
)
def test_other_roles_are_refused(client, auth, org, admin, role, method, path):
    make_user("someone@example.org", org, role)
    auth.login("someone@example.org")
    url = path.format(id=membership_of(admin).id)
    response = client.open(url, method=method, data={"role": "candidate"})
    assert response.status_code == 403
    assert "Your role in this organization does not give access to this page." in response.text
    assert membership_of(admin).role == MemberRole.ADMIN


def test_invite_sends_a_link_and_lists_the_invitation(client, auth, admin):
    auth.login("admin@example.org")
    response = client.post(
        MEMBERS + "/invite", data={"email": "Nouvelle@Example.org", "role": "board_chair"}
    )
    assert response.status_code == 302
    assert response.location == MEMBERS
    assert invitation_path("nouvelle@example.org").startswith("/invitations/")
    (message,) = mail.outbox
    assert "Banque alimentaire du Plateau" in message["Subject"]

    page = client.get(MEMBERS)
    assert "Invitation sent to nouvelle@example.org." in page.text
    pending = page.text.split("Pending invitations", 1)[1]
    assert "nouvelle@example.org — Board chair" in pending


def test_inviting_a_member_again_is_refused(client, auth, admin, recruiter):
    auth.login("admin@example.org")
    response = client.post(
        MEMBERS + "/invite", data={"email": "recrue@example.org", "role": "admin"}
    )
    assert response.status_code == 400
    assert "This person is already a member." in response.text
    assert mail.outbox == []


def test_new_person_accepts_and_gets_the_invited_role(app, client, admin):
    _, token = make_invitation(admin.memberships[0].organization, admin, "nouvelle@example.org")
    path = f"/invitations/{token}"
    page = client.get(path)
    assert "You are invited as Recruiter with the address nouvelle@example.org." in page.text

    response = client.post(path, data=NEW_PERSON)
    assert response.status_code == 302
    assert response.location == "/o/banque-alimentaire/dashboard"
    user = db.session.scalar(select(User).where(User.email == "nouvelle@example.org"))
    assert user.full_name == "Noémie Côté"
    assert membership_of(user).role == MemberRole.RECRUITER
    page = client.get(response.location)
    assert "Welcome to Banque alimentaire du Plateau." in page.text


@pytest.mark.parametrize("case", ["expired", "reused", "unknown"])
def test_unusable_invitation_is_not_found(client, org, admin, case):
    invitation, token = make_invitation(org, admin, "nouvelle@example.org")
    if case == "expired":
        invitation.expires_at = utcnow() - timedelta(minutes=1)
    elif case == "reused":
        invitation.accepted_at = utcnow()
    else:
        token = token[::-1]
    db.session.commit()
    for method in ("GET", "POST"):
        response = client.open(f"/invitations/{token}", method=method, data=NEW_PERSON)
        assert response.status_code == 404
        assert "This invitation cannot be used" in response.text
    assert db.session.scalar(select(User).where(User.email == "nouvelle@example.org")) is None


def test_accepted_link_cannot_be_used_twice(client, org, admin):
    _, token = make_invitation(org, admin, "nouvelle@example.org")
    assert client.post(f"/invitations/{token}", data=NEW_PERSON).status_code == 302
    stranger = make_client(client.application, accept_language="en")
    response = stranger.post(f"/invitations/{token}", data={**NEW_PERSON, "full_name": "Intrus"})
    assert response.status_code == 404
    assert "This invitation cannot be used" in response.text
    names = db.session.scalars(select(User.full_name)).all()
    assert "Intrus" not in names


def test_existing_account_logs_in_then_confirms(client, org, admin):
    user = make_user("marie@example.org", make_org("autre", "Autre organisme"))
    _, token = make_invitation(org, admin, "marie@example.org", MemberRole.BOARD_CHAIR)
    path = f"/invitations/{token}"

    response = client.get(path)
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/login"
    assert parse_qs(urlsplit(response.location).query) == {"next": [path]}
    login_page = client.get(response.location)
    assert "Log in with marie@example.org to accept this invitation." in login_page.text

    response = client.post(
        "/login",
        data={"email": "marie@example.org", "password": "correct-horse-battery", "next": path},
    )
    assert response.location == path
    page = client.get(path)
    assert "Accept the invitation" in page.text
    assert user.membership_in(org.id) is None

    response = client.post(path, data={"submit": "Confirm"})
    assert response.status_code == 302
    assert response.location == "/organizations"
    db.session.expire_all()
    assert user.membership_in(org.id).role == MemberRole.BOARD_CHAIR


def test_change_role_is_saved_and_audited(client, auth, admin, recruiter):
    auth.login("admin@example.org")
    membership = membership_of(recruiter)
    response = client.post(f"{MEMBERS}/{membership.id}/role", data={"role": "board_chair"})
    assert response.location == MEMBERS
    assert "Rémi D&#39;Anjou is now Board chair." in client.get(MEMBERS).text
    assert membership_of(recruiter).role == MemberRole.BOARD_CHAIR
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.role_changed"))
    assert event.organization_id == membership.organization_id
    assert (event.actor_id, event.target_id) == (admin.id, recruiter.id)
    assert event.details == {"old": "recruiter", "new": "board_chair"}


def test_change_to_an_unknown_role_is_refused(client, auth, admin, recruiter):
    auth.login("admin@example.org")
    client.post(f"{MEMBERS}/{membership_of(recruiter).id}/role", data={"role": "owner"})
    assert "Choose a role from the list." in client.get(MEMBERS).text
    assert membership_of(recruiter).role == MemberRole.RECRUITER


@pytest.mark.parametrize(
    ("action", "data"), [("role", {"role": "recruiter"}), ("remove", {"submit": "Remove"})]
)
def test_last_admin_stays(client, auth, admin, recruiter, action, data):
    auth.login("admin@example.org")
    client.post(f"{MEMBERS}/{membership_of(admin).id}/{action}", data=data)
    assert KEEP_ONE in client.get(MEMBERS).text
    assert membership_of(admin).role == MemberRole.ADMIN


@pytest.mark.parametrize(
    ("action", "data", "role_after"),
    [("role", {"role": "recruiter"}, MemberRole.RECRUITER), ("remove", {"submit": "Remove"}, None)],
)
def test_one_of_two_admins_may_step_down(client, auth, org, admin, action, data, role_after):
    make_user("second@example.org", org, MemberRole.ADMIN)
    auth.login("admin@example.org")
    client.post(f"{MEMBERS}/{membership_of(admin).id}/{action}", data=data)
    assert KEEP_ONE not in client.get(MEMBERS).text
    assert getattr(membership_of(admin), "role", None) == role_after


def test_removing_a_member_ends_their_sessions(app, client, auth, admin, recruiter):
    their_laptop = make_client(app)
    their_laptop.post(
        "/login", data={"email": "recrue@example.org", "password": "correct-horse-battery"}
    )
    assert their_laptop.get("/o/banque-alimentaire/dashboard").status_code == 200

    auth.login("admin@example.org")
    membership_id = membership_of(recruiter).id
    client.post(f"{MEMBERS}/{membership_id}/remove", data={"submit": "Remove"})

    page = client.get(MEMBERS)
    assert "Rémi D&#39;Anjou no longer belongs to the organization." in page.text
    assert "recrue@example.org" not in page.text
    assert db.session.get(Membership, membership_id) is None
    assert db.session.get(User, recruiter.id) is not None  # the account itself stays
    response = their_laptop.get("/o/banque-alimentaire/dashboard")
    assert response.status_code == 302
    assert response.location.startswith("/login")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.removed"))
    assert (event.actor_id, event.target_id) == (admin.id, recruiter.id)
