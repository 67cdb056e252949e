"""Settings from the environment: safe on a laptop, strict in production."""

from __future__ import annotations

import pytest

from app.config import ConfigError, load_config, normalize_database_url


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("RALLIER_ENV", "SECRET_KEY", "DATABASE_URL", "SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_laptop_defaults_use_sqlite_and_a_generated_key_kept_in_instance(clean_env, tmp_path):
    first = load_config(str(tmp_path))
    second = load_config(str(tmp_path))
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'rallier.sqlite3'}"
    assert len(first["SECRET_KEY"]) >= 32
    assert first["SECRET_KEY"] == second["SECRET_KEY"], "the key survives restarts"
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0, "only the owner may read it"
    assert first["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("secret", [None, "", "too-short"])
def test_production_refuses_to_start_without_a_real_secret_key(clean_env, tmp_path, secret):
    clean_env.setenv("RALLIER_ENV", "production")
    if secret is not None:
        clean_env.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))
    assert not (tmp_path / "secret_key").exists(), "no key is invented in production"


def test_production_settings_are_strict(clean_env, tmp_path):
    clean_env.setenv("RALLIER_ENV", "production")
    clean_env.setenv("SECRET_KEY", "s" * 64)
    config = load_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAIL_BACKEND"] == "smtp"
    assert config["ARGON2_MEMORY_KIB"] >= 19 * 1024 and config["ARGON2_TIME_COST"] >= 2


def test_bad_number_names_the_variable(clean_env, tmp_path):
    clean_env.setenv("MAX_UPLOAD_MB", "twenty")
    with pytest.raises(ConfigError, match="MAX_UPLOAD_MB"):
        load_config(str(tmp_path))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/rallier", "postgresql+psycopg://u:p@db/rallier"),
        ("postgresql://u@db/rallier", "postgresql+psycopg://u@db/rallier"),
        ("postgresql+psycopg://u@db/x", "postgresql+psycopg://u@db/x"),
        ("sqlite:////var/lib/rallier.db", "sqlite:////var/lib/rallier.db"),
    ],
)
def test_database_urls_use_the_installed_driver(given, expected):
    assert normalize_database_url(given) == expected
