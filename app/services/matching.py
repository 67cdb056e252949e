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

Each cached index also remembers its last rankings, by the role as the library sees
it (every field of the ``RoleSpec``, weights included): :func:`ranked_matches` by the
length asked for, and :func:`scoreboard` (every candidate's score, explanations made
on demand) with the explanations already made. A ranking depends on nothing else, so
the same page asked again costs no scoring. They are forgotten whenever the index
changes. The matching-consent check that follows every ranking is still made each
time, on the candidates returned only.

A full build reads profiles as plain rows (no ORM objects: about a third of the time
the ORM took for 10,000 candidates), and a big index is then frozen out of
the cyclic garbage collector's sight (``gc.freeze``), which would otherwise walk its
objects at every full collection.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Select, and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import (
    BoardService,
    Candidate,
    CandidateCause,
    CandidateLanguage,
    CandidateSkill,
    Consent,
    ConsentPurpose,
    LanguageLevel,
    MatchingState,
    Organization,
    Position,
    Role,
    Volunteering,
)
from app.models.base import utcnow
from matching.components import RolePlan, plan_role
from matching.scoring import explain, score
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
#: Rankings each cached index remembers (the least recently used go first).
RANKINGS_KEPT = 64
#: Explanations a scoreboard remembers; past this, new ones are made and not kept.
EXPLANATIONS_KEPT = 5000
#: From this many candidates, a new index is set aside from the garbage collector.
FREEZE_FROM = 1000
#: Up to this many candidates returned, the consent check names them in its query.
CONSENT_CHECK_BY_ID = 500
#: The Candidate relationships a profile reads (see candidate_profile).
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


@lru_cache(maxsize=4096)
def title_concept(title: str) -> str | None:
    """The occupation a role title stands for, when the taxonomy is confident (remembered)."""
    found = taxonomy().normalize_title(title, limit=1)
    return found[0].concept_id if found and found[0].confidence >= CONFIDENT else None


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
        title_concept=title_concept(role.title),
        weights={**(base_weights or {}), **(role.weights or {})},
    )


def _spec(org: Organization, role: Role) -> RoleSpec:
    """``role_spec`` with the weights in force for the kind (learned from decisions, if any)."""
    from app.services.learning import weights_for  # it builds on this module

    return role_spec(role, base_weights=weights_for(org, role.kind))


def _active_matching(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        Consent.purpose == ConsentPurpose.MATCHING,
        Consent.withdrawn_at.is_(None),
        or_(Consent.expires_at.is_(None), Consent.expires_at > now),
    )


def _consented_ids(org_id: int, now: datetime) -> Select[tuple[int]]:
    return select(Consent.candidate_id).where(
        Consent.organization_id == org_id, *_active_matching(now)
    )


#: Columns of a candidate and of each profile item the library reads (see candidate_profile),
#: with the order items come in (that of the Candidate relationships).
_CANDIDATE_COLUMNS = (
    "id",
    "headline",
    "summary",
    "city",
    "region",
    "hours_per_week",
    "schedule",
    "work_mode",
    "interested_volunteer",
    "interested_staff",
    "interested_board",
)
_ITEM_COLUMNS: dict[str, tuple[type[Any], tuple[str, ...], tuple[str, ...]]] = {
    "positions": (
        Position,
        (
            *("id", "title", "company", "description", "started_on", "finished_on"),
            *("is_current", "title_concept", "source"),
        ),
        ("started_on",),
    ),
    "skills": (CandidateSkill, ("label", "concept_id", "source"), ()),
    "languages": (CandidateLanguage, ("language", "level", "source"), ()),
    "volunteering": (
        Volunteering,
        (
            "role",
            "organization_name",
            "description",
            "started_on",
            "finished_on",
            "source",
            "cause",
        ),
        (),
    ),
    "causes": (CandidateCause, ("cause",), ()),
    "board_services": (
        BoardService,
        ("organization_name", "role", "committee", "started_on", "finished_on", "source"),
        (),
    ),
}


def _matchable(
    org_id: int, now: datetime, ids: Iterable[int] | None = None
) -> list[tuple[CandidateProfile, datetime | None]]:
    """The profiles of the candidates with an active matching consent, and when it ends.

    Read as plain rows, one query per table, into what ``candidate_profile`` reads:
    no ORM object is made, which matters when a whole organization is indexed.
    """
    who = Candidate.id.in_(_consented_ids(org_id, now))
    if ids is not None:
        who = and_(who, Candidate.id.in_(list(ids)))
    matchable = select(Candidate.id).where(Candidate.organization_id == org_id, who)
    columns = [getattr(Candidate, name) for name in _CANDIDATE_COLUMNS]
    rows = db.session.execute(
        select(*columns).where(Candidate.organization_id == org_id, who).order_by(Candidate.id)
    )
    people = {
        row.id: SimpleNamespace(**row._asdict(), **{name: [] for name in _ITEM_COLUMNS})
        for row in rows
    }
    for name, (model, fields, order) in _ITEM_COLUMNS.items():
        item_rows = db.session.execute(
            select(model.candidate_id, *(getattr(model, f) for f in fields))
            .where(model.candidate_id.in_(matchable))
            .order_by(model.candidate_id, *(getattr(model, f) for f in order), model.id)
        )
        for row in item_rows:
            person = people.get(row.candidate_id)  # None: consented since the first query
            if person is not None:
                getattr(person, name).append(row)
    ends: dict[int, list[datetime | None]] = {}
    consents = select(Consent.candidate_id, Consent.expires_at).where(
        Consent.candidate_id.in_(matchable), *_active_matching(now)
    )
    for candidate_id, expires_at in db.session.execute(consents):
        ends.setdefault(candidate_id, []).append(expires_at)
    return [
        (candidate_profile(person), _consent_ends(ends.get(person.id, [])))  # type: ignore[arg-type]
        for person in people.values()
    ]


def _consent_ends(expiries: list[datetime | None]) -> datetime | None:
    """When a matching consent runs out, from the active ones' expiries (None: it does not)."""
    return None if not expiries or None in expiries else max(e for e in expiries if e)


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
    #: Rankings already computed on this index: (repr of the RoleSpec, top) -> matches.
    rankings: OrderedDict[tuple[str, int], list[Match]] = field(default_factory=OrderedDict)
    #: Scoreboards already computed on this index, by repr of the RoleSpec.
    boards: OrderedDict[str, _Board] = field(default_factory=OrderedDict)


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

    loaded = _matchable(org.id, now)
    index = CandidateIndex.build([profile for profile, _ in loaded], taxonomy=taxonomy())
    ends = _earliest(*(end for _, end in loaded))
    ids = {profile.id for profile, _ in loaded}
    return _Entry(org.created_at, index.as_of_, version, index, ids, ends)


def _apply(entry: _Entry, org: Organization, changed: list[int], now: datetime) -> None:
    entry.rankings.clear()  # made on the index as it was
    entry.boards.clear()
    found = {profile.id: (profile, end) for profile, end in _matchable(org.id, now, changed)}
    for candidate_id in changed:
        if candidate_id in found:
            profile, end = found[candidate_id]
            entry.index.update(profile)
            entry.ids.add(candidate_id)
            entry.valid_until = _earliest(entry.valid_until, end)
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
            if len(entry.ids) >= FREEZE_FROM:
                _out_of_gc_sight()
        yield entry


def _out_of_gc_sight() -> None:
    """Keep the cyclic garbage collector from walking a big index again and again.

    An index holds hundreds of thousands of small objects; every full collection
    would walk them all (a pause of a hundred milliseconds or more, every few dozen
    requests). ``gc.freeze`` sets everything alive aside for good. What an earlier
    call set aside is handed back first and collected, so an index replaced since
    (or cyclic garbage frozen along with it) is not kept forever.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


# --- rankings and explanations ---------------------------------------------------------


def ranked_matches(org: Organization, role: Role, *, top: int | None = 50) -> list[Match]:
    """The organization's consenting candidates for ``role``, best first (all if top is None)."""
    with _fresh_entry(org) as entry:
        return _rank(org, entry, role, top)


def _rank(org: Organization, entry: _Entry, role: Role, top: int | None) -> list[Match]:
    spec = _spec(org, role)  # also loads the role's skills and languages for the page
    if not entry.ids:
        return []
    matches = _remembered_rank(entry, spec, top or len(entry.ids))
    # A consent withdrawn by a service that forgot to touch must still hide the person.
    consented = still_consenting(org, [m.candidate_id for m in matches])
    return [m for m in matches if m.candidate_id in consented]


def _remembered_rank(entry: _Entry, spec: RoleSpec, top: int) -> list[Match]:
    """``entry.index.rank(spec, top=top)``, computed once per state of the index.

    The caller holds the entry's lock. The key is the spec's ``repr``: equal reprs
    mean equal fields, so a ranking is never served for another role or weights
    (a spec written differently only misses the cache).
    """
    key = (repr(spec), top)
    matches = entry.rankings.get(key)
    if matches is None:
        matches = entry.rankings[key] = entry.index.rank(spec, top=top)
        while len(entry.rankings) > RANKINGS_KEPT:
            entry.rankings.popitem(last=False)
    else:
        entry.rankings.move_to_end(key)
    return matches


def still_consenting(org: Organization, candidate_ids: Iterable[int]) -> set[int]:
    """Which of these candidates of ``org`` hold an active matching consent right now.

    For the rows a page is about to show (a change that forgot to :func:`touch` must
    not show anyone who withdrew). Up to ``CONSENT_CHECK_BY_ID`` ids are looked up by
    candidate, the organization checked on the rows: with the organization in the
    WHERE clause, SQLite reads all of the organization's consents instead.
    """
    ids, now = list(candidate_ids), utcnow()
    if len(ids) > CONSENT_CHECK_BY_ID:
        return set(db.session.scalars(_consented_ids(org.id, now))) & set(ids)
    rows = db.session.execute(
        select(Consent.candidate_id, Consent.organization_id).where(
            Consent.candidate_id.in_(ids), *_active_matching(now)
        )
    )
    return {candidate_id for candidate_id, org_id in rows if org_id == org.id}


# --- every candidate scored, a few explained ---------------------------------------------


@dataclass
class _Board:
    plan: RolePlan
    ids: NDArray[np.int64]
    scores: NDArray[np.float64]
    explained: dict[int, Match]


class Scoreboard:
    """Every candidate of the index scored for one role, best first; explanations on demand.

    Only valid inside :func:`scoreboard`'s ``with`` block (the index is locked there).

    Attributes
    ----------
    ids : numpy array of int64, read-only
        Candidate ids in ``CandidateIndex.rank``'s order: every requirement met first,
        then by score, coverage (highest first) and id.
    scores : numpy array of float64, read-only
        Their scores 0–100, rounded to 9 decimals as the ranking rounds them.
    """

    def __init__(self, entry: _Entry, board: _Board) -> None:
        self._entry, self._board = entry, board
        self.ids, self.scores = board.ids, board.scores

    def explain(self, candidate_ids: Iterable[int]) -> dict[int, Match]:
        """The matches of these candidates (each one in the index), as the ranking explains them."""
        index, board = self._entry.index, self._board
        found: dict[int, Match] = {}
        for candidate_id in candidate_ids:
            match = board.explained.get(candidate_id)
            if match is None:
                match = explain(
                    board.plan,
                    index._profiles[candidate_id],
                    index._read_back(candidate_id),
                    text_model=index.text_model_,
                )
                if len(board.explained) < EXPLANATIONS_KEPT:
                    board.explained[candidate_id] = match
            found[candidate_id] = match
        return found


@contextmanager
def scoreboard(org: Organization, role: Role) -> Iterator[Scoreboard]:
    """The organization's indexed candidates scored for ``role``, for filtering and paging.

    Scoring everyone is one vectorized pass (remembered until the index or the role
    changes); only the candidates a page shows need :meth:`Scoreboard.explain`.
    Candidates are those of the index: check matching consent on the ones shown, as
    :func:`ranked_matches` does, in case a change forgot to :func:`touch`.
    """
    with _fresh_entry(org) as entry:
        yield Scoreboard(entry, _board(entry, _spec(org, role)))


def _board(entry: _Entry, spec: RoleSpec) -> _Board:
    key = repr(spec)  # see _remembered_rank
    board = entry.boards.get(key)
    if board is not None:
        entry.boards.move_to_end(key)
        return board
    # CandidateIndex.rank's arithmetic without its explanations: the library has no
    # public call for it yet (it should offer ``CandidateIndex.scores``/``.explain``).
    index = entry.index
    plan = plan_role(spec, taxonomy=index._taxonomy)
    index._consolidate()
    parts = [index._score_block(b, plan) for b in index._blocks]
    if parts:
        ids, scores, coverage, unmet = (np.concatenate(p) for p in zip(*parts, strict=True))
        scores, coverage = np.round(scores, 9), np.round(coverage, 9)
        order = np.lexsort((ids, -coverage, -scores, unmet))
        ids, scores = ids[order].astype(np.int64), scores[order]
    else:
        ids, scores = np.zeros(0, dtype=np.int64), np.zeros(0)
    ids.flags.writeable = scores.flags.writeable = False
    board = entry.boards[key] = _Board(plan, ids, scores, {})
    while len(entry.boards) > RANKINGS_KEPT:
        entry.boards.popitem(last=False)
    return board


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
