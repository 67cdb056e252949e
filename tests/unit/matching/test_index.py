"""The vectorized index agrees with the reference loop, before and after updates."""

from __future__ import annotations

import random

import pytest

from matching.index import CandidateIndex
from matching.scoring import rank_key, rank_profiles, score
from matching.types import RoleSkillSpec, SkillClaim
from tests.unit.matching.conftest import (
    AS_OF,
    FakeTaxonomy,
    make_profile,
    make_role,
    random_profile,
    random_role,
)

TAXONOMY = FakeTaxonomy()
KINDS = ("volunteer", "staff", "board")


def summary(matches):  # type: ignore[no-untyped-def]
    return [(m.candidate_id, m.meets_required) for m in matches]


def assert_same(got, expected):  # type: ignore[no-untyped-def]
    assert summary(got) == summary(expected)
    for a, b in zip(got, expected, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-6)
        assert a.coverage == pytest.approx(b.coverage, abs=1e-9)
        assert a.unmet_required == b.unmet_required


def reference(index, role, profiles, top):  # type: ignore[no-untyped-def]
    """The reference loop with the index's frozen term weights (after updates)."""
    model = index.text_model_
    matches = [score(role, p, taxonomy=TAXONOMY, text_model=model, as_of=AS_OF) for p in profiles]
    return sorted(matches, key=rank_key)[:top]


@pytest.mark.parametrize("seed", range(4))
def test_index_ranks_like_the_python_loop(seed):
    rng = random.Random(seed)
    profiles = [random_profile(rng, i) for i in rng.sample(range(1000), 250)]
    index = CandidateIndex.build(profiles, taxonomy=TAXONOMY, as_of=AS_OF)
    for n, kind in enumerate(KINDS * 2):
        role = random_role(rng, n, kind)
        expected = rank_profiles(role, profiles, taxonomy=TAXONOMY, top=None, as_of=AS_OF)
        for top in (1, 15, 500):
            got = index.rank(role, top=top)
            assert_same(got, expected[:top])
            assert got == expected[:top]  # the explanations are the reference's own


def test_updates_and_removals_agree_with_the_loop_across_merges(monkeypatch):
    monkeypatch.setattr("matching.index.MERGE_ROWS", 40)
    rng = random.Random(42)
    profiles = {i: random_profile(rng, i) for i in range(200)}
    index = CandidateIndex.build(profiles.values(), taxonomy=TAXONOMY, as_of=AS_OF)
    first_main = index._blocks[0]
    roles = [random_role(rng, n, kind) for n, kind in enumerate(KINDS * 2)]
    for step in range(600):
        candidate_id = rng.randrange(300)
        if rng.random() < 0.15 and candidate_id in profiles:
            index.remove(candidate_id)
            del profiles[candidate_id]
        else:
            profiles[candidate_id] = random_profile(rng, candidate_id)
            index.update(profiles[candidate_id])
        if step % 50 == 0:
            role = roles[step % len(roles)]
            assert_same(index.rank(role, top=20), reference(index, role, profiles.values(), 20))
    assert len(index) == len(profiles)
    for role in roles:
        assert_same(index.rank(role, top=30), reference(index, role, profiles.values(), 30))
    assert len(index._blocks) <= 2 and index._blocks[0] is not first_main  # merged


def test_an_update_replaces_the_candidate_and_new_words_count():
    role = make_role(
        title="", description="apiculture urbaine", skills=(RoleSkillSpec("apiculture"),)
    )
    index = CandidateIndex.build(
        [make_profile(id=1, summary="cuisine"), make_profile(id=2, summary="jardin")],
        taxonomy=TAXONOMY,
        as_of=AS_OF,
    )
    index.update(
        make_profile(id=2, summary="apiculture urbaine", skills=(SkillClaim("Apiculture"),))
    )
    index.update(make_profile(id=3, summary="apiculture"))
    ranked = index.rank(role, top=3)
    assert [m.candidate_id for m in ranked] == [2, 3, 1]
    assert ranked[0].components["text"].score == pytest.approx(100)
    assert ranked[0].matched_skills[0].candidate_label == "Apiculture"
    assert 2 in index and len(index) == 3


def test_remove_forgets_the_candidate():
    index = CandidateIndex.build([make_profile(id=1), make_profile(id=2)], taxonomy=TAXONOMY)
    index.remove(1)
    assert [m.candidate_id for m in index.rank(make_role())] == [2]
    assert 1 not in index and len(index) == 1
    with pytest.raises(KeyError):
        index.remove(1)
    index.update(make_profile(id=1))
    assert len(index) == 2


def test_empty_and_degenerate_queries():
    assert CandidateIndex.build([], taxonomy=TAXONOMY).rank(make_role()) == []
    index = CandidateIndex(taxonomy=TAXONOMY)
    index.update(make_profile(id=7, city="Laval"))
    assert [m.candidate_id for m in index.rank(make_role(city="Laval"))] == [7]
    assert index.rank(make_role(), top=0) == []
    index.remove(7)
    assert index.rank(make_role()) == []


def test_duplicate_candidates_are_refused():
    with pytest.raises(ValueError, match="only once"):
        CandidateIndex.build([make_profile(id=1), make_profile(id=1)], taxonomy=TAXONOMY)


def test_a_required_skill_that_weighs_nothing_is_still_required():
    role = make_role(skills=(RoleSkillSpec("accounting", required=True),), weights={"skills": 0})
    people = [make_profile(id=1), make_profile(id=2, skills=(SkillClaim("comptabilité"),))]
    index = CandidateIndex.build(people, taxonomy=TAXONOMY)
    assert [m.candidate_id for m in index.rank(role)] == [2, 1]
    assert index.rank(role)[1].unmet_required == ("skill: accounting",)


def test_with_the_packaged_taxonomy_french_meets_english(real_taxonomy):
    role = make_role(
        kind="staff",
        title="Accountant",
        skills=(RoleSkillSpec("accounting", required=True), RoleSkillSpec("volunteer management")),
        cause="food security",
        min_years_experience=2,
    )
    from matching.types import PositionRecord

    french = make_profile(
        id=1,
        skills=(SkillClaim("Comptabilité"), SkillClaim("Gestion des bénévoles")),
        positions=(PositionRecord("Comptable", start=AS_OF.replace(year=2020)),),
        causes=("sécurité alimentaire",),
    )
    english = make_profile(
        id=2,
        skills=(SkillClaim("Accounting"), SkillClaim("Volunteer management")),
        positions=(PositionRecord("Accountant", start=AS_OF.replace(year=2020)),),
        causes=("food security",),
    )
    cook = make_profile(id=3, skills=(SkillClaim("Cuisine"),), causes=("environnement",))
    people = [french, english, cook]
    index = CandidateIndex.build(people, taxonomy=real_taxonomy, as_of=AS_OF)
    ranked = index.rank(role)
    assert_same(ranked, rank_profiles(role, people, taxonomy=real_taxonomy, as_of=AS_OF))
    by_id = {m.candidate_id: m for m in ranked}
    assert by_id[1].meets_required and not by_id[3].meets_required
    for name in ("skills", "experience", "cause"):
        assert by_id[1].components[name].score == by_id[2].components[name].score == 100
    assert abs(by_id[1].score - by_id[2].score) < 10
