"""Password guessing is slowed per account and per address; honest logins are never counted."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db
from tests.conftest import base_config
from tests.factories import DEFAULT_PASSWORD, make_client, make_org, make_user

LIMITS = {
    "RATELIMIT_ENABLED": True,
    "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
    "LOGIN_LIMIT_PER_ADDRESS": "5 per minute",
}
WRONG_PASSWORD = "not-the-password"
TOO_MANY = "Too many attempts in a short time. Wait a few minutes and try again."


@pytest.fixture
def limited(app, database_url):
    """An app with rate limits on; the ``app`` fixture still empties the database after."""
    limited = create_app(base_config(database_url) | LIMITS)
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def users(app):
    org = make_org()
    return [make_user(f"user{n}@example.org", org) for n in range(8)]


def attempt(app, email: str, password: str = WRONG_PASSWORD, address: str = "127.0.0.1"):
    client = make_client(app, accept_language="en")
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/login", data={"email": email, "password": password})


@pytest.mark.parametrize("run", ["first", "second"])
def test_fourth_failure_on_one_account_is_refused(limited, users, run):
    # Run twice: were the counts kept from one test to the next, "second" would fail early.
    for _ in range(3):
        response = attempt(limited, "user0@example.org")
        assert response.status_code == 200
        assert "Wrong e-mail or password." in response.text
    refused = attempt(limited, "USER0@example.org", DEFAULT_PASSWORD)  # even the right one
    assert refused.status_code == 429
    assert TOO_MANY in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert attempt(limited, "user1@example.org", DEFAULT_PASSWORD).status_code == 302


def test_account_limit_holds_across_addresses(limited, users):
    for n in range(3):
        assert attempt(limited, "user0@example.org", address=f"10.0.0.{n}").status_code == 200
    assert attempt(limited, "user0@example.org", address="10.0.0.9").status_code == 429


def test_sixth_failure_from_one_address_is_refused(limited, users):
    for n in range(5):
        assert attempt(limited, f"user{n}@example.org").status_code == 200
    refused = attempt(limited, "user5@example.org")
    assert refused.status_code == 429
    assert TOO_MANY in refused.text
    assert attempt(limited, "user5@example.org", address="10.0.0.2").status_code == 200


def test_forwarded_for_header_does_not_reset_the_address_budget(limited, users):
    for n in range(5):
        client = make_client(limited)
        client.post(
            "/login",
            data={"email": f"user{n}@example.org", "password": "nope-nope-nope"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )
    assert attempt(limited, "user5@example.org").status_code == 429


def test_successful_logins_are_not_counted(limited, users):
    for _ in range(2):
        assert attempt(limited, "user0@example.org").status_code == 200
    for _ in range(4):
        assert attempt(limited, "user0@example.org", DEFAULT_PASSWORD).status_code == 302
    assert attempt(limited, "user0@example.org").status_code == 200
    assert attempt(limited, "user0@example.org").status_code == 429


def test_password_reset_requests_are_limited_per_address(limited, users):
    client = make_client(limited, accept_language="en")
    for n in range(5):
        response = client.post("/password/forgot", data={"email": f"user{n}@example.org"})
        assert response.status_code == 302
    refused = client.post("/password/forgot", data={"email": "user5@example.org"})
    assert refused.status_code == 429
    assert TOO_MANY in refused.text


def test_limits_are_off_in_the_default_test_app(app, client, users):
    # Every other test relies on it: twenty failures in a row are all answered.
    for _ in range(20):
        response = client.post(
            "/login", data={"email": "user0@example.org", "password": WRONG_PASSWORD}
        )
        assert response.status_code == 200
