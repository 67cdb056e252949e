"""The weight learner: what it learns from decisions, what it refuses, how it is measured."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from matching.learning import WeightLearner, weighted_scores
from matching.scoring import score
from matching.types import (
    COMPONENTS,
    CandidateProfile,
    LanguageClaim,
    RoleLanguageSpec,
    RoleSkillSpec,
    RoleSpec,
    SkillClaim,
)
from matching.weights import resolve_weights

EQUAL = dict.fromkeys(COMPONENTS, 1 / len(COMPONENTS))


def decisions(
    n: int = 120, *, seed: int = 1, driver: str = "skills", unknown: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """Recruiters who advance candidates mostly on ``driver``, a little on experience."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, size=(n, len(COMPONENTS)))
    signal = 0.8 * x[:, COMPONENTS.index(driver)] + 0.2 * x[:, COMPONENTS.index("experience")]
    y = (signal + rng.normal(0, 8, size=n) > 50).astype(int)
    x[rng.uniform(size=x.shape) < unknown] = np.nan
    return x, y


@pytest.mark.parametrize("driver", ["skills", "languages", "cause"])
def test_recovers_the_component_decisions_depend_on(driver):
    x, y = decisions(driver=driver)
    weights = WeightLearner().fit(x, y, current_weights=EQUAL).proposed_weights_
    assert max(weights, key=weights.__getitem__) == driver
    assert weights[driver] > 0.4
    assert set(weights) == set(COMPONENTS)


def test_proposal_keeps_the_total_of_the_weights_in_force():
    x, y = decisions()
    current = dict.fromkeys(COMPONENTS, 10.0)
    weights = WeightLearner().fit(x, y, current_weights=current).proposed_weights_
    assert sum(weights.values()) == pytest.approx(90.0, abs=1e-3)
    assert all(w >= 0 for w in weights.values())


def test_without_current_weights_the_proposal_sums_to_one():
    x, y = decisions()
    weights = WeightLearner().fit(x, y).proposed_weights_
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-3)


def test_a_component_never_counts_against_a_candidate():
    x, y = decisions()
    x[:, COMPONENTS.index("location")] = np.where(y == 1, 20.0, 80.0)  # anti-correlated
    learner = WeightLearner().fit(x, y, current_weights=EQUAL)
    assert learner.proposed_weights_["location"] == 0.0
    assert learner.coefficients_["location"] == 0.0


def test_components_the_decisions_cannot_speak_about_keep_their_weight():
    x, y = decisions()
    x[:, COMPONENTS.index("board_gaps")] = np.nan  # never known
    x[:, COMPONENTS.index("governance")] = 50.0  # always the same
    current = {**EQUAL, "board_gaps": 0.3, "governance": 0.2, "cause": 0.0}
    weights = WeightLearner().fit(x, y, current_weights=current).proposed_weights_
    assert weights["board_gaps"] == 0.3
    assert weights["governance"] == 0.2
    assert weights["cause"] == 0.0  # not used for this kind of role: stays unused


def test_when_nothing_helps_the_proposal_is_the_current_weights():
    x, y = decisions()
    x = np.where(y[:, None] == 1, 10.0, 90.0) + np.arange(len(COMPONENTS))
    weights = WeightLearner().fit(x, y, current_weights=EQUAL).proposed_weights_
    assert weights == {c: round(w, 4) for c, w in EQUAL.items()}


def test_refuses_fewer_decisions_than_the_minimum():
    x, y = decisions(29)
    with pytest.raises(ValueError, match="29 decisions: at least 30 are needed"):
        WeightLearner().fit(x, y)
    assert WeightLearner(min_decisions=20).fit(x, y).n_decisions_ == 29


@pytest.mark.parametrize("label", [0, 1])
def test_refuses_decisions_all_of_one_kind(label):
    x, _ = decisions(40)
    with pytest.raises(ValueError, match="all of one kind"):
        WeightLearner().fit(x, np.full(40, label))
    with pytest.raises(ValueError, match="all of one kind"):
        WeightLearner().evaluate(x, np.full(40, label), current_weights=EQUAL)


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.zeros((40, 3)), np.zeros(40), "one column per component"),
        (np.zeros((40, len(COMPONENTS))), np.full(40, 2), "0 .not a fit. or 1"),
        (np.zeros((40, len(COMPONENTS))), np.zeros(39), "0 .not a fit. or 1"),
    ],
)
def test_refuses_malformed_input(x, y, message):
    with pytest.raises(ValueError, match=message):
        WeightLearner().fit(x, y)


def test_evaluate_gives_aucs_between_0_and_1_and_learned_weights_rank_better():
    x, y = decisions()
    current = {**EQUAL, "skills": 0.01, "text": 1.0}  # the weights in force miss the point
    figures = WeightLearner().evaluate(x, y, current_weights=current)
    assert 0.0 <= figures["auc_current"] <= 1.0
    assert 0.0 <= figures["auc_learned"] <= 1.0
    assert figures["auc_learned"] > figures["auc_current"] + 0.1
    assert figures["decisions"] == 120
    assert figures["advanced"] == int(y.sum())
    assert figures["folds"] == 5


def test_evaluate_uses_fewer_folds_when_a_decision_kind_is_rare():
    x, y = decisions(30)
    y[:] = 0
    y[:3] = 1
    figures = WeightLearner().evaluate(x, y, current_weights=EQUAL)
    assert figures["folds"] == 3
    assert figures["advanced"] == 3


def test_fit_and_evaluate_are_deterministic_with_the_seed():
    x, y = decisions()
    runs = [
        (
            WeightLearner(random_state=7).fit(x, y, current_weights=EQUAL).proposed_weights_,
            WeightLearner(random_state=7).evaluate(x, y, current_weights=EQUAL),
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_fit_returns_the_learner_and_init_only_stores_parameters():
    learner = WeightLearner(min_decisions=10, cv=3, C=0.5, random_state=3)
    assert vars(learner) == {
        "min_decisions": 10,
        "cv": 3,
        "C": 0.5,
        "random_state": 3,
        "components": COMPONENTS,
    }
    x, y = decisions()
    assert learner.fit(x, y) is learner
    assert learner.n_decisions_ == 120


@pytest.mark.parametrize(
    ("row", "applies", "expected"),
    [
        ([80.0, 40.0], [True, True], 70.0),
        ([80.0, np.nan], [True, True], 70.0),  # unknown: half the mean of the known
        ([80.0, np.nan], [True, False], 80.0),  # not applicable: left out
        ([np.nan, np.nan], [True, True], 0.0),  # nothing known: never ranks high
    ],
)
def test_weighted_scores_follow_the_matching_formula(row, applies, expected):
    scores = weighted_scores(
        [row], {"a": 3.0, "b": 1.0}, components=("a", "b"), applicable=[applies]
    )
    assert scores.tolist() == [expected]


class NoTaxonomy:
    def normalize_skill(self, text, *, limit=1):
        return []

    def normalize_title(self, text, *, limit=1):
        return []

    def normalize_cause(self, text):
        return None

    def related(self, concept_id):
        return ()

    def label(self, concept_id, lang="en"):
        return concept_id


def test_weighted_scores_agree_with_the_scorer():
    role = RoleSpec(
        id=1,
        kind="volunteer",
        title="Aide-cuisinier",
        city="Montréal",
        hours_per_week=6,
        cause="faim",
        skills=(RoleSkillSpec("Cuisine"), RoleSkillSpec("Hygiène alimentaire")),
        languages=(RoleLanguageSpec("fr", level=3),),
    )
    profiles = [
        CandidateProfile(id=1, city="Montréal", skills=(SkillClaim("cuisine"),), hours_per_week=3),
        CandidateProfile(id=2, causes=("faim",), languages=(LanguageClaim("fr", 5),)),
        CandidateProfile(id=3, city="Laval", summary="J'aime la cuisine et aider."),
        CandidateProfile(id=4),
    ]
    matches = [score(role, p, taxonomy=NoTaxonomy(), as_of=date(2025, 1, 1)) for p in profiles]
    x = [[m.components[c].score for c in COMPONENTS] for m in matches]
    applies = [[m.components[c].weight > 0 for c in COMPONENTS] for m in matches]
    ours = weighted_scores(
        np.array(x, dtype=float), resolve_weights("volunteer"), applicable=applies
    )
    assert ours.tolist() == pytest.approx([m.score for m in matches], abs=1e-6)
