"""Prospects: a recruiter's LinkedIn connections, kept until they accept or the retention ends.

These people consented to nothing: they are never candidates, never ranked, and are
purged after the organization's retention (``Organization.prospect_retention_days``,
counted from when they were first imported). A personal invitation link turns one into
a candidate once they accept and give consent.

:func:`import_connections` must take a 30,000-row file into a table that already holds
30,000 prospects in seconds: keys are preloaded in one query and rows are written with
executemany-style bulk INSERT and UPDATE statements, no per-row ORM flush.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update

from app.extensions import db
from app.importers.connections import parse_connections
from app.importers.records import ConnectionRecord, PositionRecord, ProfileRecord
from app.importers.vocab import normalize_linkedin_url, plain_words
from app.models import (
    Candidate,
    ConsentPurpose,
    MemberRole,
    Organization,
    Prospect,
    Source,
    User,
)
from app.models.base import utcnow
from app.services import audit, matching
from app.services.accounts import add_membership
from app.services.profiles import apply_record, create_candidate, find_existing, give_consent

MATCH_KEY_LENGTH = 400
# Columns a re-import refreshes (a connection's company and position change over time).
REFRESHED = ("first_name", "last_name", "email", "company", "position", "profile_url")


@dataclass
class ConnectionsResult:
    """Rows created, updated (already known), skipped (repeated or already candidates), and
    the rows that could not be read, each as "file, line N: why"."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def match_key(first_name: str, last_name: str, email: str, company: str, url: str) -> str:
    """Who a connection is within an organization: profile URL, else e-mail, else name+company."""
    if url:
        key = f"url:{url}"
    elif email:
        key = f"email:{email.strip().lower()}"
    else:
        key = f"name:{plain_words(f'{first_name} {last_name}')}|{plain_words(company)}"
    return key[:MATCH_KEY_LENGTH]


def _key(row: ConnectionRecord) -> str:
    return match_key(row.first_name, row.last_name, row.email, row.company, row.profile_url)


def _clip(name: str, value: str) -> str:
    length = Prospect.__table__.c[name].type.length
    return value.strip()[:length]


def _values(row: ConnectionRecord) -> dict[str, Any]:
    values = {name: _clip(name, getattr(row, name) or "") for name in REFRESHED}
    values["connected_on"] = row.connected_on
    return values


def import_connections(
    org: Organization, actor: User | None, filename: str, data: bytes
) -> ConnectionsResult:
    """Store a ``Connections.csv`` as prospects of ``org``; re-imports update, never duplicate.

    Rows naming someone who is already a candidate of ``org`` (same e-mail or profile
    URL), and repeats of an earlier row of the file, are skipped. Raises
    :class:`~app.importers.errors.ImportFileError` (nothing written) when the file is not
    a connections export. Flushes; audits ``prospects.imported`` with the counts.
    """
    parsed = parse_connections(data, name=filename)
    result = ConnectionsResult(
        errors=[f"{filename}, line {line}: {why}" for line, why in parsed.skipped]
    )
    known = _known_prospects(org)
    emails, urls = _candidate_identities(org)
    now = utcnow()
    new: dict[str, dict[str, Any]] = {}
    seen: dict[int, dict[str, Any]] = {}
    for row in parsed.records:
        key = _key(row)
        if row.email.lower() in emails or (row.profile_url and row.profile_url in urls):
            result.skipped += 1
        elif key in known:
            prospect_id, times = known[key]
            if prospect_id in seen:
                result.skipped += 1
                continue
            seen[prospect_id] = {
                "id": prospect_id,
                **_values(row),
                "times_imported": times + 1,
                "updated_at": now,
            }
        elif key in new:
            result.skipped += 1
        else:
            new[key] = {
                "organization_id": org.id,
                "match_key": key,
                "imported_by_id": actor.id if actor else None,
                "times_imported": 1,
                "created_at": now,
                "updated_at": now,
                **_values(row),
            }
    if new:
        db.session.execute(insert(Prospect), list(new.values()))
    if seen:
        db.session.execute(update(Prospect), list(seen.values()))
    result.created, result.updated = len(new), len(seen)
    audit.record(
        "prospects.imported",
        organization_id=org.id,
        actor_id=actor.id if actor else None,
        created=result.created,
        updated=result.updated,
        skipped=result.skipped,
        errors=len(result.errors),
    )
    db.session.flush()
    return result


def _known_prospects(org: Organization) -> dict[str, tuple[int, int]]:
    rows = db.session.execute(
        select(Prospect.match_key, Prospect.id, Prospect.times_imported).where(
            Prospect.organization_id == org.id
        )
    )
    return {key: (prospect_id, times) for key, prospect_id, times in rows}


def _candidate_identities(org: Organization) -> tuple[set[str], set[str]]:
    rows = db.session.execute(
        select(func.lower(Candidate.email), Candidate.linkedin_url).where(
            Candidate.organization_id == org.id
        )
    )
    emails: set[str] = set()
    urls: set[str] = set()
    for email, url in rows:
        if email:
            emails.add(email)
        if url:
            urls.add(url)
    return emails, urls


# --- invitations -------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(prospect: Prospect, actor: User | None) -> str:
    """A new personal invitation token for ``prospect`` (an earlier link stops working).

    Only its SHA-256 is stored; the raw token goes into the link the recruiter sends.
    """
    token = secrets.token_urlsafe(32)
    prospect.invitation_token_hash = _token_hash(token)
    prospect.invited_at = utcnow()
    prospect.invited_by_id = actor.id if actor else None
    audit.record(
        "prospect.invited",
        organization_id=prospect.organization_id,
        actor_id=actor.id if actor else None,
        target_type="prospect",
        target_id=prospect.id,
    )
    db.session.flush()
    return token


def prospect_for_token(org: Organization, token: str) -> Prospect | None:
    """The prospect of ``org`` invited with ``token``, or None."""
    if not token:
        return None
    return db.session.scalar(
        select(Prospect).where(
            Prospect.organization_id == org.id,
            Prospect.invitation_token_hash == _token_hash(token),
        )
    )


def accept_invitation(
    prospect: Prospect,
    user: User,
    *,
    consents: Iterable[ConsentPurpose],
    retention_months: int | None = None,
) -> Candidate:
    """Turn the prospect into a candidate of the organization, linked to ``user``.

    The candidate starts from the prospect's name, the account's e-mail (the prospect's
    when the account has none) and current position; an existing candidate with that
    e-mail or profile URL is updated instead. ``user`` becomes a candidate member
    (staff keep their role). Each purpose in ``consents`` is recorded as given by the
    user (``retention_months`` bounds a retention consent). The prospect is deleted.
    """
    org = db.session.get(Organization, prospect.organization_id)
    assert org is not None
    record = _record_of(prospect, user)
    candidate = find_existing(org, record)
    if candidate is None:
        candidate = create_candidate(org, record, user=user)
    else:
        apply_record(candidate, record)
        candidate.user_id = candidate.user_id or user.id
    db.session.flush()
    if user.membership_in(org.id) is None:
        add_membership(user, org, MemberRole.CANDIDATE)
    for purpose in dict.fromkeys(consents):
        months = retention_months if purpose == ConsentPurpose.RETENTION else None
        give_consent(candidate, purpose, actor=user, months=months)
    audit.record(
        "prospect.converted",
        organization_id=org.id,
        actor_id=user.id,
        target_type="candidate",
        target_id=candidate.id,
        prospect_id=prospect.id,
    )
    db.session.delete(prospect)
    db.session.flush()
    matching.touch(org, [candidate.id])
    return candidate


def _record_of(prospect: Prospect, user: User) -> ProfileRecord:
    first, last = prospect.first_name, prospect.last_name
    if not (first or last):
        first, _sep, last = user.full_name.partition(" ")
    record = ProfileRecord(
        source=Source.RECRUITER,
        first_name=first,
        last_name=last,
        email=user.email or prospect.email,
        linkedin_url=normalize_linkedin_url(prospect.profile_url),
    )
    if prospect.position:
        record.positions.append(
            PositionRecord(title=prospect.position, company=prospect.company, is_current=True)
        )
    return record


# --- retention ---------------------------------------------------------------------------


def purge_expired(*, org: Organization | None = None, now: datetime | None = None) -> int:
    """Delete prospects older than their organization's retention; how many went.

    Age counts from the first import (a re-import does not extend it). Each organization
    that lost some gets a ``prospects.purged`` audit entry with the count.
    """
    now = now or utcnow()
    orgs = [org] if org is not None else list(db.session.scalars(select(Organization)))
    total = 0
    for each in orgs:
        days = each.prospect_retention_days or 180
        removed = db.session.execute(
            delete(Prospect).where(
                Prospect.organization_id == each.id,
                Prospect.created_at < now - timedelta(days=days),
            )
        ).rowcount  # type: ignore[attr-defined]
        if removed:
            audit.record(
                "prospects.purged", organization_id=each.id, count=removed, retention_days=days
            )
        total += removed or 0
    db.session.flush()
    return total


def summary_line(result: ConnectionsResult) -> str:
    """The human summary the CLI prints."""
    return _(
        "%(created)d prospects created, %(updated)d updated, %(skipped)d skipped, "
        "%(errors)d rows unreadable.",
        created=result.created,
        updated=result.updated,
        skipped=result.skipped,
        errors=len(result.errors),
    )
