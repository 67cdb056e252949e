"""The matching library's reasons, worded in the reader's language.

The library explains each score with :class:`matching.types.Evidence` items that carry
an English sentence and, for the application, a ``code`` and its ``params`` (see
``matching.types.EVIDENCE_CODES``). This module turns them, and the required items a
candidate does not meet, into sentences of the current locale. Concepts of the
taxonomy are named in the reader's language; what people wrote (a skill, a title, a
cause) is quoted as they wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import current_locale
from app.labels import label
from app.models import LanguageLevel, WorkMode
from app.profiles.display import board_role
from app.profiles.fields import language_name
from app.services import matching
from matching.types import ComponentScore, Evidence, Match

COMPONENT_LABELS = {
    "skills": _l("Skills"),
    "text": _l("Profile text"),
    "experience": _l("Experience"),
    "languages": _l("Languages"),
    "availability": _l("Availability"),
    "location": _l("Location"),
    "cause": _l("Cause"),
    "governance": _l("Governance experience"),
    "board_gaps": _l("Board gaps closed"),
}

#: The library's levels 1–5 are LinkedIn's scale, lowest first.
LEVELS = dict(enumerate(LanguageLevel, start=1))
_LEVEL_IN_UNMET = re.compile(r"^(?P<name>.*?)\s*\(level (?P<level>[1-5])\)$")


def component_label(name: str) -> str:
    """The criterion's name for people ("Availability")."""
    return str(COMPONENT_LABELS.get(name, name))


def describe(evidence: Evidence, *, lang: str | None = None) -> str:
    """One evidence item as a sentence in ``lang`` (the current locale by default).

    Items without a known ``code`` (written by an older library) keep their English text.
    """
    wording = _WORDINGS.get(evidence.code)
    if wording is None:
        return evidence.text
    return wording(evidence.params, lang or current_locale())


def describe_unmet(item: str) -> str:
    """A required item the candidate does not meet: "missing skill: Accounting".

    The library names them ``"skill: <name>"`` and ``"language: <name> (level <n>)"``.
    """
    kind, _sep, what = item.partition(": ")
    if kind == "skill" and what:
        return _("missing skill: %(name)s", name=what)
    if kind == "language" and what:
        found = _LEVEL_IN_UNMET.match(what)
        if found:
            level = LEVELS[int(found["level"])]
            return _(
                "missing language: %(name)s (%(level)s)",
                name=language_name(found["name"], current_locale()),
                level=label(level),
            )
        return _("missing language: %(name)s", name=language_name(what, current_locale()))
    return _("missing: %(item)s", item=item)


def unknown_components(match: Match) -> list[ComponentScore]:
    """Criteria that weigh for the role but on which the profile says nothing."""
    return [c for c in match.components.values() if c.weight > 0 and c.score is None]


def top_reasons(
    match: Match, *, limit: int = 3, names: Mapping[str, str] | None = None
) -> list[str]:
    """The criteria adding most to the score, best first, skills named: one line's worth.

    ``names`` are the criteria's names already translated (a page passes them once).
    """
    adding = sorted(
        (c for c in match.components.values() if c.contribution > 0),
        key=lambda c: c.contribution,
        reverse=True,
    )
    named = names or {c.name: component_label(c.name) for c in adding[:limit]}
    reasons = []
    for component in adding[:limit]:
        text = named.get(component.name, component.name)
        if component.name == "skills" and match.matched_skills:
            skills = dict.fromkeys(s.role_skill for s in match.matched_skills)
            text = f"{text} ({', '.join(skills)})"
        reasons.append(text)
    return reasons


# --- one wording per code ------------------------------------------------------------------

Params = Mapping[str, object]


def _text(params: Params, key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


def _level(value: object) -> str:
    return str(label(LEVELS[value])) if isinstance(value, int) and value in LEVELS else ""


def _skill(params: Params, lang: str) -> str:
    concept = params.get("concept")
    recognized = matching.concept_label(concept, lang) if isinstance(concept, str) else ""
    values = {"skill": _text(params, "skill"), "label": _text(params, "label")}
    if recognized and recognized.casefold() != values["label"].casefold():
        return _("%(skill)s: “%(label)s”, recognized as %(concept)s", concept=recognized, **values)
    return _("%(skill)s: “%(label)s”", **values)


def _same_skill(params: Params, lang: str) -> str:
    return _("%(match)s (the same skill)", match=_skill(params, lang))


def _related_skill(params: Params, lang: str) -> str:
    return _("%(match)s (a related skill, half credit)", match=_skill(params, lang))


def _shared_term(params: Params, lang: str) -> str:
    concept = params.get("concept")
    term = matching.concept_label(concept, lang) if isinstance(concept, str) else ""
    return _("In the role and in the profile: %(term)s", term=term or _text(params, "word"))


def _position(params: Params) -> dict[str, str]:
    years = params.get("years")
    amount = float(years) if isinstance(years, int | float) else 0.0
    where = ", ".join(p for p in (_text(params, "title"), _text(params, "company")) if p)
    return {"position": where, "years": format_decimal(amount, format="0.0")}


def _experience_title(params: Params, lang: str) -> str:
    return _("%(position)s: %(years)s years, a similar title", **_position(params))


def _experience_seniority(params: Params, lang: str) -> str:
    return _("%(position)s: %(years)s years of experience", **_position(params))


def _experience_mentions(params: Params, lang: str) -> str:
    return _(
        "%(position)s: %(years)s years, mentions %(skill)s",
        skill=_text(params, "skill"),
        **_position(params),
    )


def _language(params: Params, lang: str) -> str:
    name = language_name(_text(params, "language"), lang)
    level, wanted = _level(params.get("level")), _level(params.get("wanted"))
    if wanted:
        return _(
            "%(language)s: %(level)s (%(wanted)s asked)", language=name, level=level, wanted=wanted
        )
    return _("%(language)s: %(level)s", language=name, level=level)


def _hours(params: Params, lang: str) -> str:
    hours, wanted = params.get("hours"), params.get("wanted")
    if not isinstance(hours, int) or not isinstance(wanted, int):
        return ""
    return ngettext(
        "Available %(num)d hour a week, of the %(wanted)d asked",
        "Available %(num)d hours a week, of the %(wanted)d asked",
        hours,
        wanted=wanted,
    )


def _schedule(params: Params, lang: str) -> str:
    times = params.get("times")
    names = (
        [str(label(t)) for t in times if isinstance(t, str)]
        if isinstance(times, tuple | list)
        else []
    )
    if not names:
        return _("Available at other times than the role's")
    return _("Available: %(times)s", times=", ".join(names))


def _lives(params: Params, lang: str) -> str:
    place = ", ".join(p for p in (_text(params, "city"), _text(params, "region")) if p)
    return _("Lives in %(place)s", place=place)


def _mode(value: object) -> str:
    try:
        return str(label(WorkMode(str(value))))
    except ValueError:
        return str(value)


def _work_mode(params: Params, lang: str) -> str:
    return _(
        "Prefers: %(mode)s; the role: %(role_mode)s",
        mode=_mode(params.get("mode")),
        role_mode=_mode(params.get("role_mode")),
    )


def _cause(params: Params, lang: str) -> str:
    return _("Cares about %(cause)s", cause=_text(params, "cause"))


def _board(params: Params, lang: str) -> str:
    values = {
        "role": board_role(_text(params, "role")),
        "organization": _text(params, "organization"),
    }
    committee = _text(params, "committee")
    if committee:
        return _(
            "Board service: %(role)s, %(organization)s (%(committee)s)",
            committee=committee,
            **values,
        )
    return _("Board service: %(role)s, %(organization)s", **values)


def _executive(params: Params, lang: str) -> str:
    where = ", ".join(p for p in (_text(params, "title"), _text(params, "company")) if p)
    return _("Senior position: %(position)s", position=where)


_WORDINGS: dict[str, Callable[[Params, str], str]] = {
    "skill.same": _same_skill,
    "skill.related": _related_skill,
    "text.shared": _shared_term,
    "experience.title": _experience_title,
    "experience.mentions": _experience_mentions,
    "experience.seniority": _experience_seniority,
    "language.level": _language,
    "availability.hours": _hours,
    "availability.schedule": _schedule,
    "location.lives": _lives,
    "location.mode": _work_mode,
    "cause.cares": _cause,
    "governance.board": _board,
    "governance.executive": _executive,
}
