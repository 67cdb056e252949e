"""A candidate asks a person to review their automated assessment (Law 25); staff answer."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Candidate, MemberRole, ReviewRequest, RoleStatus
from app.models.base import utcnow
from tests.factories import (
    make_application,
    make_candidate,
    make_client,
    make_org,
    make_role,
    make_user,
)

ME = "/o/banque-alimentaire/me/review"
LIST = "/o/banque-alimentaire/reviews"


@pytest.fixture
def org(app):
    return make_org()


def login(app, email: str, *, lang: str = "en"):
    client = make_client(app, accept_language=lang)
    response = client.post("/login", data={"email": email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return client


@pytest.fixture
def candidate_client(app, org):
    make_user("cand@example.org", org, MemberRole.CANDIDATE, full_name="Camille Candidate")
    return login(app, "cand@example.org")


def me(org) -> Candidate:
    return db.session.scalar(select(Candidate).where(Candidate.email == "cand@example.org"))


def staff(app, org, role=MemberRole.RECRUITER, email="recrue@example.org"):
    make_user(email, org, role, full_name="Rémi Recruteur")
    return login(app, email)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.text)))


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(ReviewRequest))


def test_a_candidate_asks_for_a_review_of_one_role(app, org, candidate_client):
    role = make_role(org, title="Aide à la cuisine")
    make_role(org, title="Brouillon caché", status=RoleStatus.DRAFT)
    page = candidate_client.get(ME)
    assert page.status_code == 200
    assert "Ask for a review by a person" in page.text
    assert f'<option value="{role.id}">Aide à la cuisine</option>' in page.text
    assert "Brouillon caché" not in page.text  # not open, and never considered

    sent = candidate_client.post(ME, data={"role": str(role.id), "message": "Je parle espagnol."})
    assert sent.status_code == 302 and sent.location == ME
    review = db.session.scalar(select(ReviewRequest))
    assert (review.candidate_id, review.role_id, review.message) == (
        me(org).id,
        role.id,
        "Je parle espagnol.",
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.requested"))
    assert (event.target_type, event.target_id) == ("review_request", review.id)
    assert event.details == {"candidate_id": me(org).id, "role_id": role.id}
    after = text_of(candidate_client.get(ME))
    assert "Your request was sent." in after
    assert "For the role Aide à la cuisine" in after and "Waiting for a person" in after


def test_a_role_the_candidate_was_considered_for_is_offered_even_when_closed(
    app, org, candidate_client
):
    closed = make_role(org, title="Ancien poste", status=RoleStatus.CLOSED)
    make_application(closed, me(org), stage="not_a_fit")
    assert "Ancien poste" in candidate_client.get(ME).text


def test_a_review_of_every_role_and_no_message(app, org, candidate_client):
    assert candidate_client.post(ME, data={"role": "", "message": ""}).status_code == 302
    review = db.session.scalar(select(ReviewRequest))
    assert (review.role_id, review.message) == (None, "")
    assert "For every role" in text_of(candidate_client.get(ME))


def test_one_waiting_request_per_role(app, org, candidate_client):
    role = make_role(org)
    assert candidate_client.post(ME, data={"role": str(role.id)}).status_code == 302
    again = candidate_client.post(ME, data={"role": str(role.id), "message": "Encore"})
    assert again.status_code == 400
    assert "You already asked for this review: a person will answer you here." in text_of(again)
    assert count() == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"role": "", "message": "x" * 2001}, "Field cannot be longer than 2000 characters."),
        ({"role": "999999"}, "Not a valid choice"),
    ],
)
def test_bad_requests_are_refused(app, org, candidate_client, data, expected):
    response = candidate_client.post(ME, data=data)
    assert response.status_code == 400
    assert expected in text_of(response)
    assert count() == 0


def test_another_organizations_role_cannot_be_named(app, org, candidate_client):
    other = make_role(make_org("ailleurs", "Ailleurs"), title="Poste d'ailleurs")
    response = candidate_client.post(ME, data={"role": str(other.id)})
    assert response.status_code == 400
    assert count() == 0


def test_staff_cannot_use_the_candidates_page_and_candidates_not_the_staff_ones(
    app, org, candidate_client
):
    review = ReviewRequest(organization_id=org.id, candidate_id=me(org).id)
    db.session.add(review)
    db.session.commit()
    assert candidate_client.get(LIST).status_code == 403
    resolve = f"{LIST}/{review.id}/resolve"
    assert (
        candidate_client.post(resolve, data={f"review-{review.id}-resolution": "x"}).status_code
        == 403
    )
    assert staff(app, org).get(ME).status_code == 403


@pytest.fixture
def waiting(org):
    role = make_role(org, title="Accueil")
    person = make_candidate(org, first_name="Noé", last_name="Laplante", email="noe@example.org")
    review = ReviewRequest(
        organization_id=org.id, candidate_id=person.id, role_id=role.id, message="Pourquoi 40 ?"
    )
    db.session.add(review)
    db.session.commit()
    return role, person, review


def test_staff_see_the_waiting_requests_and_answer_them(app, org, waiting):
    role, person, review = waiting
    client = staff(app, org)
    page = client.get(LIST)
    text = text_of(page)
    assert "Noé Laplante — Accueil" in text and "Pourquoi 40 ?" in text
    assert f'href="/o/banque-alimentaire/roles/{role.id}/candidates/{person.id}"' in page.text
    field = f"review-{review.id}-resolution"
    done = client.post(
        f"{LIST}/{review.id}/resolve",
        data={field: "Le score tient compte de l'espagnol.", f"review-{review.id}-next": ""},
    )
    assert done.status_code == 302 and done.location == LIST
    db.session.refresh(review)
    assert review.resolution == "Le score tient compte de l'espagnol."
    assert review.resolved_at is not None and review.resolved_by_id is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.resolved"))
    assert event.target_id == review.id and "espagnol" not in str(event.details)
    after = text_of(client.get(LIST))
    assert "No request is waiting." in after
    assert "Reviewed on" in after and "by Rémi Recruteur" in after


def test_the_candidate_reads_the_answer(app, org, candidate_client):
    review = ReviewRequest(
        organization_id=org.id,
        candidate_id=me(org).id,
        message="?",
        resolved_at=utcnow(),
        resolution="Votre disponibilité manquait : ajoutez-la.",
    )
    db.session.add(review)
    db.session.commit()
    text = text_of(candidate_client.get(ME))
    assert "Reviewed" in text and "Votre disponibilité manquait : ajoutez-la." in text


def test_an_answer_is_required(app, org, waiting):
    *_, review = waiting
    response = staff(app, org).post(
        f"{LIST}/{review.id}/resolve", data={f"review-{review.id}-resolution": "  "}
    )
    assert response.status_code == 400
    assert "Say what the review found: the candidate reads it." in text_of(response)
    db.session.refresh(review)
    assert review.resolved_at is None


def test_a_request_is_answered_once(app, org, waiting):
    *_, review = waiting
    client = staff(app, org)
    data = {f"review-{review.id}-resolution": "Vu."}
    assert client.post(f"{LIST}/{review.id}/resolve", data=data).status_code == 302
    again = client.post(
        f"{LIST}/{review.id}/resolve", data={f"review-{review.id}-resolution": "Bis"}
    )
    assert again.status_code == 400
    assert "This request was already reviewed." in text_of(again)
    db.session.refresh(review)
    assert review.resolution == "Vu."


def test_answering_goes_back_to_a_same_site_page_only(app, org, waiting):
    role, person, review = waiting
    back = f"/o/banque-alimentaire/roles/{role.id}/candidates/{person.id}"
    client = staff(app, org)
    prefix = f"review-{review.id}"
    done = client.post(
        f"{LIST}/{review.id}/resolve", data={f"{prefix}-resolution": "Vu.", f"{prefix}-next": back}
    )
    assert done.location == back
    other = ReviewRequest(organization_id=org.id, candidate_id=person.id)
    db.session.add(other)
    db.session.commit()
    prefix = f"review-{other.id}"
    evil = client.post(
        f"{LIST}/{other.id}/resolve",
        data={f"{prefix}-resolution": "Vu.", f"{prefix}-next": "https://evil.example/"},
    )
    assert evil.location == LIST


def test_board_chairs_read_but_do_not_answer(app, org, waiting):
    *_, review = waiting
    client = staff(app, org, MemberRole.BOARD_CHAIR, email="chair@example.org")
    page = client.get(LIST)
    assert page.status_code == 200 and "Pourquoi 40 ?" in page.text
    assert "Mark as reviewed" not in page.text
    data = {f"review-{review.id}-resolution": "Vu."}
    assert client.post(f"{LIST}/{review.id}/resolve", data=data).status_code == 403


def test_a_blind_roles_request_names_no_one_until_revealed(app, org, waiting):
    role, person, _ = waiting
    role.blind_review = True
    db.session.commit()
    client = staff(app, org)
    text = text_of(client.get(LIST))
    assert f"Candidate #{person.id} — Accueil" in text and "Laplante" not in text
    make_application(role, person, stage="shortlisted", revealed_at=utcnow())
    assert "Noé Laplante — Accueil" in text_of(client.get(LIST))


def test_another_organizations_request_is_not_found(app, org, waiting):
    other = make_org("ailleurs", "Ailleurs")
    stranger = make_candidate(other, email="s@ailleurs.example")
    foreign = ReviewRequest(organization_id=other.id, candidate_id=stranger.id, message="Secret")
    db.session.add(foreign)
    db.session.commit()
    client = staff(app, org)
    data = {f"review-{foreign.id}-resolution": "Vu."}
    assert client.post(f"{LIST}/{foreign.id}/resolve", data=data).status_code == 404
    assert "Secret" not in client.get(LIST).text
    db.session.refresh(foreign)
    assert foreign.resolved_at is None


def test_both_forms_need_their_csrf_token(app, org, waiting):
    *_, review = waiting
    app.config["WTF_CSRF_ENABLED"] = True

    def logged_in(email: str):
        client = make_client(app, accept_language="en")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").text)
        data = {"email": email, "password": "correct-horse-battery", "csrf_token": token.group(1)}
        assert client.post("/login", data=data).status_code == 302
        return client

    make_user("cand@example.org", org, MemberRole.CANDIDATE)
    asker = logged_in("cand@example.org")
    assert asker.post(ME, data={"role": "", "message": "Sans jeton"}).status_code == 400
    assert count() == 1
    page = asker.get(ME).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert asker.post(ME, data={"role": "", "csrf_token": token}).status_code == 302
    assert count() == 2

    make_user("recrue@example.org", org)
    answerer = logged_in("recrue@example.org")
    prefix = f"review-{review.id}"
    data = {f"{prefix}-resolution": "Vu."}
    assert answerer.post(f"{LIST}/{review.id}/resolve", data=data).status_code == 400
    page = answerer.get(LIST).text
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data[f"{prefix}-csrf_token"] = token
    assert answerer.post(f"{LIST}/{review.id}/resolve", data=data).status_code == 302
    db.session.refresh(review)
    assert review.resolution == "Vu."
