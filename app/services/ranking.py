"""What the ranking pages and the ``rank`` command show: pages of candidates and explanations."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Candidate, ConsentPurpose, Organization, Role
from app.services import matching
from matching.types import Match


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


@dataclass(frozen=True)
class RankingPage:
    entries: list[RankedCandidate]
    total: int
    page: int
    pages: int


def ranked_candidates(
    org: Organization, role: Role, *, top: int | None = 50
) -> list[RankedCandidate]:
    """The best ``top`` candidates (all if None) with their rows, best first."""
    return ranking_page(org, role, page=1, per_page=top).entries


def ranking_page(
    org: Organization, role: Role, *, page: int = 1, per_page: int | None = 25
) -> RankingPage:
    """One page of the ranking with the candidates' rows; a page past the end shows the last.

    Only the candidates up to the end of the page are explained, so the first pages
    stay cheap however many candidates the organization has.
    """
    total = matching.matchable_count(org)
    size = per_page or max(total, 1)
    pages = max(1, math.ceil(total / size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    chunk = matching.ranked_matches(org, role, top=page * size)[start:]
    rows = db.session.scalars(
        select(Candidate).where(
            Candidate.organization_id == org.id,
            Candidate.id.in_([m.candidate_id for m in chunk]),
        )
    )
    by_id = {c.id: c for c in rows}
    entries = [
        RankedCandidate(start + n, by_id[m.candidate_id], m)
        for n, m in enumerate(chunk, start=1)
        if m.candidate_id in by_id
    ]
    return RankingPage(entries, total, page, pages)


@dataclass(frozen=True)
class SkillLine:
    """A role skill the candidate has: in their words, and as the taxonomy names it."""

    role_skill: str
    candidate_label: str
    concept_label: str
    credit: float
    source: str


@dataclass(frozen=True)
class Explanation:
    candidate: Candidate
    match: Match
    skills: tuple[SkillLine, ...]

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
    return Explanation(candidate, match, skills)
