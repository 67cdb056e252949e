"""Properties of the scoring that must hold for every role and every profile."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.components import TextModel, profile_features
from matching.index import CandidateIndex
from matching.scoring import rank_profiles, score
from matching.types import (
    CandidateProfile,
    LanguageClaim,
    PositionRecord,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
)
from tests.unit.matching.conftest import (
    AS_OF,
    CONCEPTS,
    FakeTaxonomy,
    labels,
    random_profile,
    random_role,
)

TAXONOMY = FakeTaxonomy()
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Term weights fitted on a small population, as rank_profiles and the index do.
FITTED = TextModel.fit(
    profile_features(random_profile(random.Random(n), n), taxonomy=TAXONOMY, as_of=AS_OF).doc
    for n in range(30)
)

seeds = st.integers(0, 2**32 - 1)
kinds = st.sampled_from(["volunteer", "staff", "board"])


@st.composite
def profiles(draw: st.DrawFn, candidate_id: int = 1) -> CandidateProfile:
    return random_profile(random.Random(draw(seeds)), candidate_id)


@st.composite
def roles(draw: st.DrawFn, *, required: bool = False) -> RoleSpec:
    role = random_role(random.Random(draw(seeds)), 1, draw(kinds))
    if required and not any(s.required for s in role.skills):
        extra = draw(st.sampled_from(["accounting", "premiers soins", "jardinage"]))
        role = replace(role, skills=(*role.skills, RoleSkillSpec(extra, required=True)))
    return role


def run(role: RoleSpec, profile: CandidateProfile, model: TextModel | None = None):  # type: ignore[no-untyped-def]
    return score(role, profile, taxonomy=TAXONOMY, text_model=model, as_of=AS_OF)


@SLOW
@given(roles(), profiles())
def test_scores_stay_between_0_and_100_and_add_up(role, profile):
    match = run(role, profile)
    assert 0 <= match.score <= 100 and 0 <= match.coverage <= 1
    for part in match.components.values():
        assert part.score is None or 0 <= part.score <= 100
    assert sum(c.contribution for c in match.components.values()) == pytest.approx(match.score)


@SLOW
@given(roles(required=True), profiles(), st.data(), st.booleans())
def test_adding_a_skill_the_role_requires_never_lowers_the_score(role, profile, data, fitted):
    model = FITTED if fitted else None
    wanted = data.draw(st.sampled_from([s for s in role.skills if s.required]))
    wording = data.draw(st.sampled_from(_wordings(wanted.name)))
    before = run(role, profile, model)
    after = run(role, replace(profile, skills=(*profile.skills, SkillClaim(wording))), model)
    assert after.score >= before.score - 1e-9
    assert set(after.unmet_required) <= set(before.unmet_required)
    assert f"skill: {wanted.name}" not in after.unmet_required


def _wordings(name: str) -> list[str]:
    """The skill as the role wrote it, and its labels in both languages when known."""
    found = TAXONOMY.normalize_skill(name)
    return [name] + (
        [*labels(found[0].concept_id, "fr"), *labels(found[0].concept_id, "en")] if found else []
    )


@SLOW
@given(roles(required=True), profiles())
def test_an_empty_profile_scores_below_any_profile_meeting_a_requirement(role, profile):
    wanted = next(s for s in role.skills if s.required)
    meeting = replace(profile, skills=(*profile.skills, SkillClaim(wanted.name)))
    empty = CandidateProfile(id=2)
    assert run(role, empty).score == 0 < run(role, meeting).score
    ranked = rank_profiles(role, [empty, meeting], taxonomy=TAXONOMY, as_of=AS_OF)
    assert ranked[-1].candidate_id == 2


SKILLS = [c for c, (kind, _, _) in CONCEPTS.items() if kind == "skill"]
TITLES = [c for c, (kind, _, _) in CONCEPTS.items() if kind == "title"]
CAUSES = [c for c, (kind, _, _) in CONCEPTS.items() if kind == "cause"]


@st.composite
def bilingual(draw: st.DrawFn) -> tuple[CandidateProfile, CandidateProfile]:
    """The same person written in French and in English."""
    skills = draw(st.lists(st.sampled_from(SKILLS), max_size=5, unique=True))
    jobs = draw(st.lists(st.tuples(st.sampled_from(TITLES), st.integers(2000, 2024)), max_size=3))
    causes = draw(st.lists(st.sampled_from(CAUSES), max_size=2, unique=True))
    level = draw(st.integers(1, 5))
    common = {
        "city": draw(st.sampled_from(["Montréal", "Laval", ""])),
        "hours_per_week": draw(st.sampled_from([None, 4, 10])),
        "languages": (LanguageClaim("fr", level), LanguageClaim("en", 6 - level)),
    }

    def written(lang: str) -> CandidateProfile:
        return CandidateProfile(
            id=1,
            skills=tuple(SkillClaim(labels(c, lang)[0]) for c in skills),
            positions=tuple(
                PositionRecord(labels(t, lang)[0], start=date(y, 1, 1)) for t, y in jobs
            ),
            causes=tuple(labels(c, lang)[0] for c in causes),
            **common,
        )

    return written("fr"), written("en")


@SLOW
@given(roles(), bilingual())
def test_french_and_english_versions_of_a_profile_score_the_same(role, pair):
    french, english = (run(role, p) for p in pair)
    assert french.score == pytest.approx(english.score, abs=1e-9)
    assert french.unmet_required == english.unmet_required


@SLOW
@given(roles(), profiles(), st.randoms(use_true_random=False))
def test_ties_break_by_coverage_then_id_whatever_the_input_order(role, profile, rng):
    people = [replace(profile, id=i) for i in (5, 3, 9)] + [CandidateProfile(id=4)]
    people += [random_profile(random.Random(n), n + 10) for n in range(4)]
    expected = rank_profiles(role, people, taxonomy=TAXONOMY, top=None, as_of=AS_OF)
    rng.shuffle(people)
    ranked = rank_profiles(role, people, taxonomy=TAXONOMY, top=None, as_of=AS_OF)
    assert [m.candidate_id for m in ranked] == [m.candidate_id for m in expected]
    twins = [m.candidate_id for m in ranked if m.candidate_id in (3, 5, 9)]
    assert twins == [3, 5, 9]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roles(), st.lists(seeds, min_size=1, max_size=40), st.integers(1, 45))
def test_the_index_ranks_like_the_python_loop(role, profile_seeds, top):
    people = [random_profile(random.Random(s), n) for n, s in enumerate(profile_seeds)]
    expected = rank_profiles(role, people, taxonomy=TAXONOMY, top=top, as_of=AS_OF)
    got = CandidateIndex.build(people, taxonomy=TAXONOMY, as_of=AS_OF).rank(role, top=top)
    assert [m.candidate_id for m in got] == [m.candidate_id for m in expected]
    assert [m.score for m in got] == pytest.approx([m.score for m in expected], abs=1e-6)


def test_the_role_language_requirement_reads_both_names():
    role = RoleSpec(
        id=1, kind="staff", title="", languages=(RoleLanguageSpec("Français", 3, True),)
    )
    profile = CandidateProfile(id=1, languages=(LanguageClaim("fr", 4),))
    assert run(role, profile).meets_required
