"""The repeating sections of a profile, and how a file's items meet the stored ones.

One table (:data:`SECTIONS`) says, for positions, skills, languages and the rest, which
columns a record carries, what makes two items the same, and how an item reads to a
person. :func:`plan_section` compares a file's items with a candidate's stored items;
:mod:`app.services.profiles` both previews and applies that plan, so what the preview
shows is exactly what the import does.

Rules of a plan, for a file from source S:

* an item the candidate already holds (from any source) is not added twice;
* S's earlier items that the file no longer has are removed (the file replaces them);
* items from other sources stay;
* skills, causes and languages are unique per candidate (by folded wording or language):
  a file's language level replaces a different one, and the item becomes S's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.importers import records as rec
from app.importers.vocab import plain_words
from app.labels import LANGUAGE_LABELS, label
from app.models import (
    BoardService,
    CandidateCause,
    CandidateLanguage,
    CandidateSkill,
    Certification,
    Education,
    ExtraKind,
    Position,
    ProfileExtra,
    Volunteering,
)

Values = tuple[Any, ...]


@dataclass(frozen=True)
class Section:
    """One repeating section: its ``Candidate``/``ProfileRecord`` attribute and columns."""

    name: str
    label: Any
    model: type[Any]
    fields: tuple[str, ...]
    record: type[Any] | None  # None: the record holds the bare string (skills, causes)
    describe: Callable[[dict[str, Any]], str]
    unique: bool = False  # one item per folded first field (a database constraint)

    def values_of_record(self, item: Any) -> Values:
        if self.record is None:
            return (clip(self.model, self.fields[0], item),)
        return tuple(clip(self.model, f, getattr(item, f)) for f in self.fields)

    def values_of_item(self, item: Any) -> Values:
        return tuple(getattr(item, f) for f in self.fields)

    def to_record(self, item: Any) -> Any:
        values = self.values_of_item(item)
        if self.record is None:
            return values[0]
        return self.record(**dict(zip(self.fields, values, strict=True)))

    def key(self, values: Values) -> Any:
        if self.unique:
            return plain_words(str(values[0]))
        return values

    def text(self, values: Values) -> str:
        return self.describe(dict(zip(self.fields, values, strict=True)))


def clip(model: type[Any], name: str, value: Any) -> Any:
    """Strings stripped and cut to their column's length (PostgreSQL refuses longer ones)."""
    if not isinstance(value, str) or isinstance(value, Enum):
        return value
    value = value.strip()
    length = getattr(model.__table__.c[name].type, "length", None)
    return value[:length] if length else value


# --- how items read ------------------------------------------------------------------


def _day(day: date | None) -> str:
    if day is None:
        return ""
    return day.strftime("%Y-%m") if day.day == 1 else day.isoformat()


def period(start: date | None, end: date | None, current: bool = False) -> str:
    """ "2019-03 – present", "2010 – 2014"-like text; empty when no date is known."""
    finish = _("present") if current else _day(end)
    if not start and not finish:
        return ""
    return f"{_day(start) or '?'} – {finish or '?'}"


def _join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _with_period(text: str, v: dict[str, Any], current: bool = False) -> str:
    when = period(v.get("started_on"), v.get("finished_on"), current)
    return f"{text} ({when})" if when else text


def _position(v: dict[str, Any]) -> str:
    return _with_period(_join(v["title"], v["company"], v["location"]), v, v["is_current"])


def _education(v: dict[str, Any]) -> str:
    return _with_period(_join(v["school"], v["degree"], v["field_of_study"]), v)


def _language(v: dict[str, Any]) -> str:
    name = str(LANGUAGE_LABELS.get(v["language"], v["language"]))
    return _join(name, str(label(v["level"])) if v["level"] else "", sep=" — ")


def _volunteering(v: dict[str, Any]) -> str:
    return _with_period(_join(_join(v["role"], v["organization_name"]), v["cause"], sep=" — "), v)


def _certification(v: dict[str, Any]) -> str:
    text = _join(v["name"], v["authority"])
    if v["issued_on"]:
        text += " " + _("(issued %(date)s)", date=_day(v["issued_on"]))
    return text


def _board_service(v: dict[str, Any]) -> str:
    return _with_period(_join(v["organization_name"], v["role"], v["committee"]), v)


EXTRA_LABELS = {
    ExtraKind.AWARD: _l("Award"),
    ExtraKind.PROJECT: _l("Project"),
    ExtraKind.COURSE: _l("Course"),
    ExtraKind.PUBLICATION: _l("Publication"),
    ExtraKind.INTEREST: _l("Interest"),
    ExtraKind.MEMBERSHIP: _l("Membership"),
}


def _extra(v: dict[str, Any]) -> str:
    kind = EXTRA_LABELS.get(v["kind"], v["kind"])
    return _with_period(f"{kind}: " + _join(v["title"], v["subtitle"], sep=" — "), v)


SECTIONS: tuple[Section, ...] = (
    Section(
        "positions",
        _l("Positions"),
        Position,
        ("title", "company", "location", "description", "started_on", "finished_on", "is_current"),
        rec.PositionRecord,
        _position,
    ),
    Section(
        "educations",
        _l("Education"),
        Education,
        ("school", "degree", "field_of_study", "started_on", "finished_on"),
        rec.EducationRecord,
        _education,
    ),
    Section("skills", _l("Skills"), CandidateSkill, ("label",), None, lambda v: v["label"], True),
    Section(
        "languages",
        _l("Languages"),
        CandidateLanguage,
        ("language", "level"),
        rec.LanguageRecord,
        _language,
        True,
    ),
    Section(
        "volunteering",
        _l("Volunteering"),
        Volunteering,
        ("organization_name", "role", "cause", "description", "started_on", "finished_on"),
        rec.VolunteeringRecord,
        _volunteering,
    ),
    Section("causes", _l("Causes"), CandidateCause, ("cause",), None, lambda v: v["cause"], True),
    Section(
        "certifications",
        _l("Certifications"),
        Certification,
        ("name", "authority", "url", "issued_on", "expires_on"),
        rec.CertificationRecord,
        _certification,
    ),
    Section(
        "board_services",
        _l("Board and committee experience"),
        BoardService,
        ("organization_name", "role", "committee", "started_on", "finished_on"),
        rec.BoardServiceRecord,
        _board_service,
    ),
    Section(
        "extras",
        _l("Awards, projects and other sections"),
        ProfileExtra,
        ("kind", "title", "subtitle", "description", "url", "started_on", "finished_on"),
        rec.ExtraRecord,
        _extra,
    ),
)
SECTION_BY_NAME = {section.name: section for section in SECTIONS}


# --- planning ------------------------------------------------------------------------


@dataclass
class SectionPlan:
    """What applying a file does to one section of one candidate."""

    section: Section
    add: list[Values] = field(default_factory=list)
    remove: list[Any] = field(default_factory=list)  # stored items
    update: list[tuple[Any, Values]] = field(default_factory=list)  # (stored item, new values)

    def __bool__(self) -> bool:
        return bool(self.add or self.remove or self.update)


def _wanted(section: Section, items: Sequence[Any]) -> list[Values]:
    """The file's items, cleaned, empty ones dropped, each identity once (first wins)."""
    seen: dict[Any, Values] = {}
    for item in items:
        values = section.values_of_record(item)
        if not any(v for v in values if isinstance(v, str) and not isinstance(v, Enum)):
            continue  # nothing written: a position needs at least a title or a company
        seen.setdefault(section.key(values), values)
    return list(seen.values())


def _differs(section: Section, old: Values, new: Values) -> bool:
    """A real change: for unique sections a new wording of the same skill is not one."""
    if section.unique:
        return old[1:] != new[1:]
    return old != new


def _takes_over(section: Section, old: Values, new: Values) -> bool:
    """Whether a file's item replaces another source's item with the same identity."""
    return section.name == "languages" and new[1] is not None and new[1] != old[1]


def plan_section(
    section: Section, stored: Sequence[Any], items: Sequence[Any], source: Any
) -> SectionPlan:
    """Compare a file's ``items`` (records) with the candidate's ``stored`` items."""
    plan = SectionPlan(section)
    own = {section.key(section.values_of_item(i)): i for i in stored if i.source == source}
    other = {section.key(section.values_of_item(i)): i for i in stored if i.source != source}
    kept: set[int] = set()
    for values in _wanted(section, items):
        key = section.key(values)
        if key in own:
            item = own[key]
            kept.add(id(item))
            if _differs(section, section.values_of_item(item), values):
                plan.update.append((item, values))
        elif key in other:
            item = other[key]
            if _takes_over(section, section.values_of_item(item), values):
                plan.update.append((item, values))
        else:
            plan.add.append(values)
    plan.remove = [item for item in own.values() if id(item) not in kept]
    return plan
