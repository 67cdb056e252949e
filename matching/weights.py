"""How much each component counts, per kind of role, and how a role overrides it.

The defaults live in one table, :data:`DEFAULT_WEIGHTS`, in points out of 100 per
role kind (each column sums to 100). :func:`format_weights_table` prints it as
Markdown for the README::

    | component    | volunteer | staff | board |
    |--------------|----------:|------:|------:|
    | skills       |        20 |    30 |    10 |
    | text         |        10 |    15 |     5 |
    | experience   |         5 |    20 |    15 |
    | languages    |        10 |    10 |    10 |
    | availability |        20 |     5 |     5 |
    | location     |        15 |    10 |     5 |
    | cause        |        20 |    10 |    10 |
    | governance   |         0 |     0 |    25 |
    | board_gaps   |         0 |     0 |    15 |

Volunteers are recruited mostly on availability, cause and closeness; staff on
skills and relevant experience; board members on governance, seniority (the
experience component of a board role counts every position) and the gaps they
close on the board. A component the role gives no data for (no cause, no
language, no board gap analysis…) does not apply: the other weights are scaled
up to fill its share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from matching.types import COMPONENTS, RoleKind

__all__ = ["DEFAULT_WEIGHTS", "UNKNOWN_CREDIT", "format_weights_table", "resolve_weights"]

#: Default weights, in points out of 100, by role kind then component.
DEFAULT_WEIGHTS: Mapping[RoleKind, Mapping[str, float]] = {
    "volunteer": {
        "skills": 20,
        "text": 10,
        "experience": 5,
        "languages": 10,
        "availability": 20,
        "location": 15,
        "cause": 20,
        "governance": 0,
        "board_gaps": 0,
    },
    "staff": {
        "skills": 30,
        "text": 15,
        "experience": 20,
        "languages": 10,
        "availability": 5,
        "location": 10,
        "cause": 10,
        "governance": 0,
        "board_gaps": 0,
    },
    "board": {
        "skills": 10,
        "text": 5,
        "experience": 15,
        "languages": 10,
        "availability": 5,
        "location": 5,
        "cause": 10,
        "governance": 25,
        "board_gaps": 15,
    },
}

#: What an unknown component is worth, as a share of the candidate's average over the
#: components that are known: halfway between "no" (0) and "like the rest of the profile".
UNKNOWN_CREDIT = 0.5


def resolve_weights(
    kind: RoleKind, overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Return the weights for a role: the defaults of its kind, overridden, summing to 1.

    Parameters
    ----------
    kind : {"volunteer", "staff", "board"}
        The role kind whose column of :data:`DEFAULT_WEIGHTS` is the starting point.
    overrides : mapping of str to float, optional
        Per-role weights by component name, on any scale (they are merged with the
        defaults, which are in points out of 100, then everything is normalized).

    Returns
    -------
    dict of str to float
        One weight per name of :data:`matching.types.COMPONENTS`, in that order,
        non-negative and summing to 1.

    Raises
    ------
    ValueError
        If the kind is unknown, a component name is unknown, a weight is negative or
        not finite, or every weight ends up zero.

    Examples
    --------
    >>> w = resolve_weights("volunteer")
    >>> w["availability"], w["governance"]
    (0.2, 0.0)
    >>> w = resolve_weights("staff", {"skills": 60})
    >>> round(w["skills"], 3), round(sum(w.values()), 6)
    (0.462, 1.0)
    >>> resolve_weights("staff", {"charisma": 1})
    Traceback (most recent call last):
    ...
    ValueError: unknown matching component 'charisma'; expected one of skills, text, ...
    """
    if kind not in DEFAULT_WEIGHTS:
        raise ValueError(f"unknown role kind {kind!r}; expected volunteer, staff or board")
    merged = dict(DEFAULT_WEIGHTS[kind])
    for name, value in (overrides or {}).items():
        if name not in merged:
            known = ", ".join(COMPONENTS[:2])
            raise ValueError(f"unknown matching component {name!r}; expected one of {known}, ...")
        weight = float(value)
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"weight of {name!r} must be a non-negative number, not {value!r}")
        merged[name] = weight
    total = sum(merged.values())
    if total <= 0:
        raise ValueError("at least one matching weight must be positive")
    return {name: merged[name] / total for name in COMPONENTS}


def format_weights_table() -> str:
    """Return :data:`DEFAULT_WEIGHTS` as a Markdown table (points out of 100), for the README.

    Examples
    --------
    >>> print(format_weights_table().splitlines()[2])
    | skills       |        20 |    30 |    10 |
    """
    kinds: tuple[RoleKind, ...] = ("volunteer", "staff", "board")
    width = max(len(name) for name in COMPONENTS)
    lines = [
        "| " + "component".ljust(width) + " | " + " | ".join(kinds) + " |",
        "|" + "-" * (width + 2) + "|" + "|".join("-" * (len(k) + 1) + ":" for k in kinds) + "|",
    ]
    for name in COMPONENTS:
        cells = " | ".join(f"{DEFAULT_WEIGHTS[k][name]:>{len(k)}g}" for k in kinds)
        lines.append(f"| {name.ljust(width)} | {cells} |")
    return "\n".join(lines)
