"""Writing roles by hand: create, edit, duplicate, open/pause/close, per-role weights.

The role form speaks the role file format: it writes the document a role file would
hold, and :func:`read_document` reads it with
:func:`app.services.role_file.parse_role_file`. A role typed in the form and one
imported from a file therefore obey the same rules and export the same way.

Every function flushes, audits and announces the change to the matching index
(``touch(org, roles_only=True)``); the view commits.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from app.extensions import db
from app.labels import label
from app.models import Organization, Role, RoleLanguage, RoleSkill, RoleStatus, User
from app.services import audit, learning, matching
from app.services.errors import ServiceError
from app.services.role_file import RoleDraft, RoleFileProblem, parse_role_file
from app.services.roles import export_role
from matching.components import plan_role
from matching.types import COMPONENTS
from matching.weights import DEFAULT_WEIGHTS

#: The name problems found in a form's document carry (never shown: fields are).
FORM_DOCUMENT = "role-form.json"
MAX_TITLE = Role.__table__.c.title.type.length
#: A weight is a number of points; 100 is what all criteria share by default.
MAX_WEIGHT = 100.0

#: Which status each status can change to (the buttons a role shows).
TRANSITIONS: dict[RoleStatus, tuple[RoleStatus, ...]] = {
    RoleStatus.DRAFT: (RoleStatus.OPEN, RoleStatus.CLOSED),
    RoleStatus.OPEN: (RoleStatus.PAUSED, RoleStatus.CLOSED, RoleStatus.DRAFT),
    RoleStatus.PAUSED: (RoleStatus.OPEN, RoleStatus.CLOSED, RoleStatus.DRAFT),
    RoleStatus.CLOSED: (RoleStatus.OPEN, RoleStatus.DRAFT),
}

# Columns a draft fills as they are; lists are copied.
_SCALARS = (
    "title",
    "kind",
    "type",
    "company",
    "description",
    "location",
    "city",
    "region",
    "work_mode",
    "hours_per_week",
    "cause",
    "experience",
    "min_years_experience",
)
_LISTS = ("schedule", "responsibilities", "qualifications")
# What a duplicate does not take from its original.
_NOT_COPIED = {"id", "organization_id", "title", "status", "created_by_id", "created_at"}
_NOT_COPIED |= {"updated_at"}


def read_document(document: Mapping[str, Any]) -> RoleDraft | list[RoleFileProblem]:
    """Read a role document as a role file would be read: a draft, or every problem.

    Problems name the document's fields (``skills[1].name``), never a line.
    """
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return parse_role_file(data, filename=FORM_DOCUMENT)


def fill_role(role: Role, draft: RoleDraft) -> None:
    """Give ``role`` everything ``draft`` says; skill and language rows are replaced only
    when they changed, skills normalized to taxonomy concepts as on import."""
    for name in _SCALARS:
        setattr(role, name, getattr(draft, name))
    for name in _LISTS:
        setattr(role, name, list(getattr(draft, name)))
    skills = [(s.name, s.level, list(s.keywords), s.required) for s in draft.skills]
    if [(s.name, s.level, list(s.keywords or ()), s.required) for s in role.skills] != skills:
        role.skills = [
            RoleSkill(
                name=s.name,
                concept_id=matching.skill_concept(s.name),
                required=s.required,
                level=s.level,
                keywords=list(s.keywords),
            )
            for s in draft.skills
        ]
    languages = [(lang.language, lang.level, lang.required) for lang in draft.languages]
    if [(lang.language, lang.level, lang.required) for lang in role.languages] != languages:
        role.languages = [
            RoleLanguage(language=code, level=level, required=required)
            for code, level, required in languages
        ]


def create_role(
    org: Organization,
    draft: RoleDraft,
    *,
    actor: User,
    blind_review: bool = False,
    status: RoleStatus = RoleStatus.OPEN,
) -> Role:
    """Create a role from the form's draft; audited ``role.created``."""
    role = Role(organization_id=org.id, status=status, created_by_id=actor.id, weights={})
    fill_role(role, draft)
    role.blind_review = blind_review
    db.session.add(role)
    db.session.flush()
    _record("role.created", role, actor, kind=role.kind.value, status=role.status.value)
    matching.touch(org, roles_only=True)
    return role


def update_role(
    org: Organization, role: Role, draft: RoleDraft, *, actor: User, blind_review: bool
) -> list[str]:
    """Change a role to what the form says; the names of the fields that changed.

    Nothing changed: nothing is audited or announced, and the list is empty.
    """
    before = _snapshot(role)
    fill_role(role, draft)
    role.blind_review = blind_review
    after = _snapshot(role)
    keys = before.keys() | after.keys()
    changed = sorted(key for key in keys if before.get(key) != after.get(key))
    if changed:
        db.session.flush()
        _record("role.updated", role, actor, fields=changed)
        matching.touch(org, roles_only=True)
    return changed


def _snapshot(role: Role) -> dict[str, Any]:
    return {**export_role(role), "blindReview": role.blind_review}


def copy_title(title: str) -> str:
    """ "Copy of …" in the reader's language, cut to fit the column."""
    return _("Copy of %(title)s", title=title)[:MAX_TITLE]


def duplicate_role(org: Organization, role: Role, *, actor: User) -> Role:
    """A draft copy of the role with everything but its applications (and its history)."""
    duplicate = Role(
        organization_id=org.id,
        title=copy_title(role.title),
        status=RoleStatus.DRAFT,
        created_by_id=actor.id,
        **_columns(role, Role, _NOT_COPIED),
    )
    duplicate.skills = [RoleSkill(**_columns(s, RoleSkill, {"id", "role_id"})) for s in role.skills]
    duplicate.languages = [
        RoleLanguage(**_columns(lang, RoleLanguage, {"id", "role_id"})) for lang in role.languages
    ]
    db.session.add(duplicate)
    db.session.flush()
    _record("role.duplicated", duplicate, actor, source_role_id=role.id)
    matching.touch(org, roles_only=True)
    return duplicate


def _columns(row: Any, model: type, skip: set[str]) -> dict[str, Any]:
    """Every column value of ``row`` but ``skip``, lists and dicts copied, not shared."""
    return {
        attr.key: copy.deepcopy(getattr(row, attr.key))
        for attr in inspect(model).column_attrs
        if attr.key not in skip
    }


def change_status(org: Organization, role: Role, status: RoleStatus, *, actor: User) -> None:
    """Open, pause, close a role or put it back to draft (see :data:`TRANSITIONS`).

    Raises :class:`ServiceError` for a change its status does not allow (such as a
    second "pause" clicked by a colleague a moment later).
    """
    if status not in TRANSITIONS[role.status]:
        raise ServiceError(
            _l(
                "This role's status is “%(current)s”: it cannot change to “%(target)s”.",
                current=label(role.status),
                target=label(status),
            )
        )
    previous = role.status
    role.status = status
    db.session.flush()
    _record("role.status_changed", role, actor, from_status=previous.value, to_status=status.value)
    matching.touch(org, roles_only=True)


# --- per-role weights -------------------------------------------------------------------


@dataclass(frozen=True)
class WeightRow:
    """One criterion on the role's weights page."""

    component: str
    default: float  # the kind's default, in points
    in_force: float  # the organization's weight for the kind (learned, else the default)
    override: float | None  # the role's own weight, when it has one
    applies: bool  # whether the role gives this criterion data
    share: float  # share of this role's score (0–1) with these weights


def weight_rows(
    org: Organization, role: Role, overrides: Mapping[str, float] | None = None
) -> list[WeightRow]:
    """Per criterion: default, organization's weight, the role's override, resulting share.

    ``overrides`` previews other weights than the stored ones (a form sent back with
    an error); by default the role's own.
    """
    own = dict(role.weights or {}) if overrides is None else dict(overrides)
    in_force = learning.weights_for(org, role.kind)
    spec = matching.role_spec(role, base_weights=in_force)
    taxonomy = matching.taxonomy()
    applies = plan_role(replace(spec, weights=dict.fromkeys(COMPONENTS, 1.0)), taxonomy=taxonomy)
    shares = _shares({**in_force, **own}, applies.weights.keys())
    defaults = DEFAULT_WEIGHTS[role.kind.value]
    return [
        WeightRow(
            component=name,
            default=float(defaults[name]),
            in_force=float(in_force[name]),
            override=float(own[name]) if name in own else None,
            applies=name in applies.weights,
            share=shares.get(name, 0.0),
        )
        for name in COMPONENTS
    ]


def _shares(weights: Mapping[str, float], applicable: Any) -> dict[str, float]:
    # As the library does: only criteria the role gives data for share the score.
    kept = {name: float(weights.get(name, 0.0)) for name in applicable}
    total = sum(kept.values())
    return {name: w / total for name, w in kept.items()} if total > 0 else {}


def set_weights(
    org: Organization, role: Role, overrides: Mapping[str, float], *, actor: User
) -> bool:
    """Store the role's own weights (only the criteria given); whether anything changed.

    Weights are points from 0 to 100; criteria left out follow the organization's
    weights in force. Raises :class:`ServiceError` (``field`` = the criterion) for an
    unknown criterion or a weight out of range, and when no criterion would weigh
    anything at all.
    """
    cleaned: dict[str, float] = {}
    for name, value in overrides.items():
        if name not in COMPONENTS:
            raise ServiceError(_l("Unknown criterion %(name)s.", name=name), field=name)
        weight = float(value)
        if not math.isfinite(weight) or not 0 <= weight <= MAX_WEIGHT:
            raise ServiceError(_l("Enter a number from 0 to 100."), field=name)
        cleaned[name] = weight
    effective = {**learning.weights_for(org, role.kind), **cleaned}
    if not any(weight > 0 for weight in effective.values()):
        raise ServiceError(_l("At least one criterion must weigh more than 0."))
    if cleaned == dict(role.weights or {}):
        return False
    role.weights = cleaned  # a new dict: the JSON column sees the change
    db.session.flush()
    _record("role.updated", role, actor, fields=["weights"], weights=cleaned)
    matching.touch(org, roles_only=True)
    return True


def _record(action: str, role: Role, actor: User, **details: Any) -> None:
    audit.record(
        action,
        organization_id=role.organization_id,
        actor_id=actor.id,
        target_type="role",
        target_id=role.id,
        **details,
    )
