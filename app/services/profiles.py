"""Candidate profiles from records and back: find, create, update, preview, consent, erase.

A :class:`~app.importers.records.ProfileRecord` is what one file says about one person.
:func:`apply_record` stores it on a candidate: the file's source replaces its own earlier
items, other sources' items stay, identical items are not added twice, and every scalar
field the file has overwrites the stored one with its provenance stamped in
``Candidate.field_sources``. :func:`preview_changes` shows the same plan field by field
before anything is written. Consent and erasure live in :mod:`app.services.privacy` and
are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.importers.records import AvailabilityRecord, ProfileRecord
from app.importers.vocab import normalize_linkedin_url
from app.labels import SCHEDULE_LABELS, label
from app.models import Candidate, Organization, RoleKind, Source, User, WorkMode
from app.models.base import utcnow
from app.services import matching
from app.services.privacy import erase_candidate, give_consent, withdraw_consent
from app.services.profile_sections import SECTIONS, Section, SectionPlan, clip, plan_section

__all__ = [
    "FieldChange",
    "apply_record",
    "candidate_to_record",
    "create_candidate",
    "erase_candidate",
    "find_existing",
    "give_consent",
    "has_source",
    "preview_changes",
    "withdraw_consent",
]

ROLE_KINDS = ("volunteer", "staff", "board")
SCHEDULES = ("weekdays", "evenings", "weekends")


@dataclass(frozen=True)
class FieldChange:
    """One line of an import preview: a field or one item of a section."""

    field: str
    label: Any  # lazy translatable string
    before: str
    after: str
    change: Literal["added", "changed", "removed"]


# --- scalar fields ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScalarField:
    """A field the file may set; ``read`` gives None when the file does not say."""

    name: str
    label: Any
    read: Callable[[ProfileRecord], Any]
    get: Callable[[Candidate], Any]
    set: Callable[[Candidate, Any], None]
    show: Callable[[Any], str] = str
    attrs: tuple[str, ...] = ()

    @property
    def stamped(self) -> tuple[str, ...]:
        return self.attrs or (self.name,)


def _text(name: str, label_: Any, clean: Callable[[str], str] = lambda s: s) -> ScalarField:
    """A text field; ``clean`` normalizes both the file's value and the stored one."""

    def read(record: ProfileRecord) -> str | None:
        value = clean(clip(Candidate, name, getattr(record, name) or ""))
        return value or None

    return ScalarField(
        name,
        label_,
        read,
        lambda c: clean(getattr(c, name) or ""),
        lambda c, v: setattr(c, name, v),
    )


def _country(value: str) -> str:
    value = value.upper()
    return value if len(value) == 2 and value.isalpha() else ""


def _availability(attr: str) -> Callable[[ProfileRecord], Any]:
    def read(record: ProfileRecord) -> Any:
        value = getattr(record.availability, attr) if record.availability else None
        return value if value not in ([], "") else None

    return read


def _schedule(record: ProfileRecord) -> list[str] | None:
    chosen = record.availability.schedule if record.availability else []
    return [s for s in SCHEDULES if s in chosen] or None


def _interests_read(record: ProfileRecord) -> frozenset[str] | None:
    kinds = record.availability.role_kinds if record.availability else []
    return frozenset(k for k in kinds if k in ROLE_KINDS) or None


def _interests_get(candidate: Candidate) -> frozenset[str]:
    return frozenset(k for k in ROLE_KINDS if getattr(candidate, f"interested_{k}"))


def _interests_set(candidate: Candidate, kinds: frozenset[str]) -> None:
    for kind in ROLE_KINDS:
        setattr(candidate, f"interested_{kind}", kind in kinds)


def _show_interests(kinds: frozenset[str]) -> str:
    return ", ".join(str(label(RoleKind(k))) for k in ROLE_KINDS if k in kinds)


def _set(name: str) -> Callable[[Candidate, Any], None]:
    return lambda c, v: setattr(c, name, v)


SCALARS: tuple[ScalarField, ...] = (
    _text("first_name", _l("First name")),
    _text("last_name", _l("Last name")),
    _text("email", _l("E-mail"), str.lower),
    _text("phone", _l("Phone")),
    _text("city", _l("City")),
    _text("region", _l("Region")),
    _text("country", _l("Country"), _country),
    _text("headline", _l("Headline")),
    _text("summary", _l("Summary")),
    _text("website", _l("Website")),
    _text("linkedin_url", _l("LinkedIn profile"), normalize_linkedin_url),
    ScalarField(
        "interests",
        _l("Interested in"),
        _interests_read,
        _interests_get,
        _interests_set,
        _show_interests,
        tuple(f"interested_{k}" for k in ROLE_KINDS),
    ),
    ScalarField(
        "hours_per_week",
        _l("Hours per week"),
        _availability("hours_per_week"),
        lambda c: c.hours_per_week,
        _set("hours_per_week"),
    ),
    ScalarField(
        "schedule",
        _l("When"),
        _schedule,
        lambda c: list(c.schedule or []),
        lambda c, v: setattr(c, "schedule", list(v)),
        lambda v: ", ".join(str(SCHEDULE_LABELS[s]) for s in v),
    ),
    ScalarField(
        "available_from",
        _l("Available from"),
        _availability("available_from"),
        lambda c: c.available_from,
        _set("available_from"),
        lambda v: v.isoformat(),
    ),
    ScalarField(
        "work_mode",
        _l("Work mode"),
        _availability("work_mode"),
        lambda c: c.work_mode,
        lambda c, v: setattr(c, "work_mode", WorkMode(v)),
        lambda v: str(label(WorkMode(v))),
    ),
)


#: The candidate's own columns a profile holds, in the order forms show them.
CANDIDATE_COLUMNS: tuple[str, ...] = tuple(name for spec in SCALARS for name in spec.stamped)


def _show(spec: ScalarField, value: Any) -> str:
    return spec.show(value) if value not in (None, "", [], frozenset()) else ""


# --- the plan both preview and apply follow ----------------------------------------------


@dataclass
class Plan:
    scalars: list[tuple[ScalarField, Any]] = field(default_factory=list)
    sections: list[SectionPlan] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.scalars or any(self.sections))


def plan_changes(candidate: Candidate | None, record: ProfileRecord) -> Plan:
    """What storing ``record`` on ``candidate`` (None: a new candidate) would change."""
    plan = Plan()
    for spec in SCALARS:
        new = spec.read(record)
        current = spec.get(candidate) if candidate is not None else None
        if new is not None and current != new:
            plan.scalars.append((spec, new))
    for section in SECTIONS:
        stored = list(getattr(candidate, section.name)) if candidate is not None else []
        sp = plan_section(section, stored, getattr(record, section.name), record.source)
        if sp:
            plan.sections.append(sp)
    return plan


def preview_changes(candidate: Candidate | None, record: ProfileRecord) -> list[FieldChange]:
    """What importing ``record`` would change, field by field and item by item.

    Scalar fields come first in form order, then each section's items: ``added``
    (``before`` empty), ``removed`` (``after`` empty) or ``changed``. Values are worded
    for people in the current locale. An empty list means the file changes nothing.
    """
    plan = plan_changes(candidate, record)
    changes: list[FieldChange] = []
    for spec, new in plan.scalars:
        before = _show(spec, spec.get(candidate)) if candidate is not None else ""
        kind: Literal["added", "changed"] = "changed" if before else "added"
        changes.append(FieldChange(spec.name, spec.label, before, _show(spec, new), kind))
    for sp in plan.sections:
        changes.extend(_section_changes(sp))
    return changes


def _section_changes(sp: SectionPlan) -> list[FieldChange]:
    s = sp.section
    out = [FieldChange(s.name, s.label, "", s.text(v), "added") for v in sp.add]
    out += [
        FieldChange(s.name, s.label, s.text(s.values_of_item(item)), s.text(v), "changed")
        for item, v in sp.update
    ]
    out += [
        FieldChange(s.name, s.label, s.text(s.values_of_item(item)), "", "removed")
        for item in sp.remove
    ]
    return out


# --- storing -------------------------------------------------------------------------------


def find_existing(org: Organization, record: ProfileRecord) -> Candidate | None:
    """The organization's candidate who is the person of ``record``, if any.

    Same e-mail address (whatever its case) or same LinkedIn profile URL means same
    person; the e-mail is tried first.
    """
    in_org = select(Candidate).where(Candidate.organization_id == org.id).order_by(Candidate.id)
    email = (record.email or "").strip().lower()
    if email:
        found = db.session.scalar(in_org.where(func.lower(Candidate.email) == email).limit(1))
        if found is not None:
            return found
    url = normalize_linkedin_url(record.linkedin_url or "")
    if url:
        return db.session.scalar(in_org.where(Candidate.linkedin_url == url).limit(1))
    return None


def create_candidate(
    org: Organization, record: ProfileRecord, *, user: User | None = None
) -> Candidate:
    """A new candidate of ``org`` holding everything ``record`` says (flushed, touched)."""
    candidate = Candidate(
        organization_id=org.id,
        user_id=user.id if user else None,
        first_name="",
        source=record.source,
        field_sources={},
        schedule=[],
        # Empty collections known up front: no query to load what cannot exist yet.
        **{section.name: [] for section in SECTIONS},
        consents=[],
    )
    db.session.add(candidate)
    db.session.flush()
    if not apply_record(candidate, record):
        matching.touch(org, [candidate.id])
    return candidate


def apply_record(candidate: Candidate, record: ProfileRecord) -> bool:
    """Store ``record`` on ``candidate``; True if anything changed (then matching is touched).

    See the module docstring for the rules; new items get the record's source and the
    current time as ``recorded_at``, items kept keep theirs.
    """
    plan = plan_changes(candidate, record)
    if not plan:
        return False
    now = utcnow()
    stamp = {"source": record.source.value, "at": now.date().isoformat()}
    sources = dict(candidate.field_sources or {})
    for spec, value in plan.scalars:
        spec.set(candidate, value)
        sources.update({attr: dict(stamp) for attr in spec.stamped})
    candidate.field_sources = sources
    for sp in plan.sections:
        _apply_section(candidate, sp, record.source, now)
    db.session.flush()
    org = db.session.get(Organization, candidate.organization_id)
    if org is not None:
        matching.touch(org, [candidate.id])
    return True


def _apply_section(candidate: Candidate, sp: SectionPlan, source: Source, now: datetime) -> None:
    items = getattr(candidate, sp.section.name)
    for item in sp.remove:
        items.remove(item)  # delete-orphan: the row goes
    for item, values in sp.update:
        _fill(sp.section, item, values)
        item.source, item.recorded_at = source, now
    for values in sp.add:
        item = sp.section.model(
            organization_id=candidate.organization_id, source=source, recorded_at=now
        )
        _fill(sp.section, item, values)
        items.append(item)


def _fill(section: Section, item: Any, values: tuple[Any, ...]) -> None:
    for name, value in zip(section.fields, values, strict=True):
        setattr(item, name, value)
    if section.name == "skills":
        item.concept_id = skill_concept(item.label)
    elif section.name == "positions":
        item.title_concept = title_concept(item.title)


@lru_cache(maxsize=8192)
def skill_concept(text: str) -> str | None:
    """The taxonomy concept of a skill label, remembered (the taxonomy never changes)."""
    return matching.skill_concept(text)


@lru_cache(maxsize=8192)
def title_concept(text: str) -> str | None:
    """The occupation a position title stands for, when the taxonomy is confident."""
    found = matching.taxonomy().normalize_title(text, limit=1) if text.strip() else []
    return found[0].concept_id if found and found[0].confidence >= matching.CONFIDENT else None


def has_source(candidate: Candidate, source: Source) -> bool:
    """Whether the candidate already holds anything that came from ``source``."""
    if candidate.source == source:
        return True
    if any(
        entry.get("source") == source.value for entry in (candidate.field_sources or {}).values()
    ):
        return True
    return any(
        item.source == source for section in SECTIONS for item in getattr(candidate, section.name)
    )


# --- and back --------------------------------------------------------------------------------


def candidate_to_record(candidate: Candidate) -> ProfileRecord:
    """Everything the candidate's profile holds, as a record (the export's input).

    Storing the record again on the same candidate changes nothing.
    """
    record = ProfileRecord(source=candidate.source)
    for spec in SCALARS[:11]:  # the text fields, named like the record's
        setattr(record, spec.name, spec.get(candidate))
    for section in SECTIONS:
        items = sorted(getattr(candidate, section.name), key=_item_order)
        setattr(record, section.name, [section.to_record(item) for item in items])
    availability = AvailabilityRecord(
        hours_per_week=candidate.hours_per_week,
        role_kinds=sorted(_interests_get(candidate), key=ROLE_KINDS.index),
        schedule=[s for s in SCHEDULES if s in (candidate.schedule or [])],
        available_from=candidate.available_from,
        work_mode=candidate.work_mode,
    )
    if availability != AvailabilityRecord():
        record.availability = availability
    return record


def _item_order(item: Any) -> tuple[Any, ...]:
    start = getattr(item, "started_on", None)
    return (start is None, start or datetime.min.date(), item.id or 0)
