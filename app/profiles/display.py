"""How a profile reads on a page: where each field and item came from, and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import current_locale
from app.labels import label
from app.models import Candidate, ConsentPurpose, ExtraKind, Source
from app.profiles.fields import country_name, language_name
from app.profiles.rows import BOARD_ROLES, EXTRA_CHOICES

SOURCE_NAMES = {
    Source.FORM: _l("Profile form"),
    Source.LINKEDIN: "LinkedIn",
    Source.JSON_RESUME: "JSON Resume",
    Source.RECRUITER: _l("Entered by a recruiter"),
    Source.DEMO: _l("Demo data"),
}
BOARD_ROLE_NAMES = {choice.value: choice.label for choice in BOARD_ROLES}
EXTRA_NAMES = {ExtraKind(choice.value): choice.label for choice in EXTRA_CHOICES}


def _as_date(moment: date | datetime | str | None) -> date | None:
    if isinstance(moment, datetime):
        return moment.date()
    if isinstance(moment, date):
        return moment
    if isinstance(moment, str) and moment:
        try:
            return date.fromisoformat(moment[:10])
        except ValueError:
            return None
    return None


def provenance(source: Source | str | None, at: date | datetime | str | None = None) -> str:
    """ "LinkedIn, 24 Nov 2026": where a value came from and when it was recorded."""
    try:
        name = str(SOURCE_NAMES.get(Source(source), source)) if source else ""
    except ValueError:
        name = str(source)
    day = _as_date(at)
    return f"{name}, {format_date(day, 'd MMM y')}" if day and name else name


def field_provenance(candidate: Candidate, name: str) -> str:
    """Where one of the candidate's own fields came from (the profile's origin by default)."""
    stamp = (candidate.field_sources or {}).get(name)
    if stamp:
        return provenance(stamp.get("source"), stamp.get("at"))
    return provenance(candidate.source, candidate.created_at)


def month(day: date | None) -> str:
    return format_date(day, "MMM y") if day else ""


def period(start: date | None, end: date | None, current: bool = False) -> str:
    """ "Sep 2019 – Jun 2021", "Sep 2019 – today"; empty when no date is known."""
    finish = _("today") if current else month(end)
    if not start and not finish:
        return ""
    return f"{month(start) or '?'} – {finish or '?'}"


EVENT_NAMES = {
    "profile.imported": _l("Profile imported"),
    "profile.updated": _l("Profile updated"),
    "candidate.merged": _l("Merged with another record of you"),
    "consent.given": _l("Consent given"),
    "consent.withdrawn": _l("Consent withdrawn"),
    "candidate.exported": _l("Data downloaded"),
    "prospect.converted": _l("Invitation accepted"),
}


def event_text(action: str, details: dict[str, Any]) -> str:
    """ "Consent given: Being matched to this organization's roles"-like text."""
    text = str(EVENT_NAMES.get(action, action))
    purpose = details.get("purpose")
    if isinstance(purpose, str) and purpose in ConsentPurpose._value2member_map_:
        return f"{text}: {label(ConsentPurpose(purpose))}"
    source = details.get("source")
    if isinstance(source, str) and source in Source._value2member_map_:
        return f"{text} ({provenance(source)})"
    return text


def board_role(role: str) -> str:
    return str(BOARD_ROLE_NAMES.get(role, role))


def by_recent(items: list[Any]) -> list[Any]:
    """Current and latest first; undated last."""

    def key(item: Any) -> tuple[int, int]:
        start = getattr(item, "started_on", None)
        ongoing = getattr(item, "is_current", False)
        return (0 if ongoing else 1, -start.toordinal() if start else 1)

    return sorted(items, key=key)


INTEREST_NAMES = {
    "volunteer": _l("volunteer roles"),
    "staff": _l("staff roles"),
    "board": _l("board roles"),
}


def interests(candidate: Candidate) -> str:
    """The kinds of role the candidate said they are interested in, or "" when none."""
    chosen = [
        name for kind, name in INTEREST_NAMES.items() if getattr(candidate, f"interested_{kind}")
    ]
    return ", ".join(str(name) for name in chosen)


def helpers() -> dict[str, Any]:
    """What the profile templates call, to pass to ``render_template``."""
    locale = current_locale()
    return {
        "provenance": provenance,
        "field_provenance": field_provenance,
        "period": period,
        "month": month,
        "by_recent": by_recent,
        "interests": interests,
        "board_role": board_role,
        "event_text": event_text,
        "extra_name": lambda kind: EXTRA_NAMES.get(kind, kind),
        "language_name": lambda code: language_name(code, locale),
        "country_name": lambda code: country_name(code, locale),
    }
