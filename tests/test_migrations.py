"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from app import create_app
from app.config import normalize_database_url
from app.extensions import db
from tests.conftest import PG_URL, base_config


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A database with nothing in it, of the kind this run tests."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    schema = f"rallier_mig_{secrets.token_hex(4)}"
    engine = create_engine(normalize_database_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app(base_config(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == [], "models and migrations differ; run `flask db migrate`"


def test_downgrade_to_base_removes_every_table(empty_database_url):
    app = create_app(base_config(empty_database_url))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    assert tables == set()
