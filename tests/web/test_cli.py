"""The ``flask`` commands an operator runs to set up organizations and accounts."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Candidate, MemberRole, Membership, Organization, Stage, User
from app.services.passwords import verify_password
from tests.factories import make_org, make_user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def create_user(runner, email, *options, org="banque-alimentaire", role="recruiter", stdin):
    args = ["create-user", email, "--org", org, "--role", role, "--password-stdin", *options]
    return runner.invoke(args=args, input=stdin)


def test_create_org(runner):
    result = runner.invoke(args=["create-org", "centre-femmes", "--name", "Centre des femmes"])
    assert result.exit_code == 0, result.output
    assert "Created organization Centre des femmes (centre-femmes)." in result.output
    org = db.session.scalar(select(Organization).where(Organization.slug == "centre-femmes"))
    assert org.name == "Centre des femmes"
    stages = db.session.scalars(select(Stage.key).where(Stage.organization_id == org.id)).all()
    assert "new" in stages


def test_create_org_json(runner):
    result = runner.invoke(args=["create-org", "Relais-Jeunesse", "--name", "Relais", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["slug"] == "relais-jeunesse"
    assert db.session.get(Organization, data["organization_id"]).name == "Relais"


@pytest.mark.parametrize(
    ("slug", "name", "message"),
    [
        ("Bad Slug!", "Nom", "may hold only lowercase letters, digits and hyphens"),
        ("trailing-", "Nom", "may hold only lowercase letters, digits and hyphens"),
        ("banque-alimentaire", "Doublon", "An organization with this short name exists."),
        ("vide", "   ", "The organization needs a name."),
    ],
)
def test_create_org_refuses(runner, slug, name, message):
    make_org()
    result = runner.invoke(args=["create-org", slug, "--name", name])
    assert result.exit_code != 0
    assert message in result.output
    assert count(Organization) == 1


@pytest.mark.parametrize(
    ("role", "has_candidate_row"),
    [("admin", False), ("recruiter", False), ("board_chair", False), ("candidate", True)],
)
def test_create_user_reads_the_password_from_stdin(runner, role, has_candidate_row):
    org = make_org()
    result = create_user(
        runner,
        "Marie@Example.org",
        "--name",
        "Marie-Ève D'Astous",
        org=org.slug,
        role=role,
        stdin="long-enough-pw\n",
    )
    assert result.exit_code == 0, result.output
    assert f"marie@example.org is {role} of banque-alimentaire." in result.output
    user = db.session.scalar(select(User).where(User.email == "marie@example.org"))
    assert user.full_name == "Marie-Ève D'Astous"
    assert verify_password(user.password_hash, "long-enough-pw")
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert (membership.organization_id, membership.role) == (org.id, MemberRole(role))
    assert count(Candidate) == int(has_candidate_row)


def test_create_user_json_and_default_name(runner):
    make_org()
    result = create_user(
        runner, "jf@example.org", "--json", role="admin", stdin="long-enough-pw\r\n"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    user = db.session.get(User, data["user_id"])
    assert data == {
        "user_id": user.id,
        "email": "jf@example.org",
        "organization": "banque-alimentaire",
        "role": "admin",
    }
    assert user.full_name == "jf"
    assert verify_password(user.password_hash, "long-enough-pw")


def test_create_user_adds_an_existing_account_to_another_org(runner):
    user = make_user("marie@example.org", make_org())
    make_org("centre-femmes", "Centre des femmes")
    result = create_user(runner, "marie@example.org", org="centre-femmes", role="admin", stdin="\n")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert {m.organization.slug for m in user.memberships} == {
        "banque-alimentaire",
        "centre-femmes",
    }


@pytest.mark.parametrize(
    ("email", "org", "password", "message"),
    [
        ("marie@example.org", "nulle-part", "long-enough-pw", "No organization has the short"),
        ("marie@example.org", "banque-alimentaire", "short", "needs at least 10 characters"),
        ("marie@example.org", "banque-alimentaire", "", "needs at least 10 characters"),
        ("taken@example.org", "banque-alimentaire", "long-enough-pw", "already a member"),
    ],
)
def test_create_user_refuses_and_writes_nothing(runner, email, org, password, message):
    make_user("taken@example.org", make_org())
    before = (count(User), count(Membership))
    result = create_user(runner, email, org=org, stdin=f"{password}\n")
    assert result.exit_code != 0
    assert message in result.output
    db.session.expire_all()
    assert (count(User), count(Membership)) == before


def test_create_user_needs_password_stdin(runner):
    make_org()
    result = runner.invoke(
        args=["create-user", "m@example.org", "--org", "banque-alimentaire", "--role", "admin"],
        input="long-enough-pw\n",
    )
    assert result.exit_code == 2
    assert "--password-stdin" in result.output
    assert count(User) == 0


def test_create_user_leaves_an_existing_member_alone(runner):
    org = make_org()
    make_user("admin@example.org", org, MemberRole.ADMIN)
    result = create_user(runner, "admin@example.org", role="candidate", stdin="\n")
    db.session.expire_all()
    roles = db.session.scalars(select(Membership.role)).all()
    assert roles == [MemberRole.ADMIN]
    assert result.exit_code != 0
    assert "already a member" in result.output


def test_create_user_refuses_a_malformed_email(runner):
    make_org()
    result = create_user(runner, "marie.example.org", role="admin", stdin="long-enough-pw\n")
    assert result.exit_code != 0
    assert count(User) == 0
