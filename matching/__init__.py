"""Rallier's matching library: score and rank candidates for a role, with the reasons.

A pure library: the standard library, numpy, scipy, scikit-learn and rapidfuzz,
never Flask, SQLAlchemy or the web application. Data goes in and out as the frozen
dataclasses of :mod:`matching.types`.

The public names below are imported on first use, so ``import matching`` stays
cheap (no numpy or scipy until something needs them).

=====================  ===========================================================
name                   what it is
=====================  ===========================================================
``score``              score one candidate for one role, with the explanation
``rank_profiles``      rank a list of candidates, one by one (reference)
``CandidateIndex``     precomputed, vectorized ranking of many candidates
``DEFAULT_WEIGHTS``    the weights per role kind (points out of 100)
``resolve_weights``    a role's weights: defaults merged with its overrides
``TextModel``          the binary TF-IDF weights of text relevance
``Taxonomy``           the bilingual skill, title and cause taxonomy
``load_default``       the taxonomy shipped with Rallier (cached)
=====================  ===========================================================

Examples
--------
>>> import matching
>>> matching.resolve_weights("board")["governance"]
0.25
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from matching.components import TextModel
    from matching.index import CandidateIndex
    from matching.scoring import rank_profiles, score
    from matching.taxonomy import Taxonomy, load_default
    from matching.weights import DEFAULT_WEIGHTS, resolve_weights

_LAZY = {
    "score": "matching.scoring",
    "rank_profiles": "matching.scoring",
    "CandidateIndex": "matching.index",
    "DEFAULT_WEIGHTS": "matching.weights",
    "resolve_weights": "matching.weights",
    "TextModel": "matching.components",
    "Taxonomy": "matching.taxonomy",
    "load_default": "matching.taxonomy",
}

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "CandidateIndex",
    "CandidateProfile",
    "ComponentScore",
    "Evidence",
    "Match",
    "RoleSpec",
    "SkillMatch",
    "Taxonomy",
    "TaxonomyLike",
    "TextModel",
    "load_default",
    "rank_profiles",
    "resolve_weights",
    "score",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'matching' has no attribute {name!r}")
