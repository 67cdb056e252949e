"""What the ranked list's filters and sorts read of every candidate, kept per process.

Filtering a ranking of 10,000 candidates row by row in Python, or asking the database
for every candidate's city, languages and availability on each request, would cost
more than the ranking itself. So each worker keeps, per organization, a table of
those facts in arrays (one row per candidate) and filters with numpy.

The table follows ``MatchingState.version`` exactly as the matching index does
(:mod:`app.services.matching`): every service that changes candidates or their
items calls ``matching.touch``. A step naming its candidates reloads only them; any
other gap reloads everything. Candidates the table does not know yet (added by a
service that forgot to touch) are loaded when a ranking names them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Row, select

from app.extensions import db
from app.importers.vocab import plain_words
from app.models import Candidate, CandidateLanguage, LanguageLevel, MatchingState, Organization

Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

SCHEDULE_BITS = {"weekdays": 1, "evenings": 2, "weekends": 4}
INTEREST_BITS = {"volunteer": 1, "staff": 2, "board": 4}
#: Work modes of candidates open to remote work.
REMOTE_MODES = frozenset({"remote", "hybrid", "any"})
LEVELS = {level: n for n, level in enumerate(LanguageLevel, start=1)}
#: A language spoken at a level nobody gave: enough for "speaks", not for "at least".
UNKNOWN_LEVEL = 255


@dataclass(frozen=True)
class Filters:
    """What a recruiter narrowed the ranked list to; every field optional (None, empty)."""

    #: Stage keys; "new" also stands for candidates nobody has considered yet.
    stages: frozenset[str] = frozenset()
    #: ISO 639-1 code, and the lowest level accepted (any level when None).
    lang: str | None = None
    level: LanguageLevel | None = None
    #: Part of the city or region, accents and case ignored.
    place: str = ""
    remote: bool = False
    #: At least this many hours a week.
    hours: int | None = None
    #: Available at every one of these times ("weekdays", "evenings", "weekends").
    schedule: frozenset[str] = frozenset()
    min_score: int | None = None
    source: str | None = None
    #: Interested in this kind of role ("volunteer", "staff", "board").
    interest: str | None = None

    @property
    def active(self) -> bool:
        return self != Filters()


@dataclass(frozen=True)
class Fact:
    """One candidate's row of the table."""

    city: str
    region: str
    work_mode: str
    hours: int
    schedule: int
    source: str
    interests: int
    languages: tuple[tuple[str, int], ...]
    sort_name: str
    updated: float


@dataclass
class FactsTable:
    """Every known candidate's facts as arrays, rows in increasing candidate id."""

    facts: dict[int, Fact]
    ids: Ints = field(init=False)

    def __post_init__(self) -> None:
        ids = sorted(self.facts)
        rows = [self.facts[i] for i in ids]
        self.ids = np.array(ids, dtype=np.int64)
        self._cities, self._city = _codes(f.city for f in rows)
        self._regions, self._region = _codes(f.region for f in rows)
        self._remote = np.array([f.work_mode in REMOTE_MODES for f in rows], dtype=bool)
        self._hours = np.array([f.hours for f in rows], dtype=np.int32)
        self._schedule = np.array([f.schedule for f in rows], dtype=np.uint8)
        self._sources, self._source = _codes(f.source for f in rows)
        self._interests = np.array([f.interests for f in rows], dtype=np.uint8)
        self._levels: dict[str, NDArray[np.uint8]] = {}
        for row, fact in enumerate(rows):
            for code, level in fact.languages:  # one claim per language (a unique constraint)
                self._levels.setdefault(code, np.zeros(len(rows), dtype=np.uint8))[row] = level
        names = sorted(range(len(rows)), key=lambda n: (rows[n].sort_name, ids[n]))
        self._name_rank = np.empty(len(rows), dtype=np.int64)
        self._name_rank[names] = np.arange(len(rows))
        self._updated = np.array([f.updated for f in rows], dtype=np.float64)

    def rows(self, candidate_ids: Ints) -> Ints:
        """Each candidate's row, or -1 for a candidate the table does not hold."""
        if not len(self.ids):
            return np.full(len(candidate_ids), -1, dtype=np.int64)
        rows = np.searchsorted(self.ids, candidate_ids)
        rows = np.minimum(rows, len(self.ids) - 1)
        return np.where(self.ids[rows] == candidate_ids, rows, -1)

    def keep(self, rows: Ints, filters: Filters) -> Bools:
        """Which of ``rows`` pass the filters on profile facts (not stage nor score)."""
        ok = rows >= 0
        if filters.place:
            wanted = plain_words(filters.place)
            cities = [n for n, city in enumerate(self._cities) if wanted in city]
            regions = [n for n, region in enumerate(self._regions) if wanted in region]
            ok &= np.isin(self._city[rows], cities) | np.isin(self._region[rows], regions)
        if filters.remote:
            ok &= self._remote[rows]
        if filters.hours is not None:
            ok &= self._hours[rows] >= filters.hours
        if filters.schedule:
            bits = sum(SCHEDULE_BITS[s] for s in filters.schedule)
            ok &= (self._schedule[rows] & bits) == bits
        if filters.source:
            sources = [n for n, source in enumerate(self._sources) if source == filters.source]
            ok &= np.isin(self._source[rows], sources)
        if filters.interest:
            ok &= (self._interests[rows] & INTEREST_BITS[filters.interest]) > 0
        if filters.lang:
            ok &= self._speaks(rows, filters.lang, filters.level)
        return ok

    def _speaks(self, rows: Ints, lang: str, level: LanguageLevel | None) -> Bools:
        spoken = self._levels.get(lang)
        if spoken is None:
            return np.zeros(len(rows), dtype=bool)
        have = spoken[rows]
        if level is None:
            return have > 0
        return (have >= LEVELS[level]) & (have != UNKNOWN_LEVEL)

    def name_rank(self, rows: Ints) -> Ints:
        """Alphabetical place (last name, first name) of each row."""
        return self._name_rank[rows]

    def updated(self, rows: Ints) -> NDArray[np.float64]:
        """When each row's profile last changed (a timestamp)."""
        return self._updated[rows]


def _codes(values: Iterable[str]) -> tuple[list[str], NDArray[np.int32]]:
    """Distinct values and each row's index among them (few distinct cities, many rows)."""
    distinct: dict[str, int] = {}
    codes = [distinct.setdefault(v, len(distinct)) for v in values]
    return list(distinct), np.array(codes, dtype=np.int32)


# --- loading -----------------------------------------------------------------------------


def load_facts(org_id: int, ids: Iterable[int] | None = None) -> dict[int, Fact]:
    """The facts of the organization's candidates (of ``ids`` only, when given)."""
    people = select(
        Candidate.id,
        Candidate.city,
        Candidate.region,
        Candidate.work_mode,
        Candidate.hours_per_week,
        Candidate.schedule,
        Candidate.source,
        Candidate.interested_volunteer,
        Candidate.interested_staff,
        Candidate.interested_board,
        Candidate.first_name,
        Candidate.last_name,
        Candidate.updated_at,
    ).where(Candidate.organization_id == org_id)
    spoken = select(
        CandidateLanguage.candidate_id, CandidateLanguage.language, CandidateLanguage.level
    ).where(CandidateLanguage.organization_id == org_id)
    if ids is not None:
        wanted = list(ids)
        people = people.where(Candidate.id.in_(wanted))
        spoken = spoken.where(CandidateLanguage.candidate_id.in_(wanted))
    languages: dict[int, list[tuple[str, int]]] = {}
    for candidate_id, code, level in db.session.execute(spoken):
        known = LEVELS[level] if level else UNKNOWN_LEVEL
        languages.setdefault(candidate_id, []).append((code, known))
    return {row.id: _fact(row, languages.get(row.id, ())) for row in db.session.execute(people)}


def _fact(row: Row[Any], languages: Iterable[tuple[str, int]]) -> Fact:
    interests = {
        "volunteer": row.interested_volunteer,
        "staff": row.interested_staff,
        "board": row.interested_board,
    }
    return Fact(
        city=plain_words(row.city or ""),
        region=plain_words(row.region or ""),
        work_mode=row.work_mode.value if row.work_mode else "",
        hours=-1 if row.hours_per_week is None else row.hours_per_week,
        schedule=sum(SCHEDULE_BITS.get(s, 0) for s in set(row.schedule or ())),
        source=row.source.value,
        interests=sum(INTEREST_BITS[k] for k, yes in interests.items() if yes),
        languages=tuple(languages),
        sort_name=plain_words(f"{row.last_name} {row.first_name}"),
        updated=row.updated_at.timestamp(),
    )


# --- the per-process cache -----------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    org_created_at: datetime
    version: int
    table: FactsTable


_CACHE: dict[tuple[str, int], _Entry] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def facts_table(org: Organization) -> FactsTable:
    """The organization's facts, up to date with its matching version."""
    row = db.session.execute(
        select(MatchingState.version, MatchingState.changed_candidate_ids).where(
            MatchingState.organization_id == org.id
        )
    ).first()
    version, changed = (row.version, list(row.changed_candidate_ids or ())) if row else (0, [])
    key = (str(db.engine.url), org.id)
    with _LOCK:
        entry = _CACHE.get(key)
    if entry is not None and entry.org_created_at != org.created_at:
        entry = None
    if entry is not None and entry.version == version:
        return entry.table
    if entry is not None and changed and version == entry.version + 1:
        facts = _replace(entry.table.facts, load_facts(org.id, changed), changed)
    else:
        facts = load_facts(org.id)
    table = FactsTable(facts)
    with _LOCK:
        _CACHE[key] = _Entry(org.created_at, version, table)
    return table


def with_candidates(org: Organization, table: FactsTable, ids: Ints) -> FactsTable:
    """``table`` holding ``ids`` too: candidates it missed are loaded (and kept)."""
    wanted = np.asarray(ids, dtype=np.int64)
    missing = wanted[table.rows(wanted) < 0].tolist()
    if not missing:
        return table
    grown = FactsTable({**table.facts, **load_facts(org.id, missing)})
    key = (str(db.engine.url), org.id)
    with _LOCK:
        entry = _CACHE.get(key)
        if entry is not None and entry.table is table:
            _CACHE[key] = _Entry(entry.org_created_at, entry.version, grown)
    return grown


def _replace(
    facts: Mapping[int, Fact], fresh: Mapping[int, Fact], changed: Iterable[int]
) -> dict[int, Fact]:
    updated = dict(facts)
    for candidate_id in changed:
        updated.pop(candidate_id, None)
    updated.update(fresh)
    return updated
