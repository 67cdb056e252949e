"""Finding candidates entered twice, merging them, or recording that they are two people.

Same e-mail address or same LinkedIn profile URL is the same person (score 100). Other
pairs are proposed when their accent-folded names are close (rapidfuzz, names compared
with their words sorted, so "Marie-Ève Gagnon" meets "Gagnon, Marie Eve") *and* they
agree on the city, the current employer or the phone number. Pairs a recruiter
dismissed are never proposed again.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process
from sqlalchemy import delete, func, select, update

from app.extensions import db
from app.importers.vocab import plain_words
from app.models import (
    Application,
    Candidate,
    Consent,
    DuplicateDismissal,
    Note,
    Organization,
    PendingImport,
    Position,
    StageChange,
    User,
)
from app.services import audit, matching, profiles
from app.services.errors import ServiceError
from app.services.profile_sections import SECTIONS, Section

NAME_CUTOFF = 88  # rapidfuzz ratio (0–100) on folded, sorted names
CHUNK = 1000  # rows compared at once: memory stays CHUNK × candidates bytes
_NOT_LETTERS = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class DuplicatePair:
    """Two candidates who may be one person; ``first`` is the older record."""

    first: Candidate
    second: Candidate
    score: int
    reasons: list[Any]  # lazy translatable strings


@dataclass(frozen=True)
class _Row:
    id: int
    name: str  # folded, words sorted
    email: str
    url: str
    city: str
    phone: str
    employers: frozenset[str]


def folded_name(first_name: str, last_name: str) -> str:
    """Lowercase, no accents, no punctuation, words sorted: how names are compared.

    >>> folded_name("Marie-Ève", "Gagnon") == folded_name("Marie Eve", "GAGNON")
    True
    """
    words = _NOT_LETTERS.sub(" ", plain_words(f"{first_name} {last_name}").replace("_", " "))
    return " ".join(sorted(words.split()))


def _phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-10:] if len(digits) >= 7 else ""


def _rows(org: Organization) -> list[_Row]:
    employers: dict[int, set[str]] = defaultdict(set)
    for candidate_id, company in db.session.execute(
        select(Position.candidate_id, Position.company).where(
            Position.organization_id == org.id, Position.is_current.is_(True)
        )
    ):
        if company and company.strip():
            employers[candidate_id].add(plain_words(company))
    columns = select(
        Candidate.id,
        Candidate.first_name,
        Candidate.last_name,
        Candidate.email,
        Candidate.linkedin_url,
        Candidate.city,
        Candidate.phone,
    ).where(Candidate.organization_id == org.id)
    return [
        _Row(
            id=r.id,
            name=folded_name(r.first_name or "", r.last_name or ""),
            email=(r.email or "").strip().lower(),
            url=r.linkedin_url or "",
            city=plain_words(r.city or ""),
            phone=_phone(r.phone or ""),
            employers=frozenset(employers.get(r.id, ())),
        )
        for r in db.session.execute(columns.order_by(Candidate.id))
    ]


def _exact(rows: list[_Row]) -> dict[tuple[int, int], list[Any]]:
    found: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for attr, reason in (
        ("email", _l("Same e-mail address")),
        ("url", _l("Same LinkedIn profile")),
    ):
        groups: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            if getattr(row, attr):
                groups[getattr(row, attr)].append(row.id)
        for ids in groups.values():
            for pair in itertools.combinations(sorted(ids), 2):
                found[pair].append(reason)
    return found


def _similar_names(rows: list[_Row]) -> Iterator[tuple[int, int, int]]:
    """Index pairs (i < j) whose folded names score at least NAME_CUTOFF, with the score."""
    names = [row.name for row in rows]
    for start in range(0, len(names), CHUNK):
        scores = process.cdist(
            names[start : start + CHUNK],
            names,
            scorer=fuzz.ratio,
            score_cutoff=NAME_CUTOFF,
            dtype=np.uint8,
            workers=-1,
        )
        for i, j in zip(*np.nonzero(scores), strict=True):
            if start + i < j and names[j]:
                yield start + int(i), int(j), int(scores[i, j])


def _agreements(a: _Row, b: _Row) -> list[Any]:
    reasons: list[Any] = []
    if a.city and a.city == b.city:
        reasons.append(_l("Same city"))
    if a.employers & b.employers:
        reasons.append(_l("Same current employer"))
    if a.phone and a.phone == b.phone:
        reasons.append(_l("Same phone number"))
    return reasons


def _dismissed(org: Organization) -> set[tuple[int, int]]:
    rows = db.session.execute(
        select(DuplicateDismissal.first_id, DuplicateDismissal.second_id).where(
            DuplicateDismissal.organization_id == org.id
        )
    )
    return {(first, second) for first, second in rows}


def find_duplicates(org: Organization, *, limit: int = 50) -> list[DuplicatePair]:
    """The likeliest duplicate pairs of ``org``, best first (score 0–100, with reasons)."""
    rows = _rows(org)
    scored: dict[tuple[int, int], tuple[int, list[Any]]] = {
        pair: (100, reasons) for pair, reasons in _exact(rows).items()
    }
    for i, j, similarity in _similar_names(rows):
        pair = (rows[i].id, rows[j].id)
        agreements = _agreements(rows[i], rows[j])
        if pair in scored or not agreements:
            continue
        name_reason = (
            _l("Same name once accents and hyphens are set aside")
            if similarity == 100
            else _l("Similar names (%(score)d%%)", score=similarity)
        )
        score = min(99, similarity - 10 + 5 * len(agreements))
        scored[pair] = (score, [name_reason, *agreements])
    dismissed = _dismissed(org)
    best = sorted(
        (
            (score, pair, reasons)
            for pair, (score, reasons) in scored.items()
            if pair not in dismissed
        ),
        key=lambda item: (-item[0], item[1]),
    )[:limit]
    ids = {candidate_id for _score, pair, _r in best for candidate_id in pair}
    by_id = {
        c.id: c
        for c in db.session.scalars(
            select(Candidate).where(Candidate.organization_id == org.id, Candidate.id.in_(ids))
        )
    }
    return [DuplicatePair(by_id[a], by_id[b], score, reasons) for score, (a, b), reasons in best]


# --- decisions -------------------------------------------------------------------------------


def _ordered(first: Candidate, second: Candidate) -> tuple[int, int]:
    return (first.id, second.id) if first.id < second.id else (second.id, first.id)


def _check_pair(org: Organization, first: Candidate, second: Candidate) -> None:
    if first.id == second.id:
        raise ServiceError(_l("A candidate cannot be merged with themselves."))
    if first.organization_id != org.id or second.organization_id != org.id:
        raise ServiceError(_l("Both candidates must belong to this organization."))


def dismiss(org: Organization, first: Candidate, second: Candidate, *, actor: User | None) -> None:
    """Record that the two are different people; the pair is never proposed again."""
    _check_pair(org, first, second)
    low, high = _ordered(first, second)
    exists = db.session.scalar(
        select(func.count()).where(
            DuplicateDismissal.first_id == low, DuplicateDismissal.second_id == high
        )
    )
    if not exists:
        db.session.add(
            DuplicateDismissal(
                organization_id=org.id,
                first_id=low,
                second_id=high,
                dismissed_by_id=actor.id if actor else None,
            )
        )
        audit.record(
            "duplicate.dismissed",
            organization_id=org.id,
            actor_id=actor.id if actor else None,
            target_type="candidate",
            target_id=low,
            other_id=high,
        )
    db.session.flush()


def merge(org: Organization, keep: Candidate, other: Candidate, *, actor: User | None) -> Candidate:
    """Fold ``other`` into ``keep`` and delete ``other``; nothing either held is lost.

    Every profile item moves with its source and ``recorded_at`` (an item ``keep``
    already holds is not doubled); fields empty on ``keep`` are filled from ``other``
    with their provenance; consents, pending imports and applications move (for a role
    both are in, ``other``'s notes and stage history join ``keep``'s application); the
    account link moves when ``keep`` has none. Two records with two different accounts
    are refused. Audited (``candidate.merged``, ids only); matching is touched.
    """
    _check_pair(org, keep, other)
    if keep.user_id and other.user_id and keep.user_id != other.user_id:
        raise ServiceError(
            _l("Both records have their own account: they cannot be merged automatically.")
        )
    db.session.flush()
    _fill_fields(keep, other)
    moved = {section.name: _move_items(section, keep, other) for section in SECTIONS}
    _move_rows(keep, other)
    if other.user_id and not keep.user_id:
        keep.user_id, other.user_id = other.user_id, None
    db.session.flush()
    db.session.expire(other)
    other_id = other.id
    db.session.delete(other)
    audit.record(
        "candidate.merged",
        organization_id=org.id,
        actor_id=actor.id if actor else None,
        target_type="candidate",
        target_id=keep.id,
        merged_id=other_id,
        items=sum(moved.values()),
    )
    db.session.flush()
    db.session.expire(keep)
    matching.touch(org, [keep.id, other_id])
    return keep


def _fill_fields(keep: Candidate, other: Candidate) -> None:
    sources = dict(keep.field_sources or {})
    for name in profiles.CANDIDATE_COLUMNS:
        if getattr(keep, name) in (None, "", [], False) and getattr(other, name) not in (
            None,
            "",
            [],
            False,
        ):
            setattr(keep, name, getattr(other, name))
            if name in (other.field_sources or {}):
                sources[name] = dict(other.field_sources[name])
    keep.field_sources = sources


def _move_items(section: Section, keep: Candidate, other: Candidate) -> int:
    """Move ``other``'s items of a section to ``keep``, dropping the ones ``keep`` has."""
    held = {section.key(section.values_of_item(item)): item for item in getattr(keep, section.name)}
    model = section.model
    duplicates = []
    for item in getattr(other, section.name):
        mine = held.get(section.key(section.values_of_item(item)))
        if mine is None:
            continue
        duplicates.append(item.id)
        if section.name == "languages" and mine.level is None and item.level is not None:
            # The same language, rated only on the other record: keep that rating.
            mine.level, mine.source, mine.recorded_at = item.level, item.source, item.recorded_at
    if duplicates:
        db.session.execute(delete(model).where(model.id.in_(duplicates)))
    moved = db.session.execute(
        update(model).where(model.candidate_id == other.id).values(candidate_id=keep.id)
    ).rowcount  # type: ignore[attr-defined]
    return int(moved or 0)


def _move_rows(keep: Candidate, other: Candidate) -> None:
    """Consents, pending imports and applications follow the kept record."""
    for model in (Consent, PendingImport):
        db.session.execute(
            update(model).where(model.candidate_id == other.id).values(candidate_id=keep.id)
        )
    kept_roles = dict(
        db.session.execute(
            select(Application.role_id, Application.id).where(Application.candidate_id == keep.id)
        ).all()
    )
    for application_id, role_id in db.session.execute(
        select(Application.id, Application.role_id).where(Application.candidate_id == other.id)
    ).all():
        if role_id in kept_roles:
            target = kept_roles[role_id]
            for model in (Note, StageChange):
                db.session.execute(
                    update(model)
                    .where(model.application_id == application_id)
                    .values(application_id=target)
                )
            db.session.execute(delete(Application).where(Application.id == application_id))
        else:
            db.session.execute(
                update(Application)
                .where(Application.id == application_id)
                .values(candidate_id=keep.id)
            )
    db.session.execute(
        delete(DuplicateDismissal).where(
            (DuplicateDismissal.first_id == other.id) | (DuplicateDismissal.second_id == other.id)
        )
    )
