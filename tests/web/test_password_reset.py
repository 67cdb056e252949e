"""Forgotten passwords: the e-mailed link, its single use, and the sessions it ends."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from app.extensions import db
from app.services import accounts, mail
from tests.factories import DEFAULT_PASSWORD, make_client, make_org, make_user

EN = {"Accept-Language": "en"}
SENT = "If an account uses this address, a reset link is on its way."
INVALID = "This reset link is invalid or has expired. Ask for a new one."
NEW_PASSWORD = "a-brand-new-secret"
FORGOT = "/password/forgot"


@pytest.fixture
def client(app):
    return make_client(app)


@pytest.fixture
def marie(app):
    return make_user("marie@example.org", make_org(), full_name="Marie-Ève D'Astous")


def reset_link(client, email: str) -> str:
    """Ask for a reset and return the path of the link e-mailed to ``email``."""
    client.post("/password/forgot", data={"email": email})
    (message,) = [m for m in mail.outbox if m["To"] == email]
    match = re.search(r"http://rallier\.test(/password/reset/\S+)", message.get_content())
    assert match, message.get_content()
    return match.group(1)


def choose(client, path: str, password: str, confirm: str | None = None):
    data = {"password": password, "confirm": password if confirm is None else confirm}
    return client.post(path, data=data, headers=EN)


@pytest.mark.parametrize(
    ("typed", "mailed"),
    [
        ("marie@example.org", True),
        ("Marie@Example.ORG", True),
        ("nobody@example.org", False),
    ],
)
def test_forgot_password_answers_the_same_for_every_address(client, marie, typed, mailed):
    response = client.post("/password/forgot", data={"email": typed}, headers=EN)
    assert response.status_code == 302
    assert response.location == "/login"
    assert SENT in client.get("/login", headers=EN).text
    assert len(mail.outbox) == (1 if mailed else 0)
    if mailed:
        (message,) = mail.outbox
        assert message["To"] == "marie@example.org"
        assert "Marie-Ève D'Astous" in message.get_content()
        assert "http://rallier.test/password/reset/" in message.get_content()


def test_inactive_account_gets_no_link(client, marie):
    marie.active = False
    db.session.commit()
    client.post("/password/forgot", data={"email": "marie@example.org"})
    assert mail.outbox == []


def test_reset_link_sets_a_new_password(client, auth, marie):
    path = reset_link(client, "marie@example.org")
    assert "Choose a new password" in client.get(path, headers=EN).text

    response = choose(client, path, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.location == "/login"
    assert "Your password is changed. Please log in." in client.get("/login", headers=EN).text

    assert "Wrong e-mail or password." in auth.login("marie@example.org", headers=EN).text
    assert auth.login("marie@example.org", NEW_PASSWORD).status_code == 302


def test_reset_link_works_only_once(client, auth, marie):
    path = reset_link(client, "marie@example.org")
    choose(client, path, NEW_PASSWORD)

    again = choose(client, path, "yet-another-secret")
    assert again.status_code == 302
    assert again.location == FORGOT
    assert INVALID in client.get(FORGOT, headers=EN).text
    assert auth.login("marie@example.org", NEW_PASSWORD).status_code == 302


def test_asking_twice_then_using_one_link_kills_the_other(client, marie):
    first = reset_link(client, "marie@example.org")
    mail.outbox.clear()
    second = reset_link(client, "marie@example.org")
    choose(client, second, NEW_PASSWORD)
    assert client.get(first).location == FORGOT


def forged(marie):
    # Well formed and for the right account, but signed with another key.
    payload = {"uid": marie.id, "pw": accounts._password_fingerprint(marie)}
    return URLSafeTimedSerializer("not-the-secret-key", salt="password-reset").dumps(payload)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token, marie: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token, marie: forged(marie),
        lambda token, marie: "not-a-token",
    ],
    ids=["signature", "other-key", "garbage"],
)
def test_tampered_reset_link_is_refused(client, auth, marie, tamper):
    token = reset_link(client, "marie@example.org").rsplit("/", 1)[1]
    response = choose(client, f"/password/reset/{tamper(token, marie)}", NEW_PASSWORD)
    assert response.status_code == 302
    assert response.location == FORGOT
    assert INVALID in client.get(FORGOT, headers=EN).text
    assert auth.login("marie@example.org").status_code == 302  # the password did not change


@pytest.mark.parametrize(("hours_later", "status", "location"), [(1, 200, None), (3, 302, FORGOT)])
def test_reset_link_lasts_two_hours(client, marie, monkeypatch, hours_later, status, location):
    path = reset_link(client, "marie@example.org")
    later = int(time.time()) + hours_later * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.get(path)
    assert (response.status_code, response.location) == (status, location)


@pytest.mark.parametrize(
    ("password", "confirm", "error"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "!", "The passwords differ."),
        ("short-pw", "short-pw", "Use between 10 and 200 characters."),
        ("", "", "This field is required."),
    ],
)
def test_bad_new_password_is_explained(client, auth, marie, password, confirm, error):
    path = reset_link(client, "marie@example.org")
    response = choose(client, path, password, confirm)
    assert response.status_code == 200
    assert error in response.text
    assert auth.login("marie@example.org").status_code == 302  # the old one still works


def test_reset_ends_every_open_session(app, client, marie):
    token_before = marie.session_token
    laptop = make_client(app)
    laptop.post("/login", data={"email": "marie@example.org", "password": DEFAULT_PASSWORD})
    assert laptop.get("/o/banque-alimentaire/dashboard").status_code == 200

    choose(client, reset_link(client, "marie@example.org"), NEW_PASSWORD)

    response = laptop.get("/o/banque-alimentaire/dashboard")
    assert response.status_code == 302
    assert response.location.startswith("/login")
    db.session.refresh(marie)
    assert marie.session_token != token_before
