"""A role and a profile, each read once into the plain features every component scores from.

:func:`plan_role` and :func:`profile_features` do all the taxonomy look-ups and
text folding; the reference scorer (:mod:`matching.scoring`) and the vectorized
index (:mod:`matching.index`) both score from what they return, which is what
keeps the two in agreement.

Keys
    Skills, titles and causes become keys: ``"c:<concept id>"`` when the taxonomy
    recognizes them (so French and English meet), and always ``"t:<folded text>"``
    as the fallback for what it does not know.
Text
    Documents are sets of tokens: folded, stemmed words (:func:`matching.text.match_key`)
    plus ``"~<concept id>"`` tokens for recognized skills and titles, weighed by a
    binary TF-IDF (:class:`TextModel`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar, cast

from matching.text import fold, match_key
from matching.types import (
    CandidateProfile,
    ConceptMatch,
    Evidence,
    RoleSpec,
    TaxonomyLike,
    WorkMode,
)
from matching.weights import resolve_weights

__all__ = ["CachedTaxonomy", "NoTaxonomy", "TextModel", "plan_role", "profile_features"]

T = TypeVar("T")

#: Below this confidence a taxonomy match is ignored and the raw text is compared instead.
#: The taxonomy already returns only matches above its calibrated threshold; this is a guard.
MIN_CONFIDENCE = 0.5
#: Credit for a related concept (a skill, title or cause next to the one asked for).
RELATED_CREDIT = 0.5
#: A required skill or language counts this many times a nice-to-have one.
REQUIRED_WEIGHT = 2.0
#: The level assumed for a language claimed without one (professional working).
UNKNOWN_LEVEL = 3
#: Years of experience a board role expects when it names no minimum (seniority).
BOARD_SENIORITY_YEARS = 10.0
SCHEDULE_BITS: Mapping[str, int] = {"weekdays": 1, "evenings": 2, "weekends": 4}
#: How well a candidate's preferred work mode (columns) suits a role's (rows).
MODE_FIT: Mapping[WorkMode, Mapping[WorkMode, float]] = {
    "in_person": {"in_person": 1.0, "hybrid": 1.0, "any": 1.0, "remote": 0.25},
    "hybrid": {"in_person": 1.0, "hybrid": 1.0, "any": 1.0, "remote": 0.5},
    "remote": {"in_person": 0.5, "hybrid": 1.0, "any": 1.0, "remote": 1.0},
    "any": {"in_person": 1.0, "hybrid": 1.0, "any": 1.0, "remote": 1.0},
}
#: Credit for (same region, farther away) by the role's work mode; same city is 1.
PLACE_CREDIT: Mapping[str, tuple[float, float]] = {"in_person": (0.6, 0.0), "hybrid": (0.8, 0.2)}
_LANGUAGE_NAMES = {
    "fr": ("fr", "fra", "fre", "french", "francais"),
    "en": ("en", "eng", "english", "anglais"),
    "es": ("es", "spa", "spanish", "espagnol", "espanol"),
}
_LANGUAGE_CODES = {name: code for code, names in _LANGUAGE_NAMES.items() for name in names}
OFFICER_WORDS = frozenset(
    {"chair", "chairman", "chairwoman", "chairperson", "president", "vice", "treasurer"}
    | {"tresorier", "secretary", "secretaire", "officer"}
)
EXECUTIVE_WORDS = frozenset(
    {"ceo", "cfo", "coo", "cto", "chief", "president", "director", "directeur", "dg", "vp"}
    | {"founder", "cofounder", "fondateur"}
)


def text_tokens(text: str) -> tuple[str, ...]:
    """Folded, stemmed words without stop words: the tokens documents and phrases use.

    >>> text_tokens("Gestion des bénévoles")
    ('gestion', 'benevole')
    """
    # Titles, skills and causes repeat across profiles; long free text rarely does.
    return _short_tokens(text) if len(text) <= 80 else tuple(match_key(text).split())


@lru_cache(maxsize=1 << 16)
def _short_tokens(text: str) -> tuple[str, ...]:
    return tuple(match_key(text).split())


def language_key(text: str) -> str:
    """ISO 639-1 code for a language code or its French or English name.

    >>> language_key("Français"), language_key("EN"), language_key("Wolof")
    ('fr', 'en', 'wolof')
    """
    folded = _fold(text)
    return _LANGUAGE_CODES.get(folded, folded)


_fold = lru_cache(maxsize=1 << 14)(fold)  # for the short strings that repeat: places, languages


class TextModel:
    """Binary TF-IDF weights for sets of tokens, and their cosine similarity.

    A token weighs its inverse document frequency, ``ln((1 + n) / (1 + df)) + 1``
    (scikit-learn's smoothed formula), whether it occurs once or ten times in a
    document. With presence-only weights, adding to a profile a token that the role's
    document holds can never lower their cosine, so adding a skill never lowers the
    text score. A model made without documents weighs every token 1. A model is
    read-only once made (it caches squared weights and the norms of role documents).

    Parameters
    ----------
    idf : mapping of str to float, optional
        Weight of each known token.
    unseen_idf : float, default=1.0
        Weight of a token the model has not seen.

    Examples
    --------
    >>> model = TextModel.fit([{"accounting", "budget"}, {"budget"}, {"kitchen"}])
    >>> model.weight("budget") < model.weight("accounting") == model.weight("kitchen")
    True
    >>> round(TextModel().similarity(frozenset("ab"), frozenset("ac")), 3)
    0.5
    """

    def __init__(self, idf: Mapping[str, float] | None = None, *, unseen_idf: float = 1.0):
        self.idf = dict(idf or {})
        self.unseen_idf = unseen_idf
        self._norms: dict[frozenset[str], float] = {}
        self._squared = {token: weight**2 for token, weight in self.idf.items()}

    @classmethod
    def fit(cls, documents: Iterable[Collection[str]]) -> TextModel:
        """Learn the token weights from documents (each a collection of tokens)."""
        counts: Counter[str] = Counter()
        n = 0
        for doc in documents:
            counts.update(doc if isinstance(doc, frozenset | set) else set(doc))
            n += 1
        idf = {token: math.log((1 + n) / (1 + df)) + 1 for token, df in counts.items()}
        return cls(idf, unseen_idf=math.log(1 + n) + 1)

    def weight(self, token: str) -> float:
        """The token's weight."""
        return self.idf.get(token, self.unseen_idf)

    def norm(self, tokens: Iterable[str]) -> float:
        """Euclidean norm of a document's weight vector."""
        return math.sqrt(self._squares(tokens))

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Cosine of two documents (0 when either is empty).

        The first document's norm is remembered: one role meets many profiles.
        """
        if a not in self._norms:
            if len(self._norms) >= 64:
                self._norms.clear()
            self._norms[a] = self.norm(a)
        norms = self._norms[a] * self.norm(b)
        return self._squares(a & b) / norms if norms else 0.0

    def _squares(self, tokens: Iterable[str]) -> float:
        # fsum: exact, so the order a set happens to iterate in cannot change a score.
        squared, unseen = self._squared, self.unseen_idf**2
        return math.fsum([squared.get(t, unseen) for t in tokens])


class CachedTaxonomy:
    """A taxonomy wrapper that remembers every answer (labels repeat across profiles).

    Parameters
    ----------
    taxonomy : TaxonomyLike
        The taxonomy to ask on a miss.

    Examples
    --------
    >>> class Slow:
    ...     calls = 0
    ...     def normalize_cause(self, text):
    ...         Slow.calls += 1
    ...         return "food" if "food" in text else None
    >>> taxonomy = CachedTaxonomy(Slow())
    >>> taxonomy.normalize_cause("food bank"), taxonomy.normalize_cause("food bank"), Slow.calls
    ('food', 'food', 1)
    """

    def __init__(self, taxonomy: TaxonomyLike):
        self.taxonomy = taxonomy
        self._memo: dict[tuple[str, ...], Any] = {}

    def _ask(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    def normalize_skill(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        ask = self.taxonomy.normalize_skill
        return self._ask(("skill", text, str(limit)), lambda: ask(text, limit=limit))

    def normalize_title(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        ask = self.taxonomy.normalize_title
        return self._ask(("title", text, str(limit)), lambda: ask(text, limit=limit))

    def normalize_cause(self, text: str) -> str | None:
        return self._ask(("cause", text), lambda: self.taxonomy.normalize_cause(text))

    def related(self, concept_id: str) -> tuple[str, ...]:
        return self._ask(("related", concept_id), lambda: tuple(self.taxonomy.related(concept_id)))

    def label(self, concept_id: str, lang: str = "en") -> str:
        return self._ask(("label", concept_id, lang), lambda: self.taxonomy.label(concept_id, lang))

    def skill_keys(self, label: str, concept: str | None) -> frozenset[str]:
        """Keys of a skill as written (with the concept the writer gave, if any)."""
        key = ("skill keys", label, concept or "")
        found: frozenset[str] | None = self._memo.get(key)  # the hottest look-up: no lambda
        if found is None:
            found = self._memo[key] = _keys(
                concept or _confident(self.normalize_skill(label)), label
            )
        return found

    def title(self, title: str, concept: str | None) -> tuple[str | None, frozenset[str]]:
        """A title's concept (the writer's, else recognized) and its keys."""

        def found() -> tuple[str | None, frozenset[str]]:
            known = concept or _confident(self.normalize_title(title))
            return known, _keys(known, title)

        return self._ask(("title keys", title, concept or ""), found)

    def cause_keys(self, text: str) -> frozenset[str]:
        """Keys of a cause as written."""
        return self._ask(("cause keys", text), lambda: _keys(self.normalize_cause(text), text))


class NoTaxonomy:
    """A taxonomy that recognizes nothing: skills, titles and causes meet by their text only.

    For examples and tests, and to measure what the real taxonomy adds.

    Examples
    --------
    >>> NoTaxonomy().normalize_skill("comptabilité"), NoTaxonomy().label("esco:123")
    ([], 'esco:123')
    """

    def normalize_skill(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        return []

    def normalize_title(self, text: str, *, limit: int = 1) -> list[ConceptMatch]:
        return []

    def normalize_cause(self, text: str) -> str | None:
        return None

    def related(self, concept_id: str) -> tuple[str, ...]:
        return ()

    def label(self, concept_id: str, lang: str = "en") -> str:
        return concept_id


def cached(taxonomy: TaxonomyLike) -> CachedTaxonomy:
    """The taxonomy itself if already cached, else a :class:`CachedTaxonomy` around it."""
    return taxonomy if isinstance(taxonomy, CachedTaxonomy) else CachedTaxonomy(taxonomy)


def _confident(matches: list[ConceptMatch]) -> str | None:
    if matches and matches[0].confidence >= MIN_CONFIDENCE:
        return matches[0].concept_id
    return None


@lru_cache(maxsize=1 << 16)
def _keys(concept: str | None, text: str) -> frozenset[str]:
    keys = {f"t:{fold(text)}"}
    if concept:
        keys.add(f"c:{concept}")
    return frozenset(keys)


def _related_keys(taxonomy: TaxonomyLike, concept: str | None) -> frozenset[str]:
    return frozenset(f"c:{r}" for r in taxonomy.related(concept)) if concept else frozenset()


@dataclass(frozen=True)
class RoleSkillPlan:
    """A role skill: its keys, related keys, and the phrases that mention it in a position."""

    name: str
    required: bool
    weight: float
    exact: frozenset[str]
    related: frozenset[str]
    #: Token sets; a position whose tokens hold one of them mentions the skill.
    phrases: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class RolePlan:
    """Everything scoring needs from a role, read once."""

    role: RoleSpec
    #: Weight of each component that applies to this role, summing to 1.
    weights: Mapping[str, float]
    skills: tuple[RoleSkillPlan, ...]
    #: (language code, level or None, required, label as the role wrote it)
    languages: tuple[tuple[str, int | None, bool, str], ...]
    doc: frozenset[str]
    title_keys: frozenset[str]
    cause_exact: frozenset[str]
    cause_related: frozenset[str]
    schedule: int
    city: str
    region: str
    #: Years of relevant experience expected, or None when experience does not apply.
    target_years: float | None
    #: Board roles count every position (seniority), others only relevant ones.
    all_positions_relevant: bool
    #: The French / English labels of the concept tokens of ``doc``, for explanations.
    readable: Mapping[str, str]


def plan_role(role: RoleSpec, *, taxonomy: TaxonomyLike) -> RolePlan:
    """Read a role once: its keys, phrases, document and the weights that apply to it.

    A component applies when its weight is positive and the role gives it data
    (skills, a cause, languages, hours or schedule, a place or remote work, a
    minimum of years or a board role…). ``board_gaps`` is the hook for the board's
    gap analysis: it will apply once roles carry gap data, and never applies today.

    Examples
    --------
    >>> from matching.types import RoleSpec
    >>> plan = plan_role(RoleSpec(id=1, kind="volunteer", title="Cuisine", cause="Faim"),
    ...                  taxonomy=NoTaxonomy())
    >>> sorted(plan.weights), plan.cause_exact
    (['cause', 'text'], frozenset({'t:faim'}))
    """
    skills = tuple(_plan_skill(s.name, s.concept_id, s.required, taxonomy) for s in role.skills)
    title_concept = role.title_concept or _confident(taxonomy.normalize_title(role.title))
    cause_concept = taxonomy.normalize_cause(role.cause) if role.cause.strip() else None
    doc = set(text_tokens(" ".join((role.description, *role.responsibilities))))
    doc.update(text_tokens(" ".join(role.qualifications)))
    # What the taxonomy recognizes enters as its concept, so French and English meet.
    doc.update([f"~{title_concept}"] if title_concept else text_tokens(role.title))
    for spec, skill in zip(role.skills, skills, strict=True):
        concepts = [f"~{k[2:]}" for k in skill.exact if k.startswith("c:")]
        doc.update(concepts or text_tokens(spec.name))
    board = role.kind == "board"
    min_years = role.min_years_experience
    target = float(min_years) if min_years else (BOARD_SENIORITY_YEARS if board else None)
    has_place = role.work_mode != "any" and bool(role.city or role.region)
    applies = {
        "skills": bool(skills),
        "text": bool(doc),
        "experience": target is not None,
        "languages": bool(role.languages),
        "availability": bool((role.hours_per_week and role.hours_per_week > 0) or role.schedule),
        "location": role.work_mode == "remote" or has_place,
        "cause": bool(role.cause.strip()),
        "governance": board,
        "board_gaps": False,  # hook: RoleSpec carries no gap data yet (scoring._board_gaps)
    }
    weights = {c: w for c, w in resolve_weights(role.kind, role.weights).items() if applies[c]}
    total = sum(weights.values())
    return RolePlan(
        role=role,
        weights={c: w / total for c, w in weights.items() if w > 0} if total else {},
        skills=skills,
        languages=tuple(
            (language_key(lang.language), lang.level, lang.required, lang.language)
            for lang in role.languages
        ),
        doc=frozenset(doc),
        title_keys=_keys(title_concept, role.title) | _related_keys(taxonomy, title_concept),
        cause_exact=_keys(cause_concept, role.cause) if role.cause.strip() else frozenset(),
        cause_related=_related_keys(taxonomy, cause_concept),
        schedule=schedule_bits(role.schedule),
        city=fold(role.city),
        region=fold(role.region),
        target_years=target,
        all_positions_relevant=board,
        readable={t: _readable(t[1:], taxonomy) for t in doc if t.startswith("~")},
    )


def _readable(concept: str, taxonomy: TaxonomyLike) -> str:
    french, english = taxonomy.label(concept, "fr"), taxonomy.label(concept, "en")
    return french if french == english else f"{french} / {english}"


def _plan_skill(
    name: str, concept: str | None, required: bool, taxonomy: TaxonomyLike
) -> RoleSkillPlan:
    concept = concept or _confident(taxonomy.normalize_skill(name))
    wordings = [name]
    if concept:
        wordings += [taxonomy.label(concept, "fr"), taxonomy.label(concept, "en")]
    phrases = {frozenset(text_tokens(w)) for w in wordings}
    return RoleSkillPlan(
        name=name,
        required=required,
        weight=REQUIRED_WEIGHT if required else 1.0,
        exact=_keys(concept, name),
        related=_related_keys(taxonomy, concept),
        phrases=tuple(sorted((p for p in phrases if p), key=sorted)),
    )


# -- the arithmetic of the small components, shared by the reference and the index's tables --


def language_credit(wanted: int | None, have: int) -> float:
    """Credit 0–1 for speaking a language at level ``have`` (0: not at all) when ``wanted``.

    >>> [language_credit(4, 5), language_credit(4, 2), language_credit(None, 1)]
    [1.0, 0.5, 1.0]
    """
    if not have:
        return 0.0
    return 1.0 if wanted is None else min(1.0, have / wanted)


def availability(wanted: int | None, role_bits: int, hours: int | None, bits: int) -> float | None:
    """0–100: the mean of the hours' and the schedule's fit, of those known on both sides.

    >>> availability(8, 0b001, 4, 0b011), availability(8, 0, None, 0b001)
    (75.0, None)
    """
    parts = []
    if wanted and wanted > 0 and hours is not None:
        parts.append(min(1.0, max(0, hours) / wanted))
    if role_bits and bits:
        parts.append((role_bits & bits).bit_count() / role_bits.bit_count())
    return 100 * sum(parts) / len(parts) if parts else None


def location(
    mode: WorkMode,
    candidate_mode: WorkMode | None,
    *,
    comparable: bool,
    city: bool,
    region: bool,
    role_city: bool,
) -> float | None:
    """0–100 for where the candidate lives and the work mode they prefer; None if unknown.

    ``comparable``: both sides name a city, or both a region; ``city``, ``region``:
    the candidate's is the role's; ``role_city``: the role names a city (the same
    region is then only near). Remote roles look at the work mode alone.

    >>> location("in_person", None, comparable=True, city=False, region=True, role_city=True)
    60.0
    >>> location("remote", "in_person", comparable=False, city=False, region=False, role_city=False)
    50.0
    """
    fit = MODE_FIT[mode][candidate_mode] if candidate_mode else 1.0
    if mode == "remote":
        return None if candidate_mode is None else 100 * fit
    if not comparable:
        return None
    near, far = PLACE_CREDIT[mode]
    place = 1.0 if city or (region and not role_city) else near if region else far
    return 100 * place * fit


def schedule_bits(schedule: Iterable[str]) -> int:
    """The schedule as a bit mask of :data:`SCHEDULE_BITS` (unknown names are ignored).

    >>> schedule_bits({"evenings", "Weekends", "nights"})
    6
    """
    return sum(SCHEDULE_BITS.get(_fold(s), 0) for s in set(schedule))


@dataclass(frozen=True)
class PositionFeatures:
    """A dated position: which one, its span in days, its title keys and its words."""

    index: int
    start: int
    end: int
    title_keys: frozenset[str]
    tokens: frozenset[str]


@dataclass(frozen=True)
class ProfileFeatures:
    """Everything scoring needs from a profile, read once (indices point into the profile)."""

    #: Keys of each skill claim, aligned with ``profile.skills``.
    skill_keys: tuple[frozenset[str], ...]
    doc: frozenset[str]
    #: Dated positions only: undated ones cannot count as years.
    positions: tuple[PositionFeatures, ...]
    #: Years of all dated positions, overlaps counted once.
    total_years: float
    #: Language code to (best level, index of that claim in ``profile.languages``).
    languages: Mapping[str, tuple[int, int]]
    schedule: int
    city: str
    region: str
    cause_keys: tuple[frozenset[str], ...]
    governance: float | None
    #: Each governance signal found: board service, an executive-level title.
    governance_evidence: tuple[Evidence, ...]


def profile_features(
    profile: CandidateProfile,
    *,
    taxonomy: TaxonomyLike,
    as_of: date,
    words: tuple[frozenset[str], Mapping[int, frozenset[str]]] | None = None,
) -> ProfileFeatures:
    """Read a profile once: skill and cause keys, document, dated positions, languages.

    Parameters
    ----------
    profile : CandidateProfile
        The candidate.
    taxonomy : TaxonomyLike
        Recognizes skills, titles and causes.
    as_of : date
        The day current positions end.
    words : (frozenset of str, mapping of int to frozenset of str), optional
        The profile's document and the words of each dated position (by index in
        ``profile.positions``) when already known: tokenizing text is the slow part,
        so the index keeps them.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.types import CandidateProfile, LanguageClaim, SkillClaim
    >>> profile = CandidateProfile(id=7, skills=(SkillClaim("Comptabilité", "acc"),),
    ...                            languages=(LanguageClaim("Français", 5),))
    >>> f = profile_features(profile, taxonomy=NoTaxonomy(), as_of=date(2025, 1, 1))
    >>> sorted(f.skill_keys[0]), sorted(f.doc), dict(f.languages)
    (['c:acc', 't:comptabilite'], ['~acc'], {'fr': (5, 0)})
    """
    taxonomy = cached(taxonomy)
    skill_keys = tuple(taxonomy.skill_keys(c.label, c.concept_id) for c in profile.skills)
    title_keys = [taxonomy.title(pos.title, pos.title_concept) for pos in profile.positions]
    titles = [concept for concept, _ in title_keys]
    doc, position_words = words or _words(profile, skill_keys, titles)
    today = as_of.toordinal()
    positions = []
    for i, (pos, (_, keys)) in enumerate(zip(profile.positions, title_keys, strict=True)):
        if pos.start is not None:
            start = min(pos.start.toordinal(), today)
            end = max(start, min(pos.end.toordinal(), today) if pos.end else today)
            positions.append(PositionFeatures(i, start, end, keys, position_words[i]))
    languages: dict[str, tuple[int, int]] = {}
    for i, lang in enumerate(profile.languages):
        code, level = language_key(lang.language), min(5, max(1, lang.level or UNKNOWN_LEVEL))
        if code not in languages or level > languages[code][0]:
            languages[code] = (level, i)
    governance, evidence = _governance(profile)
    return ProfileFeatures(
        skill_keys=skill_keys,
        doc=doc,
        positions=tuple(positions),
        total_years=union_days([(p.start, p.end) for p in positions]) / 365.25,
        languages=languages,
        schedule=schedule_bits(profile.schedule),
        city=_fold(profile.city),
        region=_fold(profile.region),
        cause_keys=tuple(taxonomy.cause_keys(c) for c in profile.causes),
        governance=governance,
        governance_evidence=evidence,
    )


def _words(
    profile: CandidateProfile, skill_keys: tuple[frozenset[str], ...], titles: list[str | None]
) -> tuple[frozenset[str], dict[int, frozenset[str]]]:
    """The profile's document, and the words of each position."""
    doc = set(text_tokens(profile.headline) + text_tokens(profile.summary))
    for claim, keys in zip(profile.skills, skill_keys, strict=True):
        concepts = [k[2:] for k in keys if k.startswith("c:")]
        doc.update([f"~{c}" for c in concepts] or text_tokens(claim.label))
    position_words = {}
    for i, (pos, concept) in enumerate(zip(profile.positions, titles, strict=True)):
        title, description = text_tokens(pos.title), text_tokens(pos.description)
        position_words[i] = frozenset(title + description)
        doc.update(description)
        doc.update([f"~{concept}"] if concept else title)
    return frozenset(doc), position_words


def union_days(spans: Iterable[tuple[int, int]]) -> int:
    """Days covered by the union of ``(start, end)`` spans: overlapping positions count once.

    Examples
    --------
    >>> union_days([(0, 10), (5, 20), (30, 31)])
    21
    """
    total, reach = 0, -math.inf
    for start, end in sorted(spans):
        total += int(max(0, end - max(start, reach)))
        reach = max(reach, end)
    return total


def _governance(profile: CandidateProfile) -> tuple[float | None, tuple[Evidence, ...]]:
    """Points for board service, officer roles, committees and executive-level titles."""
    if not profile.board_services and not profile.positions:
        return None, ()
    evidence: list[Evidence] = []
    points = 0.0
    if profile.board_services:
        points += 50 + 10 * min(2, len(profile.board_services) - 1)
    officer = committee = False
    for service in profile.board_services:
        words = set(text_tokens(service.role))
        officer = officer or bool(words & OFFICER_WORDS)
        committee = committee or bool(service.committee) or bool(words & {"committee", "comite"})
        what = f"{service.role or 'member'}, {service.organization}"
        if service.committee:
            what += f" ({service.committee})"
        parts = {"role": service.role or "member", "organization": service.organization}
        parts["committee"] = service.committee
        evidence.append(
            Evidence(what, service.source, service.organization, "governance.board", parts)
        )
    executive = [
        p for p in profile.positions if not EXECUTIVE_WORDS.isdisjoint(text_tokens(p.title))
    ]
    for pos in executive:
        text = f"{pos.title}, {pos.company}".strip(", ")
        parts = {"title": pos.title, "company": pos.company}
        evidence.append(Evidence(text, pos.source, pos.title, "governance.executive", parts))
    points += 20 * officer + 10 * committee + 20 * bool(executive)
    return min(100.0, points), tuple(evidence)
