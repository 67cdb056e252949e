"""Roles from role files: creating one, writing one back, listing an organization's roles.

The file format and its reading live in :mod:`app.services.role_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.importers.vocab import FLUENCY_OUT, LANGUAGE_NAMES, plain_words
from app.models import (
    Application,
    Organization,
    Role,
    RoleLanguage,
    RoleSkill,
    RoleStatus,
    User,
)
from app.services import audit, matching
from app.services.errors import ServiceError
from app.services.role_file import (
    MAX_ROLE_FILE_BYTES,
    REMOTE_OUT,
    RoleDraft,
    RoleFileProblem,
    parse_role_file,
)

__all__ = [
    "MAX_ROLE_FILE_BYTES",
    "RoleDraft",
    "RoleFileError",
    "RoleFileProblem",
    "export_role",
    "import_role",
    "import_role_file",
    "parse_role_file",
    "plain_words",
    "role_summaries",
]


class RoleFileError(ServiceError):
    """A role file that cannot become a role; ``problems`` lists everything wrong."""

    def __init__(self, problems: list[RoleFileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def import_role(org: Organization, draft: RoleDraft, actor: User | None = None) -> Role:
    """Create the role a draft describes, its skills normalized to taxonomy concepts."""
    role = Role(
        organization_id=org.id,
        status=RoleStatus.OPEN,
        created_by_id=actor.id if actor else None,
        title=draft.title,
        kind=draft.kind,
        type=draft.type,
        company=draft.company,
        description=draft.description,
        location=draft.location,
        city=draft.city,
        region=draft.region,
        work_mode=draft.work_mode,
        hours_per_week=draft.hours_per_week,
        schedule=list(draft.schedule),
        cause=draft.cause,
        experience=draft.experience,
        min_years_experience=draft.min_years_experience,
        responsibilities=list(draft.responsibilities),
        qualifications=list(draft.qualifications),
    )
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
    role.languages = [
        RoleLanguage(language=lang.language, level=lang.level, required=lang.required)
        for lang in draft.languages
    ]
    db.session.add(role)
    db.session.flush()
    audit.record(
        "role.imported",
        organization_id=org.id,
        actor_id=actor.id if actor else None,
        target_type="role",
        target_id=role.id,
    )
    matching.touch(org, roles_only=True)
    return role


def import_role_file(
    org: Organization, data: bytes, *, filename: str, actor: User | None = None
) -> Role:
    """Create a role from a role file, or raise :class:`RoleFileError` having written nothing."""
    draft = parse_role_file(data, filename=filename)
    if isinstance(draft, list):
        raise RoleFileError(draft)
    return import_role(org, draft, actor)


def export_role(role: Role) -> dict[str, Any]:
    """The role as a role file; importing it gives the same role back."""
    doc: dict[str, Any] = {"title": role.title, "kind": role.kind.value}
    for key in ("type", "company", "description", "experience", "cause"):
        if getattr(role, key):
            doc[key] = getattr(role, key)
    where = {"address": role.location, "city": role.city, "region": role.region}
    if any(where.values()):
        doc["location"] = {key: value for key, value in where.items() if value}
    if role.work_mode in REMOTE_OUT:
        doc["remote"] = REMOTE_OUT[role.work_mode]
    else:
        doc["workMode"] = role.work_mode.value
    for key, value in (
        ("hoursPerWeek", role.hours_per_week),
        ("minYearsExperience", role.min_years_experience),
    ):
        if value is not None:
            doc[key] = value
    for key in ("schedule", "responsibilities", "qualifications"):
        if getattr(role, key):
            doc[key] = list(getattr(role, key))
    if role.skills:
        doc["skills"] = [_skill_out(skill) for skill in role.skills]
    if role.languages:
        doc["languages"] = [
            {
                "language": LANGUAGE_NAMES.get(lang.language, (lang.language,))[0],
                **({"fluency": FLUENCY_OUT[lang.level]} if lang.level else {}),
                "required": lang.required,
            }
            for lang in role.languages
        ]
    return doc


def _skill_out(skill: RoleSkill) -> dict[str, Any]:
    out: dict[str, Any] = {"name": skill.name}
    level = "required" if skill.required else skill.level
    if level:
        out["level"] = level
    if skill.keywords:
        out["keywords"] = list(skill.keywords)
    return out


@dataclass(frozen=True)
class RoleListItem:
    role: Role
    skill_count: int
    language_count: int
    application_count: int


def role_summaries(org: Organization) -> list[RoleListItem]:
    """Every role of the organization, open ones first, with what it holds."""

    def counts(column: Any, key: Any, *where: Any) -> dict[int, int]:
        stmt = select(key, func.count(column)).where(*where).group_by(key)
        return {key: n for key, n in db.session.execute(stmt)}

    roles = sorted(
        db.session.scalars(select(Role).where(Role.organization_id == org.id)),
        key=lambda role: (role.status != RoleStatus.OPEN, role.title.lower()),
    )
    ids = [role.id for role in roles]
    skills = counts(RoleSkill.id, RoleSkill.role_id, RoleSkill.role_id.in_(ids))
    languages = counts(RoleLanguage.id, RoleLanguage.role_id, RoleLanguage.role_id.in_(ids))
    applications = counts(
        Application.id, Application.role_id, Application.organization_id == org.id
    )
    return [
        RoleListItem(
            role, skills.get(role.id, 0), languages.get(role.id, 0), applications.get(role.id, 0)
        )
        for role in roles
    ]
