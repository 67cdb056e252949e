"""Saving the profile form: the candidate's own edits, or a recruiter's on their behalf.

The form hands over plain values (:class:`ProfileInput`); this module compares them
with what is stored so that only real changes are written and stamped. An item the
person did not touch keeps its source and date (an imported LinkedIn position stays
"LinkedIn, 24 Nov 2026"); an item they typed or edited becomes theirs
(``Source.FORM``, or ``Source.RECRUITER`` for staff). Items are matched by id, and
only among this candidate's own items: an id that is not theirs makes a new item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.extensions import db
from app.models import (
    BoardService,
    Candidate,
    CandidateCause,
    CandidateLanguage,
    CandidateSkill,
    Certification,
    Education,
    Organization,
    Position,
    ProfileExtra,
    Source,
    User,
    Volunteering,
)
from app.models.base import utcnow
from app.services import audit, matching, profiles

#: The candidate's own columns the form edits, in the order the form shows them.
SCALAR_FIELDS = profiles.CANDIDATE_COLUMNS

#: Each repeating section: its model and the columns the form edits.
SECTIONS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "positions": (
        Position,
        ("title", "company", "location", "started_on", "finished_on", "is_current", "description"),
    ),
    "educations": (
        Education,
        ("school", "degree", "field_of_study", "started_on", "finished_on"),
    ),
    "skills": (CandidateSkill, ("label",)),
    "languages": (CandidateLanguage, ("language", "level")),
    "volunteering": (
        Volunteering,
        ("organization_name", "role", "cause", "started_on", "finished_on", "description"),
    ),
    "causes": (CandidateCause, ("cause",)),
    "certifications": (Certification, ("name", "authority", "url", "issued_on", "expires_on")),
    "board_services": (
        BoardService,
        ("organization_name", "role", "committee", "started_on", "finished_on"),
    ),
    "extras": (
        ProfileExtra,
        ("kind", "title", "subtitle", "url", "started_on", "finished_on", "description"),
    ),
}

#: Sections whose rows are unique per candidate (a database constraint) on this column.
UNIQUE_KEYS = {"skills": "label", "languages": "language", "causes": "cause"}

#: Item dates are entered to the month: a stored 15 March and a typed "2021-03" agree.
MONTH_DATES = frozenset({"started_on", "finished_on", "issued_on", "expires_on"})


@dataclass(slots=True)
class ItemInput:
    """One row of a repeating section: the id it was shown with (if any) and its values."""

    id: int | None
    values: dict[str, Any]


@dataclass(slots=True)
class ProfileInput:
    """Everything the form says: candidate columns, and the rows of each section."""

    fields: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, list[ItemInput]] = field(default_factory=dict)


@dataclass(slots=True)
class SaveResult:
    """What a save changed: candidate columns, and (added, changed, removed) per section."""

    fields: list[str] = field(default_factory=list)
    sections: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(any(counts) for counts in self.sections.values())


def save_profile(
    candidate: Candidate, data: ProfileInput, *, source: Source, actor: User | None
) -> SaveResult:
    """Write the form's values onto ``candidate``; flush, never commit.

    Parameters
    ----------
    candidate : Candidate
        The profile being edited.
    data : ProfileInput
        The form's values, already validated (sections without duplicates).
    source : Source
        ``Source.FORM`` when the candidate edits, ``Source.RECRUITER`` for staff.
    actor : User or None
        Who saved, for the audit log.

    Returns
    -------
    SaveResult
        What changed; nothing is written (no audit, no matching touch) when nothing did.
    """
    result = SaveResult(fields=_save_fields(candidate, data.fields, source))
    for name, rows in data.sections.items():
        result.sections[name] = _save_section(candidate, name, rows, source)
    if not result.changed:
        return result
    db.session.flush()
    matching.touch(_org(candidate), [candidate.id])
    audit.record(
        "profile.updated",
        organization_id=candidate.organization_id,
        actor_id=actor.id if actor else None,
        target_type="candidate",
        target_id=candidate.id,
        fields=result.fields,
        sections={name: list(counts) for name, counts in result.sections.items() if any(counts)},
        source=source.value,
    )
    return result


def same_value(name: str, old: Any, new: Any) -> bool:
    """Whether a typed value says the same as the stored one (blank = None, month dates)."""
    if isinstance(old, date) and isinstance(new, date) and name in MONTH_DATES:
        return (old.year, old.month) == (new.year, new.month)
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        return sorted(old or ()) == sorted(new or ())
    if old is None or isinstance(old, str):
        return _text(old) == _text(new) if new is None or isinstance(new, str) else old == new
    return bool(old == new)


def _text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _save_fields(candidate: Candidate, values: dict[str, Any], source: Source) -> list[str]:
    changed = []
    stamp = {"source": source.value, "at": utcnow().date().isoformat()}
    sources = dict(candidate.field_sources or {})
    for name in SCALAR_FIELDS:
        if name not in values or same_value(name, getattr(candidate, name), values[name]):
            continue
        setattr(candidate, name, values[name])
        sources[name] = dict(stamp)
        changed.append(name)
    if changed:
        candidate.field_sources = sources  # a new dict, so the JSON column sees the change
    return changed


def _save_section(
    candidate: Candidate, name: str, rows: list[ItemInput], source: Source
) -> tuple[int, int, int]:
    model, columns = SECTIONS[name]
    items: list[Any] = getattr(candidate, name)
    own = {item.id: item for item in items}
    kept: list[Any] = []
    new_rows: list[dict[str, Any]] = []
    changed = 0
    for row in rows:
        item = own.pop(row.id, None) if row.id is not None else None
        if item is None or _key_changed(name, item, row.values):
            new_rows.append(row.values)
            if item is not None:  # its unique key changed: a different item now
                own[item.id] = item
            continue
        if _update(item, columns, row.values, source):
            changed += 1
        kept.append(item)
    removed = list(own.values())
    for item in removed:
        items.remove(item)
    if removed and name in UNIQUE_KEYS:
        db.session.flush()  # deletes first, or a re-typed skill would collide with its old row
    for values in new_rows:
        items.append(_new_item(candidate, model, values, source))
    return len(new_rows), changed, len(removed)


def _key_changed(name: str, item: Any, values: dict[str, Any]) -> bool:
    key = UNIQUE_KEYS.get(name)
    return key is not None and not same_value(key, getattr(item, key), values.get(key))


def _update(item: Any, columns: tuple[str, ...], values: dict[str, Any], source: Source) -> bool:
    dirty = [c for c in columns if c in values and not same_value(c, getattr(item, c), values[c])]
    for column in dirty:
        setattr(item, column, values[column])
    if dirty:
        item.source = source
        item.recorded_at = utcnow()
        _enrich(item)
    return bool(dirty)


def _new_item(
    candidate: Candidate, model: type[Any], values: dict[str, Any], source: Source
) -> Any:
    item = model(organization_id=candidate.organization_id, source=source, **values)
    _enrich(item)
    return item


def _enrich(item: Any) -> None:
    """Taxonomy concepts for what the matching library compares by concept."""
    if isinstance(item, CandidateSkill):
        item.concept_id = profiles.skill_concept(item.label)
    elif isinstance(item, Position):
        item.title_concept = profiles.title_concept(item.title)


def _org(candidate: Candidate) -> Organization:
    org = db.session.get(Organization, candidate.organization_id)
    assert org is not None
    return org
