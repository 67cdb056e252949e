"""A small bilingual taxonomy and plain factories for the matching tests.

The fake taxonomy knows a handful of skills, titles and causes, each with French
and English labels; it recognizes a label by its match key (case, accents,
plurals and feminine forms fold away), exactly and nothing else.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from matching.text import match_key
from matching.types import (
    BoardServiceRecord,
    CandidateProfile,
    ConceptMatch,
    LanguageClaim,
    PositionRecord,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
    TaxonomyLike,
)

AS_OF = date(2025, 6, 1)

#: concept id -> (kind, English labels, French labels)
CONCEPTS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "sk:accounting": ("skill", ("accounting",), ("comptabilité",)),
    "sk:bookkeeping": ("skill", ("bookkeeping",), ("tenue de livres",)),
    "sk:volunteers": ("skill", ("volunteer management",), ("gestion des bénévoles",)),
    "sk:fundraising": ("skill", ("fundraising",), ("collecte de fonds",)),
    "sk:events": ("skill", ("event planning",), ("organisation d'événements",)),
    "sk:social-media": ("skill", ("social media",), ("médias sociaux",)),
    "sk:first-aid": ("skill", ("first aid",), ("premiers soins",)),
    "sk:translation": ("skill", ("translation",), ("traduction",)),
    "ti:accountant": ("title", ("accountant",), ("comptable",)),
    "ti:coordinator": ("title", ("volunteer coordinator",), ("coordonnateur des bénévoles",)),
    "ti:director": ("title", ("executive director",), ("directeur général",)),
    "ti:cook": ("title", ("cook",), ("cuisinier",)),
    "ca:food": ("cause", ("food security",), ("sécurité alimentaire",)),
    "ca:poverty": ("cause", ("poverty",), ("pauvreté",)),
    "ca:mental-health": ("cause", ("mental health",), ("santé mentale",)),
    "ca:environment": ("cause", ("environment",), ("environnement",)),
}
RELATED = {
    "sk:accounting": ("sk:bookkeeping",),
    "sk:bookkeeping": ("sk:accounting",),
    "ti:accountant": ("ti:director",),
    "ti:director": ("ti:accountant",),
    "ca:food": ("ca:poverty",),
    "ca:poverty": ("ca:food",),
}


def labels(concept_id: str, lang: str) -> tuple[str, ...]:
    _, en, fr = CONCEPTS[concept_id]
    return fr if lang == "fr" else en


class FakeTaxonomy:
    """Exact look-up of the labels above; the kind of concept must match the question."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], tuple[str, str]] = {}
        for cid, (kind, en, fr) in CONCEPTS.items():
            for label in (*en, *fr):
                self.by_key[(kind, match_key(label))] = (cid, label)

    def _find(self, kind: str, text: str) -> list[ConceptMatch]:
        hit = self.by_key.get((kind, match_key(text)))
        if hit is None:
            return []
        return [ConceptMatch(hit[0], hit[1], 1.0, "exact", hit[1])]

    def normalize_skill(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        return self._find("skill", text)[:limit]

    def normalize_title(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        return self._find("title", text)[:limit]

    def normalize_cause(self, text: str) -> str | None:
        found = self._find("cause", text)
        return found[0].concept_id if found else None

    def related(self, concept_id: str) -> tuple[str, ...]:
        return RELATED.get(concept_id, ())

    def label(self, concept_id: str, lang: str = "en") -> str:
        return labels(concept_id, lang)[0] if concept_id in CONCEPTS else concept_id


def make_profile(**overrides: Any) -> CandidateProfile:
    """A candidate with nothing filled in but what the test says."""
    overrides.setdefault("id", 1)
    return CandidateProfile(**overrides)


def make_role(**overrides: Any) -> RoleSpec:
    """A volunteer role titled "Bénévole" with nothing else but what the test says."""
    overrides.setdefault("id", 1)
    overrides.setdefault("kind", "volunteer")
    overrides.setdefault("title", "Bénévole")
    return RoleSpec(**overrides)


@pytest.fixture(scope="session")
def taxonomy() -> FakeTaxonomy:
    return FakeTaxonomy()


@pytest.fixture(scope="session")
def real_taxonomy() -> TaxonomyLike:
    """The packaged taxonomy."""
    from matching.taxonomy import load_default

    return load_default()


# -- random but realistic data, shared by the index tests and the properties ------------------

SKILL_WORDINGS = [w for cid, (kind, en, fr) in CONCEPTS.items() if kind == "skill" for w in en + fr]
SKILL_WORDINGS += ["Excel", "cuisine", "jardinage", "soutien scolaire"]
TITLE_WORDINGS = [w for cid, (kind, en, fr) in CONCEPTS.items() if kind == "title" for w in en + fr]
TITLE_WORDINGS += ["Bénévole", "Caissier", "Animatrice"]
CAUSE_WORDINGS = [w for cid, (kind, en, fr) in CONCEPTS.items() if kind == "cause" for w in en + fr]
CAUSE_WORDINGS += ["loisirs des aînés"]
WORDS = ["cuisine", "budget", "équipe", "accueil", "clients", "rapports", "communauté"]
WORDS += ["dons", "jeunes", "aînés"]
PLACES = [
    ("Montréal", "Montréal"),
    ("Verdun", "Montréal"),
    ("Laval", "Laval"),
    ("Québec", "Capitale-Nationale"),
    ("", ""),
]
MODES = [None, "in_person", "remote", "hybrid", "any"]
SCHEDULES = ["weekdays", "evenings", "weekends"]


def random_profile(rng: random.Random, candidate_id: int) -> CandidateProfile:
    """A candidate of realistic shape, often incomplete, from the fake taxonomy's words."""

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS + SKILL_WORDINGS) for _ in range(n))

    positions = []
    for _ in range(rng.randint(0, 3)):
        start = date(rng.randint(2008, 2024), rng.randint(1, 12), 1)
        end = None if rng.random() < 0.4 else date(min(2025, start.year + rng.randint(0, 4)), 6, 1)
        dated = rng.random() < 0.9
        positions.append(
            PositionRecord(
                rng.choice(TITLE_WORDINGS),
                company="Org",
                description=words(rng.randint(0, 6)),
                start=start if dated else None,
                end=end if dated else None,
                source="Positions.csv",
            )
        )
    city, region = rng.choice(PLACES)
    return CandidateProfile(
        id=candidate_id,
        headline=words(rng.randint(0, 3)),
        summary=words(rng.randint(0, 8)),
        city=city,
        region=region,
        skills=tuple(
            SkillClaim(s, source="Skills.csv")
            for s in rng.sample(SKILL_WORDINGS, rng.randint(0, 5))
        ),
        positions=tuple(positions),
        languages=tuple(
            LanguageClaim(code, rng.choice([None, 1, 2, 3, 4, 5]))
            for code in rng.sample(["fr", "en", "Español"], rng.randint(0, 2))
        ),
        causes=tuple(rng.sample(CAUSE_WORDINGS, rng.randint(0, 2))),
        board_services=tuple(
            BoardServiceRecord("CA", role=rng.choice(["member", "Trésorière", "Chair"]))
            for _ in range(rng.choice([0, 0, 1, 2]))
        ),
        hours_per_week=rng.choice([None, 2, 4, 8, 20, 35]),
        schedule=frozenset(rng.sample(SCHEDULES, rng.randint(0, 3))),
        work_mode=rng.choice(MODES),
    )


def random_role(rng: random.Random, role_id: int, kind: str) -> RoleSpec:
    """A role of the given kind asking for a random mix of what the components read."""
    city, region = rng.choice(PLACES[:-1])
    return RoleSpec(
        id=role_id,
        kind=kind,  # type: ignore[arg-type]
        title=rng.choice(TITLE_WORDINGS),
        description=" ".join(rng.sample(WORDS, 4)),
        skills=tuple(
            RoleSkillSpec(s, required=rng.random() < 0.3)
            for s in rng.sample(SKILL_WORDINGS, rng.randint(0, 4))
        ),
        languages=tuple(
            RoleLanguageSpec(code, rng.choice([None, 3, 4]), required=rng.random() < 0.3)
            for code in rng.sample(["French", "English"], rng.randint(0, 2))
        ),
        city=city if rng.random() < 0.7 else "",
        region=region,
        work_mode=rng.choice(MODES[1:]),  # type: ignore[arg-type]
        hours_per_week=rng.choice([None, 4, 8, 35]),
        schedule=frozenset(rng.sample(SCHEDULES, rng.randint(0, 2))),
        cause=rng.choice(["", *CAUSE_WORDINGS]),
        min_years_experience=rng.choice([None, 1, 3, 5]),
    )
