"""How fast the busiest pages render on the seeded demo (SQLite, one process).

Run: `make bench` or `.venv/bin/python -m benchmarks.bench_pages [--runs N]`.
Prints one figure per line as `name: value unit` (medians over the runs).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time

from app import create_app
from app.extensions import db
from app.services import demo


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm caches (templates, translations) before timing
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    logging.disable(logging.INFO)

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "bench-" + "x" * 40,
                "RATELIMIT_ENABLED": False,
                # The forms' CSRF check is not what is measured here.
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            demo.seed_demo()
            db.session.commit()
            print(f"seed_demo: {time.perf_counter() - start:.2f} s")

        client = app.test_client()
        email, password = next((e, p) for r, e, p in demo.demo_logins() if "recrut" in e)

        def login() -> None:
            response = client.post("/login", data={"email": email, "password": password})
            assert response.status_code == 302, "the demo login failed"
            client.post("/logout")

        def get(url: str) -> None:
            assert client.get(url).status_code == 200, url

        # A full login costs one argon2id verification at production parameters.
        print(f"login_median: {median_ms(login, max(5, args.runs // 10)):.1f} ms")
        client.post("/login", data={"email": email, "password": password})
        dashboard, public = "/o/entraide-mtl/dashboard", "/o/entraide-mtl/"
        print(f"dashboard_median: {median_ms(lambda: get(dashboard), args.runs):.1f} ms")
        print(f"public_page_median: {median_ms(lambda: get(public), args.runs):.1f} ms")


if __name__ == "__main__":
    main()
