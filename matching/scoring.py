"""Score one candidate for one role, with the reasons; rank a list of candidates.

This is the reference implementation: plain Python, one candidate at a time, and
the builder of every explanation. :class:`matching.index.CandidateIndex` ranks many
candidates at once with the same arithmetic and calls :func:`score` for the few it
returns.

Components
    Each scores 0–100, or ``None`` when it is *unknown* (the profile says nothing
    about it). A component that does not apply to the role (no cause given, not a
    board role…) has weight 0 and score ``None``. Skills and text relevance read
    the whole profile, so only the role can leave them out: a profile that shows
    none of the role's skills scores 0 there, not unknown.

Final score
    With the weights of the applicable components summing to 1, ``S`` the weighted
    sum of the known scores and ``coverage`` the weight of the known components::

        score = (1 - r) * S + r * S / coverage        (0 when coverage is 0)

    with ``r = UNKNOWN_CREDIT = 0.5``. This is the weighted mean of the known
    components shrunk by coverage, ``mean * (r + (1 - r) * coverage)``: each unknown
    component counts as ``r`` times the candidate's mean over the known ones,
    neither a yes (the mean) nor a no (0), and an empty profile scores 0. The
    components' ``contribution`` values add up to the score. Scores and coverage are
    rounded to 9 decimals, so that equal scores are equal and ties are real.

Ranking
    Candidates who meet every required skill and language come first, whatever
    their score; then by score (highest first), coverage (highest first) and
    candidate id (lowest first), so the order never depends on the input order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date

from matching.components import (
    RELATED_CREDIT,
    REQUIRED_WEIGHT,
    ProfileFeatures,
    RolePlan,
    TextModel,
    availability,
    cached,
    language_credit,
    location,
    plan_role,
    profile_features,
    union_days,
)
from matching.types import (
    COMPONENTS,
    CandidateProfile,
    ComponentScore,
    Evidence,
    Match,
    RoleSpec,
    SkillMatch,
    TaxonomyLike,
)
from matching.weights import UNKNOWN_CREDIT

__all__ = ["final_score", "rank_key", "rank_profiles", "round9", "score"]

Scored = tuple[float | None, tuple[Evidence, ...]]


def score(
    role: RoleSpec,
    profile: CandidateProfile,
    *,
    taxonomy: TaxonomyLike,
    text_model: TextModel | None = None,
    as_of: date | None = None,
) -> Match:
    """Score a candidate for a role and explain the score.

    Parameters
    ----------
    role : RoleSpec
        The role to fill.
    profile : CandidateProfile
        The candidate.
    taxonomy : TaxonomyLike
        Normalizes skills, titles and causes so that French and English meet.
    text_model : TextModel, optional
        Token weights for text relevance; by default every token weighs 1.
        :func:`rank_profiles` and the index fit one on the candidates ranked.
    as_of : date, optional
        The day current positions end (today by default).

    Returns
    -------
    Match
        The score 0–100, coverage, every component with its evidence, the skills
        matched and missing, and the required items not met.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.types import CandidateProfile, RoleSkillSpec, RoleSpec, SkillClaim
    >>> from matching.components import NoTaxonomy
    >>> role = RoleSpec(id=1, kind="volunteer", title="Cuisinier", city="Montréal",
    ...                 skills=(RoleSkillSpec("Cuisine", required=True),))
    >>> cook = CandidateProfile(id=2, city="Montreal", skills=(SkillClaim("cuisine"),))
    >>> match = score(role, cook, taxonomy=NoTaxonomy(), as_of=date(2025, 1, 1))
    >>> round(match.score, 1), match.coverage, match.meets_required
    (96.5, 1.0, True)
    >>> match.matched_skills[0].candidate_label, match.components["location"].score
    ('cuisine', 100.0)
    >>> score(role, CandidateProfile(id=3), taxonomy=NoTaxonomy()).unmet_required
    ('skill: Cuisine',)
    """
    taxonomy = cached(taxonomy)
    plan = plan_role(role, taxonomy=taxonomy)
    features = profile_features(profile, taxonomy=taxonomy, as_of=as_of or date.today())
    return explain(plan, profile, features, text_model=text_model)


def rank_profiles(
    role: RoleSpec,
    profiles: Iterable[CandidateProfile],
    *,
    taxonomy: TaxonomyLike,
    top: int | None = 50,
    as_of: date | None = None,
) -> list[Match]:
    """Score every candidate for a role, one by one, and return the best first.

    Text relevance weighs tokens by a :class:`TextModel` fitted on these profiles.
    Candidates who meet every requirement rank above all who do not; ties are broken
    by coverage (highest first), then candidate id (lowest first).

    Parameters
    ----------
    role : RoleSpec
        The role to fill.
    profiles : iterable of CandidateProfile
        The candidates.
    taxonomy : TaxonomyLike
        Normalizes skills, titles and causes.
    top : int or None, default=50
        How many matches to return; all of them when None.
    as_of : date, optional
        The day current positions end (today by default).

    Returns
    -------
    list of Match
        Best first.

    Examples
    --------
    >>> from matching.types import CandidateProfile, RoleSkillSpec, RoleSpec, SkillClaim
    >>> from matching.components import NoTaxonomy
    >>> role = RoleSpec(id=1, kind="staff", title="Comptable",
    ...                 skills=(RoleSkillSpec("Paie", required=True), RoleSkillSpec("Excel")))
    >>> people = [CandidateProfile(id=1, skills=(SkillClaim("Excel"),)),
    ...           CandidateProfile(id=2, skills=(SkillClaim("paie"),)),
    ...           CandidateProfile(id=3)]
    >>> [m.candidate_id for m in rank_profiles(role, people, taxonomy=NoTaxonomy())]
    [2, 1, 3]
    """
    taxonomy = cached(taxonomy)
    plan = plan_role(role, taxonomy=taxonomy)
    day = as_of or date.today()
    profiles = list(profiles)
    features = [profile_features(p, taxonomy=taxonomy, as_of=day) for p in profiles]
    model = TextModel.fit(f.doc for f in features)
    matches = [
        explain(plan, p, f, text_model=model) for p, f in zip(profiles, features, strict=True)
    ]
    matches.sort(key=rank_key)
    return matches if top is None else matches[:top]


def rank_key(match: Match) -> tuple[bool, float, float, int]:
    """Sort key of a match: requirements met first, then score, coverage, candidate id.

    >>> from matching.types import Match
    >>> matches = [Match(3, 80.0, 0.5, {}), Match(2, 80.0, 0.5, {}), Match(1, 99.0, 1.0, {},
    ...            unmet_required=("skill: paie",)), Match(4, 80.0, 0.9, {})]
    >>> [m.candidate_id for m in sorted(matches, key=rank_key)]
    [4, 2, 3, 1]
    """
    return (not match.meets_required, -match.score, -match.coverage, match.candidate_id)


def round9(value: float) -> float:
    """Round to 9 decimals exactly as ``numpy.round(value, 9)`` does (the index uses that).

    Examples
    --------
    >>> round9(2 / 3)
    0.666666667
    """
    return round(value * 1e9) / 1e9


def final_score(points: float, coverage: float) -> float:
    """The final score from the weighted sum of known scores and the known weight.

    Examples
    --------
    >>> final_score(40.0, 0.5), final_score(80.0, 1.0), final_score(0.0, 0.0)
    (60.0, 80.0, 0.0)
    """
    if coverage <= 0:
        return 0.0
    return (1 - UNKNOWN_CREDIT) * points + UNKNOWN_CREDIT * (points / coverage)


def explain(
    plan: RolePlan,
    profile: CandidateProfile,
    features: ProfileFeatures,
    *,
    text_model: TextModel | None = None,
) -> Match:
    """Score a profile already read by :func:`matching.components.profile_features`."""
    skills, matched, missing, unmet = _skills(plan, profile, features)
    languages, unmet_languages = _languages(plan, profile, features)
    found: dict[str, Scored] = {"skills": skills, "languages": languages}
    for name in plan.weights.keys() - found.keys():
        if name == "text":
            found[name] = _text(plan, features, text_model or TextModel())
        else:
            found[name] = _COMPONENTS[name](plan, profile, features)
    points = coverage = 0.0
    for name in COMPONENTS:
        value = found[name][0] if name in plan.weights else None
        if value is not None:
            points += plan.weights[name] * value
            coverage += plan.weights[name]
    per_point = (1 - UNKNOWN_CREDIT) + UNKNOWN_CREDIT / coverage if coverage else 0.0
    components = dict(_NOT_APPLICABLE)  # in the order of COMPONENTS
    for name, weight in plan.weights.items():
        value, evidence = found[name]
        contribution = weight * value * per_point if value is not None else 0.0
        components[name] = ComponentScore(name, value, weight, contribution, evidence)
    return Match(
        candidate_id=profile.id,
        score=round9(final_score(points, coverage)),
        coverage=round9(coverage),
        components=components,
        matched_skills=matched,
        missing_skills=missing,
        unmet_required=unmet + unmet_languages,
    )


def _skills(
    plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures
) -> tuple[Scored, tuple[SkillMatch, ...], tuple[str, ...], tuple[str, ...]]:
    matched, missing, unmet, evidence = [], [], [], []
    first: dict[str, int] = {}  # key -> the first claim holding it
    for i, keys in enumerate(features.skill_keys):
        for key in keys:
            first.setdefault(key, i)
    points = total = 0.0
    for skill in plan.skills:
        exact = [first[k] for k in skill.exact if k in first]
        related = [first[k] for k in skill.related if k in first]
        credit = 1.0 if exact else RELATED_CREDIT if related else 0.0
        points += skill.weight * credit
        total += skill.weight
        if skill.required and credit < 1:
            unmet.append(f"skill: {skill.name}")
        if not credit:
            missing.append(skill.name)
            continue
        best = min(exact or related)
        claim = profile.skills[best]
        concept = next((k[2:] for k in features.skill_keys[best] if k.startswith("c:")), None)
        matched.append(SkillMatch(skill.name, claim.label, concept, credit, claim.source))
        how = "same skill" if credit == 1 else "related skill"
        code = "skill.same" if credit == 1 else "skill.related"
        parts = {"skill": skill.name, "label": claim.label, "concept": concept}
        text = f"{skill.name}: {claim.label} ({how})"
        evidence.append(Evidence(text, claim.source, claim.label, code, parts))
    found = 100 * points / total if total else None
    return (found, tuple(evidence)), tuple(matched), tuple(missing), tuple(unmet)


def _text(plan: RolePlan, features: ProfileFeatures, model: TextModel) -> Scored:
    cosine = min(1.0, model.similarity(plan.doc, features.doc))
    shared = sorted(plan.doc & features.doc, key=lambda t: (-model.weight(t), t))[:5]
    evidence = tuple(
        Evidence(
            f"in the role and the profile: {plan.readable.get(t, t)}",
            item=t,
            code="text.shared",
            # "~<concept id>" tokens are concepts; any other token is a folded, stemmed word.
            params={"concept": t[1:]} if t.startswith("~") else {"word": t},
        )
        for t in shared
    )
    return 100 * math.sqrt(cosine), evidence


def relevant_positions(plan: RolePlan, features: ProfileFeatures) -> list[tuple[int, str]]:
    """The dated positions that count for a role's experience, with why they count."""
    found = []
    phrases = [(phrase, skill.name) for skill in plan.skills for phrase in skill.phrases]
    for n, pos in enumerate(features.positions):
        if plan.all_positions_relevant or not pos.title_keys.isdisjoint(plan.title_keys):
            found.append((n, "title"))
            continue
        for phrase, name in phrases:
            if phrase <= pos.tokens:
                found.append((n, f"mentions {name}"))
                break
    return found


def _experience(plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures) -> Scored:
    if plan.target_years is None or not features.positions:
        return None, ()
    relevant = relevant_positions(plan, features)
    spans = [(features.positions[n].start, features.positions[n].end) for n, _ in relevant]
    years = union_days(spans) / 365.25
    evidence = []
    for n, why in relevant:
        feat = features.positions[n]
        pos = profile.positions[feat.index]
        span = round((feat.end - feat.start) / 365.25, 1)
        text = f"{pos.title}, {pos.company}: {span:.1f} years ({why})"
        parts: dict[str, object] = {"title": pos.title, "company": pos.company, "years": span}
        if why.startswith("mentions "):
            parts["skill"] = why.removeprefix("mentions ")
        code = "experience.mentions" if "skill" in parts else "experience.title"
        if plan.all_positions_relevant:  # board roles: every position is seniority
            code = "experience.seniority"
        evidence.append(Evidence(text, pos.source, pos.title, code, parts))
    return 100 * min(1.0, years / plan.target_years), tuple(evidence)


def _languages(
    plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures
) -> tuple[Scored, tuple[str, ...]]:
    points = total = 0.0
    evidence, unmet = [], []
    for code, level, required, label in plan.languages:
        have = features.languages.get(code)
        credit = language_credit(level, have[0] if have else 0)
        weight = REQUIRED_WEIGHT if required else 1.0
        points += weight * credit
        total += weight
        if required and credit < 1:
            unmet.append(f"language: {label}" + (f" (level {level})" if level else ""))
        if have is not None:
            claim = profile.languages[have[1]]
            wanted = f", {level} wanted" if level else ""
            parts = {"language": label, "level": have[0], "wanted": level}
            text = f"{label}: level {have[0]}{wanted}"
            evidence.append(Evidence(text, claim.source, claim.language, "language.level", parts))
    value = 100 * points / total if total and features.languages else None
    return (value, tuple(evidence)), tuple(unmet)


def _availability(plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures) -> Scored:
    wanted, hours = plan.role.hours_per_week, profile.hours_per_week
    evidence = []
    if wanted and wanted > 0 and hours is not None:
        parts: dict[str, object] = {"hours": hours, "wanted": wanted}
        text = f"{hours} h/week of {wanted} wanted"
        evidence.append(Evidence(text, code="availability.hours", params=parts))
    if plan.schedule and features.schedule:
        both = sorted(s for s in profile.schedule if s in plan.role.schedule)
        text = f"available {', '.join(both) or 'at other times'}"
        times = {"times": tuple(both)}
        evidence.append(Evidence(text, code="availability.schedule", params=times))
    return availability(wanted, plan.schedule, hours, features.schedule), tuple(evidence)


def _location(plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures) -> Scored:
    city = bool(plan.city and features.city)
    region = bool(plan.region and features.region)
    value = location(
        plan.role.work_mode,
        profile.work_mode,
        comparable=city or region,
        city=city and plan.city == features.city,
        region=region and plan.region == features.region,
        role_city=bool(plan.city),
    )
    evidence = []
    if (city or region) and plan.role.work_mode != "remote":
        text = f"lives in {', '.join(p for p in (profile.city, profile.region) if p)}"
        place = {"city": profile.city, "region": profile.region}
        evidence.append(Evidence(text, code="location.lives", params=place))
    if profile.work_mode:
        text = f"prefers {profile.work_mode}, role is {plan.role.work_mode}"
        modes = {"mode": profile.work_mode, "role_mode": plan.role.work_mode}
        evidence.append(Evidence(text, code="location.mode", params=modes))
    return value, tuple(evidence) if value is not None else ()


def _cause(plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures) -> Scored:
    if not features.cause_keys:
        return None, ()
    credit, best = 0.0, -1
    for i, keys in enumerate(features.cause_keys):
        value = (
            1.0 if keys & plan.cause_exact else RELATED_CREDIT if keys & plan.cause_related else 0.0
        )
        if value > credit:
            credit, best = value, i
    cause = profile.causes[best]
    evidence = (
        Evidence(f"cares about {cause}", item=cause, code="cause.cares", params={"cause": cause}),
    )
    return 100 * credit, evidence if best >= 0 else ()


def _governance(plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures) -> Scored:
    return features.governance, features.governance_evidence


_NOT_APPLICABLE = {name: ComponentScore(name, None, 0.0, 0.0) for name in COMPONENTS}


def _board_gaps(plan: RolePlan, profile: CandidateProfile, features: ProfileFeatures) -> Scored:
    """What the candidate adds to the board's competency matrix at the horizon date.

    A hook: roles carry no gap analysis yet, so :func:`matching.components.plan_role`
    never lets this component apply (it counts neither as known nor in coverage).
    Once ``RoleSpec`` carries the gaps, score here the share of them the
    candidate's skills and experience close, and let ``plan_role`` apply it.
    """
    return None, ()


_COMPONENTS: dict[str, Callable[[RolePlan, CandidateProfile, ProfileFeatures], Scored]] = {
    "experience": _experience,
    "availability": _availability,
    "location": _location,
    "cause": _cause,
    "governance": _governance,
    "board_gaps": _board_gaps,
}
