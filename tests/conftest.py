"""Fixtures for every test: the app on a throw-away database, clients, factories.

The database is SQLite by default. With ``RALLIER_TEST_DATABASE_URL`` set to a
PostgreSQL URL the same tests run there, in a schema made for this run and
dropped after it. Where that server is missing the run skips with the reason,
except under ``CI=true``, where it fails.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from app import create_app
from app.extensions import db
from app.services import mail
from tests.factories import DEFAULT_PASSWORD

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("RALLIER_TEST_DATABASE_URL", "")

# Cheap argon2 parameters keep the suite fast; production uses the real ones
# (app/config.py), which a dedicated test checks.
FAST_HASHING = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_KIB": 1024, "ARGON2_PARALLELISM": 1}


def base_config(database_url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-" + "x" * 40,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "memory",
        "SERVER_NAME": "rallier.test",
        **FAST_HASHING,
    }


def unavailable(reason: str) -> None:
    """Skip on a laptop, fail in CI: CI must really run what it claims to."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PG_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    from app.config import normalize_database_url

    schema = f"rallier_test_{os.getpid()}_{secrets.token_hex(4)}"
    admin_engine = create_engine(normalize_database_url(PG_URL))
    try:
        with admin_engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        admin_engine.dispose()
        unavailable(f"PostgreSQL at {PG_URL} is not reachable: {exc.__class__.__name__}")
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with admin_engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin_engine.dispose()


@pytest.fixture(scope="session")
def _schema(database_url: str) -> Iterator[None]:
    app = create_app(base_config(database_url))
    with app.app_context():
        db.create_all()
        yield
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in an application context of its own.

    The ``app`` fixture keeps one application context pushed for the whole test, and
    Flask reuses a pushed context for requests: ``g`` (Flask-Login's cached user, the
    tenant in ``g.org``) and the database session would carry over from one request,
    and one client, to the next, so a stranger's request ran as the last user to log in.
    """

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url: str, _schema: None) -> Iterator[Flask]:
    app = create_app(base_config(database_url))
    app.test_client_class = IsolatedClient
    mail.outbox.clear()
    with app.app_context():
        yield app
        db.session.remove()
        # Empty every table, children first, so tests never see each other's rows.
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client: FlaskClient) -> None:
        self._client = client

    def login(self, email: str, password: str = DEFAULT_PASSWORD, **kwargs: object):  # type: ignore[no-untyped-def]
        return self._client.post("/login", data={"email": email, "password": password}, **kwargs)

    def logout(self):  # type: ignore[no-untyped-def]
        return self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave artefacts a person may want to look at (screenshots)."""
    path = Path(__file__).parent / "output"
    path.mkdir(exist_ok=True)
    return path
