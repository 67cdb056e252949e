"""Tuning the matching weights from recruiters' decisions: propose, accept, reset."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AuditEvent,
    CandidateSkill,
    LearnedWeights,
    MatchingState,
    MemberRole,
    Organization,
    RoleKind,
    RoleSkill,
    Source,
)
from app.models.base import utcnow
from app.services import learning
from tests.factories import (
    DEFAULT_PASSWORD,
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

TUNING = "/o/banque-alimentaire/tuning"
VOLUNTEER = {"kind": "volunteer"}


@pytest.fixture
def client(app):
    return make_client(app, accept_language="en")


@pytest.fixture
def org(app):
    return make_org()


@pytest.fixture
def recruiter(org):
    return make_user("recrue@example.org", org, MemberRole.RECRUITER, full_name="Rémi D'Anjou")


@pytest.fixture
def logged_in(client, auth, recruiter):
    auth.login(recruiter.email)
    return client


def make_decisions(
    org: Organization,
    count: int,
    *,
    kind: RoleKind = RoleKind.VOLUNTEER,
    stage: str | None = None,
    consented: bool = True,
    tag: str = "",
) -> None:
    """``count`` decided applications; recruiters advance mostly those with the role's skill."""
    role = make_role(
        org,
        kind=kind,
        title=f"Tenue de livres {kind.value}{tag}",
        hours_per_week=4,
        skills=[RoleSkill(name="Comptabilité", required=False)],
    )
    for i in range(count):
        has_skill = i % 2 == 0
        label = "Comptabilité" if has_skill else "Jardinage"
        candidate = make_candidate(
            org,
            consented=consented,
            first_name=f"Personne{i}{tag}",
            email=f"p{i}{kind.value}{tag}@example.org",
            hours_per_week=2 + i % 6,
            skills=[CandidateSkill(organization_id=org.id, label=label, source=Source.FORM)],
        )
        advanced = has_skill != (i % 7 == 0)  # a few decisions go against the skill
        make_application(
            role, candidate, stage=stage or ("shortlisted" if advanced else "not_a_fit")
        )


def learned(org: Organization, kind: RoleKind = RoleKind.VOLUNTEER) -> LearnedWeights | None:
    db.session.expire_all()
    return db.session.scalar(
        select(LearnedWeights).where(
            LearnedWeights.organization_id == org.id, LearnedWeights.kind == kind
        )
    )


def weights_in_force(org: Organization, kind: RoleKind = RoleKind.VOLUNTEER) -> dict[str, float]:
    db.session.expire_all()
    return learning.weights_for(org, kind)


def section(page, kind: str) -> str:
    match = re.search(rf'<section[^>]*id="kind-{kind}".*?</section>', page.text, re.S)
    assert match, kind
    return match.group(0)


def test_the_page_says_how_many_more_decisions_are_needed(logged_in, org):
    make_decisions(org, 5)
    make_decisions(org, 4, stage="new", tag="-new")  # not decided yet
    make_decisions(org, 4, consented=False, tag="-noconsent")  # not theirs to give
    make_decisions(org, 3, kind=RoleKind.STAFF)
    other = make_org("centre-femmes", "Centre des femmes de Verdun")
    make_decisions(other, 6, tag="-other")
    page = logged_in.get(TUNING)
    assert page.status_code == 200
    assert "5 decisions so far." in section(page, "volunteer")
    assert "25 more decisions needed" in section(page, "volunteer")
    assert "27 more decisions needed" in section(page, "staff")
    assert "30 more decisions needed" in section(page, "board")
    assert "Propose weights from decisions" not in page.text
    assert "<caption>" in page.text and '<th scope="row">Skills</th>' in page.text


def test_proposing_below_the_minimum_is_refused(logged_in, org):
    make_decisions(org, 29)
    response = logged_in.post(f"{TUNING}/propose", data=VOLUNTEER, follow_redirects=True)
    assert "1 more decision needed before weights can be learned." in response.text
    assert learned(org) is None


def test_decisions_all_of_one_kind_are_refused(logged_in, org):
    make_decisions(org, 30, stage="shortlisted")
    response = logged_in.post(f"{TUNING}/propose", data=VOLUNTEER, follow_redirects=True)
    assert "so far the decisions are all of one kind" in response.text
    assert learned(org) is None


def test_proposing_stores_the_weights_without_putting_them_in_force(logged_in, org):
    defaults = weights_in_force(org)
    make_decisions(org, 36)
    make_decisions(org, 6, stage="interview", tag="-interview")  # advanced further: positive
    response = logged_in.post(f"{TUNING}/propose", data=VOLUNTEER)
    assert response.status_code == 302
    assert response.location.endswith("/tuning#kind-volunteer")

    row = learned(org)
    assert row is not None
    assert (row.status, row.decision_count, row.previous) == ("proposed", 42, defaults)
    assert set(row.proposed) == set(defaults)
    assert sum(row.proposed.values()) == pytest.approx(sum(defaults.values()), rel=1e-3)
    assert 0.0 <= row.evaluation["auc_current"] <= 1.0
    assert 0.0 <= row.evaluation["auc_learned"] <= 1.0
    assert row.evaluation["decisions"] == 42
    assert weights_in_force(org) == defaults

    page = section(logged_in.get(TUNING), "volunteer")
    assert "Proposed on" in page
    assert '<th scope="col">Default</th>' in page and '<th scope="col">Proposed</th>' in page
    assert "none yet" not in page  # the proposed column is filled
    assert "Learned weights" in page and "Cross-validated ROC AUC over 42 decisions" in page
    assert "Accept the proposed weights" in page
    assert "none yet" in section(logged_in.get(TUNING), "board")


def test_accepting_puts_the_weights_in_force_and_reset_restores_the_defaults(
    logged_in, org, recruiter
):
    defaults = weights_in_force(org)
    make_decisions(org, 36)
    logged_in.post(f"{TUNING}/propose", data=VOLUNTEER)
    version = db.session.scalar(select(MatchingState.version))

    response = logged_in.post(f"{TUNING}/accept", data=VOLUNTEER, follow_redirects=True)
    assert "The learned weights are now in force." in response.text
    row = learned(org)
    assert (row.status, row.decided_by_id) == ("accepted", recruiter.id)
    assert row.decided_at is not None and row.decided_at <= utcnow()
    assert weights_in_force(org) == {**defaults, **row.proposed} != defaults
    assert weights_in_force(org, RoleKind.STAFF) == learning.weights_for(org, RoleKind.STAFF)
    assert db.session.scalar(select(MatchingState.version)) > (version or 0)  # indexes refresh
    page = section(logged_in.get(TUNING), "volunteer")
    assert "Accepted on" in page and "Rémi D&#39;Anjou" in page
    assert "Reset to defaults" in page

    response = logged_in.post(f"{TUNING}/reset", data=VOLUNTEER, follow_redirects=True)
    assert "The weights in force before are back in force." in response.text
    assert learned(org).status == "reset"
    assert weights_in_force(org) == defaults
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.organization_id == org.id)
    ).all()
    assert [a for a in actions if a.startswith("weights.")] == [
        "weights.proposed",
        "weights.accepted",
        "weights.reset",
    ]


def test_a_new_proposal_keeps_the_accepted_weights_in_force_until_accepted(org, recruiter):
    make_decisions(org, 36)
    first = learning.propose(org, RoleKind.VOLUNTEER, recruiter).proposed
    learning.accept(org, RoleKind.VOLUNTEER, recruiter)
    make_decisions(org, 10, tag="-more")
    learning.propose(org, RoleKind.VOLUNTEER, recruiter)
    db.session.commit()
    in_force = weights_in_force(org)
    assert learned(org).previous == in_force
    assert {k: in_force[k] for k in first} == first
    learning.accept(org, RoleKind.VOLUNTEER, recruiter)
    learning.reset(org, RoleKind.VOLUNTEER, recruiter)
    db.session.commit()
    assert {k: weights_in_force(org)[k] for k in first} == first  # back to the first set


@pytest.mark.parametrize("action", ["accept", "reset"])
def test_accept_or_reset_without_anything_to_act_on_is_refused(logged_in, org, action):
    response = logged_in.post(f"{TUNING}/{action}", data=VOLUNTEER, follow_redirects=True)
    assert response.status_code == 200
    assert 'class="flash flash-error"' in response.text
    assert learned(org) is None


@pytest.mark.parametrize("data", [{}, {"kind": "janitor"}])
def test_an_unknown_kind_is_a_bad_request(logged_in, data):
    assert logged_in.post(f"{TUNING}/propose", data=data).status_code == 400


@pytest.mark.parametrize("method", ["get", "post"])
def test_members_of_another_organization_get_404(app, client, auth, org, method):
    other = make_org("centre-femmes", "Centre des femmes de Verdun")
    make_user("admin@verdun.example", other, MemberRole.ADMIN)
    auth.login("admin@verdun.example")
    path = TUNING if method == "get" else f"{TUNING}/propose"
    assert getattr(client, method)(path, data=VOLUNTEER).status_code == 404


@pytest.mark.parametrize("role", [MemberRole.CANDIDATE, MemberRole.BOARD_CHAIR])
@pytest.mark.parametrize("method", ["get", "post"])
def test_candidates_and_board_chairs_get_403(client, auth, org, role, method):
    make_user("someone@example.org", org, role)
    auth.login("someone@example.org")
    path = TUNING if method == "get" else f"{TUNING}/accept"
    assert getattr(client, method)(path, data=VOLUNTEER).status_code == 403


@pytest.mark.parametrize(
    ("role", "shown"),
    [(MemberRole.ADMIN, True), (MemberRole.RECRUITER, True), (MemberRole.BOARD_CHAIR, False)],
)
def test_the_navigation_links_to_the_page_for_admins_and_recruiters(client, auth, org, role, shown):
    make_user("someone@example.org", org, role)
    auth.login("someone@example.org")
    page = client.get("/o/banque-alimentaire/dashboard")
    assert (f'href="{TUNING}"' in page.text) is shown


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token"
    return match.group(1)


def test_the_buttons_carry_a_csrf_token_and_work_with_it(app, client, org, recruiter):
    app.config["WTF_CSRF_ENABLED"] = True
    make_decisions(org, 30)
    credentials = {"email": recruiter.email, "password": DEFAULT_PASSWORD}
    client.post("/login", data={**credentials, "csrf_token": csrf_token(client.get("/login").text)})
    assert client.post(f"{TUNING}/propose", data=VOLUNTEER).status_code == 400
    page = client.get(TUNING).text
    form = re.search(r'<form[^>]*action="[^"]*/tuning/propose".*?</form>', page, re.S).group(0)
    assert 'name="kind"' in form and 'value="volunteer"' in form
    response = client.post(f"{TUNING}/propose", data={**VOLUNTEER, "csrf_token": csrf_token(form)})
    assert response.status_code == 302
    assert learned(org).status == "proposed"
