"""Translatable names for the values users see (roles, kinds, statuses, levels)."""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l

from app.models import (
    ConsentPurpose,
    LanguageLevel,
    MemberRole,
    OfficerRole,
    RoleKind,
    RoleStatus,
    WorkMode,
)

LABELS: dict[Enum, object] = {
    MemberRole.ADMIN: _l("Administrator"),
    MemberRole.RECRUITER: _l("Recruiter"),
    MemberRole.BOARD_CHAIR: _l("Board chair"),
    MemberRole.CANDIDATE: _l("Candidate"),
    RoleKind.VOLUNTEER: _l("Volunteer"),
    RoleKind.STAFF: _l("Staff"),
    RoleKind.BOARD: _l("Board"),
    RoleStatus.DRAFT: _l("Draft"),
    RoleStatus.OPEN: _l("Open"),
    RoleStatus.PAUSED: _l("Paused"),
    RoleStatus.CLOSED: _l("Closed"),
    WorkMode.IN_PERSON: _l("In person"),
    WorkMode.REMOTE: _l("Remote"),
    WorkMode.HYBRID: _l("Hybrid"),
    WorkMode.ANY: _l("Remote or in person"),
    LanguageLevel.ELEMENTARY: _l("Elementary proficiency"),
    LanguageLevel.LIMITED_WORKING: _l("Limited working proficiency"),
    LanguageLevel.PROFESSIONAL_WORKING: _l("Professional working proficiency"),
    LanguageLevel.FULL_PROFESSIONAL: _l("Full professional proficiency"),
    LanguageLevel.NATIVE_OR_BILINGUAL: _l("Native or bilingual proficiency"),
    ConsentPurpose.MATCHING: _l("Being matched to this organization's roles"),
    ConsentPurpose.CONTACT: _l("Being contacted about roles"),
    ConsentPurpose.RETENTION: _l("Keeping my profile for future roles"),
    OfficerRole.NONE: _l("Member"),
    OfficerRole.CHAIR: _l("Chair"),
    OfficerRole.VICE_CHAIR: _l("Vice-chair"),
    OfficerRole.TREASURER: _l("Treasurer"),
    OfficerRole.SECRETARY: _l("Secretary"),
}

SCHEDULE_LABELS = {
    "weekdays": _l("Weekdays"),
    "evenings": _l("Evenings"),
    "weekends": _l("Weekends"),
}

LANGUAGE_LABELS = {
    "fr": _l("French"),
    "en": _l("English"),
    "es": _l("Spanish"),
    "ar": _l("Arabic"),
    "vi": _l("Vietnamese"),
    "ht": _l("Haitian Creole"),
    "zh": _l("Chinese"),
    "pt": _l("Portuguese"),
    "it": _l("Italian"),
    "de": _l("German"),
}


def label(value: object) -> object:
    """The translated name of an enum member or known code; the value itself otherwise."""
    if isinstance(value, Enum):
        return LABELS.get(value, value.value)
    if isinstance(value, str):
        return SCHEDULE_LABELS.get(value) or LANGUAGE_LABELS.get(value) or value
    return value
