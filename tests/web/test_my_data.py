"""The candidate's rights: consent per purpose, seeing their data, downloading it, erasing it."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.importers.jsonresume import parse_json_resume
from app.models import (
    AuditEvent,
    Candidate,
    CandidateSkill,
    Consent,
    ConsentPurpose,
    LanguageLevel,
    MemberRole,
    Membership,
    User,
)
from app.services import matching, profiles
from tests.factories import (
    DEFAULT_PASSWORD,
    add_profile_items,
    make_client,
    make_org,
    make_role,
    make_user,
)
from tests.web.profile_support import BASE, fresh, log_in_candidate, log_in_staff, text_of

CONSENTS = f"{BASE}/me/consents"


def token_of(page) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)


def log_in_candidate_csrf(app, org):
    """log_in_candidate, with the login form's own CSRF token."""
    user = make_user("zoe@example.org", org, MemberRole.CANDIDATE, full_name="Zoë D'Amour")
    client = make_client(app, accept_language="en")
    data = {"email": user.email, "password": DEFAULT_PASSWORD}
    response = client.post("/login", data={**data, "csrf_token": token_of(client.get("/login"))})
    assert response.status_code == 302
    return client, db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


@pytest.fixture
def org(app):
    return make_org()


def consents_of(candidate: Candidate, purpose: ConsentPurpose) -> list[Consent]:
    fresh(candidate)
    return [c for c in candidate.consents if c.purpose == purpose]


def test_consent_boxes_start_unticked_and_explain_each_purpose(app, org):
    client, _ = log_in_candidate(app, org)
    page = client.get(CONSENTS)
    assert page.status_code == 200
    text = text_of(page)
    for name in ("matching", "contact", "retention"):
        assert f'id="{name}" name="{name}" type="checkbox" value="y">' in text
    assert "checked" not in text
    assert "Without this consent you appear in no ranking." in text
    assert "6 months" in text and "24 months" in text


def test_giving_and_withdrawing_consent_changes_the_ranking(app, org):
    role = make_role(org, title="Comptable bénévole")
    client, candidate = log_in_candidate(app, org)
    add_profile_items(candidate, skills=["comptabilité"])
    ranked = lambda: [m.candidate_id for m in matching.ranked_matches(org, role)]  # noqa: E731
    assert candidate.id not in ranked()

    response = client.post(CONSENTS, data={"matching": "y", "retention_months": "12"})
    assert response.status_code == 302
    assert [c.expires_at for c in consents_of(candidate, ConsentPurpose.MATCHING)] == [None]
    assert consents_of(candidate, ConsentPurpose.RETENTION) == []
    assert candidate.id in ranked()
    recruiter = log_in_staff(app, org)
    assert "Zoë D&#39;Amour-Lévesque" in recruiter.get(f"{BASE}/roles/{role.id}").text
    page = text_of(client.get(CONSENTS))
    assert "Thank you: your consent is recorded." in page and "until you withdraw it" in page

    response = client.post(f"{CONSENTS}/withdraw", data={"purpose": "matching"})
    assert response.status_code == 302
    [consent] = consents_of(candidate, ConsentPurpose.MATCHING)
    assert consent.withdrawn_at is not None  # kept, stamped
    assert candidate.id not in ranked()
    assert "Zoë D&#39;Amour-Lévesque" not in recruiter.get(f"{BASE}/roles/{role.id}").text
    assert "Your consent is withdrawn." in text_of(client.get(CONSENTS))


def test_keeping_the_profile_has_a_duration(app, org):
    client, candidate = log_in_candidate(app, org)
    client.post(CONSENTS, data={"retention": "y", "retention_months": "24"})
    [consent] = consents_of(candidate, ConsentPurpose.RETENTION)
    assert timedelta(days=728) < consent.expires_at - consent.given_at < timedelta(days=733)
    assert f"until {consent.expires_at:%b} " in text_of(client.get(CONSENTS))


@pytest.mark.parametrize(
    "data",
    [{}, {"retention": "y", "retention_months": "7"}, {"purpose": "matching"}],
)
def test_consent_is_never_assumed(app, org, data):
    client, candidate = log_in_candidate(app, org)
    response = client.post(CONSENTS, data=data)
    assert response.status_code == 400
    assert consents_of(candidate, ConsentPurpose.MATCHING) == []
    assert consents_of(candidate, ConsentPurpose.RETENTION) == []
    assert client.post(f"{CONSENTS}/withdraw", data={"purpose": "nope"}).status_code == 400


def test_my_data_shows_everything_with_its_source(app, org):
    client, candidate = log_in_candidate(app, org)
    add_profile_items(candidate, skills=["comptabilité"], languages={"fr": None})
    client.post(CONSENTS, data={"matching": "y", "contact": "y"})
    page = text_of(client.get(f"{BASE}/me/data"))
    assert "comptabilité" in page and "French" in page
    assert "Profile form, " in page
    assert "Being contacted about roles" in page
    assert "Consent given: Being matched to this organization's roles" in page
    assert "by you" in page and "zoe@example.org" in page
    assert "Download my profile (JSON Resume)" in page


def test_the_download_is_json_resume_that_imports_back_unchanged(app, org):
    client, candidate = log_in_candidate(app, org)
    add_profile_items(
        candidate,
        skills=["gestion de bénévoles"],
        languages={"en": LanguageLevel.FULL_PROFESSIONAL},
    )
    response = client.get(f"{BASE}/me/data/download")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename=rallier-Zoe-D-Amour-Levesque.json" in disposition
    assert "filename*=UTF-8''rallier-Zo%C3%AB-D-Amour-L%C3%A9vesque.json" in disposition
    record = parse_json_resume(response.data, name="export.json")  # valid against the schema
    assert (record.first_name, record.skills) == ("Zoë", ["gestion de bénévoles"])
    assert json.loads(response.data)["basics"]["email"] == "zoe@example.org"
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == "candidate.exported"))
        == 1
    )

    before = profiles.candidate_to_record(candidate)
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(response.data), filename="export.json")}
    )
    staged = client.post(
        f"{BASE}/me/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    preview = client.get(staged.location)
    assert "This file holds nothing new" in text_of(preview)
    client.post(f"{staged.location}/confirm")
    fresh(candidate)
    assert profiles.candidate_to_record(candidate) == before


def test_delete_needs_the_password_then_erases_and_logs_out(app, org):
    client, candidate = log_in_candidate(app, org)
    add_profile_items(candidate, skills=["comptabilité"])
    page = client.get(f"{BASE}/me/delete")
    assert "This cannot be undone." in text_of(page)
    wrong = client.post(f"{BASE}/me/delete", data={"password": "not-my-password"})
    assert wrong.status_code == 400
    assert "This is not your password." in wrong.text
    assert db.session.get(Candidate, candidate.id) is not None

    response = client.post(f"{BASE}/me/delete", data={"password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/")
    assert "Your profile and your account with this organization are deleted." in home.text
    assert client.get(f"{BASE}/me").status_code == 302  # logged out
    db.session.commit()
    for model in (Candidate, CandidateSkill, Membership, User):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate.erased"))
    assert "zoe" not in json.dumps(event.details).lower()


@pytest.mark.parametrize("path", ["/me/edit", "/me/import", "/me/consents", "/me/delete", "/me"])
def test_with_csrf_on_every_form_carries_its_token(app, org, path):
    app.config["WTF_CSRF_ENABLED"] = True
    client, candidate = log_in_candidate_csrf(app, org)
    client.post(CONSENTS, data={"matching": "y", "csrf_token": token_of(client.get(CONSENTS))})
    page = client.get(f"{BASE}{path}").text
    forms = re.findall(r"<form [^>]*method=\"post\".*?</form>", page, flags=re.S)
    assert forms
    for form in forms:
        assert 'name="csrf_token"' in form, form[:120]
    refused = client.post(f"{CONSENTS}/withdraw", data={"purpose": "matching"})
    assert refused.status_code == 400
    assert [c.withdrawn_at for c in consents_of(candidate, ConsentPurpose.MATCHING)] == [None]


def test_the_data_pages_render_in_french(app, org):
    client, _ = log_in_candidate(app, org, lang="fr")
    client.post(CONSENTS, data={"matching": "y"})
    consents = text_of(client.get(CONSENTS))
    assert "Retirer ce consentement" in consents
    assert "Mes données" in text_of(client.get(f"{BASE}/me/data"))
    assert "Supprimer mon compte et mon profil" in text_of(client.get(f"{BASE}/me/delete"))
