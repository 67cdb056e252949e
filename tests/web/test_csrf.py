"""With CSRF protection on, as in production, a POST needs the token of its own session."""

from __future__ import annotations

import re

import pytest

from app.models import MemberRole
from tests.factories import DEFAULT_PASSWORD, make_client, make_org, make_user

DASHBOARD = "/o/banque-alimentaire/dashboard"
EXPIRED = "The form had expired. Go back, reload the page and submit it again."
CREDENTIALS = {"email": "marie@example.org", "password": DEFAULT_PASSWORD}


@pytest.fixture
def app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return make_client(app, accept_language="en")


@pytest.fixture
def marie(app):
    return make_user("marie@example.org", make_org(), MemberRole.ADMIN)


def csrf_token(page) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client) -> None:
    token = csrf_token(client.get("/login"))
    response = client.post("/login", data={**CREDENTIALS, "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/login", CREDENTIALS),
        ("/password/forgot", {"email": "marie@example.org"}),
        ("/locale", {"locale": "en", "next": "/"}),
        ("/o/banque-alimentaire/join", {"full_name": "Zoë", "email": "zoe@example.org"}),
    ],
)
def test_post_without_token_is_refused(client, marie, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert EXPIRED in response.text
    assert client.get(DASHBOARD).status_code == 302  # and nobody got logged in


def test_login_with_the_forms_token_works(client, marie):
    log_in(client)
    assert client.get(DASHBOARD).status_code == 200


def test_token_of_another_session_is_refused(app, client, marie):
    token = csrf_token(make_client(app).get("/login"))
    response = client.post("/login", data={**CREDENTIALS, "csrf_token": token})
    assert response.status_code == 400
    assert EXPIRED in response.text


def test_logout_without_token_keeps_the_session(client, marie):
    log_in(client)
    response = client.post("/logout")
    assert response.status_code == 400
    assert EXPIRED in response.text
    assert client.get(DASHBOARD).status_code == 200


def test_logout_with_the_pages_token_ends_the_session(client, marie):
    log_in(client)
    token = csrf_token(client.get(DASHBOARD))
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    assert client.get(DASHBOARD).location.startswith("/login")
