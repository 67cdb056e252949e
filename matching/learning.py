"""Learning component weights from recruiters' decisions, visibly and reversibly.

Each decision a recruiter makes (shortlisted or further, or *not a fit*) is one row
of component scores (0–100, NaN where the component is unknown) and one label
(1 = advanced, 0 = not a fit). :class:`WeightLearner` fits a logistic regression
to these rows and turns its coefficients into weights that sum like the weights in
force, then measures by cross-validation whether ranking by the new weights would
have agreed with the recruiters' decisions better than ranking by the current ones.

The learner only proposes: the web application shows the proposal beside the
weights in force and a person accepts it, or resets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matching.types import COMPONENTS
from matching.weights import UNKNOWN_CREDIT

__all__ = ["WeightLearner", "weighted_scores"]

FloatArray = NDArray[np.float64]


def weighted_scores(
    scores: ArrayLike,
    weights: Mapping[str, float],
    *,
    components: Sequence[str] = COMPONENTS,
    applicable: ArrayLike | None = None,
) -> FloatArray:
    """Score rows of component scores with given weights, as :mod:`matching.scoring` does.

    The weights of the components that apply are normalized to sum to 1; ``S`` is the
    weighted sum of the known scores and ``coverage`` the weight of the known
    components; the score is ``(1 - r) * S + r * S / coverage`` with
    ``r = UNKNOWN_CREDIT`` (an unknown component counts as ``r`` times the mean of the
    known ones), and 0 when nothing is known.

    Parameters
    ----------
    scores : array-like of shape (n_rows, n_components)
        Component scores 0–100 in the order of ``components``; NaN means unknown.
    weights : mapping of str to float
        Weight per component name, on any scale; a component absent weighs 0.
    components : sequence of str, default=COMPONENTS
        The component each column of ``scores`` holds.
    applicable : array-like of bool, shape (n_rows, n_components), optional
        Whether each component applies to the row's role (the role gives it data);
        every component applies if omitted.

    Returns
    -------
    ndarray of shape (n_rows,)
        Scores 0–100.

    Examples
    --------
    >>> nan = float("nan")
    >>> weighted_scores([[80.0, 40.0], [80.0, nan], [nan, nan]], {"a": 1, "b": 1},
    ...                 components=("a", "b")).tolist()
    [60.0, 60.0, 0.0]
    >>> weighted_scores([[80.0, nan]], {"a": 1, "b": 1}, components=("a", "b"),
    ...                 applicable=[[True, False]]).tolist()
    [80.0]
    """
    values = np.asarray(scores, dtype=float)
    w = np.array([float(weights.get(name, 0.0)) for name in components])
    row_weights = np.broadcast_to(w, values.shape)
    if applicable is not None:
        row_weights = np.where(np.asarray(applicable, dtype=bool), row_weights, 0.0)
    total = row_weights.sum(axis=1)
    known = ~np.isnan(values)
    points = _ratio((np.where(known, values, 0.0) * row_weights).sum(axis=1), total)
    coverage = _ratio((known * row_weights).sum(axis=1), total)
    r = UNKNOWN_CREDIT
    ranked: FloatArray = (1 - r) * points + r * _ratio(points, coverage)
    return ranked


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / den``, 0 where ``den`` is 0."""
    out: FloatArray = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return out


class WeightLearner:
    """Propose component weights from recruiters' past decisions.

    A logistic regression learns how much each component's score raised the odds
    that a recruiter advanced a candidate. Its coefficients, on scores rescaled to
    0–1 and deliberately *not* standardized, are per-point effects, which is what a
    weight in a weighted mean is; they are rescaled to share the total the current
    weights give to the components the decisions can speak about.

    Unknown scores (NaN) are replaced by the mean of the known scores of that
    component in the data being fitted: an unknown component then neither helps nor
    hurts a candidate in the fit, just as "unknown is not no, and not yes" in the
    matching. Components the decisions say nothing about (never known, or always the
    same score) and components weighing 0 now (not used for this kind of role) keep
    their current weight.

    Negative coefficients are clipped to 0: a component should never count against
    a candidate (being better at the skills a role asks for must not lower a score,
    which nobody could explain to the candidate); a negative coefficient on a few
    dozen decisions is noise or the shadow of a correlated component. If every
    coefficient is clipped, the proposal is the current weights.

    Parameters
    ----------
    min_decisions : int, default=30
        Fewer decisions than this are refused: weights learned from a handful of
        decisions would follow chance, not the recruiters' judgement.
    cv : int, default=5
        Number of stratified folds :meth:`evaluate` uses (fewer if a class has fewer
        decisions than folds, never fewer than 2).
    C : float, default=1.0
        Inverse strength of the logistic regression's L2 regularization.
    random_state : int, default=0
        Seed of the fold shuffling, so that the same decisions give the same figures.
    components : sequence of str, default=COMPONENTS
        The component each column of ``X`` holds.

    Attributes
    ----------
    proposed_weights_ : dict of str to float
        The proposed weight of every component, summing to the current weights' total
        (to 1 when no current weights are given).
    coefficients_ : dict of str to float
        The logistic regression's coefficients per component learned from (after
        clipping at 0), for those curious about the raw figures.
    n_decisions_ : int
        Number of decisions fitted.

    Examples
    --------
    Recruiters who advance candidates mostly on their skills:

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(0, 100, size=(200, 3))
    >>> y = (X[:, 0] + rng.normal(0, 10, size=200) > 50).astype(int)
    >>> current = {"skills": 1.0, "text": 1.0, "cause": 1.0}
    >>> learner = WeightLearner(components=("skills", "text", "cause"))
    >>> weights = learner.fit(X, y, current_weights=current).proposed_weights_
    >>> max(weights, key=weights.__getitem__), round(sum(weights.values()), 2)
    ('skills', 3.0)
    >>> figures = learner.evaluate(X, y, current_weights=current)
    >>> figures["auc_learned"] > figures["auc_current"], figures["decisions"]
    (True, 200)
    """

    def __init__(
        self,
        *,
        min_decisions: int = 30,
        cv: int = 5,
        C: float = 1.0,  # noqa: N803 - scikit-learn's name for it
        random_state: int = 0,
        components: Sequence[str] = COMPONENTS,
    ) -> None:
        self.min_decisions = min_decisions
        self.cv = cv
        self.C = C
        self.random_state = random_state
        self.components = components

    def fit(
        self,
        X: ArrayLike,  # noqa: N803 - scikit-learn's name for it
        y: ArrayLike,
        *,
        current_weights: Mapping[str, float] | None = None,
    ) -> WeightLearner:
        """Learn weights from decisions.

        Parameters
        ----------
        X : array-like of shape (n_decisions, n_components)
            Component scores 0–100 of each decided candidate; NaN where unknown.
        y : array-like of shape (n_decisions,)
            1 when the candidate was shortlisted or advanced, 0 when not a fit.
        current_weights : mapping of str to float, optional
            The weights in force; the proposal keeps their total, and their weight for
            the components the decisions cannot speak about. Equal weights if omitted.

        Returns
        -------
        self : WeightLearner
            The fitted learner, with ``proposed_weights_``.

        Raises
        ------
        ValueError
            With fewer than ``min_decisions`` decisions, or decisions all of one kind.
        """
        scores, labels = self._check(X, y)
        self.proposed_weights_, self.coefficients_ = self._learn(scores, labels, current_weights)
        self.n_decisions_ = len(labels)
        return self

    def evaluate(
        self,
        X: ArrayLike,  # noqa: N803 - scikit-learn's name for it
        y: ArrayLike,
        *,
        current_weights: Mapping[str, float],
        applicable: ArrayLike | None = None,
    ) -> dict[str, Any]:
        """Compare, by cross-validation, ranking with the current and with learned weights.

        The decisions are split in ``cv`` stratified folds (shuffled with
        ``random_state``). For each fold, weights are learned from the other folds
        only, then the fold's candidates are scored by :func:`weighted_scores` (the
        matching's own formula) under the current and under the learned weights; the
        ROC AUC of each ranking against the decisions is averaged over the folds.

        Parameters
        ----------
        X : array-like of shape (n_decisions, n_components)
            Component scores 0–100; NaN where unknown.
        y : array-like of shape (n_decisions,)
            1 = advanced, 0 = not a fit.
        current_weights : mapping of str to float
            The weights in force.
        applicable : array-like of bool, shape (n_decisions, n_components), optional
            Which components apply to each decision's role (see :func:`weighted_scores`).

        Returns
        -------
        dict
            ``auc_current`` and ``auc_learned`` (0–1, rounded to 3 places: 0.5 ranks
            like chance, 1.0 puts every advanced candidate above every rejected one),
            ``decisions`` (how many), ``advanced`` (how many were 1) and ``folds``.

        Raises
        ------
        ValueError
            As :meth:`fit` does.
        """
        scores, labels = self._check(X, y)
        applies = np.ones(scores.shape, dtype=bool) if applicable is None else applicable
        applies = np.asarray(applies, dtype=bool)
        if applies.shape != scores.shape:
            raise ValueError(f"applicable must have the shape of X, {scores.shape}")
        advanced = int(labels.sum())
        folds = max(2, min(self.cv, advanced, len(labels) - advanced))
        # Imported here: scikit-learn costs seconds at start-up, and every web worker
        # and CLI command imports this module while few ever fit anything.
        from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]
        from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        current_auc: list[float] = []
        learned_auc: list[float] = []
        for train, test in splitter.split(scores, labels):
            learned, _ = self._learn(scores[train], labels[train], current_weights)
            for weights, aucs in ((current_weights, current_auc), (learned, learned_auc)):
                ranking = weighted_scores(
                    scores[test], weights, components=self.components, applicable=applies[test]
                )
                aucs.append(float(roc_auc_score(labels[test], ranking)))
        return {
            "auc_current": round(float(np.mean(current_auc)), 3),
            "auc_learned": round(float(np.mean(learned_auc)), 3),
            "decisions": len(labels),
            "advanced": advanced,
            "folds": folds,
        }

    def _check(self, X: ArrayLike, y: ArrayLike) -> tuple[FloatArray, NDArray[np.int_]]:  # noqa: N803
        scores = np.asarray(X, dtype=float)
        labels = np.asarray(y)
        if scores.ndim != 2 or scores.shape[1] != len(self.components):
            raise ValueError(
                f"X must have one column per component ({len(self.components)}), "
                f"got shape {scores.shape}"
            )
        if labels.shape != (scores.shape[0],) or not np.isin(labels, (0, 1)).all():
            raise ValueError("y must hold one 0 (not a fit) or 1 (advanced) per row of X")
        if len(labels) < self.min_decisions:
            raise ValueError(
                f"{len(labels)} decisions: at least {self.min_decisions} are needed "
                "to learn weights"
            )
        if len(np.unique(labels)) < 2:
            raise ValueError(
                "the decisions are all of one kind: learning needs candidates both "
                "advanced and judged not a fit"
            )
        return scores, labels.astype(int)

    def _learn(
        self,
        scores: FloatArray,
        labels: NDArray[np.int_],
        current_weights: Mapping[str, float] | None,
    ) -> tuple[dict[str, float], dict[str, float]]:
        if current_weights is None:
            current = np.full(len(self.components), 1.0 / len(self.components))
        else:
            current = np.array([float(current_weights.get(c, 0.0)) for c in self.components])
        learnable = (current > 0) & _informative(scores)
        weights = current.copy()
        coefficients: dict[str, float] = {}
        if learnable.any():
            columns = scores[:, learnable] / 100.0
            columns = np.where(np.isnan(columns), np.nanmean(columns, axis=0), columns)
            from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

            model = LogisticRegression(C=self.C, max_iter=1000).fit(columns, labels)
            coef = np.clip(model.coef_[0], 0.0, None)
            names = [c for c, keep in zip(self.components, learnable, strict=True) if keep]
            coefficients = {name: round(float(v), 4) for name, v in zip(names, coef, strict=True)}
            if coef.sum() > 0:
                weights[learnable] = current[learnable].sum() * coef / coef.sum()
        proposed = {c: round(float(w), 4) for c, w in zip(self.components, weights, strict=True)}
        return proposed, coefficients


def _informative(scores: FloatArray) -> NDArray[np.bool_]:
    """Columns with at least two different known scores: the others cannot teach anything."""
    known = ~np.isnan(scores)
    low = np.where(known, scores, np.inf).min(axis=0)
    high = np.where(known, scores, -np.inf).max(axis=0)
    return np.asarray(known.any(axis=0) & (high > low))
