"""The library's plain data: what goes in (profiles, roles) and what comes out (matches).

Everything here is a frozen dataclass of built-in types, so the web application
builds these from its models and the library never sees a database row.

Language levels follow LinkedIn's five-step scale as integers: 1 elementary,
2 limited working, 3 professional working, 4 full professional, 5 native or
bilingual. Languages are ISO 639-1 codes (``"fr"``, ``"en"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

RoleKind = Literal["volunteer", "staff", "board"]
WorkMode = Literal["in_person", "remote", "hybrid", "any"]

#: The components a match is made of, in the order explanations list them.
COMPONENTS: tuple[str, ...] = (
    "skills",
    "text",
    "experience",
    "languages",
    "availability",
    "location",
    "cause",
    "governance",
    "board_gaps",
)


@dataclass(frozen=True)
class SkillClaim:
    """A skill as the candidate wrote it, and the taxonomy concept it maps to (if any)."""

    label: str
    concept_id: str | None = None
    source: str = ""


@dataclass(frozen=True)
class PositionRecord:
    """A job or volunteer position held; ``end`` is None while it is current."""

    title: str
    company: str = ""
    description: str = ""
    start: date | None = None
    end: date | None = None
    title_concept: str | None = None
    source: str = ""
    item_id: int | None = None


@dataclass(frozen=True)
class LanguageClaim:
    language: str
    level: int | None = None
    source: str = ""


@dataclass(frozen=True)
class BoardServiceRecord:
    """Board or committee service elsewhere: role is member, chair, treasurer, secretary…"""

    organization: str
    role: str = "member"
    committee: str = ""
    start: date | None = None
    end: date | None = None
    source: str = ""


@dataclass(frozen=True)
class CandidateProfile:
    """Everything the matching needs to know about one candidate."""

    id: int
    headline: str = ""
    summary: str = ""
    city: str = ""
    region: str = ""
    skills: tuple[SkillClaim, ...] = ()
    positions: tuple[PositionRecord, ...] = ()
    languages: tuple[LanguageClaim, ...] = ()
    #: Causes from volunteering and "causes you care about", as written.
    causes: tuple[str, ...] = ()
    board_services: tuple[BoardServiceRecord, ...] = ()
    hours_per_week: int | None = None
    #: Any of "weekdays", "evenings", "weekends".
    schedule: frozenset[str] = frozenset()
    work_mode: WorkMode | None = None
    #: Role kinds the candidate said they are interested in.
    interests: frozenset[RoleKind] = frozenset()


@dataclass(frozen=True)
class RoleSkillSpec:
    name: str
    concept_id: str | None = None
    required: bool = False


@dataclass(frozen=True)
class RoleLanguageSpec:
    language: str
    level: int | None = None
    required: bool = False


@dataclass(frozen=True)
class RoleSpec:
    """A role to fill, with the fields of the JSON Resume job format and its extensions."""

    id: int
    kind: RoleKind
    title: str
    description: str = ""
    responsibilities: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    skills: tuple[RoleSkillSpec, ...] = ()
    languages: tuple[RoleLanguageSpec, ...] = ()
    city: str = ""
    region: str = ""
    work_mode: WorkMode = "in_person"
    hours_per_week: int | None = None
    schedule: frozenset[str] = frozenset()
    cause: str = ""
    min_years_experience: int | None = None
    title_concept: str | None = None
    #: Per-role overrides of the default weights, by component name.
    weights: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """Why a component scored what it did: which item, from which source.

    ``text`` is an English sentence for the library's own use (logs, the command
    line). ``code`` names the kind of sentence and ``params`` holds its parts as
    data, so that an application can word it in its reader's language; the codes
    and their parameters are listed in :data:`EVIDENCE_CODES`.
    """

    text: str
    source: str = ""
    item: str = ""
    code: str = ""
    # Not part of the hash: a mapping is not hashable, and text already tells items apart.
    params: Mapping[str, object] = field(default_factory=dict, hash=False)


#: Every ``Evidence.code`` the scorer writes, with the names of its ``params``.
EVIDENCE_CODES: Mapping[str, tuple[str, ...]] = {
    "skill.same": ("skill", "label", "concept"),
    "skill.related": ("skill", "label", "concept"),
    "text.shared": ("concept", "word"),
    "experience.title": ("title", "company", "years"),
    "experience.seniority": ("title", "company", "years"),
    "experience.mentions": ("title", "company", "years", "skill"),
    "language.level": ("language", "level", "wanted"),
    "availability.hours": ("hours", "wanted"),
    "availability.schedule": ("times",),
    "location.lives": ("city", "region"),
    "location.mode": ("mode", "role_mode"),
    "cause.cares": ("cause",),
    "governance.board": ("role", "organization", "committee"),
    "governance.executive": ("title", "company"),
}


@dataclass(frozen=True)
class ComponentScore:
    """One component: its score 0–100, or None when unknown (no data either side)."""

    name: str
    score: float | None
    weight: float
    #: Points this component adds to the final score (0 when unknown).
    contribution: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class SkillMatch:
    """A role skill met by the candidate: their own wording and the concept that links them."""

    role_skill: str
    candidate_label: str
    concept_id: str | None
    credit: float
    source: str = ""


@dataclass(frozen=True)
class Match:
    """A candidate's score for a role, with everything needed to explain it."""

    candidate_id: int
    score: float
    #: Share of the weighted components that had data on both sides (0–1).
    coverage: float
    components: Mapping[str, ComponentScore]
    matched_skills: tuple[SkillMatch, ...] = ()
    missing_skills: tuple[str, ...] = ()
    #: Required items (skills, languages) the candidate does not meet.
    unmet_required: tuple[str, ...] = ()

    @property
    def meets_required(self) -> bool:
        return not self.unmet_required


@dataclass(frozen=True)
class ConceptMatch:
    """Free text recognized as a taxonomy concept, and how sure the recognition is."""

    concept_id: str
    #: The concept's preferred label in the language asked for (or the text's language).
    label: str
    #: 0–1: 1.0 for an exact label or alias, lower for fuzzy matches.
    confidence: float
    #: "exact", "alias" or "fuzzy".
    method: str
    #: The taxonomy label that matched the text.
    matched_label: str = ""


@dataclass(frozen=True)
class Suggestion:
    """A completion offered while a user types a skill or a title."""

    concept_id: str
    label: str


class TaxonomyLike(Protocol):
    """What scoring needs from the taxonomy (``matching.taxonomy.Taxonomy`` provides it)."""

    def normalize_skill(self, text: str, *, limit: int = 1) -> list[ConceptMatch]: ...

    def normalize_title(self, text: str, *, limit: int = 1) -> list[ConceptMatch]: ...

    def normalize_cause(self, text: str) -> str | None: ...

    def related(self, concept_id: str) -> tuple[str, ...]: ...

    def label(self, concept_id: str, lang: str = "en") -> str: ...
