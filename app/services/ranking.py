"""What the ranking pages and the ``rank`` command show: pages of candidates and explanations.

A page of the ranked list costs one ranking (every consenting candidate scored at
once by the organization's index, without explanations), the filters applied to
those scores and to the per-process table of candidate facts
(:mod:`app.services.candidate_facts`), and explanations for the page's rows only;
then one query for the page's candidates and one for the role's applications.
"""

from __future__ import annotations

import math
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import load_only

from app.extensions import db
from app.models import Application, Candidate, Consent, ConsentPurpose, Organization, Role
from app.models.base import utcnow
from app.services import candidate_facts, matching, pipeline
from app.services.candidate_facts import Filters
from matching.components import RolePlan, plan_role
from matching.scoring import explain as explain_match
from matching.types import Match

__all__ = [
    "SORTS",
    "Explanation",
    "Filters",
    "MissingSkill",
    "RankedCandidate",
    "RankingPage",
    "Row",
    "SkillLine",
    "criteria",
    "explain",
    "ranked_candidates",
    "ranking_page",
]

#: How the ranked list can be ordered; the first is the default.
SORTS = ("score", "name", "updated")
#: A candidate without an application is where "new" ones are: not considered yet.
NOT_CONSIDERED = pipeline.NEW


def criteria(match: Match) -> tuple[int, int]:
    """(criteria with data on both sides, criteria that weigh): "based on 4 of 7 criteria"."""
    weighing = [c for c in match.components.values() if c.weight > 0]
    return sum(1 for c in weighing if c.score is not None), len(weighing)


@dataclass(frozen=True)
class RankedCandidate:
    rank: int
    candidate: Candidate
    match: Match

    @property
    def criteria(self) -> tuple[int, int]:
        return criteria(self.match)


def ranked_candidates(
    org: Organization, role: Role, *, top: int | None = 50
) -> list[RankedCandidate]:
    """The best ``top`` candidates (all if None) with their rows, best first."""
    matches = matching.ranked_matches(org, role, top=top)
    rows = db.session.scalars(
        select(Candidate).where(
            Candidate.organization_id == org.id,
            Candidate.id.in_([m.candidate_id for m in matches]),
        )
    )
    by_id = {c.id: c for c in rows}
    found = [m for m in matches if m.candidate_id in by_id]
    return [RankedCandidate(n, by_id[m.candidate_id], m) for n, m in enumerate(found, start=1)]


# --- a page of the ranked list ----------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the ranked list.

    ``candidate`` holds only the columns a row shows (id, names, when updated);
    ``hidden`` says blind review still hides who they are.
    """

    rank: int
    candidate: Candidate
    match: Match
    application: Application | None
    hidden: bool

    @property
    def criteria(self) -> tuple[int, int]:
        return criteria(self.match)


@dataclass(frozen=True)
class RankingPage:
    rows: list[Row]
    #: Candidates passing the filters (all consenting ones without filters).
    total: int
    #: Consenting candidates ranked, before the filters.
    ranked: int
    page: int
    pages: int
    per_page: int


def ranking_page(
    org: Organization,
    role: Role,
    *,
    filters: Filters | None = None,
    sort: str = "score",
    page: int = 1,
    per_page: int = 25,
) -> RankingPage:
    """One page of the role's ranking, filtered then sorted; a page past the end shows the last.

    The stage filter reads the role's applications: a candidate nobody considered yet
    has no application and counts as "new". ``min_score`` keeps scores at or above it.
    Sorting by name is alphabetical by last name; by "updated", the most recently
    changed profiles first; by score, the library's order (requirements met first).
    """
    filters = filters or Filters()
    applications = _applications(org, role)
    table = candidate_facts.facts_table(org)
    with _scoreboard(org, role) as board:
        ids, scores = board.order()
        at = table.rows(ids)
        if (at < 0).any():  # someone added candidates without saying so (no touch)
            table = candidate_facts.with_candidates(org, table, ids)
            at = table.rows(ids)
        chosen = _choose(table, at, ids, scores, filters, applications, sort)
        pages = max(1, math.ceil(len(chosen) / per_page))
        page = min(max(page, 1), pages)
        start = (page - 1) * per_page
        page_ids = chosen[start : start + per_page].tolist()
        matches = board.explain(page_ids)
    people = _page_candidates(org, page_ids)
    rows = []
    for n, candidate_id in enumerate(page_ids, start=start + 1):
        candidate = people.get(candidate_id)
        if candidate is None:  # consent withdrawn by a change that forgot to say so
            continue
        application = applications.get(candidate_id)
        hidden = pipeline.identity_hidden(role, application)
        rows.append(Row(n, candidate, matches[candidate_id], application, hidden))
    return RankingPage(rows, len(chosen), len(ids), page, pages, per_page)


def _choose(
    table: candidate_facts.FactsTable,
    rows: NDArray[np.int64],
    ids: NDArray[np.int64],
    scores: NDArray[np.float64],
    filters: Filters,
    applications: dict[int, Application],
    sort: str,
) -> NDArray[np.int64]:
    """The ids passing the filters, in the order asked for (``rows``: theirs in ``table``)."""
    keep = table.keep(rows, filters) if filters.active else np.ones(len(ids), dtype=bool)
    if filters.min_score is not None:
        # Scores are rounded as the page shows them: 19.6 shows as 20 and passes "20".
        keep &= np.round(scores) >= filters.min_score
    if filters.stages:
        keep &= _at_stages(ids, filters.stages, applications)
    chosen, rows = ids[keep], rows[keep]
    if sort == "name":
        return chosen[np.argsort(table.name_rank(rows), kind="stable")]
    if sort == "updated":
        return chosen[np.argsort(-table.updated(rows), kind="stable")]
    return chosen


def _at_stages(
    ids: NDArray[np.int64], stages: frozenset[str], applications: dict[int, Application]
) -> NDArray[np.bool_]:
    at = [cid for cid, a in applications.items() if a.stage in stages]
    keep = np.isin(ids, np.array(at, dtype=np.int64))
    if NOT_CONSIDERED in stages:
        considered = np.array(list(applications), dtype=np.int64)
        keep |= ~np.isin(ids, considered)
    return keep


def _applications(org: Organization, role: Role) -> dict[int, Application]:
    """The role's applications by candidate: their stage, and whether identity is revealed."""
    rows = db.session.scalars(
        select(Application)
        .options(
            load_only(
                Application.id,
                Application.candidate_id,
                Application.stage,
                Application.revealed_at,
                Application.version,
            )
        )
        .where(Application.organization_id == org.id, Application.role_id == role.id)
    )
    return {a.candidate_id: a for a in rows}


def _page_candidates(org: Organization, ids: list[int]) -> dict[int, Candidate]:
    """The page's candidates, with the columns a row shows, if they still consent."""
    if not ids:
        return {}
    # By candidate only (the outer query keeps to the organization): the index on
    # candidate_id then finds the page's consents instead of scanning the organization's.
    consenting = select(Consent.candidate_id).where(
        Consent.candidate_id.in_(ids),
        Consent.purpose == ConsentPurpose.MATCHING,
        Consent.withdrawn_at.is_(None),
        (Consent.expires_at.is_(None)) | (Consent.expires_at > utcnow()),
    )
    rows = db.session.scalars(
        select(Candidate)
        .options(
            load_only(Candidate.id, Candidate.first_name, Candidate.last_name, Candidate.updated_at)
        )
        .where(
            Candidate.organization_id == org.id,
            Candidate.id.in_(ids),
            Candidate.id.in_(consenting),
        )
    )
    return {c.id: c for c in rows}


# --- scoring everyone, explaining a few ---------------------------------------------------


@dataclass(frozen=True)
class _Scoreboard:
    order: Callable[[], tuple[NDArray[np.int64], NDArray[np.float64]]]
    explain: Callable[[list[int]], dict[int, Match]]


@dataclass
class _Memo:
    """What one index answered at one version: orders by role, and recent explanations."""

    version: int
    orders: dict[str, tuple[NDArray[np.int64], NDArray[np.float64]]] = field(default_factory=dict)
    explained: OrderedDict[tuple[str, int], Match] = field(default_factory=OrderedDict)


#: Per index object: a rebuilt index (or the throw-away one of a transaction) starts afresh.
_MEMOS: weakref.WeakKeyDictionary[Any, _Memo] = weakref.WeakKeyDictionary()
MAX_ORDERS = 64
MAX_EXPLAINED = 1024


@contextmanager
def _scoreboard(org: Organization, role: Role) -> Iterator[_Scoreboard]:
    """Every consenting candidate's score (best first), and explanations of chosen ones.

    ``matching.ranked_matches`` explains every candidate it returns, so a filtered page
    deep in the order would explain thousands. This scores all of them with the
    index's vectorized arithmetic and explains only the page, inside the index's lock;
    both are remembered until the index changes, since recruiters page back and forth.
    It reaches into ``CandidateIndex`` and ``app.services.matching``: the library
    should offer both halves publicly (``CandidateIndex.scores`` / ``.explain``).
    """
    with matching._fresh_entry(org) as entry:
        index = entry.index
        spec = matching._spec(org, role)
        key = repr(spec)  # equal specs read equal: same role, weights and data
        memo = _MEMOS.get(index)
        if memo is None or memo.version != entry.version:
            memo = _MEMOS[index] = _Memo(entry.version)
        plan = plan_role(spec, taxonomy=index._taxonomy)

        def order() -> tuple[NDArray[np.int64], NDArray[np.float64]]:
            if key not in memo.orders:
                if len(memo.orders) >= MAX_ORDERS:
                    memo.orders.clear()
                memo.orders[key] = _order(index, plan)
            return memo.orders[key]

        def explain(ids: list[int]) -> dict[int, Match]:
            found = {}
            for cid in ids:
                match = memo.explained.get((key, cid))
                if match is None:
                    features = index._read_back(cid)
                    text_model = index.text_model_
                    profile = index._profiles[cid]
                    match = explain_match(plan, profile, features, text_model=text_model)
                    memo.explained[(key, cid)] = match
                    if len(memo.explained) > MAX_EXPLAINED:
                        memo.explained.popitem(last=False)
                found[cid] = match
            return found

        yield _Scoreboard(order, explain)


def _order(index: Any, plan: RolePlan) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Ids and scores of every indexed candidate, in ``CandidateIndex.rank``'s order."""
    index._consolidate()
    parts = [index._score_block(b, plan) for b in index._blocks]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ids, scores, coverage, unmet = (np.concatenate(p) for p in zip(*parts, strict=True))
    scores, coverage = np.round(scores, 9), np.round(coverage, 9)
    order = np.lexsort((ids, -coverage, -scores, unmet))
    return ids[order], scores[order]


# --- one candidate for a role ----------------------------------------------------------------


@dataclass(frozen=True)
class SkillLine:
    """A role skill the candidate has: in their words, and as the taxonomy names it."""

    role_skill: str
    candidate_label: str
    concept_label: str
    credit: float
    source: str


@dataclass(frozen=True)
class MissingSkill:
    """A role skill the profile does not show, and its concept in the reader's language."""

    name: str
    concept_label: str
    required: bool


@dataclass(frozen=True)
class Explanation:
    candidate: Candidate
    match: Match
    skills: tuple[SkillLine, ...]
    missing: tuple[MissingSkill, ...] = ()

    @property
    def criteria(self) -> tuple[int, int]:
        return criteria(self.match)


def explain(
    org: Organization, role: Role, candidate: Candidate, *, lang: str
) -> Explanation | None:
    """Why ``candidate`` scores what they do for ``role``; None without matching consent.

    Concepts are named in ``lang``; the score is the one the ranking shows.
    """
    if not candidate.active_consent(ConsentPurpose.MATCHING):
        return None
    match = matching.score_candidate(org, role, candidate)
    skills = tuple(
        SkillLine(
            role_skill=s.role_skill,
            candidate_label=s.candidate_label,
            concept_label=matching.concept_label(s.concept_id, lang),
            credit=s.credit,
            source=s.source,
        )
        for s in match.matched_skills
    )
    asked = {s.name: s for s in role.skills}
    missing = []
    for name in match.missing_skills:
        skill = asked.get(name)
        concept = matching.concept_label(skill.concept_id, lang) if skill else ""
        same = concept.casefold() == name.casefold()
        missing.append(MissingSkill(name, "" if same else concept, bool(skill and skill.required)))
    return Explanation(candidate, match, skills, tuple(missing))
