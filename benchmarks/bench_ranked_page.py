"""A role's ranked page under load: gunicorn, two workers, SQLite, 10,000 candidates.

Run: `make bench` or `.venv/bin/python -m benchmarks.bench_ranked_page [--runs N]`.
Prints one figure per line as `name: value unit` (medians over the runs).

The database is migrated with `flask db upgrade`, seeded with the demo organization
(its recruiter, roles and pipeline), then filled in bulk with made-up bilingual
candidates (skills, languages, positions, volunteering, causes, city, availability;
concepts set as the importers set them) until 10,000 have a matching consent. The
server is the one `make run` starts: gunicorn with two sync workers, here with
RALLIER_ENV=production. The recruiter logs in through the login form; every worker
builds its index during the warm-up; then wrk (or the Python generator of
benchmarks.loadgen when wrk is missing) loads the ranked page with filters applied,
and a static file served the same way, for comparison. The load generator runs on the
same machine as the server and takes some of its cores.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import distinct, func, insert, or_, select

from benchmarks import loadgen

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STATIC = "/static/css/rallier.css"
# Filters of the ranked page (see roles.detail): French speakers in Montréal scoring 20+.
DEFAULT_QUERY = {"lang": "fr", "place": "Montréal", "min_score": "20", "page": "1"}


# --- the database --------------------------------------------------------------------


def _environment(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-ranked-page-" + "k" * 40,
        "RALLIER_ENV": "production",
    }
    env.pop("RALLIER_TEST_DATABASE_URL", None)
    return env


def migrate(env: dict[str, str]) -> None:
    """``flask db upgrade`` on the benchmark's database, as ``make run`` does."""
    command = [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stderr[-3000:]}")


def seed(database_url: str, consenting: int, seed: int) -> dict[str, Any]:
    """The demo organization plus bulk candidates until ``consenting`` may be matched.

    Returns the organization's slug, the ranked role's id and title, and the
    recruiter's e-mail and password.
    """
    from app import create_app
    from app.extensions import db
    from app.models import Role, RoleKind, RoleStatus
    from app.services import demo, matching

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x" * 40})
    with app.app_context():
        result = demo.seed_demo()
        db.session.commit()
        org = result.organization
        recruiter = next(e for label, e, _ in result.logins if label == "recruiter")
        password = result.logins[0][2]
        missing = consenting - consenting_count(org)
        add_candidates(org, recruiter, missing, random.Random(seed))
        matching.touch(org)  # no ids: every worker builds its index from scratch
        db.session.commit()
        role = db.session.scalars(
            select(Role)
            .where(
                Role.organization_id == org.id,
                Role.status == RoleStatus.OPEN,
                Role.kind == RoleKind.VOLUNTEER,
            )
            .order_by(Role.id)
        ).first()
        assert role is not None, "the demo has no open volunteer role"
        return {
            "slug": org.slug,
            "role_id": role.id,
            "title": role.title,
            "email": recruiter,
            "password": password,
            "consenting": consenting_count(org),
        }


# --- made-up candidates, inserted in bulk ------------------------------------------------


def consenting_count(org: Any) -> int:
    """The organization's candidates with an active matching consent."""
    from app.extensions import db
    from app.models import Consent, ConsentPurpose

    return int(
        db.session.scalar(
            select(func.count(distinct(Consent.candidate_id))).where(
                Consent.organization_id == org.id,
                Consent.purpose == ConsentPurpose.MATCHING,
                Consent.withdrawn_at.is_(None),
                or_(Consent.expires_at.is_(None), Consent.expires_at > datetime.now(UTC)),
            )
        )
        or 0
    )


def add_candidates(org: Any, recruiter_email: str, count: int, rng: random.Random) -> None:
    """``count`` consenting candidates, written with one multi-row INSERT per table.

    The rows are those the importers write: items carry their source and the date they
    were recorded, skills and titles their taxonomy concept, and each candidate a
    matching consent recorded by the recruiter (and sometimes a contact consent).
    """
    from app.extensions import db
    from app.models import Candidate, User

    recruiter = db.session.scalar(select(User.id).where(User.email == recruiter_email))
    first_id = (db.session.scalar(select(func.max(Candidate.id))) or 0) + 1
    tables: dict[Any, list[dict[str, Any]]] = {}
    now = datetime.now(UTC)
    for offset in range(count):
        for model, row in _person(rng, org.id, first_id + offset, recruiter, now):
            tables.setdefault(model, []).append(row)
    for model, rows in tables.items():
        db.session.execute(insert(model), rows)


def _person(
    rng: random.Random, org_id: int, cid: int, recruiter: int, now: datetime
) -> Iterator[tuple[Any, dict[str, Any]]]:
    from app.models import (
        BoardService,
        Candidate,
        CandidateCause,
        CandidateLanguage,
        CandidateSkill,
        Consent,
        ConsentPurpose,
        LanguageLevel,
        Position,
        Source,
        Volunteering,
        WorkMode,
    )
    from app.services import demo_data as data
    from app.services.profiles import skill_concept, title_concept

    side = 0 if rng.random() < 0.6 else 1  # 0: writes in French, 1: in English
    arch = rng.choice(data.ARCHETYPES)
    first, last = rng.choice(data.NAMES[side][0]), rng.choice(data.NAMES[side][1])
    city, region = rng.choices([c[:2] for c in data.CITIES], [c[2] for c in data.CITIES])[0]
    causes = list(dict.fromkeys(rng.choices(data.CAUSES, data.CAUSE_WEIGHTS, k=rng.randint(1, 3))))
    years = rng.randint(*arch.years)
    words = {"title": arch.title[side], "cause": causes[0][side], "city": city}
    words.update(field=arch.field[side], years=years)
    source = rng.choice((Source.LINKEDIN, Source.LINKEDIN, Source.JSON_RESUME, Source.FORM))
    created = now - timedelta(days=rng.uniform(0, 700))
    staff = rng.random() < arch.interest[1]
    board = rng.random() < arch.interest[2]
    common = {"organization_id": org_id, "candidate_id": cid, "source": source}
    common["recorded_at"] = created
    yield (
        Candidate,
        {
            "id": cid,
            "organization_id": org_id,
            "user_id": None,
            "first_name": first,
            "last_name": last,
            "email": f"{cid}.{_ascii(first)}.{_ascii(last)}@example.org",
            "phone": f"514-555-{rng.randint(0, 9999):04d}" if rng.random() < 0.6 else "",
            "city": city,
            "region": region,
            "country": "CA",
            "headline": rng.choice(data.HEADLINES)[side].format(**words),
            "summary": rng.choice(data.SUMMARIES)[side].format(**words),
            "website": "",
            "linkedin_url": f"https://www.linkedin.com/in/{_ascii(first)}-{_ascii(last)}-{cid}"
            if source == Source.LINKEDIN
            else None,
            "source": source,
            "field_sources": {
                "headline": {"source": source.value, "at": created.date().isoformat()}
            },
            "interested_volunteer": rng.random() < arch.interest[0] or not (staff or board),
            "interested_staff": staff,
            "interested_board": board,
            "hours_per_week": rng.choice((15, 20, 35) if staff else (2, 4, 6, 8)),
            "schedule": [s for s in data.SCHEDULES if rng.random() < 0.5] or ["evenings"],
            "available_from": now.date() + timedelta(days=rng.randint(-30, 60)),
            "work_mode": rng.choice(list(WorkMode)),
            "created_at": created,
            "updated_at": created,
        },
    )
    end: date | None = None if rng.random() < 0.6 else now.date() - timedelta(days=90)
    for rank in range(rng.choices(range(5), weights=(1, 3, 3, 2, 1))[0]):
        title = arch.jobs[min(rank, len(arch.jobs) - 1)][side]
        start = (end or now.date()) - timedelta(days=365 * rng.randint(1, 6))
        yield (
            Position,
            {
                **common,
                "title": title,
                "company": rng.choice(data.COMPANIES),
                "location": city,
                "description": f"{arch.field[side]}, {rng.choice(arch.skills)[side]}",
                "started_on": start,
                "finished_on": end,
                "is_current": end is None,
                "title_concept": title_concept(title),
            },
        )
        end = start - timedelta(days=rng.randint(0, 90))
    labels = [s[side] for s in rng.sample(arch.skills, min(len(arch.skills), rng.randint(2, 8)))]
    labels += [s[side] for s in rng.sample(data.COMMON_SKILLS, 2)]
    for label in dict.fromkeys(labels):
        yield CandidateSkill, {**common, "label": label, "concept_id": skill_concept(label)}
    own, other = ("fr", "en") if side == 0 else ("en", "fr")
    levels = {own: LanguageLevel.NATIVE_OR_BILINGUAL}
    if rng.random() < 0.85:
        levels[other] = rng.choice(data.SECOND_LANGUAGE_LEVELS)
    if rng.random() < 0.2:
        levels.setdefault(rng.choice(data.OTHER_LANGUAGES)[0], LanguageLevel.NATIVE_OR_BILINGUAL)
    for code, level in levels.items():
        yield CandidateLanguage, {**common, "language": code, "level": level}
    for pair in causes:
        yield CandidateCause, {**common, "cause": pair[side]}
    for _ in range(rng.choices(range(3), weights=(4, 4, 2))[0]):
        name, cause = rng.choice(data.VOLUNTEER_ORGS)
        began = now.date() - timedelta(days=rng.randint(100, 2500))
        yield (
            Volunteering,
            {
                **common,
                "organization_name": name,
                "role": rng.choice(data.VOLUNTEER_ROLES)[side],
                "cause": data.CAUSES[cause][side],
                "description": "",
                "started_on": began,
                "finished_on": None if rng.random() < 0.5 else began + timedelta(days=300),
            },
        )
    if board and rng.random() < 0.6:
        yield (
            BoardService,
            {
                **common,
                "organization_name": rng.choice(data.BOARD_ORGS),
                "role": rng.choice(data.BOARD_SERVICE_ROLES),
                "committee": rng.choice(data.COMMITTEES)[side],
                "started_on": now.date() - timedelta(days=rng.randint(400, 4000)),
                "finished_on": None,
            },
        )
    consent = {"organization_id": org_id, "candidate_id": cid, "given_at": created}
    consent.update(withdrawn_at=None, recorded_by_id=recruiter)
    yield Consent, {**consent, "purpose": ConsentPurpose.MATCHING, "expires_at": None}
    if rng.random() < 0.6:
        expires = created + timedelta(days=730)
        yield Consent, {**consent, "purpose": ConsentPurpose.CONTACT, "expires_at": expires}


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


# --- the server ------------------------------------------------------------------------


def _request(
    port: int, method: str, path: str, headers: dict[str, str], body: str | None = None
) -> tuple[int, dict[str, str], list[str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookies = response.headers.get_all("Set-Cookie") or []
        return response.status, dict(response.getheaders()), cookies, text
    finally:
        conn.close()


def _cookie(set_cookies: list[str], name: str = "session") -> str | None:
    for line in set_cookies:
        pair = line.split(";", 1)[0]
        if pair.startswith(f"{name}="):
            return pair[len(name) + 1 :]
    return None


def login(port: int, email: str, password: str) -> str:
    """The session cookie of a login through the real form (CSRF token included)."""
    status, _, cookies, page = _request(port, "GET", "/login", {})
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page
    )
    session = _cookie(cookies)
    if status != 200 or token is None or session is None:
        raise RuntimeError(f"the login form did not load (HTTP {status})")
    form = urlencode({"csrf_token": token.group(1), "email": email, "password": password})
    headers = {"Cookie": f"session={session}", "Content-Type": "application/x-www-form-urlencoded"}
    status, _, cookies, _ = _request(port, "POST", "/login", headers, form)
    session = _cookie(cookies)
    if status != 302 or session is None:
        raise RuntimeError(f"the recruiter's login failed (HTTP {status})")
    return session


def check_page(port: int, path: str, headers: dict[str, str], title: str) -> int:
    """Fetch the ranked page once; it must be the page itself. Returns its rows."""
    status, _, _, page = _request(port, "GET", path, headers)
    if status != 200 or title.replace("'", "&#39;") not in page:
        raise RuntimeError(f"{path} answered HTTP {status}, not the ranked page")
    return page.count("<tr") - page.count("<thead")


def warm_up(port: int, path: str, headers: dict[str, str], workers: int) -> float:
    """Until concurrent rounds are all quick: every worker has built its index."""
    started = time.perf_counter()
    quick_rounds = 0
    while quick_rounds < 3:
        if time.perf_counter() - started > 300:
            raise RuntimeError("the workers were still slow after 300 s of warm-up")
        result = loadgen.run_python(
            f"http://127.0.0.1:{port}{path}",
            headers=headers,
            connections=workers * 2,
            duration=1.0,
        )
        quick_rounds = quick_rounds + 1 if result.requests and result.max_ms < 1000 else 0
    return time.perf_counter() - started


# --- the figures -----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--candidates", type=int, default=10_000, help="consenting candidates")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--query", default=urlencode(DEFAULT_QUERY), help="the page's filters")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--wsgi", default="wsgi:app", help="the application gunicorn serves")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="rallier-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = _environment(tmp)
        start = time.perf_counter()
        migrate(env)
        target = seed(env["DATABASE_URL"], args.candidates, args.seed)
        print(f"setup_s: {time.perf_counter() - start:.1f} s")
        print(f"consenting_candidates: {target['consenting']} candidates")
        path = f"/o/{target['slug']}/roles/{target['role_id']}?{args.query}"
        # As `make run` starts it: sync workers, an access log.
        command = [str(BIN / "gunicorn"), "--workers", str(args.workers)]
        command += ["--access-logfile", str(tmp / "access.log"), args.wsgi]
        with loadgen.gunicorn(command, cwd=ROOT, env=env, log=tmp / "gunicorn.log") as srv:
            port = srv.port
            session = login(port, target["email"], target["password"])
            headers = {"Cookie": f"session={session}", "Accept-Language": "fr"}
            rows = check_page(port, path, headers, target["title"])
            print(f"warm_up_s: {warm_up(port, path, headers, args.workers):.1f} s")
            ranked, static = [], []
            for _ in range(args.runs):
                ranked.append(_load(srv, path, headers, args))
                static.append(_load(srv, STATIC, headers, args))
        timeouts = (tmp / "gunicorn.log").read_text(errors="replace").count("WORKER TIMEOUT")
        _report(ranked, static, rows, args)
        print(f"worker_timeouts: {timeouts} workers")


@dataclass(frozen=True)
class Run:
    """One load run, with the CPU the server and the load generator spent per request."""

    load: loadgen.LoadResult
    server_cpu_ms: float
    client_cpu_ms: float


def _load(srv: loadgen.Server, path: str, headers: dict[str, str], args: Any) -> Run:
    workers = srv.workers()
    server_before, client_before = loadgen.cpu_seconds(workers), loadgen.children_cpu_seconds()
    result = loadgen.run(
        f"http://127.0.0.1:{srv.port}{path}",
        headers=headers,
        connections=args.connections,
        duration=args.duration,
        tool=args.tool,
    )
    if result.failures:
        raise RuntimeError(f"{result.failures} failed requests on {path}")
    served = max(result.requests, 1)
    server = (loadgen.cpu_seconds(workers) - server_before) * 1000 / served
    # wrk is a child process; the Python generator runs in this one (not counted).
    client = (loadgen.children_cpu_seconds() - client_before) * 1000 / served
    return Run(result, server, client)


def _report(ranked: list[Run], static: list[Run], rows: int, args: Any) -> None:
    def med(runs: list[Run], attribute: str) -> float:
        return loadgen.median([getattr(r.load, attribute) for r in runs])

    def cpu(runs: list[Run], attribute: str) -> float:
        return loadgen.median([getattr(r, attribute) for r in runs])

    tool = ranked[0].load.tool
    print(f"load_generator: {tool} ({args.connections} connections, same machine)")
    print(f"ranked_page_rows: {rows} rows")
    print(f"ranked_page_rps: {med(ranked, 'rps'):.0f} req/s")
    print(f"ranked_page_p50_ms: {med(ranked, 'p50_ms'):.1f} ms")
    print(f"ranked_page_p99_ms: {med(ranked, 'p99_ms'):.1f} ms")
    print(f"ranked_page_rps_runs: {' '.join(f'{r.load.rps:.0f}' for r in ranked)} req/s")
    print(f"ranked_page_p99_ms_runs: {' '.join(f'{r.load.p99_ms:.0f}' for r in ranked)} ms")
    print(f"ranked_page_server_cpu_ms: {cpu(ranked, 'server_cpu_ms'):.2f} ms")
    print(f"static_page_rps: {med(static, 'rps'):.0f} req/s")
    print(f"static_page_p99_ms: {med(static, 'p99_ms'):.1f} ms")
    print(f"static_page_server_cpu_ms: {cpu(static, 'server_cpu_ms'):.2f} ms")
    if tool == "wrk":
        print(f"load_generator_cpu_ms: {cpu(ranked, 'client_cpu_ms'):.2f} ms")


if __name__ == "__main__":
    main()
