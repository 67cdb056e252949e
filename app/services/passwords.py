"""Password hashing with argon2id, parameters from the configuration."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_PASSWORD_LENGTH = 10


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_KIB"],
        parallelism=cfg["ARGON2_PARALLELISM"],
        type=Type.ID,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the stored hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


_dummy_hash: dict[tuple[int, int, int], str] = {}


def burn_verification_time(password: str) -> None:
    """Spend as long as a real check, so timing does not reveal unknown e-mails."""
    cfg = current_app.config
    key = (cfg["ARGON2_TIME_COST"], cfg["ARGON2_MEMORY_KIB"], cfg["ARGON2_PARALLELISM"])
    if key not in _dummy_hash:
        _dummy_hash[key] = hash_password("not-a-real-password")
    verify_password(_dummy_hash[key], password)
