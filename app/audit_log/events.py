"""Reading the audit log: one organization's events, filtered, paged, and put in words.

Filters: the member who acted, the candidate concerned (an event about them:
its target, or a ``candidate_id`` in its details), the kind of action, and a
range of days in the organization's time zone (``BABEL_DEFAULT_TIMEZONE``; "to"
includes the whole day). Newest first, 50 a page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select

from app.extensions import db
from app.models import (
    STAFF_ROLES,
    Application,
    AuditEvent,
    Candidate,
    Membership,
    Organization,
    Role,
    Stage,
    User,
)

PER_PAGE = 50
MAX_DETAILS = 200
#: Detail keys whose values are stage keys, shown as the stage's name.
STAGE_DETAILS = frozenset({"stage", "from_stage", "to_stage", "from", "to"})

#: Every action the application records, in words; unknown actions show as recorded.
ACTION_LABELS: dict[str, Any] = {
    "application.moved": _l("Stage changed"),
    "applications.bulk_moved": _l("Several applications changed at once"),
    "candidate.erased": _l("Candidate deleted"),
    "candidate.exported": _l("Candidate's data downloaded"),
    "candidate.joined": _l("Candidate joined"),
    "candidate.merged": _l("Candidates merged"),
    "candidate.signed_up": _l("Candidate signed up"),
    "candidate.viewed": _l("Candidate's profile viewed"),
    "consent.given": _l("Consent given"),
    "consent.withdrawn": _l("Consent withdrawn"),
    "duplicate.dismissed": _l("Not duplicates after all"),
    "identity.revealed": _l("Identity revealed (blind review)"),
    "member.invited": _l("Member invited"),
    "member.joined": _l("Member joined"),
    "member.removed": _l("Member removed"),
    "member.role_changed": _l("Member's role changed"),
    "note.added": _l("Note added"),
    "profile.imported": _l("Profile imported"),
    "profile.updated": _l("Profile updated"),
    "prospect.converted": _l("Invitation accepted"),
    "prospect.invited": _l("Prospect invited"),
    "prospects.imported": _l("Connections imported"),
    "prospects.purged": _l("Old prospects deleted"),
    "review.requested": _l("Human review requested"),
    "review.resolved": _l("Human review done"),
    "role.created": _l("Role created"),
    "role.duplicated": _l("Role duplicated"),
    "role.imported": _l("Role imported"),
    "role.status_changed": _l("Role opened, paused or closed"),
    "role.updated": _l("Role changed"),
    "settings.changed": _l("Settings changed"),
    "shortlist.exported": _l("Shortlist exported"),
    "user.logged_in": _l("Logged in"),
    "user.logged_out": _l("Logged out"),
    "user.password_changed": _l("Password changed"),
    "weights.accepted": _l("Learned weights accepted"),
    "weights.proposed": _l("Weights proposed"),
    "weights.reset": _l("Weights reset"),
}

DETAIL_LABELS: dict[str, Any] = {
    "action": _l("action"),
    "candidate_id": _l("candidate no."),
    "count": _l("people"),
    "done": _l("done"),
    "created": _l("created"),
    "errors": _l("errors"),
    "files": _l("files"),
    "format": _l("format"),
    "from_stage": _l("from"),
    "hidden": _l("hidden by blind review"),
    "prospect_retention_days": _l("days prospects are kept"),
    "reason": _l("reason"),
    "role_id": _l("role no."),
    "skipped": _l("skipped"),
    "stage": _l("stage"),
    "to_stage": _l("to"),
    "updated": _l("updated"),
    "waiting_days": _l("days before an application counts as waiting"),
}


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to; None means no filter."""

    actor_id: int | None = None
    candidate_id: int | None = None
    action: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Target:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    actor: str
    action: str
    target: Target | None
    details: str


@dataclass
class LogPage:
    rows: list[Row]
    page: int
    pages: int
    total: int


def staff_members(org: Organization) -> list[tuple[int, str]]:
    """(user id, name) of the organization's staff, by name: whom the log can be filtered on."""
    rows = db.session.execute(
        select(User.id, User.full_name, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == org.id, Membership.role.in_(STAFF_ROLES))
        .order_by(func.lower(User.full_name), User.id)
    )
    return [(user_id, name or email) for user_id, name, email in rows]


def _local_midnight(day: date) -> datetime:
    zone = ZoneInfo(str(get_timezone()))
    return datetime.combine(day, time.min, tzinfo=zone)


def _statement(org: Organization, filters: Filters) -> Select[tuple[AuditEvent]]:
    statement = select(AuditEvent).where(AuditEvent.organization_id == org.id)
    if filters.actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == filters.actor_id)
    if filters.candidate_id is not None:
        about = and_(
            AuditEvent.target_type == "candidate", AuditEvent.target_id == filters.candidate_id
        )
        mentions = AuditEvent.details["candidate_id"].as_integer() == filters.candidate_id
        statement = statement.where(or_(about, mentions))
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.date_from is not None:
        statement = statement.where(AuditEvent.created_at >= _local_midnight(filters.date_from))
    if filters.date_to is not None:
        end = _local_midnight(filters.date_to + timedelta(days=1))
        statement = statement.where(AuditEvent.created_at < end)
    return statement


def log_page(org: Organization, filters: Filters, *, page: int, locale: str) -> LogPage:
    """One page of the organization's events, newest first, with their words and links."""
    statement = _statement(org, filters)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    events = list(
        db.session.scalars(
            statement.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
    )
    namer = _Namer(org, events, locale)
    rows = [
        Row(
            event=e,
            actor=namer.actor(e.actor_id),
            action=str(ACTION_LABELS.get(e.action, e.action)),
            target=namer.target(e),
            details=namer.details(e.details or {}),
        )
        for e in events
    ]
    return LogPage(rows, page, pages, total)


class _Namer:
    """Names and links for one page of events, each kind fetched in one query."""

    def __init__(self, org: Organization, events: list[AuditEvent], locale: str) -> None:
        self.org, self.locale = org, locale
        wanted: dict[str, set[int]] = defaultdict(set)
        for e in events:
            if e.target_id is not None:
                wanted[e.target_type].add(e.target_id)
        users = {e.actor_id for e in events if e.actor_id} | wanted["user"]
        self.users = dict(
            db.session.execute(select(User.id, User.full_name).where(User.id.in_(users))).all()
        )
        self.members = set(
            db.session.scalars(
                select(Membership.user_id).where(
                    Membership.organization_id == org.id, Membership.user_id.in_(users)
                )
            )
        )
        self.candidates = self._ids(Candidate, wanted["candidate"])
        self.roles = dict(
            db.session.execute(
                select(Role.id, Role.title).where(
                    Role.organization_id == org.id, Role.id.in_(wanted["role"])
                )
            ).all()
        )
        self.applications = {
            a.id: (a.role_id, a.candidate_id)
            for a in db.session.execute(
                select(Application.id, Application.role_id, Application.candidate_id).where(
                    Application.organization_id == org.id,
                    Application.id.in_(wanted["application"]),
                )
            )
        }
        self.stages = {
            s.key: s.label(locale)
            for s in db.session.scalars(select(Stage).where(Stage.organization_id == org.id))
        }

    def _ids(self, model: Any, ids: set[int]) -> set[int]:
        if not ids:
            return set()
        return set(
            db.session.scalars(
                select(model.id).where(model.organization_id == self.org.id, model.id.in_(ids))
            )
        )

    def actor(self, user_id: int | None) -> str:
        if user_id is None:
            return _("Rallier (automatic)")
        name = self.users.get(user_id)
        if name is None or user_id not in self.members:
            return _("A former member (no. %(id)d)", id=user_id)
        return name

    def target(self, e: AuditEvent) -> Target | None:
        kind, ident = e.target_type, e.target_id
        if ident is None:
            return None
        if kind == "candidate":
            text = _("Candidate #%(num)d", num=ident)
            if ident in self.candidates:
                return Target(text, url_for("profiles.candidate_profile", candidate_id=ident))
            return Target(_("%(what)s (no longer exists)", what=text))
        if kind == "role":
            title = self.roles.get(ident)
            if title is not None:
                return Target(title, url_for("roles.detail", role_id=ident))
            return Target(_("Role #%(num)d (no longer exists)", num=ident))
        if kind == "application":
            pair = self.applications.get(ident)
            text = _("Application #%(num)d", num=ident)
            if pair is None:
                return Target(_("%(what)s (no longer exists)", what=text))
            role_id, candidate_id = pair
            url = url_for("roles.explanation", role_id=role_id, candidate_id=candidate_id)
            return Target(text, url)
        if kind == "user":
            return Target(self.actor(ident))
        if kind == "organization":
            return Target(_("The organization's settings"), url_for("admin.settings"))
        if kind == "prospect":
            return Target(_("Prospect #%(num)d", num=ident))
        return Target(f"{kind} #{ident}")

    def details(self, details: dict[str, Any]) -> str:
        parts = [
            f"{DETAIL_LABELS.get(key, key)}: {self._value(value, key in STAGE_DETAILS)}"
            for key, value in details.items()
            if value not in (None, "", [], {})
        ]
        text = "; ".join(parts)
        return text if len(text) <= MAX_DETAILS else text[: MAX_DETAILS - 1] + "…"

    def _value(self, value: Any, stage: bool = False) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, str):
            return self.stages.get(value, value) if stage else value
        if isinstance(value, list) and len(value) == 2:
            # [before, after], as settings.changed and stage moves record them
            return f"{self._value(value[0], stage)} → {self._value(value[1], stage)}"
        if isinstance(value, list):
            return ", ".join(self._value(v, stage) for v in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}: {self._value(v, stage)}" for k, v in value.items())
        return str(value)
