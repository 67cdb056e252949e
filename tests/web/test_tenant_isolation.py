"""One organization never sees another's rows, whatever the route.

The routes are read from the app's URL map, so a new route under ``/o/<slug>/`` is
walked without anyone editing this file, unless it takes an argument this file does
not know how to fill: then the walk fails and asks for it in ``ARGUMENT_ROWS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.importers.jsonresume import to_json_resume
from app.models import (
    ImportBatch,
    ImportKind,
    MemberRole,
    Organization,
    PendingImport,
    Prospect,
    ReviewRequest,
    Stage,
    User,
)
from app.services import prospects
from app.services.profiles import candidate_to_record
from tests.conftest import base_config
from tests.factories import (
    DEFAULT_PASSWORD,
    make_application,
    make_board_member,
    make_candidate,
    make_client,
    make_invitation,
    make_org,
    make_role,
    make_user,
)

# Pages anyone may open. Every other route under /o/<slug>/ is for members only.
PUBLIC_ENDPOINTS = frozenset({"org.public", "join.join", "prospects.invited"})

# Which of the organization's rows fills each URL argument.
ARGUMENT_ROWS = {
    "membership_id": "membership",
    "user_id": "user",
    "candidate_id": "candidate",
    "role_id": "role",
    "application_id": "application",
    "board_member_id": "board_member",
    "member_id": "board_member",
    "invitation_id": "invitation",
    "stage_id": "stage",
    "other_id": "other_candidate",
    "batch_id": "batch",
    "prospect_id": "prospect",
    "token": "prospect_token",
    "pending_id": "pending_import",
    "review_id": "review_request",
}


def org_routes() -> list:
    """Every (rule, method) under /o/<slug>/, read from a throw-away app's URL map."""
    url_map = create_app(base_config("sqlite://")).url_map
    return [
        pytest.param(rule, method, id=f"{rule.endpoint}-{method}")
        for rule in sorted(url_map.iter_rules(), key=lambda r: r.endpoint)
        if "slug" in rule.arguments and rule.endpoint != "static"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


ORG_ROUTES = org_routes()
ROUTES_WITH_ROWS = [p for p in ORG_ROUTES if p.values[0].arguments - {"slug"}]


@dataclass
class Tenant:
    org: Organization
    users: dict[str, User]
    rows: dict[str, int | str]
    private: list[str] = field(default_factory=list)


def make_tenant(slug: str, name: str, people: str) -> Tenant:
    """An organization with one user per role and one row of every kind."""
    org = make_org(slug, name)
    users = {
        role.value: make_user(
            f"{role.value}@{slug}.example", org, role, full_name=f"{people} {role.value}"
        )
        for role in MemberRole
    }
    candidate = make_candidate(
        org, first_name=f"{people}ine", last_name="Quintal", email=f"prospect@{slug}.example"
    )
    role = make_role(org, title=f"Trésorerie {people}")
    application = make_application(role, candidate)
    board_member = make_board_member(org, full_name=f"{people} Administrateur")
    invitation, _ = make_invitation(org, users["admin"], f"invited@{slug}.example")
    stage = db.session.scalar(select(Stage).where(Stage.organization_id == org.id))
    other_candidate = make_candidate(
        org, first_name=f"{people}on", last_name="Quintal", email=f"double@{slug}.example"
    )
    batch = ImportBatch(organization_id=org.id, kind=ImportKind.PROFILES, summary=[])
    prospect = Prospect(
        organization_id=org.id, match_key=f"name:{slug}", first_name="Connexion", last_name=slug
    )
    # A profile file the admin staged for the candidate, awaiting confirmation.
    pending = PendingImport(
        organization_id=org.id,
        created_by_id=users["admin"].id,
        candidate_id=candidate.id,
        filename="profile.json",
        payload=to_json_resume(candidate_to_record(candidate)),
        source="json_resume",
    )
    # The candidate asked a person to review their assessment for the role (Law 25).
    review = ReviewRequest(
        organization_id=org.id,
        candidate_id=candidate.id,
        role_id=role.id,
        message=f"Révision demandée par {people}ine",
    )
    db.session.add_all([batch, prospect, pending, review])
    db.session.flush()
    # Whoever holds a personal invitation link sees who sent it: by design, so the
    # inviter is not among the users whose names must never show elsewhere.
    inviter = make_user(f"inviter@{slug}.example", org, full_name=f"Inviteur de {name}")
    prospect_token = prospects.invite(prospect, inviter)
    db.session.commit()
    rows = {
        "membership": users["recruiter"].memberships[0].id,
        "user": users["recruiter"].id,
        "candidate": candidate.id,
        "role": role.id,
        "application": application.id,
        "board_member": board_member.id,
        "invitation": invitation.id,
        "stage": stage.id,
        "other_candidate": other_candidate.id,
        "batch": batch.id,
        "prospect": prospect.id,
        "prospect_token": prospect_token,
        "pending_import": pending.id,
        "review_request": review.id,
    }
    private = [user.email for user in users.values()] + [user.full_name for user in users.values()]
    private += [candidate.first_name, candidate.email, board_member.full_name, invitation.email]
    private += [other_candidate.first_name, other_candidate.email]
    private += [review.message]
    return Tenant(org, users, rows, private)


@pytest.fixture
def tenants(app) -> tuple[Tenant, Tenant]:
    return (
        make_tenant("org-a", "Organisme Alpha", "Philomène"),
        make_tenant("org-b", "Organisme Bêta", "Barnabé"),
    )


def url_for_rule(rule, slug: str, rows: dict[str, int | str]) -> str:
    values: dict[str, object] = {"slug": slug}
    for name in sorted(rule.arguments - {"slug"}):
        if name not in ARGUMENT_ROWS:
            pytest.fail(f"{rule.rule}: add <{name}> to ARGUMENT_ROWS so the walk can fill it")
        values[name] = rows[ARGUMENT_ROWS[name]]
    return rule.build(values)[1]


def logged_in(app, user: User):
    client = make_client(app, accept_language="en")
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, user.email
    return client


def leaks(response, tenant: Tenant) -> list[str]:
    return [text for text in tenant.private if text in response.text]


@pytest.mark.parametrize(("rule", "method"), ORG_ROUTES)
def test_members_of_another_org_get_404(app, tenants, rule, method):
    a, b = tenants
    url = url_for_rule(rule, a.org.slug, a.rows)
    for role, user in b.users.items():
        response = logged_in(app, user).open(url, method=method, data={})
        where = f"{method} {url} as org B's {role}"
        assert not leaks(response, a), where
        if rule.endpoint not in PUBLIC_ENDPOINTS:
            assert response.status_code == 404, where
            assert "Page not found" in response.text, where

    # The same request by org A's own admin is not a 404: the URL really names A's rows.
    response = logged_in(app, a.users["admin"]).open(url, method=method, data={})
    assert response.status_code != 404


@pytest.mark.parametrize(("rule", "method"), ROUTES_WITH_ROWS)
def test_rows_of_another_org_are_not_found_in_yours(app, tenants, rule, method):
    a, b = tenants
    url = url_for_rule(rule, a.org.slug, b.rows)
    for role in ("admin", "recruiter", "board_chair"):
        response = logged_in(app, a.users[role]).open(url, method=method, data={})
        assert response.status_code in ({404} if role == "admin" else {403, 404}), role
        assert not leaks(response, b), role


@pytest.mark.parametrize(("rule", "method"), ORG_ROUTES)
def test_strangers_are_sent_to_log_in(app, tenants, rule, method):
    a, _ = tenants
    url = url_for_rule(rule, a.org.slug, a.rows)
    response = make_client(app).open(url, method=method, data={})
    assert not leaks(response, a)
    if rule.endpoint not in PUBLIC_ENDPOINTS:
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")


@pytest.mark.parametrize("endpoint", sorted(PUBLIC_ENDPOINTS))
def test_public_pages_are_really_public(app, tenants, endpoint):
    a, _ = tenants
    rule = next(p.values[0] for p in ORG_ROUTES if p.values[0].endpoint == endpoint)
    page = make_client(app, accept_language="en").get(url_for_rule(rule, a.org.slug, a.rows))
    assert page.status_code == 200
    assert "Organisme Alpha" in page.text
    assert "Organisme Bêta" not in page.text
