"""French or English: the browser's wish, then the visitor's choice, then the account's."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.factories import DEFAULT_PASSWORD, make_client, make_org, make_user

# The locale switch builds app/main/forms.py LocaleForm, whose tuple choices WTForms 3.3
# deprecates (recorded at the end of this file); not what this file is about.


@pytest.fixture
def client(app):
    return make_client(app)


def page_language(response) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.text)
    assert match, response.text[:200]
    return match.group(1)


@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [
        ("en", "en"),
        ("en-CA,en;q=0.9", "en"),
        ("fr", "fr"),
        ("fr-CA,fr;q=0.9,en;q=0.5", "fr"),
        ("en-US,en;q=0.9,fr;q=0.8", "en"),
        ("de-DE,de;q=0.9", "fr"),
        (None, "fr"),
    ],
)
def test_browser_language_chooses_the_page_language(client, accept_language, lang):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    page = client.get("/login", headers=headers)
    assert page_language(page) == lang
    if lang == "en":
        assert "<h1>Log in</h1>" in page.text


def test_locale_switch_is_remembered_in_the_session(client):
    response = client.post("/locale", data={"locale": "en", "next": "/login?from=menu"})
    assert response.status_code == 302
    assert response.location == "/login?from=menu"
    with client.session_transaction() as session:
        assert session["locale"] == "en"
    assert page_language(client.get("/login", headers={"Accept-Language": "fr"})) == "en"

    client.post("/locale", data={"locale": "fr", "next": "/"})
    assert page_language(client.get("/login", headers={"Accept-Language": "en"})) == "fr"


def test_locale_switch_is_saved_on_the_account(app, client, auth):
    make_user("marie@example.org", make_org())
    auth.login("marie@example.org")
    response = client.post("/locale", data={"locale": "en", "next": "/organizations"})
    assert response.location == "/organizations"
    locale = db.session.scalar(select(User.locale).where(User.email == "marie@example.org"))
    assert locale == "en"

    # A new browser that prefers French still gets English once she logs in.
    browser = make_client(app, accept_language="fr")
    browser.post("/login", data={"email": "marie@example.org", "password": DEFAULT_PASSWORD})
    assert page_language(browser.get("/organizations")) == "en"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/login", "/\\evil.example", ""]
)
def test_locale_switch_ignores_an_off_site_next(client, next_url):
    response = client.post("/locale", data={"locale": "en", "next": next_url})
    assert response.status_code == 302
    assert response.location == "/"


def test_unknown_locale_is_refused(client):
    response = client.post("/locale", data={"locale": "de", "next": "/"})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "locale" not in session


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_error_pages_speak_the_visitors_language(client, lang):
    response = client.get("/no-such-page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert page_language(response) == lang
    if lang == "en":  # the French wording belongs to the catalog, which may lag behind
        assert "Page not found" in response.text
