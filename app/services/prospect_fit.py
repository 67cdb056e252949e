"""Prospects whose position or company suggests a fit for an open role (dashboard).

A prospect fits a role when the taxonomy recognizes the same occupation in their
position and in the role's title ("Accountant" and "Comptable bénévole"), or a
related one (one is broader or narrower than the other, or both sit in the same
occupation group); failing that, when their position shares a topical word with
the role's title, skills or the title's names in both languages ("communications"
in "Directrice des communications" and "Bénévole aux communications"). Words that
say only how senior or what kind of job it is ("senior", "bénévole", "manager")
never count alone. A company in the role's cause area ("Banque alimentaire…" for
food security) adds to a fit but is not one by itself.

Bounded cost: only the ``SCAN_LIMIT`` most recently imported prospects not yet
invited are read (two columns of text each); each distinct position is looked up
once per request, and the taxonomy's answer is kept for the process (the
taxonomy never changes while it runs), at most ``MAX_NEW_TITLES`` new lookups a
request, so a first dashboard after importing thousands of connections stays
fast and later ones catch up. Positions not looked up yet still fit by words.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Organization, Prospect, Role
from app.services import matching
from matching.text import fold, match_key

SCAN_LIMIT = 2000
MAX_FITS = 10
MAX_NEW_TITLES = 25
_CACHE_SIZE = 20_000
MIN_WORD = 4

#: Words that say how senior a job is or on what terms it is held: "Comptable bénévole"
#: and "Senior Accountant" name an occupation once they are left out.
KIND_WORDS = frozenset(
    {"senior", "junior", "principal", "benevole", "volunteer", "stagiaire", "intern", "interim"}
)
#: Words that say what kind of job it is, not what it is about: shared alone, no fit.
_GENERIC = """
    chef head lead adjoint assistant associe associate membre member etudiant student
    retraite retired freelance consultant independant self employed owner proprietaire
    fondateur founder manager gestionnaire directeur director coordonnateur coordinator
    coordinateur conseiller advisor adviser agent charge responsable specialiste specialist
    analyste analyst officer administrateur administrator president vice general generale
"""
GENERIC_WORDS = KIND_WORDS | frozenset(_GENERIC.split())

SAME_TITLE, RELATED_TITLE, SHARED_WORD, SAME_CAUSE = 3, 2, 1, 1
MAX_WORD_POINTS = 2


@dataclass(frozen=True)
class ProspectSummary:
    id: int
    first_name: str
    last_name: str
    company: str
    position: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class ProspectFit:
    """A prospect, the open role they seem to fit best, and why."""

    prospect: ProspectSummary
    role: Role
    score: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _RoleKeys:
    role: Role
    concept: str | None
    related: frozenset[str]
    groups: frozenset[str]
    words: frozenset[str]
    cause: str | None


# --- the taxonomy, looked up once per distinct text ------------------------------------

_titles: dict[str, str | None] = {}
_titles_lock = threading.Lock()


def _title_concept(text: str) -> str | None:
    """The occupation a title names, trying it without "senior", "bénévole"… if need be."""
    tax = matching.taxonomy()
    for attempt in dict.fromkeys((text, _core(text))):
        found = tax.normalize_title(attempt, limit=1) if attempt else []
        if found and found[0].confidence >= matching.CONFIDENT:
            return found[0].concept_id
    return None


def _core(text: str) -> str:
    return " ".join(w for w in match_key(text).split() if w not in KIND_WORDS)


def _cached_title(key: str, text: str, budget: list[int]) -> tuple[bool, str | None]:
    """(known, concept) for a position; unknown once the request's budget is spent."""
    with _titles_lock:
        if key in _titles:
            return True, _titles[key]
    if budget[0] <= 0:
        return False, None
    budget[0] -= 1
    concept = _title_concept(text)
    with _titles_lock:
        if len(_titles) >= _CACHE_SIZE:
            _titles.clear()
        _titles[key] = concept
    return True, concept


def topical_words(*texts: str) -> frozenset[str]:
    """The words of ``texts`` that say what a job is about (folded, singular, masculine).

    Examples
    --------
    >>> sorted(topical_words("Directrice des communications", "Senior Accountant"))
    ['accountant', 'communication']
    """
    words: set[str] = set()
    for text in texts:
        words.update(w for w in match_key(text).split() if len(w) >= MIN_WORD)
    return frozenset(words - GENERIC_WORDS)


def _role_keys(role: Role) -> _RoleKeys:
    tax = matching.taxonomy()
    concept = _cached_title(fold(role.title), role.title, [1])[1]
    names = [tax.label(concept, "fr"), tax.label(concept, "en")] if concept else []
    skills = [s.name for s in role.skills]
    return _RoleKeys(
        role=role,
        concept=concept,
        related=frozenset(tax.related(concept)) if concept else frozenset(),
        groups=frozenset(tax.broader(concept)) if concept else frozenset(),
        words=topical_words(role.title, *names, *skills),
        cause=tax.normalize_cause(role.cause) if role.cause else None,
    )


# --- scoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Title:
    """What a position says, worked out once per distinct position in a request."""

    concept: str | None
    broader: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True)
class _Fit:
    points: int
    keys: _RoleKeys
    occupation: str | None  # "same", "related" or None
    shared: tuple[str, ...]
    same_cause: bool

    def reasons(self) -> tuple[str, ...]:
        out = []
        if self.occupation == "same":
            out.append(str(_l("same occupation as the role")))
        elif self.occupation == "related":
            out.append(str(_l("a related occupation")))
        if self.shared:
            out.append(str(_l("shares “%(words)s”", words=", ".join(self.shared[:3]))))
        if self.same_cause:
            out.append(str(_l("works in the role's cause")))
        return tuple(out)


def _occupation(keys: _RoleKeys, title: _Title) -> str | None:
    if title.concept is None or keys.concept is None:
        return None
    if title.concept == keys.concept:
        return "same"
    if title.concept in keys.related or title.broader & keys.groups:
        return "related"
    return None


def _fit(keys: _RoleKeys, title: _Title, cause: str | None) -> _Fit | None:
    occupation = _occupation(keys, title)
    shared = tuple(sorted(title.words & keys.words))
    if occupation is None and not shared:
        return None
    same_cause = cause is not None and cause == keys.cause
    points = {"same": SAME_TITLE, "related": RELATED_TITLE, None: 0}[occupation]
    points += min(len(shared), MAX_WORD_POINTS) * SHARED_WORD + same_cause * SAME_CAUSE
    return _Fit(points, keys, occupation, shared, same_cause)


class _Roles:
    """The open roles' keys, and their union for a quick "no fit at all" answer."""

    def __init__(self, roles: Sequence[Role]) -> None:
        self.keys = [_role_keys(role) for role in roles]
        self.words = frozenset().union(*(k.words for k in self.keys))
        self.concepts = frozenset().union(*({k.concept} | k.related for k in self.keys)) - {None}
        self.groups = frozenset().union(*(k.groups for k in self.keys))

    def may_fit(self, title: _Title) -> bool:
        return bool(
            title.words & self.words
            or title.concept in self.concepts
            or title.broader & self.groups
        )

    def best(self, title: _Title, cause: str | None) -> _Fit | None:
        best: _Fit | None = None
        for keys in self.keys:
            fit = _fit(keys, title, cause)
            if fit is not None and (best is None or fit.points > best.points):
                best = fit
        return best


def _recent_prospects(org: Organization, scan: int) -> list[ProspectSummary]:
    rows = db.session.execute(
        select(
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.position,
        )
        .where(
            Prospect.organization_id == org.id,
            Prospect.invited_at.is_(None),
            Prospect.position != "",
        )
        .order_by(Prospect.created_at.desc(), Prospect.id.desc())
        .limit(scan)
    )
    return [ProspectSummary(*row) for row in rows]


def prospect_fits(
    org: Organization,
    roles: Sequence[Role],
    *,
    limit: int = MAX_FITS,
    scan: int = SCAN_LIMIT,
    new_titles: int = MAX_NEW_TITLES,
) -> list[ProspectFit]:
    """Up to ``limit`` prospects not yet invited who seem to fit one of ``roles``.

    Best fit first (same occupation, then related, then shared words; a shared
    cause breaks ties), then the most recently imported. Each prospect appears
    once, with the role they fit best.
    """
    if not roles or limit <= 0:
        return []
    open_roles = _Roles(roles)
    budget = [new_titles]
    titles: dict[str, _Title] = {}
    causes: dict[str, str | None] = {}
    found: list[tuple[int, int, ProspectSummary, _Fit]] = []
    for order, prospect in enumerate(_recent_prospects(org, scan)):
        key = fold(prospect.position)
        title = titles.get(key)
        if title is None:
            title = titles[key] = _title(key, prospect.position, budget)
        if not open_roles.may_fit(title):
            continue
        fit = open_roles.best(title, _cause(prospect.company, causes))
        if fit is not None:
            found.append((-fit.points, order, prospect, fit))
    found.sort(key=lambda item: item[:2])
    return [
        ProspectFit(prospect, fit.keys.role, fit.points, fit.reasons())
        for _points, _order, prospect, fit in found[:limit]
    ]


def _title(key: str, position: str, budget: list[int]) -> _Title:
    concept = _cached_title(key, position, budget)[1]
    broader = frozenset(matching.taxonomy().broader(concept)) if concept else frozenset()
    return _Title(concept, broader, topical_words(position))


def _cause(company: str, seen: dict[str, str | None]) -> str | None:
    if not company:
        return None
    if company not in seen:
        seen[company] = matching.taxonomy().normalize_cause(company)
    return seen[company]
