"""Settings read from the environment, with safe defaults for a laptop.

``RALLIER_ENV=production`` switches on the strict settings: a real
``SECRET_KEY`` is required, cookies are ``Secure`` and mail goes through SMTP.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """Raised when the environment cannot produce a safe configuration."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {value!r}") from exc


def normalize_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver that requirements.txt installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _laptop_secret_key(instance_path: Path) -> str:
    """Generate a key once into ``instance/`` and reuse it, so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_config(instance_path: str) -> dict[str, Any]:
    """Build the Flask configuration mapping from the environment."""
    instance = Path(instance_path)
    production = os.environ.get("RALLIER_ENV", "development").lower() == "production"

    secret_key = os.environ.get("SECRET_KEY", "")
    if production:
        if len(secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigError(
                "RALLIER_ENV=production needs SECRET_KEY set to a random value of at "
                f"least {MIN_SECRET_KEY_LENGTH} characters "
                '(python -c "import secrets; print(secrets.token_hex(32))").'
            )
    elif not secret_key:
        secret_key = _laptop_secret_key(instance)

    instance.mkdir(parents=True, exist_ok=True)
    default_db = f"sqlite:///{instance / 'rallier.sqlite3'}"
    database_url = normalize_database_url(os.environ.get("DATABASE_URL", default_db))

    return {
        "RALLIER_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Uploads (profile archives, CSV files) are bounded here; importers check more.
        "MAX_CONTENT_LENGTH": _int("MAX_UPLOAD_MB", 20) * 1024 * 1024,
        # Archives are checked against these before anything in them is read
        # (app.importers.archive.Limits). A complete LinkedIn export with years
        # of messages declares hundreds of MB, of which only the profile
        # sections are ever read; IMPORT_MAX_FILE_MB bounds files given to the
        # command line (web uploads stop at MAX_UPLOAD_MB first).
        "IMPORT_MAX_FILE_MB": _int("IMPORT_MAX_FILE_MB", 100),
        "IMPORT_MAX_MEMBERS": _int("IMPORT_MAX_MEMBERS", 10_000),
        "IMPORT_MAX_UNCOMPRESSED_MB": _int("IMPORT_MAX_UNCOMPRESSED_MB", 1024),
        "IMPORT_MAX_RATIO": _int("IMPORT_MAX_RATIO", 200),
        "IMPORT_MAX_MEMBER_MB": _int("IMPORT_MAX_MEMBER_MB", 64),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": _int("SESSION_HOURS", 12) * 3600,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Rate limits: per-process memory on a laptop; production sets Redis so
        # every gunicorn worker and host counts against the same budget.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "rallier"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20 per 15 minutes"),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        # argon2id parameters: argon2-cffi's RFC 9106 "low memory" profile,
        # above OWASP's minimum (19 MiB, t=2, p=1).
        "ARGON2_TIME_COST": _int("ARGON2_TIME_COST", 3),
        "ARGON2_MEMORY_KIB": _int("ARGON2_MEMORY_KIB", 65536),
        "ARGON2_PARALLELISM": _int("ARGON2_PARALLELISM", 4),
        "PASSWORD_RESET_MAX_AGE": _int("PASSWORD_RESET_HOURS", 2) * 3600,
        "INVITATION_DAYS": _int("INVITATION_DAYS", 14),
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "smtp" if production else "log"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int("MAIL_PORT", 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", True),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Rallier <no-reply@localhost>"),
        "PROXY_FIX_HOPS": _int("PROXY_FIX_HOPS", 1 if production else 0),
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "fr"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "America/Toronto"),
        "LANGUAGES": ("fr", "en"),
        "PROSPECT_RETENTION_DAYS": _int("PROSPECT_RETENTION_DAYS", 180),
    }
