"""What the pipeline panel shows for a candidate and a role, ready for the template.

The panel (``templates/pipeline/_panel.html``) is included by other blueprints' pages
that only know the role, the candidate and the application, so it builds its view
through :func:`build_panel`, offered to every template as ``pipeline_panel``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import g, request
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.extensions import db
from app.i18n import current_locale
from app.models import Application, Candidate, MemberRole, Note, Role, RoleKind, Stage, User
from app.pipeline.forms import (
    REASON_LABELS,
    MoveForm,
    NotAFitForm,
    NoteForm,
    RatingForm,
    stage_choices,
)
from app.services import pipeline

#: Forms the panel shows, by prefix; a view re-showing a submitted one passes it by this key.
PREFIXES = {"move": MoveForm, "nafit": NotAFitForm, "rate": RatingForm, "note": NoteForm}


@dataclass(frozen=True)
class HistoryLine:
    from_label: str | None
    to_label: str
    who: str | None
    when: datetime


@dataclass(frozen=True)
class NoteLine:
    author: str | None
    body: str
    when: datetime


@dataclass
class Panel:
    role: Role
    candidate: Candidate
    application: Application | None
    stage_label: str | None
    time_in_stage: timedelta | None
    reason_label: object | None
    history: list[HistoryLine]
    notes: list[NoteLine]
    can_change: bool
    identity_hidden: bool
    forms: dict[str, FlaskForm] = field(default_factory=dict)
    #: The application as another recruiter left it, when a form came back stale.
    conflict: bool = False


def can_change(role: Role) -> bool:
    """Admins and recruiters change any application; board chairs those of board roles."""
    membership = g.get("membership")
    if membership is None:
        return False
    if membership.role in (MemberRole.ADMIN, MemberRole.RECRUITER):
        return True
    return membership.role == MemberRole.BOARD_CHAIR and role.kind == RoleKind.BOARD


_LOOK_IT_UP: Any = object()


def build_panel(
    role: Role,
    candidate: Candidate,
    application: Application | None = _LOOK_IT_UP,
    *,
    forms: dict[str, FlaskForm] | None = None,
    conflict: bool = False,
    next_url: str | None = None,
) -> Panel:
    """The panel's content; ``forms`` replaces the fresh forms (a submitted one re-shown)."""
    if application is _LOOK_IT_UP:
        application = pipeline.application_for(role, candidate)
    locale = current_locale()
    stages = pipeline.stages(g.org)
    labels = {s.key: s.label(locale) for s in stages}
    history, notes = _history_and_notes(application, labels)
    reason = application.not_a_fit_reason if application else None
    panel = Panel(
        role=role,
        candidate=candidate,
        application=application,
        stage_label=labels.get(application.stage, application.stage) if application else None,
        time_in_stage=pipeline.time_in_stage(application) if application else None,
        reason_label=REASON_LABELS.get(reason) if reason else None,
        history=history,
        notes=notes,
        can_change=can_change(role),
        identity_hidden=pipeline.identity_hidden(role, application),
        conflict=conflict,
    )
    panel.forms = _forms(application, stages, locale, next_url or _here(), forms or {})
    return panel


def _here() -> str:
    if request.method != "GET":
        return ""
    return request.full_path.rstrip("?")


def _forms(
    application: Application | None,
    stages: list[Stage],
    locale: str,
    next_url: str,
    given: dict[str, FlaskForm],
) -> dict[str, FlaskForm]:
    version = application.version if application else 0
    forms: dict[str, FlaskForm] = {}
    for prefix, form_class in PREFIXES.items():
        form = given.get(prefix) or form_class(formdata=None, prefix=prefix)
        if prefix not in given:
            form.next.data = next_url
            if prefix == "move":
                form.stage.data = _suggested_stage(application, stages)
        if hasattr(form, "version"):  # a re-shown form now holds the current version
            form.version.data, form.version.raw_data = version, [str(version)]
        if prefix == "move":
            form.stage.choices = stage_choices(stages, locale)
        forms[prefix] = form
    return forms


def _suggested_stage(application: Application | None, stages: list[Stage]) -> str | None:
    """The stage after the current one: where a recruiter most often moves next."""
    keys = [s.key for s in stages if s.key != pipeline.NOT_A_FIT]
    current = application.stage if application else pipeline.NEW
    if current in keys and keys.index(current) + 1 < len(keys):
        return keys[keys.index(current) + 1]
    return current


def _history_and_notes(
    application: Application | None, labels: dict[str, str]
) -> tuple[list[HistoryLine], list[NoteLine]]:
    if application is None or application.id is None:
        return [], []
    changes = application.history
    notes = list(
        db.session.scalars(
            select(Note)
            .where(
                Note.organization_id == application.organization_id,
                Note.application_id == application.id,
            )
            .order_by(Note.created_at, Note.id)
        )
    )
    names = _names({c.changed_by_id for c in changes} | {n.author_id for n in notes})
    history = [
        HistoryLine(
            from_label=labels.get(c.from_stage, c.from_stage) if c.from_stage else None,
            to_label=labels.get(c.to_stage, c.to_stage),
            who=names.get(c.changed_by_id) if c.changed_by_id else None,
            when=c.changed_at,
        )
        for c in sorted(changes, key=lambda c: (c.changed_at, c.id or 0))
    ]
    return history, [NoteLine(names.get(n.author_id or 0), n.body, n.created_at) for n in notes]


def _names(user_ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}
