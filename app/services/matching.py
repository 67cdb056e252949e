"""The bridge to the matching library, and each worker's candidate index.

``candidate_profile`` and ``role_spec`` are the only places that turn rows into the
library's frozen dataclasses. Only candidates with an active matching consent (given,
not withdrawn, not expired) ever reach the index.

Each process keeps one ``CandidateIndex`` per organization, tagged with the
``MatchingState.version`` it was built at. Every ranking first reads that version
(one small query). If it moved on by exactly one step and that step named the
candidates it changed (``changed_candidate_ids``), only those are reloaded into the
index; any other gap means a full rebuild.

Writers announce changes with :func:`touch`: every service that changes candidates,
their profile items, consents or roles calls it before the commit. Touches within one
transaction count as one step (their ids are merged; a touch without ids makes the
step a full rebuild), so the incremental path stays exact. A change to roles alone
(``roles_only``) costs no rebuild: roles are read at each ranking.

An index is never cached from inside a transaction that touched (it could still roll
back). It is rebuilt when the earliest matching consent it holds expires (an expiry
changes nothing in the database) and each new day (current positions end "today").
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Candidate,
    Consent,
    ConsentPurpose,
    LanguageLevel,
    MatchingState,
    Organization,
    Role,
)
from app.models.base import utcnow
from matching.scoring import score
from matching.taxonomy import Taxonomy, load_default
from matching.types import (
    BoardServiceRecord,
    CandidateProfile,
    LanguageClaim,
    Match,
    PositionRecord,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
)

#: LinkedIn's scale as the library counts it: 1 elementary … 5 native or bilingual.
LEVELS: dict[LanguageLevel, int] = {level: n for n, level in enumerate(LanguageLevel, start=1)}
#: Below this, a taxonomy guess is not trusted to stand for a role's skill or title.
CONFIDENT = 0.85
NO_CANDIDATE = 0
PROFILE_ITEMS = ("positions", "skills", "languages", "volunteering", "causes", "board_services")


def taxonomy() -> Taxonomy:
    """The bilingual skill taxonomy, loaded on first use and shared by the process."""
    return load_default()


def skill_concept(text: str) -> str | None:
    """The taxonomy concept a skill name stands for, when the taxonomy is confident."""
    found = taxonomy().normalize_skill(text, limit=1)
    return found[0].concept_id if found and found[0].confidence >= CONFIDENT else None


def concept_label(concept_id: str | None, lang: str) -> str:
    return taxonomy().label(concept_id, lang) if concept_id else ""


# --- models -> library ---------------------------------------------------------------


def candidate_profile(candidate: Candidate) -> CandidateProfile:
    """What the library may know of a candidate: no name, e-mail or contact detail."""
    positions = [
        PositionRecord(
            title=p.title,
            company=p.company,
            description=p.description,
            start=p.started_on,
            end=None if p.is_current else p.finished_on,
            title_concept=p.title_concept,
            source=p.source.value,
            item_id=p.id,
        )
        for p in candidate.positions
    ]
    # Volunteer roles are experience too; their ids live in another table, hence no item_id.
    positions += [
        PositionRecord(
            title=v.role,
            company=v.organization_name,
            description=v.description,
            start=v.started_on,
            end=v.finished_on,
            source=v.source.value,
        )
        for v in candidate.volunteering
    ]
    causes = [v.cause for v in candidate.volunteering] + [c.cause for c in candidate.causes]
    interests = {"volunteer": candidate.interested_volunteer, "staff": candidate.interested_staff}
    interests["board"] = candidate.interested_board
    return CandidateProfile(
        id=candidate.id,
        headline=candidate.headline,
        summary=candidate.summary,
        city=candidate.city,
        region=candidate.region,
        skills=tuple(
            SkillClaim(label=s.label, concept_id=s.concept_id, source=s.source.value)
            for s in candidate.skills
        ),
        positions=tuple(positions),
        languages=tuple(
            LanguageClaim(
                language=lang.language,
                level=LEVELS[lang.level] if lang.level else None,
                source=lang.source.value,
            )
            for lang in candidate.languages
        ),
        causes=tuple(dict.fromkeys(c.strip() for c in causes if c.strip())),
        board_services=tuple(
            BoardServiceRecord(
                organization=b.organization_name,
                role=b.role,
                committee=b.committee,
                start=b.started_on,
                end=b.finished_on,
                source=b.source.value,
            )
            for b in candidate.board_services
        ),
        hours_per_week=candidate.hours_per_week,
        schedule=frozenset(candidate.schedule or ()),
        work_mode=candidate.work_mode.value if candidate.work_mode else None,  # type: ignore[arg-type]
        interests=frozenset(kind for kind, yes in interests.items() if yes),  # type: ignore[misc]
    )


def role_spec(role: Role, *, base_weights: Mapping[str, float] | None = None) -> RoleSpec:
    """The role as the library sees it; the role's own weights win over ``base_weights``."""
    title = taxonomy().normalize_title(role.title, limit=1)
    return RoleSpec(
        id=role.id,
        kind=role.kind.value,  # type: ignore[arg-type]
        title=role.title,
        description=role.description,
        responsibilities=tuple(role.responsibilities or ()),
        qualifications=tuple(role.qualifications or ()),
        skills=tuple(
            RoleSkillSpec(name=s.name, concept_id=s.concept_id, required=s.required)
            for s in role.skills
        ),
        languages=tuple(
            RoleLanguageSpec(
                language=lang.language,
                level=LEVELS[lang.level] if lang.level else None,
                required=lang.required,
            )
            for lang in role.languages
        ),
        city=role.city,
        region=role.region,
        work_mode=role.work_mode.value,  # type: ignore[arg-type]
        hours_per_week=role.hours_per_week,
        schedule=frozenset(role.schedule or ()),
        cause=role.cause,
        min_years_experience=role.min_years_experience,
        title_concept=title[0].concept_id if title and title[0].confidence >= CONFIDENT else None,
        weights={**(base_weights or {}), **(role.weights or {})},
    )


def _spec(org: Organization, role: Role) -> RoleSpec:
    """``role_spec`` with the weights in force for the kind (learned from decisions, if any)."""
    from app.services.learning import weights_for  # it builds on this module

    return role_spec(role, base_weights=weights_for(org, role.kind))


def _consented_ids(org_id: int, now: datetime) -> Select[tuple[int]]:
    return select(Consent.candidate_id).where(
        Consent.organization_id == org_id,
        Consent.purpose == ConsentPurpose.MATCHING,
        Consent.withdrawn_at.is_(None),
        or_(Consent.expires_at.is_(None), Consent.expires_at > now),
    )


def _matchable(org_id: int, now: datetime, ids: Iterable[int] | None = None) -> list[Candidate]:
    stmt = (
        select(Candidate)
        .where(Candidate.organization_id == org_id, Candidate.id.in_(_consented_ids(org_id, now)))
        .options(*(selectinload(getattr(Candidate, item)) for item in (*PROFILE_ITEMS, "consents")))
        .order_by(Candidate.id)
    )
    if ids is not None:
        stmt = stmt.where(Candidate.id.in_(list(ids)))
    return list(db.session.scalars(stmt))


def _consent_ends(candidate: Candidate, now: datetime) -> datetime | None:
    """When the candidate's matching consent runs out (None: it does not)."""
    ends = [
        c.expires_at
        for c in candidate.consents
        if c.purpose == ConsentPurpose.MATCHING and c.is_active(now)
    ]
    return None if not ends or None in ends else max(e for e in ends if e is not None)


def _earliest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return min(known) if known else None


# --- the per-process index -----------------------------------------------------------


@dataclass
class _Entry:
    org_created_at: datetime  # ids of deleted organizations are reused; this is not
    built_on: date  # the index counts current positions up to the day it was built
    version: int
    index: Any
    ids: set[int]
    valid_until: datetime | None


_CACHE: dict[tuple[str, int], _Entry] = {}
# Guards _CACHE and _KEY_LOCKS only; each organization's index has its own lock, held
# while it is brought up to date and while it ranks, so a threaded worker never ranks
# on an index another thread is updating, and one organization's rebuild does not
# hold up the others.
_LOCK = threading.Lock()
_KEY_LOCKS: dict[tuple[str, int], threading.Lock] = {}


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
        _KEY_LOCKS.clear()


def _key_lock(key: tuple[str, int]) -> threading.Lock:
    with _LOCK:
        return _KEY_LOCKS.setdefault(key, threading.Lock())


def _touched() -> dict[int, list[int] | None]:
    """Organizations touched in the current transaction, with the candidates named."""
    session = db.session()
    session.connection()  # begins the transaction the touch belongs to
    info = session.info
    transaction = session.get_transaction()
    if info.get("matching_transaction") is not transaction:
        info["matching_transaction"] = transaction
        info["matching_touched"] = {}
    touched: dict[int, list[int] | None] = info["matching_touched"]
    return touched


def touch(
    org: Organization, candidate_ids: Iterable[int] = (), *, roles_only: bool = False
) -> None:
    """Tell every worker that the organization's matching data changed.

    Name the candidates when only they changed (their profile or consent); with no ids,
    workers rebuild their whole index. ``roles_only`` says no candidate changed (roles
    are read at each ranking, not kept in the index). Flushes, never commits.
    """
    # Id 0 names no candidate: a step that changes nobody, not an unknown change.
    ids = sorted(set(candidate_ids) | ({NO_CANDIDATE} if roles_only else set()))
    touched = _touched()
    state = update(MatchingState).where(MatchingState.organization_id == org.id)
    if org.id in touched:
        previous = touched[org.id]
        merged = sorted(set(previous) | set(ids)) if previous and ids else None
        touched[org.id] = merged
        db.session.execute(state.values(changed_candidate_ids=merged or []))
        return
    touched[org.id] = ids or None
    bump = state.values(version=MatchingState.version + 1, changed_candidate_ids=ids)
    if db.session.execute(bump).rowcount:  # type: ignore[attr-defined]
        return
    try:
        with db.session.begin_nested():
            db.session.add(
                MatchingState(organization_id=org.id, version=1, changed_candidate_ids=ids)
            )
    except IntegrityError:  # another worker created the row meanwhile
        db.session.execute(bump)


@contextmanager
def savepoint() -> Iterator[None]:
    """A SAVEPOINT (``begin_nested``) that keeps :func:`touch` exact when it rolls back.

    ``touch`` remembers, per transaction, that it already bumped the version; a bump
    rolled back with the SAVEPOINT must be made again by the next touch, so the
    bookkeeping is restored along with the rows. Use it instead of ``begin_nested``
    around work that may touch.
    """
    info = db.session.info
    saved = (info.get("matching_transaction"), dict(info.get("matching_touched") or {}))
    try:
        with db.session.begin_nested():
            yield
    except BaseException:
        info["matching_transaction"], info["matching_touched"] = saved
        raise


def _version(org_id: int) -> tuple[int, list[int]]:
    row = db.session.execute(
        select(MatchingState.version, MatchingState.changed_candidate_ids).where(
            MatchingState.organization_id == org_id
        )
    ).first()
    return (row.version, list(row.changed_candidate_ids or ())) if row else (0, [])


def _build(org: Organization, version: int, now: datetime) -> _Entry:
    from matching.index import CandidateIndex  # scipy: paid by the first ranking, not every start

    candidates = _matchable(org.id, now)
    index = CandidateIndex.build([candidate_profile(c) for c in candidates], taxonomy=taxonomy())
    ends = _earliest(*(_consent_ends(c, now) for c in candidates))
    ids = {c.id for c in candidates}
    return _Entry(org.created_at, index.as_of_, version, index, ids, ends)


def _apply(entry: _Entry, org: Organization, changed: list[int], now: datetime) -> None:
    found = {c.id: c for c in _matchable(org.id, now, changed)}
    for candidate_id in changed:
        candidate = found.get(candidate_id)
        if candidate is not None:
            entry.index.update(candidate_profile(candidate))
            entry.ids.add(candidate_id)
            entry.valid_until = _earliest(entry.valid_until, _consent_ends(candidate, now))
        elif candidate_id in entry.ids:
            entry.index.remove(candidate_id)
            entry.ids.discard(candidate_id)


@contextmanager
def _fresh_entry(org: Organization) -> Iterator[_Entry]:
    """The organization's index, up to date with the database, locked while in use."""
    version, changed = _version(org.id)  # read first: data read after it is at least as new
    now = utcnow()
    if org.id in _touched():
        yield _build(org, version, now)  # uncommitted changes: use, never cache
        return
    key = (str(db.engine.url), org.id)
    with _key_lock(key):
        with _LOCK:
            entry = _CACHE.get(key)
        if entry is not None and (
            entry.org_created_at != org.created_at
            or entry.built_on != date.today()
            or (entry.valid_until is not None and entry.valid_until <= now)
        ):
            entry = None
        if entry is not None and entry.version == version:
            pass
        elif entry is not None and changed and version == entry.version + 1:
            _apply(entry, org, changed, now)
            entry.version = version
        else:
            entry = _build(org, version, now)
            with _LOCK:
                _CACHE[key] = entry
        yield entry


# --- rankings and explanations ---------------------------------------------------------


def ranked_matches(org: Organization, role: Role, *, top: int | None = 50) -> list[Match]:
    """The organization's consenting candidates for ``role``, best first (all if top is None)."""
    with _fresh_entry(org) as entry:
        return _rank(org, entry, role, top)


def _rank(org: Organization, entry: _Entry, role: Role, top: int | None) -> list[Match]:
    spec = _spec(org, role)  # also loads the role's skills and languages for the page
    if not entry.ids:
        return []
    matches = entry.index.rank(spec, top=top or len(entry.ids))
    # A consent withdrawn by a service that forgot to touch must still hide the person.
    consented = set(db.session.scalars(_consented_ids(org.id, utcnow())))
    return [m for m in matches if m.candidate_id in consented]


def matchable_count(org: Organization) -> int:
    """How many of the organization's candidates are in the index (consenting ones)."""
    with _fresh_entry(org) as entry:
        return len(entry.ids)


def score_candidate(org: Organization, role: Role, candidate: Candidate) -> Match:
    """One candidate's match, with the term weights and the day the ranking uses."""
    spec, profile = _spec(org, role), candidate_profile(candidate)
    with _fresh_entry(org) as entry:
        index = entry.index
        return score(
            spec, profile, taxonomy=taxonomy(), text_model=index.text_model_, as_of=index.as_of_
        )
