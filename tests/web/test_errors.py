"""Error pages: friendly, in the site's layout, with the right status, and nothing half-saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Organization
from app.services import accounts
from tests.factories import make_client, make_org, make_user


@pytest.fixture
def client(app):
    return make_client(app, accept_language="en")


@pytest.mark.parametrize(
    ("method", "path", "status", "title", "message"),
    [
        ("GET", "/no-such-page", 404, "Page not found", "This page does not exist"),
        ("GET", "/o/nulle-part/", 404, "Page not found", "This page does not exist"),
        ("GET", "/logout", 405, "Method not allowed", "does not accept this kind of request"),
        ("POST", "/organizations", 405, "Method not allowed", "does not accept this kind"),
    ],
)
def test_error_page(client, method, path, status, title, message):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f"<h1>{title}</h1>" in response.text
    assert message in response.text
    assert 'href="/">Back to the home page</a>' in response.text


def test_405_names_the_allowed_methods(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers.get("Allow", "")


def test_request_too_large(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 5000})
    assert response.status_code == 413
    assert "<h1>File too large</h1>" in response.text


@pytest.fixture
def crashing_app(app):
    """The app with two views that fail half-way through writing, as real bugs do."""

    def crash_after_writing():
        accounts.create_organization("a-moitie", "Écrit à moitié")  # flushed, not committed
        raise RuntimeError("secret detail of the crash")

    def crash_in_the_database():
        db.session.add(Organization(slug="banque-alimentaire", name="Doublon"))
        db.session.flush()  # IntegrityError: the slug is taken

    app.add_url_rule("/test-crash/write", view_func=crash_after_writing)
    app.add_url_rule("/test-crash/database", view_func=crash_in_the_database)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("path", ["/test-crash/write", "/test-crash/database"])
def test_crash_shows_the_friendly_500_page_and_saves_nothing(crashing_app, client, auth, path):
    org = make_org()
    make_user("marie@example.org", org, full_name="Marie-Ève Côté")
    auth.login("marie@example.org")

    response = client.get(path)

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.text
    assert "nothing was saved" in response.text
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text
    # The page still knows who is logged in: the session was usable after the rollback.
    assert "Marie-Ève Côté" in response.text
    db.session.expire_all()
    names = db.session.scalars(select(Organization.name)).all()
    assert names == ["Banque alimentaire du Plateau"]
    # And the next request works normally.
    assert client.get("/o/banque-alimentaire/dashboard").status_code == 200
