"""How fast profiles and connections import (SQLite, one process, parse plus store).

Run: `make bench` or `.venv/bin/python -m benchmarks.bench_imports [--runs N]`.

- ``import_linkedin_export_median_ms``: one LinkedIn "Get a copy of your data" ZIP
  (December 2024 headers; 8 positions, 40 skills, 3 languages, 3 schools, volunteering,
  certifications, causes, and a 2 MB messages.csv that must be skipped) through the
  upload code path: archive checks, parsing, the candidate and its items stored and
  committed. Each run imports a different person. Issue 3's target: under 100 ms.
- ``import_connections_30k_s``: a 30,000-row ``Connections.csv`` (LinkedIn's cap) into
  an organization that already holds 30,000 prospects, half of them the same people
  (updated, not duplicated), committed. Issue 3's target: under 5 s.

Prints one figure per line as ``name: value unit`` (medians over the runs).
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import random
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask

from app import create_app
from app.extensions import db
from app.models import MemberRole, Organization, Prospect, User
from app.services import accounts, imports, prospects

CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    ' are missing."\n'
    "\n"
)
CONNECTIONS_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
FIRST = ["Marie-Ève", "José", "Nguyễn", "Chloé", "Aïcha", "Jean-François", "Siobhán", "Émile"]
LAST = ["Gagnon", "Tremblay", "D’Amours", "O'Brien", "Côté", "Lévesque", "Bouchard", "Roy"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _messages(n: int, rows: int = 20_000) -> bytes:
    """About 2 MB of varied chat lines: compresses like real text (a few times, not 200)."""
    rng = random.Random(n)
    words = [
        "bonjour",
        "merci",
        "réunion",
        "budget",
        "bénévoles",
        "demain",
        "collecte",
        "rapport",
        "conseil",
    ]
    lines = [
        [
            f"conv-{rng.randrange(500)}",
            f"Person {rng.randrange(900)}",
            f"Person {n}",
            " ".join(rng.choices(words, k=12)) + f" {rng.random():.6f}",
        ]
        for _ in range(rows)
    ]
    return _csv(["CONVERSATION ID", "FROM", "TO", "CONTENT"], lines)


def linkedin_export(n: int) -> bytes:
    """A LinkedIn export ZIP for person ``n``, under a top-level folder as downloaded."""
    first, last = FIRST[n % len(FIRST)], LAST[n // len(FIRST) % len(LAST)]
    files = {
        "Profile.csv": _csv(
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Headline",
                "Summary",
                "Industry",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                [
                    first,
                    last,
                    "",
                    "",
                    "",
                    "Comptable bénévole &amp; trésorière",
                    'Vingt ans en finances d\'organismes, "rigueur" et bienveillance.',
                    "Nonprofit",
                    "",
                    "Montréal, Quebec, Canada",
                    "",
                    f"[PERSONAL:https://example.org/{n}]",
                    "",
                ]
            ],
        ),
        "Email Addresses.csv": _csv(
            ["Email Address", "Confirmed", "Primary", "Updated On"],
            [[f"person{n}@example.org", "Yes", "Yes", "1/2/24, 10:00 AM"]],
        ),
        "Positions.csv": _csv(
            ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
            [
                [
                    f"Organisme {i}",
                    "Comptable" if i % 2 else "Treasurer",
                    "Budgets, audits",
                    "Montréal",
                    f"{MONTHS[i]} {2000 + 2 * i}",
                    "" if i == 7 else str(2002 + 2 * i),
                ]
                for i in range(8)
            ],
        ),
        "Education.csv": _csv(
            ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
            [
                [f"Université {i}", str(1990 + i * 4), str(1993 + i * 4), "", "B. Sc.", ""]
                for i in range(3)
            ],
        ),
        "Skills.csv": _csv(
            ["Name"],
            [
                [s]
                for s in (
                    [
                        "Comptabilité",
                        "Bookkeeping",
                        "Excel",
                        "Gestion des bénévoles",
                        "Fund raising",
                        "Gouvernance",
                        "Trésorerie",
                        "Philanthropie",
                    ]
                    * 5
                )
            ][
                # the same few skills repeated stand for a long list with varied spellings
                :40
            ],
        ),
        "Languages.csv": _csv(
            ["Name", "Proficiency"],
            [
                ["Français", "Native or bilingual proficiency"],
                ["English", "Full professional proficiency"],
                ["Español", "Elementary proficiency"],
            ],
        ),
        "Volunteering.csv": _csv(
            ["Company Name", "Role", "Cause", "Started On", "Finished On", "Description"],
            [["Banque alimentaire", "Trésorière", "Poverty Alleviation", "Jan 2015", "", ""]],
        ),
        "Certifications.csv": _csv(
            ["Name", "Url", "Authority", "Started On", "Finished On", "License Number"],
            [["CPA", "", "Ordre des CPA du Québec", "2005", "", "A123"]],
        ),
        "Causes You Care About.csv": _csv(["Supported Cause"], [["Poverty Alleviation"]]),
        # Other people's data: never opened, and it must not slow the import down.
        "messages.csv": _messages(n),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"Basic_LinkedInDataExport_12-23-2024/{name}", data)
    return buffer.getvalue()


def connections_csv(start: int, count: int) -> bytes:
    """``count`` connections numbered from ``start``, in the 2024 shape."""
    rows = []
    for i in range(start, start + count):
        first, last = FIRST[i % len(FIRST)], LAST[i // len(FIRST) % len(LAST)]
        rows.append(
            [
                first,
                last,
                f"https://www.linkedin.com/in/person-{i}",
                "",
                f"Entreprise {i % 977}",
                "Directrice des finances",
                f"{i % 28 + 1:02d} Mar 2024",
            ]
        )
    return CONNECTIONS_PREAMBLE.encode() + _csv(CONNECTIONS_HEADER, rows)


@contextmanager
def fresh_app() -> Iterator[tuple[Flask, Organization, User]]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "bench-" + "x" * 40,
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            org = accounts.create_organization("bench", "Banc d'essai")
            user = accounts.create_user("recruteuse@example.org", "Recruteuse", "x" * 16)
            accounts.add_membership(user, org, MemberRole.RECRUITER)
            db.session.commit()
            yield app, org, user


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def bench_linkedin(runs: int) -> float:
    exports = [linkedin_export(n) for n in range(runs + 1)]
    samples: list[float] = []
    with fresh_app() as (_app, org, user):
        batch = imports.start_batch(org, user, consented=True)
        db.session.commit()
        for n, data in enumerate(exports):
            start = time.perf_counter()
            outcomes = imports.import_upload(batch, f"export-{n}.zip", data)
            db.session.commit()
            elapsed = (time.perf_counter() - start) * 1000
            assert [o.status for o in outcomes] == ["created"], outcomes
            if n:  # the first import loads the taxonomy: a one-off per process
                samples.append(elapsed)
    return median(samples)


def bench_connections(runs: int) -> float:
    samples: list[float] = []
    for _ in range(runs):
        with fresh_app() as (_app, org, user):
            prospects.import_connections(org, user, "old.csv", connections_csv(0, 30_000))
            db.session.commit()
            data = connections_csv(15_000, 30_000)  # half known, half new
            start = time.perf_counter()
            result = prospects.import_connections(org, user, "Connections.csv", data)
            db.session.commit()
            samples.append(time.perf_counter() - start)
            assert (result.created, result.updated) == (15_000, 15_000), result
            total = db.session.query(Prospect).count()
            assert total == 45_000, total
    return median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="LinkedIn imports to time")
    parser.add_argument("--connection-runs", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    timed: list[tuple[str, Callable[[], float], str, str]] = [
        ("import_linkedin_export_median_ms", lambda: bench_linkedin(args.runs), "ms", ".1f"),
        ("import_connections_30k_s", lambda: bench_connections(args.connection_runs), "s", ".2f"),
    ]
    for name, run, unit, fmt in timed:
        print(f"{name}: {run():{fmt}} {unit}", flush=True)


if __name__ == "__main__":
    main()
