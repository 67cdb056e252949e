"""Logging in and out: where people land, what strangers learn, what a cookie is worth."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import MemberRole, User
from app.services.passwords import hash_password
from tests.conftest import FAST_HASHING, base_config
from tests.factories import (
    DEFAULT_PASSWORD,
    make_client,
    make_membership,
    make_org,
    make_user,
)

EN = {"Accept-Language": "en"}
DASHBOARD = "/o/banque-alimentaire/dashboard"
WRONG = "Wrong e-mail or password."


@pytest.fixture
def client(app):
    return make_client(app)


@pytest.fixture
def make_app(app, database_url):
    """Another app on the test database; the ``app`` fixture still empties it afterwards."""
    made = []

    def make(config):
        other = create_app(config)
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def argon2_parameters(password_hash: str) -> dict[str, int]:
    # "$argon2id$v=19$m=65536,t=3,p=4$salt$hash"
    pairs = password_hash.split("$")[3].split(",")
    return {key: int(value) for key, value in (pair.split("=") for pair in pairs)}


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (MemberRole.ADMIN, DASHBOARD),
        (MemberRole.RECRUITER, DASHBOARD),
        (MemberRole.BOARD_CHAIR, DASHBOARD),
        (MemberRole.CANDIDATE, "/o/banque-alimentaire/me"),
    ],
)
def test_login_lands_on_the_members_home(client, auth, role, home):
    make_user("marie@example.org", make_org(), role, full_name="Marie-Ève Côté")
    response = auth.login("marie@example.org")
    assert response.status_code == 302
    assert response.location == home
    page = client.get(home)
    assert page.status_code == 200
    assert "Marie-Ève Côté" in page.text


def test_login_with_two_memberships_offers_the_choice(client, auth):
    user = make_user("marie@example.org", make_org())
    make_membership(user, make_org("centre-femmes", "Centre des femmes de Verdun"))
    response = auth.login("marie@example.org")
    assert response.location == "/organizations"
    page = client.get("/organizations")
    assert "Banque alimentaire du Plateau" in page.text
    assert "Centre des femmes de Verdun" in page.text


def test_wrong_password_and_unknown_email_look_the_same(auth):
    make_user("known@example.org", make_org())
    wrong = auth.login("known@example.org", "not-the-password", headers=EN)
    unknown = auth.login("nobody@example.org", "not-the-password", headers=EN)
    assert wrong.status_code == unknown.status_code == 200
    assert WRONG in wrong.text
    # Apart from the address typed back into the form, not one byte differs.
    assert wrong.text.replace("known@", "nobody@") == unknown.text


@pytest.mark.parametrize("password", [DEFAULT_PASSWORD, "not-the-password"])
def test_inactive_user_cannot_log_in(client, auth, password):
    user = make_user("gone@example.org", make_org())
    user.active = False
    db.session.commit()
    response = auth.login("gone@example.org", password, headers=EN)
    assert response.status_code == 200
    assert WRONG in response.text
    assert client.get(DASHBOARD).status_code == 302


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/o/banque-alimentaire/", "/o/banque-alimentaire/"),
        ("/organizations?tab=all", "/organizations?tab=all"),
        ("https://evil.example/", DASHBOARD),
        ("//evil.example", DASHBOARD),
        ("/\\evil.example", DASHBOARD),
        ("javascript:alert(1)", DASHBOARD),
        ("", DASHBOARD),
    ],
)
def test_login_follows_next_only_within_the_site(client, next_url, landing):
    make_user("marie@example.org", make_org())
    form = client.get("/login", query_string={"next": next_url})
    assert f'name="next" type="hidden" value="{next_url}"' in form.text.replace("&amp;", "&")
    response = client.post(
        "/login",
        data={"email": "marie@example.org", "password": DEFAULT_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response.location == landing


def test_logout_needs_a_post(client, auth):
    make_user("marie@example.org", make_org())
    auth.login("marie@example.org")
    assert client.get("/logout").status_code == 405
    assert client.get(DASHBOARD).status_code == 200

    response = auth.logout()
    assert response.status_code == 302
    assert response.location == "/login"
    assert client.get(DASHBOARD).location.startswith("/login?next=")


def test_logout_revokes_a_copied_session_cookie(app, client, auth):
    user = make_user("marie@example.org", make_org())
    token_before = user.session_token
    auth.login("marie@example.org")
    server = app.config["SERVER_NAME"]
    copied = client.get_cookie("session", domain=server).value
    thief = make_client(app)
    thief.set_cookie("session", copied, domain=server)
    assert thief.get(DASHBOARD).status_code == 200  # the copy works while the session lives

    auth.logout()

    response = thief.get(DASHBOARD)
    assert response.status_code == 302
    assert response.location.startswith("/login")
    db.session.refresh(user)
    assert user.session_token != token_before


def test_password_is_stored_as_argon2id(client, auth):
    make_user("marie@example.org", make_org())
    stored = db.session.scalar(select(User.password_hash).where(User.email == "marie@example.org"))
    assert stored.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in stored


def test_default_argon2_parameters_meet_owasp_minimum(database_url, make_app):
    config = {k: v for k, v in base_config(database_url).items() if k not in FAST_HASHING}
    default_app = make_app(config)
    assert default_app.config["ARGON2_MEMORY_KIB"] >= 19456
    assert default_app.config["ARGON2_TIME_COST"] >= 2
    with default_app.app_context():
        params = argon2_parameters(hash_password("long-enough-pw"))
    assert params["m"] == default_app.config["ARGON2_MEMORY_KIB"]
    assert params["t"] == default_app.config["ARGON2_TIME_COST"]


def test_login_upgrades_a_hash_made_with_weaker_parameters(database_url, make_app):
    user = make_user("marie@example.org", make_org())
    assert argon2_parameters(user.password_hash)["m"] == FAST_HASHING["ARGON2_MEMORY_KIB"]
    config = {k: v for k, v in base_config(database_url).items() if k not in FAST_HASHING}
    default_app = make_app(config)
    response = make_client(default_app).post(
        "/login", data={"email": "marie@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert argon2_parameters(user.password_hash)["m"] == default_app.config["ARGON2_MEMORY_KIB"]


def test_session_cookie_flags_in_production(monkeypatch, database_url, make_app):
    monkeypatch.setenv("RALLIER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "p" * 64)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    production = make_app(base_config(database_url))
    assert production.config["SESSION_COOKIE_SECURE"] is True
    make_user("marie@example.org", make_org())
    response = make_client(production).post(
        "/login", data={"email": "marie@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= flags
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_login_ignores_spaces_around_the_email(auth):
    make_user("marie@example.org", make_org())
    assert auth.login(" marie@example.org ").status_code == 302


def test_plain_test_clients_do_not_share_a_login(app):
    make_user("marie@example.org", make_org())
    first = app.test_client()
    first.post("/login", data={"email": "marie@example.org", "password": DEFAULT_PASSWORD})
    stranger = app.test_client()
    assert stranger.get(DASHBOARD).status_code == 302
