"""``flask --app wsgi …`` commands. They call the services the views call."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask_babel import force_locale

from app.extensions import db
from app.models import MemberRole
from app.services import accounts
from app.services.errors import ServiceError


def _fail(message: object) -> None:
    db.session.rollback()
    raise click.ClickException(str(message))


def _emit(as_json: bool, data: dict[str, Any], human: str) -> None:
    click.echo(json.dumps(data, ensure_ascii=False) if as_json else human)


@click.command("create-org")
@click.argument("slug")
@click.option("--name", required=True, help="The organization's display name.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def create_org(slug: str, name: str, as_json: bool) -> None:
    """Create an organization whose pages live under /o/SLUG."""
    with force_locale("en"):
        try:
            org = accounts.create_organization(slug, name)
        except ServiceError as exc:
            _fail(exc.message)
        db.session.commit()
    _emit(
        as_json,
        {"organization_id": org.id, "slug": org.slug},
        f"Created organization {org.name} ({org.slug}).",
    )


@click.command("create-user")
@click.argument("email")
@click.option("--org", "org_slug", required=True, help="The organization's short name.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in MemberRole]),
    required=True,
    help="What the user does in the organization.",
)
@click.option(
    "--name", "full_name", default="", help="Full name (defaults to the e-mail's local part)."
)
@click.option(
    "--password-stdin",
    is_flag=True,
    required=True,
    help="Read the password from standard input (never from the command line).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def create_user(
    email: str, org_slug: str, role: str, full_name: str, password_stdin: bool, as_json: bool
) -> None:
    """Create a user with a role in an organization; the password comes from stdin.

    An existing account that is not yet a member joins the organization and keeps
    its password.
    """
    password = sys.stdin.readline().rstrip("\r\n")
    with force_locale("en"):
        try:
            org = accounts.get_organization(org_slug)
            user = accounts.find_user(email)
            if user is None:
                user = accounts.create_user(email, full_name or email.split("@")[0], password)
            elif user.membership_in(org.id) is not None:
                raise ServiceError(
                    f"{user.email} is already a member of {org.slug}; "
                    "change their role from the Members page."
                )
            accounts.add_membership(user, org, MemberRole(role))
        except ServiceError as exc:
            _fail(exc.message)
        db.session.commit()
    _emit(
        as_json,
        {"user_id": user.id, "email": user.email, "organization": org.slug, "role": role},
        f"{user.email} is {role} of {org.slug}.",
    )


@click.command("seed-demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Seed only an empty database; otherwise just print the demo logins if the demo exists.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def seed_demo(if_empty: bool, as_json: bool) -> None:
    """Create the bilingual demo organization with its users, roles, candidates and board."""
    from app.services import demo

    if demo.demo_exists():
        if not if_empty:
            _fail("The demo organization exists already.")
        _print_logins(as_json, demo.demo_logins(), seeded=False)
        return
    if if_empty and demo.database_has_organizations():
        _emit(
            as_json,
            {"seeded": False, "logins": []},
            "The database holds other organizations; the demo was not added.",
        )
        return
    with force_locale("en"):
        result = demo.seed_demo()
    db.session.commit()
    _print_logins(as_json, result.logins, seeded=True)


def _print_logins(as_json: bool, logins: list[tuple[str, str, str]], *, seeded: bool) -> None:
    heading = "Demo organization created." if seeded else "Demo organization (already there)."
    human = "\n".join(
        [heading, "Log in at /login with (unless the passwords were changed since):"]
        + [f"  {role:<12} {email:<34} {password}" for role, email, password in logins]
    )
    data = {
        "seeded": seeded,
        "logins": [{"role": r, "email": e, "password": p} for r, e, p in logins],
    }
    _emit(as_json, data, human)


@click.command("import-role")
@click.option("--org", "org_slug", required=True, help="The organization's short name.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_role(org_slug: str, as_json: bool, file: Path) -> None:
    """Create a role from FILE, a JSON Resume job description with Rallier's extensions.

    Extensions: kind, languages, hoursPerWeek, cause, minYearsExperience; a skill
    whose level is "required" is a must-have. The role is open once imported.
    """
    from app.services import roles

    with force_locale("en"):
        try:
            org = accounts.get_organization(org_slug)
            with file.open("rb") as fh:
                data = fh.read(roles.MAX_ROLE_FILE_BYTES + 1)
            role = roles.import_role_file(org, data, filename=str(file))
        except ServiceError as exc:
            _fail(exc.message)
        db.session.commit()
    _emit(
        as_json,
        {"role_id": role.id},
        f"Created role {role.id}: {role.title} ({role.kind.value}, {len(role.skills)} skills).",
    )


@click.command("rank")
@click.argument("role_id", type=int)
@click.option("--top", default=50, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def rank(role_id: int, top: int, as_json: bool) -> None:
    """List the consenting candidates best matched to role ROLE_ID, best first, with why."""
    from app.models import Organization, Role
    from app.services import ranking

    role = db.session.get(Role, role_id)
    if role is None:
        _fail(f"No role has the id {role_id}.")
    org = db.session.get(Organization, role.organization_id)
    with force_locale("en"):
        ranked = ranking.ranked_candidates(org, role, top=top)
    data = {"role_id": role.id, "matches": [_match_json(entry) for entry in ranked]}
    lines = [f"{role.title} ({org.slug}): {len(ranked)} candidates, best first"]
    lines.append(f"{'#':>3}  {'score':>5}  {'criteria':>8}  {'name':<30}  email")
    for entry in ranked:
        known, weighing = entry.criteria
        unmet = entry.match.unmet_required
        lines.append(
            f"{entry.rank:>3}  {entry.match.score:>5.1f}  {f'{known}/{weighing}':>8}  "
            f"{entry.candidate.full_name[:30]:<30}  {entry.candidate.email or ''}"
            f"{'  missing: ' + ', '.join(unmet) if unmet else ''}"
        )
    _emit(as_json, data, "\n".join(lines))


def _match_json(entry: Any) -> dict[str, Any]:
    match = entry.match
    return {
        "candidate_id": entry.candidate.id,
        "name": entry.candidate.full_name,
        "email": entry.candidate.email,
        "score": round(match.score, 2),
        "coverage": round(match.coverage, 3),
        "components": {
            name: {
                "score": None if c.score is None else round(c.score, 2),
                "weight": c.weight,
                "contribution": round(c.contribution, 2),
            }
            for name, c in match.components.items()
        },
        "matched_skills": [
            {
                "skill": s.role_skill,
                "candidate_label": s.candidate_label,
                "concept_id": s.concept_id,
                "credit": s.credit,
            }
            for s in match.matched_skills
        ],
        "missing": list(match.missing_skills),
        "unmet_required": list(match.unmet_required),
    }


# --- profiles, prospects and the candidate's own data ----------------------------------------


def _org_and_actor(org_slug: str, actor_email: str | None) -> tuple[Any, Any]:
    """The organization, and the member acting in it (``--as``), or a clear refusal."""
    org = accounts.get_organization(org_slug)
    if not actor_email:
        return org, None
    user = accounts.find_user(actor_email)
    if user is None or user.membership_in(org.id) is None:
        raise ServiceError(f"{actor_email} is not a member of {org.slug}.")
    return org, user


@click.command("import-profiles")
@click.option("--org", "org_slug", required=True, help="The organization's short name.")
@click.option(
    "--consented",
    is_flag=True,
    help="The candidates agreed to be matched to this organization's roles; "
    "without it they wait for their own consent and are not ranked.",
)
@click.option("--as", "actor_email", help="E-mail of the member doing the import (audit).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def import_profiles(
    org_slug: str, consented: bool, actor_email: str | None, as_json: bool, paths: tuple[Path, ...]
) -> None:
    """Import candidate profiles from PATHS: LinkedIn export ZIPs or unpacked folders,
    JSON Resume files, ZIPs or folders holding several of them.

    Each profile is stored on its own: a bad file is reported and does not stop
    the others. A profile whose e-mail or LinkedIn URL is already known updates
    that candidate. Exits with status 1 when no file could be imported.
    """
    from app.services import imports

    with force_locale("en"):
        try:
            org, actor = _org_and_actor(org_slug, actor_email)
        except ServiceError as exc:
            _fail(exc.message)
        batch = imports.start_batch(org, actor, consented=consented)
        for path in paths:
            imports.import_path(batch, path)
        result = imports.finish_batch(batch)
        db.session.commit()
        lines = [_outcome_line(outcome) for outcome in result.files]
    lines.append(
        f"{result.created} created, {result.updated} updated, {result.merged} merged, "
        f"{result.skipped} skipped, {result.errors} errors"
        + (" (matching consent recorded)." if consented else " (waiting for consent).")
    )
    _emit(as_json, result.as_json(), "\n".join(lines))
    if result.files and result.errors == len(result.files):
        raise click.ClickException("No file could be imported.")


def _outcome_line(outcome: Any) -> str:
    if outcome.error:  # the message names the file (and the line or JSON path)
        return f"{outcome.status:<8} {outcome.error}"
    ident = f" #{outcome.candidate_id}" if outcome.candidate_id else ""
    why = f": {outcome.reason}" if outcome.reason else ""
    return f"{outcome.status:<8} {outcome.path}{ident}{why}"


@click.command("import-connections")
@click.option("--org", "org_slug", required=True, help="The organization's short name.")
@click.option("--as", "actor_email", help="E-mail of the recruiter whose connections they are.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_connections(org_slug: str, actor_email: str | None, as_json: bool, path: Path) -> None:
    """Import a LinkedIn Connections.csv as prospects (never as candidates).

    Prospects have consented to nothing: they are not ranked, may be invited,
    and are purged after the organization's retention (see purge-prospects).
    """
    from app.importers.errors import ImportFileError
    from app.services import prospects

    with force_locale("en"):
        try:
            org, actor = _org_and_actor(org_slug, actor_email)
            with path.open("rb") as handle:
                data = handle.read()
            result = prospects.import_connections(org, actor, path.name, data)
        except ServiceError as exc:
            _fail(exc.message)
        except ImportFileError as exc:
            _fail(exc.describe())
        db.session.commit()
        human = "\n".join([*result.errors, prospects.summary_line(result)])
    _emit(as_json, result.as_json(), human)


@click.command("purge-prospects")
@click.option("--org", "org_slug", help="Only this organization (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
def purge_prospects(org_slug: str | None, as_json: bool) -> None:
    """Delete prospects kept longer than their organization's retention (default 180 days).

    Meant to run daily from cron or a systemd timer.
    """
    from app.services import prospects

    with force_locale("en"):
        try:
            org = accounts.get_organization(org_slug) if org_slug else None
        except ServiceError as exc:
            _fail(exc.message)
        removed = prospects.purge_expired(org=org)
        db.session.commit()
    _emit(as_json, {"removed": removed}, f"{removed} prospects removed.")


@click.command("export-candidate")
@click.argument("candidate_id", type=int)
def export_candidate(candidate_id: int) -> None:
    """Print candidate CANDIDATE_ID's profile as JSON Resume (it imports back without loss)."""
    from app.importers.jsonresume import to_json_resume
    from app.models import Candidate
    from app.services import audit
    from app.services.profiles import candidate_to_record

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        _fail(f"No candidate has the id {candidate_id}.")
    document = to_json_resume(candidate_to_record(candidate))
    audit.record(
        "candidate.exported",
        organization_id=candidate.organization_id,
        target_type="candidate",
        target_id=candidate.id,
        via="cli",
    )
    db.session.commit()
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def init_app(app: Flask) -> None:
    commands = (create_org, create_user, seed_demo, import_role, rank)
    commands += (import_profiles, import_connections, purge_prospects, export_candidate)
    for command in commands:
        app.cli.add_command(command)
