"""With Redis storage, every worker counts against one budget (production's setting).

Per-process memory would give each gunicorn worker its own count and multiply the
limit; here each attempt comes from a separate Python process, as from separate
workers, and only a shared store refuses the fourth.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import unavailable
from tests.factories import make_org, make_user

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("RALLIER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# One failed login in a fresh process: prints the HTTP status.
WORKER = """
from app import create_app
app = create_app({"WTF_CSRF_ENABLED": False, "ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1,
                  "ARGON2_PARALLELISM": 1})
response = app.test_client().post(
    "/login", data={"email": "marie@example.org", "password": "not-the-password"}
)
print(response.status_code)
"""


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as exc:
        unavailable(f"Redis at {REDIS_URL} is not reachable: {exc}")
    return REDIS_URL


def attempts_from_separate_workers(database_url: str, storage: str, count: int) -> list[int]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "k" * 40,
        "RATELIMIT_STORAGE_URI": storage,
        # A namespace of its own, so runs never count each other's attempts.
        "RATELIMIT_KEY_PREFIX": f"rallier-test-{secrets.token_hex(6)}",
        "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
    }
    statuses = []
    for _ in range(count):
        done = subprocess.run(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        statuses.append(int(done.stdout.strip().splitlines()[-1]))
    return statuses


def test_workers_sharing_redis_refuse_the_fourth_failure(app, database_url, redis_url):
    make_user("marie@example.org", make_org())
    assert attempts_from_separate_workers(database_url, redis_url, 4) == [200, 200, 200, 429]


def test_per_process_memory_would_let_every_worker_start_afresh(app, database_url):
    make_user("marie@example.org", make_org())
    # Why production must not keep memory:// — no worker ever sees the others' failures.
    assert attempts_from_separate_workers(database_url, "memory://", 4) == [200, 200, 200, 200]
